//! The wallet's address, checked as it is typed, and the request for a challenge.

use leptos::prelude::*;

use super::step_button;
use crate::address::parse_for_sign_in;
use crate::auth::wallet::{Step, WalletSignIn};
use crate::components::form::Field;

#[component]
pub(super) fn AddressForm(flow: WalletSignIn, ask: Callback<()>) -> impl IntoView {
    let on_ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask.run(());
    };
    let on_address = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        // a challenge belongs to the address it was issued for
        if flow
            .challenge
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.wallet != text.trim()))
        {
            flow.challenge.set(None);
        }
        flow.address.set(text);
    };
    // checked as you type; nothing said while the field is empty
    let check = Memo::new(move |_| {
        flow.address
            .with(|a| (!a.trim().is_empty()).then(|| parse_for_sign_in(a)))
    });
    let invalid = move || matches!(check.get(), Some(Err(_))).to_string();
    // one line under the field that is the hint, the confirmation or the problem
    let status = move || {
        let (class, text) = match check.get() {
            None => (
                "field__hint",
                "Mainnet or testnet: bc1…, tb1…, 1…, 3…, m…, n…, 2….".to_owned(),
            ),
            Some(Ok(address)) => (
                "field__hint field__ok",
                format!("✓ A {} address.", address.describe()),
            ),
            Some(Err(e)) => ("field__error", e.to_string()),
        };
        view! { <p id="wallet-address-hint" class=class>{text}</p> }
    };
    view! {
        <form class="sign-in__form" on:submit=on_ask autocomplete="off">
            <Field id="wallet-address" label="Wallet address">
                <input
                    id="wallet-address"
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-invalid=invalid
                    aria-describedby="wallet-address-hint"
                    prop:value=move || flow.address.get()
                    on:input=on_address
                />
                {status}
            </Field>
            {step_button(flow, Step::Challenge, "Get challenge", "Asking…")}
        </form>
    }
}
