//! Integration tests: the real binary, one module per subcommand.

mod bench;
mod dump;
mod errors;
mod generated;
mod util;
