//! Stand-ins for the Unix-only calls, with the same signatures, that fail clearly.

use std::io;

/// Nothing to guard: without mmap's SIGBUS semantics there is no handler to install.
pub fn set_guard_message(_message: &str) {}

/// The error every Unix-only operation returns here.
pub fn unsupported(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("{what} is only supported on Unix"),
    )
}
