//! The HTTP API, one file per endpoint family, with the Go backend's real shapes and quirks.
//! Bodies are serialised with the generated types of the `stargate-api` crate.

pub mod auth;
pub mod blocks;
pub mod content;
pub mod contracts;
pub mod dev;
pub mod health;
pub mod inscribe;
pub mod proposals;
pub mod search;
pub mod smart_contract;
pub mod tasks;
pub mod wallet;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;

use crate::store::Store;

/// Shared state of the handlers.
pub struct AppState {
    pub store: Arc<Store>,
    pub dist: Option<PathBuf>,
    pub api_base: String,
    pub api_keys: auth::ApiKeys,
    /// Outstanding wallet challenges (in memory, as in the backend).
    pub challenges: crate::challenges::Challenges,
    /// How long a task claim holds (the backend's `STARGATE_DEFAULT_CLAIM_TTL_HOURS`).
    pub claim_ttl: std::time::Duration,
}

pub type State = axum::extract::State<Arc<AppState>>;
/// Lenient query parameters: handlers parse values themselves so that bad values fall back to
/// defaults, as the Go handlers do, instead of being rejected.
pub type Params = axum::extract::Query<HashMap<String, String>>;

/// All routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/bitcoin/v1/health",
            get(health::node_health).fallback(method_not_allowed),
        )
        .route(
            "/api/health",
            get(health::api_health).fallback(method_not_allowed),
        )
        .route(
            "/api/data/block-summaries",
            get(blocks::summaries).fallback(method_not_allowed),
        )
        .route(
            "/api/data/block-inscriptions/{height}",
            get(blocks::inscriptions).fallback(method_not_allowed),
        )
        .route(
            "/content/{txid}",
            get(content::content).fallback(method_not_allowed),
        )
        .route(
            "/api/block-image/{height}",
            get(content::block_image_no_file),
        )
        .route(
            "/api/block-image/{height}/{file}",
            get(content::block_image),
        )
        .route("/uploads/{name}", get(content::upload))
        .route("/api/open-contracts", get(contracts::open_contracts))
        .route("/api/smart-contracts", get(contracts::open_contracts))
        .route("/api/contracts-confirmed", get(contracts::open_contracts))
        .route(
            "/api/data/contracts-with-pagination",
            get(contracts::open_contracts),
        )
        .route("/api/search", get(search::search))
        // The Go handlers check the method themselves (405 in envelope A), after the API key.
        .route("/api/inscribe", any(inscribe::inscribe))
        .route("/api/auth/login", any(auth::login))
        .route("/api/auth/logout", any(auth::logout))
        .route("/api/auth/challenge", any(wallet::challenge))
        .route("/api/auth/verify", any(wallet::verify))
        // The smart-contract API dispatches on method and path itself, as `handleContracts` and
        // `handleProposals` do (key check first, then 404/405 in the nested envelope).
        .route(
            "/api/smart_contract/contracts/{*rest}",
            any(smart_contract::contracts),
        )
        .route("/api/smart_contract/proposals", any(proposals::proposals))
        .route(
            "/api/smart_contract/proposals/{*rest}",
            any(proposals::proposals),
        )
        .route("/api/smart_contract/events", any(smart_contract::events))
        .route("/api/smart_contract/tasks", any(tasks::tasks))
        .route("/api/smart_contract/tasks/", any(tasks::tasks))
        .route("/api/smart_contract/tasks/{*rest}", any(tasks::tasks))
        // Only `claims/` is registered in Go: its mux redirects the bare path there.
        .route("/api/smart_contract/claims", any(tasks::claims_redirect))
        .route("/api/smart_contract/claims/", any(tasks::claims))
        .route("/api/smart_contract/claims/{*rest}", any(tasks::claims))
        .route("/api/smart_contract/submissions", any(tasks::submissions))
        .route("/api/smart_contract/submissions/", any(tasks::submissions))
        .route(
            "/api/smart_contract/submissions/{*rest}",
            any(tasks::submissions),
        )
        .route("/dev/mine", post(dev::mine).fallback(method_not_allowed))
        .route("/config.json", get(dev::config_json))
        .fallback(crate::spa::fallback)
        .with_state(state)
        .layer(axum::middleware::from_fn(cors))
        .layer(axum::middleware::from_fn(content::go_security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            plain_error(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
        }))
}

/// A Go `http.Error`: plain text with a trailing newline, `nosniff`.
pub fn plain_error(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{msg}\n"),
    )
        .into_response()
}

/// Go's `http.NotFound`.
pub fn not_found() -> Response {
    plain_error(StatusCode::NOT_FOUND, "404 page not found")
}

pub async fn method_not_allowed() -> Response {
    plain_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
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
            obj.entry(k.to_string()).or_insert(serde_json::Value::Null);
        }
    }
    axum::Json(v).into_response()
}

/// Go's `json.NewDecoder(body).Decode(&struct{ … string fields … })`: only the first JSON value
/// counts; `null` or a missing key leaves a field empty; keys match exactly, else
/// case-insensitively; other keys are ignored. `None` (the handlers' 400 "invalid json") for an
/// empty or malformed body, a value that is not an object, or a named field that is not a string.
pub fn go_string_fields<const N: usize>(body: &[u8], names: [&str; N]) -> Option<[String; N]> {
    let value = serde_json::Deserializer::from_slice(body)
        .into_iter::<serde_json::Value>()
        .next()?
        .ok()?;
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    let object = match value {
        serde_json::Value::Null => return Some(out),
        serde_json::Value::Object(o) => o,
        _ => return None,
    };
    for (slot, name) in out.iter_mut().zip(names) {
        let found = object.get(name).or_else(|| {
            object
                .iter()
                .find(|(k, _)| k.to_lowercase() == name)
                .map(|(_, v)| v)
        });
        match found {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => *slot = s.clone(),
            Some(_) => return None,
        }
    }
    Some(out)
}

/// Seconds since the Unix epoch.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
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

/// Parses an integer query parameter.
pub fn int_param(q: &HashMap<String, String>, key: &str) -> Option<i64> {
    q.get(key).and_then(|v| v.trim().parse::<i64>().ok())
}

const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS, PATCH";
const ALLOW_HEADERS: &str =
    "Accept, Content-Type, Content-Length, Accept-Encoding, Authorization, X-API-Key, X-Requested-With";

fn add_cors(headers: &mut HeaderMap, origin: HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The Go `middleware.CORS`: echo the Origin (or `*`), allow credentials; OPTIONS → 200.
async fn cors(req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("*"));
    let mut res = if req.method() == Method::OPTIONS {
        StatusCode::OK.into_response()
    } else {
        next.run(req).await
    };
    add_cors(res.headers_mut(), origin);
    res
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
}
