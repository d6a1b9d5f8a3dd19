//! Light / dark / auto theme toggle. The choice is a preference ([`crate::prefs`]) and is
//! applied as `data-theme` on `<html>`; `style/base.css` does the rest.

use leptos::prelude::*;

mod theme;

use crate::prefs;
use theme::Theme;

/// The stored theme (auto when none or unreadable).
pub fn stored_theme() -> Theme {
    Theme::from_stored(prefs::load(prefs::THEME).as_deref())
}

/// Sets `data-theme` on `<html>`.
pub fn apply_theme(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
}

/// The toggle. `boot`: the page's shell before the app runs (`first_screen`): disabled, showing
/// auto, neither reading nor applying the stored theme.
#[component]
pub fn ThemeToggle(#[prop(optional)] boot: bool) -> impl IntoView {
    let theme = RwSignal::new(if boot { Theme::Auto } else { stored_theme() });
    if !boot {
        apply_theme(theme.get_untracked());
    }
    let cycle = move |_| {
        let next = theme.get_untracked().next();
        theme.set(next);
        apply_theme(next);
        prefs::save(prefs::THEME, next.as_str());
    };
    view! {
        <button
            class="button theme-toggle"
            data-theme-choice=move || theme.get().as_str()
            title="Colour theme: auto (follows the system), light or dark"
            disabled=boot
            on:click=cycle
        >
            <span aria-hidden="true">
                {move || match theme.get() {
                    Theme::Auto => "◐",
                    Theme::Light => "☀",
                    Theme::Dark => "☾",
                }}
            </span>
            {move || format!(" Theme: {}", theme.get().label())}
        </button>
    }
}
