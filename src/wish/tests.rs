//! Host tests of the wish rules (price, address, draft, image, error texts).

use super::*;
use proptest::prelude::*;
use stargate_api::ApiError;

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
    assert!(
        submit_error_text(&http(400, "Image is required for inscription"))
            .starts_with("This Stargate takes a wish only with an image")
    );
    assert_eq!(
        submit_error_text(&ApiError::Network("TypeError".into())),
        "Could not reach the server; your draft is kept."
    );
    assert!(submit_error_text(&http(500, "boom")).contains("500: boom"));
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
