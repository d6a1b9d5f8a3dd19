//! One error type for every way a backend call can fail, and the PURE functions that turn an
//! answer (status, content type, body text) into a value or an [`ApiError`].
//!
//! The Stargate backend answers errors in five shapes (docs/design.md, "The backend as it is"):
//!
//! * A/B — `{"success":false,"error":{"error":{"code":"403","message":"invalid api key",…}}}`
//! * C — a plain-text body (`block not found`)
//! * D — `{"success":false,"error":{"error":"api_key_required","message":"API key required","code":401}}`
//! * E — `{"error":{"code":"EXTRACTION_FAILED","message":"…",…}}`
//!
//! plus whatever a proxy puts in between (an nginx 502 HTML page, an empty body). The message is
//! read, in order, from `error.error.message`, `error.message`, `error` (a string), `message`,
//! then the plain-text body; HTML and empty bodies give the status's reason phrase.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Longest message kept from a body, in characters (the rest is cut and marked with `…`).
pub const MAX_MESSAGE_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (backend down, CORS, DNS, aborted).
    Network(String),
    /// Any error status; `message` is read from whatever shape came back.
    Http { status: u16, message: String },
    /// A 2xx whose body does not match the schema.
    Decode { status: u16, message: String },
    /// 429: the backend (or the proxy before it) limits how often one client may ask;
    /// `retry_after_s` is its `Retry-After` in seconds, when it sent one.
    TooManyRequests { retry_after_s: Option<u32> },
}

impl ApiError {
    /// The error for a non-2xx answer. Pure; never panics, whatever the body.
    pub fn from_response(status: u16, content_type: Option<&str>, body: &str) -> ApiError {
        ApiError::http(status, error_message(status, content_type, body))
    }

    /// An error answer whose message is already read.
    pub fn http(status: u16, message: impl Into<String>) -> ApiError {
        ApiError::Http {
            status,
            message: message.into(),
        }
    }

    /// The HTTP status, when an answer came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network(_) => None,
            ApiError::Http { status, .. } | ApiError::Decode { status, .. } => Some(*status),
            ApiError::TooManyRequests { .. } => Some(429),
        }
    }

    /// How long the server asked the client to wait before asking again, in milliseconds (a
    /// 429's `Retry-After`).
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            ApiError::TooManyRequests {
                retry_after_s: Some(s),
            } => Some(u64::from(*s) * 1000),
            _ => None,
        }
    }

    /// `true` for a 404 answer (the backend's "block not found", "inscription not found", …).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Http { status: 404, .. })
    }

    /// Readable one-line text for users, e.g. `The server answered 404: block not found`.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(why) if why.trim().is_empty() => "Could not reach the server".into(),
            ApiError::Network(why) => format!("Could not reach the server: {}", clean(why)),
            ApiError::Http { status, message } => {
                format!("The server answered {status}: {message}")
            }
            ApiError::Decode { status, message } => {
                format!("The server answered {status} with an unexpected body: {message}")
            }
            ApiError::TooManyRequests {
                retry_after_s: Some(s),
            } => format!("Too many requests, retry in {s} s"),
            ApiError::TooManyRequests {
                retry_after_s: None,
            } => "Too many requests, retry in a moment".into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// Decodes an answer: a 2xx body as JSON `T` ([`ApiError::Decode`] when it does not match),
/// anything else through [`ApiError::from_response`]. Pure; never panics. The content type of a
/// 2xx is not checked (Go handlers often send JSON as `text/plain`).
pub fn decode_response<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, content_type, body));
    }
    serde_json::from_str(body).map_err(|error| decode_error(status, content_type, body, &error))
}

/// [`decode_response`] with the answer's `Retry-After` header: a 429 is
/// [`ApiError::TooManyRequests`], whatever its body. Pure; never panics.
pub fn decode_answer<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    retry_after: Option<&str>,
    body: &str,
) -> Result<T, ApiError> {
    if status == 429 {
        return Err(ApiError::TooManyRequests {
            retry_after_s: crate::limits::retry_after_seconds(retry_after),
        });
    }
    decode_response(status, content_type, body)
}

/// A 2xx body that is not the JSON expected. Apart from the generic `decode_response`, so its
/// code is not repeated for every answer type in the wasm.
#[inline(never)]
fn decode_error(
    status: u16,
    content_type: Option<&str>,
    body: &str,
    error: &serde_json::Error,
) -> ApiError {
    let message = if body.trim().is_empty() {
        "the body is empty".to_owned()
    } else if looks_like_html(content_type, body.trim_start()) {
        "expected JSON, got an HTML page".to_owned()
    } else {
        clean(&error.to_string())
    };
    ApiError::Decode { status, message }
}

/// The message of an error answer; see the module documentation for the order.
fn error_message(status: u16, content_type: Option<&str>, body: &str) -> String {
    let text = body.trim();
    if text.is_empty() || looks_like_html(content_type, text) {
        return reason_phrase(status).to_owned();
    }
    let is_json_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("json"));
    match serde_json::from_str::<Value>(text) {
        Ok(value) => message_from_json(&value)
            .map(clean)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| reason_phrase(status).to_owned()),
        // Broken JSON is not dumped on users.
        Err(_) if is_json_type || text.starts_with(['{', '[']) => reason_phrase(status).to_owned(),
        Err(_) => {
            let cleaned = clean(text);
            if cleaned.is_empty() {
                reason_phrase(status).to_owned()
            } else {
                cleaned
            }
        }
    }
}

fn message_from_json(value: &Value) -> Option<&str> {
    fn text(v: Option<&Value>) -> Option<&str> {
        v.and_then(Value::as_str).filter(|s| !s.trim().is_empty())
    }
    let error = value.get("error");
    let nested = error.and_then(|e| e.get("error"));
    text(nested.and_then(|e| e.get("message"))) // A, B
        .or_else(|| text(error.and_then(|e| e.get("message")))) // D, E
        .or_else(|| text(error)) // {"error": "…"}
        .or_else(|| text(value.get("message")))
        .or_else(|| text(Some(value))) // a bare JSON string
        .or_else(|| text(nested)) // D without a message: its code
}

fn looks_like_html(content_type: Option<&str>, text: &str) -> bool {
    content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html")) || text.starts_with('<')
}

/// One line: control characters removed (line breaks and tabs become spaces), runs of
/// whitespace collapsed, trimmed, cut to [`MAX_MESSAGE_CHARS`].
fn clean(text: &str) -> String {
    // Bounded work whatever the body's size: only the start can be shown anyway.
    let one_line: String = text
        .chars()
        .take(16 * MAX_MESSAGE_CHARS)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let collapsed = one_line.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MAX_MESSAGE_CHARS {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(MAX_MESSAGE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// The reason phrase of an HTTP status (RFC 9110 and friends).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Content",
        425 => "Too Early",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        499 => "Client Closed Request",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => "Unknown error",
    }
}
