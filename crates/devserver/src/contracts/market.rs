//! The market store: the contract tables of the database, read and changed by the `impl Market`
//! blocks of this module's siblings.

use std::sync::{Arc, MutexGuard};

use rusqlite::{Connection, Transaction};

use crate::compat::Outcome;
use crate::db::Db;

pub struct Market {
    db: Arc<Db>,
}

impl Market {
    pub fn new(db: Arc<Db>) -> Market {
        Market { db }
    }

    /// The connection (shared with the chain store).
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.db.conn()
    }

    /// Runs `f` in one transaction, committed only when it answers a value (all or nothing).
    pub(crate) fn in_transaction<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Outcome<T>,
    ) -> Outcome<T> {
        self.db.in_transaction(f)
    }
}
