//! The SQLite file: one connection, the schema of every table and the migrations that bring
//! files of older versions up to it. The chain store ([`crate::store::Store`]), the market store
//! ([`crate::contracts::market::Market`]) and the API keys ([`crate::keys`]) work over it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::types::FromSql;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Params, Transaction};

use crate::compat::Outcome;

pub const SCHEMA_VERSION: &str = "1";

/// The chain tables (`crate::store`), created by the generator.
const CHAIN_SCHEMA: &str = "
CREATE TABLE blocks(
    height INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    time INTEGER NOT NULL,
    tx_count INTEGER NOT NULL,
    inscription_count INTEGER NOT NULL,
    thumbnail_url TEXT NOT NULL,
    preview TEXT NOT NULL,
    raw BLOB NOT NULL
);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE wishes(
    id TEXT PRIMARY KEY,
    text TEXT,
    price_sats INTEGER,
    address TEXT,
    funding_mode TEXT,
    image BLOB,
    created_at INTEGER,
    status TEXT,
    confirmed_height INTEGER,
    confirmed_txid TEXT,
    -- The wallet of the key that submitted it; '' for an unbound key or a cookie; NULL when
    -- unknown (the backend's record then has no creator_wallet key at all).
    creator_wallet TEXT
);
-- An index, not a copy: txid -> height of the block holding it (inscription transactions).
CREATE TABLE txs(txid TEXT PRIMARY KEY, height INTEGER NOT NULL) WITHOUT ROWID;
";

/// The market tables (`crate::contracts`), created on open for files of older versions too.
const MARKET_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sc_contracts(
    contract_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    total_budget_sats INTEGER NOT NULL,
    goals_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    skills TEXT,
    created_at INTEGER NOT NULL,
    confirmed_block_height INTEGER,
    confirmed_at INTEGER,
    confirmed_txid TEXT
);
CREATE TABLE IF NOT EXISTS sc_proposals(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description_md TEXT NOT NULL,
    visible_pixel_hash TEXT NOT NULL,
    budget_sats INTEGER NOT NULL,
    status TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sc_tasks(
    task_id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL,
    goal_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    budget_sats INTEGER NOT NULL,
    skills TEXT NOT NULL,
    status TEXT NOT NULL,
    claimed_by TEXT,
    claimed_at TEXT,
    claim_expires_at TEXT,
    difficulty TEXT,
    estimated_hours INTEGER,
    requirements TEXT,
    merkle_proof TEXT
);
CREATE INDEX IF NOT EXISTS sc_tasks_contract ON sc_tasks(contract_id);
CREATE TABLE IF NOT EXISTS sc_rework(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL UNIQUE,
    contract_id TEXT NOT NULL,
    requester TEXT NOT NULL,
    notes TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE TABLE IF NOT EXISTS sc_submissions(
    submission_id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    status TEXT NOT NULL,
    deliverables TEXT,
    completion_proof TEXT,
    rejected_at INTEGER,
    created_at INTEGER NOT NULL
);
-- Times as the backend writes them: RFC 3339 text, whole seconds.
CREATE TABLE IF NOT EXISTS sc_claims(
    claim_id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL,
    ai_identifier TEXT NOT NULL,
    status TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sc_claims_task ON sc_claims(task_id);
-- The wallets' coins (`crate::faucet`): one deterministic funding transaction per address.
CREATE TABLE IF NOT EXISTS wallet_funding(
    address TEXT PRIMARY KEY,
    txid TEXT NOT NULL,
    raw BLOB NOT NULL
);
";

/// The events: the backend keeps them in memory only (a ring, lost on restart). A TEMP table of
/// the store's one connection is that: gone with the process, never in the file, and rolled
/// back with the transaction that recorded it. Files of older versions kept them in the file.
const EVENTS: &str = "
DROP TABLE IF EXISTS main.sc_events;
CREATE TEMP TABLE IF NOT EXISTS sc_events(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
";

/// An open database file.
pub struct Db {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Db {
    /// Opens an existing database and migrates it; a missing or foreign/corrupt file is a clear
    /// error.
    pub fn open(path: &Path) -> Result<Db> {
        if !path.exists() {
            bail!(
                "database {} does not exist (run `devserver generate --db {}` first)",
                path.display(),
                path.display()
            );
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("opening {}", path.display()))?;
        let bad = |e: rusqlite::Error| {
            anyhow!(
                "{} is not a devserver database (corrupt or foreign file): {e}",
                path.display()
            )
        };
        let version: Option<String> = value(
            &conn,
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
        )
        .map_err(bad)?;
        if version.as_deref() != Some(SCHEMA_VERSION) {
            bail!(
                "{}: unsupported schema version {version:?} (expected {SCHEMA_VERSION})",
                path.display()
            );
        }
        conn.query_row("SELECT COUNT(*) FROM blocks", [], |r| r.get::<_, i64>(0))
            .map_err(bad)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(bad)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // TEMP tables (the in-memory events) in memory, never in a file.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(bad)?;
        migrate(&conn).map_err(bad)?;
        Ok(Db {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(value(
            &self.conn(),
            "SELECT value FROM meta WHERE key = ?1",
            [key],
        )?)
    }

    /// The connection (one, shared: SQLite serialises writers anyway).
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the connection.
    pub fn with_conn<R>(&self, f: impl FnOnce(&mut Connection) -> R) -> R {
        f(&mut self.conn())
    }

    /// Runs `f` in one transaction, committed only when it answers a value (all or nothing).
    pub fn in_transaction<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Outcome<T>) -> Outcome<T> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// The first column of the row `sql` selects; `None` when no row matches.
pub fn value<T: FromSql>(
    conn: &Connection,
    sql: &str,
    p: impl Params,
) -> rusqlite::Result<Option<T>> {
    conn.query_row(sql, p, |r| r.get(0)).optional()
}

/// Creates every table in a new file (the generator's first step).
pub fn create(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(CHAIN_SCHEMA)?;
    migrate(conn)
}

/// Files generated by older versions lack later columns: adds each missing one (TEXT).
fn add_columns(conn: &Connection, table: &str, columns: &[&str]) -> rusqlite::Result<()> {
    for column in columns {
        let has: bool = conn.query_row(
            "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2",
            [table, column],
            |r| r.get(0),
        )?;
        if !has {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} TEXT"))?;
        }
    }
    Ok(())
}

/// Brings a file up to the current schema: later `wishes` and `sc_submissions` columns, the
/// market tables, and the connection's in-memory events.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    add_columns(conn, "wishes", &["confirmed_txid", "creator_wallet"])?;
    conn.execute_batch(MARKET_SCHEMA)?;
    add_columns(
        conn,
        "sc_submissions",
        &["rejection_reason", "rejection_type"],
    )?;
    conn.execute_batch(EVENTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(conn: &Connection, table: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap();
        let names = stmt.query_map([table], |r| r.get(0)).unwrap();
        names.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn files_of_older_versions_get_the_later_columns_once() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE wishes(id TEXT PRIMARY KEY, text TEXT);
             CREATE TABLE sc_submissions(submission_id TEXT PRIMARY KEY);",
        )
        .unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let wishes = columns(&conn, "wishes");
        assert_eq!(wishes, ["id", "text", "confirmed_txid", "creator_wallet"]);
        let subs = columns(&conn, "sc_submissions");
        assert_eq!(
            subs,
            ["submission_id", "rejection_reason", "rejection_type"]
        );
        assert!(columns(&conn, "sc_tasks").contains(&"merkle_proof".to_string()));
    }
}
