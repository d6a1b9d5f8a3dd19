//! Data too large for one QR code, as a series of codes a wallet reads in any order: the BBQr
//! format (Coinkite's, read by Coldcard, Sparrow, Nunchuk, Bull Bitcoin and others). Each part
//! is `B$` + encoding + file type + the number of parts and the part's index (two base-36
//! digits each) + its slice of the data, all in the QR alphanumeric set so the codes stay small.
//!
//! Only what the explorer sends is written: base32 (`2`) of a PSBT (`P`). The `bbqr` crate
//! would bring a zlib compressor into the wasm for an encoding not used here; the host tests
//! join these parts with that crate, the reference implementation.

/// Base32 characters per part (a multiple of 8: 5 bytes make 8 characters). 400 characters and
/// the header fit a version-11 code at error correction M.
pub const PART_CHARS: usize = 400;

/// The most parts the header can count (two base-36 digits).
pub const MAX_PARTS: usize = 36 * 36 - 1;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BASE36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// RFC 4648 base32, no padding.
fn base32(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            let index = (bits >> (35 - 5 * i)) & 31;
            out.push(char::from(BASE32[index as usize]));
        }
    }
    out
}

fn base36_pair(n: usize) -> String {
    [BASE36[n / 36], BASE36[n % 36]]
        .iter()
        .map(|b| char::from(*b))
        .collect()
}

/// The BBQr parts of a PSBT, or `None` when it needs more parts than the header can count.
pub fn psbt_parts(psbt: &[u8]) -> Option<Vec<String>> {
    let encoded = base32(psbt);
    let count = encoded.len().div_ceil(PART_CHARS).max(1);
    if count > MAX_PARTS {
        return None;
    }
    // the same size for every part but the last, a multiple of 8 characters
    let per = encoded.len().div_ceil(count).div_ceil(8) * 8;
    let slices: Vec<&str> = if encoded.is_empty() {
        vec![""]
    } else {
        encoded
            .as_bytes()
            .chunks(per)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect()
    };
    let total = slices.len();
    Some(
        slices
            .into_iter()
            .enumerate()
            .map(|(i, slice)| format!("B$2P{}{}{slice}", base36_pair(total), base36_pair(i)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn base32_matches_rfc4648_vectors() {
        for (plain, want) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(plain.as_bytes()), want, "{plain}");
        }
    }

    #[test]
    fn header_counts_parts_in_base36() {
        let parts = psbt_parts(&[7u8; 1000]).unwrap();
        assert_eq!(
            parts.len(),
            4,
            "1000 bytes = 1600 characters = 4 parts of 400"
        );
        assert!(parts[0].starts_with("B$2P0400"));
        assert!(parts[3].starts_with("B$2P0403"));
        assert_eq!(base36_pair(35), "0Z");
        assert_eq!(base36_pair(36), "10");
    }

    #[test]
    fn every_character_is_qr_alphanumeric() {
        let alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        let parts = psbt_parts(&(0..=255).collect::<Vec<u8>>()).unwrap();
        assert!(parts.iter().all(|p| p.chars().all(|c| alnum.contains(c))));
    }

    proptest! {
        #[test]
        fn the_reference_implementation_joins_the_parts(data in proptest::collection::vec(any::<u8>(), 1..4000)) {
            let parts = psbt_parts(&data).unwrap();
            let joined = bbqr::join::Joined::try_from_parts(parts.clone()).unwrap();
            prop_assert_eq!(joined.data, data);
            prop_assert_eq!(joined.file_type, bbqr::file_type::FileType::Psbt);
            // any order
            let mut reversed = parts;
            reversed.reverse();
            prop_assert!(bbqr::join::Joined::try_from_parts(reversed).is_ok());
        }
    }
}
