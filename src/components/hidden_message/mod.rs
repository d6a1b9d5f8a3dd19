//! The message hidden in an inscription's image: the one the scanner recorded, if any, and on
//! request (one click, one request; never on its own) what `POST /bitcoin/v1/extract` finds in
//! the image's bytes; and the link to the contract's sandbox. The rules and the words:
//! `contract::hidden`. Text nodes only.

use leptos::prelude::*;
use stargate_api::BlockInscription;

use crate::api::{self, config, inscription_content_url, resolve_url};
use crate::components::{refusal, ActionButton};
use crate::contract::hidden::{
    found, not_scanned, refusal_text, sandbox_path, scanned_message, upload_name, Found,
};
use crate::text::preview::Preview;

/// The section, or nothing for an inscription that is not an image the scanner reads and
/// carries no recorded message.
#[component]
pub fn HiddenMessage(ins: BlockInscription) -> impl IntoView {
    let scanned = scanned_message(&ins);
    let name = upload_name(&ins.content_type);
    if scanned.is_none() && name.is_none() {
        return None;
    }
    let unread = not_scanned(&ins);
    let ask = name.map(|name| {
        let url = inscription_content_url(&config().api_base, &ins);
        view! { <ExtractButton url name /> }
    });
    Some(view! {
        <section class="hidden-message" data-hidden-message="" aria-labelledby="hidden-message-title">
            <h2 id="hidden-message-title" class="hidden-message__title">"Hidden message"</h2>
            {scanned.map(|m| view! {
                <p class="note">"The scanner read this message when the block was indexed:"</p>
                <MessageText message=m source="scan" />
            })}
            {(unread && ask.is_some()).then(|| view! {
                <p class="note">"The scanner has not read this image yet."</p>
            })}
            {ask}
        </section>
    })
}

/// The contract's sandbox of hand-ins, for an inscription that names a valid pixel hash: a
/// plain link to a new tab, never a frame (why: `contract::hidden`).
pub fn sandbox_link(ins: &BlockInscription) -> Option<AnyView> {
    let href = resolve_url(&config().api_base, &sandbox_path(ins)?);
    Some(
        view! {
            <a href=href target="_blank" rel="noopener noreferrer external" data-sandbox-link="">
                "Open the contract's sandbox (new tab)"
            </a>
        }
        .into_any(),
    )
}

#[component]
fn MessageText(message: Preview, source: &'static str) -> impl IntoView {
    view! {
        <pre class="text-block hidden-message__text" dir="auto" data-hidden-text=source>{message.text}</pre>
        {message.truncated.then(|| view! { <p class="note">"Only the start of this message is shown."</p> })}
    }
}

/// "Look for a hidden message": sends the image once per click, says what came back.
#[component]
fn ExtractButton(url: String, name: &'static str) -> impl IntoView {
    let client = api::client();
    let extract = Action::new_local(move |(): &()| {
        let (client, url) = (client.clone(), url.clone());
        async move { client.extract_message_of(&url, name, None).await }
    });
    let error = refusal(extract, refusal_text);
    let outcome = move || {
        extract
            .value()
            .get()
            .and_then(Result::ok)
            .map(|a| found(&a))
    };
    let press = Callback::new(move |()| {
        extract.dispatch(());
    });
    view! {
        <div class="hidden-message__ask">
            <ActionButton label="Look for a hidden message" busy_label="Looking…" busy=extract.pending() error on_press=press small=true />
        </div>
        <div role="status" data-extract-result="">
            {move || match outcome() {
                Some(Found::Message(m)) => view! {
                    <p class="note">"Found in the image:"</p>
                    <MessageText message=m source="extract" />
                }.into_any(),
                Some(Found::Nothing) => view! { <p class="note">"No hidden message found."</p> }.into_any(),
                Some(Found::Refused(why)) => view! { <p class="note">{why}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}
