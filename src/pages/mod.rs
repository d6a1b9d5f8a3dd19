//! Route-level views.

pub mod explorer;
pub mod inscription;
pub mod not_found;
pub mod wish;

pub use explorer::ExplorerPage;
pub use inscription::InscriptionPage;
pub use not_found::NotFound;
pub use wish::WishPage;
