//! `POST /api/inscribe`: the Go handler's checks, in its order, with its status codes and
//! messages (envelope A), behind the API-key check (shape D).

use crate::compat::decode_base64;
use axum::extract::{Request, State as S};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bitcoin::hashes::{sha256, Hash};
use stargate_api::{InscribeEnvelope, InscribeRequest, InscribeResult};

use super::auth::{bearer, header_key};
use super::state::State;
use crate::compat::{now_unix, Refused};
use crate::image::{self, Format};
use crate::store::NewWish;

/// Largest request body read (Go reads any size; the explorer refuses big images first).
pub const MAX_BODY: usize = 32 << 20;
const ALLOWED_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "svg"];

/// Validates a JSON body the way `HandleCreateInscription` does (after the method and
/// Content-Type checks), at Unix time `now`; `require_image` is the backend's
/// `STARGATE_REQUIRE_IMAGE`.
pub fn validate(body: &[u8], now: i64, require_image: bool) -> Result<NewWish, Refused> {
    // json.Unmarshal: `null` leaves every field empty.
    let req: InscribeRequest = serde_json::from_slice::<Option<InscribeRequest>>(body)
        .map_err(|_| Refused::new(400, "Invalid JSON"))?
        .unwrap_or_default();
    let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
    let text = non_empty(req.message)
        .or(non_empty(req.text))
        .ok_or_else(|| Refused::new(400, "Message is required for inscription"))?;
    let method = non_empty(req.method).unwrap_or_else(|| "alpha".into());
    let price = non_empty(req.price).unwrap_or_else(|| "0".into());
    let filename = req.filename.unwrap_or_default();
    if !filename.is_empty() && !has_allowed_extension(&filename) {
        return Err(Refused::new(
            400,
            "Invalid file type. Allowed types: png, jpg, jpeg, gif, webp, avif, bmp, svg",
        ));
    }
    let image = match non_empty(req.image_base64) {
        Some(b64) => {
            decode_base64(&b64).ok_or_else(|| Refused::new(400, "Invalid base64 image"))?
        }
        None => Vec::new(),
    };
    if image.is_empty() && require_image {
        return Err(Refused::new(400, "Image is required for inscription"));
    }
    // No image bytes: the backend's placeholder (its default names, image.png or
    // placeholder.png, change nothing here).
    let image = if image.is_empty() {
        image::placeholder()
    } else {
        image
    };
    if !matches!(method.as_str(), "auto" | "alpha") {
        return Err(Refused::new(
            400,
            "only alpha method is supported for inscription",
        ));
    }
    let embedded = format!("{text}\n\n[stargate-ts:{now}]");
    embed(&image, &filename)
        .map_err(|e| Refused::new(500, format!("Failed to embed steganography: {e}")))?;
    let mut hashed = image.clone();
    hashed.extend_from_slice(embedded.as_bytes());
    Ok(NewWish {
        id: sha256::Hash::hash(&hashed).to_string(),
        text,
        budget_sats: parse_price_sats(&price),
        address: req.address.unwrap_or_default(),
        funding_mode: req.funding_mode.unwrap_or_default(),
        image,
        created_at: now,
        creator_wallet: String::new(),
        price_unit: non_empty(req.price_unit).unwrap_or_else(|| "btc".into()),
        skip_proposal: req.skip_proposal.unwrap_or(false),
    })
}

/// `security.ValidateExtension` over the allowed image extensions (case-insensitive).
fn has_allowed_extension(filename: &str) -> bool {
    filename
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ALLOWED_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The native alpha steganography's refusals: `resolveStegoMethod` turns a .jpg/.jpeg name into
/// `exif` and .gif into `palette`, which `stego.Inscribe` refuses; other bytes must decode as
/// PNG, BMP or WebP (no Go decoder for SVG, AVIF…). This is the 500 the explorer avoids by
/// converting images to PNG first.
fn embed(image: &[u8], filename: &str) -> Result<(), &'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let format = Format::sniff(image);
    if matches!(ext.as_str(), "jpg" | "jpeg" | "gif")
        || matches!(format, Some(Format::Jpeg | Format::Gif))
    {
        return Err("only alpha method is supported for inscription");
    }
    match format {
        Some(f) if f.alpha_embeddable() => Ok(()),
        _ => Err("image: unknown format"),
    }
}

/// `parsePriceSats`: a price with `.` is BTC (× 1e8, truncated); WITHOUT a dot it is taken as
/// satoshis whatever `price_unit` says ("1" in BTC mode is 1 sat); unparsable is 0.
pub fn parse_price_sats(raw: &str) -> i64 {
    let raw = raw.trim();
    if raw.contains('.') {
        // `as` truncates toward zero like Go's int64(); NaN/inf cannot parse from a dotted Go float.
        return raw
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map_or(0, |v| (v * 1e8) as i64);
    }
    raw.parse().unwrap_or(0)
}

/// The wish's creator, as the backend records it: the wallet of the key in `X-API-Key` (trimmed),
/// else in `Authorization: Bearer`; never the cookie's (then, or for an unbound key, "").
fn creator_wallet(keys: &crate::keys::ApiKeys, headers: &axum::http::HeaderMap) -> String {
    header_key(headers)
        .or_else(|| bearer(headers))
        .and_then(|k| keys.wallet_for_key(&k))
        .unwrap_or_default()
}

/// The handler, after the API key and the method (see the router): Content-Type, body, checks,
/// then the pending wish is written to SQLite before the 200.
pub async fn inscribe(S(state): State, req: Request) -> Result<Response, Refused> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !json {
        return Err(Refused::new(400, "Only JSON content type is supported"));
    }
    let creator_wallet = creator_wallet(&state.api_keys, req.headers());
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .map_err(|_| Refused::new(400, "Failed to read request body"))?;
    let wish = NewWish {
        creator_wallet,
        ..validate(&body, now_unix(), state.require_image)?
    };
    let id = wish.id.clone();
    let market = state.market.clone();
    match tokio::task::spawn_blocking(move || market.insert_wish(&wish)).await {
        Ok(Ok(())) => Ok(Json(InscribeEnvelope {
            success: true,
            data: InscribeResult {
                status: "success".into(),
                id: id.clone(),
                ingestion_id: Some(id.clone()),
                visible_pixel_hash: Some(id),
            },
        })
        .into_response()),
        Ok(Err(e)) => Err(Refused::new(500, format!("{e:#}"))),
        Err(e) => Err(Refused::new(500, e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_without_a_dot_is_sats_whatever_the_unit() {
        assert_eq!(parse_price_sats("1"), 1);
        assert_eq!(parse_price_sats(" 2500 "), 2500);
        assert_eq!(parse_price_sats("1.0"), 100_000_000);
        assert_eq!(parse_price_sats("0.0001"), 10_000);
        assert_eq!(parse_price_sats("abc"), 0);
        assert_eq!(parse_price_sats("1e3"), 0);
        assert_eq!(parse_price_sats(""), 0);
    }

    #[test]
    fn extensions_are_case_insensitive() {
        assert!(has_allowed_extension("A.PNG") && has_allowed_extension("x.tar.svg"));
        assert!(!has_allowed_extension("png") && !has_allowed_extension("x.exe"));
    }
}
