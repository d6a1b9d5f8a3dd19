//! The stego images of the generated chain, and what the backend's scanner recorded for them.
//!
//! The block [`DEPTH`] below the tip carries them as its first inscriptions: RGBA PNGs whose
//! alpha bits hold a message in the Starlight alpha scheme ([`super::embed`]), one whose message
//! is hostile (markup, script, bidi overrides, invisible and control characters), and one that
//! holds none. The Go block monitor stores a scan result per image: with the native scanner
//! (`scanImagesDirectly`, `ExtractMessage: true`) `is_stego`, `confidence` 100, `stego_type`
//! `alpha` and the `extracted_message`; without one (`createEmptyScanResults`) an empty result
//! with `scan_error: "not_scanned"`. The first image here was scanned; the others were not, so
//! their messages are found only by `POST /bitcoin/v1/extract`. Other inscriptions of the chain
//! have no scan result (the block-inscriptions answer then has no `scan_result`).

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::payloads::{splitmix, Payload};

/// The pictures' colour seed ("STEGO").
const SEED: u64 = 0x5354_4547_4F00_0000;

/// How far below the tip the stego images are (the block just below the hostile corpus).
pub const DEPTH: u32 = crate::payloads::HOSTILE_TOP;

/// The message of the scanned image.
pub const SCANNED_MESSAGE: &str = "Starlight scan: this image was read when its block was indexed.";
/// A benign message the scanner did not read.
pub const PLAIN_MESSAGE: &str =
    "Meet at the lighthouse when block 840000 is mined. (hidden in the alpha channel)";
/// A hostile message: it must stay text (no markup, no script, no direction change).
pub const HOSTILE_MESSAGE: &str = "Hostile hidden note: <script>alert('stego')</script>\
    <img src=x onerror=\"window.__pwned=1;alert(8)\"> \u{202E}gnp.exe\u{202C} \u{2067}rtl\u{2069} \
    pay\u{200B}pal \u{1b}[31mred\u{7}";

/// One stego image of the chain.
#[derive(Clone, Debug)]
pub struct StegoImage {
    pub payload: Payload,
    /// The message hidden in it, if any.
    pub message: Option<&'static str>,
    /// Did the backend's scanner read it when the block was indexed?
    pub scanned: bool,
}

/// The images, in their order in the block.
pub fn corpus() -> &'static [StegoImage] {
    static CORPUS: OnceLock<Vec<StegoImage>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        [
            (Some(SCANNED_MESSAGE), true),
            (Some(PLAIN_MESSAGE), false),
            (Some(HOSTILE_MESSAGE), false),
            (None, false),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (message, scanned))| StegoImage {
            payload: Payload {
                content_type: "image/png".to_owned(),
                body: picture(i as u64, message),
            },
            message,
            scanned,
        })
        .collect()
    })
}

/// A 64 × 64 picture (room for 507 bytes of message) with `message` in its alpha bits.
fn picture(seed: u64, message: Option<&str>) -> Vec<u8> {
    const SIDE: u32 = 64;
    let r = splitmix(SEED ^ seed);
    let [c1, c2] = [r, r >> 24].map(|c| [(c >> 16) as u8, (c >> 8) as u8, c as u8]);
    let mut rgba = Vec::with_capacity((SIDE * SIDE * 4) as usize);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let t = ((x + y) * 255 / (2 * SIDE)) as u16;
            let mix = |a: u8, b: u8| ((a as u16 * (255 - t) + b as u16 * t) / 255) as u8;
            rgba.extend_from_slice(&[mix(c1[0], c2[0]), mix(c1[1], c2[1]), mix(c1[2], c2[2]), 255]);
        }
    }
    if let Some(m) = message {
        super::embed(&mut rgba, m.as_bytes()).expect("the corpus messages fit 64 × 64");
    }
    super::encode_png(SIDE, SIDE, rgba)
}

/// The stego images of the block at `height` of a chain of tip `tip` (empty for other blocks).
pub fn at(height: u32, tip: u32) -> &'static [StegoImage] {
    if height >= 1 && height + DEPTH == tip {
        corpus()
    } else {
        &[]
    }
}

/// The scan result the backend lists for an inscription whose bytes are `body` (`None`: not a
/// stego image of the corpus). `time` is the block's time (the scan's `scanned_at`).
pub fn scan_result(
    body: &[u8],
    tx_id: &str,
    index: i64,
    file_name: &str,
    time: i64,
) -> Option<Map<String, Value>> {
    let image = corpus().iter().find(|s| s.payload.body == body)?;
    let record = if image.scanned {
        json!({
            "tx_id": tx_id, "image_index": index, "file_name": file_name,
            "size_bytes": body.len(), "format": "png", "scanned_at": time,
            "is_stego": image.message.is_some(),
            "confidence": if image.message.is_some() { 100.0 } else { 0.0 },
            "stego_type": if image.message.is_some() { "alpha" } else { "" },
            "extracted_message": image.message.unwrap_or_default(),
            "scan_error": "", "stego_details": null,
        })
    } else {
        json!({
            "tx_id": "", "image_index": index, "file_name": "", "size_bytes": 0, "format": "",
            "scanned_at": time, "is_stego": false, "confidence": 0.0, "stego_type": "",
            "extracted_message": "", "scan_error": "not_scanned", "stego_details": null,
        })
    };
    match record {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_image_holds_its_message_and_only_it() {
        for image in corpus() {
            let decoded = super::super::decode(&image.payload.body).unwrap();
            let found = super::super::extract_from_image(&decoded);
            assert_eq!(found.as_deref(), image.message.map(str::as_bytes));
        }
        assert!(HOSTILE_MESSAGE.contains("<script>") && HOSTILE_MESSAGE.contains('\u{202E}'));
        assert!(!HOSTILE_MESSAGE.contains('\0'));
    }

    #[test]
    fn only_the_scanned_image_carries_its_message_in_the_scan_result() {
        let records: Vec<_> = corpus()
            .iter()
            .map(|s| scan_result(&s.payload.body, "t", 0, "f.png", 1).unwrap())
            .collect();
        assert_eq!(records[0]["extracted_message"], SCANNED_MESSAGE);
        assert_eq!(records[0]["is_stego"], true);
        for r in &records[1..] {
            assert_eq!(r["extracted_message"], "");
            assert_eq!(r["scan_error"], "not_scanned");
        }
        assert!(scan_result(b"other", "t", 0, "f", 1).is_none());
    }

    #[test]
    fn they_sit_one_block_below_the_hostile_corpus() {
        assert_eq!(at(280, 300).len(), 4);
        assert!(at(281, 300).is_empty() && at(279, 300).is_empty());
        assert!(at(0, 20).is_empty());
    }
}
