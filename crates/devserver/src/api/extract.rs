//! `POST /bitcoin/v1/extract`: the message hidden in an uploaded image, as the Go backend's
//! `HandleExtract` (`backend/bitcoin/api.go`) answers it with its native `AlphaScanner`.
//!
//! In its order: not POST → 405 plain text (the CORS layer answers OPTIONS first); not a
//! multipart form → 400 "Failed to parse form"; no file part `image` (a part with a file name)
//! → 400 "Image file required"; `method` (the query's first, else the form's, as Go's
//! `FormValue` reads them) other than `alpha`, `auto` or empty → 200, no message, the error in
//! `extraction_details`; an image that does not decode → 500 `EXTRACTION_FAILED` (shape E);
//! else the message, if any. Go's `EnableCORS` then allows any origin (`*`), which browsers
//! accept only for requests without credentials.

use std::collections::HashMap;
use std::time::Instant;

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use stargate_api::{CoreError, ErrorDetail, ExtractResponse, ExtractionResult};

use crate::compat::{now_nanos, now_unix, plain_error, rfc3339};
use crate::stego;

/// The largest form read (the backend reads any size; nginx stops bodies over 10 MB before).
pub const MAX_FORM_BYTES: usize = 64 << 20;

/// An uploaded file: its name (the base name, as Go's `FileName` gives it) and bytes.
struct Upload {
    filename: String,
    bytes: Vec<u8>,
}

/// Go's `GenerateRequestID`: 16 hex digits from the clock.
fn request_id() -> String {
    let digest = Sha256::digest(now_nanos().to_string());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// `filepath.Base` of a file name sent by a client.
fn base_name(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// The `format` of `image_info`: the name's text after its last `.` (all of it without one).
fn format_of(filename: &str) -> String {
    filename
        .rsplit_once('.')
        .map_or(filename, |(_, ext)| ext)
        .to_lowercase()
}

/// Reads the whole form as `ParseMultipartForm` does: any malformed part fails it all. Keeps
/// the first file part `image` and the first value `method`.
async fn read_form(mut form: Multipart) -> Option<(Option<Upload>, Option<String>)> {
    let (mut image, mut method) = (None, None);
    while let Some(field) = form.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.ok()?;
        match (name.as_str(), filename.is_empty()) {
            ("image", false) if image.is_none() => {
                image = Some(Upload {
                    filename: base_name(&filename),
                    bytes: bytes.to_vec(),
                });
            }
            ("method", true) if method.is_none() => {
                method = Some(String::from_utf8_lossy(&bytes).into_owned());
            }
            _ => {}
        }
    }
    Some((image, method))
}

/// `AlphaScanner.ExtractMessage`: `Err` carries Go's error text.
fn extract(bytes: &[u8], method: &str) -> Result<ExtractionResult, String> {
    // No message, and one detail.
    let without = |k: &str, v: String| ExtractionResult {
        message_found: false,
        message: None,
        method_used: None,
        method_confidence: None,
        extraction_details: Map::from_iter([(k.to_owned(), Value::String(v))]),
    };
    if !matches!(method, "alpha" | "auto" | "") {
        return Ok(without("error", format!("unsupported method: {method}")));
    }
    let img = stego::decode(bytes).map_err(|e| format!("failed to decode image: {e}"))?;
    Ok(match stego::extract_from_image(&img) {
        Some(message) => ExtractionResult {
            message_found: true,
            message: Some(String::from_utf8_lossy(&message).into_owned()),
            method_used: Some("alpha".to_owned()),
            method_confidence: Some(100.0),
            ..without("algorithm", "alpha_lsb".to_owned())
        },
        None => without("status", "no_message_found".to_owned()),
    })
}

/// Go's `EnableCORS`, which the handler calls after the CORS middleware set its headers.
fn enable_cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS"),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Any other method: Go's plain 405, after `EnableCORS`.
pub async fn not_post() -> Response {
    enable_cors(crate::compat::method_not_allowed().await)
}

/// The handler (POST; the route answers other methods with [`not_post`]).
pub async fn extract_message(
    Query(query): Query<HashMap<String, String>>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    enable_cors(answer(query, form).await)
}

async fn answer(
    query: HashMap<String, String>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some((image, form_method)) = (match form {
        Ok(form) => read_form(form).await,
        Err(_) => None,
    }) else {
        return plain_error(StatusCode::BAD_REQUEST, "Failed to parse form");
    };
    let Some(image) = image else {
        return plain_error(StatusCode::BAD_REQUEST, "Image file required");
    };
    let method = query
        .get("method")
        .cloned()
        .or(form_method)
        .unwrap_or_default();
    let started = Instant::now();
    let request_id = request_id();
    match extract(&image.bytes, &method) {
        Ok(extraction_result) => Json(ExtractResponse {
            extraction_result,
            image_info: Map::from_iter([
                ("filename".to_owned(), json!(image.filename)),
                ("size_bytes".to_owned(), json!(image.bytes.len())),
                ("format".to_owned(), json!(format_of(&image.filename))),
            ]),
            processing_time_ms: started.elapsed().as_millis() as f64,
            request_id,
        })
        .into_response(),
        Err(error) => {
            let body = CoreError {
                error: ErrorDetail {
                    code: "EXTRACTION_FAILED".to_owned(),
                    message: "Message extraction failed".to_owned(),
                    details: Some(Map::from_iter([("error".to_owned(), json!(error))])),
                    timestamp: Some(rfc3339(now_unix())),
                    request_id: Some(request_id),
                },
            };
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_formats_as_go_reads_them() {
        assert_eq!(base_name("dir/sub/stego.PNG"), "stego.PNG");
        assert_eq!(base_name("/"), "/");
        assert_eq!(format_of("stego.PNG"), "png");
        assert_eq!(format_of("archive.tar.GZ"), "gz");
        assert_eq!(format_of("noext"), "noext");
        assert_eq!(request_id().len(), 16);
    }

    #[test]
    fn an_unknown_method_is_refused_before_the_image_is_read() {
        let r = extract(b"not an image", "lsb.rgb").unwrap();
        assert!(!r.message_found);
        assert_eq!(r.extraction_details["error"], "unsupported method: lsb.rgb");
        assert_eq!(
            extract(b"not an image", "auto").unwrap_err(),
            "failed to decode image: image: unknown format"
        );
    }
}
