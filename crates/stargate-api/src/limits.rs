//! PURE: the limits every exchange of the client keeps, and the readings of the headers that
//! decide them (host-tested; the browser side is `transport.rs`).

/// How long an answer may take, headers and body, unless the client is given another time.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// How long a wish's upload and its answer may take (a 5 MB image on a slow link).
pub const UPLOAD_TIMEOUT_MS: u32 = 120_000;
/// The largest answer body read. The largest legitimate answers are lists of proposals with
/// their plans (capped by the app's own `limit`s) and pages of inscriptions.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// Whether a `Content-Length` says the body is over [`MAX_ANSWER_BYTES`] (absent or unreadable:
/// not known, the reading itself is capped).
pub fn over_size_cap(content_length: Option<&str>) -> bool {
    content_length
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|n| n > MAX_ANSWER_BYTES as u64)
}

/// The error text of a request that got no answer in time.
pub fn timed_out_message(timeout_ms: u32) -> String {
    format!("no answer within {} s", timeout_ms.div_ceil(1000))
}

/// The error text of an answer over the size cap.
pub fn too_large_message() -> String {
    format!(
        "the answer is larger than {} MB; it was not read",
        MAX_ANSWER_BYTES / (1024 * 1024)
    )
}

/// The longest wait a `Retry-After` is taken at (a day): a larger value is read as this.
pub const MAX_RETRY_AFTER_S: u32 = 86_400;

/// `Retry-After` in whole seconds: delta-seconds (`"7"`), capped at [`MAX_RETRY_AFTER_S`].
/// An HTTP date, or anything else, gives `None` (the caller's own back-off applies).
pub fn retry_after_seconds(header: Option<&str>) -> Option<u32> {
    let value = header?.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse::<u64>().map_or(MAX_RETRY_AFTER_S, |s| {
        u32::try_from(s.min(u64::from(MAX_RETRY_AFTER_S))).unwrap_or(MAX_RETRY_AFTER_S)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after_seconds(Some("7")), Some(7));
        assert_eq!(retry_after_seconds(Some(" 0 ")), Some(0));
        assert_eq!(
            retry_after_seconds(Some("99999999999999999999999")),
            Some(MAX_RETRY_AFTER_S)
        );
        assert_eq!(retry_after_seconds(Some("90000")), Some(MAX_RETRY_AFTER_S));
        assert_eq!(
            retry_after_seconds(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(retry_after_seconds(Some("-5")), None);
        assert_eq!(retry_after_seconds(Some("1.5")), None);
        assert_eq!(retry_after_seconds(Some("")), None);
        assert_eq!(retry_after_seconds(None), None);
    }

    #[test]
    fn a_declared_length_over_the_cap_is_refused() {
        assert!(!over_size_cap(None));
        assert!(!over_size_cap(Some("1024")));
        assert!(!over_size_cap(Some(&MAX_ANSWER_BYTES.to_string())));
        assert!(over_size_cap(Some(&(MAX_ANSWER_BYTES + 1).to_string())));
        assert!(over_size_cap(Some("99999999999999")));
        assert!(!over_size_cap(Some("lots")));
    }

    #[test]
    fn messages_say_the_limit() {
        assert_eq!(timed_out_message(30_000), "no answer within 30 s");
        assert_eq!(timed_out_message(1_500), "no answer within 2 s");
        assert!(too_large_message().contains("16 MB"));
    }
}
