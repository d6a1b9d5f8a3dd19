//! Witness-stack signatures: the serialized witness (count, then length-prefixed items), given
//! as hex (tried first) or standard base64, at most 20 items and nothing after them.
//!
//! Two constructions are accepted:
//!
//! - **BIP-322 "simple"** as specified, checked by the `bip322` crate (rust-bitcoin's
//!   implementation, tested against the BIP's vectors). This is what BIP-322 wallets produce.
//! - **The Go backend's own construction**, which its verifier calls BIP-322 simple but which
//!   differs from the BIP: `to_spend` has an empty scriptSig and sequence 0xFFFFFFFF (so it does
//!   not commit to the message), and `to_sign`'s output is `OP_RETURN <sha256("BIP0322-signed-
//!   message:" ‖ msg)>` instead of a bare `OP_RETURN`. The signature commits to the message only
//!   through that output. We check it for the address types it can prove with a witness alone:
//!   P2WPKH and P2TR key path, with any sighash type that commits to the outputs (the backend
//!   also takes `SIGHASH_NONE`, which would let one signature answer every nonce).

use bitcoin::blockdata::script::Builder;
use bitcoin::consensus::deserialize_partial;
use bitcoin::hashes::{sha256, Hash};
use bitcoin::key::{Keypair, TapTweak};
use bitcoin::opcodes::all::OP_RETURN;
use bitcoin::secp256k1::{ecdsa, schnorr, Message, Secp256k1, SecretKey, XOnlyPublicKey};
use bitcoin::sighash::{Prevouts, SighashCache};
use bitcoin::transaction::Version;
use bitcoin::{
    absolute::LockTime, Address, Amount, CompressedPublicKey, EcdsaSighashType, OutPoint,
    PrivateKey, Script, ScriptBuf, Sequence, TapSighashType, Transaction, TxIn, TxOut, Txid,
    Witness,
};

use crate::compat::{decode_base64, decode_hex};

/// Which check accepted a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Legacy `signmessage`: base64 of a 65-byte recoverable compact ECDSA signature.
    Legacy,
    /// BIP-322 "simple" as specified (what BIP-322 wallets produce).
    Bip322,
    /// The Go backend's own witness construction (see this module).
    Bip322Stargate,
}

/// The backend refuses witness stacks with more items.
const MAX_ITEMS: usize = 20;

/// Decodes a signature string into a witness the way the backend does: trimmed, hex first, then
/// base64; the whole input must be one witness of at most 20 items.
pub fn decode(signature: &str) -> Option<Witness> {
    let s = signature.trim();
    let bytes = decode_hex(s).or_else(|| decode_base64(s))?;
    let (witness, used): (Witness, usize) = deserialize_partial(&bytes).ok()?;
    (used == bytes.len() && witness.len() <= MAX_ITEMS).then_some(witness)
}

/// Encodes a witness as the standard base64 signature string.
pub fn encode(witness: &Witness) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bitcoin::consensus::serialize(witness))
}

/// Does the witness in `signature` prove `address` over `msg`, as BIP-322 simple or as the
/// backend's construction?
pub fn verify(address: &Address, signature: &str, msg: &[u8]) -> Option<Format> {
    let witness = decode(signature)?;
    // The input is hostile: should the crate panic on some witness, that is a refusal.
    let standard = std::panic::catch_unwind(|| {
        matches!(
            bip322::verify_simple(address, msg, witness.clone()),
            Ok(bip322::Verification::Valid { .. })
        )
    });
    if standard.unwrap_or(false) {
        return Some(Format::Bip322);
    }
    verify_stargate(&address.script_pubkey(), &witness, msg).then_some(Format::Bip322Stargate)
}

/// The backend's `to_sign` transaction for `script_pubkey` and `msg` (see the module comment).
pub fn stargate_to_sign(script_pubkey: &Script, msg: &[u8]) -> Transaction {
    let to_spend = Transaction {
        version: Version(0),
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint {
                txid: Txid::all_zeros(),
                vout: u32::MAX,
            },
            script_sig: ScriptBuf::new(),
            sequence: Sequence::MAX,
            witness: Witness::new(),
        }],
        output: vec![TxOut {
            value: Amount::ZERO,
            script_pubkey: script_pubkey.to_owned(),
        }],
    };
    let mut committed = b"BIP0322-signed-message:".to_vec();
    committed.extend_from_slice(msg);
    let commitment = sha256::Hash::hash(&committed).to_byte_array();
    Transaction {
        version: Version(0),
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint {
                txid: to_spend.compute_txid(),
                vout: 0,
            },
            script_sig: ScriptBuf::new(),
            sequence: Sequence::ZERO,
            witness: Witness::new(),
        }],
        output: vec![TxOut {
            value: Amount::ZERO,
            script_pubkey: Builder::new()
                .push_opcode(OP_RETURN)
                .push_slice(commitment)
                .into_script(),
        }],
    }
}

/// Checks `witness` against the backend's construction for a P2WPKH or P2TR `script_pubkey`.
pub fn verify_stargate(script_pubkey: &Script, witness: &Witness, msg: &[u8]) -> bool {
    let to_sign = stargate_to_sign(script_pubkey, msg);
    let verified = if script_pubkey.is_p2wpkh() {
        verify_p2wpkh(&to_sign, script_pubkey, witness)
    } else if script_pubkey.is_p2tr() {
        verify_p2tr_key_path(&to_sign, script_pubkey, witness)
    } else {
        None
    };
    verified.unwrap_or(false)
}

/// `None` (refused) for a witness that does not even decode.
fn verify_p2wpkh(to_sign: &Transaction, spk: &Script, witness: &Witness) -> Option<bool> {
    let (Some(sig), Some(key), 2) = (witness.nth(0), witness.nth(1), witness.len()) else {
        return None;
    };
    let key = CompressedPublicKey::from_slice(key).ok()?;
    let (&hash_byte, der) = sig.split_last()?;
    let ty = EcdsaSighashType::from_standard(u32::from(hash_byte)).ok()?;
    let commits_to_outputs = !matches!(
        ty,
        EcdsaSighashType::None | EcdsaSighashType::NonePlusAnyoneCanPay
    );
    let sig = ecdsa::Signature::from_der(der).ok()?;
    let sighash = SighashCache::new(to_sign).p2wpkh_signature_hash(0, spk, Amount::ZERO, ty);
    let digest = Message::from_digest(sighash.ok()?.to_byte_array());
    // libsecp256k1 refuses high-S signatures, as the backend's LOW_S flag does.
    Some(
        commits_to_outputs
            && ScriptBuf::new_p2wpkh(&key.wpubkey_hash()) == *spk
            && Secp256k1::verification_only()
                .verify_ecdsa(&digest, &sig, &key.0)
                .is_ok(),
    )
}

fn verify_p2tr_key_path(to_sign: &Transaction, spk: &Script, witness: &Witness) -> Option<bool> {
    let (Some(sig), 1) = (witness.nth(0), witness.len()) else {
        return None;
    };
    let (sig, ty) = match sig.len() {
        64 => (sig, TapSighashType::Default),
        65 => match TapSighashType::from_consensus_u8(sig[64]) {
            // An explicit 0x00 byte is invalid: DEFAULT is written by leaving it out.
            Ok(TapSighashType::Default) | Err(_) => return None,
            Ok(ty) => (&sig[..64], ty),
        },
        _ => return None,
    };
    if matches!(
        ty,
        TapSighashType::None | TapSighashType::NonePlusAnyoneCanPay
    ) {
        return None;
    }
    let sig = schnorr::Signature::from_slice(sig).ok()?;
    let key = XOnlyPublicKey::from_slice(&spk.as_bytes()[2..]).ok()?;
    let prevout = [TxOut {
        value: Amount::ZERO,
        script_pubkey: spk.to_owned(),
    }];
    let sighash = SighashCache::new(to_sign).taproot_key_spend_signature_hash(
        0,
        &Prevouts::All(&prevout),
        ty,
    );
    let digest = Message::from_digest(sighash.ok()?.to_byte_array());
    Some(
        Secp256k1::verification_only()
            .verify_schnorr(&sig, &digest, &key)
            .is_ok(),
    )
}

/// Signs `msg` for `address` with the backend's construction (SIGHASH_ALL for P2WPKH, DEFAULT
/// for a P2TR key-path spend without script tree). `None` for other address types.
pub fn sign_stargate(key: &SecretKey, address: &Address, msg: &[u8]) -> Option<Witness> {
    let secp = Secp256k1::new();
    let spk = address.script_pubkey();
    let to_sign = stargate_to_sign(&spk, msg);
    let mut cache = SighashCache::new(&to_sign);
    if spk.is_p2wpkh() {
        let ty = EcdsaSighashType::All;
        let sighash = cache
            .p2wpkh_signature_hash(0, &spk, Amount::ZERO, ty)
            .ok()?;
        let sig = secp.sign_ecdsa(&Message::from_digest(sighash.to_byte_array()), key);
        let sig = bitcoin::ecdsa::Signature {
            signature: sig,
            sighash_type: ty,
        };
        let pk = CompressedPublicKey(key.public_key(&secp));
        Some(Witness::p2wpkh(&sig, &pk.0))
    } else if spk.is_p2tr() {
        let prevout = [TxOut {
            value: Amount::ZERO,
            script_pubkey: spk.clone(),
        }];
        let sighash = cache
            .taproot_key_spend_signature_hash(0, &Prevouts::All(&prevout), TapSighashType::Default)
            .ok()?;
        let tweaked = Keypair::from_secret_key(&secp, key).tap_tweak(&secp, None);
        let sig = secp.sign_schnorr_no_aux_rand(
            &Message::from_digest(sighash.to_byte_array()),
            &tweaked.to_keypair(),
        );
        Some(Witness::from_slice(&[sig.as_ref().to_vec()]))
    } else {
        None
    }
}

/// Signs `msg` for `address` as BIP-322 simple (through the `bip322` crate).
pub fn sign_bip322(key: &PrivateKey, address: &Address, msg: &[u8]) -> Option<Witness> {
    bip322::sign_simple(address, msg, std::slice::from_ref(key), None).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The BIP's test key and addresses (mainnet).
    const WIF: &str = "L3VFeEujGtevx9w18HD1fhRbCH67Az2dpCymeRE1SoPK6XQtaN2k";
    const P2WPKH: &str = "bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l";
    const P2TR: &str = "bc1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5sxq8lt3";

    fn addr(s: &str) -> Address {
        Address::from_str(s).unwrap().assume_checked()
    }

    /// BIP-322's "simple" test vectors (bip-0322.mediawiki, "Test vectors").
    pub const BIP322_VECTORS: &[(&str, &str, &str)] = &[
        (P2WPKH, "", "AkcwRAIgM2gBAQqvZX15ZiysmKmQpDrG83avLIT492QBzLnQIxYCIBaTpOaD20qRlEylyxFSeEA2ba9YOixpX8z46TSDtS40ASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI="),
        (P2WPKH, "", "AkgwRQIhAPkJ1Q4oYS0htvyuSFHLxRQpFAY56b70UvE7Dxazen0ZAiAtZfFz1S6T6I23MWI2lK/pcNTWncuyL8UL+oMdydVgzAEhAsfxIAMZZEKUPYWI4BruhAQjzFT8FSFSajuFwrDL1Yhy"),
        (P2WPKH, "Hello World", "AkcwRAIgZRfIY3p7/DoVTty6YZbWS71bc5Vct9p9Fia83eRmw2QCICK/ENGfwLtptFluMGs2KsqoNSk89pO7F29zJLUx9a/sASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI="),
        (P2WPKH, "Hello World", "AkgwRQIhAOzyynlqt93lOKJr+wmmxIens//zPzl9tqIOua93wO6MAiBi5n5EyAcPScOjf1lAqIUIQtr3zKNeavYabHyR8eGhowEhAsfxIAMZZEKUPYWI4BruhAQjzFT8FSFSajuFwrDL1Yhy"),
        (P2TR, "Hello World", "AUHd69PrJQEv+oKTfZ8l+WROBHuy9HKrbFCJu7U1iK2iiEy1vMU5EfMtjc+VSHM7aU0SDbak5IUZRVno2P5mjSafAQ=="),
    ];

    #[test]
    fn bip322_simple_test_vectors_verify_and_refuse_other_messages() {
        for (address, msg, sig) in BIP322_VECTORS {
            let a = addr(address);
            assert_eq!(
                verify(&a, sig, msg.as_bytes()),
                Some(Format::Bip322),
                "{address} {msg:?}"
            );
            assert_eq!(verify(&a, sig, b"Hello World!"), None, "{address} {msg:?}");
        }
        // A P2WPKH vector does not prove the same key's taproot address, and vice versa.
        assert_eq!(
            verify(&addr(P2TR), BIP322_VECTORS[2].2, b"Hello World"),
            None
        );
        assert_eq!(
            verify(&addr(P2WPKH), BIP322_VECTORS[4].2, b"Hello World"),
            None
        );
    }

    #[test]
    fn hex_is_tried_before_base64() {
        use base64::Engine;
        let (address, msg, sig) = BIP322_VECTORS[2];
        let raw = base64::engine::general_purpose::STANDARD
            .decode(sig)
            .unwrap();
        let hex: String = raw.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(
            verify(&addr(address), &hex, msg.as_bytes()),
            Some(Format::Bip322)
        );
        assert_eq!(
            verify(&addr(address), &format!(" {sig}\n"), msg.as_bytes()),
            Some(Format::Bip322)
        );
        // Trailing bytes after the witness are refused.
        let mut long = raw.clone();
        long.push(0);
        let hex: String = long.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(verify(&addr(address), &hex, msg.as_bytes()), None);
    }

    #[test]
    fn more_than_twenty_items_are_refused() {
        let items: Vec<Vec<u8>> = (0..21).map(|i| vec![i]).collect();
        assert!(decode(&encode(&Witness::from_slice(&items))).is_none());
        let items: Vec<Vec<u8>> = (0..20).map(|i| vec![i]).collect();
        assert!(decode(&encode(&Witness::from_slice(&items))).is_some());
    }

    #[test]
    fn the_backend_construction_round_trips_for_p2wpkh_and_p2tr() {
        let key = PrivateKey::from_wif(WIF).unwrap();
        for address in [P2WPKH, P2TR] {
            let a = addr(address);
            let w = sign_stargate(&key.inner, &a, b"9f1c").unwrap();
            let sig = encode(&w);
            assert_eq!(
                verify(&a, &sig, b"9f1c"),
                Some(Format::Bip322Stargate),
                "{address}"
            );
            assert_eq!(verify(&a, &sig, b"9f1d"), None, "{address}");
            // Standard BIP-322 signatures are not mistaken for it, nor the reverse.
            let std = encode(&sign_bip322(&key, &a, b"9f1c").unwrap());
            assert_eq!(verify(&a, &std, b"9f1c"), Some(Format::Bip322), "{address}");
            assert!(!verify_stargate(
                &a.script_pubkey(),
                &decode(&std).unwrap(),
                b"9f1c"
            ));
        }
        // Another key's signature does not prove this address.
        let other = SecretKey::from_slice(&[9u8; 32]).unwrap();
        let w = sign_stargate(&other, &addr(P2WPKH), b"n").unwrap();
        assert_eq!(verify(&addr(P2WPKH), &encode(&w), b"n"), None);
    }

    #[test]
    fn the_backend_construction_matches_its_own_test() {
        // backend/handlers/auth_handler_test.go builds `to_spend` with version 0, prevout
        // 00…00:0xFFFFFFFF, sequence 0xFFFFFFFF, no scriptSig, and `to_sign` with sequence 0
        // and OP_RETURN PUSH32(sha256(prefix ‖ msg)).
        let spk = addr(P2WPKH).script_pubkey();
        let tx = stargate_to_sign(&spk, b"deadbeefcafebabe");
        assert_eq!(tx.version, Version(0));
        assert_eq!(tx.input[0].sequence, Sequence::ZERO);
        let out = tx.output[0].script_pubkey.as_bytes();
        assert_eq!((out[0], out[1], out.len()), (0x6a, 0x20, 34));
        let mut pre = b"BIP0322-signed-message:".to_vec();
        pre.extend_from_slice(b"deadbeefcafebabe");
        assert_eq!(&out[2..], sha256::Hash::hash(&pre).as_byte_array());
    }

    #[test]
    fn sighash_none_is_refused_in_the_backend_construction() {
        let key = PrivateKey::from_wif(WIF).unwrap();
        let secp = Secp256k1::new();
        let spk = addr(P2WPKH).script_pubkey();
        let tx = stargate_to_sign(&spk, b"m");
        for (ty, ok) in [
            (EcdsaSighashType::All, true),
            (EcdsaSighashType::Single, true),
            (EcdsaSighashType::AllPlusAnyoneCanPay, true),
            (EcdsaSighashType::None, false),
        ] {
            let h = SighashCache::new(&tx)
                .p2wpkh_signature_hash(0, &spk, Amount::ZERO, ty)
                .unwrap();
            let sig = bitcoin::ecdsa::Signature {
                signature: secp.sign_ecdsa(&Message::from_digest(h.to_byte_array()), &key.inner),
                sighash_type: ty,
            };
            let w = Witness::p2wpkh(&sig, &key.inner.public_key(&secp));
            assert_eq!(verify_stargate(&spk, &w, b"m"), ok, "{ty:?}");
        }
    }
}
