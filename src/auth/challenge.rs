//! The wallet challenge's clock and tries (pure, host-tested).
//!
//! The deadline is counted on this tab's clock from the challenge's LIFETIME, which the server
//! states with its own two times (`expires_at - created_at`): a tab whose clock is minutes off
//! still counts down the right time. The backend checks five tries per nonce and deletes the
//! challenge at the sixth; every refusal is the same 403 "invalid signature", so what the user
//! reads is worked out here from what the tab knows (the clock and the tries it sent).

use chrono::DateTime;

/// The backend's lifetime, used when the answer's times cannot be read.
pub const DEFAULT_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// `expires_at - created_at` in milliseconds, when both are RFC 3339 and the first is later.
pub fn lifetime_ms(created_at: &str, expires_at: &str) -> Option<i64> {
    let created = DateTime::parse_from_rfc3339(created_at.trim()).ok()?;
    let expires = DateTime::parse_from_rfc3339(expires_at.trim()).ok()?;
    let ms = (expires - created).num_milliseconds();
    (ms > 0).then_some(ms)
}

/// When the challenge received at `received_at_ms` (this tab's clock) expires, on this clock.
pub fn deadline_ms(created_at: &str, expires_at: &str, received_at_ms: i64) -> i64 {
    received_at_ms
        .saturating_add(lifetime_ms(created_at, expires_at).unwrap_or(DEFAULT_LIFETIME_MS))
}

/// Whole seconds left before `deadline_ms` (rounded up, so "0:00" is shown only once expired).
pub fn seconds_left(deadline_ms: i64, now_ms: i64) -> u64 {
    let left = deadline_ms.saturating_sub(now_ms);
    if left <= 0 {
        0
    } else {
        u64::try_from(left).unwrap_or(0).div_ceil(1000)
    }
}

/// Why the backend refused a signature, as far as the tab can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The challenge's lifetime was over when the signature was sent.
    Expired,
    /// More tries than the challenge allows: the backend deleted it.
    TooManyTries,
    /// Within time and tries: the signature does not match this nonce and address.
    Signature,
}

/// What a 403 on try number `tries` (1 for the first) means; `expired` is the clock's say.
pub fn refusal(tries: u32, max_tries: u32, expired: bool) -> Refusal {
    if expired {
        Refusal::Expired
    } else if tries > max_tries {
        Refusal::TooManyTries
    } else {
        Refusal::Signature
    }
}

/// Tries left on a challenge after `tries` were sent.
pub fn tries_left(tries: u32, max_tries: u32) -> u32 {
    max_tries.saturating_sub(tries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::countdown;
    use proptest::prelude::*;

    #[test]
    fn the_lifetime_comes_from_the_server_times() {
        assert_eq!(
            lifetime_ms("2026-11-29T16:00:00Z", "2026-11-29T16:10:00Z"),
            Some(600_000)
        );
        // fractions and offsets, as Go writes them
        assert_eq!(
            lifetime_ms(
                "2026-11-29T16:00:00.250000000+01:00",
                "2026-11-29T15:00:30.75Z"
            ),
            Some(30_500)
        );
        assert_eq!(
            lifetime_ms("2026-11-29T16:00:00Z", "2026-11-29T16:00:00Z"),
            None
        );
        assert_eq!(lifetime_ms("yesterday", "2026-11-29T16:00:00Z"), None);
    }

    #[test]
    fn a_skewed_tab_clock_counts_the_same_time() {
        // the tab's clock is an hour behind the server's: still ten minutes to go
        let received = DateTime::parse_from_rfc3339("2026-11-29T15:00:00Z")
            .unwrap()
            .timestamp_millis();
        let deadline = deadline_ms("2026-11-29T16:00:00Z", "2026-11-29T16:10:00Z", received);
        assert_eq!(seconds_left(deadline, received), 600);
        assert_eq!(countdown(seconds_left(deadline, received + 1)), "10:00");
        assert_eq!(countdown(seconds_left(deadline, received + 1000)), "9:59");
        // unreadable times: the backend's ten minutes
        assert_eq!(deadline_ms("", "", 5), 5 + DEFAULT_LIFETIME_MS);
    }

    #[test]
    fn the_countdown_ends_at_zero() {
        assert_eq!(seconds_left(10_000, 9_001), 1);
        assert_eq!(seconds_left(10_000, 10_000), 0);
        assert_eq!(seconds_left(10_000, 99_000), 0);
        assert_eq!(countdown(0), "0:00");
        assert_eq!(countdown(5), "0:05");
        assert_eq!(countdown(3660), "61:00");
    }

    #[test]
    fn refusals_are_told_apart() {
        assert_eq!(refusal(1, 5, false), Refusal::Signature);
        assert_eq!(refusal(5, 5, false), Refusal::Signature);
        assert_eq!(refusal(6, 5, false), Refusal::TooManyTries);
        assert_eq!(refusal(2, 5, true), Refusal::Expired);
        assert_eq!(tries_left(2, 5), 3);
        assert_eq!(tries_left(7, 5), 0);
    }

    proptest! {
        /// The countdown never goes up as time passes, and is zero exactly from the deadline.
        #[test]
        fn the_countdown_only_goes_down(deadline in -1_000_000i64..10_000_000, now in -1_000_000i64..10_000_000, step in 0i64..100_000) {
            let a = seconds_left(deadline, now);
            let b = seconds_left(deadline, now + step);
            prop_assert!(b <= a);
            prop_assert_eq!(a == 0, now >= deadline);
            let seconds = format!("{:02}", a % 60);
            prop_assert!(countdown(a).ends_with(&seconds));
        }
    }
}
