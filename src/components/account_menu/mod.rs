//! The header's account menu: "Sign in" when no key is in memory; otherwise the wallet
//! (shortened, the full address in its title) or "API key" when the wallet is unknown, opening
//! to "Sign out". A `<details>` disclosure: keyboard and screen readers get it for free;
//! Escape closes it and gives the focus back to its summary.

use leptos::prelude::*;

use crate::address::shorten;
use crate::api;
use crate::auth::{AuthState, Session};
use crate::routes;

#[component]
pub fn AccountMenu() -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let details = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    // closes the menu; `refocus` gives the focus back to its summary (Escape)
    let close = move |refocus: bool| {
        if let Some(d) = details.get() {
            d.set_open(false);
        }
        if let (true, Some(s)) = (refocus, summary.get()) {
            let _ = s.focus();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && details.get().is_some_and(|d| d.open()) {
            ev.prevent_default();
            close(true);
        }
    };
    move || match session.state.get() {
        AuthState::SignedIn { wallet } => {
            let client = client.clone();
            let mono = if wallet.is_some() { "mono" } else { "" };
            let (label, title) = match &wallet {
                Some(w) => (shorten(w), format!("Signed in with wallet {w}")),
                None => ("API key".to_owned(), "Signed in with an API key".to_owned()),
            };
            view! {
                <details class="account" node_ref=details on:keydown=on_keydown data-account="">
                    <summary class="button account__summary" node_ref=summary title=title>
                        <span class="sr-only">"Account: "</span>
                        <span class=mono>{label}</span>
                    </summary>
                    <div class="account__menu">
                        <p class="account__who">
                            {match wallet.clone() {
                                Some(w) => view! { "Wallet " <span class="mono">{w}</span> }.into_any(),
                                None => view! { "Signed in with an API key (wallet unknown)." }.into_any(),
                            }}
                        </p>
                        <a
                            class="account__link"
                            href=routes::sign_in().href()
                            on:click=move |_| close(false)
                        >
                            "Sign in another way"
                        </a>
                        <button
                            class="button"
                            type="button"
                            on:click=move |_| session.sign_out(client.clone())
                        >
                            "Sign out"
                        </button>
                    </div>
                </details>
            }
            .into_any()
        }
        _ => view! {
            <a class="button account__sign-in" href=routes::sign_in().href() data-account="">
                "Sign in"
            </a>
        }
        .into_any(),
    }
}
