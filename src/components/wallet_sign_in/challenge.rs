//! The issued challenge: the nonce (copy button and QR code) and its countdown.

use leptos::prelude::*;

use crate::auth::challenge::seconds_left;
use crate::auth::wallet::ActiveChallenge;
use crate::components::{CopyButton, QrCode};
use crate::text::countdown;

/// The tab's clock in milliseconds, ticking once a second while mounted.
fn ticking_now() -> ReadSignal<i64> {
    let (now, set_now) = signal(js_sys::Date::now() as i64);
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}

#[component]
pub fn ChallengePanel(
    challenge: ActiveChallenge,
    /// Asks for a new challenge (after expiry).
    on_new: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let now = ticking_now();
    let deadline = challenge.deadline_ms;
    let left = move || seconds_left(deadline, now.get());
    let nonce = challenge.nonce.clone();
    view! {
        <div class="challenge" data-challenge="">
            <p class="challenge__ask">
                "Sign this nonce with the wallet "
                <span class="mono challenge__wallet">{challenge.wallet.clone()}</span>
                ", exactly as shown (no quotes, no spaces, no line break):"
            </p>
            <div class="challenge__nonce-row">
                <code class="mono challenge__nonce" data-nonce="">{nonce.clone()}</code>
                <CopyButton text=nonce.clone() label="Copy nonce" />
            </div>
            <QrCode text=nonce label="QR code of the nonce, for a phone wallet" />
            {move || if left() > 0 {
                view! {
                    <p class="challenge__expiry">
                        "Expires in " <span class="mono" data-countdown="">{countdown(left())}</span>
                    </p>
                }.into_any()
            } else {
                let on_new = on_new.clone();
                view! {
                    <div class="challenge__expired">
                        <p role="alert" data-expired="">"This challenge has expired: its nonce can no longer be used."</p>
                        <button class="button" type="button" on:click=move |_| on_new()>"Get a new challenge"</button>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
