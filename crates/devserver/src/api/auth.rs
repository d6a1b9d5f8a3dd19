//! API keys: the `middleware.APIAuth` check (shape D errors), the keys' wallets, and
//! `/api/auth/login|logout` (envelope A, httpOnly cookie). Keys live in the SQLite file
//! ([`crate::keys`]); wallet sign-in (`/api/auth/challenge|verify`) is in [`super::wallet`].
//!
//! For other handlers: [`ApiKeys::is_valid`] and [`ApiKeys::wallet_for_key`] (on
//! `state.api_keys`), and [`header_key`] / [`presented_key`] for where the key comes from.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State as S;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use stargate_api::{
    LoginEnvelope, LoginResult, LogoutEnvelope, LogoutResult, MiddlewareError, MiddlewareErrorError,
};

use super::{envelope_error, go_string_fields, now_unix, State};
use crate::keys::{self, KeyRecord};
use crate::store::Store;

/// The key a devserver accepts when none is configured (printed at start-up).
pub const DEV_API_KEY: &str = "stargate-dev-key";
/// Name of the httpOnly cookie set by login and verify (the backend's name).
pub const COOKIE: &str = "X-API-Key";
/// The backend's cookie lifetime: 30 days.
const COOKIE_MAX_AGE: u32 = 30 * 24 * 3600;

/// The API keys: those configured with `--api-key` (seeded into the SQLite file at start-up)
/// and those issued by wallet verification (already there).
#[derive(Clone)]
pub struct ApiKeys {
    store: Arc<Store>,
    configured: usize,
    default_only: bool,
}

impl ApiKeys {
    /// Seeds the configured entries (`KEY` or `KEY=WALLET`, empty ones skipped), or
    /// [`DEV_API_KEY`] unbound when there are none; seeded keys of earlier runs that are not
    /// configured now stop working (see [`keys::seed`]).
    pub fn open(store: Arc<Store>, entries: &[String]) -> anyhow::Result<ApiKeys> {
        let mut parsed = entries
            .iter()
            .filter(|e| !e.is_empty())
            .map(|e| parse_entry(e))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let default_only = parsed.is_empty();
        if default_only {
            parsed.push((DEV_API_KEY.to_string(), None));
        }
        let now = now_unix();
        store.with_conn(|conn| -> anyhow::Result<()> {
            keys::ensure_table(conn)?;
            keys::seed(conn, &parsed, now)
        })?;
        Ok(ApiKeys {
            store,
            configured: parsed.len(),
            default_only,
        })
    }

    /// The record of a valid key (the key is trimmed, as the backend hashes it), else `None`
    /// (also when the store cannot be read: the backend then refuses the key too).
    pub fn lookup(&self, key: &str) -> Option<KeyRecord> {
        self.store
            .with_conn(|conn| keys::lookup(conn, key))
            .ok()
            .flatten()
    }

    pub fn is_valid(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// The wallet bound to a valid key (trimmed), or `None` for an unknown or unbound key: the
    /// backend's `apiKeys.Get(key).Wallet`, which every identity check uses.
    pub fn wallet_for_key(&self, key: &str) -> Option<String> {
        self.lookup(key)
            .map(|r| r.wallet.trim().to_string())
            .filter(|w| !w.is_empty())
    }

    /// Wallet verification's side effect: deletes every key bound to `wallet` and returns a new
    /// 64-hex key bound to it.
    pub fn reissue_for_wallet(&self, wallet: &str, email: &str) -> anyhow::Result<String> {
        let key = crate::challenges::random_hex::<32>().map_err(|e| anyhow::anyhow!("{e}"))?;
        self.store
            .with_conn(|conn| keys::replace_wallet_keys(conn, wallet, email, &key, now_unix()))?;
        Ok(key)
    }

    /// Login's binding of a wallet to a known key (no proof asked, as in the backend).
    pub fn bind_wallet(&self, key: &str, wallet: &str) -> anyhow::Result<bool> {
        self.store
            .with_conn(|conn| keys::bind_wallet(conn, key, wallet))
    }

    /// Is this the built-in dev key only (nothing configured)?
    pub fn is_default(&self) -> bool {
        self.default_only
    }

    /// How many keys were configured (the dev key counts when it stands alone).
    pub fn len(&self) -> usize {
        self.configured
    }

    pub fn is_empty(&self) -> bool {
        self.configured == 0
    }
}

/// `KEY` or `KEY=WALLET` (split at the first `=`; the wallet is trimmed and must not be empty).
/// A key must be usable as a cookie value (visible ASCII, no `;`, `,`, `"`, `\`).
pub fn parse_entry(entry: &str) -> anyhow::Result<(String, Option<String>)> {
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

/// The trimmed `X-API-Key` header, the only place `/api/smart_contract/*` reads a key from.
pub fn header_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-api-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
        .filter(|k| !k.is_empty())
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

/// The cookie login and verify set: `X-API-Key=<key>` for 30 days. Not `Secure`: the devserver
/// is plain http (the backend adds it only behind TLS or with `NODE_ENV=production`).
pub fn session_cookie(key: &str) -> HeaderValue {
    let c = format!("{COOKIE}={key}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Strict");
    // Keys are cookie-safe (checked when configured, hex when issued), so this cannot fail.
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("X-API-Key="))
}

/// `POST /api/auth/login {api_key, wallet_address?}`: 400 `invalid json`, 403 `invalid api key`,
/// 403 `wallet already bound; rebind requires verification` (the key is bound to another wallet,
/// compared case-sensitively), else a non-empty wallet is bound without proof, and
/// `{valid, api_key (trimmed), wallet (as sent, trimmed)}` with the cookie.
pub async fn login(S(state): State, method: Method, body: Bytes) -> Response {
    if method != Method::POST {
        return envelope_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    let Some([sent_key, wallet]) = go_string_fields(&body, ["api_key", "wallet_address"]) else {
        return envelope_error(StatusCode::BAD_REQUEST, "invalid json");
    };
    let key = sent_key.trim();
    let Some(record) = state.api_keys.lookup(key) else {
        return envelope_error(StatusCode::FORBIDDEN, "invalid api key");
    };
    let wallet = wallet.trim().to_string();
    if !wallet.is_empty() {
        if !record.wallet.trim().is_empty() && record.wallet != wallet {
            return envelope_error(
                StatusCode::FORBIDDEN,
                "wallet already bound; rebind requires verification",
            );
        }
        if !matches!(state.api_keys.bind_wallet(key, &wallet), Ok(true)) {
            return envelope_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "failed to bind wallet to api key",
            );
        }
    }
    let data = LoginResult {
        valid: true,
        api_key: key.to_string(),
        wallet: Some(wallet),
    };
    (
        [(header::SET_COOKIE, session_cookie(key))],
        Json(LoginEnvelope {
            success: true,
            data,
        }),
    )
        .into_response()
}

/// `/api/auth/logout`, any method (the backend checks none): clears the cookie (Go's
/// `MaxAge: -1` cookie, without SameSite), `{status: "logged out"}`. The key stays valid.
pub async fn logout() -> Response {
    (
        [(
            header::SET_COOKIE,
            HeaderValue::from_static("X-API-Key=; Path=/; Max-Age=0; HttpOnly"),
        )],
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
    fn entries_are_keys_optionally_bound_to_wallets() {
        assert_eq!(parse_entry("k").unwrap(), ("k".into(), None));
        assert_eq!(
            parse_entry("k= tb1qa ").unwrap(),
            ("k".into(), Some("tb1qa".into()))
        );
        assert_eq!(
            parse_entry("k=a=b").unwrap(),
            ("k".into(), Some("a=b".into()))
        );
        assert!(parse_entry("k=").is_err(), "empty wallet");
        assert!(parse_entry("=w").is_err(), "empty key");
        assert!(parse_entry("a;b").is_err());
        assert!(parse_entry("a b=w").is_err());
    }

    #[test]
    fn header_key_reads_only_the_header_trimmed() {
        assert_eq!(
            header_key(&headers(&[("x-api-key", " k ")])).as_deref(),
            Some("k")
        );
        assert_eq!(header_key(&headers(&[("x-api-key", "  ")])), None);
        assert_eq!(
            header_key(&headers(&[
                ("authorization", "Bearer b"),
                ("cookie", "X-API-Key=c")
            ])),
            None
        );
    }
}
