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
mod help;
mod hostile;
mod lock;
mod man;
mod patch;
mod readme;
mod residency;
mod support;
mod transactions;
mod wide;
mod xxd;
