//! Wallet signatures over a challenge nonce, checked the way the Go backend's
//! `VerifyBTCSignature` checks them (docs/decisions.md, "Wallet sign-in"):
//!
//! 1. the address must be a mainnet or testnet/signet address (regtest `bcrt1…` is refused);
//! 2. formats are tried in order: legacy `signmessage` ([`legacy`]), then a witness stack
//!    ([`witness`]: BIP-322 "simple" and the backend's own variant of it), first over the nonce
//!    text, then over the raw bytes the nonce decodes to from hex.
//!
//! Everything here is pure: no I/O, no clock, so it is tested on the host.

pub mod legacy;
pub mod sign;
pub mod witness;

use std::str::FromStr;

use bitcoin::address::NetworkUnchecked;
use bitcoin::{Address, Network};

pub use witness::Format;

/// What the signature was checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signed {
    /// The nonce text itself.
    Nonce,
    /// The bytes the nonce decodes to from hex (the backend's fallback).
    HexDecodedNonce,
}

/// An address the backend accepts: it must parse and belong to mainnet or testnet (testnet3,
/// testnet4 and signet share their prefixes). Surrounding white space is ignored, as the backend
/// trims the challenged wallet.
pub fn parse_address(address: &str) -> Option<Address> {
    let unchecked: Address<NetworkUnchecked> = Address::from_str(address.trim()).ok()?;
    [Network::Bitcoin, Network::Testnet]
        .into_iter()
        .find(|n| unchecked.is_valid_for_network(*n))
        .map(|n| unchecked.require_network(n))?
        .ok()
}

/// Does `signature` prove control of `address` for this `nonce`? Tries, in the backend's order,
/// legacy then witness over the trimmed nonce, then both over its hex-decoded bytes.
pub fn verify(address: &str, signature: &str, nonce: &str) -> Option<(Format, Signed)> {
    let address = parse_address(address)?;
    let nonce = nonce.trim();
    let try_message = |msg: &[u8]| {
        legacy::verify(&address, signature, msg)
            .then_some(Format::Legacy)
            .or_else(|| witness::verify(&address, signature, msg))
    };
    if let Some(format) = try_message(nonce.as_bytes()) {
        return Some((format, Signed::Nonce));
    }
    let raw = crate::compat::decode_hex(nonce)?;
    try_message(&raw).map(|format| (format, Signed::HexDecodedNonce))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_the_backend_accepts() {
        for ok in [
            "bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l",
            "14vV3aCHBeStb5bkenkNHbe2YAFinYdXgc",
            "3HSVzEhCFuH9Z3wvoWTexy7BMVVp3PjS6f",
            "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v",
            "  tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v ",
            "TB1Q9VZA2E8X573NCZRLZMS0WVX3GSQJX7VAXWD45V",
        ] {
            assert!(parse_address(ok).is_some(), "{ok}");
        }
        let regtest = {
            let key = bitcoin::PrivateKey::from_wif(sign::FIXTURE_WIF).unwrap();
            let secp = bitcoin::secp256k1::Secp256k1::new();
            let pk = bitcoin::CompressedPublicKey::try_from(key.public_key(&secp)).unwrap();
            Address::p2wpkh(&pk, bitcoin::KnownHrp::Regtest).to_string()
        };
        assert!(regtest.starts_with("bcrt1q"), "{regtest}");
        for bad in [
            regtest.as_str(),
            "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45w",
            "14vV3aCHBeStb5bkenkNHbe2YAFinYdXgd",
            "",
            "not an address",
        ] {
            assert!(parse_address(bad).is_none(), "{bad}");
        }
    }

    mod mutations {
        use super::super::*;
        use base64::Engine;
        use proptest::prelude::*;

        const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

        /// (address, message, signature): Bitcoin Core's legacy vector, the BIP-322 simple
        /// vectors (P2WPKH, P2TR), and the backend's construction signed by the fixture key.
        fn known_good() -> Vec<(String, Vec<u8>, String)> {
            let mut v = vec![(
                "15CRxFdyRpGZLW9w8HnHvVduizdL5jKNbs".to_string(),
                b"Trust no one".to_vec(),
                "IPojfrX2dfPnH26UegfbGQQLrdK844DlHq5157/P6h57WyuS/Qsl+h/WSVGDF4MUi4rWSswW38oimDYfNNUBUOk=".to_string(),
            ), (
                "bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l".to_string(),
                b"Hello World".to_vec(),
                "AkcwRAIgZRfIY3p7/DoVTty6YZbWS71bc5Vct9p9Fia83eRmw2QCICK/ENGfwLtptFluMGs2KsqoNSk89pO7F29zJLUx9a/sASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI=".to_string(),
            ), (
                "bc1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5sxq8lt3".to_string(),
                b"Hello World".to_vec(),
                "AUHd69PrJQEv+oKTfZ8l+WROBHuy9HKrbFCJu7U1iK2iiEy1vMU5EfMtjc+VSHM7aU0SDbak5IUZRVno2P5mjSafAQ==".to_string(),
            )];
            for ty in [sign::AddressType::P2wpkh, sign::AddressType::P2tr] {
                let nonce = "9f1c0d35038832e4ddecdcee21baa5aa";
                let (a, sig) = sign::sign(
                    sign::FIXTURE_WIF,
                    ty,
                    sign::SigFormat::Bip322Stargate,
                    nonce,
                )
                .unwrap();
                v.push((a.to_string(), nonce.as_bytes().to_vec(), sig));
            }
            v
        }

        fn accepts(address: &str, sig: &str, msg: &[u8]) -> bool {
            let a = parse_address(address).unwrap();
            legacy::verify(&a, sig, msg) || witness::verify(&a, sig, msg).is_some()
        }

        #[test]
        fn the_unmutated_ones_verify() {
            for (a, m, s) in known_good() {
                assert!(accepts(&a, &s, &m), "{a}");
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn flipping_any_bit_of_the_signature_refuses_it(case in 0usize..5, bit in any::<usize>()) {
                let (a, m, s) = &known_good()[case];
                let mut raw = B64.decode(s).unwrap();
                let bit = bit % (raw.len() * 8);
                raw[bit / 8] ^= 1 << (bit % 8);
                prop_assert!(!accepts(a, &B64.encode(&raw), m), "bit {bit}");
            }

            #[test]
            fn flipping_any_bit_of_the_message_refuses_it(case in 0usize..5, bit in any::<usize>()) {
                let (a, m, s) = &known_good()[case];
                let mut m = m.clone();
                let bit = bit % (m.len() * 8);
                m[bit / 8] ^= 1 << (bit % 8);
                prop_assert!(!accepts(a, s, &m), "bit {bit}");
            }
        }
    }
}
