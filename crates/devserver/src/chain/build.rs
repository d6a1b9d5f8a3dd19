//! Building one block: coinbase (BIP34 height, witness commitment), reveal transactions carrying
//! ord envelopes in taproot script-path witnesses, merkle root, and regtest-easy proof of work.

use bitcoin::absolute::LockTime;
use bitcoin::block::{Header, Version as BlockVersion};
use bitcoin::hashes::{sha256, Hash};
use bitcoin::opcodes::all::{OP_PUSHBYTES_0, OP_PUSHNUM_1, OP_RETURN};
use bitcoin::pow::{CompactTarget, Target};
use bitcoin::script::Builder;
use bitcoin::transaction::Version;
use bitcoin::{
    Amount, Block, BlockHash, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxMerkleNode,
    TxOut, Txid, Witness,
};

use crate::envelope;
use crate::payloads::{splitmix, Payload};

/// Regtest proof-of-work limit: about one hash in two meets it.
pub const BITS: u32 = 0x207f_ffff;

/// The target of [`BITS`].
pub fn target() -> Target {
    Target::from_compact(CompactTarget::from_consensus(BITS))
}

/// 32 deterministic bytes from a seed and a label.
pub fn bytes32(seed: u64, label: &[u8]) -> [u8; 32] {
    let mut data = seed.to_le_bytes().to_vec();
    data.extend_from_slice(label);
    sha256::Hash::hash(&data).to_byte_array()
}

fn subsidy(height: u32) -> Amount {
    let halvings = height / 210_000;
    if halvings >= 64 {
        Amount::ZERO
    } else {
        Amount::from_sat((50 * 100_000_000) >> halvings)
    }
}

fn coinbase(height: u32, seed: u64) -> Transaction {
    let script_sig = Builder::new()
        .push_int(height as i64)
        .push_slice(b"/stargate-devserver/")
        .into_script();
    let mut pubkey_hash = [0u8; 20];
    pubkey_hash.copy_from_slice(&bytes32(seed, b"coinbase-payout")[..20]);
    Transaction {
        version: Version::TWO,
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint::null(),
            script_sig,
            sequence: Sequence::MAX,
            witness: Witness::new(),
        }],
        output: vec![TxOut {
            value: subsidy(height),
            script_pubkey: Builder::new()
                .push_opcode(OP_PUSHBYTES_0)
                .push_slice(pubkey_hash)
                .into_script(),
        }],
    }
}

/// A reveal transaction: one input per payload, each a script-path spend of an envelope.
fn reveal(payloads: &[Payload], seed: u64) -> Transaction {
    let input = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let s = splitmix(seed ^ (i as u64 + 1));
            let xonly = bytes32(s, b"xonly");
            let tapscript = envelope::build_tapscript(&xonly, &p.content_type, &p.body);
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&bytes32(s, b"sig-r"));
            sig[32..].copy_from_slice(&bytes32(s, b"sig-s"));
            TxIn {
                previous_output: OutPoint {
                    txid: Txid::from_byte_array(bytes32(s, b"commit")),
                    vout: 0,
                },
                script_sig: ScriptBuf::new(),
                sequence: Sequence::ENABLE_RBF_NO_LOCKTIME,
                witness: envelope::build_witness(&sig, &tapscript, &bytes32(s, b"internal")),
            }
        })
        .collect();
    Transaction {
        version: Version::TWO,
        lock_time: LockTime::ZERO,
        input,
        output: vec![TxOut {
            value: Amount::from_sat(546),
            script_pubkey: Builder::new()
                .push_opcode(OP_PUSHNUM_1)
                .push_slice(bytes32(seed, b"output-key"))
                .into_script(),
        }],
    }
}

/// Builds and mines a block at `height` on top of `prev`. Payloads go one per reveal tx, except
/// that with four or more the last two share one tx (a multi-part transaction).
pub fn build_block(
    prev: BlockHash,
    height: u32,
    time: u32,
    payloads: &[Payload],
    seed: u64,
) -> Block {
    let mut txdata = vec![coinbase(height, seed)];
    let groups: Vec<&[Payload]> = if payloads.len() >= 4 {
        let (single, pair) = payloads.split_at(payloads.len() - 2);
        single.chunks(1).chain(std::iter::once(pair)).collect()
    } else {
        payloads.chunks(1).collect()
    };
    for (k, group) in groups.into_iter().enumerate() {
        txdata.push(reveal(group, splitmix(seed ^ ((k as u64 + 1) << 32))));
    }
    let mut block = Block {
        header: Header {
            version: BlockVersion::from_consensus(0x2000_0000),
            prev_blockhash: prev,
            merkle_root: TxMerkleNode::all_zeros(),
            time,
            bits: CompactTarget::from_consensus(BITS),
            nonce: 0,
        },
        txdata,
    };
    if block.txdata.len() > 1 {
        // BIP141 witness commitment in the coinbase (its own wtxid counts as zero, so adding the
        // output does not change the witness root).
        let reserved = [0u8; 32];
        let root = block.witness_root().expect("non-empty block");
        let commitment = Block::compute_witness_commitment(&root, &reserved);
        let mut script = vec![OP_RETURN.to_u8(), 0x24, 0xaa, 0x21, 0xa9, 0xed];
        script.extend_from_slice(commitment.as_byte_array());
        let cb = &mut block.txdata[0];
        cb.input[0].witness = Witness::from_slice(&[reserved]);
        cb.output.push(TxOut {
            value: Amount::ZERO,
            script_pubkey: ScriptBuf::from_bytes(script),
        });
    }
    block.header.merkle_root = block.compute_merkle_root().expect("non-empty block");
    mine(&mut block.header);
    block
}

/// Grinds the nonce until the header meets its target.
pub fn mine(header: &mut Header) {
    let target = Target::from_compact(header.bits);
    while !target.is_met_by(header.block_hash()) {
        header.nonce = header.nonce.wrapping_add(1);
        if header.nonce == 0 {
            header.time += 1;
        }
    }
}
