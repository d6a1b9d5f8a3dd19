//! `devserver generate`: a deterministic chain of real blocks, three wishes and the seeded
//! market, written into a new database file.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Context, Result};
use bitcoin::hashes::{sha256, Hash};
use bitcoin::Network;
use rusqlite::{params, Connection};

use crate::{chain, contracts, db, png, store};

/// Generation options.
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    pub db: PathBuf,
    pub tip: u32,
    pub network: Network,
    pub sparse: bool,
    pub force: bool,
}

/// What [`generate`] produced.
#[derive(Clone, Debug)]
pub struct GenerateReport {
    pub tip: u32,
    pub indexed: u64,
    pub inscriptions: u64,
    pub tip_hash: String,
}

/// The three seeded wishes: (text, price in sats, funding mode, image style).
const SEED_WISHES: &[(&str, i64, &str, u8)] = &[
    (
        "A bright orange pixel moon over the timechain",
        10_000,
        "payout",
        0,
    ),
    (
        "Fund a <b>community</b> node & keep it running 🌍",
        250_000,
        "raise_fund",
        2,
    ),
    (
        "Paint block 840000 as a checkerboard",
        1_000_000,
        "payout",
        1,
    ),
];

/// Generates a chain into a NEW database file (refuses to overwrite without `force`).
pub fn generate(opts: &GenerateOptions) -> Result<GenerateReport> {
    if opts.db.exists() {
        if !opts.force {
            bail!(
                "{} already exists; pass --force to overwrite it",
                opts.db.display()
            );
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let p = PathBuf::from(format!("{}{suffix}", opts.db.display()));
            if p.exists() {
                std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
            }
        }
    }
    let mut conn =
        Connection::open(&opts.db).with_context(|| format!("creating {}", opts.db.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    db::create(&conn)?;
    let gaps = if opts.sparse {
        chain::sparse_gaps(opts.tip)
    } else {
        Vec::new()
    };
    let tx = conn.transaction()?;
    let mut report = GenerateReport {
        tip: opts.tip,
        indexed: 0,
        inscriptions: 0,
        tip_hash: String::new(),
    };
    {
        let mut stmt = tx.prepare(store::INSERT_BLOCK)?;
        let mut txs = tx.prepare(store::INSERT_TX)?;
        for (h, block) in chain::Generator::new(opts.network, opts.tip) {
            if h == opts.tip {
                report.tip_hash = block.block_hash().to_string();
            }
            if !chain::is_indexed(h, &gaps) {
                continue;
            }
            report.inscriptions += store::insert_block(&mut stmt, &mut txs, h, &block)? as u64;
            report.indexed += 1;
        }
        let mut meta = tx.prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)")?;
        let options =
            serde_json::json!({"tip": opts.tip, "sparse": opts.sparse, "seed": chain::SEED});
        for (k, v) in [
            ("schema_version", db::SCHEMA_VERSION.to_string()),
            ("network", chain::network_name(opts.network).to_string()),
            ("tip", opts.tip.to_string()),
            ("options", options.to_string()),
        ] {
            meta.execute(params![k, v])?;
        }
        let mut wish = tx.prepare(
            "INSERT INTO wishes(id, text, price_sats, address, funding_mode, image, created_at, status, confirmed_height) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', NULL)",
        )?;
        for (i, (text, price, mode, style)) in SEED_WISHES.iter().enumerate() {
            let image = png::pattern(48, 48, *style, chain::SEED ^ i as u64);
            let id = sha256::Hash::hash(&image).to_string();
            let address = format!("bc1p{}", &id[..38]);
            let created = chain::ANCHOR as i64 - 3600 * (i as i64 + 1);
            wish.execute(params![id, text, price, address, mode, image, created])?;
        }
        contracts::seed::seed(&tx).map_err(|e| anyhow!("seeding contracts: {}", e.message))?;
    }
    tx.commit()?;
    conn.execute_batch("CREATE INDEX blocks_hash ON blocks(hash);")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(report)
}
