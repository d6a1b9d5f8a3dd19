//! `/contract/:id` (also `/wish/:id` and `/proposal/:id`, the React frontend's links): one
//! wish and what followed it — its proposals with their tasks and plans, Approve for its
//! creator, and its rework requests. The id may be any form the backend uses
//! (`contract::id`); `contract::load` is the page's one fetch, loaded again after every
//! change and on sign-in or sign-out (the session's key is read by the load).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{config, safe_media_url, use_load};
use crate::auth::Session;
use crate::components::inscription_card::ContentImage;
use crate::components::{CopyButton, Loaded, ProposalCard, ReworkPanel, WhenText};
use crate::contract::{self, approval, ContractPage, Lookup};
use crate::routes;
use crate::text::preview::{full_text, preview_str, PreviewLimits};
use crate::text::{budget_text, group_thousands, left_out};

/// Longest wish message shown in full.
const MESSAGE_MAX: usize = 64 * 1024;

#[component]
fn WishFacts(page: ContractPage) -> impl IntoView {
    let wish = page.wish;
    let image = safe_media_url(&config().api_base, &wish.image_url).unwrap_or_default();
    let message = full_text(&wish.message, MESSAGE_MAX).text;
    let status = wish
        .status
        .as_deref()
        .map(|s| preview_str(s, PreviewLimits::ID).text);
    let block = wish
        .confirmed_height
        .and_then(|h| u64::try_from(h).ok())
        .map(|h| view! { <a href=routes::block(h).href()>{format!("Block {}", group_thousands(h))}</a> });
    let [wish_id, _] = contract::id::contract_ids(&wish.hash);
    view! {
        <div class="contract-wish">
            <div class="contract-wish__image"><ContentImage src=image /></div>
            <div class="contract-wish__body">
                <pre class="contract-wish__message" dir="auto">
                    {if message.trim().is_empty() { "(no message)".to_owned() } else { message }}
                </pre>
                <dl class="facts">
                    <div><dt>"Budget"</dt><dd>{wish.budget_sats.map_or_else(|| "Unknown".to_owned(), budget_text)}</dd></div>
                    <div><dt>"Status"</dt><dd><span class="badge" data-contract-status="">{status.unwrap_or_else(|| "unknown".to_owned())}</span></dd></div>
                    {wish.created_at.map(|t| view! { <div><dt>"Made"</dt><dd><WhenText text=t /></dd></div> })}
                    {block.map(|b| view! { <div><dt>"Block"</dt><dd>{b}</dd></div> })}
                    {wish.tx_id.map(|t| view! {
                        <div><dt>"Transaction"</dt><dd class="mono hash">{preview_str(&t, PreviewLimits::ID).text}" "<CopyButton text=t.clone() label="Copy transaction id" /></dd></div>
                    })}
                    {wish.creator_wallet.filter(|w| !w.trim().is_empty()).map(|w| view! {
                        <div><dt>"Made by"</dt><dd class="mono">{preview_str(&w, PreviewLimits::ID).text}</dd></div>
                    })}
                    <div>
                        <dt>"Contract"</dt>
                        <dd class="mono hash">{wish_id.clone()}" "<CopyButton text=wish_id label="Copy contract id" /></dd>
                    </div>
                </dl>
            </div>
        </div>
    }
}

#[component]
fn ContractView(page: ContractPage, on_changed: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let hash = page.wish.hash.clone();
    let rework_id = page.rework_contract_id();
    let rework = page.rework.clone();
    let count = page.proposals.len();
    let unreadable = page.unreadable;
    let proposals = {
        let page = page.clone();
        move || {
            let has_key = session.has_key();
            let wallet = session.wallet();
            page.proposals
                .iter()
                .map(|p| {
                    let approval = approval(p, &page, has_key, wallet.as_deref());
                    let is_wish = p.id == page.wish.hash;
                    view! { <ProposalCard proposal=p.clone() approval is_wish on_changed /> }
                })
                .collect_view()
        }
    };
    view! {
        <article class="contract" data-contract-hash=hash>
            <WishFacts page=page.clone() />
            <section class="contract__section" aria-labelledby="proposals-title">
                <h2 id="proposals-title">{format!("Proposals ({count})")}</h2>
                {(unreadable > 0).then(|| view! {
                    <p class="note" data-unreadable="" role="status">{left_out(unreadable, "proposal", "proposals")}</p>
                })}
                {if count == 0 {
                    view! { <p class="empty-state">"No proposal yet: agents write them for open wishes."</p> }.into_any()
                } else {
                    view! { <div class="proposal-list">{proposals}</div> }.into_any()
                }}
            </section>
            <section class="contract__section" aria-labelledby="rework-title">
                <h2 id="rework-title">"Rework requests"</h2>
                <ReworkPanel requests=rework contract_id=rework_id on_changed />
            </section>
        </article>
    }
}

#[component]
pub fn ContractPage() -> impl IntoView {
    let params = use_params_map();
    let session = Session::use_or_provide();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let page = use_load(move |client| {
        let raw = id.get();
        let has_key = session.has_key();
        let client = session.authorize(&client);
        contract::load(client, raw, has_key)
    });
    let on_changed = Callback::new(move |()| page.refetch());
    view! {
        <section class="contract-page">
            <h1 class="page-title">"Contract"</h1>
            <Loaded
                resource=page
                what="Could not load the contract"
                loading="Loading the contract…"
                children=move |lookup| match lookup {
                    Lookup::Found(page) => view! { <ContractView page=*page on_changed /> }.into_any(),
                    Lookup::Missing => view! {
                        <p class="empty-state" role="status">
                            {format!("No wish, contract or proposal has the id {}.", preview_str(&id.get_untracked(), PreviewLimits::ID).text)}
                        </p>
                    }
                    .into_any(),
                }
            />
        </section>
    }
}
