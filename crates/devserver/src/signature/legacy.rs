//! Legacy `signmessage` (BIP-137 without its segwit header bytes): a 65-byte compact
//! recoverable ECDSA signature, standard base64, over
//! `sha256d(varstr("Bitcoin Signed Message:\n") ‖ varstr(message))`.
//!
//! As in the backend, the recovered key may match the address as P2PKH (compressed or
//! uncompressed, as the header byte says), or, always in compressed form, as P2WPKH or
//! P2SH-P2WPKH. Header bytes 27–34 only (the backend refuses the 35–42 segwit variants).
//! The message is bytes, not text: the backend also checks the nonce's hex-decoded bytes.

use bitcoin::consensus::Encodable;
use bitcoin::hashes::{sha256d, Hash, HashEngine};
use bitcoin::secp256k1::{Message, Secp256k1, SecretKey};
use bitcoin::sign_message::MessageSignature;
use bitcoin::{Address, CompressedPublicKey, PublicKey, ScriptBuf, VarInt};

use crate::compat::decode_base64;

const MAGIC: &[u8] = b"Bitcoin Signed Message:\n";

/// The signed-message hash of arbitrary bytes (the `bitcoin` crate's `signed_msg_hash` takes
/// only `&str`, and the hex-decoded nonce is not UTF-8).
pub fn message_hash(msg: &[u8]) -> sha256d::Hash {
    let mut engine = sha256d::Hash::engine();
    for part in [MAGIC, msg] {
        // Writing into a hash engine cannot fail.
        let _ = VarInt::from(part.len()).consensus_encode(&mut engine);
        engine.input(part);
    }
    sha256d::Hash::from_engine(engine)
}

/// Does the base64 `signature` (Go's strict standard base64, CR/LF ignored) recover to a key
/// that owns `address`, over `msg`?
pub fn verify(address: &Address, signature: &str, msg: &[u8]) -> bool {
    let Some(bytes) = decode_base64(signature) else {
        return false;
    };
    if bytes.len() != 65 || !(27..=34).contains(&bytes[0]) {
        return false;
    }
    let Ok(sig) = MessageSignature::from_slice(&bytes) else {
        return false;
    };
    let Ok(key) = sig.recover_pubkey(&Secp256k1::verification_only(), message_hash(msg)) else {
        return false;
    };
    let spk = address.script_pubkey();
    let p2pkh = PublicKey {
        compressed: sig.compressed,
        inner: key.inner,
    };
    let compressed = CompressedPublicKey(key.inner);
    let p2wpkh = ScriptBuf::new_p2wpkh(&compressed.wpubkey_hash());
    spk == ScriptBuf::new_p2pkh(&p2pkh.pubkey_hash())
        || spk == p2wpkh
        || spk == ScriptBuf::new_p2sh(&p2wpkh.script_hash())
}

/// Signs `msg` with `key` (a compressed key unless `compressed` is false): base64 of the
/// 65-byte signature, as Bitcoin Core's `signmessage` prints it.
pub fn sign(key: &SecretKey, compressed: bool, msg: &[u8]) -> String {
    use base64::Engine;
    let secp = Secp256k1::signing_only();
    let digest = Message::from_digest(message_hash(msg).to_byte_array());
    let sig = MessageSignature::new(secp.sign_ecdsa_recoverable(&digest, key), compressed);
    base64::engine::general_purpose::STANDARD.encode(sig.serialize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bitcoin::sign_message::signed_msg_hash;

    fn addr(s: &str) -> Address {
        crate::signature::parse_address(s).unwrap()
    }

    #[test]
    fn message_hash_matches_the_bitcoin_crate_for_text() {
        for m in ["", "Hello World", "9f1c0d35038832e4ddecdcee21baa5aa"] {
            assert_eq!(message_hash(m.as_bytes()), signed_msg_hash(m));
        }
        // A 253-byte message takes the 3-byte varint.
        let long = "x".repeat(253);
        assert_eq!(message_hash(long.as_bytes()), signed_msg_hash(&long));
    }

    /// Bitcoin Core's `signmessage` test vectors (`util_tests.cpp`, `message_verify`/`message_sign`).
    const CORE_ADDRESS: &str = "15CRxFdyRpGZLW9w8HnHvVduizdL5jKNbs";
    const CORE_SIG: &str =
        "IPojfrX2dfPnH26UegfbGQQLrdK844DlHq5157/P6h57WyuS/Qsl+h/WSVGDF4MUi4rWSswW38oimDYfNNUBUOk=";
    const CORE_SECKEY: &str = "d97f5108f11cda6eeebaaa420fef0726b1f898060b98489fa3098463c0032866";

    #[test]
    fn bitcoin_core_signmessage_vectors_verify() {
        assert!(verify(&addr(CORE_ADDRESS), CORE_SIG, b"Trust no one"));
        assert!(!verify(
            &addr(CORE_ADDRESS),
            CORE_SIG,
            b"I never signed this"
        ));
        // A crafted signature whose r encodes text, still a valid signature by some key.
        let crafted =
            "IIcaIENoYW5jZWxsb3Igb24gYnJpbmsgb2Ygc2Vjb25kIGJhaWxvdXQgZm9yIGJhbmtzIAaHRtbCeDZINyavx14=";
        assert!(verify(
            &addr("11canuhp9X2NocwCq7xNrQYTmUgZAnLK3"),
            crafted,
            b"Trust me"
        ));
        // No key recovers from an all-zero signature.
        let zeros = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        assert!(!verify(
            &addr("1KqbBpLy5FARmTPD4VZnDDpYjkUvkr82Pm"),
            zeros,
            b"x"
        ));
    }

    #[test]
    fn signing_reproduces_bitcoin_core() {
        let bytes = crate::compat::decode_hex(CORE_SECKEY).unwrap();
        let key = SecretKey::from_slice(&bytes).unwrap();
        assert_eq!(sign(&key, true, b"Trust no one"), CORE_SIG);
    }

    #[test]
    fn one_key_signs_for_its_p2pkh_p2wpkh_and_p2sh_p2wpkh_addresses_only() {
        let secp = Secp256k1::new();
        let key = SecretKey::from_slice(&[7u8; 32]).unwrap();
        let other = SecretKey::from_slice(&[8u8; 32]).unwrap();
        let pk = CompressedPublicKey(key.public_key(&secp));
        let net = bitcoin::Network::Testnet;
        let sig = sign(&key, true, b"nonce");
        for a in [
            Address::p2pkh(pk, net),
            Address::p2wpkh(&pk, net),
            Address::p2shwpkh(&pk, net),
        ] {
            assert!(verify(&a, &sig, b"nonce"), "{a}");
            assert!(!verify(&a, &sign(&other, true, b"nonce"), b"nonce"), "{a}");
        }
        // The uncompressed form's P2PKH is another address; its segwit forms are the same.
        let unc = sign(&key, false, b"nonce");
        let unc_p2pkh = Address::p2pkh(PublicKey::new_uncompressed(pk.0), net);
        assert!(verify(&unc_p2pkh, &unc, b"nonce"));
        assert!(!verify(&Address::p2pkh(pk, net), &unc, b"nonce"));
        assert!(verify(&Address::p2wpkh(&pk, net), &unc, b"nonce"));
        // Taproot cannot be proven with a recoverable ECDSA signature.
        let tr = Address::p2tr(&secp, pk.0.x_only_public_key().0, None, net);
        assert!(!verify(&tr, &sig, b"nonce"));
    }

    #[test]
    fn malformed_signatures_are_refused() {
        use base64::Engine;
        let a = addr(CORE_ADDRESS);
        let b64 = base64::engine::general_purpose::STANDARD;
        let good = b64.decode(CORE_SIG).unwrap();
        let with_header = |h: u8| {
            let mut s = good.clone();
            s[0] = h;
            b64.encode(s)
        };
        let unpadded = CORE_SIG.trim_end_matches('=');
        let short = b64.encode(&good[..64]);
        for bad in [
            "".to_string(),
            "not base64!".to_string(),
            unpadded.to_string(),
            short,
            // Header bytes outside 27..=34 (26, and the BIP-137 segwit 35 and 39) are refused.
            with_header(26),
            with_header(35),
            with_header(39),
        ] {
            assert!(!verify(&a, &bad, b"Trust no one"), "{bad}");
        }
        assert!(verify(&a, &with_header(good[0]), b"Trust no one"));
    }
}
