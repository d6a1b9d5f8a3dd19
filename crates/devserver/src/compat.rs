//! The Go backend's conventions, in one leaf module that imports nothing of the server: its
//! time formats, how its handlers decode bodies and query parameters, and its error shapes.

use std::collections::HashMap;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A refusal with the backend's status and message; answers as the nested error envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub status: u16,
    pub message: String,
}

impl Refused {
    pub fn new(status: u16, message: impl Into<String>) -> Refused {
        Refused {
            status,
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for Refused {
    fn from(e: rusqlite::Error) -> Refused {
        Refused::new(500, e.to_string())
    }
}

impl From<serde_json::Error> for Refused {
    fn from(e: serde_json::Error) -> Refused {
        Refused::new(500, e.to_string())
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        envelope_error(status, &self.message)
    }
}

/// What a domain call answers: a value or a refusal.
pub type Outcome<T> = Result<T, Refused>;

/// A Go `http.Error`: plain text with a trailing newline.
pub fn plain_error(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{msg}\n"),
    )
        .into_response()
}

/// A Go `http.Error` 500 with the error's text.
pub fn internal_error(e: impl std::fmt::Display) -> Response {
    plain_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())
}

/// Go's `http.NotFound`.
pub fn not_found() -> Response {
    plain_error(StatusCode::NOT_FOUND, "404 page not found")
}

/// The plain 405 of the Go handlers that check the method with `http.Error`.
pub async fn method_not_allowed() -> Response {
    plain_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
}

/// The 405 in shape A of the Go handlers that check the method themselves.
pub async fn envelope_method_not_allowed() -> Response {
    envelope_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
}

/// Error shape A: `{"success":false,"error":{"error":{"code":"500",…}}}`.
pub fn envelope_error(status: StatusCode, msg: &str) -> Response {
    let body = stargate_api::EnvelopeError {
        success: false,
        error: stargate_api::EnvelopeErrorError {
            error: stargate_api::ErrorDetail {
                code: status.as_u16().to_string(),
                message: msg.to_string(),
                details: None,
                timestamp: Some(rfc3339(now_unix())),
                request_id: Some(String::new()),
            },
        },
    };
    (status, axum::Json(body)).into_response()
}

/// JSON body with `null` written for the listed keys of `path` that the generated type skips
/// when `None` (Go writes `null` for nil slices and pointers).
pub fn json_with_nulls<T: serde::Serialize>(value: &T, path: &[&str], keys: &[&str]) -> Response {
    let mut v = match serde_json::to_value(value) {
        Ok(v) => v,
        Err(e) => return envelope_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let mut target = &mut v;
    for p in path {
        match target.get_mut(*p) {
            Some(t) => target = t,
            None => return axum::Json(v).into_response(),
        }
    }
    if let Some(obj) = target.as_object_mut() {
        for k in keys {
            obj.entry(k.to_string()).or_insert(Value::Null);
        }
    }
    axum::Json(v).into_response()
}

/// The handlers' 400 for a body that does not decode.
pub fn invalid_json() -> Refused {
    Refused::new(400, "invalid json")
}

/// The backend's 415 when a `Content-Type` is set that does not contain `application/json`.
pub fn json_only(headers: &HeaderMap) -> Outcome<()> {
    match headers.get(header::CONTENT_TYPE) {
        Some(v) if !String::from_utf8_lossy(v.as_bytes()).contains("application/json") => {
            Err(Refused::new(415, "Content-Type must be application/json"))
        }
        _ => Ok(()),
    }
}

/// Go's `json.NewDecoder(body).Decode(&struct{ … string fields … })`: only the first JSON value
/// counts; `null` or a missing key leaves a field empty; keys match exactly, else
/// case-insensitively; other keys are ignored. `None` (the handlers' 400 "invalid json") for an
/// empty or malformed body, a value that is not an object, or a named field that is not a string.
pub fn go_string_fields<const N: usize>(body: &[u8], names: [&str; N]) -> Option<[String; N]> {
    let object = go_object(body)?;
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = go_value(go_field(&object, name))?;
    }
    Some(out)
}

/// The first JSON value of a body, decoded as Go decodes it into a struct: an object (`null` is
/// an empty one); `None` for any other value and for an empty or malformed body.
pub fn go_object(body: &[u8]) -> Option<Map<String, Value>> {
    let first = serde_json::Deserializer::from_slice(body)
        .into_iter::<Value>()
        .next()?;
    match first.ok()? {
        Value::Null => Some(Map::new()),
        Value::Object(o) => Some(o),
        _ => None,
    }
}

/// A field as Go decodes it: missing or `null` leaves the zero value; a value of another type is
/// `None` (serde's numbers and strings refuse what Go's do: a float for an int64, …).
pub fn go_value<T: DeserializeOwned + Default>(v: Option<&Value>) -> Option<T> {
    match v {
        None | Some(Value::Null) => Some(T::default()),
        Some(v) => T::deserialize(v).ok(),
    }
}

/// The value of a Go struct field's key in a decoded object: the exact key, else one that
/// matches ignoring case (as `encoding/json` matches them).
pub fn go_field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.to_lowercase() == name)
            .map(|(_, v)| v)
    })
}

/// Go's `json.NewDecoder(body).Decode(&v)`: the first JSON value; `null` leaves `v` empty; an
/// empty body or a type mismatch is an error.
pub fn decode_first<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Option<T> {
    match serde_json::Deserializer::from_slice(body)
        .into_iter::<Option<T>>()
        .next()
    {
        Some(Ok(v)) => Some(v.unwrap_or_default()),
        _ => None,
    }
}

/// Go's `base64.StdEncoding.DecodeString`: padded standard alphabet, CR/LF ignored, non-zero
/// trailing bits allowed.
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    const GO_STD: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireCanonical),
    );
    let clean: String = s.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    GO_STD.decode(clean).ok()
}

/// Go's `hex.DecodeString`: an even number of hex digits, either case.
pub fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |c: u8| (c as char).to_digit(16);
            Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
        })
        .collect()
}

/// Parses an integer query parameter (trimmed).
pub fn int_param(q: &HashMap<String, String>, key: &str) -> Option<i64> {
    q.get(key).and_then(|v| v.trim().parse::<i64>().ok())
}

/// Go's `intFromQuery`: the raw value parsed, else the default.
pub fn int_query(q: &HashMap<String, String>, key: &str, default: i64) -> i64 {
    q.get(key)
        .filter(|v| !v.is_empty())
        .map_or(Some(default), |v| v.parse().ok())
        .unwrap_or(default)
}

/// `v`, unless it is missing or Go's zero value (`""`, `0`): then `default()`.
pub fn nonzero_or<T: Default + PartialEq>(v: Option<T>, default: impl FnOnce() -> T) -> T {
    v.filter(|v| *v != T::default()).unwrap_or_else(default)
}

/// Go's `splitCSV`: trimmed, empty parts dropped.
pub fn split_csv(v: Option<&String>) -> Vec<String> {
    v.map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Seconds since the Unix epoch.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Unix nanoseconds, for the backend's `…-<unixnano>` ids.
pub fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// RFC 3339 (UTC, whole seconds, `Z`) of a Unix time, as Go's `time.RFC3339` prints it. Outside
/// chrono's range (±262,000 years; block times and clocks never are) it is the epoch.
pub fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A Go `time.Time` in JSON (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC.
pub fn rfc3339_nano(t: std::time::SystemTime) -> String {
    let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = rfc3339(d.as_secs() as i64);
    match d.subsec_nanos() {
        0 => secs,
        n => {
            let frac = format!("{n:09}");
            format!(
                "{}.{}Z",
                secs.trim_end_matches('Z'),
                frac.trim_end_matches('0')
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_231_006_505), "2009-01-03T18:15:05Z");
        assert_eq!(rfc3339(1_793_491_200), "2026-11-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(i64::MAX), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn now_is_after_this_code_was_written() {
        // 2026-11-01: a clock read as 0 or in milliseconds would fail one side.
        let now = now_unix();
        assert!((1_793_491_200..4_102_444_800).contains(&now), "{now}");
    }

    #[test]
    fn rfc3339_nano_drops_trailing_zeros_like_go() {
        use std::time::{Duration, UNIX_EPOCH};
        let t = |s, n| UNIX_EPOCH + Duration::new(s, n);
        assert_eq!(rfc3339_nano(t(0, 0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_nano(t(0, 120_000_000)), "1970-01-01T00:00:00.12Z");
        assert_eq!(rfc3339_nano(t(1, 5)), "1970-01-01T00:00:01.000000005Z");
    }

    #[test]
    fn bodies_decode_like_go_structs() {
        let f = |b: &str| go_string_fields(b.as_bytes(), ["wallet_address", "signature"]);
        let s = |a: &str, b: &str| Some([a.to_string(), b.to_string()]);
        assert_eq!(f(r#"{"wallet_address":"w","signature":"s"}"#), s("w", "s"));
        assert_eq!(f(r#"{"Wallet_Address":"w","x":1}"#), s("w", ""));
        assert_eq!(f(r#"{"wallet_address":null}"#), s("", ""));
        assert_eq!(f("null"), s("", ""));
        assert_eq!(f(r#"{} trailing junk"#), s("", ""));
        assert_eq!(f(r#"{"wallet_address":1}"#), None);
        assert_eq!(f("[]"), None);
        assert_eq!(f(""), None);
        assert_eq!(f("{"), None);
    }

    #[test]
    fn base64_like_go_std_encoding() {
        assert_eq!(decode_base64("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(decode_base64("aG\r\nk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(decode_base64("aGk"), None, "padding is required");
        assert_eq!(
            decode_base64("aGj=").as_deref(),
            Some(&b"hh"[..]),
            "trailing bits allowed"
        );
        assert_eq!(decode_base64("a_k="), None);
    }

    #[test]
    fn hex_like_go() {
        assert_eq!(decode_hex("00fFa1").as_deref(), Some(&[0, 255, 161][..]));
        assert_eq!(decode_hex("").as_deref(), Some(&[][..]));
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex("zz"), None);
    }

    #[test]
    fn csv_parts_are_trimmed_and_empty_ones_dropped() {
        let v = " a, ,b,,c ".to_string();
        assert_eq!(split_csv(Some(&v)), ["a", "b", "c"]);
        assert!(split_csv(None).is_empty());
    }
}
