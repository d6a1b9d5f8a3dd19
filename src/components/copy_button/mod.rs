//! A button that copies a value (an id, a key) to the clipboard and says so.

use leptos::prelude::*;

/// How long "Copied" shows.
const CONFIRM_MS: u32 = 2_000;

#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: String,
    /// What it is, for screen readers ("Copy the contract id").
    label: &'static str,
) -> impl IntoView {
    let state = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            state.try_set(Some(ok));
            gloo_timers::future::TimeoutFuture::new(CONFIRM_MS).await;
            state.try_set(None);
        });
    };
    view! {
        <button class="button button--small copy-button" type="button" aria-label=label title=label on:click=copy>
            {move || match state.get() {
                None => "Copy",
                Some(true) => "Copied",
                Some(false) => "Copy failed",
            }}
        </button>
        <span class="sr-only" aria-live="polite">
            {move || state.get().map(|ok| if ok { "Copied to the clipboard" } else { "Could not copy" })}
        </span>
    }
}
