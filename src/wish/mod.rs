//! Making a wish: the app-wide draft (context, so a draft survives navigating away and back)
//! and the action that sends it, here; the rules beside them,
//! pure and host-tested: `price` (exact satoshis), `draft` (fields and request
//! body), `image` (sniffing and limits), `png_chunks` (metadata removed before inscribing),
//! `errors` (readable refusals). `convert` turns a chosen
//! image into the PNG the backend embeds, in the browser. The address syntax is `crate::address`.
//!
//! The wish is sent with the session's key in the `X-API-Key` header when there is one (the
//! backend records the creator's wallet only from there), else with the login cookie.

pub mod convert;
pub mod draft;
pub mod errors;
pub mod image;
pub mod png_chunks;
pub mod price;
#[cfg(test)]
mod tests;

pub use draft::{
    check_address, check_message, message_counter, Draft, FieldErrors, FundingMode, PngUpload,
    MAX_MESSAGE_CHARS,
};
pub use errors::{submit_error_text, NO_CREATOR_TEXT};
pub use image::{
    base64, check_dimensions, check_png_size, check_source_size, png_dimensions, png_filename,
    ImageKind, IMAGE_LIMITS_TEXT, MAX_PNG_BYTES, MAX_SIDE_PX, MAX_SOURCE_BYTES,
};
pub use price::{
    budget_sats, format_btc, format_sats, parse_price, price_text, switch_unit, PriceUnit,
    MAX_SATS, SATS_PER_BTC,
};

use leptos::prelude::*;

use crate::api::Client;
use crate::auth::Session;
use convert::ChosenImage;

/// Where the submission is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Phase {
    #[default]
    Editing,
    /// Uploading: bytes sent and total (0 until the browser reports).
    Sending { sent: f64, total: f64 },
    /// The server accepted the wish with this id.
    Sent { id: String },
}

/// The form's state, app-wide.
#[derive(Clone, Copy)]
pub struct WishStore {
    pub message: RwSignal<String>,
    pub price: RwSignal<String>,
    pub unit: RwSignal<PriceUnit>,
    pub funding: RwSignal<FundingMode>,
    pub address: RwSignal<String>,
    pub image: RwSignal<Option<ChosenImage>>,
    pub image_error: RwSignal<Option<String>>,
    /// An image is being read/converted: submitting waits for it.
    pub image_busy: RwSignal<bool>,
    /// Field messages are shown once a field was left or a submit was tried.
    pub show_all_errors: RwSignal<bool>,
    pub phase: RwSignal<Phase>,
    /// The last failure, as a sentence.
    pub error: RwSignal<Option<String>>,
    /// Sends a checked request (see [`WishStore::submit`]).
    send: Action<Outgoing, ()>,
}

/// What is sent: the request, with the client authorized for it and the session to tell
/// when the key was refused.
type Outgoing = (Client, Session, stargate_api::InscribeRequest);

/// The write of a wish: the upload's progress and its outcome go into `phase` and `error`.
fn send_action(phase: RwSignal<Phase>, error: RwSignal<Option<String>>) -> Action<Outgoing, ()> {
    Action::new_local(move |(client, session, request): &Outgoing| {
        let (client, session, request) = (client.clone(), *session, request.clone());
        async move {
            let result = client
                .inscribe_with_progress(&request, move |sent, total| {
                    phase.try_set(Phase::Sending { sent, total });
                })
                .await;
            match result {
                Ok(envelope) => {
                    phase.try_set(Phase::Sent {
                        id: envelope.data.id,
                    });
                }
                Err(e) => {
                    if matches!(e.status(), Some(401 | 403)) {
                        session.key_refused();
                    }
                    error.try_set(Some(submit_error_text(&e)));
                    phase.try_set(Phase::Editing);
                }
            }
        }
    })
}

impl WishStore {
    fn new() -> Self {
        let phase = RwSignal::new(Phase::Editing);
        let error = RwSignal::new(None);
        Self {
            message: RwSignal::new(String::new()),
            price: RwSignal::new(String::new()),
            unit: RwSignal::new(PriceUnit::Btc),
            funding: RwSignal::new(FundingMode::Payout),
            address: RwSignal::new(String::new()),
            image: RwSignal::new(None),
            image_error: RwSignal::new(None),
            image_busy: RwSignal::new(false),
            show_all_errors: RwSignal::new(false),
            phase,
            error,
            send: send_action(phase, error),
        }
    }

    /// The store in context, or a new one provided for this subtree (tests mount without the
    /// app).
    pub fn use_or_provide() -> Self {
        use_context().unwrap_or_else(|| {
            let store = Self::new();
            provide_context(store);
            store
        })
    }

    /// The text fields (tracked).
    pub fn draft(&self) -> Draft {
        Draft {
            message: self.message.get(),
            price: self.price.get(),
            unit: self.unit.get(),
            funding: self.funding.get(),
            address: self.address.get(),
        }
    }

    pub fn set_image(&self, image: Option<ChosenImage>) {
        if let Some(old) = self.image.get_untracked() {
            convert::revoke(&old);
        }
        self.image.set(image);
    }

    /// After a success: a fresh message and image; address, unit and funding mode stay.
    pub fn start_another(&self) {
        self.message.set(String::new());
        self.price.set(String::new());
        self.set_image(None);
        self.image_error.set(None);
        self.show_all_errors.set(false);
        self.error.set(None);
        self.phase.set(Phase::Editing);
    }

    pub fn is_sending(&self) -> bool {
        matches!(self.phase.get_untracked(), Phase::Sending { .. })
    }

    /// Validates and sends the draft. One request at a time: a second call while one is under
    /// way (double click, Enter twice) does nothing. Returns `false` when the draft has field
    /// errors (they are then shown).
    pub fn submit(&self, client: Client, session: Session) -> bool {
        if self.is_sending() || self.image_busy.get_untracked() {
            return true;
        }
        self.show_all_errors.set(true);
        let image = self.image.get_untracked().map(|i| i.upload);
        let request = match self.draft_untracked().request(image.as_ref()) {
            Ok(request) => request,
            Err(_) => return false,
        };
        // Set before anything is awaited: the guard above sees it on the very next event.
        self.phase.set(Phase::Sending {
            sent: 0.0,
            total: 0.0,
        });
        self.error.set(None);
        let client = session.authorize_untracked(&client);
        self.send.dispatch_local((client, session, request));
        true
    }

    fn draft_untracked(&self) -> Draft {
        untrack(|| self.draft())
    }
}
