//! The one error banner: what failed, the backend's answer in words, whether the app tries
//! again by itself, and a Retry button. Announced (`role="alert"`); renders nothing while there
//! is no error.

use leptos::prelude::*;

use crate::api::ApiError;

#[component]
pub fn ErrorBanner(
    /// What the app was doing, in the user's words ("Could not load the blocks").
    what: &'static str,
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// Asks again at once; without it the banner has no button.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// The app tries again by itself (a poll): the banner says so.
    #[prop(optional, into)]
    retrying: Signal<bool>,
    /// A try is under way: the button waits for it.
    #[prop(optional, into)]
    busy: Signal<bool>,
) -> impl IntoView {
    move || {
        error.get().map(|error| {
            view! {
                <div class="error-banner" role="alert">
                    <p class="error-banner__text">
                        <strong>{what}</strong>
                        ". "
                        {error.message()}
                    </p>
                    {move || {
                        retrying.get().then(|| view! {
                            <p class="error-banner__hint">"Retrying automatically."</p>
                        })
                    }}
                    {on_retry.map(|retry| view! {
                        <button
                            class="button button--primary"
                            disabled=move || busy.get()
                            aria-busy=move || busy.get().to_string()
                            on:click=move |_| retry.run(())
                        >
                            "Retry"
                        </button>
                    })}
                </div>
            }
        })
    }
}
