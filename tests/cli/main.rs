//! Integration tests: the real binary, one module per subcommand.

mod bad_input;
mod bench;
mod concurrency;
mod diff;
mod dump;
mod durability;
mod errors;
mod faults;
mod fill;
mod find;
mod generated;
mod hostile;
mod lock;
mod patch;
mod residency;
mod support;
mod transactions;
mod wide;
mod xxd;
