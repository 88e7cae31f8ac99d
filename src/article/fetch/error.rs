/// Why a page could not be fetched, worded for the person who posted the link.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid link: {0}")]
    InvalidUrl(String),
}

impl FetchError {
    /// Worth trying again later (timeouts, server errors), as opposed to final.
    pub fn is_temporary(&self) -> bool {
        false
    }
}
