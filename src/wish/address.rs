//! Bitcoin address syntax, checked as the user types (no checksum: the backend and the
//! wallet decide the rest).

const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Checks that `text` looks like a Bitcoin address (syntax only, no checksum): bech32/bech32m
/// with `bc1`/`tb1`/`bcrt1` and a 11–71 character data part, or base58 (`1`, `3`, `m`, `n`,
/// `2`) of 26–35 characters.
pub fn check_address(text: &str) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the Bitcoin address for this wish.".into());
    }
    let lower = text.to_ascii_lowercase();
    let bech = ["bcrt1", "bc1", "tb1"]
        .into_iter()
        .find_map(|hrp| lower.strip_prefix(hrp));
    if let Some(data) = bech {
        if text != lower && text != text.to_ascii_uppercase() {
            return Err("A bech32 address is all lower case or all upper case.".into());
        }
        if let Some(c) = data.chars().find(|c| !BECH32.contains(*c)) {
            return Err(format!(
                "“{c}” cannot appear in a bech32 address (no 1, b, i or o after the prefix)."
            ));
        }
        if !(11..=71).contains(&data.len()) {
            return Err("This bech32 address has the wrong length.".into());
        }
        return Ok(());
    }
    if text.starts_with(['1', '3', 'm', 'n', '2']) {
        if let Some(c) = text.chars().find(|c| !BASE58.contains(*c)) {
            return Err(format!(
                "“{c}” cannot appear in a base58 address (no 0, O, I or l)."
            ));
        }
        if !(26..=35).contains(&text.len()) {
            return Err("A base58 address has 26 to 35 characters.".into());
        }
        return Ok(());
    }
    Err("This does not look like a Bitcoin address (bc1…, tb1…, 1…, 3…).".into())
}
