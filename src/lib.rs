//! clashwatch: reads conflict news articles and reports their key facts, each
//! quoted from the article. See ARCHITECTURE.md for the layers; this crate is the
//! library behind the `clashwatch` binary and the bot.

pub mod alerts;
pub mod article;
pub mod bot;
pub mod budget;
pub mod chart;
pub mod clashes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod facts;
pub mod feeds;
pub mod lease;
pub mod logging;
pub mod metrics;
pub mod pipeline;
pub mod ratelimit;
pub mod regions;
pub mod reply;
pub mod store;
pub mod trust;
