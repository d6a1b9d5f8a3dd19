//! Media kinds of inscriptions (after ord's `Media::TABLE`) and the
//! text a card shows for the text kinds.
//!
//! Pure: the inscription card only asks [`media_kind`] how to render, and [`card_text`] what
//! to put in its text node.

use crate::text::preview::{preview, Preview, PreviewLimits};

/// How an inscription is shown (docs/design.md "Content safety").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MediaKind {
    /// `text/plain` and other plain text: a sanitised text preview.
    Text,
    /// `text/markdown`: shown as its source text (never rendered to HTML in the app).
    Markdown,
    /// `application/json` (and `+json`): pretty-printed, then a sanitised text preview.
    Json,
    /// Raster images: `<img loading="lazy">` with a fallback tile.
    Image,
    /// `text/html`, `image/svg+xml`: only in `<iframe sandbox="allow-scripts">`.
    Frame,
    /// Anything else: a neutral tile naming the content type.
    Unknown,
}

impl MediaKind {
    /// Whether the card shows the inscription's text.
    pub fn is_text(self) -> bool {
        matches!(self, Self::Text | Self::Markdown | Self::Json)
    }

    /// A short label for the card footer.
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Json => "json",
            Self::Image => "image",
            Self::Frame => "html/svg",
            Self::Unknown => "file",
        }
    }
}

/// The media type without parameters, lower-cased: `"Text/HTML; charset=utf-8"` → `"text/html"`.
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Classifies a content type.
pub fn media_kind(content_type: &str) -> MediaKind {
    let ct = essence(content_type);
    match ct.as_str() {
        "text/html" | "application/xhtml+xml" | "image/svg+xml" => MediaKind::Frame,
        "text/markdown" | "text/x-markdown" => MediaKind::Markdown,
        "application/json" => MediaKind::Json,
        "image/png" | "image/jpeg" | "image/jpg" | "image/gif" | "image/webp" | "image/apng"
        | "image/avif" | "image/bmp" => MediaKind::Image,
        "application/pgp-signature" | "application/yaml" | "application/x-javascript" => {
            MediaKind::Text
        }
        _ if ct.ends_with("+json") => MediaKind::Json,
        // Other text/* (css, javascript, csv, …) is shown as text; text/xml-like types too.
        _ if ct.starts_with("text/") => MediaKind::Text,
        _ => MediaKind::Unknown,
    }
}

/// JSON bigger than this is previewed as it is (pretty-printing a megabyte for a 2 kB preview
/// is wasted work).
pub const PRETTY_JSON_MAX: usize = 64 * 1024;

/// Re-indents valid JSON with two spaces, keeping key order and every token as written.
/// `None` when `text` is not valid JSON.
pub fn pretty_json(text: &str) -> Option<String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // Empty containers stay on one line.
                while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// The text preview of a card: JSON pretty-printed when it is valid and not huge, then the
/// sanitiser of [`crate::text::preview`] with `limits`.
pub fn card_text(kind: MediaKind, content: &str, limits: PreviewLimits) -> Preview {
    if kind == MediaKind::Json && content.len() <= PRETTY_JSON_MAX {
        if let Some(pretty) = pretty_json(content) {
            return preview(pretty.as_bytes(), limits);
        }
    }
    preview(content.as_bytes(), limits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::preview::is_forbidden;
    use proptest::prelude::*;

    #[test]
    fn kinds() {
        assert_eq!(media_kind("text/plain;charset=utf-8"), MediaKind::Text);
        assert_eq!(media_kind("TEXT/HTML; charset=utf-8"), MediaKind::Frame);
        assert_eq!(media_kind("image/svg+xml"), MediaKind::Frame);
        assert_eq!(media_kind("text/markdown"), MediaKind::Markdown);
        assert_eq!(media_kind("application/json"), MediaKind::Json);
        assert_eq!(media_kind("application/ld+json"), MediaKind::Json);
        assert_eq!(media_kind("image/png"), MediaKind::Image);
        assert_eq!(media_kind("image/jpeg"), MediaKind::Image);
        assert_eq!(media_kind("text/css"), MediaKind::Text);
        assert_eq!(media_kind("application/octet-stream"), MediaKind::Unknown);
        assert_eq!(media_kind("video/mp4"), MediaKind::Unknown);
        assert_eq!(media_kind(""), MediaKind::Unknown);
        assert_eq!(media_kind("image/tiff"), MediaKind::Unknown);
    }

    #[test]
    fn json_is_reindented_in_order() {
        let pretty =
            pretty_json(r#"{"p":"brc-20","op":"mint","a":[1, 2],"e":{},"s":"x,{\"y\":1}"}"#)
                .unwrap();
        assert_eq!(
            pretty,
            "{\n  \"p\": \"brc-20\",\n  \"op\": \"mint\",\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": {},\n  \"s\": \"x,{\\\"y\\\":1}\"\n}"
        );
        assert_eq!(pretty_json("not json"), None);
        assert_eq!(pretty_json("[]").as_deref(), Some("[]"));
    }

    #[test]
    fn hostile_json_stays_text() {
        let p = card_text(
            MediaKind::Json,
            r#"{"tick":"<script>alert(6)</script>","note":"\u202e"}"#,
            PreviewLimits::CARD,
        );
        assert!(p.text.contains("<script>alert(6)</script>"));
        assert!(p.text.starts_with("{\n  \"tick\""));
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
            "[a-z{}\\[\\],:\" \\\\]{0,6}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-z:,]{0,4}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn pretty_json_means_the_same_and_is_stable(v in json_value()) {
            let compact = serde_json::to_string(&v).unwrap();
            let pretty = pretty_json(&compact).unwrap();
            prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&pretty).unwrap(), v);
            prop_assert_eq!(pretty_json(&pretty).unwrap(), pretty);
        }

        #[test]
        fn card_text_is_clean_and_bounded(text in "\\PC{0,300}|[\\x00-\\x1f\u{202e}\u{2066}-\u{2069}{}\":,]{0,300}", kind in prop_oneof![Just(MediaKind::Text), Just(MediaKind::Json), Just(MediaKind::Markdown)]) {
            let p = card_text(kind, &text, PreviewLimits::CARD);
            prop_assert!(p.text.len() <= PreviewLimits::CARD.max_bytes);
            prop_assert!(!p.text.chars().any(is_forbidden));
        }
    }
}
