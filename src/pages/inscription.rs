//! `/inscription/:id`: one inscription in full.
//!
//! The backend has no "one inscription" endpoint, so the page finds it in its block's
//! inscriptions (`/api/data/block-inscriptions/{h}?fields=full`, paged until the id is seen).
//! The block comes from the link (`?block=<h>`, which every in-app link adds); without it
//! (a pasted id) `/api/search?q=<txid>` names the block that holds the transaction. `id` is the
//! backend's `<txid>_<n>` (ord's `<txid>i<n>` and a bare txid are accepted too).
//!
//! Safety: the full text is shown only as a text node, sanitised of control and bidi
//! characters, capped at 1 MiB with a note; HTML/SVG only in the sandboxed frame. The message
//! hidden in an image (`HiddenMessage`) is looked for only when asked, and shown the same way.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use stargate_api::{BlockInscription, BlockInscriptionsQuery, InscriptionFields};

use crate::api::{config, inscription_content_url, use_load, ApiError, Client};
use crate::components::hidden_message::sandbox_link;
use crate::components::inscription_card::marks::inscription_marks;
use crate::components::inscription_card::media::{
    media_kind, pretty_json, MediaKind, PRETTY_JSON_MAX,
};
use crate::components::inscription_card::{ContentFrame, ContentImage};
use crate::components::{CopyButton, HiddenMessage, Loaded};
use crate::routes;
use crate::text::preview::{full_text, preview_str, PreviewLimits, FULL_TEXT_MAX};
use crate::text::query::InscriptionId;
use crate::text::{byte_size, group_thousands};

/// Pages of a block read while looking for one inscription (× 100 inscriptions).
const MAX_PAGES: usize = 50;

async fn find_in_block(
    client: &Client,
    id: &InscriptionId,
    height: u64,
) -> Result<Option<BlockInscription>, ApiError> {
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = match client
            .get_block_inscriptions(
                &height.to_string(),
                &BlockInscriptionsQuery {
                    limit: Some(100),
                    cursor: cursor.clone(),
                    fields: Some(InscriptionFields::Full),
                    ..Default::default()
                },
            )
            .await
        {
            Ok(page) => page,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(e),
        };
        let found = page
            .inscriptions
            .unwrap_or_default()
            .into_iter()
            .find(|i| id.matches(&i.tx_id, i.input_index));
        if found.is_some() {
            return Ok(found);
        }
        match page
            .next_cursor
            .filter(|c| page.has_more && Some(c) != cursor.as_ref())
        {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(None)
}

/// What the page found.
#[derive(Clone, Debug)]
enum Lookup {
    Found(u64, Box<BlockInscription>),
    /// Nothing to show, and why (a sentence).
    Missing(String),
}

async fn find(client: Client, id: InscriptionId, hint: Option<u64>) -> Result<Lookup, ApiError> {
    if let Some(h) = hint {
        if let Some(ins) = find_in_block(&client, &id, h).await? {
            return Ok(Lookup::Found(h, Box::new(ins)));
        }
    }
    let query = stargate_api::SearchQuery {
        q: Some(id.txid.clone()),
    };
    let results = client.search(&query).await?.data;
    let heights: Vec<u64> = results
        .transactions
        .iter()
        .flatten()
        .chain(results.inscriptions.iter().flatten())
        .filter(|hit| hit.id.eq_ignore_ascii_case(&id.txid))
        .filter_map(|hit| hit.block_height.and_then(|h| u64::try_from(h).ok()))
        .filter(|h| Some(*h) != hint)
        .collect();
    for h in heights {
        if let Some(ins) = find_in_block(&client, &id, h).await? {
            return Ok(Lookup::Found(h, Box::new(ins)));
        }
    }
    Ok(Lookup::Missing(format!(
        "No indexed block holds inscription {}.",
        id.canonical()
    )))
}

#[component]
pub fn InscriptionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    let hint = Memo::new(move |_| {
        query
            .with(|q| q.get("block"))
            .and_then(|h| h.parse::<u64>().ok())
    });
    let found = use_load(move |client| {
        let id = id.get();
        let hint = hint.get();
        async move {
            match id.as_deref().and_then(InscriptionId::parse) {
                Some(id) => find(client, id, hint).await,
                None => Ok(Lookup::Missing(
                    "This is not an inscription id (expected <txid>_<n>).".to_owned(),
                )),
            }
        }
    });

    view! {
        <section class="inscription-page">
            <h1 class="page-title">"Inscription"</h1>
            <Loaded
                resource=found
                what="Could not load the inscription"
                loading="Loading inscription…"
                children=|lookup| match lookup {
                    Lookup::Found(height, ins) => view! { <InscriptionDetails height ins=*ins /> }.into_any(),
                    Lookup::Missing(why) => view! { <p class="empty-state" role="status">{why}</p> }.into_any(),
                }
            />
        </section>
    }
}

#[component]
pub fn InscriptionDetails(height: u64, ins: BlockInscription) -> impl IntoView {
    let config = config();
    let kind = media_kind(&ins.content_type);
    let url = inscription_content_url(&config.api_base, &ins);
    let content_type = preview_str(&ins.content_type, PreviewLimits::LABEL).text;
    let block_link = routes::block(height).href();
    let id = preview_str(&ins.id, PreviewLimits::ID).text;
    let text = kind.is_text().then(|| {
        let raw = ins.content.as_deref().unwrap_or_default();
        let pretty = (kind == MediaKind::Json && raw.len() <= PRETTY_JSON_MAX)
            .then(|| pretty_json(raw))
            .flatten();
        full_text(pretty.as_deref().unwrap_or(raw), FULL_TEXT_MAX)
    });
    let rich = match kind {
        MediaKind::Frame => Some(
            view! { <ContentFrame src=url.clone() title=format!("Sandboxed preview of {content_type}") /> }
                .into_any(),
        ),
        MediaKind::Image => Some(view! { <ContentImage src=url.clone() /> }.into_any()),
        MediaKind::Unknown => Some(
            view! { <div class="tile"><span class="tile__type mono">{content_type.clone()}</span><span class="tile__hint">"No preview"</span></div> }
                .into_any(),
        ),
        _ => None,
    };
    let full = text.as_ref().map(|t| t.text.clone()).unwrap_or_default();
    let tx_id = preview_str(&ins.tx_id, PreviewLimits::ID).text;
    let ins_id = ins.id.clone();
    let size = byte_size(u64::try_from(ins.size_bytes).unwrap_or(0));
    let marks = inscription_marks(&ins, "inscription-marks")
        .map(|m| view! { <div><dt>"Contract"</dt><dd>{m}</dd></div> });
    let sandbox = sandbox_link(&ins).map(|a| view! { <div><dt>"Sandbox"</dt><dd>{a}</dd></div> });
    view! {
        <dl class="facts" data-inscription-id=ins_id>
            <div><dt>"Id"</dt><dd class="mono hash">{id}</dd></div>
            <div><dt>"Content type"</dt><dd class="mono">{content_type.clone()}</dd></div>
            <div><dt>"Size"</dt><dd>{size}</dd></div>
            <div><dt>"Transaction"</dt><dd class="mono hash">{tx_id}</dd></div>
            <div>
                <dt>"Block"</dt>
                <dd><a href=block_link>{format!("Block {}", group_thousands(height))}</a></dd>
            </div>
            {marks}
            {sandbox}
        </dl>
        {rich.map(|r| view! { <div class="rich-preview">{r}</div> })}
        <HiddenMessage ins />
        {text.map(|t| {
            view! {
                <div class="full-text">
                    <div class="full-text__bar">
                        <CopyButton text=full.clone() label="Copy text" />
                    </div>
                    {t.truncated.then(|| view! {
                        <p class="note">"Only the first 1 MiB of this text is shown."</p>
                    })}
                    <pre class="text-block full-text__body" dir="auto">{t.text}</pre>
                </div>
            }
        })}
    }
}
