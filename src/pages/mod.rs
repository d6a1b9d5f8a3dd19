//! Route-level views.

pub mod contract;
pub mod contracts;
pub mod discover;
pub mod docs;
pub mod explorer;
pub mod inscription;
pub mod lazy;
pub mod moved;
pub mod not_found;
pub mod search;
pub mod sign_in;
pub mod wish;

pub use contract::ContractPage;
pub use contracts::ContractsPage;
pub use discover::DiscoverPage;
pub use docs::DocsPage;
pub use explorer::ExplorerPage;
pub use inscription::InscriptionPage;
pub use moved::MovedTo;
pub use not_found::NotFound;
pub use search::SearchPage;
pub use sign_in::SignInPage;
pub use wish::WishPage;
