//! The deterministic chain generator: the network's real genesis block, then blocks 1..=tip with
//! valid headers, merkle roots, regtest-easy proof of work and ord inscriptions.

pub mod build;

use std::ops::RangeInclusive;

use bitcoin::{Block, BlockHash, Network};

use crate::payloads::{self, splitmix, Payload};

pub use build::build_block;

/// Fixed generator seed ("STARGATE").
pub const SEED: u64 = 0x5354_4152_4741_5445;
/// Time of the tip of a generated chain: 2026-11-01T00:00:00Z. Block `h` is `(tip - h) * 600`
/// seconds older; genesis keeps its real time.
pub const ANCHOR: u32 = 1_793_491_200;
/// Every one of the newest `DENSE_TOP` heights carries inscriptions; deeper, only every
/// `SPARSE_EVERY`-th block does (so a mainnet-scale chain stays small).
pub const DENSE_TOP: u32 = 300;
pub const SPARSE_EVERY: u32 = 1000;

/// Parses a network name as the CLI and the meta table spell it.
pub fn parse_network(s: &str) -> Option<Network> {
    match s {
        "mainnet" | "bitcoin" => Some(Network::Bitcoin),
        "testnet4" => Some(Network::Testnet4),
        "testnet" => Some(Network::Testnet),
        "signet" => Some(Network::Signet),
        "regtest" => Some(Network::Regtest),
        _ => None,
    }
}

/// The name `/bitcoin/v1/health` reports.
pub fn network_name(n: Network) -> &'static str {
    match n {
        Network::Bitcoin => "mainnet",
        Network::Testnet4 => "testnet4",
        Network::Testnet => "testnet",
        Network::Signet => "signet",
        _ => "regtest",
    }
}

/// The real genesis block of a network.
pub fn genesis(network: Network) -> Block {
    bitcoin::blockdata::constants::genesis_block(network)
}

/// Per-height seed.
pub fn height_seed(height: u32) -> u64 {
    splitmix(SEED ^ (height as u64).wrapping_mul(0x1000_0000_01b3))
}

/// Header time of generated block `height` in a chain of tip `tip`.
pub fn block_time(height: u32, tip: u32, genesis_time: u32) -> u32 {
    let t = ANCHOR as i64 - (tip as i64 - height as i64) * 600;
    t.max(genesis_time as i64 + height as i64) as u32
}

/// The payloads of generated block `height` (empty for plain blocks); the block
/// `stego::corpus::DEPTH` below the tip starts with the stego images.
pub fn payloads_at(height: u32, tip: u32) -> Vec<Payload> {
    let seed = height_seed(height);
    let count = if height + DENSE_TOP > tip {
        1 + (seed % 6) as usize
    } else if height.is_multiple_of(SPARSE_EVERY) {
        1 + (seed % 2) as usize
    } else {
        0
    };
    if count == 0 {
        return Vec::new();
    }
    let stego = crate::stego::corpus::at(height, tip);
    let count = count.max(payloads::min_slots(height, tip)).max(stego.len());
    (0..count)
        .map(|slot| match stego.get(slot) {
            Some(image) => image.payload.clone(),
            None => payloads::for_slot(height, tip, slot, splitmix(seed ^ slot as u64)),
        })
        .collect()
}

/// Heights left unindexed by `--sparse`: genesis and the heights just above it (the scanner
/// "started" later), then a few deterministic runs of 5–50 heights (shorter on small chains);
/// never the tip.
pub fn sparse_gaps(tip: u32) -> Vec<RangeInclusive<u32>> {
    if tip < 10 {
        return Vec::new();
    }
    let max_len = (tip / 8).clamp(1, 50);
    let mut starts = vec![tip / 5, tip / 2];
    if tip >= 120 {
        starts.push(tip - 60);
    }
    // Like a backend whose scanner started above genesis: nothing is indexed from 0 up to
    // `scan_start`, so paging past the oldest indexed block gets the newest page again.
    let scan_start = (tip / 100).clamp(4, 2_000).min(tip / 5 - 2);
    std::iter::once(0..=scan_start)
        .chain(starts.into_iter().enumerate().map(|(i, start)| {
            let len = (5 + (splitmix(SEED ^ i as u64) % 46) as u32).min(max_len);
            let start = start.max(1);
            start..=(start + len - 1).min(tip - 1)
        }))
        .collect()
}

/// Is `height` stored in the index?
pub fn is_indexed(height: u32, gaps: &[RangeInclusive<u32>]) -> bool {
    !gaps.iter().any(|g| g.contains(&height))
}

/// Yields `(height, block)` from genesis to `tip`, each block linked to the previous one.
pub struct Generator {
    tip: u32,
    next: u32,
    prev: BlockHash,
    genesis: Option<Block>,
    genesis_time: u32,
}

impl Generator {
    pub fn new(network: Network, tip: u32) -> Self {
        let g = genesis(network);
        Generator {
            tip,
            next: 0,
            prev: g.block_hash(),
            genesis_time: g.header.time,
            genesis: Some(g),
        }
    }
}

impl Iterator for Generator {
    type Item = (u32, Block);

    fn next(&mut self) -> Option<(u32, Block)> {
        if self.next > self.tip {
            return None;
        }
        let h = self.next;
        self.next += 1;
        if h == 0 {
            return self.genesis.take().map(|g| (0, g));
        }
        let time = block_time(h, self.tip, self.genesis_time);
        let block = build_block(
            self.prev,
            h,
            time,
            &payloads_at(h, self.tip),
            height_seed(h),
        );
        self.prev = block.block_hash();
        Some((h, block))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope;

    #[test]
    fn deterministic() {
        let a: Vec<BlockHash> = Generator::new(Network::Bitcoin, 40)
            .map(|(_, b)| b.block_hash())
            .collect();
        let b: Vec<BlockHash> = Generator::new(Network::Bitcoin, 40)
            .map(|(_, b)| b.block_hash())
            .collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 41);
        let c: Vec<BlockHash> = Generator::new(Network::Testnet4, 40)
            .map(|(_, b)| b.block_hash())
            .collect();
        assert_ne!(a[1], c[1], "blocks chain on the network's genesis");
    }

    #[test]
    fn blocks_are_valid_and_linked() {
        let mut prev = None;
        for (h, block) in Generator::new(Network::Bitcoin, 60) {
            if h == 0 {
                assert_eq!(
                    block.block_hash().to_string(),
                    "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
                );
            } else {
                assert_eq!(Some(block.header.prev_blockhash), prev, "height {h}");
                block
                    .header
                    .validate_pow(build::target())
                    .expect("proof of work");
                // BIP34: heights 1..=16 are pushed as OP_1..OP_16 (as Bitcoin Core's
                // `CScript() << nHeight` does), which rust-bitcoin's reader does not accept.
                if h > 16 {
                    assert_eq!(block.bip34_block_height().unwrap(), h as u64);
                } else {
                    assert_eq!(
                        block.txdata[0].input[0].script_sig.as_bytes()[0],
                        0x50 + h as u8
                    );
                }
                assert!(
                    block.check_witness_commitment(),
                    "witness commitment at {h}"
                );
                assert_eq!(block.header.time, block_time(h, 60, 1231006505));
            }
            assert!(block.check_merkle_root(), "merkle root at {h}");
            // Inscription blocks: the parsed payloads are exactly the generated ones.
            let parsed = envelope::parse_block(&block);
            let want = if h == 0 {
                Vec::new()
            } else {
                payloads_at(h, 60)
            };
            assert_eq!(parsed.len(), want.len(), "height {h}");
            for (p, w) in parsed.iter().zip(&want) {
                assert_eq!((&p.content_type, &p.body), (&w.content_type, &w.body));
            }
            if h > 0 {
                assert!((1..=6).contains(&want.len()) || want.len() == payloads::min_slots(h, 60));
            }
            prev = Some(block.block_hash());
        }
    }

    #[test]
    fn sparse_gaps_spare_the_tip_and_start_above_genesis() {
        for tip in [10, 30, 300, 900_000] {
            let gaps = sparse_gaps(tip);
            assert!(gaps.len() >= 3);
            assert!(!is_indexed(0, &gaps) && is_indexed(tip, &gaps));
            assert_eq!(*gaps[0].start(), 0);
            for g in &gaps[1..] {
                assert!(*g.start() > *gaps[0].end() + 1 && *g.end() < tip);
                if tip >= 400 {
                    assert!((5..=50).contains(&(g.end() - g.start() + 1)));
                }
            }
        }
        assert_eq!(sparse_gaps(900_000)[0], 0..=2_000);
    }

    #[test]
    fn deep_blocks_are_mostly_plain() {
        let tip = 900_000;
        assert!(!payloads_at(5_000, tip).is_empty());
        assert!(payloads_at(5_001, tip).is_empty());
        assert!(!payloads_at(tip - 299, tip).is_empty());
        assert!(payloads_at(tip - 301, tip).is_empty());
        assert!(block_time(1, tip, 1231006505) > 1231006505);
    }
}
