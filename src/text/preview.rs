//! Safe text previews of hostile inscription bytes (docs/design.md "Content safety", rule 2).
//!
//! Bytes are capped BEFORE decoding, decoded lossily, stripped of control, bidi-override and
//! invisible characters ([`sanitize`]), cut on a grapheme boundary and marked with an ellipsis.
//! The result is only ever placed in text nodes.

use icu_properties::props::{
    BinaryProperty, CanonicalCombiningClass, DefaultIgnorableCodePoint, Emoji, EmojiModifier,
    ExtendedPictographic, GraphemeExtend, HangulSyllableType, JoiningType, VariationSelector,
};
use icu_properties::{CodePointMapData, CodePointSetData};
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
    /// Short labels taken from the network (content types, file names, states).
    pub const LABEL: Self = Self {
        max_bytes: 120,
        max_graphemes: 48,
    };
    /// Ids from the network (txids, `<txid>_<n>`): long enough never to cut a real one.
    pub const ID: Self = Self {
        max_bytes: 200,
        max_graphemes: 100,
    };
    /// A title or a skill on one or two lines.
    pub const TITLE: Self = Self {
        max_bytes: 600,
        max_graphemes: 200,
    };
}

/// A sanitised preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub text: String,
    /// Whether anything was cut off (the text then ends with [`ELLIPSIS`]).
    pub truncated: bool,
}

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';
/// HANGUL JUNGSEONG FILLER: the empty vowel of an old-Hangul syllable.
const JUNGSEONG_FILLER: char = '\u{1160}';

// Unicode character properties, from icu_properties' tables (Unicode 18.0; the crate is already
// linked through url -> idna).
fn has<P: BinaryProperty>(c: char) -> bool {
    CodePointSetData::new::<P>().contains(c)
}
fn ccc(c: char) -> CanonicalCombiningClass {
    CodePointMapData::<CanonicalCombiningClass>::new().get(c)
}
fn joining_type(c: char) -> JoiningType {
    CodePointMapData::<JoiningType>::new().get(c)
}
fn hangul_type(c: char) -> HangulSyllableType {
    CodePointMapData::<HangulSyllableType>::new().get(c)
}

/// Unicode's `Default_Ignorable_Code_Point`: characters with no glyph of their own (zero-width
/// space, word joiner, invisible operators, Hangul fillers, tag characters, BOM, bidi marks, …).
fn is_default_ignorable(c: char) -> bool {
    !c.is_ascii() && has::<DefaultIgnorableCodePoint>(c)
}

/// The default-ignorable characters real text needs inside a word or a grapheme: ZWJ (emoji
/// sequences, Indic half forms), ZWNJ (Persian, Arabic, Indic), variation selectors (emoji or
/// text presentation, CJK variants, Mongolian) and the Hangul jungseong filler. They are kept
/// only where [`Before::admits`] says so.
fn is_contextual(c: char) -> bool {
    matches!(c, ZWJ | ZWNJ | JUNGSEONG_FILLER) || (!c.is_ascii() && has::<VariationSelector>(c))
}

/// Whether `c` must never reach the page: controls (but newline and tab, which previews keep
/// as layout), line/paragraph separators, interlinear annotation marks, and every
/// default-ignorable character (bidi marks, embeddings, overrides and isolates among them)
/// except the few [`is_contextual`] ones.
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{2028}' | '\u{2029}' | '\u{FFF9}'..='\u{FFFB}'
    ) || (is_default_ignorable(c) && !is_contextual(c))
}

/// Grapheme_Cluster_Break=Extend (marks, emoji modifiers, variation selectors, ZWNJ, …):
/// characters that attach to the one before.
fn is_extender(c: char) -> bool {
    !c.is_ascii() && (has::<GraphemeExtend>(c) || has::<EmojiModifier>(c))
}

/// What the characters kept so far say about a contextual character that comes next. Kept
/// incrementally, so the sanitiser stays linear on hostile input (a megabyte of marks).
#[derive(Clone, Copy, Default)]
struct Before {
    /// The last kept character.
    last: Option<char>,
    /// The last kept character that is not an extender is Extended_Pictographic (an emoji).
    emoji: bool,
    /// The last kept character of Joining_Type other than Transparent joins on its left side
    /// (Joining_Type L or D: Arabic-script letters that connect to the next letter).
    joins_next: bool,
}

impl Before {
    fn push(&mut self, c: char) {
        self.last = Some(c);
        if c.is_ascii() {
            // no ASCII character is an emoji, an extender or a joining letter
            (self.emoji, self.joins_next) = (false, false);
            return;
        }
        if !is_extender(c) {
            self.emoji = has::<ExtendedPictographic>(c);
        }
        let jt = joining_type(c);
        if jt != JoiningType::Transparent {
            self.joins_next = matches!(jt, JoiningType::LeftJoining | JoiningType::DualJoining);
        }
    }

    /// Whether the contextual character `c` sits where real text needs it, given what comes
    /// next (`next`: the next character that is not forbidden; `joins_back`: the next one of
    /// Joining_Type other than Transparent is R or D). The joiner rules are IDNA's CONTEXTJ
    /// (RFC 5892, A.1 and A.2) plus emoji ZWJ sequences (UTS #51, as grapheme rule GB11):
    /// - ZWJ, ZWNJ: right after a virama ("क्‍ष", "क्‌ष");
    /// - ZWJ: between an emoji (and its extenders) and an emoji ("👨‍👩", "🏳️‍🌈");
    /// - ZWNJ: between Arabic-script letters that would join ("می‌خواهم");
    /// - U+FE0E, U+FE0F: right after an emoji character ("❤️", "1️⃣", "☺︎");
    /// - other variation selectors: right after a visible character that is neither ASCII nor
    ///   a cased letter (CJK ideographs, Mongolian, math symbols);
    /// - the jungseong filler: between a leading and a trailing jamo, where dropping it would
    ///   split the syllable.
    ///
    /// So "pay\u{200D}pal", "pay\u{FE0F}pal" and "pay\u{200C}pal" lose them.
    fn admits(&self, c: char, next: Option<char>, joins_back: bool) -> bool {
        let Some(last) = self.last else { return false };
        let after_virama = ccc(last) == CanonicalCombiningClass::Virama;
        match c {
            ZWJ => after_virama || (self.emoji && next.is_some_and(has::<ExtendedPictographic>)),
            ZWNJ => after_virama || (self.joins_next && joins_back),
            JUNGSEONG_FILLER => {
                hangul_type(last) == HangulSyllableType::LeadingJamo
                    && next.is_some_and(|n| hangul_type(n) == HangulSyllableType::TrailingJamo)
            }
            '\u{FE0E}' | '\u{FE0F}' => has::<Emoji>(last),
            _ => {
                let plain_or_cased = last.is_ascii() || last.is_lowercase() || last.is_uppercase();
                !(plain_or_cased || last.is_whitespace() || is_default_ignorable(last))
            }
        }
    }
}

/// The first character of `rest` that is not forbidden (what follows a contextual character).
fn next_shown_candidate(rest: &str) -> Option<char> {
    rest.chars().find(|&c| !is_forbidden(c))
}

/// Whether the first character of `rest` that is neither forbidden nor of Joining_Type
/// Transparent is Right or Dual joining (the letter after a ZWNJ joins towards it).
fn joins_back(rest: &str) -> bool {
    rest.chars()
        .filter(|&c| !is_forbidden(c))
        .map(joining_type)
        .find(|&jt| jt != JoiningType::Transparent)
        .is_some_and(|jt| matches!(jt, JoiningType::RightJoining | JoiningType::DualJoining))
}

/// Calls `show` with the byte offset and the character of each character of `text` (newlines
/// already unified) that is shown: never a [forbidden](is_forbidden) one, a
/// [contextual](is_contextual) one only where it fits. One pass without buffers, linear on
/// hostile input: a contextual character looks ahead only to the next character that is not
/// forbidden (every contextual character is such a character), a ZWNJ also past Transparent
/// ones to the next that is not (another ZWNJ is such a character), so look-aheads of the same
/// kind never cover the same characters.
fn each_shown(text: &str, mut show: impl FnMut(usize, char)) {
    let mut before = Before::default();
    for (at, c) in text.char_indices() {
        if is_forbidden(c) {
            continue;
        }
        if is_contextual(c) {
            let rest = &text[at + c.len_utf8()..];
            let joins = c == ZWNJ && joins_back(rest);
            if !before.admits(c, next_shown_candidate(rest), joins) {
                continue;
            }
        }
        show(at, c);
        before.push(c);
    }
}

fn unify_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The text as shown: `\r\n` and lone `\r` become `\n`, forbidden characters are removed, and
/// joiners, variation selectors and the Hangul filler stay only where real text needs them.
/// Characters are only removed, never added, and no grapheme is split (tested below).
pub fn sanitize(text: &str) -> String {
    let text = unify_newlines(text);
    let mut out = String::with_capacity(text.len());
    each_shown(&text, |_, c| out.push(c));
    out
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

/// The hard cap of the full text on the inscription page.
pub const FULL_TEXT_MAX: usize = 1 << 20;

/// The full text of the detail view: sanitised like a preview (no control or bidi
/// characters) but not shortened, except past `max_bytes` where it is cut on a grapheme
/// boundary (`truncated` then says so; the page adds a note).
pub fn full_text(text: &str, max_bytes: usize) -> Preview {
    if text.len() <= max_bytes {
        return Preview {
            text: sanitize(text),
            truncated: false,
        };
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut head = &text[..end];
    // The cut may fall inside a grapheme: drop that last, possibly partial, grapheme.
    if let Some((last, _)) = head.grapheme_indices(true).next_back() {
        head = &head[..last];
    }
    Preview {
        text: sanitize(head),
        truncated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn full_text_is_cleaned_not_shortened() {
        let long = "line\u{202E}\n".repeat(10_000);
        let full = full_text(&long, FULL_TEXT_MAX);
        assert!(!full.truncated);
        assert_eq!(full.text, "line\n".repeat(10_000));
        let capped = full_text("ab👨‍👩‍👧cd", 6);
        assert_eq!(capped.text, "ab");
        assert!(capped.truncated);
    }

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
    fn invisible_characters_are_removed() {
        for (hostile, shown) in [
            ("pay\u{200B}pal", "paypal"), // zero-width space
            ("pay\u{2060}pal\u{2061}\u{2062}\u{2063}\u{2064}", "paypal"), // word joiner, invisible operators
            ("\u{FEFF}pay\u{FEFF}pal", "paypal"),                         // BOM, also in the middle
            ("pay\u{3164}pal\u{FFA0}", "paypal"),                         // Hangul fillers
            ("\u{115F}\u{1160}pay\u{1160}pal", "paypal"), // conjoining fillers outside a syllable
            ("pay\u{180E}\u{34F}\u{AD}pal", "paypal"), // Mongolian vowel separator, CGJ, soft hyphen
            ("pay\u{17B4}\u{17B5}\u{1BCA0}\u{1BCA3}pal", "paypal"),
            ("pay\u{E0001}\u{E0070}\u{E0061}\u{E007F}pal", "paypal"), // tag characters
            ("pay\u{FFF0}\u{FFF8}\u{E0FFF}pal", "paypal"), // unassigned default-ignorables
            ("pay\u{200D}pal pay\u{200C}pal", "paypal paypal"), // joiners between Latin letters
            ("\u{200D}👩 👨\u{200D} 👨\u{200D}x", "👩 👨 👨x"), // ZWJ not between emoji
            (
                "pay\u{FE0F}pal payé\u{FE00}pal \u{FE0F}x",
                "paypal payépal x",
            ), // selectors on nothing
            (
                "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
                "🏴",
            ), // tag flag -> its base
        ] {
            assert_eq!(sanitize(hostile), shown, "{hostile:?}");
        }
    }

    #[test]
    fn joiners_and_variation_selectors_stay_where_text_needs_them() {
        for text in [
            "👨\u{200D}👩\u{200D}👧",                // emoji ZWJ sequence
            "🏳\u{FE0F}\u{200D}🌈",                   // rainbow flag: VS16 then ZWJ
            "👩🏽\u{200D}💻",                          // skin tone, then ZWJ
            "❤\u{FE0F} #\u{FE0F}\u{20E3} ☺\u{FE0E}", // emoji and text presentation, keycap
            "می\u{200C}خواهم",                       // Persian ZWNJ between joining letters
            "क्\u{200D}ष क्\u{200C}ष",                 // Devanagari half form, explicit virama
            "\u{845B}\u{E0100} \u{1820}\u{180B}",    // CJK ideographic variation, Mongolian FVS1
            "\u{1100}\u{1160}\u{11A8}",              // old-Hangul syllable with an empty vowel
        ] {
            assert_eq!(sanitize(text), text);
        }
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
        // Mix of plain text, combining marks, ZWJ emoji, controls, bidi characters, and the
        // invisible ones with the letters they may sit between.
        proptest::collection::vec(
            prop_oneof![
                "[a-z <>&\"']{0,8}",
                Just("e\u{301}\u{302}".to_owned()),
                Just("👨‍👩‍👧".to_owned()),
                Just("\u{202E}\u{2066}\u{200F}".to_owned()),
                Just("\u{0}\u{1B}[31m\u{7F}\u{85}\r\n\t".to_owned()),
                invisible().prop_map(String::from),
                invisible().prop_map(String::from),
                prop::sample::select(vec![
                    "🏳",
                    "🌈",
                    "👩",
                    "🏽",
                    "\u{FE0F}",
                    "\u{20E3}",
                    "क",
                    "्",
                    "ष",
                    "ی",
                    "خ",
                    "\u{1100}",
                    "\u{11A8}",
                    "\u{1161}",
                    "\u{AC00}",
                    "\u{845B}",
                    "\u{0600}",
                    "\u{1F1E6}",
                ])
                .prop_map(str::to_owned),
                any::<char>().prop_map(String::from),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Default-ignorable characters, the contextual ones more often.
    fn invisible() -> impl Strategy<Value = char> {
        prop_oneof![
            prop::sample::select(vec![
                ZWJ,
                ZWNJ,
                JUNGSEONG_FILLER,
                '\u{115F}',
                '\u{FE0E}',
                '\u{FE0F}',
                '\u{E0100}',
                '\u{180B}',
                '\u{200B}',
                '\u{2060}',
                '\u{FEFF}',
                '\u{3164}',
                '\u{34F}',
                '\u{E007F}',
            ]),
            prop::sample::select(every_default_ignorable()),
        ]
    }

    fn every_default_ignorable() -> Vec<char> {
        CodePointSetData::new::<DefaultIgnorableCodePoint>()
            .iter_ranges()
            .flatten()
            .filter_map(char::from_u32)
            .collect()
    }

    /// Written from the rule, not from the code (a scan of the shown text itself): whether the
    /// default-ignorable `chars[i]` may be shown there.
    fn allowed_invisible(chars: &[char], i: usize) -> bool {
        let (c, before, after) = (chars[i], &chars[..i], &chars[i + 1..]);
        let last = before.last().copied();
        let next = after.first().copied();
        let virama = last.is_some_and(|p| ccc(p) == CanonicalCombiningClass::Virama);
        let emoji = has::<ExtendedPictographic>;
        let jt = |x: &char| joining_type(*x);
        let not_t = |x: &&char| joining_type(**x) != JoiningType::Transparent;
        match c {
            '\u{200D}' => {
                virama
                    || (before
                        .iter()
                        .rev()
                        .find(|x| !is_extender(**x))
                        .is_some_and(|x| emoji(*x))
                        && next.is_some_and(emoji))
            }
            '\u{200C}' => {
                virama
                    || (before.iter().rev().find(not_t).map(jt).is_some_and(|t| {
                        t == JoiningType::LeftJoining || t == JoiningType::DualJoining
                    }) && after.iter().find(not_t).map(jt).is_some_and(|t| {
                        t == JoiningType::RightJoining || t == JoiningType::DualJoining
                    }))
            }
            '\u{1160}' => {
                last.is_some_and(|b| matches!(b, '\u{1100}'..='\u{115E}' | '\u{A960}'..='\u{A97C}'))
                    && next.is_some_and(
                        |a| matches!(a, '\u{11A8}'..='\u{11FF}' | '\u{D7CB}'..='\u{D7FB}'),
                    )
            }
            '\u{FE0E}' | '\u{FE0F}' => last.is_some_and(has::<Emoji>),
            '\u{180B}'..='\u{180D}'
            | '\u{180F}'
            | '\u{FE00}'..='\u{FE0D}'
            | '\u{E0100}'..='\u{E01EF}' => last.is_some_and(|b| {
                let excluded = [
                    b.is_ascii(),
                    b.is_whitespace(),
                    b.is_lowercase(),
                    b.is_uppercase(),
                ];
                !excluded.contains(&true) && !is_default_ignorable(b)
            }),
            _ => false,
        }
    }

    fn stray_invisible(text: &str) -> Option<char> {
        let chars: Vec<char> = text.chars().collect();
        (0..chars.len())
            .find(|&i| is_default_ignorable(chars[i]) && !allowed_invisible(&chars, i))
            .map(|i| chars[i])
    }

    /// For each character of `text`, the number of the grapheme it belongs to.
    fn grapheme_numbers(text: &str) -> Vec<usize> {
        text.graphemes(true)
            .enumerate()
            .flat_map(|(n, g)| g.chars().map(move |_| n))
            .collect()
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
        fn no_invisible_character_outside_its_context(text in hostile_text(), l in limits()) {
            let clean = sanitize(&text);
            prop_assert_eq!(stray_invisible(&clean), None, "{:?} -> {:?}", text, clean);
            let p = preview_str(&text, l);
            prop_assert_eq!(stray_invisible(&p.text), None, "{:?} -> {:?}", text, p.text);
        }

        #[test]
        fn sanitize_is_idempotent(text in hostile_text()) {
            let once = sanitize(&text);
            prop_assert_eq!(sanitize(&once), once.clone());
        }

        /// Characters of one grapheme of the input stay in one grapheme of the output
        /// (removing characters may merge graphemes, never split one).
        #[test]
        fn sanitize_never_splits_a_grapheme(text in hostile_text()) {
            let unified = unify_newlines(&text);
            let offsets: Vec<usize> = unified.char_indices().map(|(at, _)| at).collect();
            let mut kept = Vec::new(); // char index in `unified` of each shown character
            each_shown(&unified, |at, _| kept.push(offsets.binary_search(&at).unwrap()));
            let chars: Vec<char> = unified.chars().collect();
            let out: String = kept.iter().map(|&i| chars[i]).collect();
            prop_assert_eq!(&out, &sanitize(&text));
            let (before, after) = (grapheme_numbers(&unified), grapheme_numbers(&out));
            for k in 1..kept.len() {
                if before[kept[k - 1]] == before[kept[k]] {
                    prop_assert_eq!(after[k - 1], after[k], "{:?} -> {:?}: split at {}", unified, out, k);
                }
            }
        }

        #[test]
        fn idempotent(text in hostile_text(), l in limits()) {
            let once = preview_str(&text, l);
            let twice = preview_str(&once.text, l);
            prop_assert_eq!(&once.text, &twice.text);
        }
    }

    proptest! {
        #[test]
        fn full_text_is_a_clean_prefix(text in "\\PC{0,200}|[a\u{202e}\u{0}\u{301}]{0,200}", max in 0usize..300) {
            let full = full_text(&text, max);
            prop_assert!(!full.text.chars().any(is_forbidden));
            prop_assert!(full.text.len() <= max.max(text.len()));
            prop_assert!(sanitize(&text).starts_with(&full.text) || full.truncated);
            prop_assert_eq!(full.truncated, text.len() > max);
        }
    }
}
