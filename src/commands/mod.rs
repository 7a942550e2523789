//! One module per subcommand.

pub mod backup;
pub mod bench;
pub mod dump;
pub mod fill;
pub mod lock;
pub mod output;
pub mod patch;
pub mod residency;
pub mod write;
