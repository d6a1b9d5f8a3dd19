//! API keys in the SQLite file, as the backend's SQLite key store keeps them: only the SHA-256
//! of the trimmed key, with the bound wallet ("" = unbound), an email and where the key came
//! from. A key issued by wallet verification survives a restart; its raw form is never stored.

use anyhow::Result;
use bitcoin::hashes::{sha256, Hash};
use rusqlite::{params, Connection, OptionalExtension};

const TABLE: &str = "
CREATE TABLE IF NOT EXISTS api_keys(
    key_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL DEFAULT '',
    wallet_address TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_wallet ON api_keys(wallet_address);
";

/// Where a key came from (the backend's `source` column).
pub const SOURCE_SEED: &str = "seed";
pub const SOURCE_WALLET_VERIFY: &str = "wallet-verify";

/// What the store knows about a valid key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRecord {
    /// The bound wallet, or "" when the key is bound to none.
    pub wallet: String,
    pub email: String,
    pub source: String,
}

/// Hex SHA-256 of the trimmed key.
pub fn key_hash(key: &str) -> String {
    sha256::Hash::hash(key.trim().as_bytes()).to_string()
}

/// Creates the table in files made before keys were stored.
pub fn ensure_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(TABLE)
}

/// The record of `key`, if it is a known key ("" never is).
pub fn lookup(conn: &Connection, key: &str) -> Result<Option<KeyRecord>> {
    if key.trim().is_empty() {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached("SELECT wallet_address, email, source FROM api_keys WHERE key_hash = ?1")?
        .query_row([key_hash(key)], |r| {
            Ok(KeyRecord {
                wallet: r.get(0)?,
                email: r.get(1)?,
                source: r.get(2)?,
            })
        })
        .optional()?)
}

/// The configured (`--api-key`) keys, at start-up: each is added if new (a wallet given on the
/// command line replaces the stored one; without one, a binding made earlier by login is kept),
/// and seeded keys of earlier runs that are no longer configured are deleted, so the command
/// line says which seeded keys work. Keys issued by wallet verification are kept.
pub fn seed(conn: &mut Connection, entries: &[(String, Option<String>)], now: i64) -> Result<()> {
    let tx = conn.transaction()?;
    let hashes: Vec<String> = entries.iter().map(|(k, _)| key_hash(k)).collect();
    let stale: Vec<String> = tx
        .prepare("SELECT key_hash FROM api_keys WHERE source = ?1")?
        .query_map([SOURCE_SEED], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?
        .into_iter()
        .filter(|h| !hashes.contains(h))
        .collect();
    for h in stale {
        tx.execute("DELETE FROM api_keys WHERE key_hash = ?1", [h])?;
    }
    for ((_, wallet), hash) in entries.iter().zip(&hashes) {
        tx.execute(
            "INSERT INTO api_keys(key_hash, wallet_address, source, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key_hash) DO UPDATE SET wallet_address = excluded.wallet_address
             WHERE excluded.wallet_address != ''",
            params![hash, wallet.as_deref().unwrap_or(""), SOURCE_SEED, now],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Wallet verification's side effect, in one transaction: every key bound to `wallet`
/// (compared trimmed and lower-cased, as the backend does) is deleted, then `new_key` is stored
/// bound to `wallet`. Returns how many keys were deleted.
pub fn replace_wallet_keys(
    conn: &mut Connection,
    wallet: &str,
    email: &str,
    new_key: &str,
    now: i64,
) -> Result<usize> {
    let tx = conn.transaction()?;
    let deleted = tx.execute(
        "DELETE FROM api_keys WHERE lower(trim(wallet_address)) = ?1",
        [wallet.trim().to_lowercase()],
    )?;
    tx.execute(
        "INSERT INTO api_keys(key_hash, email, wallet_address, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key_hash(new_key), email, wallet, SOURCE_WALLET_VERIFY, now],
    )?;
    tx.commit()?;
    Ok(deleted)
}

/// Login's unproven binding: sets the (trimmed) wallet of a known key.
pub fn bind_wallet(conn: &Connection, key: &str, wallet: &str) -> Result<bool> {
    let n = conn.execute(
        "UPDATE api_keys SET wallet_address = ?1 WHERE key_hash = ?2",
        params![wallet.trim(), key_hash(key)],
    )?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(key: &str, wallet: Option<&str>) -> Vec<(String, Option<String>)> {
        vec![(key.to_string(), wallet.map(str::to_string))]
    }

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        ensure_table(&c).unwrap();
        ensure_table(&c).unwrap();
        c
    }

    #[test]
    fn only_the_hash_is_stored_and_lookup_trims() {
        let mut c = conn();
        seed(&mut c, &one("k1", None), 1).unwrap();
        let stored: String = c
            .query_row("SELECT key_hash FROM api_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, key_hash("k1"));
        assert_ne!(stored, "k1");
        assert_eq!(
            lookup(&c, " k1 ").unwrap(),
            Some(KeyRecord {
                wallet: String::new(),
                email: String::new(),
                source: "seed".into()
            })
        );
        assert_eq!(lookup(&c, "k2").unwrap(), None);
        assert_eq!(lookup(&c, "").unwrap(), None);
    }

    #[test]
    fn seeding_keeps_a_login_binding_unless_the_flag_names_a_wallet() {
        let mut c = conn();
        seed(&mut c, &one("k", None), 1).unwrap();
        assert!(bind_wallet(&c, "k", " tb1qa ").unwrap());
        seed(&mut c, &one("k", None), 2).unwrap();
        assert_eq!(lookup(&c, "k").unwrap().unwrap().wallet, "tb1qa");
        seed(&mut c, &one("k", Some("tb1qb")), 3).unwrap();
        assert_eq!(lookup(&c, "k").unwrap().unwrap().wallet, "tb1qb");
        assert!(!bind_wallet(&c, "unknown", "tb1qa").unwrap());
    }

    #[test]
    fn seeded_keys_no_longer_configured_stop_working_but_issued_ones_stay() {
        let mut c = conn();
        seed(&mut c, &one("dev", None), 1).unwrap();
        replace_wallet_keys(&mut c, "tb1qw", "", "issued", 1).unwrap();
        seed(&mut c, &one("alice", None), 2).unwrap();
        assert_eq!(lookup(&c, "dev").unwrap(), None);
        assert!(lookup(&c, "alice").unwrap().is_some());
        assert!(lookup(&c, "issued").unwrap().is_some());
    }

    #[test]
    fn verification_replaces_every_key_of_the_wallet_case_insensitively() {
        let mut c = conn();
        let entries = [
            ("old-1", Some("TB1QWALLET")),
            ("old-2", Some("tb1qwallet")),
            ("other", Some("tb1qother")),
            ("unbound", None),
        ]
        .map(|(k, w)| (k.to_string(), w.map(str::to_string)));
        seed(&mut c, &entries, 1).unwrap();
        let deleted = replace_wallet_keys(&mut c, "tb1qwallet", "me@x", "new", 2).unwrap();
        assert_eq!(deleted, 2);
        assert_eq!(lookup(&c, "old-1").unwrap(), None);
        assert_eq!(lookup(&c, "old-2").unwrap(), None);
        assert!(lookup(&c, "other").unwrap().is_some());
        assert!(lookup(&c, "unbound").unwrap().is_some());
        assert_eq!(
            lookup(&c, "new").unwrap(),
            Some(KeyRecord {
                wallet: "tb1qwallet".into(),
                email: "me@x".into(),
                source: "wallet-verify".into()
            })
        );
    }
}
