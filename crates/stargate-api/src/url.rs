//! Pure URL building for the generated [`crate::paths`] functions (host-testable, no web-sys).

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded: safe
/// for a path segment (a `/` is encoded too) and for a query name or value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` (UTF-8, byte by byte, upper-case hex) for a path segment or a query.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
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
        self.url.extend(utf8_percent_encode(value, COMPONENT));
        self
    }

    /// Appends `name=value` (both percent-encoded), or nothing when `value` is `None`.
    pub fn query<V: Display>(mut self, name: &str, value: Option<V>) -> Self {
        if let Some(value) = value {
            self.url.push(if self.has_query { '&' } else { '?' });
            self.has_query = true;
            self.url.extend(utf8_percent_encode(name, COMPONENT));
            self.url.push('=');
            self.url
                .extend(utf8_percent_encode(&value.to_string(), COMPONENT));
        }
        self
    }

    pub fn finish(self) -> String {
        self.url
    }
}
