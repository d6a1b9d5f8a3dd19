//! The button of one request (claim, approve, resolve): it waits while its request runs, so a
//! double click sends one request, and says a refusal in words next to itself.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::form::FormError;

#[component]
pub fn ActionButton(
    label: &'static str,
    /// Shown while the request runs ("Claiming…").
    busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    /// The last refusal, in words.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Sends the request; not called while one runs.
    on_press: Callback<()>,
    /// A small secondary button instead of the primary one.
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    let class = if small {
        "button button--small"
    } else {
        "button button--primary"
    };
    view! {
        <button
            class=class
            type="button"
            disabled=move || busy.get()
            aria-busy=move || busy.get().to_string()
            on:click=move |_| {
                if !busy.get_untracked() {
                    on_press.run(());
                }
            }
        >
            {move || if busy.get() { busy_label } else { label }}
        </button>
        <FormError error />
    }
}

/// The last refusal of `action`'s request, in `words` (`None` while it runs or after a success).
pub fn refusal<I, O>(
    action: Action<I, Result<O, ApiError>>,
    words: fn(&ApiError) -> String,
) -> Signal<Option<String>>
where
    I: 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| words(&e))
    })
}
