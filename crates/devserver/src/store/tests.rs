use super::*;
use crate::generate::{generate, GenerateOptions, GenerateReport};
use std::path::PathBuf;

fn gen(dir: &Path, tip: u32, sparse: bool) -> (PathBuf, GenerateReport) {
    let db = dir.join(format!("chain-{tip}-{sparse}.db"));
    let r = generate(&GenerateOptions {
        db: db.clone(),
        tip,
        network: Network::Bitcoin,
        sparse,
        force: false,
    })
    .unwrap();
    (db, r)
}

#[test]
fn generate_refuses_to_overwrite_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (db, r1) = gen(dir.path(), 25, false);
    let err = generate(&GenerateOptions {
        db: db.clone(),
        tip: 25,
        network: Network::Bitcoin,
        sparse: false,
        force: false,
    })
    .unwrap_err();
    assert!(err.to_string().contains("--force"), "{err}");
    let r2 = generate(&GenerateOptions {
        db: db.clone(),
        tip: 25,
        network: Network::Bitcoin,
        sparse: false,
        force: true,
    })
    .unwrap();
    assert_eq!(r1.tip_hash, r2.tip_hash);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.total(), 26);
    assert_eq!(store.network_tip(), 25);
    assert_eq!(store.row(25).unwrap().unwrap().hash, r1.tip_hash);
    // Index columns agree with a fresh parse of the stored bytes.
    for h in 0..=25 {
        let row = store.row(h).unwrap().unwrap();
        let parsed = store.parsed(h).unwrap().unwrap();
        assert_eq!(row, parsed.row);
    }
    assert_eq!(store.wishes(Some("pending"), None).unwrap().len(), 3);
}

#[test]
fn sparse_leaves_gaps_and_mining_extends_the_tip() {
    let dir = tempfile::tempdir().unwrap();
    let (db, r) = gen(dir.path(), 40, true);
    let store = Store::open(&db).unwrap();
    let gaps = chain::sparse_gaps(40);
    let missing: u64 = gaps.iter().map(|g| (g.end() - g.start() + 1) as u64).sum();
    assert_eq!(r.indexed, 41 - missing);
    assert_eq!(store.total(), 41 - missing);
    assert!(store.row(*gaps[0].start()).unwrap().is_none());
    let mined = store.mine(1_900_000_000).unwrap();
    assert_eq!(
        mined,
        Mined {
            height: 41,
            wishes: 3
        }
    );
    assert_eq!(store.network_tip(), 41);
    let b = store.raw_block(41).unwrap().unwrap();
    assert_eq!(b.header.prev_blockhash.to_string(), r.tip_hash);
    b.header.validate_pow(chain::build::target()).unwrap();
    assert!(b.check_merkle_root());
    assert!(b.check_witness_commitment());
    // The three seeded (pending) wishes first, as text/plain, then 1–2 ordinary payloads.
    let ins = &store.parsed(41).unwrap().unwrap().inscriptions;
    assert!((4..=5).contains(&ins.len()), "{}", ins.len());
    assert!(ins[..3].iter().all(|i| i.content_type == "text/plain"));
    assert_eq!(
        store.height_of_tx(&ins[0].txid.to_string()).unwrap(),
        Some(41)
    );
    let wishes = store.wishes(Some("confirmed"), None).unwrap();
    assert_eq!(wishes.len(), 3);
    assert!(wishes.iter().all(|w| w.confirmed_height == Some(41)));
    // Nothing pending is left: the next block carries only ordinary payloads.
    assert_eq!(store.mine(1_900_000_600).unwrap().wishes, 0);
    let ins = &store.parsed(42).unwrap().unwrap().inscriptions;
    assert!((1..=2).contains(&ins.len()));
}

#[test]
fn missing_and_corrupt_databases_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    assert!(Store::open(&missing)
        .err()
        .unwrap()
        .to_string()
        .contains("does not exist"));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not sqlite at all, not even close........................................................").unwrap();
    let err = Store::open(&junk).err().unwrap().to_string();
    assert!(err.contains("not a devserver database"), "{err}");
}
