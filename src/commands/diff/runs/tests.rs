//! Unit tests of run building.
