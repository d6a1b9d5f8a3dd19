//! Pure text helpers: what the app shows people and reads from them. Numbers, sizes, dates
//! and ages for cards and spoken names here; untrusted text made safe to show in [`preview`];
//! what a typed query or id means in [`query`].

pub mod markdown;
pub mod preview;
pub mod query;

use chrono::{DateTime, Datelike, TimeDelta, Timelike};

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
    let ago = TimeDelta::try_seconds(now.saturating_sub(then)).unwrap_or(TimeDelta::MAX);
    let days = ago.num_days();
    match ago {
        d if d < TimeDelta::minutes(1) => "just now".to_owned(),
        d if d < TimeDelta::hours(1) => format!("{} min ago", d.num_minutes()),
        d if d < TimeDelta::days(1) => format!("{} h ago", d.num_hours()),
        _ if days < 2 => "1 day ago".to_owned(),
        _ if days < 365 => format!("{days} days ago"),
        _ if days < 2 * 365 => "1 year ago".to_owned(),
        _ => format!("{} years ago", days / 365),
    }
}

/// Time left on a countdown (a challenge, a claim) as minutes and seconds: `9:59`, `0:05`,
/// `61:00`.
pub fn countdown(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Unix seconds → `"2009-01-03 18:15 UTC"` (proleptic Gregorian, no locale).
pub fn utc_datetime(ts: i64) -> String {
    match DateTime::from_timestamp(ts, 0) {
        Some(_) => format!("{} UTC", local_datetime(ts, 0)),
        None => format!("{ts} (unix time)"),
    }
}

/// Unix seconds as the reader's clock shows them, `offset_secs` east of UTC (the browser's
/// offset at that instant, summer time included: `api::poll::local_offset_secs`):
/// `"2009-01-03 19:15"`. Fields are written by hand rather than with chrono's `format`, whose
/// parser costs bundle size.
pub fn local_datetime(ts: i64, offset_secs: i32) -> String {
    match DateTime::from_timestamp(ts.saturating_add(i64::from(offset_secs)), 0) {
        Some(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        ),
        None => format!("{ts} (unix time)"),
    }
}

/// Unix seconds as an HTML `datetime` value: `"2009-01-03T18:15:05Z"`; `None` out of range.
pub fn iso_datetime(ts: i64) -> Option<String> {
    let t = DateTime::from_timestamp(ts, 0)?;
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// An RFC 3339 time as the backend writes it (`2026-01-02T03:04:05Z`, with fractions or an
/// offset) → unix seconds; `None` when it is not one, or is Go's zero time (year 1), which the
/// backend sends for "unknown". chrono's parser, as the sign-in's countdown uses.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let time = DateTime::parse_from_rfc3339(text.trim()).ok()?;
    (time.year() > 1).then(|| time.timestamp())
}

/// A time the backend wrote: its unix seconds ([`parse_rfc3339`]), or, when it is not one, the
/// text itself sanitised like any untrusted text ([`preview::sanitize`]) to show as it is.
pub fn rfc3339_or_text(text: &str) -> Result<i64, String> {
    parse_rfc3339(text).ok_or_else(|| preview::sanitize(text))
}

/// `"512 bytes"`, `"1.5 kB"`, `"1.0 MB"`: the one byte-size label of the app, in decimal units
/// (1 kB = 1,000 bytes; limits are stated in the same units). Integer tenths: no float
/// formatting code in the bundle for one label.
pub fn byte_size(bytes: u64) -> String {
    let tenths = |unit: u64| {
        let t = (u128::from(bytes) * 10 + u128::from(unit) / 2) / u128::from(unit);
        format!("{}.{}", t / 10, t % 10)
    };
    if bytes < 1000 {
        count_noun(bytes, "byte", "bytes")
    } else if bytes < 999_950 {
        format!("{} kB", tenths(1_000))
    } else {
        format!("{} MB", tenths(1_000_000))
    }
}

/// `"2 proposals could not be read and were left out."`: what a list says about the items it
/// received but could not decode.
pub fn left_out(n: usize, singular: &str, plural: &str) -> String {
    let verb = if n == 1 { "was" } else { "were" };
    format!(
        "{} could not be read and {verb} left out.",
        count_noun(n as u64, singular, plural)
    )
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

/// `"0.001 BTC · 100,000 sats"`; a negative budget (hostile rows) reads as unknown.
pub fn budget_text(sats: i64) -> String {
    use crate::wish::{format_btc, format_sats};
    match u64::try_from(sats) {
        Ok(s) => format!("{} · {}", format_btc(s), format_sats(s)),
        Err(_) => "Budget unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc3339_times_as_the_backend_writes_them() {
        assert_eq!(parse_rfc3339("2009-01-03T18:15:05Z"), Some(1_231_006_505));
        assert_eq!(
            parse_rfc3339("2009-01-03T18:15:05.123456789Z"),
            Some(1_231_006_505)
        );
        assert_eq!(
            parse_rfc3339("2009-01-03T20:15:05+02:00"),
            Some(1_231_006_505)
        );
        assert_eq!(
            parse_rfc3339("2009-01-03T13:15:05-05:00"),
            Some(1_231_006_505)
        );
        assert_eq!(
            parse_rfc3339("0001-01-01T00:00:00Z"),
            None,
            "Go's zero time"
        );
        for bad in [
            "",
            "yesterday",
            "2009-13-03T18:15:05Z",
            "2009-01-03T18:15:05",
            "2009-01-03T18:15:05+0x:00",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(rfc3339_or_text("2009-01-03T18:15:05Z"), Ok(1_231_006_505));
        assert_eq!(rfc3339_or_text("soon"), Err("soon".to_owned()));
    }

    proptest! {
        #[test]
        fn rfc3339_never_panics(s in any::<String>()) {
            let _ = parse_rfc3339(&s);
        }
    }

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
    fn left_out_items_are_counted_in_words() {
        assert_eq!(
            left_out(1, "proposal", "proposals"),
            "1 proposal could not be read and was left out."
        );
        assert_eq!(
            left_out(1200, "proposal", "proposals"),
            "1,200 proposals could not be read and were left out."
        );
    }

    #[test]
    fn a_date_that_is_not_one_is_shown_sanitised() {
        assert_eq!(
            rfc3339_or_text("\u{202e}yesterday\u{200b}\u{7}"),
            Err("yesterday".to_owned())
        );
    }

    #[test]
    fn genesis_time() {
        assert_eq!(utc_datetime(1_231_006_505), "2009-01-03 18:15 UTC");
        assert_eq!(utc_datetime(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_datetime(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_datetime(-86_400), "1969-12-31 00:00 UTC");
        assert_eq!(
            iso_datetime(1_231_006_505).as_deref(),
            Some("2009-01-03T18:15:05Z")
        );
        assert_eq!(iso_datetime(i64::MAX), None);
    }

    #[test]
    fn local_times_follow_the_offset_across_midnight() {
        // Tokyo (+9 h) is already on the 4th; New York (-5 h) is at 13:15.
        assert_eq!(local_datetime(1_231_006_505, 9 * 3600), "2009-01-04 03:15");
        assert_eq!(local_datetime(1_231_006_505, -5 * 3600), "2009-01-03 13:15");
        assert_eq!(local_datetime(1_231_006_505, 0), "2009-01-03 18:15");
        // India's half hour
        assert_eq!(local_datetime(0, 5 * 3600 + 1800), "1970-01-01 05:30");
        assert_eq!(
            local_datetime(i64::MAX, 3600),
            format!("{} (unix time)", i64::MAX)
        );
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(byte_size(0), "0 bytes");
        assert_eq!(byte_size(1), "1 byte");
        assert_eq!(byte_size(999), "999 bytes");
        assert_eq!(byte_size(1_000), "1.0 kB");
        assert_eq!(byte_size(1_549), "1.5 kB");
        assert_eq!(byte_size(1_550), "1.6 kB");
        assert_eq!(byte_size(999_949), "999.9 kB");
        assert_eq!(byte_size(999_950), "1.0 MB");
        assert_eq!(byte_size(1_048_576), "1.0 MB");
        assert_eq!(byte_size(5_000_000), "5.0 MB");
        assert_eq!(byte_size(12_345_678), "12.3 MB");
        assert_eq!(byte_size(u64::MAX), "18446744073709.6 MB");
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
