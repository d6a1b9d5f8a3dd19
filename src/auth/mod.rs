//! Who the user is to the backend: the session.
//!
//! The API key the user signed in with (pasted, or issued by wallet sign-in) is kept for this
//! tab: in memory (a signal) and in the tab's `sessionStorage` ([`stored`]), so a reload keeps
//! the session and a new tab asks again; never in localStorage or IndexedDB, and cleared on
//! sign-out (docs/architecture.md, "Where the key lives"). The smart-contract routes read the
//! key only from the `X-API-Key` header (never the httpOnly cookie that `/api/auth/login` also
//! sets), so [`Session::authorize`] hands it to the client for the operations that send it.
//!
//! A wallet is bound to a key only by the wallet sign-in's signed challenge. A pasted key is
//! sent alone: the app never asks the backend to bind a wallet without that proof
//! (`/api/auth/login` would bind any wallet to an unbound key, and that wallet would then pass
//! the creator check of approvals). A wallet typed beside a pasted key stays in the tab, for
//! the wish's address and the user's own tasks.

pub mod challenge;
mod errors;
pub mod legacy;
pub mod stored;
pub mod wallet;

pub use errors::{challenge_error_text, login_error_text, verify_error_text};

use leptos::prelude::*;

use crate::api::Client;

/// What the app knows about the user's sign-in.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AuthState {
    /// Nothing said since this page load; a cookie from an earlier visit may still let wishes
    /// through (the submit answer tells), but there is no key to act on contracts with.
    #[default]
    Unknown,
    /// A key is in memory; `wallet` is the wallet it is bound to, when known.
    SignedIn {
        wallet: Option<String>,
    },
    SignedOut,
}

impl AuthState {
    pub fn wallet(&self) -> Option<&str> {
        match self {
            Self::SignedIn { wallet } => wallet.as_deref(),
            _ => None,
        }
    }

    pub fn is_signed_in(&self) -> bool {
        matches!(self, Self::SignedIn { .. })
    }
}

/// The session, app-wide (context).
#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<AuthState>,
    /// The key, in memory for this tab (see the module comment). Private: it leaves only
    /// through [`Session::authorize`].
    key: RwSignal<Option<String>>,
    /// A sign-in or sign-out request is under way (derived from the two actions).
    pub busy: Signal<bool>,
    pub error: RwSignal<Option<String>>,
    /// `/api/auth/login` with a pasted key (see [`Session::sign_in_with_key`]).
    login: Action<Login, ()>,
    /// `/api/auth/logout`, after the key is already forgotten.
    logout: Action<(Session, Client), ()>,
}

/// A key sign-in: the session, the client, the key, the wallet typed beside it and what to do
/// with that wallet once the key is accepted.
type Login = (Session, Client, String, String, Callback<String>);

fn login_action() -> Action<Login, ()> {
    Action::new_local(|(session, client, api_key, wallet, on_wallet): &Login| {
        let (session, client, on_wallet) = (*session, client.clone(), *on_wallet);
        let (api_key, wallet) = (api_key.clone(), wallet.clone());
        async move {
            let request = stargate_api::LoginRequest {
                api_key: api_key.clone(),
                wallet_address: None,
            };
            match client.login(&request).await {
                Ok(_) => {
                    if !wallet.is_empty() {
                        on_wallet.run(wallet.clone());
                    }
                    session.signed_in(api_key, Some(wallet));
                }
                Err(e) => {
                    session.error.try_set(Some(login_error_text(&e)));
                }
            }
        }
    })
}

fn logout_action() -> Action<(Session, Client), ()> {
    Action::new_local(|(session, client): &(Session, Client)| {
        let (session, client) = (*session, client.clone());
        async move {
            if let Err(e) = client.logout().await {
                session
                    .error
                    .try_set(Some(format!("Sign-out failed: {}", e.message())));
            }
        }
    })
}

impl Session {
    /// The session in context, or a new one provided for this subtree (tests mount without the
    /// app).
    pub fn use_or_provide() -> Self {
        use_context().unwrap_or_else(|| {
            let (login, logout) = (login_action(), logout_action());
            let (signing_in, signing_out) = (login.pending(), logout.pending());
            let session = Self {
                state: RwSignal::new(AuthState::Unknown),
                key: RwSignal::new(None),
                busy: Signal::derive(move || signing_in.get() || signing_out.get()),
                error: RwSignal::new(None),
                login,
                logout,
            };
            provide_context(session);
            session
        })
    }

    /// Takes back the session this tab kept across a reload ([`stored`]), if any.
    pub fn restore(&self) {
        if let Some(kept) = stored::load() {
            self.key.set(Some(kept.key));
            self.state.set(AuthState::SignedIn {
                wallet: kept.wallet,
            });
        }
    }

    /// `client` with this session's key for the operations that read it from the header.
    /// Tracked: a resource that authorizes its client loads again on sign-in and sign-out.
    pub fn authorize(&self, client: &Client) -> Client {
        client.with_api_key(self.key.get())
    }

    /// [`Session::authorize`] without tracking, for actions.
    pub fn authorize_untracked(&self, client: &Client) -> Client {
        client.with_api_key(self.key.get_untracked())
    }

    /// Is a key in memory (tracked)?
    pub fn has_key(&self) -> bool {
        self.key.with(Option::is_some)
    }

    /// The wallet of the signed-in key, when known (tracked).
    pub fn wallet(&self) -> Option<String> {
        self.state.with(|s| s.wallet().map(str::to_owned))
    }

    /// Keeps `key` for this tab, signed in as `wallet` (proven by the wallet sign-in, or typed
    /// beside a pasted key). The wallet is shown: it goes through the sanitiser like any
    /// network string.
    pub fn signed_in(&self, key: String, wallet: Option<String>) {
        let wallet = wallet
            .map(|w| crate::text::preview::sanitize(w.trim()))
            .filter(|w| !w.is_empty());
        stored::save(&stored::StoredSession {
            key: key.clone(),
            wallet: wallet.clone(),
        });
        self.key.set(Some(key));
        self.state.set(AuthState::SignedIn { wallet });
        self.error.set(None);
    }

    /// The server refused the key in memory (401/403 "invalid api key"): forget it.
    pub fn key_refused(&self) {
        stored::clear();
        self.key.set(None);
        self.state.set(AuthState::SignedOut);
    }

    /// Sends `api_key` alone to `/api/auth/login`: never a wallet, since the backend would bind
    /// it to an unbound key without proof (only the wallet sign-in's signed challenge binds
    /// one). On success the key is kept for the tab, with `wallet` as the user typed it (for
    /// the wish's address and their own tasks; the server still decides every action by the
    /// key), and `on_wallet` gets that wallet when one was typed.
    pub fn sign_in_with_key(
        &self,
        client: Client,
        api_key: String,
        wallet: String,
        on_wallet: Callback<String>,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let api_key = api_key.trim().to_owned();
        if api_key.is_empty() {
            self.error.set(Some("Enter your API key.".into()));
            return;
        }
        let wallet = wallet.trim().to_owned();
        self.error.set(None);
        self.login
            .dispatch_local((*self, client, api_key, wallet, on_wallet));
    }

    /// Forgets the key at once, then asks the server to clear its cookie.
    pub fn sign_out(&self, client: Client) {
        if self.busy.get_untracked() {
            return;
        }
        stored::clear();
        self.key.set(None);
        self.state.set(AuthState::SignedOut);
        self.error.set(None);
        self.logout.dispatch_local((*self, client));
    }
}
