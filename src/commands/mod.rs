//! One module per subcommand.

pub mod bench;
pub mod dump;
pub mod fill;
pub mod patch;
pub mod write;
