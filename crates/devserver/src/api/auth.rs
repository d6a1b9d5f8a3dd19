//! API keys: the `middleware.APIAuth` check (shape D errors) and `/api/auth/login|logout`
//! (envelope A, httpOnly cookie).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State as S;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use stargate_api::{
    LoginEnvelope, LoginResult, LogoutEnvelope, LogoutResult, MiddlewareError, MiddlewareErrorError,
};

use super::{envelope_error, State};

/// The key a devserver accepts when none is configured (printed at start-up).
pub const DEV_API_KEY: &str = "stargate-dev-key";
/// Name of the httpOnly cookie set by login (the backend's name).
pub const COOKIE: &str = "X-API-Key";
/// The backend's cookie lifetime: 30 days.
const COOKIE_MAX_AGE: u32 = 30 * 24 * 3600;

/// The configured API keys, each bound to a wallet or not (`--api-key KEY=WALLET` / `KEY`).
#[derive(Clone, Debug)]
pub struct ApiKeys(HashMap<String, Option<String>>);

impl ApiKeys {
    /// The given keys (empty entries skipped), or [`DEV_API_KEY`] alone when there are none. An
    /// entry is `KEY` or `KEY=WALLET` (split at the first `=`; the wallet is trimmed and must not
    /// be empty). A key must be usable as a cookie value (visible ASCII, no `;`, `,`, `"`, `\`).
    pub fn new(keys: &[String]) -> anyhow::Result<ApiKeys> {
        let mut map = HashMap::new();
        for entry in keys.iter().filter(|k| !k.is_empty()) {
            let (key, wallet) = parse_entry(entry)?;
            map.insert(key, wallet);
        }
        if map.is_empty() {
            return Ok(ApiKeys(HashMap::from([(DEV_API_KEY.to_string(), None)])));
        }
        Ok(ApiKeys(map))
    }

    pub fn is_valid(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The wallet bound to a valid key (`None` for an unknown or unbound key), as the backend's
    /// `apiKeys.Get(key).Wallet`.
    pub fn wallet_for_key(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|w| w.as_deref())
    }

    /// Is this the built-in dev key only (nothing configured)?
    pub fn is_default(&self) -> bool {
        self.0.len() == 1 && self.0.get(DEV_API_KEY) == Some(&None)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `KEY` or `KEY=WALLET` → (key, wallet).
fn parse_entry(entry: &str) -> anyhow::Result<(String, Option<String>)> {
    let (key, wallet) = match entry.split_once('=') {
        Some((key, wallet)) => {
            let wallet = wallet.trim();
            anyhow::ensure!(
                !wallet.is_empty(),
                "API key entry {entry:?}: the wallet after '=' is empty"
            );
            (key, Some(wallet.to_string()))
        }
        None => (entry, None),
    };
    anyhow::ensure!(
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b";,\"\\".contains(&b)),
        "API key {key:?} must be visible ASCII without ; , \" or \\"
    );
    Ok((key.to_string(), wallet))
}

/// The key a request presents, in `middleware.APIAuth` order: a non-empty `X-API-Key` header,
/// else `Authorization: Bearer <key>`, else the `X-API-Key` cookie.
pub fn presented_key(headers: &HeaderMap) -> Option<String> {
    let text = |v: &HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
    let header_key = headers.get("x-api-key").map(text).filter(|k| !k.is_empty());
    let bearer = || {
        headers
            .get(header::AUTHORIZATION)
            .map(text)
            .and_then(|a| a.strip_prefix("Bearer ").map(str::to_string))
            .filter(|k| !k.is_empty())
    };
    header_key
        .or_else(bearer)
        .or_else(|| cookie(headers, COOKIE))
}

/// The first cookie called `name` (surrounding quotes removed, as Go does).
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
}

/// `middleware.APIAuth`'s refusal, if any: none → 401 `api_key_required`, unknown → 403
/// `api_key_invalid`.
pub fn refusal(keys: &ApiKeys, headers: &HeaderMap) -> Option<Response> {
    match presented_key(headers) {
        None => Some(middleware_error(
            StatusCode::UNAUTHORIZED,
            "api_key_required",
            "API key required",
        )),
        Some(k) if !keys.is_valid(&k) => Some(middleware_error(
            StatusCode::FORBIDDEN,
            "api_key_invalid",
            "Invalid API key",
        )),
        Some(_) => None,
    }
}

/// Error shape D: flat, `code` an integer.
pub fn middleware_error(status: StatusCode, error: &str, message: &str) -> Response {
    let body = MiddlewareError {
        success: false,
        error: MiddlewareErrorError {
            code: i64::from(status.as_u16()),
            error: error.to_string(),
            message: message.to_string(),
        },
    };
    (status, Json(body)).into_response()
}

/// `X-API-Key=<key>` for 30 days, or an expired one to clear it. Not `Secure`: the devserver is
/// plain http (the backend adds it only behind TLS or with `NODE_ENV=production`).
fn set_cookie(value: &str, max_age: u32) -> HeaderValue {
    let c = format!("{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict");
    // Keys are checked to be cookie-safe when configured, so this cannot fail.
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("X-API-Key="))
}

#[derive(Deserialize, Default)]
struct LoginBody {
    #[serde(default)]
    api_key: Option<String>,
    #[serde(default)]
    wallet_address: Option<String>,
}

/// `POST /api/auth/login {api_key, wallet_address?}`: 400 `invalid json`, 403 `invalid api key`,
/// else `{valid, api_key (as sent), wallet (as sent, trimmed)}` and the cookie.
pub async fn login(S(state): State, method: Method, body: Bytes) -> Response {
    if method != Method::POST {
        return envelope_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    // Go's json.Decoder: the first JSON value counts; `null` leaves every field empty.
    let parsed = serde_json::Deserializer::from_slice(&body)
        .into_iter::<Option<LoginBody>>()
        .next();
    let Some(Ok(body)) = parsed else {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid json");
    };
    let body = body.unwrap_or_default();
    let sent_key = body.api_key.unwrap_or_default();
    let key = sent_key.trim();
    if !state.api_keys.is_valid(key) {
        return envelope_error(StatusCode::FORBIDDEN, "invalid api key");
    }
    let wallet = body.wallet_address.unwrap_or_default().trim().to_string();
    let data = LoginResult {
        valid: true,
        api_key: sent_key.clone(),
        wallet: Some(wallet),
    };
    (
        [(header::SET_COOKIE, set_cookie(key, COOKIE_MAX_AGE))],
        Json(LoginEnvelope {
            success: true,
            data,
        }),
    )
        .into_response()
}

/// `POST /api/auth/logout`: clears the cookie, `{status: "logged out"}`.
pub async fn logout(method: Method) -> Response {
    if method != Method::POST {
        return envelope_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    (
        [(header::SET_COOKIE, set_cookie("", 0))],
        Json(LogoutEnvelope {
            success: true,
            data: LogoutResult {
                status: "logged out".to_string(),
            },
        }),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn header_then_bearer_then_cookie() {
        let all = headers(&[
            ("x-api-key", "h"),
            ("authorization", "Bearer b"),
            ("cookie", "a=1; X-API-Key=c"),
        ]);
        assert_eq!(presented_key(&all).as_deref(), Some("h"));
        let no_header = headers(&[
            ("x-api-key", ""),
            ("authorization", "Bearer b"),
            ("cookie", "X-API-Key=c"),
        ]);
        assert_eq!(presented_key(&no_header).as_deref(), Some("b"));
        let basic = headers(&[("authorization", "Basic b"), ("cookie", "X-API-Key=\"c\"")]);
        assert_eq!(presented_key(&basic).as_deref(), Some("c"));
        assert_eq!(presented_key(&headers(&[("cookie", "x-api-key=c")])), None);
    }

    #[test]
    fn keys_default_to_the_dev_key_and_must_be_cookie_safe() {
        let keys = ApiKeys::new(&[]).unwrap();
        assert!(keys.is_default() && keys.is_valid(DEV_API_KEY));
        let keys = ApiKeys::new(&["a".into(), "b".into()]).unwrap();
        assert!(!keys.is_valid(DEV_API_KEY) && keys.is_valid("b"));
        assert!(ApiKeys::new(&["a;b".into()]).is_err());
        assert!(ApiKeys::new(&["".into()]).unwrap().is_default());
    }

    #[test]
    fn keys_may_be_bound_to_wallets() {
        let keys = ApiKeys::new(&[
            "alice=tb1qalice".into(),
            "bob= tb1qbob ".into(),
            "carol".into(),
        ])
        .unwrap();
        assert_eq!(keys.wallet_for_key("alice"), Some("tb1qalice"));
        assert_eq!(keys.wallet_for_key("bob"), Some("tb1qbob"));
        assert!(keys.is_valid("carol") && keys.wallet_for_key("carol").is_none());
        assert!(!keys.is_valid("alice=tb1qalice") && keys.wallet_for_key("dave").is_none());
        assert!(ApiKeys::new(&["k=".into()]).is_err(), "empty wallet");
        assert!(ApiKeys::new(&["=w".into()]).is_err(), "empty key");
        assert!(ApiKeys::new(&["k;x=w".into()]).is_err());
        assert!(!ApiKeys::new(&[DEV_API_KEY.to_string() + "=w"])
            .unwrap()
            .is_default());
    }
}
