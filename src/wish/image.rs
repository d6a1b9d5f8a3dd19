//! Image rules, pure: what a file is from its first bytes, the size and pixel limits, the
//! PNG header, the name and encoding the backend wants. The browser side (decoding and
//! converting to PNG) is in `convert.rs`.

use crate::text::{byte_size, group_thousands};

/// Largest image file accepted, before conversion (5 MB, as every size the app shows).
pub const MAX_SOURCE_BYTES: u64 = 5_000_000;
/// Largest PNG sent (a converted JPEG can grow a lot).
pub const MAX_PNG_BYTES: u64 = 5_000_000;
/// Longest side of an image, in pixels.
pub const MAX_SIDE_PX: u32 = 4_096;
/// What the form says about the limits.
pub const IMAGE_LIMITS_TEXT: &str =
    "PNG, JPEG, GIF, WebP, AVIF, BMP or SVG, up to 5 MB and 4,096 pixels a side. Images that are not PNG are converted to PNG here before sending. Metadata (camera data and location, text, time) is removed before sending: only what draws the image is inscribed.";

/// What an image file is, from its first bytes (the browser's `type` is only a guess from
/// the name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Gif,
    WebP,
    Bmp,
    Avif,
    Svg,
}

impl ImageKind {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if starts(b"\xff\xd8\xff") {
            Some(Self::Jpeg)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Some(Self::Gif)
        } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Self::WebP)
        } else if starts(b"BM") && bytes.len() > 26 {
            Some(Self::Bmp)
        } else if bytes.get(4..8) == Some(b"ftyp")
            && matches!(bytes.get(8..12), Some(b"avif") | Some(b"avis"))
        {
            Some(Self::Avif)
        } else if looks_like_svg(bytes) {
            Some(Self::Svg)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Gif => "GIF",
            Self::WebP => "WebP",
            Self::Bmp => "BMP",
            Self::Avif => "AVIF",
            Self::Svg => "SVG",
        }
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
        && head.contains("<svg")
}

/// A PNG's size from its IHDR chunk.
pub fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if ImageKind::sniff(bytes) != Some(ImageKind::Png) || bytes.get(12..16) != Some(b"IHDR") {
        return None;
    }
    let word = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((word(16)?, word(20)?))
}

/// The problem with a source file of `bytes`, before reading it.
pub fn check_source_size(bytes: u64) -> Result<(), String> {
    if bytes == 0 {
        return Err("This file is empty.".into());
    }
    if bytes > MAX_SOURCE_BYTES {
        return Err(format!(
            "This file is {}; images up to {} are accepted.",
            byte_size(bytes),
            byte_size(MAX_SOURCE_BYTES)
        ));
    }
    Ok(())
}

/// The problem with a decoded image of `width` × `height` pixels.
pub fn check_dimensions(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("This image has no size (an SVG needs width and height).".into());
    }
    if width > MAX_SIDE_PX || height > MAX_SIDE_PX {
        return Err(format!(
            "This image is {width} × {height} pixels; at most {} pixels a side are accepted.",
            group_thousands(u64::from(MAX_SIDE_PX))
        ));
    }
    Ok(())
}

/// The problem with the PNG about to be sent.
pub fn check_png_size(bytes: u64) -> Result<(), String> {
    if bytes > MAX_PNG_BYTES {
        return Err(format!(
            "As a PNG this image is {}; at most {} can be sent. Try a smaller image.",
            byte_size(bytes),
            byte_size(MAX_PNG_BYTES)
        ));
    }
    Ok(())
}

/// The name sent with the PNG: the chosen file's stem (safe characters only) + `.png`.
pub fn png_filename(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let safe: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(60)
        .collect();
    if safe.is_empty() {
        "wish.png".into()
    } else {
        format!("{safe}.png")
    }
}

/// Standard base64 with padding (RFC 4648), as the backend's `image_base64` wants it (the
/// `base64` crate; leptos already links it).
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
