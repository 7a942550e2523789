//! One module per subcommand.

pub mod dump;
pub mod lock;
pub mod residency;
