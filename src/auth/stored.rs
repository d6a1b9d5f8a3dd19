//! The session kept for the tab across reloads: `sessionStorage` (docs/architecture.md,
//! "Where the key lives", says why not `localStorage` and why not the cookie alone).
//!
//! One entry, [`STORAGE_KEY`], holding the key and the wallet it is bound to when known. It
//! lives as long as the tab: a reload keeps it, a new tab starts without it, closing the tab
//! drops it, and other origins cannot read it. Written on sign-in, removed on sign-out and when
//! the server refuses the key.

use serde::{Deserialize, Serialize};

/// The `sessionStorage` key.
pub const STORAGE_KEY: &str = "stargate.session";

/// What is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub key: String,
    #[serde(default)]
    pub wallet: Option<String>,
}

impl StoredSession {
    /// The entry's text.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads an entry back; `None` for anything that is not one this app wrote (an empty key,
    /// a key or wallet with spaces or anything the sanitiser would remove, other JSON).
    pub fn decode(text: &str) -> Option<Self> {
        let stored: Self = serde_json::from_str(text).ok()?;
        let clean = |s: &str| {
            !s.is_empty()
                && !s.chars().any(char::is_whitespace)
                && crate::text::preview::sanitize(s) == s
        };
        if !clean(&stored.key) || stored.wallet.as_deref().is_some_and(|w| !clean(w)) {
            return None;
        }
        Some(stored)
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The tab's stored session, if any (a broken entry is removed).
pub fn load() -> Option<StoredSession> {
    let storage = storage()?;
    let text = storage.get_item(STORAGE_KEY).ok().flatten()?;
    let stored = StoredSession::decode(&text);
    if stored.is_none() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
    stored
}

/// Keeps `session` for the tab.
pub fn save(session: &StoredSession) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &session.encode());
    }
}

/// Forgets the tab's session.
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_back() {
        let s = StoredSession {
            key: "k-123".into(),
            wallet: Some("tb1qabc".into()),
        };
        assert_eq!(StoredSession::decode(&s.encode()), Some(s));
        let no_wallet = StoredSession {
            key: "k".into(),
            wallet: None,
        };
        assert_eq!(StoredSession::decode(&no_wallet.encode()), Some(no_wallet));
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "k-123",
            "{}",
            r#"{"key":""}"#,
            r#"{"key":"a b"}"#,
            r#"{"key":"a\nb"}"#,
            r#"{"key":"k","wallet":"tb1\u202eq"}"#,
            r#"{"key":"k","wallet":""}"#,
            r#"{"key":5}"#,
        ] {
            assert_eq!(StoredSession::decode(text), None, "{text}");
        }
    }
}
