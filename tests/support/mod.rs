//! Shared helpers for integration tests. Each test crate uses only some of
//! them, so unused ones are not warnings.
#![allow(dead_code)]

pub mod article_server;
pub mod bot;
pub mod burst;
pub mod db;
pub mod discord;
pub mod feed_server;
