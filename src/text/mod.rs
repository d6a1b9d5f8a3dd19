//! Pure text helpers: number and time formatting for cards and spoken names.
//!
//! Inscription text previews live in [`preview`]; the wish form's rules in [`wish`].

pub mod media;
pub mod money;
pub mod preview;
pub mod query;
pub mod theme;
pub mod wish;

/// `840000` → `"840,000"`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `"1 transaction"` / `"3,050 transactions"`.
pub fn count_noun(n: u64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        group_thousands(n),
        if n == 1 { singular } else { plural }
    )
}

/// How long ago `then` was, as of `now` (both unix seconds): "just now", "5 min ago",
/// "3 h ago", "12 days ago", "4 years ago". A time in the future reads "just now".
pub fn age(then: i64, now: i64) -> String {
    let secs = now.saturating_sub(then);
    const MIN: i64 = 60;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;
    match secs {
        s if s < MIN => "just now".to_owned(),
        s if s < HOUR => format!("{} min ago", s / MIN),
        s if s < DAY => format!("{} h ago", s / HOUR),
        s if s < 2 * DAY => "1 day ago".to_owned(),
        s if s < YEAR => format!("{} days ago", s / DAY),
        s if s < 2 * YEAR => "1 year ago".to_owned(),
        s => format!("{} years ago", s / YEAR),
    }
}

/// Unix seconds → `"2009-01-03 18:15 UTC"` (proleptic Gregorian, no locale).
pub fn utc_datetime(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Shortens a hash for display: `"000000000019d668…8ce26f"`.
pub fn short_hash(hash: &str) -> String {
    let chars: Vec<char> = hash.chars().collect();
    if chars.len() <= 24 {
        return hash.to_owned();
    }
    let head: String = chars[..16].iter().collect();
    let tail: String = chars[chars.len() - 6..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(840_000), "840,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn nouns() {
        assert_eq!(
            count_noun(1, "transaction", "transactions"),
            "1 transaction"
        );
        assert_eq!(
            count_noun(3050, "transaction", "transactions"),
            "3,050 transactions"
        );
    }

    #[test]
    fn ages() {
        assert_eq!(age(100, 100), "just now");
        assert_eq!(age(200, 100), "just now");
        assert_eq!(age(0, 5 * 60), "5 min ago");
        assert_eq!(age(0, 3 * 3600 + 5), "3 h ago");
        assert_eq!(age(0, 36 * 3600), "1 day ago");
        assert_eq!(age(0, 12 * 86_400), "12 days ago");
        assert_eq!(age(0, 4 * 365 * 86_400), "4 years ago");
    }

    #[test]
    fn genesis_time() {
        assert_eq!(utc_datetime(1_231_006_505), "2009-01-03 18:15 UTC");
        assert_eq!(utc_datetime(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_datetime(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_datetime(-86_400), "1969-12-31 00:00 UTC");
    }

    #[test]
    fn hashes() {
        assert_eq!(
            short_hash("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
            "000000000019d668…8ce26f"
        );
        assert_eq!(short_hash("abc"), "abc");
    }

    proptest! {
        #[test]
        fn thousands_round_trip(n in any::<u64>()) {
            let s = group_thousands(n);
            prop_assert_eq!(s.replace(',', "").parse::<u64>().unwrap(), n);
            prop_assert!(s.split(',').skip(1).all(|g| g.len() == 3));
        }

        #[test]
        fn datetime_never_panics_and_is_well_formed(ts in -62_135_596_800i64..253_402_300_799i64) {
            let s = utc_datetime(ts);
            prop_assert_eq!(s.len(), 20);
            prop_assert!(s.ends_with(" UTC"));
        }
    }
}
