//! A readable, announced error with a retry.

use leptos::prelude::*;

/// Shows `message` in a `role="alert"` region with a "Retry" button; renders nothing while
/// `message` is `None`.
#[component]
pub fn ErrorBanner(
    #[prop(into)] message: Signal<Option<String>>,
    on_retry: Callback<()>,
    #[prop(into, default = Signal::from(false))] retrying: Signal<bool>,
) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <div class="error-banner" role="alert">
                    <p class="error-banner__text">{text}</p>
                    <p class="error-banner__hint">"Retrying automatically."</p>
                    <button
                        class="button button--primary"
                        disabled=move || retrying.get()
                        aria-busy=move || retrying.get().to_string()
                        on:click=move |_| on_retry.run(())
                    >
                        "Retry"
                    </button>
                </div>
            }
        })
    }
}
