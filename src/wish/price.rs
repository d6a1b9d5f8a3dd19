//! Prices and budgets, exactly: a price typed in BTC or sats parsed to satoshis (decimal text,
//! never a float), shown back in either unit, and budgets from the backend's answers.

use crate::text::{count_noun, group_thousands};

pub const SATS_PER_BTC: u64 = 100_000_000;

/// The exact budget in satoshis: `totalBudgetSats` when present (and not negative), else the
/// float `price` (BTC) × 1e8 rounded; `None` when neither makes sense.
pub fn budget_sats(total_budget_sats: Option<i64>, price_btc: f64) -> Option<u64> {
    if let Some(sats) = total_budget_sats.and_then(|s| u64::try_from(s).ok()) {
        return Some(sats);
    }
    let sats = (price_btc * SATS_PER_BTC as f64).round();
    // 21e6 BTC is all there will ever be; anything beyond is nonsense from the network.
    (sats.is_finite() && (0.0..=2.1e15).contains(&sats)).then_some(sats as u64)
}

/// `10_000` → `"0.0001 BTC"`, `150_000_000` → `"1.5 BTC"`, `0` → `"0 BTC"` (exact: integer
/// arithmetic, no float).
pub fn format_btc(sats: u64) -> String {
    let whole = group_thousands(sats / SATS_PER_BTC);
    let frac = format!("{:08}", sats % SATS_PER_BTC);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{whole} BTC")
    } else {
        format!("{whole}.{frac} BTC")
    }
}

/// `10_000` → `"10,000 sats"`, `1` → `"1 sat"`.
pub fn format_sats(sats: u64) -> String {
    count_noun(sats, "sat", "sats")
}

/// All the bitcoin there will ever be, in satoshis: a larger price is a typo.
pub const MAX_SATS: u64 = 21_000_000 * SATS_PER_BTC;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PriceUnit {
    #[default]
    Btc,
    Sats,
}

impl PriceUnit {
    pub fn label(self) -> &'static str {
        match self {
            Self::Btc => "BTC",
            Self::Sats => "sats",
        }
    }
}

/// Parses a price typed in `unit` into exact satoshis: BTC as a decimal with at most 8
/// decimals (`"1"` = 100,000,000 sats, `"0.00000001"` = 1 sat), sats as a whole number. Digits
/// only (no sign, exponent or grouping); at least 1 sat; at most 21 million BTC.
pub fn parse_price(text: &str, unit: PriceUnit) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a price.".into());
    }
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let sats = match unit {
        PriceUnit::Sats => {
            if frac.is_some() {
                return Err("Satoshis are whole numbers: no decimal point.".into());
            }
            if !digits(whole) {
                return Err("Use digits only, like 25000.".into());
            }
            whole.parse::<u64>().ok()
        }
        PriceUnit::Btc => {
            let frac = frac.unwrap_or("");
            if !digits(whole) || !digits(frac) || (whole.is_empty() && frac.is_empty()) {
                return Err("Use digits and one decimal point, like 0.0025.".into());
            }
            if frac.len() > 8 {
                return Err("BTC has at most 8 decimals (1 sat = 0.00000001 BTC).".into());
            }
            let whole: u64 = if whole.is_empty() {
                0
            } else {
                match whole.parse() {
                    Ok(w) => w,
                    Err(_) => return Err(too_big()),
                }
            };
            let frac: u64 = format!("{frac:0<8}").parse().unwrap_or(0);
            whole
                .checked_mul(SATS_PER_BTC)
                .and_then(|w| w.checked_add(frac))
        }
    };
    match sats {
        None => Err(too_big()),
        Some(0) => Err("The price must be at least 1 sat.".into()),
        Some(s) if s > MAX_SATS => Err(too_big()),
        Some(s) => Ok(s),
    }
}

fn too_big() -> String {
    "That is more than the 21 million BTC there will ever be.".into()
}

/// The price text in `unit`, exactly: `100000000` sats → `"1"` BTC, → `"100000000"` sats.
pub fn price_text(sats: u64, unit: PriceUnit) -> String {
    match unit {
        PriceUnit::Sats => sats.to_string(),
        PriceUnit::Btc => format_btc(sats).trim_end_matches(" BTC").replace(',', ""),
    }
}

/// The text to show after switching units: the same amount when the old text parses, else
/// the text as typed.
pub fn switch_unit(text: &str, from: PriceUnit, to: PriceUnit) -> String {
    match parse_price(text, from) {
        Ok(sats) if from != to => price_text(sats, to),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn budgets() {
        assert_eq!(budget_sats(Some(10_000), 0.5), Some(10_000));
        assert_eq!(budget_sats(None, 0.0001), Some(10_000));
        assert_eq!(budget_sats(None, 0.1 + 0.2), Some(30_000_000));
        assert_eq!(budget_sats(Some(-5), 1.0), Some(100_000_000));
        assert_eq!(budget_sats(None, f64::NAN), None);
        assert_eq!(budget_sats(None, -1.0), None);
        assert_eq!(budget_sats(None, 1e300), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format_btc(10_000), "0.0001 BTC");
        assert_eq!(format_btc(150_000_000), "1.5 BTC");
        assert_eq!(format_btc(0), "0 BTC");
        assert_eq!(format_btc(1), "0.00000001 BTC");
        assert_eq!(format_btc(2_100_000_000_000_000), "21,000,000 BTC");
        assert_eq!(format_sats(10_000), "10,000 sats");
        assert_eq!(format_sats(1), "1 sat");
    }

    proptest! {
        #[test]
        fn btc_text_round_trips(sats in any::<u64>()) {
            let text = format_btc(sats);
            let number = text.strip_suffix(" BTC").unwrap().replace(',', "");
            let (whole, frac) = number.split_once('.').unwrap_or((&number, ""));
            prop_assert!(frac.len() <= 8 && !frac.ends_with('0'));
            let back = whole.parse::<u128>().unwrap() * SATS_PER_BTC as u128
                + format!("{frac:0<8}").parse::<u128>().unwrap();
            prop_assert_eq!(back, sats as u128);
        }

        #[test]
        fn price_agrees_with_exact_sats(sats in 0u64..210_000_000_000_000) {
            // The backend's float is total/1e8; rounding it back gives the exact integer.
            prop_assert_eq!(budget_sats(None, sats as f64 / 1e8), Some(sats));
        }
    }
}
