//! `/contract/:id` (also `/wish/:id` and `/proposal/:id`, the React frontend's links): one
//! wish and what followed it — its proposals with their tasks and plans, Approve for its
//! creator, and its rework requests. The id may be any form the backend uses
//! (`contract::id`); `contract::load` is the page's one fetch, loaded again after every
//! change, on sign-in or sign-out (the session's key is read by the load) and every 30 s.
//! Once a proposal is approved: the work handed in on its tasks, reviewed by the wish's
//! creator, and the payment the creator builds. Each part is drawn from the last answer
//! (`api::last_answer`), so a refresh redraws only what changed and keeps what is typed.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{config, last_answer, refresh_every, safe_media_url, use_load, PAGE_REFRESH_MS};
use crate::auth::Session;
use crate::components::inscription_card::ContentImage;
use crate::components::payment_panel::PaymentPanel;
use crate::components::work_review::WorkReview;
use crate::components::{CopyButton, LoadStatus, ProposalCard, ReworkPanel, WhenText};
use crate::contract::payment::prefill;
use crate::contract::work::{reviewer, task_work, Reviewer, Stage, Tally};
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
    let inscription =
        contract::stego::wish_inscription(wish.tx_id.as_deref(), wish.confirmed_height)
            .map(|(txid, h)| routes::inscription(&txid, Some(h)).href());
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
                    {inscription.map(|href| view! { <div><dt>"Inscription"</dt><dd><a href=href data-inscription-link="">"The wish's inscription"</a></dd></div> })}
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

/// The proposals, newest first, with Approve for the wish's creator.
#[component]
fn Proposals(page: ContractPage, on_changed: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let count = page.proposals.len();
    let unreadable = page.unreadable;
    let proposals = move || {
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
    };
    view! {
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
    }
}

/// The work handed in and, for the wish's creator, the payment: drawn from the last answer
/// row by row, so a refresh keeps a half-typed reason or payment.
#[component]
fn Settlement(page: Memo<Option<ContractPage>>, on_changed: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let rows = Memo::new(move |_| page.with(|p| p.as_ref().map(task_work).unwrap_or_default()));
    let decided =
        Memo::new(move |_| page.with(|p| p.as_ref().is_some_and(|p| p.decided().is_some())));
    let reviewer = Memo::new(move |_| {
        let (has_key, wallet) = (session.has_key(), session.wallet());
        page.with(|p| p.as_ref().map(|p| reviewer(p, has_key, wallet.as_deref())))
            .unwrap_or(Reviewer::Unknown)
    });
    let creator = Memo::new(move |_| decided.get() && reviewer.get() == Reviewer::Creator);
    // the payment is prefilled again when the approved work changes (and only then: a refresh
    // keeps what was typed)
    let approved = Memo::new(move |_| {
        rows.with(|rows| {
            rows.iter()
                .filter(|r| Stage::of(r) == Stage::Approved)
                .map(|r| r.task.task_id.clone())
                .collect::<Vec<_>>()
        })
    });
    let contract_id = Memo::new(move |_| {
        page.with(|p| p.as_ref().map(ContractPage::work_contract_id))
            .unwrap_or_default()
    });
    // what the creator agreed to pay by approving (the tasks' budgets can add up to more than
    // the proposal's own: the backend splits a plan's budget per task)
    let budget = Memo::new(move |_| rows.with(|rows| Tally::of(rows).approved.1));
    let start = Memo::new(move |_| {
        // read, not only tracked: a memo nobody reads stays stale and tells no one again
        approved.with(|_| ());
        let wallet = session.wallet().unwrap_or_default();
        let hash =
            page.with_untracked(|p| p.as_ref().map(|p| p.wish.hash.clone()).unwrap_or_default());
        rows.with_untracked(|rows| prefill(&hash, rows, &wallet))
    });
    view! {
        <Show when=move || decided.get()>
            <section class="contract__section" aria-labelledby="work-title">
                <h2 id="work-title">"Work handed in"</h2>
                <WorkReview rows reviewer on_changed />
            </section>
        </Show>
        <Show when=move || creator.get()>
            <section class="contract__section" aria-labelledby="payment-title">
                <h2 id="payment-title">"Payment"</h2>
                <PaymentPanel contract_id budget start />
            </section>
        </Show>
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
    refresh_every(page, PAGE_REFRESH_MS);
    let last = last_answer(page);
    let found = Memo::new(move |_| {
        last.with(|l| match l {
            Some(Lookup::Found(p)) => Some((**p).clone()),
            _ => None,
        })
    });
    let missing = Memo::new(move |_| matches!(last.get(), Some(Lookup::Missing)));
    let rework = Memo::new(move |_| {
        found.with(|p| p.as_ref().map(|p| (p.rework.clone(), p.work_contract_id())))
    });
    view! {
        <section class="contract-page">
            <h1 class="page-title">"Contract"</h1>
            <LoadStatus resource=page what="Could not load the contract" loading="Loading the contract…" />
            <Show when=move || missing.get()>
                <p class="empty-state" role="status">
                    {format!("No wish, contract or proposal has the id {}.", preview_str(&id.get_untracked(), PreviewLimits::ID).text)}
                </p>
            </Show>
            {move || found.get().map(|page| view! {
                <article class="contract" data-contract-hash=page.wish.hash.clone()>
                    <WishFacts page=page.clone() />
                </article>
            })}
            <Settlement page=found on_changed />
            {move || found.with(|p| p.clone()).map(|page| view! { <Proposals page on_changed /> })}
            {move || rework.get().map(|(requests, contract_id)| view! {
                <section class="contract__section" aria-labelledby="rework-title">
                    <h2 id="rework-title">"Rework requests"</h2>
                    <ReworkPanel requests contract_id on_changed />
                </section>
            })}
        </section>
    }
}
