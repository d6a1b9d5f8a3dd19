//! The message hidden in an inscription's image (the Starlight scan), and the contract's
//! sandbox of hand-ins.
//!
//! The backend's block monitor scans each image when it indexes the block and keeps what its
//! scanner read in `scan_result.extracted_message` (React also reads
//! `metadata.extracted_message`, then `metadata.embedded_message`); an image it did not read
//! says `scan_error: "not_scanned"`. On request only, never for every opened image, the page
//! asks `POST /bitcoin/v1/extract` with the image's bytes. Either way the message is hostile
//! text: sanitised by `text::preview` (no control, bidi or invisible characters), shown as a
//! text node, capped at [`MESSAGE_MAX`] bytes.
//!
//! `/sandbox/<pixel hash>/` is the backend's folder of the contract's hand-ins (agents' HTML
//! apps). The page links it only for a valid 64-hex `metadata.visible_pixel_hash`, opened in a
//! new tab without opener or referrer, never framed: through the explorer's nginx the answer
//! carries `Content-Security-Policy: sandbox allow-scripts` (an opaque origin even at top
//! level, so it cannot read the tab's session or act as the explorer), and without that nginx
//! the URL is on the backend's origin, not the explorer's (`docs/security.md`).

use serde_json::{Map, Value};
use stargate_api::{ApiError, BlockInscription, ExtractResponse};

use super::id::is_hash;
use crate::text::preview::{full_text, Preview};

/// The most of a message shown (the scanner reads at most 125,000 bytes).
pub const MESSAGE_MAX: usize = 128 * 1024;

fn text<'a>(map: Option<&'a Map<String, Value>>, key: &str) -> Option<&'a str> {
    map.and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// A message fit to show: sanitised and capped; `None` when nothing visible is left.
pub fn shown(message: &str) -> Option<Preview> {
    let preview = full_text(message, MESSAGE_MAX);
    (!preview.text.trim().is_empty()).then_some(preview)
}

/// The message the scanner recorded for `ins`, if any.
pub fn scanned_message(ins: &BlockInscription) -> Option<Preview> {
    let scan = ins.scan_result.as_ref();
    let meta = ins.metadata.as_ref();
    text(scan, "extracted_message")
        .or_else(|| text(meta, "extracted_message"))
        .or_else(|| text(meta, "embedded_message"))
        .and_then(shown)
}

/// Did the backend index this image without reading it?
pub fn not_scanned(ins: &BlockInscription) -> bool {
    text(ins.scan_result.as_ref(), "scan_error") == Some("not_scanned")
}

/// The file name the image is sent under, for the image kinds the backend's scanner decodes
/// (PNG, GIF, JPEG, BMP, WebP); `None` for every other content type.
pub fn upload_name(content_type: &str) -> Option<&'static str> {
    let base = content_type.split(';').next().unwrap_or_default().trim();
    Some(match base.to_ascii_lowercase().as_str() {
        "image/png" => "inscription.png",
        "image/gif" => "inscription.gif",
        "image/jpeg" | "image/jpg" => "inscription.jpg",
        "image/bmp" => "inscription.bmp",
        "image/webp" => "inscription.webp",
        _ => return None,
    })
}

/// What one extraction found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Message(Preview),
    Nothing,
    /// The scanner answered but would not read the image, in words.
    Refused(String),
}

/// The answer of `POST /bitcoin/v1/extract`, read.
pub fn found(answer: &ExtractResponse) -> Found {
    let result = &answer.extraction_result;
    if let Some(message) = result.message.as_deref().filter(|_| result.message_found) {
        return shown(message).map_or(Found::Nothing, Found::Message);
    }
    match text(Some(&result.extraction_details), "error") {
        Some(why) => Found::Refused(format!(
            "The scanner would not read this image: {}.",
            full_text(why, 200).text.trim_end_matches('.')
        )),
        None => Found::Nothing,
    }
}

/// A failed extraction in words.
pub fn refusal_text(error: &ApiError) -> String {
    match error.status() {
        Some(500) => format!(
            "The scanner could not read this image. {}.",
            error.message()
        ),
        Some(400) => format!("The backend refused the image. {}.", error.message()),
        Some(404) => format!("This backend has no scanner to ask. {}.", error.message()),
        _ => format!("Could not look for a hidden message. {}.", error.message()),
    }
}

/// `/sandbox/<hash>/` for an inscription whose metadata names a valid pixel hash.
pub fn sandbox_path(ins: &BlockInscription) -> Option<String> {
    let hash = text(ins.metadata.as_ref(), "visible_pixel_hash")?.trim();
    is_hash(hash).then(|| format!("/sandbox/{}/", hash.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use stargate_api::ExtractionResult;

    use super::*;

    fn inscription(scan: Value, meta: Value) -> BlockInscription {
        serde_json::from_value(json!({
            "id": "t_0", "tx_id": "t", "input_index": 0, "content_type": "image/png",
            "size_bytes": 10, "scan_result": scan, "metadata": meta,
        }))
        .unwrap()
    }

    fn answer(found: bool, message: Option<&str>, details: Value) -> ExtractResponse {
        ExtractResponse {
            extraction_result: ExtractionResult {
                message_found: found,
                message: message.map(str::to_owned),
                method_used: None,
                method_confidence: None,
                extraction_details: serde_json::from_value(details).unwrap(),
            },
            image_info: Map::new(),
            processing_time_ms: 1.0,
            request_id: "r".into(),
        }
    }

    #[test]
    fn the_scanned_message_comes_from_the_scan_then_the_metadata_sanitised() {
        let ins = inscription(json!({"extracted_message": "a\u{202E}b<i>"}), json!(null));
        assert_eq!(scanned_message(&ins).unwrap().text, "ab<i>");
        let ins = inscription(
            json!({"extracted_message": "", "scan_error": "not_scanned"}),
            json!({"embedded_message": "from meta"}),
        );
        assert_eq!(scanned_message(&ins).unwrap().text, "from meta");
        assert!(not_scanned(&ins));
        let ins = inscription(json!({"extracted_message": " \u{200B} "}), json!(null));
        assert_eq!(scanned_message(&ins), None);
        assert!(!not_scanned(&ins));
    }

    #[test]
    fn only_images_the_scanner_decodes_are_sent() {
        assert_eq!(upload_name("image/PNG; x=1"), Some("inscription.png"));
        assert_eq!(upload_name("image/webp"), Some("inscription.webp"));
        assert_eq!(upload_name("image/svg+xml"), None);
        assert_eq!(upload_name("image/avif"), None);
        assert_eq!(upload_name("text/html"), None);
    }

    #[test]
    fn an_answer_is_a_sanitised_message_nothing_or_a_refusal() {
        let hostile = "<script>alert(1)</script>\u{202E}x\u{1b}[31m";
        let Found::Message(m) = found(&answer(true, Some(hostile), json!({}))) else {
            panic!("a message")
        };
        assert_eq!(m.text, "<script>alert(1)</script>x[31m");
        assert_eq!(
            found(&answer(false, None, json!({"status": "x"}))),
            Found::Nothing
        );
        assert_eq!(
            found(&answer(true, Some("\u{200B}"), json!({}))),
            Found::Nothing
        );
        assert_eq!(
            found(&answer(false, Some("stale"), json!({}))),
            Found::Nothing
        );
        assert_eq!(
            found(&answer(
                false,
                None,
                json!({"error": "unsupported method: x\u{202E}"})
            )),
            Found::Refused("The scanner would not read this image: unsupported method: x.".into())
        );
    }

    #[test]
    fn refusals_are_sentences() {
        let e = ApiError::from_response(
            500,
            Some("application/json"),
            r#"{"error":{"code":"EXTRACTION_FAILED","message":"Message extraction failed"}}"#,
        );
        assert_eq!(
            refusal_text(&e),
            "The scanner could not read this image. The server answered 500: Message extraction failed."
        );
        let e = ApiError::from_response(400, Some("text/plain"), "Image file required\n");
        assert!(refusal_text(&e).starts_with("The backend refused the image."));
        assert!(refusal_text(&ApiError::Network(String::new())).starts_with("Could not look"));
    }

    #[test]
    fn the_sandbox_link_needs_a_valid_pixel_hash() {
        let hash = "AB".repeat(32);
        let ins = inscription(json!(null), json!({"visible_pixel_hash": hash}));
        assert_eq!(
            sandbox_path(&ins),
            Some(format!("/sandbox/{}/", "ab".repeat(32)))
        );
        for bad in ["../x", "ab", "javascript:alert(1)", &format!("{hash}/../x")] {
            let ins = inscription(json!(null), json!({"visible_pixel_hash": bad}));
            assert_eq!(sandbox_path(&ins), None, "{bad}");
        }
    }
}
