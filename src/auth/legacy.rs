//! What the React frontend left in the browser, removed on the first load of this app.
//!
//! The React app kept the user's API keys in `localStorage`, where any script of the origin
//! could read them and where they stayed after the tab closed: first as raw entries
//! (`X-API-Key`, `X-Wallet-Address`, `X-User-Email`, `X-Wallet-Key-Map`: every wallet's key),
//! then inside a SQLite database serialised to base64 under `stargate_db`. This app keeps no
//! key there; on load it removes those entries, once (they are gone afterwards, so the notice
//! shows once), and says so. Its own theme entry (`theme`) is left alone.

/// The `localStorage` keys the React frontend wrote with keys, wallets or e-mail addresses.
pub const LEGACY_KEYS: [&str; 5] = [
    "stargate_db",
    "X-API-Key",
    "X-Wallet-Address",
    "X-User-Email",
    "X-Wallet-Key-Map",
];

/// Which of `present` (the keys found in storage) are the React app's.
pub fn legacy_entries<'a>(present: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<String> = present
        .into_iter()
        .filter(|k| LEGACY_KEYS.contains(k))
        .map(str::to_owned)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The notice after `removed` were removed (`None` when there was nothing).
pub fn notice(removed: &[String]) -> Option<String> {
    (!removed.is_empty()).then(|| {
        "Sign-in data the previous Stargate frontend kept in this browser (API keys, wallet, \
         e-mail) was found and removed. Sign in again to act on contracts."
            .to_owned()
    })
}

/// Removes the React app's entries from this origin's `localStorage`; returns the keys removed.
pub fn remove_legacy_entries() -> Vec<String> {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return Vec::new();
    };
    let length = storage.length().unwrap_or(0);
    let present: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    let found = legacy_entries(present.iter().map(String::as_str));
    found
        .into_iter()
        .filter(|key| storage.remove_item(key).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_react_apps_entries_are_picked() {
        assert_eq!(
            legacy_entries([
                "theme",
                "X-API-Key",
                "stargate_db",
                "x-api-key",
                "X-Wallet-Key-Map"
            ]),
            ["X-API-Key", "X-Wallet-Key-Map", "stargate_db"]
        );
        assert!(legacy_entries(["theme", "stargate-theme"]).is_empty());
    }

    #[test]
    fn the_notice_says_what_was_removed_only_when_something_was() {
        assert_eq!(notice(&[]), None);
        let text = notice(&["stargate_db".to_owned()]).expect("a notice");
        assert!(text.contains("removed"), "{text}");
        assert!(text.contains("API keys"), "{text}");
    }
}
