//! One module per subcommand, and nothing else.

pub mod bench;
pub mod dump;
pub mod fill;
pub mod find;
pub mod lock;
pub mod patch;
pub mod residency;
