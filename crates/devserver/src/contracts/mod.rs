//! Contracts, proposals, tasks, rework requests and events: the backend's smart-contract
//! store (SQLite flavour) over the devserver's file. A wish (`wishes` row `<hash>`) is the
//! contract `wish-<hash>`; approving a proposal creates the contract `<hash>` (`sc_contracts`).
//!
//! `plan` and `validate` are pure (host-tested); `store`, `proposals`, `approve` and `rework`
//! hold the SQL and the state changes; `seed` writes the generated chain's contracts.

pub mod approve;
pub mod plan;
pub mod proposals;
pub mod rework;
pub mod seed;
pub mod store;
pub mod validate;

/// A refusal with the backend's status and message (bare `/api/smart_contract/*` errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub status: u16,
    pub message: String,
}

impl Refused {
    pub fn new(status: u16, message: impl Into<String>) -> Refused {
        Refused {
            status,
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for Refused {
    fn from(e: rusqlite::Error) -> Refused {
        Refused::new(500, e.to_string())
    }
}

impl From<serde_json::Error> for Refused {
    fn from(e: serde_json::Error) -> Refused {
        Refused::new(500, e.to_string())
    }
}

/// What a store call answers: a value or a refusal.
pub type Outcome<T> = Result<T, Refused>;
