//! API keys in the SQLite file, as the backend's SQLite key store keeps them: only the SHA-256
//! of the trimmed key, with the bound wallet ("" = unbound), an email and where the key came
//! from. A key issued by wallet verification survives a restart; its raw form is never stored.

use std::sync::Arc;

use anyhow::Result;
use bitcoin::hashes::{sha256, Hash};
use rusqlite::{params, Connection, OptionalExtension};

use crate::compat::now_unix;
use crate::db::Db;

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

/// The key a devserver accepts when none is configured (printed at start-up).
pub const DEV_API_KEY: &str = "stargate-dev-key";
/// The API keys: those configured with `--api-key` (seeded into the SQLite file at start-up)
/// and those issued by wallet verification (already there).
#[derive(Clone)]
pub struct ApiKeys {
    db: Arc<Db>,
    configured: usize,
    default_only: bool,
}

impl ApiKeys {
    /// Seeds the configured entries (`KEY` or `KEY=WALLET`, empty ones skipped), or
    /// [`DEV_API_KEY`] unbound when there are none; seeded keys of earlier runs that are not
    /// configured now stop working (see [`seed`]).
    pub fn open(db: Arc<Db>, entries: &[String]) -> anyhow::Result<ApiKeys> {
        let mut parsed = entries
            .iter()
            .filter(|e| !e.is_empty())
            .map(|e| parse_entry(e))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let default_only = parsed.is_empty();
        if default_only {
            parsed.push((DEV_API_KEY.to_string(), None));
        }
        let now = now_unix();
        db.with_conn(|conn| -> anyhow::Result<()> {
            ensure_table(conn)?;
            seed(conn, &parsed, now)
        })?;
        Ok(ApiKeys {
            db,
            configured: parsed.len(),
            default_only,
        })
    }

    /// The record of a valid key (the key is trimmed, as the backend hashes it), else `None`
    /// (also when the store cannot be read: the backend then refuses the key too).
    pub fn lookup(&self, key: &str) -> Option<KeyRecord> {
        self.db.with_conn(|conn| lookup(conn, key)).ok().flatten()
    }

    pub fn is_valid(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// The wallet bound to a valid key (trimmed), or `None` for an unknown or unbound key: the
    /// backend's `apiKeys.Get(key).Wallet`, which every identity check uses.
    pub fn wallet_for_key(&self, key: &str) -> Option<String> {
        self.lookup(key)
            .map(|r| r.wallet.trim().to_string())
            .filter(|w| !w.is_empty())
    }

    /// Wallet verification's side effect: deletes every key bound to `wallet` and returns a new
    /// 64-hex key bound to it.
    pub fn reissue_for_wallet(&self, wallet: &str, email: &str) -> anyhow::Result<String> {
        let key = crate::challenges::random_hex::<32>().map_err(|e| anyhow::anyhow!("{e}"))?;
        self.db
            .with_conn(|conn| replace_wallet_keys(conn, wallet, email, &key, now_unix()))?;
        Ok(key)
    }

    /// Login's binding of a wallet to a known key (no proof asked, as in the backend).
    pub fn bind_wallet(&self, key: &str, wallet: &str) -> anyhow::Result<bool> {
        self.db.with_conn(|conn| bind_wallet(conn, key, wallet))
    }

    /// Is this the built-in dev key only (nothing configured)?
    pub fn is_default(&self) -> bool {
        self.default_only
    }

    /// How many keys were configured (the dev key counts when it stands alone).
    pub fn len(&self) -> usize {
        self.configured
    }

    pub fn is_empty(&self) -> bool {
        self.configured == 0
    }
}

/// `KEY` or `KEY=WALLET` (split at the first `=`; the wallet is trimmed and must not be empty).
/// A key must be usable as a cookie value (visible ASCII, no `;`, `,`, `"`, `\`).
pub fn parse_entry(entry: &str) -> anyhow::Result<(String, Option<String>)> {
    let (key, wallet) = match entry.split_once('=') {
        Some((key, wallet)) => {
            let wallet = wallet.trim();
            anyhow::ensure!(
                !wallet.is_empty(),
                "API key entry {entry:?}: the wallet after '=' is empty"
            );
            (key, Some(wallet.to_string()))
        }
        None => (entry, None),
    };
    anyhow::ensure!(
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b";,\"\\".contains(&b)),
        "API key {key:?} must be visible ASCII without ; , \" or \\"
    );
    Ok((key.to_string(), wallet))
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

    #[test]
    fn entries_are_keys_optionally_bound_to_wallets() {
        assert_eq!(parse_entry("k").unwrap(), ("k".into(), None));
        assert_eq!(
            parse_entry("k= tb1qa ").unwrap(),
            ("k".into(), Some("tb1qa".into()))
        );
        assert_eq!(
            parse_entry("k=a=b").unwrap(),
            ("k".into(), Some("a=b".into()))
        );
        assert!(parse_entry("k=").is_err(), "empty wallet");
        assert!(parse_entry("=w").is_err(), "empty key");
        assert!(parse_entry("a;b").is_err());
        assert!(parse_entry("a b=w").is_err());
    }
}
