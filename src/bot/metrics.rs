//! Gateway and rate-limit events for the operators' metrics. serenity gives
//! these to event handlers only (not to poise's framework), hence a handler
//! of its own.

use poise::serenity_prelude as serenity;
use serenity::{async_trait, ConnectionStage, Context, EventHandler, RatelimitInfo};

pub struct MetricsEvents;

#[async_trait]
impl EventHandler for MetricsEvents {
    async fn shard_stage_update(&self, _ctx: Context, event: serenity::ShardStageUpdateEvent) {
        crate::metrics::shard_connected(event.shard_id.0, event.new == ConnectionStage::Connected);
    }

    async fn ratelimit(&self, data: RatelimitInfo) {
        crate::metrics::discord_rate_limited(data.global);
    }
}
