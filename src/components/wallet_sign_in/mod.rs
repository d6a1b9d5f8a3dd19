//! Sign in with a wallet: address → Get challenge → sign the nonce → paste the signature →
//! Verify → the new key, shown once. State and requests live in `auth::wallet`; the address
//! syntax in `address`; this file only lays them out.

mod challenge;
mod new_key;

use leptos::prelude::*;

use crate::address::parse_for_sign_in;
use crate::api::{config, Client};
use crate::auth::wallet::{Step, WalletSignIn};
use crate::auth::Session;
use challenge::ChallengePanel;
use new_key::NewKeyNotice;

#[component]
pub fn WalletSignInForm(flow: WalletSignIn) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = Client::new(config().api_base);
    let busy = move |step: Step| flow.busy.get() == Some(step);
    let ask = {
        let client = client.clone();
        move || flow.get_challenge(client.clone())
    };
    let on_ask = {
        let ask = ask.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            ask();
        }
    };
    let on_verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        flow.verify(client.clone(), session);
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
    let hint = move || match check.get() {
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

    view! {
        <section class="sign-in wallet-sign-in" aria-labelledby="wallet-sign-in-title">
            <h2 id="wallet-sign-in-title" class="sign-in__title">"With a wallet"</h2>
            <p class="note">
                "Prove that you hold a Bitcoin wallet by signing a one-time text, the nonce, with "
                "it. The server then issues a new API key bound to that wallet."
            </p>
            <form class="sign-in__form" on:submit=on_ask autocomplete="off">
                <div class="field">
                    <label for="wallet-address">"Wallet address"</label>
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
                    {move || {
                        let (class, text) = hint();
                        view! { <p id="wallet-address-hint" class=class>{text}</p> }
                    }}
                </div>
                <button
                    class="button button--primary"
                    type="submit"
                    disabled=move || busy(Step::Challenge)
                    aria-busy=move || busy(Step::Challenge).to_string()
                >
                    {move || if busy(Step::Challenge) { "Asking…" } else { "Get challenge" }}
                </button>
            </form>
            {move || flow.challenge.get().map(|c| {
                let ask = ask.clone();
                view! {
                    <ChallengePanel challenge=c on_new=move || ask() />
                    <form class="sign-in__form" on:submit=on_verify.clone() autocomplete="off">
                        <div class="field">
                            <label for="wallet-signature">"Signature"</label>
                            <textarea
                                id="wallet-signature"
                                rows="3"
                                spellcheck="false"
                                autocapitalize="off"
                                aria-describedby="wallet-signature-hint"
                                prop:value=move || flow.signature.get()
                                on:input=move |ev| flow.signature.set(event_target_value(&ev))
                            ></textarea>
                            <p id="wallet-signature-hint" class="field__hint">
                                "Legacy signmessage (base64), or BIP-322 simple (the witness, hex or base64). "
                                {move || flow.challenge.get().map(|c| format!(
                                    "{} of {} tries left with this challenge.", c.tries_left(), c.max_tries
                                ))}
                            </p>
                        </div>
                        <button
                            class="button button--primary"
                            type="submit"
                            disabled=move || busy(Step::Verify)
                            aria-busy=move || busy(Step::Verify).to_string()
                        >
                            {move || if busy(Step::Verify) { "Verifying…" } else { "Verify" }}
                        </button>
                    </form>
                }
            })}
            {move || flow.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || flow.new_key.get().map(|k| view! { <NewKeyNotice key=k on_done=move || flow.new_key.set(None) /> })}
        </section>
    }
}
