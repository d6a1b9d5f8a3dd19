//! The reader's preferences, kept in localStorage: the colour theme (`theme`) and whether the
//! block view hides text inscriptions (`hide-text`). They are the only keys the explorer writes
//! there (the session lives in the tab's sessionStorage: `auth::stored`). Reading fails soft:
//! no storage (a private window, a blocked origin) is "nothing stored", and what each value
//! means is decided by its feature's model (`theme_toggle/theme.rs`, `block_view/list.rs`).

/// The colour theme: `auto`, `light` or `dark`.
pub const THEME: &str = "theme";
/// The block view's "Hide text": `1` hides, `0` shows.
pub const HIDE_TEXT: &str = "hide-text";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value of `key`, if any.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`; a storage that refuses (full, blocked) keeps the choice for this
/// page only.
pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
