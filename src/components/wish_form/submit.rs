//! Where the submission is: the upload's progress, the refusal, the submit button, and once
//! the server accepted the wish, where it went.

use leptos::prelude::*;

use crate::auth::Session;
use crate::components::form::FormError;
use crate::routes;
use crate::wish::{Phase, WishStore, NO_CREATOR_TEXT};

/// The end of the form: progress while sending, the last refusal, the button.
#[component]
pub(super) fn SubmitState(store: WishStore) -> impl IntoView {
    let sending = move || matches!(store.phase.get(), Phase::Sending { .. });
    let progress = move || match store.phase.get() {
        Phase::Sending { sent, total } => Some({
            let pct = (total > 0.0)
                .then(|| ((sent / total) * 100.0).round().clamp(0.0, 100.0) as u32)
                .map(|p| p.to_string());
            view! {
                <div class="wish-progress">
                    <label for="wish-progress">"Sending"</label>
                    <progress
                        id="wish-progress"
                        role="progressbar"
                        max="100"
                        value=pct.clone()
                        aria-valuemin="0"
                        aria-valuemax="100"
                        aria-valuenow=pct
                    ></progress>
                </div>
            }
        }),
        _ => None,
    };
    let session = Session::use_or_provide();
    view! {
        {progress}
        // said before sending: without a key the wish gets no creator
        <Show when=move || !session.has_key()>
            <p class="note wish-form__no-creator" data-no-creator="">{NO_CREATOR_TEXT}</p>
        </Show>
        <FormError error=store.error />
        <button
            class="button button--primary wish-form__submit"
            type="submit"
            disabled=move || sending() || store.image_busy.get()
            aria-busy=move || sending().to_string()
        >
            {move || if sending() { "Sending…" } else { "Send the wish" }}
        </button>
    }
}

/// The server accepted the wish: its id, where it waits, and a fresh form.
#[component]
pub(super) fn WishSent(store: WishStore, id: String) -> impl IntoView {
    view! {
        <section class="wish-sent" aria-labelledby="wish-sent-title" data-wish-id=id.clone()>
            <h2 id="wish-sent-title" tabindex="-1">"Wish sent"</h2>
            <p>"The server accepted your wish. Its id:"</p>
            <p class="mono wish-sent__id">{id.clone()}</p>
            <p>
                "It waits in the "
                <a href=routes::pending_block().href()>"pending block"</a>
                " until it is mined. Agents write proposals for it: "
                <a href=routes::contract(&id).href()>"follow your wish"</a>
                " to approve one."
            </p>
            <button class="button button--primary" type="button" on:click=move |_| store.start_another()>
                "Make another wish"
            </button>
        </section>
    }
}
