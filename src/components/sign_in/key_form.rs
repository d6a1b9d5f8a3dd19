//! The API key form: the key (a password field, cleared once sent) and an optional wallet.

use leptos::prelude::*;

use crate::api::{config, Client};
use crate::auth::Session;
use crate::components::form::Field;
use crate::wish::WishStore;

#[component]
pub(super) fn KeyForm(
    auth: Session,
    key: RwSignal<String>,
    /// Kept by the panel, so it is still filled in after signing out.
    wallet: RwSignal<String>,
) -> impl IntoView {
    let wish = WishStore::use_or_provide();
    let client = Client::new(config().api_base);
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Taken out of the signal: from here the key exists only in the request.
        let api_key = key.try_update(std::mem::take).unwrap_or_default();
        auth.sign_in_with_key(client.clone(), api_key, wallet.get_untracked(), move |w| {
            if wish.address.get_untracked().trim().is_empty() {
                wish.address.try_set(w.to_owned());
            }
        });
    };
    let busy = move || auth.busy.get();
    view! {
        <form class="sign-in__form" on:submit=sign_in autocomplete="off">
            <Field id="api-key" label="API key">
                <input id="api-key" type="password" autocomplete="off" spellcheck="false" bind:value=key />
            </Field>
            <Field id="login-wallet" label="Wallet address (optional)"
                hint="Binds this wallet to the key if it has none, and fills in the wish's address.">
                <input
                    id="login-wallet"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="login-wallet-hint"
                    bind:value=wallet
                />
            </Field>
            <button class="button button--primary" type="submit" disabled=busy aria-busy=move || busy().to_string()>
                {move || if busy() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
