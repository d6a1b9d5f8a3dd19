//! Sign in with a wallet: address → Get challenge → sign the nonce → paste the signature →
//! Verify → the new key, shown once. State and requests live in `auth::wallet`; the address
//! syntax in `address`; this file and its two forms only lay them out.

mod address;
mod challenge;
mod new_key;
mod signature;

use leptos::prelude::*;

use crate::api::{config, Client};
use crate::auth::wallet::{Step, WalletSignIn};
use crate::components::form::FormError;
use address::AddressForm;
use new_key::NewKeyNotice;
use signature::SignatureForm;

/// A step's submit button: disabled, busy and saying so while its request runs.
fn step_button(
    flow: WalletSignIn,
    step: Step,
    label: &'static str,
    busy_label: &'static str,
) -> impl IntoView {
    let busy = move || flow.busy.get() == Some(step);
    view! {
        <button
            class="button button--primary"
            type="submit"
            disabled=busy
            aria-busy=move || busy().to_string()
        >
            {move || if busy() { busy_label } else { label }}
        </button>
    }
}

#[component]
pub fn WalletSignInForm(flow: WalletSignIn) -> impl IntoView {
    let client = Client::new(config().api_base);
    let ask = Callback::new(move |()| flow.get_challenge(client.clone()));
    view! {
        <section class="sign-in wallet-sign-in" aria-labelledby="wallet-sign-in-title">
            <h2 id="wallet-sign-in-title" class="sign-in__title">"With a wallet"</h2>
            <p class="note">
                "Prove that you hold a Bitcoin wallet by signing a one-time text, the nonce, with "
                "it. The server then issues a new API key bound to that wallet."
            </p>
            <AddressForm flow ask />
            {move || flow.challenge.get().map(|challenge| view! { <SignatureForm flow challenge ask /> })}
            <FormError error=flow.error />
            {move || flow.new_key.get().map(|k| view! { <NewKeyNotice key=k on_done=move || flow.new_key.set(None) /> })}
        </section>
    }
}
