//! Three contracts that end-to-end tests start from, made by the fixture wallet (so the user
//! signed in with the fixture key is their creator and can review and pay), their tasks
//! worked by two contributor wallets with valid testnet addresses (payouts decode):
//! "E2E: hand-ins pending review", "E2E: one approved, one rejected", "E2E: ready to pay".

use bitcoin::hashes::{sha256, Hash};
use bitcoin::{NetworkKind, PrivateKey};
use rusqlite::{params, Connection};

use super::activity::{submission, SeedClaim};
use crate::chain;
use crate::compat::Outcome;
use crate::signature::sign::{address_for, AddressType};

/// The creator: the fixture wallet's P2WPKH address.
const FIXTURE_WALLET: &str = crate::faucet::FIXTURE_ADDRESSES[0];

/// The titles (wish texts and proposal titles) of the three contracts.
pub const TITLES: [&str; 3] = [
    "E2E: hand-ins pending review",
    "E2E: one approved, one rejected",
    "E2E: ready to pay",
];

/// Contributor `n`'s key: sha256("stargate devserver contributor <n>"), testnet (public, test
/// only); its P2WPKH address works the tasks.
pub fn contributor(n: u8) -> (PrivateKey, String) {
    let secret = sha256::Hash::hash(format!("stargate devserver contributor {n}").as_bytes());
    let key = PrivateKey::from_slice(secret.as_byte_array(), NetworkKind::Test)
        .expect("a sha256 is a valid secret key");
    let address = address_for(&key, AddressType::P2wpkh).expect("compressed");
    (key, address.to_string())
}

/// (task number, contributor, submission status) per contract.
const WORK: [&[(u8, u8, &str)]; 3] = [
    &[(1, 1, "pending_review"), (2, 2, "pending_review")],
    &[(1, 1, "approved"), (2, 2, "rejected")],
    &[(1, 1, "approved"), (2, 2, "approved"), (3, 1, "approved")],
];

/// Seeds the three wishes; `approve(conn, hash, created, title, index)` writes and approves
/// their proposal (the parent's seeding helpers) and answers its id.
pub(super) fn seed_states(
    conn: &Connection,
    approve: impl Fn(&Connection, &str, i64, &str, u64) -> Outcome<String>,
) -> Outcome<()> {
    for (i, title) in TITLES.iter().enumerate() {
        let image = crate::png::pattern(
            48,
            48,
            7 + i as u8,
            crate::payloads::splitmix(chain::SEED + 200 + i as u64),
        );
        let hash = sha256::Hash::hash(&image).to_string();
        let created = chain::ANCHOR as i64 - 3600 * (20 + i as i64);
        conn.execute(
            "INSERT INTO wishes(id, text, price_sats, address, funding_mode, image, created_at, status, creator_wallet)
             VALUES (?1, ?2, 150000, '', 'payout', ?3, ?4, 'pending', ?5)",
            params![hash, title, image, created, FIXTURE_WALLET],
        )?;
        let id = approve(conn, &hash, created, title, 20 + i as u64)?;
        for (task, who, status) in WORK[i] {
            let task_id = format!("{id}-task-{task}");
            let wallet = contributor(*who).1;
            let claim_status = match *status {
                "approved" => "complete",
                "rejected" => "rejected",
                _ => "submitted",
            };
            let n = 200 + 10 * i as u64 + u64::from(*task);
            let c = SeedClaim::new(n, &task_id, &wallet, claim_status, created + 600);
            submission(conn, &c, status, "https://example.com/e2e-proof")?;
        }
    }
    Ok(())
}
