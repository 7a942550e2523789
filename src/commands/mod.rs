//! One module per subcommand.

pub mod dump;
pub mod fill;
pub mod patch;
pub mod write;
