//! Sign in with an API key (`/api/auth/login`) and sign out.
//!
//! The key is typed into a password field whose signal is cleared as soon as it is sent; on
//! success the session keeps it for this tab (`auth::stored`: a reload keeps it, a new tab asks
//! again, never localStorage). In a tab without it the login cookie of an earlier visit may
//! still let wishes through, but without a creator; the state is "unknown" and says so. The key
//! is the only thing sent: a wallet typed beside it stays in the tab (a wallet is bound only
//! through the wallet sign-in).

mod key_form;

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::api;
use crate::auth::{AuthState, Session};
use crate::components::form::FormError;
use crate::routes;
use key_form::KeyForm;

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
    let client = api::client();
    let key = RwSignal::new(String::new());
    let wallet = RwSignal::new(String::new());
    let sign_out = Callback::new(move |()| auth.sign_out(client.clone()));
    let busy = move || auth.busy.get();

    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title" class="sign-in__title">{title}</h2>
            <AuthStatus auth />
            <Show
                when=move || matches!(auth.state.get(), AuthState::SignedIn { .. })
                fallback=move || view! { <KeyForm auth key wallet /> }
            >
                <button class="button" type="button" on:click=move |_| sign_out.run(()) disabled=busy>
                    "Sign out"
                </button>
            </Show>
            {move || auth.state.get().eq(&AuthState::Unknown).then(|| view! {
                <button class="button sign-in__forget" type="button" on:click=move |_| sign_out.run(()) disabled=busy>
                    "Sign out of an earlier session"
                </button>
            })}
            <FormError error=auth.error />
            {move || (wallet_link && !auth.state.get().is_signed_in()).then(|| view! {
                <p class="note">
                    "No key yet? " <a href=routes::sign_in().href()>"Sign in with a Bitcoin wallet"</a>
                    " to get one bound to your wallet."
                </p>
            })}
        </section>
    }
}

/// Where the session stands, in a sentence.
#[component]
fn AuthStatus(auth: Session) -> impl IntoView {
    move || match auth.state.get() {
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
                "Not signed in in this tab. A cookie from an earlier visit may still let a wish "
                "through, but without your wallet as its creator: sign in first."
            </p>
        }),
    }
}
