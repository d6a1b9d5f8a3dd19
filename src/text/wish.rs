//! The "make a wish" form's rules, decided on the host before any request: exact price parsing
//! (decimal text → satoshis, never a float), plausible Bitcoin address syntax, the message
//! limit, image sniffing and limits, the request body, and readable texts for server errors.

use stargate_api::{ApiError, InscribeRequest};

use super::money::{format_btc, SATS_PER_BTC};

/// Longest wish message, in characters (the counter shows it).
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// All the bitcoin there will ever be, in satoshis: a larger price is a typo.
pub const MAX_SATS: u64 = 21_000_000 * SATS_PER_BTC;
/// Largest image file accepted, before conversion.
pub const MAX_SOURCE_BYTES: u64 = 5 * 1024 * 1024;
/// Largest PNG sent (a converted JPEG can grow a lot).
pub const MAX_PNG_BYTES: u64 = 5 * 1024 * 1024;
/// Longest side of an image, in pixels.
pub const MAX_SIDE_PX: u32 = 4_096;
/// What the form says about the limits.
pub const IMAGE_LIMITS_TEXT: &str =
    "PNG, JPEG, GIF, WebP, AVIF, BMP or SVG, up to 5 MB and 4,096 pixels a side. Images that are not PNG are converted to PNG here before sending.";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PriceUnit {
    #[default]
    Btc,
    Sats,
}

impl PriceUnit {
    pub fn label(self) -> &'static str {
        match self {
            Self::Btc => "BTC",
            Self::Sats => "sats",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FundingMode {
    #[default]
    Payout,
    RaiseFund,
}

impl FundingMode {
    /// The backend's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payout => "payout",
            Self::RaiseFund => "raise_fund",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Payout => "Payout",
            Self::RaiseFund => "Raise a fund",
        }
    }
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Payout => "You pay the price to whoever builds the wish.",
            Self::RaiseFund => "Investors fund the wish; the price is collected from contractors.",
        }
    }
}

/// Parses a price typed in `unit` into exact satoshis: BTC as a decimal with at most 8
/// decimals (`"1"` = 100,000,000 sats, `"0.00000001"` = 1 sat), sats as a whole number. Digits
/// only (no sign, exponent or grouping); at least 1 sat; at most 21 million BTC.
pub fn parse_price(text: &str, unit: PriceUnit) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a price.".into());
    }
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let sats = match unit {
        PriceUnit::Sats => {
            if frac.is_some() {
                return Err("Satoshis are whole numbers: no decimal point.".into());
            }
            if !digits(whole) {
                return Err("Use digits only, like 25000.".into());
            }
            whole.parse::<u64>().ok()
        }
        PriceUnit::Btc => {
            let frac = frac.unwrap_or("");
            if !digits(whole) || !digits(frac) || (whole.is_empty() && frac.is_empty()) {
                return Err("Use digits and one decimal point, like 0.0025.".into());
            }
            if frac.len() > 8 {
                return Err("BTC has at most 8 decimals (1 sat = 0.00000001 BTC).".into());
            }
            let whole: u64 = if whole.is_empty() {
                0
            } else {
                match whole.parse() {
                    Ok(w) => w,
                    Err(_) => return Err(too_big()),
                }
            };
            let frac: u64 = format!("{frac:0<8}").parse().unwrap_or(0);
            whole
                .checked_mul(SATS_PER_BTC)
                .and_then(|w| w.checked_add(frac))
        }
    };
    match sats {
        None => Err(too_big()),
        Some(0) => Err("The price must be at least 1 sat.".into()),
        Some(s) if s > MAX_SATS => Err(too_big()),
        Some(s) => Ok(s),
    }
}

fn too_big() -> String {
    "That is more than the 21 million BTC there will ever be.".into()
}

/// The price text in `unit`, exactly: `100000000` sats → `"1"` BTC, → `"100000000"` sats.
pub fn price_text(sats: u64, unit: PriceUnit) -> String {
    match unit {
        PriceUnit::Sats => sats.to_string(),
        PriceUnit::Btc => format_btc(sats).trim_end_matches(" BTC").replace(',', ""),
    }
}

/// The text to show after switching units: the same amount when the old text parses, else
/// the text as typed.
pub fn switch_unit(text: &str, from: PriceUnit, to: PriceUnit) -> String {
    match parse_price(text, from) {
        Ok(sats) if from != to => price_text(sats, to),
        _ => text.to_owned(),
    }
}

const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Checks that `text` looks like a Bitcoin address (syntax only, no checksum): bech32/bech32m
/// with `bc1`/`tb1`/`bcrt1` and a 11–71 character data part, or base58 (`1`, `3`, `m`, `n`,
/// `2`) of 26–35 characters.
pub fn check_address(text: &str) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the Bitcoin address for this wish.".into());
    }
    let lower = text.to_ascii_lowercase();
    let bech = ["bcrt1", "bc1", "tb1"]
        .into_iter()
        .find_map(|hrp| lower.strip_prefix(hrp));
    if let Some(data) = bech {
        if text != lower && text != text.to_ascii_uppercase() {
            return Err("A bech32 address is all lower case or all upper case.".into());
        }
        if let Some(c) = data.chars().find(|c| !BECH32.contains(*c)) {
            return Err(format!(
                "“{c}” cannot appear in a bech32 address (no 1, b, i or o after the prefix)."
            ));
        }
        if !(11..=71).contains(&data.len()) {
            return Err("This bech32 address has the wrong length.".into());
        }
        return Ok(());
    }
    if text.starts_with(['1', '3', 'm', 'n', '2']) {
        if let Some(c) = text.chars().find(|c| !BASE58.contains(*c)) {
            return Err(format!(
                "“{c}” cannot appear in a base58 address (no 0, O, I or l)."
            ));
        }
        if !(26..=35).contains(&text.len()) {
            return Err("A base58 address has 26 to 35 characters.".into());
        }
        return Ok(());
    }
    Err("This does not look like a Bitcoin address (bc1…, tb1…, 1…, 3…).".into())
}

/// The message's problem, if any.
pub fn check_message(text: &str) -> Result<(), String> {
    let count = text.chars().count();
    if text.trim().is_empty() {
        Err("Write the wish: the message is required.".into())
    } else if count > MAX_MESSAGE_CHARS {
        Err(format!(
            "The message is {} characters too long (at most {}).",
            count - MAX_MESSAGE_CHARS,
            super::group_thousands(MAX_MESSAGE_CHARS as u64)
        ))
    } else {
        Ok(())
    }
}

/// `"42 / 2,000"`.
pub fn message_counter(text: &str) -> String {
    format!(
        "{} / {}",
        super::group_thousands(text.chars().count() as u64),
        super::group_thousands(MAX_MESSAGE_CHARS as u64)
    )
}

/// The form's text fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub message: String,
    pub price: String,
    pub unit: PriceUnit,
    pub funding: FundingMode,
    pub address: String,
}

/// One message per field; all `None` = ready to send.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldErrors {
    pub message: Option<String>,
    pub price: Option<String>,
    pub address: Option<String>,
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.message.is_none() && self.price.is_none() && self.address.is_none()
    }
}

/// An image ready to send: PNG bytes as base64 (no data-URL prefix) and a `.png` name.
#[derive(Clone, Debug, PartialEq)]
pub struct PngUpload {
    pub base64: String,
    pub filename: String,
}

impl Draft {
    pub fn errors(&self) -> FieldErrors {
        FieldErrors {
            message: check_message(&self.message).err(),
            price: parse_price(&self.price, self.unit).err(),
            address: check_address(&self.address).err(),
        }
    }

    /// The request body, or the field errors. The price goes as a dot-less satoshi string with
    /// `price_unit: "sats"`: the backend reads a string without `.` as sats whatever the unit,
    /// so this is exact either way.
    pub fn request(&self, image: Option<&PngUpload>) -> Result<InscribeRequest, FieldErrors> {
        let errors = self.errors();
        let sats = match parse_price(&self.price, self.unit) {
            Ok(sats) if errors.is_empty() => sats,
            _ => return Err(errors),
        };
        Ok(InscribeRequest {
            message: Some(self.message.clone()),
            price: Some(sats.to_string()),
            price_unit: Some("sats".into()),
            address: Some(self.address.trim().to_owned()),
            funding_mode: Some(self.funding.as_str().into()),
            method: Some("alpha".into()),
            image_base64: image.map(|i| i.base64.clone()),
            filename: image.map(|i| i.filename.clone()),
            ..Default::default()
        })
    }
}

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

/// `"1.5 MB"`, `"820 kB"`, `"12 bytes"` (1 kB = 1024 bytes, like the limits).
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    match bytes {
        b if b < KB => format!("{b} bytes"),
        b if b < KB * KB => format!("{} kB", b.div_ceil(KB)),
        b => format!("{}.{} MB", b / (KB * KB), (b % (KB * KB)) * 10 / (KB * KB)),
    }
}

/// The problem with a source file of `bytes`, before reading it.
pub fn check_source_size(bytes: u64) -> Result<(), String> {
    if bytes == 0 {
        return Err("This file is empty.".into());
    }
    if bytes > MAX_SOURCE_BYTES {
        return Err(format!(
            "This file is {}; images up to {} are accepted.",
            file_size(bytes),
            file_size(MAX_SOURCE_BYTES)
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
            super::group_thousands(u64::from(MAX_SIDE_PX))
        ));
    }
    Ok(())
}

/// The problem with the PNG about to be sent.
pub fn check_png_size(bytes: u64) -> Result<(), String> {
    if bytes > MAX_PNG_BYTES {
        return Err(format!(
            "As a PNG this image is {}; at most {} can be sent. Try a smaller image.",
            file_size(bytes),
            file_size(MAX_PNG_BYTES)
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

/// What the form says when `/api/inscribe` fails. The draft is always kept.
pub fn submit_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => "Could not reach the server; your draft is kept.".into(),
        ApiError::Http { status: 401, .. } => {
            "Sign in first: the server needs your API key (your draft is kept).".into()
        }
        ApiError::Http {
            status: 403,
            message,
        } => format!("The server refused your API key: {message}. Sign in again with a valid key."),
        ApiError::Http {
            status: 400,
            message,
        } => format!("The server did not accept the wish: {message}"),
        other => format!("{} Your draft is kept.", other.message()),
    }
}

/// What the sign-in panel says when `/api/auth/login` fails.
pub fn login_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => "Could not reach the server; try again.".into(),
        ApiError::Http {
            status: 403,
            message,
        } => format!("Not signed in: {message}."),
        ApiError::Http {
            status: 400,
            message,
        } => format!("Not signed in: {message}."),
        other => other.message(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn btc_prices_are_exact() {
        let btc = |t| parse_price(t, PriceUnit::Btc);
        assert_eq!(btc("1"), Ok(100_000_000));
        assert_eq!(btc("0.00000001"), Ok(1));
        assert_eq!(btc(" 0.0025 "), Ok(250_000));
        assert_eq!(btc(".5"), Ok(50_000_000));
        assert_eq!(btc("2."), Ok(200_000_000));
        assert_eq!(btc("21000000"), Ok(MAX_SATS));
        assert!(btc("0.000000001").unwrap_err().contains("8 decimals"));
        assert!(btc("21000000.00000001").unwrap_err().contains("21 million"));
        assert!(btc("99999999999999999999999")
            .unwrap_err()
            .contains("21 million"));
        assert!(btc("0").unwrap_err().contains("at least 1 sat"));
        for bad in [
            "", ".", "-1", "+1", "1e3", "1,5", "1.2.3", "abc", "1 000", "٣",
        ] {
            assert!(btc(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sats_are_whole() {
        let sats = |t| parse_price(t, PriceUnit::Sats);
        assert_eq!(sats("1"), Ok(1));
        assert_eq!(sats("100000000"), Ok(100_000_000));
        assert!(sats("1.5").unwrap_err().contains("whole"));
        assert!(sats("1.0").is_err());
        assert!(sats("18446744073709551616")
            .unwrap_err()
            .contains("21 million"));
        assert!(sats("-3").is_err());
    }

    #[test]
    fn unit_switch_keeps_the_amount() {
        assert_eq!(
            switch_unit("1", PriceUnit::Btc, PriceUnit::Sats),
            "100000000"
        );
        assert_eq!(
            switch_unit("2500", PriceUnit::Sats, PriceUnit::Btc),
            "0.000025"
        );
        assert_eq!(switch_unit("abc", PriceUnit::Sats, PriceUnit::Btc), "abc");
        assert_eq!(price_text(150_000_000, PriceUnit::Btc), "1.5");
        assert_eq!(
            price_text(2_100_000_000_000_000, PriceUnit::Btc),
            "21000000"
        );
    }

    #[test]
    fn addresses() {
        for ok in [
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
            "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            "bcrt1q6rhpng9evdsfnn833a4f4vej0asu6dk5srld6x",
            "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
            "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc",
        ] {
            assert_eq!(check_address(ok), Ok(()), "{ok}");
        }
        assert!(check_address("").unwrap_err().contains("Enter"));
        assert!(check_address("bc1qAr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
            .unwrap_err()
            .contains("lower case"));
        assert!(check_address("bc1qbr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
            .unwrap_err()
            .contains("“b”"));
        assert!(check_address("bc1qxyz").unwrap_err().contains("length"));
        assert!(check_address("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0")
            .unwrap_err()
            .contains("“0”"));
        assert!(check_address("1Bv").unwrap_err().contains("26 to 35"));
        assert!(check_address("hello")
            .unwrap_err()
            .contains("does not look"));
    }

    #[test]
    fn messages() {
        assert!(check_message("  \n").is_err());
        assert_eq!(check_message("Build me a bridge"), Ok(()));
        assert_eq!(check_message(&"é".repeat(MAX_MESSAGE_CHARS)), Ok(()));
        assert!(check_message(&"x".repeat(MAX_MESSAGE_CHARS + 3))
            .unwrap_err()
            .contains("3 characters too long"));
        assert_eq!(message_counter("héllo"), "5 / 2,000");
    }

    #[test]
    fn request_body() {
        let draft = Draft {
            message: "Build me X".into(),
            price: "1".into(),
            unit: PriceUnit::Btc,
            funding: FundingMode::RaiseFund,
            address: " bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ".into(),
        };
        let image = PngUpload {
            base64: "iVBORw0KGgo=".into(),
            filename: "photo.png".into(),
        };
        let body = serde_json::to_value(draft.request(Some(&image)).unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "message": "Build me X", "price": "100000000", "price_unit": "sats",
                "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                "funding_mode": "raise_fund", "method": "alpha",
                "image_base64": "iVBORw0KGgo=", "filename": "photo.png"
            })
        );
        let body = serde_json::to_value(draft.request(None).unwrap()).unwrap();
        assert!(body.get("image_base64").is_none() && body.get("filename").is_none());
        let errors = Draft::default().request(None).unwrap_err();
        assert!(errors.message.is_some() && errors.price.is_some() && errors.address.is_some());
    }

    #[test]
    fn images() {
        assert_eq!(
            ImageKind::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageKind::Png)
        );
        assert_eq!(ImageKind::sniff(b"\xff\xd8\xff\xe0"), Some(ImageKind::Jpeg));
        assert_eq!(ImageKind::sniff(b"GIF89a.."), Some(ImageKind::Gif));
        assert_eq!(
            ImageKind::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageKind::WebP)
        );
        assert_eq!(
            ImageKind::sniff(b"\0\0\0\x1cftypavif"),
            Some(ImageKind::Avif)
        );
        assert_eq!(
            ImageKind::sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"\">"),
            Some(ImageKind::Svg)
        );
        assert_eq!(ImageKind::sniff(b"%PDF-1.7"), None);
        assert_eq!(ImageKind::sniff(b"<html>"), None);
        assert_eq!(ImageKind::sniff(b""), None);
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(png_dimensions(&png), Some((640, 480)));
        assert_eq!(png_dimensions(b"\xff\xd8\xff"), None);
        assert_eq!(check_source_size(MAX_SOURCE_BYTES), Ok(()));
        assert!(check_source_size(MAX_SOURCE_BYTES + 1)
            .unwrap_err()
            .contains("up to 5.0 MB"));
        assert!(check_source_size(0).is_err());
        assert_eq!(check_dimensions(4096, 1), Ok(()));
        assert!(check_dimensions(4097, 10).unwrap_err().contains("4,096"));
        assert!(check_dimensions(0, 10).is_err());
        assert!(check_png_size(MAX_PNG_BYTES + 1).is_err());
        assert_eq!(file_size(1536 * 1024), "1.5 MB");
        assert_eq!(file_size(2000), "2 kB");
        assert_eq!(png_filename("C:\\pics\\My photo!.JPG"), "Myphoto.png");
        assert_eq!(png_filename("cat.tar.gif"), "cattar.png");
        assert_eq!(png_filename(".jpg"), "jpg.png");
        assert_eq!(png_filename("???"), "wish.png");
    }

    #[test]
    fn base64_vectors() {
        // RFC 4648 §10
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn error_texts() {
        let http = |status, message: &str| ApiError::Http {
            status,
            message: message.into(),
        };
        assert!(submit_error_text(&http(401, "API key required")).starts_with("Sign in first"));
        assert_eq!(
            submit_error_text(&http(403, "invalid api key")),
            "The server refused your API key: invalid api key. Sign in again with a valid key."
        );
        assert!(
            submit_error_text(&http(400, "Message is required for inscription"))
                .ends_with("Message is required for inscription")
        );
        assert_eq!(
            submit_error_text(&ApiError::Network("TypeError".into())),
            "Could not reach the server; your draft is kept."
        );
        assert!(submit_error_text(&http(500, "boom")).contains("500: boom"));
        assert_eq!(
            login_error_text(&http(403, "invalid api key")),
            "Not signed in: invalid api key."
        );
    }

    fn decode64(text: &str) -> Vec<u8> {
        let value = |c: u8| {
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                .iter()
                .position(|&a| a == c)
                .unwrap() as u32
        };
        let mut out = Vec::new();
        for quad in text.as_bytes().chunks(4) {
            let pad = quad.iter().filter(|&&c| c == b'=').count();
            let n = quad
                .iter()
                .map(|&c| if c == b'=' { 0 } else { value(c) })
                .fold(0u32, |acc, v| acc << 6 | v);
            out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
        }
        out
    }

    proptest! {
        #[test]
        fn btc_text_parses_to_exact_sats(whole in 0u64..=21_000_000, frac in 0u64..100_000_000, width in 0usize..=8) {
            // `width` decimals of `frac` (leading zeros kept): the value is exact in sats.
            let digits = format!("{frac:08}");
            let frac_text = &digits[..width];
            let text = if width == 0 { whole.to_string() } else { format!("{whole}.{frac_text}") };
            let expected = whole as u128 * 100_000_000
                + format!("{frac_text:0<8}").parse::<u128>().unwrap();
            match parse_price(&text, PriceUnit::Btc) {
                Ok(sats) => prop_assert_eq!(sats as u128, expected),
                Err(_) => prop_assert!(expected == 0 || expected > MAX_SATS as u128),
            }
        }

        #[test]
        fn more_than_8_decimals_is_refused(whole in 0u64..1000, extra in "[0-9]{9,20}") {
            let refused = parse_price(&format!("{whole}.{extra}"), PriceUnit::Btc);
            prop_assert!(refused.is_err());
        }

        #[test]
        fn units_round_trip(sats in 1u64..=MAX_SATS) {
            for unit in [PriceUnit::Btc, PriceUnit::Sats] {
                prop_assert_eq!(parse_price(&price_text(sats, unit), unit), Ok(sats));
            }
            let btc = switch_unit(&sats.to_string(), PriceUnit::Sats, PriceUnit::Btc);
            prop_assert_eq!(switch_unit(&btc, PriceUnit::Btc, PriceUnit::Sats), sats.to_string());
        }

        #[test]
        fn sent_price_is_a_dotless_sats_string(sats in 1u64..=MAX_SATS) {
            let draft = Draft {
                message: "m".into(),
                price: price_text(sats, PriceUnit::Btc),
                unit: PriceUnit::Btc,
                funding: FundingMode::Payout,
                address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
            };
            let body = draft.request(None).unwrap();
            prop_assert_eq!(body.price, Some(sats.to_string()));
            prop_assert_eq!(body.price_unit.as_deref(), Some("sats"));
        }

        #[test]
        fn any_text_parses_without_panicking(text in "\\PC{0,40}") {
            for unit in [PriceUnit::Btc, PriceUnit::Sats] {
                if let Ok(sats) = parse_price(&text, unit) {
                    prop_assert!((1..=MAX_SATS).contains(&sats));
                }
            }
            let _ = check_address(&text);
            let _ = ImageKind::sniff(text.as_bytes());
        }

        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let text = base64(&bytes);
            prop_assert_eq!(text.len(), bytes.len().div_ceil(3) * 4);
            prop_assert_eq!(decode64(&text), bytes);
        }
    }
}
