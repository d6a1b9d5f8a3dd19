//! The wallets' coins: the devserver's stand-in for the mempool.space UTXO API that the
//! backend's PSBT builder reads. A funded address gets ONE deterministic funding transaction
//! (`wallet_funding` table: address, txid, raw transaction): version 2, one input spending a
//! made-up outpoint (`sha256d("stargate devserver faucet <address>")`:0), and [`OUTPUTS`] to
//! the address's script. Its outputs are the address's confirmed UTXOs, never spent (a built
//! PSBT is not broadcast), so every build sees the same coins; the raw transaction is the
//! inputs' `non_witness_utxo` and its txid their outpoint, so a wallet can sign what the
//! builder answers. The transaction is not in a block: it is "confirmed" by decree.
//!
//! Funded: the fixture wallet's four addresses (its public test key signs them) on every open,
//! and the wallet of every `--api-key KEY=WALLET` at start-up. Any other address has nothing.

use bitcoin::consensus::encode::{deserialize, serialize};
use bitcoin::hashes::{sha256d, Hash};
use bitcoin::transaction::Version;
use bitcoin::{absolute, Amount, OutPoint, Sequence, Transaction, TxIn, TxOut, Txid, Witness};
use rusqlite::{params, Connection};

use crate::addresses::{decode, GoAddress};

/// The outputs of a funding transaction, in sats (3,750,000 in all).
pub const OUTPUTS: [u64; 5] = [1_000_000, 1_000_000, 1_000_000, 500_000, 250_000];

/// The fixture wallet's addresses (`signature::sign::FIXTURE_WIF`): P2WPKH, P2SH-P2WPKH, P2PKH,
/// P2TR.
pub const FIXTURE_ADDRESSES: [&str; 4] = [
    "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v",
    "2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9",
    "mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT",
    "tb1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5s3g3s37",
];

/// One unspent output of a funded address.
#[derive(Clone, Debug)]
pub struct Utxo {
    pub txid: Txid,
    pub vout: u32,
    pub value: u64,
    /// The whole funding transaction (`non_witness_utxo`).
    pub prev_tx: Transaction,
}

impl Utxo {
    pub fn txout(&self) -> &TxOut {
        &self.prev_tx.output[self.vout as usize]
    }
}

/// The funding transaction of `address`.
pub fn funding_tx(address: &GoAddress) -> Transaction {
    let seed =
        sha256d::Hash::hash(format!("stargate devserver faucet {}", address.text).as_bytes());
    Transaction {
        version: Version::TWO,
        lock_time: absolute::LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint::new(Txid::from_raw_hash(seed), 0),
            script_sig: Default::default(),
            sequence: Sequence::MAX,
            witness: Witness::new(),
        }],
        output: OUTPUTS
            .iter()
            .map(|sats| TxOut {
                value: Amount::from_sat(*sats),
                script_pubkey: address.script.clone(),
            })
            .collect(),
    }
}

/// Records the funding transaction of `address` (once; again is a no-op).
pub fn fund(conn: &Connection, address: &GoAddress) -> rusqlite::Result<()> {
    let tx = funding_tx(address);
    conn.execute(
        "INSERT OR IGNORE INTO wallet_funding(address, txid, raw) VALUES (?1, ?2, ?3)",
        params![address.text, tx.compute_txid().to_string(), serialize(&tx)],
    )?;
    Ok(())
}

/// Funds each wallet that decodes as the backend decodes addresses (others are skipped: the
/// builder refuses them before it asks for coins).
pub fn fund_wallets<'a>(
    conn: &Connection,
    wallets: impl IntoIterator<Item = &'a str>,
) -> rusqlite::Result<()> {
    for wallet in wallets {
        if let Ok(address) = decode(wallet.trim()) {
            fund(conn, &address)?;
        }
    }
    Ok(())
}

/// The confirmed UTXOs of `address` (its `EncodeAddress` text), in output order.
pub fn utxos(conn: &Connection, address: &GoAddress) -> rusqlite::Result<Vec<Utxo>> {
    let mut stmt = conn.prepare_cached("SELECT raw FROM wallet_funding WHERE address = ?1")?;
    let raws = stmt
        .query_map([&address.text], |r| r.get::<_, Vec<u8>>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for raw in raws {
        let Ok(tx) = deserialize::<Transaction>(&raw) else {
            continue;
        };
        let txid = tx.compute_txid();
        for (vout, o) in tx.output.iter().enumerate() {
            if o.script_pubkey == address.script {
                out.push(Utxo {
                    txid,
                    vout: vout as u32,
                    value: o.value.to_sat(),
                    prev_tx: tx.clone(),
                });
            }
        }
    }
    Ok(out)
}
