//! The issued challenge and the form that sends the nonce's signature back.

use leptos::prelude::*;

use super::challenge::ChallengePanel;
use super::step_button;
use crate::api::{config, Client};
use crate::auth::wallet::{ActiveChallenge, Step, WalletSignIn};
use crate::auth::Session;
use crate::components::form::Field;

#[component]
pub(super) fn SignatureForm(
    flow: WalletSignIn,
    challenge: ActiveChallenge,
    /// Asks for a new challenge.
    ask: Callback<()>,
) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = Client::new(config().api_base);
    let on_verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        flow.verify(client.clone(), session);
    };
    let tries = move || {
        flow.challenge.get().map(|c| {
            format!(
                "{} of {} tries left with this challenge.",
                c.tries_left(),
                c.max_tries
            )
        })
    };
    let hint = move || {
        format!(
            "Legacy signmessage (base64), or BIP-322 simple (the witness, hex or base64). {}",
            tries().unwrap_or_default()
        )
    };
    view! {
        <ChallengePanel challenge on_new=move || ask.run(()) />
        <form class="sign-in__form" on:submit=on_verify autocomplete="off">
            <Field id="wallet-signature" label="Signature" hint>
                <textarea
                    id="wallet-signature"
                    rows="3"
                    spellcheck="false"
                    autocapitalize="off"
                    aria-describedby="wallet-signature-hint"
                    prop:value=move || flow.signature.get()
                    on:input=move |ev| flow.signature.set(event_target_value(&ev))
                ></textarea>
            </Field>
            {step_button(flow, Step::Verify, "Verify", "Verifying…")}
        </form>
    }
}
