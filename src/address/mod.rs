//! Bitcoin address syntax, checked as the user types: the ONE home for it (the wish's payout
//! address and the wallet sign-in both use it).
//!
//! Checksums are checked with rust-bitcoin's own small crates, `bech32` (BIP-173/350:
//! bech32 for witness version 0, bech32m for 1+, witness program lengths) and `base58ck`
//! (base58check), not the whole `bitcoin` crate, which would bring secp256k1 into the wasm
//! (`docs/decisions.md`, "Sign-in"). Before them, a quick pass over the prefix, case and
//! alphabet gives a precise message for the common typing mistakes.

#[cfg(test)]
mod tests;

use std::fmt;

const BECH32_CHARS: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BASE58_CHARS: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Which chain an address is for. Testnet3, testnet4 and signet share their prefixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    Mainnet,
    Testnet,
    Regtest,
}

/// What an address pays to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    P2pkh,
    P2sh,
    P2wpkh,
    P2wsh,
    P2tr,
    /// A witness version or program length with no standard meaning yet (still valid).
    OtherSegwit,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::P2pkh => "P2PKH",
            Kind::P2sh => "P2SH",
            Kind::P2wpkh => "P2WPKH",
            Kind::P2wsh => "P2WSH",
            Kind::P2tr => "P2TR",
            Kind::OtherSegwit => "future segwit",
        }
    }
}

/// A syntactically valid address (checksum included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Address {
    pub network: Network,
    pub kind: Kind,
}

impl Address {
    /// "testnet P2WPKH", for the hint under a field.
    pub fn describe(&self) -> String {
        let network = match self.network {
            Network::Mainnet => "mainnet",
            Network::Testnet => "testnet",
            Network::Regtest => "regtest",
        };
        format!("{network} {}", self.kind.name())
    }
}

/// Why a text is not an address; `Display` is the sentence shown under the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressError {
    Empty,
    /// No known prefix (`bc1`, `tb1`, `bcrt1`, `1`, `3`, `m`, `n`, `2`).
    NotAnAddress,
    MixedCase,
    Bech32Char(char),
    Base58Char(char),
    Bech32Length,
    Base58Length,
    /// The checksum does not match: a character is wrong, missing or swapped.
    Checksum,
    /// Valid encoding, but a prefix or version of another chain or network.
    OtherNetwork,
    /// Valid, but not one the wallet sign-in can check.
    NotForSignIn(Address),
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Enter a Bitcoin address."),
            Self::NotAnAddress => {
                f.write_str("This does not look like a Bitcoin address (bc1…, tb1…, 1…, 3…).")
            }
            Self::MixedCase => f.write_str("A bech32 address is all lower case or all upper case."),
            Self::Bech32Char(c) => write!(
                f,
                "“{c}” cannot appear in a bech32 address (no 1, b, i or o after the prefix)."
            ),
            Self::Base58Char(c) => {
                write!(
                    f,
                    "“{c}” cannot appear in a base58 address (no 0, O, I or l)."
                )
            }
            Self::Bech32Length => f.write_str("This bech32 address has the wrong length."),
            Self::Base58Length => f.write_str("A base58 address has 26 to 35 characters."),
            Self::Checksum => f.write_str(
                "The checksum does not match: a character is wrong, missing or swapped.",
            ),
            Self::OtherNetwork => {
                f.write_str("This address is for another chain or network, not Bitcoin's.")
            }
            Self::NotForSignIn(a) if a.network == Network::Regtest => {
                f.write_str("Regtest addresses cannot sign in; use a mainnet or testnet address.")
            }
            Self::NotForSignIn(a) => write!(
                f,
                "A {} address cannot sign in: use a P2PKH, P2SH-P2WPKH, P2WPKH or P2TR address.",
                a.kind.name()
            ),
        }
    }
}

/// Any Bitcoin address (mainnet, testnet, signet or regtest), checksum included.
pub fn parse(text: &str) -> Result<Address, AddressError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AddressError::Empty);
    }
    let lower = text.to_ascii_lowercase();
    // bcrt1 before bc1: "bcrt1…" also starts with "bc".
    let segwit = [
        ("bcrt1", Network::Regtest),
        ("bc1", Network::Mainnet),
        ("tb1", Network::Testnet),
    ]
    .into_iter()
    .find_map(|(hrp, network)| lower.strip_prefix(hrp).map(|data| (data, network)));
    if let Some((data, network)) = segwit {
        return parse_segwit(text, &lower, data, network);
    }
    if text.starts_with(['1', '3', 'm', 'n', '2']) {
        return parse_base58(text);
    }
    Err(AddressError::NotAnAddress)
}

/// An address the wallet sign-in can prove: mainnet or testnet (the backend refuses regtest),
/// P2PKH, P2SH (P2SH-P2WPKH), P2WPKH or P2TR.
pub fn parse_for_sign_in(text: &str) -> Result<Address, AddressError> {
    let address = parse(text)?;
    let kind_ok = matches!(
        address.kind,
        Kind::P2pkh | Kind::P2sh | Kind::P2wpkh | Kind::P2tr
    );
    if address.network == Network::Regtest || !kind_ok {
        return Err(AddressError::NotForSignIn(address));
    }
    Ok(address)
}

fn parse_segwit(
    text: &str,
    lower: &str,
    data: &str,
    network: Network,
) -> Result<Address, AddressError> {
    if text != lower && text != text.to_ascii_uppercase() {
        return Err(AddressError::MixedCase);
    }
    if let Some(c) = data.chars().find(|c| !BECH32_CHARS.contains(*c)) {
        return Err(AddressError::Bech32Char(c));
    }
    // witness version + program (2..=40 bytes) + 6 checksum characters
    if !(11..=71).contains(&data.len()) {
        return Err(AddressError::Bech32Length);
    }
    let (_, version, program) = bech32::segwit::decode(lower).map_err(|e| {
        use bech32::primitives::decode::SegwitHrpstringError as E;
        match e.0 {
            E::WitnessLength(_) | E::TooLong(_) | E::Padding(_) => AddressError::Bech32Length,
            _ => AddressError::Checksum,
        }
    })?;
    let kind = match (version.to_u8(), program.len()) {
        (0, 20) => Kind::P2wpkh,
        (0, 32) => Kind::P2wsh,
        (1, 32) => Kind::P2tr,
        _ => Kind::OtherSegwit,
    };
    Ok(Address { network, kind })
}

fn parse_base58(text: &str) -> Result<Address, AddressError> {
    if let Some(c) = text.chars().find(|c| !BASE58_CHARS.contains(*c)) {
        return Err(AddressError::Base58Char(c));
    }
    if !(26..=35).contains(&text.len()) {
        return Err(AddressError::Base58Length);
    }
    let bytes = base58ck::decode_check(text).map_err(|e| match e {
        base58ck::Error::TooShort(_) => AddressError::Base58Length,
        _ => AddressError::Checksum,
    })?;
    // one version byte, then a 20-byte hash
    let [version, hash @ ..] = bytes.as_slice() else {
        return Err(AddressError::Base58Length);
    };
    if hash.len() != 20 {
        return Err(AddressError::Base58Length);
    }
    let (network, kind) = match version {
        0x00 => (Network::Mainnet, Kind::P2pkh),
        0x05 => (Network::Mainnet, Kind::P2sh),
        0x6f => (Network::Testnet, Kind::P2pkh),
        0xc4 => (Network::Testnet, Kind::P2sh),
        _ => return Err(AddressError::OtherNetwork),
    };
    Ok(Address { network, kind })
}

/// `tb1q9vza…d45v`: the start and end of an address, for tight places (the full one goes in a
/// title). Short texts come back whole.
pub fn shorten(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.len() <= 14 {
        return chars.into_iter().collect();
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}
