//! ord inscription envelopes: building them into taproot script-path witnesses, and parsing them
//! back out of a block the way the Go backend's scanner does.
//!
//! Envelope: `<xonly> OP_CHECKSIG OP_FALSE OP_IF "ord" OP_PUSHBYTES_1 0x01 <content-type> OP_0
//! <body pushes of ≤ 520 bytes> OP_ENDIF`.

use bitcoin::opcodes::all::{OP_CHECKSIG, OP_ENDIF, OP_IF};
use bitcoin::opcodes::OP_FALSE;
use bitcoin::script::{Builder, Instruction, PushBytesBuf};
use bitcoin::{Block, Script, ScriptBuf, Txid, Witness};

/// Largest data push allowed by the consensus rules (and ord).
pub const MAX_PUSH: usize = 520;
const PROTOCOL_ID: &[u8; 3] = b"ord";
const TAG_CONTENT_TYPE: u8 = 1;
const TAPROOT_ANNEX_PREFIX: u8 = 0x50;

/// One inscription found in a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedInscription {
    pub txid: Txid,
    /// Ordinal of the payload inside the BLOCK, counting from 0 in tx/input order (as the Go
    /// backend numbers them), not the witness input index.
    pub input_index: u32,
    pub content_type: String,
    pub body: Vec<u8>,
}

fn push(bytes: &[u8]) -> PushBytesBuf {
    PushBytesBuf::try_from(bytes.to_vec()).expect("push of at most 520 bytes")
}

/// Builds the tapscript holding one envelope.
pub fn build_tapscript(xonly: &[u8; 32], content_type: &str, body: &[u8]) -> ScriptBuf {
    let mut b = Builder::new()
        .push_slice(xonly)
        .push_opcode(OP_CHECKSIG)
        .push_opcode(OP_FALSE)
        .push_opcode(OP_IF)
        .push_slice(PROTOCOL_ID)
        .push_slice([TAG_CONTENT_TYPE]);
    // Content types are short; a longer one is cut to a single push.
    let ct = content_type.as_bytes();
    b = b.push_slice(push(&ct[..ct.len().min(MAX_PUSH)]));
    b = b.push_opcode(OP_FALSE);
    for chunk in body.chunks(MAX_PUSH) {
        b = b.push_slice(push(chunk));
    }
    b.push_opcode(OP_ENDIF).into_script()
}

/// The script-path spend witness `[64-byte signature, tapscript, 33-byte control block]`.
pub fn build_witness(signature: &[u8; 64], tapscript: &Script, internal_key: &[u8; 32]) -> Witness {
    let mut control = Vec::with_capacity(33);
    control.push(0xc0); // leaf version 0xc0, even parity
    control.extend_from_slice(internal_key);
    let mut w = Witness::new();
    w.push(signature);
    w.push(tapscript.as_bytes());
    w.push(control);
    w
}

/// The tapscript of a script-path spend: the second-to-last element when the last (after an
/// optional annex) is a control block.
fn tapscript_of(witness: &Witness) -> Option<&Script> {
    let mut elems: Vec<&[u8]> = witness.iter().collect();
    if elems.len() >= 2
        && elems
            .last()
            .is_some_and(|a| a.first() == Some(&TAPROOT_ANNEX_PREFIX))
    {
        elems.pop();
    }
    if elems.len() < 2 {
        return None;
    }
    let control = elems[elems.len() - 1];
    if control.len() < 33 || !(control.len() - 33).is_multiple_of(32) || control[0] & 0xfe != 0xc0 {
        return None;
    }
    Some(Script::from_bytes(elems[elems.len() - 2]))
}

/// Bytes of a push-like instruction (`OP_PUSHNUM_n` counts as a push of `[n]`, as in ord).
fn push_bytes(ins: &Instruction<'_>) -> Option<Vec<u8>> {
    match ins {
        Instruction::PushBytes(p) => Some(p.as_bytes().to_vec()),
        Instruction::Op(op) => {
            let code = op.to_u8();
            // OP_PUSHNUM_1 (0x51) ..= OP_PUSHNUM_16 (0x60)
            (0x51..=0x60).contains(&code).then(|| vec![code - 0x50])
        }
    }
}

/// Parses every well-formed envelope of one tapscript, in order. Malformed ones are skipped.
pub fn parse_tapscript(script: &Script) -> Vec<(String, Vec<u8>)> {
    // Decode once; a decoding error ends the script (what was complete before it is kept).
    let ins: Vec<_> = script.instructions().map_while(Result::ok).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 2 < ins.len() {
        let is_start = matches!(&ins[i], Instruction::PushBytes(p) if p.is_empty())
            && matches!(&ins[i + 1], Instruction::Op(op) if *op == OP_IF)
            && matches!(&ins[i + 2], Instruction::PushBytes(p) if p.as_bytes() == &PROTOCOL_ID[..]);
        if !is_start {
            i += 1;
            continue;
        }
        match parse_fields(&ins[i + 3..]) {
            Some((consumed, ct, body)) => {
                found.push((ct, body));
                i += 3 + consumed;
            }
            None => i += 1, // malformed: skip it, keep scanning
        }
    }
    found
}

/// Parses the fields and body after `OP_FALSE OP_IF "ord"`; returns the instructions consumed
/// (through OP_ENDIF), the content type and the body, or None when malformed.
fn parse_fields(ins: &[Instruction<'_>]) -> Option<(usize, String, Vec<u8>)> {
    let mut content_type: Option<Vec<u8>> = None;
    // Once the empty tag is read: the body, pushes until OP_ENDIF.
    let mut body: Option<Vec<u8>> = None;
    let mut j = 0;
    loop {
        let cur = ins.get(j)?;
        if matches!(cur, Instruction::Op(op) if *op == OP_ENDIF) {
            let ct = String::from_utf8_lossy(&content_type.unwrap_or_default()).into_owned();
            return Some((j + 1, ct, body.unwrap_or_default()));
        }
        let tag = push_bytes(cur)?;
        j += 1;
        if let Some(body) = &mut body {
            body.extend_from_slice(&tag);
            continue;
        }
        if tag.is_empty() {
            body = Some(Vec::new());
            continue;
        }
        let value = push_bytes(ins.get(j)?)?;
        if tag == [TAG_CONTENT_TYPE] && content_type.is_none() {
            content_type = Some(value);
        }
        j += 1;
    }
}

/// Every inscription of a block, numbered by block-level ordinal.
pub fn parse_block(block: &Block) -> Vec<ParsedInscription> {
    let mut out = Vec::new();
    let mut ordinal = 0u32;
    // The coinbase needs no special case: its witness (one reserved value) is no script-path spend.
    for tx in &block.txdata {
        let mut txid = None;
        for input in &tx.input {
            let Some(script) = tapscript_of(&input.witness) else {
                continue;
            };
            for (content_type, body) in parse_tapscript(script) {
                let txid = *txid.get_or_insert_with(|| tx.compute_txid());
                out.push(ParsedInscription {
                    txid,
                    input_index: ordinal,
                    content_type,
                    body,
                });
                ordinal += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payloads;
    use bitcoin::absolute::LockTime;
    use bitcoin::transaction::Version;
    use bitcoin::{OutPoint, Sequence, Transaction, TxIn};

    fn tx_with(witnesses: Vec<Witness>) -> Transaction {
        Transaction {
            version: Version::TWO,
            lock_time: LockTime::ZERO,
            input: witnesses
                .into_iter()
                .map(|witness| TxIn {
                    previous_output: OutPoint::null(),
                    script_sig: ScriptBuf::new(),
                    sequence: Sequence::MAX,
                    witness,
                })
                .collect(),
            output: vec![],
        }
    }

    fn block_of(txs: Vec<Transaction>) -> Block {
        let mut block = bitcoin::blockdata::constants::genesis_block(bitcoin::Network::Regtest);
        block.txdata.extend(txs);
        block
    }

    fn witness_for(ct: &str, body: &[u8]) -> Witness {
        build_witness(&[7; 64], &build_tapscript(&[2; 32], ct, body), &[3; 32])
    }

    #[test]
    fn round_trip_every_kind() {
        let mut all: Vec<payloads::Payload> = payloads::hostile();
        all.push(payloads::huge_text());
        all.extend((0..24).map(|s| payloads::ordinary(s, 9)));
        let txs: Vec<Transaction> = all
            .iter()
            .map(|p| tx_with(vec![witness_for(&p.content_type, &p.body)]))
            .collect();
        let block = block_of(txs.clone());
        let parsed = parse_block(&block);
        assert_eq!(parsed.len(), all.len());
        for (i, (p, ins)) in all.iter().zip(&parsed).enumerate() {
            assert_eq!(ins.input_index, i as u32);
            assert_eq!(ins.txid, txs[i].compute_txid());
            assert_eq!(ins.content_type, p.content_type);
            assert_eq!(ins.body, p.body, "payload {i}");
        }
        assert!(parsed
            .iter()
            .any(|p| p.body.len() == payloads::HUGE_TEXT_LEN));
        assert!(parsed.iter().any(|p| std::str::from_utf8(&p.body).is_err()));
    }

    #[test]
    fn ordinals_count_inputs_across_the_block_and_annex_is_skipped() {
        let mut annexed = witness_for("text/plain", b"annexed");
        annexed.push([0x50, 1, 2, 3]);
        let tx1 = tx_with(vec![
            witness_for("text/plain", b"a"),
            witness_for("image/png", b"b"),
        ]);
        let tx2 = tx_with(vec![Witness::new(), annexed]);
        let parsed = parse_block(&block_of(vec![tx1.clone(), tx2.clone()]));
        let got: Vec<(u32, Txid, &[u8])> = parsed
            .iter()
            .map(|p| (p.input_index, p.txid, p.body.as_slice()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, tx1.compute_txid(), &b"a"[..]),
                (1, tx1.compute_txid(), &b"b"[..]),
                (2, tx2.compute_txid(), &b"annexed"[..]),
            ]
        );
    }

    #[test]
    fn malformed_envelopes_are_skipped() {
        // No OP_ENDIF.
        let no_endif = Builder::new()
            .push_opcode(OP_FALSE)
            .push_opcode(OP_IF)
            .push_slice(b"ord")
            .push_slice([1u8])
            .push_slice(b"text/plain")
            .push_opcode(OP_FALSE)
            .push_slice(b"body")
            .into_script();
        // A non-push opcode inside the body.
        let bad_body = Builder::new()
            .push_opcode(OP_FALSE)
            .push_opcode(OP_IF)
            .push_slice(b"ord")
            .push_opcode(OP_FALSE)
            .push_opcode(OP_CHECKSIG)
            .push_opcode(OP_ENDIF)
            .into_script();
        // Truncated push (declares 10 bytes, has 2).
        let truncated = ScriptBuf::from_bytes(vec![0x00, 0x63, 0x03, b'o', b'r', b'd', 0x0a, 1, 2]);
        for script in [&no_endif, &bad_body, &truncated] {
            assert!(parse_tapscript(script).is_empty(), "{script:?}");
        }
        // A malformed envelope followed by a good one in the same script: only the good one.
        let mut bytes = bad_body.to_bytes();
        bytes.extend_from_slice(build_tapscript(&[1; 32], "text/plain", b"ok").as_bytes());
        assert_eq!(
            parse_tapscript(Script::from_bytes(&bytes)),
            vec![("text/plain".into(), b"ok".to_vec())]
        );

        // Witness shapes that are not script-path spends are ignored, never a panic.
        let mut bad_control = Witness::new();
        bad_control.push([1u8; 64]);
        bad_control.push(build_tapscript(&[1; 32], "text/plain", b"x").as_bytes());
        bad_control.push([0xc0u8; 5]);
        let garbage = Witness::from_slice(&[vec![0xffu8; 3], vec![0xc0; 33]]);
        let block = block_of(vec![tx_with(vec![
            bad_control,
            garbage,
            witness_for("text/plain", b"good"),
        ])]);
        let parsed = parse_block(&block);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].body, b"good");
        assert_eq!(parsed[0].input_index, 0);
    }

    #[test]
    fn body_pushes_are_at_most_520_bytes() {
        let script = build_tapscript(&[1; 32], "text/plain", &[b'a'; 1500]);
        let max = script
            .instructions()
            .filter_map(|i| match i.unwrap() {
                Instruction::PushBytes(p) => Some(p.len()),
                _ => None,
            })
            .max()
            .unwrap();
        assert_eq!(max, MAX_PUSH);
        assert_eq!(parse_tapscript(&script)[0].1.len(), 1500);
    }
}
