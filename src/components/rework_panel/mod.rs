//! A contract's rework requests: the list (notes are anyone's text: text nodes only), a form
//! to ask for rework, and Resolve on the reader's own open requests.

use leptos::prelude::*;
use stargate_api::{ReworkCreateRequest, ReworkRequest};

use crate::api;
use crate::auth::Session;
use crate::components::form::{Field, FormError};
use crate::components::{refusal, ActionButton, WhenText};
use crate::contract::{action_error_text, can_resolve};
use crate::routes;
use crate::text::preview::{full_text, preview_str, PreviewLimits};

/// Longest notes shown (a hostile request may be huge).
const NOTES_MAX: usize = 4_000;

#[component]
fn ReworkItem(request: ReworkRequest, on_changed: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let resolve = Action::new_local(move |(contract, id): &(String, String)| {
        let client = session.authorize_untracked(&client);
        let (contract, id) = (contract.clone(), id.clone());
        async move {
            client
                .resolve_contract_rework(&contract, &id)
                .await
                .map(|_| ())
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = resolve.value().get() {
            on_changed.run(());
        }
    });
    let error = refusal(resolve, action_error_text);
    let notes = full_text(&request.notes, NOTES_MAX);
    let notes = if notes.truncated {
        notes.text + "…"
    } else {
        notes.text
    };
    let resolvable = {
        let request = request.clone();
        move || can_resolve(&request, session.has_key(), session.wallet().as_deref())
    };
    let key = (request.contract_id.clone(), request.request_id.clone());
    view! {
        <li class="rework" data-rework-id=request.request_id.clone() data-status=request.status.clone()>
            <p class="rework__notes" dir="auto">{notes}</p>
            <p class="rework__meta">
                <span class="badge">{preview_str(&request.status, PreviewLimits::TITLE).text}</span>
                " by "
                <span class="mono">{preview_str(&request.requester, PreviewLimits::TITLE).text}</span>
                " · "
                <WhenText text=request.created_at.clone() />
            </p>
            {move || resolvable().then(|| {
                let key = key.clone();
                let press = Callback::new(move |()| {
                    resolve.dispatch(key.clone());
                });
                view! {
                    <ActionButton label="Resolve" busy_label="Resolving…" busy=resolve.pending() error on_press=press small=true />
                }
            })}
        </li>
    }
}

/// The form asking for rework; keeps the notes until the server accepted them.
#[component]
fn ReworkForm(contract_id: String, on_changed: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let notes = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let send = Action::new_local(move |(contract, text): &(String, String)| {
        let client = session.authorize_untracked(&client);
        let body = ReworkCreateRequest {
            notes: Some(text.clone()),
        };
        let contract = contract.clone();
        async move {
            client
                .request_contract_rework(&contract, &body)
                .await
                .map(|_| ())
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            notes.set(String::new());
            on_changed.run(());
        }
    });
    let busy = send.pending();
    let error = refusal(send, action_error_text);
    let missing_text = Signal::derive(move || {
        missing
            .get()
            .then(|| "Write what should change.".to_owned())
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let text = notes.get_untracked();
        missing.set(text.trim().is_empty());
        if !text.trim().is_empty() {
            send.dispatch((contract_id.clone(), text));
        }
    };
    view! {
        <form class="rework-form" on:submit=on_submit>
            <Field id="rework-notes" label="Ask for rework" error=missing_text alert=true>
                <textarea
                    id="rework-notes"
                    rows="3"
                    placeholder="What should change?"
                    aria-invalid=move || missing.get().to_string()
                    bind:value=notes
                ></textarea>
            </Field>
            <button class="button" type="submit" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { "Sending…" } else { "Request rework" }}
            </button>
            <FormError error />
        </form>
    }
}

#[component]
pub fn ReworkPanel(
    /// `None`: the reader has no key, and the backend shows rework requests only with one.
    requests: Option<Vec<ReworkRequest>>,
    /// Where a new request goes.
    contract_id: String,
    on_changed: Callback<()>,
) -> impl IntoView {
    let Some(requests) = requests else {
        return view! {
            <p class="note">
                <a href=routes::sign_in().href()>"Sign in"</a>
                " to see the rework requests and to ask for rework."
            </p>
        }
        .into_any();
    };
    view! {
        {if requests.is_empty() {
            view! { <p class="empty-state">"No rework requested."</p> }.into_any()
        } else {
            view! {
                <ul class="rework-list">
                    {requests.into_iter().map(|request| view! { <ReworkItem request on_changed /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <ReworkForm contract_id on_changed />
    }
    .into_any()
}
