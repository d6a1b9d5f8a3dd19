//! Thin view components. Logic lives in `chain/` and `text/`.

pub mod block_card;
pub mod error_banner;

pub use block_card::{BlockCard, GapCard, PendingCard};
pub use error_banner::ErrorBanner;
