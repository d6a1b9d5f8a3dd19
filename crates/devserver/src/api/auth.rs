//! API keys: the `middleware.APIAuth` check (shape D errors), the keys' wallets, and
//! `/api/auth/login|logout` (envelope A, httpOnly cookie). Keys live in the SQLite file
//! ([`crate::keys`]); wallet sign-in (`/api/auth/challenge|verify`) is in [`super::wallet`].
//!
//! For other handlers: [`header_key`] / [`presented_key`] for where the key comes from; the
//! keys themselves are `state.api_keys` ([`crate::keys::ApiKeys`]).

use axum::body::Bytes;
use axum::extract::{Request, State as S};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use stargate_api::{
    LoginEnvelope, LoginResult, LogoutEnvelope, LogoutResult, MiddlewareError, MiddlewareErrorError,
};

use super::state::State;
use crate::compat::{go_string_fields, invalid_json, Refused};

/// Name of the httpOnly cookie set by login and verify (the backend's name).
pub const COOKIE: &str = "X-API-Key";
/// The backend's cookie lifetime: 30 days.
const COOKIE_MAX_AGE: u32 = 30 * 24 * 3600;

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
    header_key
        .or_else(|| bearer(headers).filter(|k| !k.is_empty()))
        .or_else(|| cookie(headers, COOKIE))
}

/// The key of `Authorization: Bearer <key>`, as sent.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    let auth = String::from_utf8_lossy(headers.get(header::AUTHORIZATION)?.as_bytes());
    auth.strip_prefix("Bearer ").map(str::to_string)
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

/// `middleware.APIAuth`: a key from the header, Bearer or cookie; none → 401
/// `api_key_required`, unknown → 403 `api_key_invalid` (shape D).
pub async fn require_api_key(S(state): State, req: Request, next: Next) -> Response {
    match presented_key(req.headers()) {
        None => middleware_error(
            StatusCode::UNAUTHORIZED,
            "api_key_required",
            "API key required",
        ),
        Some(k) if !state.api_keys.is_valid(&k) => {
            middleware_error(StatusCode::FORBIDDEN, "api_key_invalid", "Invalid API key")
        }
        Some(_) => next.run(req).await,
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
pub async fn login(S(state): State, body: Bytes) -> Result<Response, Refused> {
    let [sent_key, wallet] =
        go_string_fields(&body, ["api_key", "wallet_address"]).ok_or_else(invalid_json)?;
    let key = sent_key.trim();
    let record = state
        .api_keys
        .lookup(key)
        .ok_or_else(|| Refused::new(403, "invalid api key"))?;
    let wallet = wallet.trim().to_string();
    if !wallet.is_empty() {
        if !record.wallet.trim().is_empty() && record.wallet != wallet {
            let msg = "wallet already bound; rebind requires verification";
            return Err(Refused::new(403, msg));
        }
        if !matches!(state.api_keys.bind_wallet(key, &wallet), Ok(true)) {
            return Err(Refused::new(500, "failed to bind wallet to api key"));
        }
    }
    let data = LoginResult {
        valid: true,
        api_key: key.to_string(),
        wallet: Some(wallet),
    };
    Ok((
        [(header::SET_COOKIE, session_cookie(key))],
        Json(LoginEnvelope {
            success: true,
            data,
        }),
    )
        .into_response())
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
