//! Integration tests: the real binary, one module per subcommand.

mod dump;
mod errors;
mod generated;
mod lock;
mod residency;
mod util;
