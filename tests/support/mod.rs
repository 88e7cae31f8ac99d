//! Shared helpers for integration tests; each test crate uses a subset.
#![allow(dead_code)]

pub mod db;
pub mod discord;
