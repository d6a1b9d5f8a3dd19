//! The SQLite store: one file holding the consensus-encoded blocks (with index columns computed by
//! parsing them), the meta table and the wishes. Inscriptions are never stored on the side: they
//! are parsed out of `blocks.raw` on request (with a small LRU of parsed blocks).

use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, Context, Result};
use bitcoin::consensus::{deserialize, serialize};
use bitcoin::{Block, BlockHash, Network};
use hashlink::LruCache;
use rusqlite::{params, OptionalExtension};

use crate::chain;
use crate::db::{value, Db};
use crate::envelope::{self, ParsedInscription};
use crate::payloads::{self, Payload};

/// The index columns of one block, computed by parsing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockRow {
    pub height: u32,
    pub hash: String,
    pub time: i64,
    pub tx_count: i64,
    pub inscription_count: i64,
    pub thumbnail_url: String,
    pub preview: Vec<String>,
}

/// `inscription_<n>.<ext>`, the file name the Go backend gives a payload.
pub fn file_name(ins: &ParsedInscription) -> String {
    format!(
        "inscription_{}.{}",
        ins.input_index,
        payloads::extension(&ins.content_type)
    )
}

/// `/content/<txid>?witness=<n>`.
pub fn content_url(ins: &ParsedInscription) -> String {
    format!("/content/{}?witness={}", ins.txid, ins.input_index)
}

/// Computes a block's index columns from its parsed inscriptions.
pub fn index_row(height: u32, block: &Block, parsed: &[ParsedInscription]) -> BlockRow {
    BlockRow {
        height,
        hash: block.block_hash().to_string(),
        time: block.header.time as i64,
        tx_count: block.txdata.len() as i64,
        inscription_count: parsed.len() as i64,
        thumbnail_url: parsed
            .iter()
            .find(|p| payloads::is_image(&p.content_type))
            .map(content_url)
            .unwrap_or_default(),
        preview: parsed.iter().take(3).map(file_name).collect(),
    }
}

/// What [`Store::mine`] added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mined {
    pub height: u32,
    /// Pending wishes the block confirmed.
    pub wishes: usize,
}

/// A block parsed out of its stored bytes.
pub struct ParsedBlock {
    pub row: BlockRow,
    pub inscriptions: Vec<ParsedInscription>,
}

/// A wish (pending contract).
#[derive(Clone, Debug)]
pub struct Wish {
    pub id: String,
    pub text: String,
    pub price_sats: i64,
    pub address: String,
    pub funding_mode: String,
    pub created_at: i64,
    pub status: String,
    pub confirmed_height: Option<i64>,
    /// The reveal transaction that carried the wish, once mined.
    pub confirmed_txid: Option<String>,
    /// `metadata.creator_wallet` of the backend's ingestion record (`None`: no such key).
    pub creator_wallet: Option<String>,
}

/// A wish that passed every check, ready to be stored as pending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWish {
    /// Stands in for the sha256 of the stego PNG: a hash over the image and the embedded
    /// message, so it differs per message and per second like the real one.
    pub id: String,
    pub text: String,
    pub budget_sats: i64,
    pub address: String,
    pub funding_mode: String,
    /// The image as sent (PNG, BMP or WebP), or the placeholder PNG.
    pub image: Vec<u8>,
    pub created_at: i64,
    /// The wallet bound to the key sent in `X-API-Key` or `Authorization: Bearer` ("" when that
    /// key has none or only the cookie carried a key).
    pub creator_wallet: String,
    /// `price_unit` as sent (`btc` by default).
    pub price_unit: String,
    /// `skip_proposal`: no wish-as-proposal.
    pub skip_proposal: bool,
}

pub(crate) fn insert_block(
    stmt: &mut rusqlite::Statement<'_>,
    txs: &mut rusqlite::Statement<'_>,
    height: u32,
    block: &Block,
) -> Result<usize> {
    let parsed = envelope::parse_block(block);
    let row = index_row(height, block, &parsed);
    stmt.execute(params![
        row.height,
        row.hash,
        row.time,
        row.tx_count,
        row.inscription_count,
        row.thumbnail_url,
        serde_json::to_string(&row.preview)?,
        serialize(block),
    ])?;
    let mut last = None;
    for p in &parsed {
        if last != Some(p.txid) {
            txs.execute(params![p.txid.to_string(), height])?;
            last = Some(p.txid);
        }
    }
    Ok(parsed.len())
}

pub(crate) const INSERT_BLOCK: &str = "INSERT INTO blocks(height, hash, time, tx_count, inscription_count, thumbnail_url, preview, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
pub(crate) const INSERT_TX: &str = "INSERT OR IGNORE INTO txs(txid, height) VALUES (?1, ?2)";

/// Parsed blocks kept in memory (the least recently used go first).
const PARSED_CACHE: usize = 256;

/// An open store (read side, plus mining).
pub struct Store {
    db: Arc<Db>,
    cache: Mutex<LruCache<u32, Arc<ParsedBlock>>>,
    pub network: Network,
    tip: AtomicU32,
    total: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    /// Opens an existing database (see [`Db::open`]).
    pub fn open(path: &Path) -> Result<Store> {
        Store::over(Arc::new(Db::open(path)?))
    }

    /// The chain store over an open database: its network, tip and indexed heights.
    pub fn over(db: Arc<Db>) -> Result<Store> {
        let path = db.path().display().to_string();
        let network = db
            .meta("network")?
            .and_then(|n| chain::parse_network(&n))
            .ok_or_else(|| anyhow!("{path}: meta table has no valid network"))?;
        let tip: u32 = db
            .meta("tip")?
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| anyhow!("{path}: meta table has no tip"))?;
        let total = db.with_conn(|conn| {
            conn.query_row("SELECT COUNT(*) FROM blocks", [], |r| r.get::<_, i64>(0))
        })? as u64;
        Ok(Store {
            db,
            cache: Mutex::new(LruCache::new(PARSED_CACHE)),
            network,
            tip: AtomicU32::new(tip),
            total: AtomicU64::new(total),
        })
    }

    /// Highest generated or mined height (the "network tip"), indexed or not.
    pub fn network_tip(&self) -> u32 {
        self.tip.load(Ordering::SeqCst)
    }

    /// Number of indexed heights.
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::SeqCst)
    }

    fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<BlockRow> {
        let preview: String = r.get(6)?;
        Ok(BlockRow {
            height: r.get(0)?,
            hash: r.get(1)?,
            time: r.get(2)?,
            tx_count: r.get(3)?,
            inscription_count: r.get(4)?,
            thumbnail_url: r.get(5)?,
            preview: serde_json::from_str(&preview).unwrap_or_default(),
        })
    }

    const ROW_COLS: &'static str =
        "height, hash, time, tx_count, inscription_count, thumbnail_url, preview";

    /// Up to `limit` indexed rows strictly below `below` (all when None), newest first.
    pub fn rows_below(&self, below: Option<u32>, limit: u32) -> Result<Vec<BlockRow>> {
        let conn = self.db.conn();
        let sql = format!(
            "SELECT {} FROM blocks WHERE height < ?1 ORDER BY height DESC LIMIT ?2",
            Self::ROW_COLS
        );
        let below = below.map(i64::from).unwrap_or(i64::MAX);
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![below, limit], Self::row_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The index row of one height.
    pub fn row(&self, height: u32) -> Result<Option<BlockRow>> {
        let conn = self.db.conn();
        let sql = format!("SELECT {} FROM blocks WHERE height = ?1", Self::ROW_COLS);
        Ok(conn.query_row(&sql, [height], Self::row_of).optional()?)
    }

    /// The height of the indexed block with this hash.
    pub fn height_of_hash(&self, hash: &str) -> Result<Option<u32>> {
        self.height_where("SELECT height FROM blocks WHERE hash = ?1", hash)
    }

    /// The height of the block holding this (inscription) transaction.
    pub fn height_of_tx(&self, txid: &str) -> Result<Option<u32>> {
        self.height_where("SELECT height FROM txs WHERE txid = ?1", txid)
    }

    /// The `height` that `sql` selects for `key`, if a row matches.
    fn height_where(&self, sql: &str, key: &str) -> Result<Option<u32>> {
        Ok(value(&self.db.conn(), sql, [key])?)
    }

    /// The stored block, decoded.
    pub fn raw_block(&self, height: u32) -> Result<Option<Block>> {
        let sql = "SELECT raw FROM blocks WHERE height = ?1";
        let raw: Option<Vec<u8>> = value(&self.db.conn(), sql, [height])?;
        raw.map(|raw| {
            deserialize::<Block>(&raw).with_context(|| format!("block {height} does not decode"))
        })
        .transpose()
    }

    /// The block at `height` parsed out of its stored bytes (cached).
    pub fn parsed(&self, height: u32) -> Result<Option<Arc<ParsedBlock>>> {
        if let Some(hit) = lock(&self.cache).get(&height).cloned() {
            return Ok(Some(hit));
        }
        let Some(block) = self.raw_block(height)? else {
            return Ok(None);
        };
        let inscriptions = envelope::parse_block(&block);
        let row = index_row(height, &block, &inscriptions);
        let parsed = Arc::new(ParsedBlock { row, inscriptions });
        lock(&self.cache).insert(height, parsed.clone());
        Ok(Some(parsed))
    }

    /// Wishes ordered by confirmed height (nulls last), then creation time, newest first.
    pub fn wishes(&self, status: Option<&str>, cursor_height: Option<i64>) -> Result<Vec<Wish>> {
        let conn = self.db.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, text, price_sats, address, funding_mode, created_at, status, confirmed_height, confirmed_txid, creator_wallet FROM wishes
             WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR confirmed_height < ?2)
             ORDER BY confirmed_height IS NULL, confirmed_height DESC, created_at DESC, id",
        )?;
        let rows = stmt.query_map(params![status, cursor_height], |r| {
            Ok(Wish {
                id: r.get(0)?,
                text: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                price_sats: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                address: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                funding_mode: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                created_at: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                status: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                confirmed_height: r.get(7)?,
                confirmed_txid: r.get(8)?,
                creator_wallet: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The wishes mined in the blocks `from..=to`: (height, wish id, reveal txid), by height,
    /// then in mining order. The backend lists each as one of the block's smart contracts.
    pub fn mined_wishes(&self, from: u32, to: u32) -> Result<Vec<(u32, String, String)>> {
        let conn = self.db.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT confirmed_height, id, confirmed_txid FROM wishes
             WHERE confirmed_height BETWEEN ?1 AND ?2 AND confirmed_txid IS NOT NULL
             ORDER BY confirmed_height, created_at, id",
        )?;
        let rows = stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The image of a wish, by id.
    pub fn wish_image(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let sql = "SELECT image FROM wishes WHERE id = ?1 AND image IS NOT NULL";
        Ok(value(&self.db.conn(), sql, [id])?)
    }

    /// Mines one block on top of the tip at time `now` (at least one second after the tip),
    /// carrying every pending wish as a text/plain inscription, then 1–2 ordinary ones; the
    /// wishes become `confirmed` at that height in the same transaction.
    pub fn mine(&self, now: u32) -> Result<Mined> {
        let mut conn = self.db.conn();
        let tip = self.tip.load(Ordering::SeqCst);
        let (prev_hash, prev_time): (String, u32) = conn
            .query_row(
                "SELECT hash, time FROM blocks WHERE height = ?1",
                [tip],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| anyhow!("the tip block {tip} is not stored"))?;
        let prev: BlockHash = prev_hash.parse().context("stored tip hash")?;
        let height = tip + 1;
        let wishes: Vec<(String, String)> = conn
            .prepare_cached(
                "SELECT id, COALESCE(text, '') FROM wishes WHERE status = 'pending' ORDER BY created_at, id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let seed = chain::height_seed(height) ^ now as u64;
        let count = 1 + (seed % 2) as usize;
        let payloads: Vec<Payload> = wishes
            .iter()
            .map(|(_, text)| Payload::text(text))
            .chain(
                (0..count).map(|i| payloads::ordinary(payloads::splitmix(seed ^ i as u64), height)),
            )
            .collect();
        let block = chain::build_block(prev, height, now.max(prev_time + 1), &payloads, seed);
        // Inscriptions parse back in payload order, so wish i is inscription i.
        let parsed = envelope::parse_block(&block);
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(INSERT_BLOCK)?;
            let mut txs = tx.prepare_cached(INSERT_TX)?;
            insert_block(&mut stmt, &mut txs, height, &block)?;
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'tip'",
                [height.to_string()],
            )?;
            let mut confirm = tx.prepare_cached(
                "UPDATE wishes SET status = 'confirmed', confirmed_height = ?1, confirmed_txid = ?2 WHERE id = ?3",
            )?;
            for ((id, _), ins) in wishes.iter().zip(&parsed) {
                confirm.execute(params![height, ins.txid.to_string(), id])?;
            }
        }
        tx.commit()?;
        self.tip.store(height, Ordering::SeqCst);
        self.total.fetch_add(1, Ordering::SeqCst);
        Ok(Mined {
            height,
            wishes: wishes.len(),
        })
    }
}

#[cfg(test)]
mod tests;
