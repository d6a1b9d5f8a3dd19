//! Budgets in BTC and satoshis, from the open-contracts answer (`price` float BTC,
//! `totalBudgetSats` exact integer).

use super::group_thousands;

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
    super::count_noun(sats, "sat", "sats")
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
