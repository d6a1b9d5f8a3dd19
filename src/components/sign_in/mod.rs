//! Sign in with an API key (`/api/auth/login`) and sign out.
//!
//! The key is typed into a password field whose signal is cleared as soon as it is sent; on
//! success the session keeps it in memory for this tab (never in web storage). After a reload
//! the key is gone; the login cookie may still let wishes through, so the state is "unknown"
//! and says so.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::api::{config, Client};
use crate::auth::{AuthState, Session};
use crate::routes;
use crate::wish::WishStore;

#[component]
pub fn SignInPanel(
    /// The panel's heading ("Sign in" on the wish page).
    #[prop(into, default = "Sign in".into())]
    title: String,
    /// Points to the wallet sign-in (off on the sign-in page, which shows it above).
    #[prop(default = true)]
    wallet_link: bool,
) -> impl IntoView {
    let auth = Session::use_or_provide();
    let wish = WishStore::use_or_provide();
    let client = Client::new(config().api_base);
    let key = RwSignal::new(String::new());
    let wallet = RwSignal::new(String::new());
    let sign_in = {
        let client = client.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // Taken out of the signal: from here the key exists only in the request.
            let api_key = key.try_update(std::mem::take).unwrap_or_default();
            auth.sign_in_with_key(client.clone(), api_key, wallet.get_untracked(), move |w| {
                if wish.address.get_untracked().trim().is_empty() {
                    wish.address.try_set(w.to_owned());
                }
            });
        }
    };
    let sign_out = move |_| auth.sign_out(client.clone());
    let sign_out_earlier = sign_out.clone();
    let busy = move || auth.busy.get();

    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title" class="sign-in__title">{title}</h2>
            {move || match auth.state.get() {
                AuthState::SignedIn { wallet } => EitherOf3::A(view! {
                    <p class="sign-in__status" data-signed-in="">
                        "Signed in"
                        {wallet.map(|w| view! { " · wallet " <span class="mono">{w}</span> })}
                    </p>
                }),
                AuthState::SignedOut => EitherOf3::B(view! {
                    <p class="sign-in__status">"Not signed in."</p>
                }),
                AuthState::Unknown => EitherOf3::C(view! {
                    <p class="sign-in__status note">
                        "If you signed in on an earlier visit, your session may still be valid "
                        "(it is kept by the server in a cookie this page cannot read); sending a "
                        "wish tells. Otherwise sign in with your API key."
                    </p>
                }),
            }}
            <Show
                when=move || matches!(auth.state.get(), AuthState::SignedIn { .. })
                fallback=move || view! {
                    <form class="sign-in__form" on:submit=sign_in.clone() autocomplete="off">
                        <div class="field">
                            <label for="api-key">"API key"</label>
                            <input
                                id="api-key"
                                type="password"
                                autocomplete="off"
                                spellcheck="false"
                                bind:value=key
                            />
                        </div>
                        <div class="field">
                            <label for="login-wallet">"Wallet address (optional)"</label>
                            <input
                                id="login-wallet"
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                aria-describedby="login-wallet-hint"
                                bind:value=wallet
                            />
                            <p id="login-wallet-hint" class="field__hint">
                                "Binds this wallet to the key if it has none, and fills in the wish's address."
                            </p>
                        </div>
                        <button class="button button--primary" type="submit" disabled=busy aria-busy=move || busy().to_string()>
                            {move || if busy() { "Signing in…" } else { "Sign in" }}
                        </button>
                    </form>
                }
            >
                <button class="button" type="button" on:click=sign_out.clone() disabled=busy>
                    "Sign out"
                </button>
            </Show>
            {move || auth.state.get().eq(&AuthState::Unknown).then(|| view! {
                <button class="button sign-in__forget" type="button" on:click=sign_out_earlier.clone() disabled=busy>
                    "Sign out of an earlier session"
                </button>
            })}
            {move || auth.error.get().map(|e| view! {
                <p class="form-error" role="alert">{e}</p>
            })}
            // the server wants this wallet proven: the wallet sign-in, with it filled in
            {move || auth.rebind_wallet.get().map(|w| view! {
                <p>
                    <a class="button" href=routes::sign_in_with_wallet(&w).href()>
                        "Sign in with this wallet"
                    </a>
                </p>
            })}
            {move || (wallet_link && !auth.state.get().is_signed_in()).then(|| view! {
                <p class="note">
                    "No key yet? " <a href=routes::sign_in().href()>"Sign in with a Bitcoin wallet"</a>
                    " to get one bound to your wallet."
                </p>
            })}
        </section>
    }
}
