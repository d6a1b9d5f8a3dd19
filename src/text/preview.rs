//! Safe text previews of hostile inscription bytes (docs/design.md "Content safety", rule 2).
//!
//! Bytes are capped BEFORE decoding, decoded lossily, stripped of control and bidi-override
//! characters, cut on a grapheme boundary and marked with an ellipsis. The result is only
//! ever placed in text nodes.

use unicode_segmentation::UnicodeSegmentation;

/// The ellipsis added to a cut preview.
pub const ELLIPSIS: char = '…';

/// Size limits of a preview: both hold for the output, ellipsis included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreviewLimits {
    pub max_bytes: usize,
    pub max_graphemes: usize,
}

impl PreviewLimits {
    /// A card's preview.
    pub const CARD: Self = Self {
        max_bytes: 2048,
        max_graphemes: 280,
    };
}

/// A sanitised preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub text: String,
    /// Whether anything was cut off (the text then ends with [`ELLIPSIS`]).
    pub truncated: bool,
}

/// Whether `c` must never reach the page: controls (but newline and tab, which previews keep
/// as layout), bidi embeddings/overrides/isolates and marks, and other invisible format
/// characters that can disguise text.
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{061C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Removes forbidden characters; `\r\n` and lone `\r` become `\n`.
pub fn sanitize(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified.chars().filter(|&c| !is_forbidden(c)).collect()
}

/// Makes a preview of `bytes` within `limits`.
pub fn preview(bytes: &[u8], limits: PreviewLimits) -> Preview {
    // Read a little more than allowed, so a cut is detected and the ellipsis has room.
    let window = &bytes[..bytes.len().min(limits.max_bytes.saturating_add(4))];
    let cut_input = window.len() < bytes.len();
    let mut text = sanitize(&decode_prefix(window, cut_input));
    if cut_input {
        // The window may end inside a grapheme (an emoji ZWJ sequence, combining marks).
        if let Some((last, _)) = text.grapheme_indices(true).next_back() {
            text.truncate(last);
        }
    }
    fit(&text, limits, cut_input)
}

/// Makes a preview of already decoded text.
pub fn preview_str(text: &str, limits: PreviewLimits) -> Preview {
    preview(text.as_bytes(), limits)
}

/// Lossy UTF-8 decoding that drops a sequence cut off at the end of a capped window instead
/// of turning it into U+FFFD.
fn decode_prefix(bytes: &[u8], cut: bool) -> String {
    if cut {
        if let Err(e) = std::str::from_utf8(bytes) {
            if e.error_len().is_none() {
                return String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            }
        }
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Cuts `text` (already sanitised) to the limits on a grapheme boundary.
fn fit(text: &str, limits: PreviewLimits, already_cut: bool) -> Preview {
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let fits = graphemes.len() <= limits.max_graphemes && text.len() <= limits.max_bytes;
    if fits && !already_cut {
        return Preview {
            text: text.to_owned(),
            truncated: false,
        };
    }
    if fits && text.ends_with(ELLIPSIS) {
        // Already a preview within these limits: keep it as it is (idempotence).
        return Preview {
            text: text.to_owned(),
            truncated: true,
        };
    }
    let budget_bytes = limits.max_bytes.saturating_sub(ELLIPSIS.len_utf8());
    let budget_graphemes = limits.max_graphemes.saturating_sub(1);
    let mut kept: Vec<&str> = Vec::with_capacity(budget_graphemes.min(graphemes.len()));
    let mut used = 0;
    for g in graphemes.iter().take(budget_graphemes) {
        if used + g.len() > budget_bytes {
            break;
        }
        used += g.len();
        kept.push(g);
    }
    // White space right before the ellipsis reads badly; drop whole graphemes of it.
    while kept
        .last()
        .is_some_and(|g| g.chars().all(char::is_whitespace))
    {
        kept.pop();
    }
    let mut out = kept.concat();
    if limits.max_graphemes > 0 && limits.max_bytes >= ELLIPSIS.len_utf8() {
        out.push(ELLIPSIS);
    }
    Preview {
        text: out,
        truncated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SMALL: PreviewLimits = PreviewLimits {
        max_bytes: 40,
        max_graphemes: 12,
    };

    #[test]
    fn short_text_is_kept() {
        let p = preview(b"hello\nworld", SMALL);
        assert_eq!(
            p,
            Preview {
                text: "hello\nworld".into(),
                truncated: false
            }
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let p = preview(b"abcdefghijklmnop", SMALL);
        assert_eq!(p.text, "abcdefghijk…");
        assert!(p.truncated);
    }

    #[test]
    fn controls_and_bidi_overrides_are_removed() {
        let p = preview(
            "a\u{202E}b\u{0}c\u{2066}d\u{7}e\r\nf\u{85}".as_bytes(),
            SMALL,
        );
        assert_eq!(p.text, "abcde\nf");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let p = preview(&[b'o', b'k', 0xff, 0xfe, b'!'], SMALL);
        assert_eq!(p.text, "ok\u{FFFD}\u{FFFD}!");
    }

    #[test]
    fn a_cut_multibyte_character_is_dropped_not_replaced() {
        let text = "ééééééééééééééééééééééééé"; // 2 bytes each
        let p = preview(
            text.as_bytes(),
            PreviewLimits {
                max_bytes: 9,
                max_graphemes: 100,
            },
        );
        assert_eq!(p.text, "ééé…");
        assert!(!p.text.contains('\u{FFFD}'));
    }

    #[test]
    fn emoji_zwj_sequences_stay_whole() {
        let family = "👨‍👩‍👧‍👦";
        let text = family.repeat(5);
        let p = preview(
            text.as_bytes(),
            PreviewLimits {
                max_bytes: 1000,
                max_graphemes: 3,
            },
        );
        assert_eq!(p.text, format!("{family}{family}…"));
    }

    #[test]
    fn a_megabyte_is_capped_before_decoding() {
        let big = vec![b'x'; 1 << 20];
        let p = preview(&big, PreviewLimits::CARD);
        assert!(p.text.len() <= PreviewLimits::CARD.max_bytes);
        assert!(p.truncated);
    }

    fn limits() -> impl Strategy<Value = PreviewLimits> {
        (4usize..200, 1usize..60).prop_map(|(max_bytes, max_graphemes)| PreviewLimits {
            max_bytes,
            max_graphemes,
        })
    }

    fn hostile_text() -> impl Strategy<Value = String> {
        // Mix of plain text, combining marks, ZWJ emoji, controls and bidi characters.
        proptest::collection::vec(
            prop_oneof![
                "[a-z <>&\"']{0,8}",
                Just("e\u{301}\u{302}".to_owned()),
                Just("👨‍👩‍👧".to_owned()),
                Just("\u{202E}\u{2066}\u{200F}".to_owned()),
                Just("\u{0}\u{1B}[31m\u{7F}\u{85}\r\n\t".to_owned()),
                any::<char>().prop_map(String::from),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn within_limits_and_clean(bytes in proptest::collection::vec(any::<u8>(), 0..400), l in limits()) {
            let p = preview(&bytes, l);
            prop_assert!(p.text.len() <= l.max_bytes);
            prop_assert!(p.text.graphemes(true).count() <= l.max_graphemes);
            prop_assert!(!p.text.chars().any(is_forbidden));
        }

        #[test]
        fn never_splits_a_grapheme(text in hostile_text(), l in limits()) {
            let p = preview_str(&text, l);
            let clean = sanitize(&text);
            let body = p.text.strip_suffix(ELLIPSIS).unwrap_or(&p.text);
            // Every grapheme of the preview body is a grapheme of the sanitised input, in order.
            let source: Vec<&str> = clean.graphemes(true).collect();
            let kept: Vec<&str> = body.graphemes(true).collect();
            prop_assert!(kept.len() <= source.len());
            for (a, b) in kept.iter().zip(source.iter()) {
                prop_assert_eq!(a, b);
            }
            prop_assert!(!p.text.chars().any(is_forbidden));
        }

        #[test]
        fn idempotent(text in hostile_text(), l in limits()) {
            let once = preview_str(&text, l);
            let twice = preview_str(&once.text, l);
            prop_assert_eq!(&once.text, &twice.text);
        }
    }
}
