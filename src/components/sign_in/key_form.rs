//! The API key form: the key (a password field, cleared once sent) and an optional wallet that
//! stays in the tab. The wallet is never sent: `/api/auth/login` would bind it to an unbound
//! key without proof, and only the wallet sign-in's signed challenge may bind one. The app uses
//! it to fill in the wish's address and to find the user's own tasks; the server still decides
//! every action by the key.

use leptos::prelude::*;

use crate::api;
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
    let client = api::client();
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Taken out of the signal: from here the key exists only in the request.
        let api_key = key.try_update(std::mem::take).unwrap_or_default();
        let fill_address = Callback::new(move |w: String| {
            if wish.address.get_untracked().trim().is_empty() {
                wish.address.try_set(w);
            }
        });
        auth.sign_in_with_key(
            client.clone(),
            api_key,
            wallet.get_untracked(),
            fill_address,
        );
    };
    let busy = move || auth.busy.get();
    view! {
        <form class="sign-in__form" on:submit=sign_in autocomplete="off">
            <Field id="api-key" label="API key">
                <input id="api-key" type="password" autocomplete="off" spellcheck="false" bind:value=key />
            </Field>
            <Field id="login-wallet" label="Wallet address (optional)"
                hint="Stays in this tab: it fills in the wish's address and finds your tasks. It is not sent and binds nothing; only the wallet sign-in binds a wallet to a key.">
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
