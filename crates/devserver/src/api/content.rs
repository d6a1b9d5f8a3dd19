//! `/content/{txid}`, `/api/block-image/{height}/{file}` and `/uploads/{name}` (binary bodies,
//! plain-text errors).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State as S};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bitcoin::hashes::{sha256, Hash};

use super::state::{Params, State};
use crate::compat::{int_param, internal_error, not_found, plain_error};
use crate::image::Format;
use crate::payloads;

fn is_txid(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The raw payload of an inscription, parsed out of the stored block. `?witness=N` picks the part
/// with block-level ordinal N; without it, the first image-like part of the transaction.
pub async fn content(
    S(state): State,
    txid: Result<Path<String>, PathRejection>,
    Query(q): Params,
) -> Response {
    let missing = || plain_error(StatusCode::NOT_FOUND, "inscription not found");
    let Ok(Path(txid)) = txid else {
        return missing();
    };
    let txid = txid.to_ascii_lowercase();
    if !is_txid(&txid) {
        return missing();
    }
    let store = &state.store;
    let parsed = match store
        .height_of_tx(&txid)
        .and_then(|h| h.map_or(Ok(None), |h| store.parsed(h)))
    {
        Ok(Some(p)) => p,
        Ok(None) => return missing(),
        Err(e) => return internal_error(e),
    };
    let parts: Vec<_> = parsed
        .inscriptions
        .iter()
        .filter(|i| i.txid.to_string() == txid)
        .collect();
    let part = match int_param(&q, "witness") {
        Some(n) => parts.iter().find(|i| i.input_index as i64 == n),
        None => parts
            .iter()
            .find(|i| payloads::is_image(&i.content_type))
            .or_else(|| parts.first()),
    };
    let Some(part) = part else { return missing() };
    let mime = HeaderValue::from_str(&part.content_type)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| HeaderValue::from_static("application/octet-stream"));
    let hash = sha256::Hash::hash(&part.body).to_string();
    let name = header::HeaderName::from_static;
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, mime.clone()),
            (name("x-inscription-mime"), mime),
            (
                name("x-inscription-size"),
                HeaderValue::from(part.body.len()),
            ),
            (
                name("x-inscription-hash"),
                HeaderValue::from_str(&hash).expect("hex"),
            ),
        ],
        part.body.clone(),
    )
        .into_response()
}

/// Contract images of a block: there are none yet (no confirmed contracts), so every numeric
/// height answers 404.
pub async fn block_image(path: Result<Path<(String, String)>, PathRejection>) -> Response {
    match path {
        Ok(Path((height, _file))) if height.trim().parse::<i64>().is_ok() => not_found(),
        _ => block_image_no_file().await,
    }
}

/// `/api/block-image/{height}` without a file name.
pub async fn block_image_no_file() -> Response {
    plain_error(StatusCode::BAD_REQUEST, "Invalid URL format")
}

/// A wish image by its id (no extension), typed by its signature (PNG, BMP or WebP).
pub async fn upload(S(state): State, Path(name): Path<String>) -> Response {
    match state.store.wish_image(&name) {
        Ok(Some(bytes)) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    Format::sniff(&bytes).map_or("application/octet-stream", Format::mime),
                ),
                (header::CACHE_CONTROL, "public, max-age=31536000"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(e) => internal_error(e),
    }
}

/// The headers the backend's `SecurityHeaders` middleware puts on every answer, here on
/// `/content/`, `/uploads/` and `/sandbox/` (what a proxy in front must deal with): HSTS,
/// `nosniff`, no referrer; `/sandbox/` is framable by anyone (`ALLOWALL`) with no CSP; the
/// others `SAMEORIGIN` and a CSP that allows inline script (`connect-src` adds the request's
/// `Origin`).
pub async fn go_security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let sandbox = path.starts_with("/sandbox/");
    if !(sandbox || path.starts_with("/content/") || path.starts_with("/uploads/")) {
        return next.run(request).await;
    }
    let connect_src = match request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    {
        Some(origin) if !origin.is_empty() && origin != "null" => {
            format!("connect-src 'self' {origin};")
        }
        _ => "connect-src 'self';".to_owned(),
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(header::HeaderName::from_static(name), v);
        }
    };
    set(
        "strict-transport-security",
        "max-age=63072000; includeSubDomains; preload",
    );
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "no-referrer");
    if sandbox {
        set("x-frame-options", "ALLOWALL");
        return response;
    }
    set("x-frame-options", "SAMEORIGIN");
    set(
        "permissions-policy",
        "geolocation=(), microphone=(), camera=()",
    );
    set(
        "content-security-policy",
        &format!(
            "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; \
             style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; \
             font-src 'self' https://fonts.gstatic.com; img-src 'self' data: blob: https:; \
             {connect_src} worker-src 'self' blob:; frame-src 'self' blob:; object-src 'none';"
        ),
    );
    response
}
