//! The wallet sign-in's state and its two requests: ask for a challenge, send the signature.
//!
//! What was typed (address, signature) survives every failure; each action is one request at a
//! time (`busy`). A verified key goes to the [`Session`] at once and is also kept here, to be
//! shown ONCE (the backend cannot show it again) until the user dismisses it or leaves.

use leptos::prelude::*;

use super::challenge::{deadline_ms, refusal, seconds_left, tries_left};
use super::errors::{challenge_error_text, verify_error_text};
use super::Session;
use crate::address::parse_for_sign_in;
use crate::api::Client;

/// A challenge the server issued, as the tab keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveChallenge {
    /// The wallet it was issued for, exactly as sent (verify looks it up by this string).
    pub wallet: String,
    /// The text to sign.
    pub nonce: String,
    /// Expiry on this tab's clock (see `challenge.rs`).
    pub deadline_ms: i64,
    pub max_tries: u32,
    /// Verify requests sent for it so far.
    pub tries: u32,
}

impl ActiveChallenge {
    pub fn tries_left(&self) -> u32 {
        tries_left(self.tries, self.max_tries)
    }
}

/// The key issued by a verify, shown once.
#[derive(Clone, Debug, PartialEq)]
pub struct NewKey {
    pub key: String,
    pub wallet: String,
}

/// Which request is under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Challenge,
    Verify,
}

#[derive(Clone, Copy)]
pub struct WalletSignIn {
    pub address: RwSignal<String>,
    pub signature: RwSignal<String>,
    pub challenge: RwSignal<Option<ActiveChallenge>>,
    /// Which request is under way (derived from the two actions).
    pub busy: Signal<Option<Step>>,
    pub error: RwSignal<Option<String>>,
    pub new_key: RwSignal<Option<NewKey>>,
    /// The challenge request for a checked wallet.
    ask: Action<(WalletSignIn, Client, String), ()>,
    /// The verify request: the challenge it answers, the signature, the try it is.
    send: Action<Verify, ()>,
}

type Verify = (WalletSignIn, Client, Session, ActiveChallenge, String, u32);

fn ask_action() -> Action<(WalletSignIn, Client, String), ()> {
    Action::new_local(|(this, client, wallet): &(WalletSignIn, Client, String)| {
        let (this, client, wallet) = (*this, client.clone(), wallet.clone());
        async move {
            let request = stargate_api::ChallengeRequest {
                wallet_address: Some(wallet.clone()),
            };
            match client.auth_challenge(&request).await {
                Ok(answer) => {
                    let c = answer.data;
                    this.challenge.try_set(Some(ActiveChallenge {
                        deadline_ms: deadline_ms(&c.created_at, &c.expires_at, now_ms()),
                        max_tries: u32::try_from(c.max_attempts).unwrap_or(5),
                        tries: 0,
                        nonce: c.nonce,
                        wallet,
                    }));
                    // a signature of an earlier nonce is of no use now
                    this.signature.try_set(String::new());
                }
                Err(e) => {
                    this.error.try_set(Some(challenge_error_text(&e)));
                }
            }
        }
    })
}

fn send_action() -> Action<Verify, ()> {
    Action::new_local(|input: &Verify| {
        let (this, client, session, challenge, signature, tries) = input.clone();
        async move {
            let request = stargate_api::VerifyRequest {
                wallet_address: Some(challenge.wallet.clone()),
                signature: Some(signature),
                email: None,
            };
            match client.auth_verify(&request).await {
                Ok(answer) => {
                    let wallet = verified_wallet(&answer.data.wallet, &challenge.wallet);
                    session.signed_in(answer.data.api_key.clone(), Some(wallet.clone()));
                    this.new_key.try_set(Some(NewKey {
                        key: answer.data.api_key,
                        wallet,
                    }));
                    // one use per nonce: the server has deleted it
                    this.challenge.try_set(None);
                    this.signature.try_set(String::new());
                }
                Err(e) => {
                    let expired = seconds_left(challenge.deadline_ms, now_ms()) == 0;
                    let why = refusal(tries, challenge.max_tries, expired);
                    this.error.try_set(Some(verify_error_text(&e, why)));
                }
            }
        }
    })
}

/// The browser's clock in whole milliseconds (challenge deadlines are integers).
fn now_ms() -> i64 {
    crate::api::poll::now_ms() as i64
}

impl WalletSignIn {
    pub fn new(address: String) -> Self {
        let (ask, send) = (ask_action(), send_action());
        let (asking, sending) = (ask.pending(), send.pending());
        Self {
            address: RwSignal::new(address),
            signature: RwSignal::new(String::new()),
            challenge: RwSignal::new(None),
            busy: Signal::derive(move || {
                if asking.get() {
                    Some(Step::Challenge)
                } else {
                    sending.get().then_some(Step::Verify)
                }
            }),
            error: RwSignal::new(None),
            new_key: RwSignal::new(None),
            ask,
            send,
        }
    }

    /// Asks for a challenge for the typed address (checked first, in place).
    pub fn get_challenge(&self, client: Client) {
        if self.busy.get_untracked().is_some() {
            return;
        }
        let wallet = self.address.get_untracked().trim().to_owned();
        if let Err(e) = parse_for_sign_in(&wallet) {
            self.error.set(Some(e.to_string()));
            return;
        }
        self.error.set(None);
        self.ask.dispatch_local((*self, client, wallet));
    }

    /// Sends the pasted signature for the current challenge; on success the session is signed
    /// in with the new key and the key is kept for showing once.
    pub fn verify(&self, client: Client, session: Session) {
        if self.busy.get_untracked().is_some() {
            return;
        }
        let Some(challenge) = self.challenge.get_untracked() else {
            self.error
                .set(Some("Get a challenge first, then sign its nonce.".into()));
            return;
        };
        let signature = self.signature.get_untracked().trim().to_owned();
        if signature.is_empty() {
            self.error.set(Some(
                "Paste the signature your wallet made of the nonce.".into(),
            ));
            return;
        }
        let tries = challenge.tries + 1;
        self.challenge
            .update(|c| c.iter_mut().for_each(|c| c.tries = tries));
        self.error.set(None);
        self.send
            .dispatch_local((*self, client, session, challenge, signature, tries));
    }
}

/// The wallet a verify signed in: the one the answer names (sanitised: it is shown, and a
/// network string), or the one the challenge was asked for when the answer names none.
pub fn verified_wallet(answered: &str, asked: &str) -> String {
    let answered = crate::text::preview::sanitize(answered.trim());
    if answered.is_empty() {
        asked.trim().to_owned()
    } else {
        answered
    }
}

#[cfg(test)]
mod tests {
    use super::verified_wallet;

    #[test]
    fn the_verified_wallet_is_sanitised_or_the_one_asked_for() {
        assert_eq!(verified_wallet("tb1qabc", "tb1qother"), "tb1qabc");
        assert_eq!(verified_wallet("  ", "tb1qasked"), "tb1qasked");
        assert_eq!(
            verified_wallet("tb1q\u{202e}cba\u{200b}", "tb1qasked"),
            "tb1qcba"
        );
    }
}
