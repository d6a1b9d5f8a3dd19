//! Pure URL building for the generated [`crate::paths`] functions (host-testable, no web-sys).

use std::fmt::{Display, Write as _};

/// Percent-encodes everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`),
/// UTF-8 byte by byte: safe for a path segment and for a query value.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Builds `base + path + ?query`. `base` loses its trailing `/`; `""` gives a relative URL.
#[derive(Debug, Clone)]
pub struct UrlBuilder {
    url: String,
    has_query: bool,
}

impl UrlBuilder {
    pub fn new(base: &str) -> Self {
        Self {
            url: base.trim_end_matches('/').to_owned(),
            has_query: false,
        }
    }

    /// Appends literal path text as it is (the generator only emits URL-safe literals).
    pub fn path(mut self, literal: &str) -> Self {
        self.url.push_str(literal);
        self
    }

    /// Appends one percent-encoded path segment (a `/` in `value` is encoded too).
    pub fn segment(mut self, value: &str) -> Self {
        self.url.push_str(&encode_component(value));
        self
    }

    /// Appends `name=value` (value percent-encoded), or nothing when `value` is `None`.
    pub fn query<V: Display>(mut self, name: &str, value: Option<V>) -> Self {
        if let Some(value) = value {
            self.url.push(if self.has_query { '&' } else { '?' });
            self.has_query = true;
            self.url.push_str(&encode_component(name));
            self.url.push('=');
            self.url.push_str(&encode_component(&value.to_string()));
        }
        self
    }

    pub fn finish(self) -> String {
        self.url
    }
}
