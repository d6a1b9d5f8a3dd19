//! Route-level views.

pub mod explorer;
pub mod not_found;

pub use explorer::ExplorerPage;
pub use not_found::NotFound;
