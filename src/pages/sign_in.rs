//! `/sign-in` (also the React frontend's `/auth`): with a wallet (challenge and signature), or
//! by pasting an API key. `?wallet=…` fills in the wallet form (the API-key form links here
//! when the server wants a wallet proven).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;

use crate::auth::wallet::WalletSignIn;
use crate::components::{SignInPanel, WalletSignInForm};

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.with(|q| q.get("wallet"));
    let flow = WalletSignIn::new(wanted().unwrap_or_default());
    // a link to this page with another wallet (from the API-key form below) fills it in
    Effect::new(move |_| {
        if let Some(w) = wanted() {
            if flow.address.get_untracked() != w {
                flow.address.set(w);
                flow.challenge.set(None);
                flow.error.set(None);
            }
            // the user came here to prove this wallet: the next step starts in its field
            if let Some(field) = document()
                .get_element_by_id("wallet-address")
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = field.focus();
            }
        }
    });
    view! {
        <div class="sign-in-page">
            <h1 class="wish-page__title">"Sign in"</h1>
            <p class="note">
                "Reading is open to everyone; making wishes and acting on contracts need an API "
                "key. The key is kept for this tab only: a reload keeps you signed in; closing the "
                "tab or signing out forgets it."
            </p>
            <WalletSignInForm flow=flow />
            <SignInPanel title="With an API key" wallet_link=false />
        </div>
    }
}
