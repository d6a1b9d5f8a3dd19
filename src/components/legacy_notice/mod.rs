//! The notice shown once, after the React frontend's stored sign-in data was removed
//! (`auth::legacy`). Dismissable; gone on the next load, since the entries are gone.

use leptos::prelude::*;

use crate::auth::legacy::{notice, remove_legacy_entries};

#[component]
pub fn LegacyNotice() -> impl IntoView {
    let text = RwSignal::new(notice(&remove_legacy_entries()));
    view! {
        <Show when=move || text.with(Option::is_some)>
            <div class="legacy-notice" role="status" data-legacy-notice="">
                <p class="legacy-notice__text">{move || text.get().unwrap_or_default()}</p>
                <button class="button" type="button" on:click=move |_| text.set(None)>"Dismiss"</button>
            </div>
        </Show>
    }
}
