//! Signing a challenge with a test key (`devserver sign-message`), so a person or the e2e suite
//! can finish the wallet sign-in without a wallet app. Never use a real key here.

use bitcoin::secp256k1::Secp256k1;
use bitcoin::{Address, CompressedPublicKey, NetworkKind, PrivateKey};

use super::{legacy, witness};

/// The documented fixture wallet: a testnet key that is public (the secret key of BIP-322's
/// test vectors, in testnet encoding). Its addresses are in README.md and in the tests below.
pub const FIXTURE_WIF: &str = "cTrF79uahxMC7bQGWh2931vepWPWqS8KtF8EkqgWwv3KMGZNJ2yP";

/// The address forms a single key can sign for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AddressType {
    /// Native segwit v0 (`bc1q…` / `tb1q…`).
    P2wpkh,
    /// Segwit v0 wrapped in P2SH (`3…` / `2…`).
    P2shP2wpkh,
    /// Legacy pay-to-public-key-hash (`1…` / `m…`, `n…`).
    P2pkh,
    /// Taproot key path without a script tree (`bc1p…` / `tb1p…`).
    P2tr,
}

/// Which signature to produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SigFormat {
    /// What the real backend accepts: legacy `signmessage`, or for P2TR its witness construction.
    Auto,
    /// Legacy `signmessage` (P2PKH, P2SH-P2WPKH, P2WPKH).
    Legacy,
    /// BIP-322 simple as specified (P2WPKH, P2SH-P2WPKH, P2TR). The devserver accepts it; the
    /// real backend does not (its verifier builds other transactions).
    Bip322,
    /// The backend's own witness construction (P2WPKH, P2TR).
    Bip322Stargate,
}

/// The address of `key` in the given form, on the key's network.
pub fn address_for(key: &PrivateKey, ty: AddressType) -> Result<Address, String> {
    let secp = Secp256k1::new();
    let public = key.public_key(&secp);
    let compressed = || {
        CompressedPublicKey::try_from(public)
            .map_err(|_| "segwit and taproot addresses need a compressed key".to_string())
    };
    Ok(match ty {
        AddressType::P2pkh => Address::p2pkh(public, key.network),
        AddressType::P2wpkh => Address::p2wpkh(&compressed()?, hrp(key.network)),
        AddressType::P2shP2wpkh => Address::p2shwpkh(&compressed()?, key.network),
        AddressType::P2tr => Address::p2tr(
            &secp,
            compressed()?.0.x_only_public_key().0,
            None,
            hrp(key.network),
        ),
    })
}

fn hrp(network: NetworkKind) -> bitcoin::KnownHrp {
    match network {
        NetworkKind::Main => bitcoin::KnownHrp::Mainnet,
        NetworkKind::Test => bitcoin::KnownHrp::Testnets,
    }
}

/// Signs the (trimmed) `nonce` with the key in `wif` for its address of type `ty`: the address
/// and the signature string to send to `/api/auth/verify`.
pub fn sign(
    wif: &str,
    ty: AddressType,
    format: SigFormat,
    nonce: &str,
) -> Result<(Address, String), String> {
    let key = PrivateKey::from_wif(wif.trim()).map_err(|e| format!("invalid WIF: {e}"))?;
    let address = address_for(&key, ty)?;
    let msg = nonce.trim().as_bytes();
    let format = match (format, ty) {
        (SigFormat::Auto, AddressType::P2tr) => SigFormat::Bip322Stargate,
        (SigFormat::Auto, _) => SigFormat::Legacy,
        (f, _) => f,
    };
    let unsupported = || format!("{format:?} signatures cannot prove a {ty:?} address");
    let signature = match format {
        SigFormat::Legacy if ty == AddressType::P2tr => return Err(unsupported()),
        SigFormat::Legacy => legacy::sign(&key.inner, key.compressed, msg),
        SigFormat::Bip322 => {
            witness::encode(&witness::sign_bip322(&key, &address, msg).ok_or_else(unsupported)?)
        }
        SigFormat::Bip322Stargate | SigFormat::Auto => witness::encode(
            &witness::sign_stargate(&key.inner, &address, msg).ok_or_else(unsupported)?,
        ),
    };
    Ok((address, signature))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::{verify, Format, Signed};

    /// The fixture wallet's addresses (also documented in README.md).
    pub const FIXTURE_ADDRESSES: &[(AddressType, &str)] = &[
        (
            AddressType::P2wpkh,
            "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v",
        ),
        (
            AddressType::P2shP2wpkh,
            "2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9",
        ),
        (AddressType::P2pkh, "mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT"),
        (
            AddressType::P2tr,
            "tb1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5s3g3s37",
        ),
    ];

    #[test]
    fn the_fixture_key_is_the_bip322_test_key_on_testnet() {
        let fixture = PrivateKey::from_wif(FIXTURE_WIF).unwrap();
        let bip =
            PrivateKey::from_wif("L3VFeEujGtevx9w18HD1fhRbCH67Az2dpCymeRE1SoPK6XQtaN2k").unwrap();
        assert_eq!(fixture.inner, bip.inner);
        assert_eq!(fixture.network, NetworkKind::Test);
        for (ty, want) in FIXTURE_ADDRESSES {
            assert_eq!(address_for(&fixture, *ty).unwrap().to_string(), *want);
        }
    }

    #[test]
    fn every_signature_this_command_prints_verifies_for_its_address_and_nonce_only() {
        let nonce = "08d0ff0d35038832e4ddecdcee21baa5";
        let cases = [
            (AddressType::P2wpkh, SigFormat::Auto, Format::Legacy),
            (AddressType::P2shP2wpkh, SigFormat::Auto, Format::Legacy),
            (AddressType::P2pkh, SigFormat::Auto, Format::Legacy),
            (AddressType::P2tr, SigFormat::Auto, Format::Bip322Stargate),
            (AddressType::P2wpkh, SigFormat::Bip322, Format::Bip322),
            (AddressType::P2shP2wpkh, SigFormat::Bip322, Format::Bip322),
            (AddressType::P2tr, SigFormat::Bip322, Format::Bip322),
            (
                AddressType::P2wpkh,
                SigFormat::Bip322Stargate,
                Format::Bip322Stargate,
            ),
        ];
        for (ty, format, want) in cases {
            let (address, sig) = sign(FIXTURE_WIF, ty, format, nonce).unwrap();
            let a = address.to_string();
            assert_eq!(
                verify(&a, &sig, nonce),
                Some((want, Signed::Nonce)),
                "{ty:?} {format:?}"
            );
            assert_eq!(verify(&a, &sig, "08d0ff0d35038832e4ddecdcee21baa6"), None);
            // Another address of the same key is a different claim.
            let other = if ty == AddressType::P2tr {
                "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v"
            } else {
                FIXTURE_ADDRESSES[3].1
            };
            assert_eq!(verify(other, &sig, nonce), None, "{ty:?} {format:?}");
        }
    }

    #[test]
    fn impossible_combinations_are_clear_errors() {
        assert!(sign(FIXTURE_WIF, AddressType::P2tr, SigFormat::Legacy, "n").is_err());
        assert!(sign(
            FIXTURE_WIF,
            AddressType::P2pkh,
            SigFormat::Bip322Stargate,
            "n"
        )
        .is_err());
        assert!(sign(
            FIXTURE_WIF,
            AddressType::P2shP2wpkh,
            SigFormat::Bip322Stargate,
            "n"
        )
        .is_err());
        assert!(sign("not a wif", AddressType::P2wpkh, SigFormat::Auto, "n")
            .unwrap_err()
            .contains("invalid WIF"));
    }

    #[test]
    fn a_signature_over_the_hex_decoded_nonce_is_accepted_like_the_backend_does() {
        let nonce = "08d0ff0d35038832e4ddecdcee21baa5";
        let key = PrivateKey::from_wif(FIXTURE_WIF).unwrap();
        let raw = crate::compat::decode_hex(nonce).unwrap();
        let sig = legacy::sign(&key.inner, true, &raw);
        assert_eq!(
            verify(FIXTURE_ADDRESSES[0].1, &sig, nonce),
            Some((Format::Legacy, Signed::HexDecodedNonce))
        );
    }
}
