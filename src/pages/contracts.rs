//! `/contracts`: the confirmed contracts, newest first, each with its budget and open tasks,
//! paged with `contract::paging` (no duplicates or gaps, whatever the store) by a
//! "Show more" button.

use leptos::prelude::*;
use stargate_api::OpenContract;

use crate::api::use_paged;
use crate::components::ErrorBanner;
use crate::contract::paging::Pager;
use crate::routes;
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::{budget_text, count_noun, group_thousands};
use crate::wish::budget_sats;

#[component]
fn ContractRow(contract: OpenContract) -> impl IntoView {
    let text = preview_str(&contract.text, PreviewLimits::CARD).text;
    let sats = budget_sats(contract.total_budget_sats, contract.price);
    let tasks = contract.available_tasks.unwrap_or(0).max(0) as u64;
    let height = contract.block_height.and_then(|h| u64::try_from(h).ok());
    view! {
        <li class="contract-row" data-contract-id=contract.id.clone()>
            <a class="contract-row__link" href=routes::contract(&contract.id).href()>
                <span class="contract-row__text" dir="auto">{if text.trim().is_empty() { "(no message)".to_owned() } else { text }}</span>
            </a>
            <span class="contract-row__meta">
                <span>{sats.map_or_else(|| "Budget unknown".to_owned(), |s| budget_text(s as i64))}</span>
                " · "
                <span>{format!("{} open", count_noun(tasks, "task", "tasks"))}</span>
                {height.map(|h| view! { " · " <a href=routes::block(h).href()>{format!("Block {}", group_thousands(h))}</a> })}
                " · "
                <span class="mono">{preview_str(&contract.id, PreviewLimits::ID).text}</span>
            </span>
        </li>
    }
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let pager = RwSignal::new(Pager::default());
    let rows = RwSignal::new(Vec::<OpenContract>::new());
    let paged = use_paged(
        Pager::default().next_query(),
        |client, query| async move {
            let Some(query) = query else {
                return Ok(Vec::new());
            };
            let envelope = client.get_open_contracts(&query.confirmed()).await?;
            let data = envelope.data;
            Ok(data.contracts.or(data.transactions).unwrap_or_default())
        },
        // each page goes through the pager once: no duplicates or gaps
        move |query, page| {
            if let Some(query) = query {
                let fresh = pager
                    .try_update(|p| p.take(query, page))
                    .unwrap_or_default();
                rows.update(|r| r.extend(fresh));
            }
        },
    );
    let busy = paged.busy;
    let done = move || pager.with(Pager::is_done);
    let load_more = move || paged.more(pager.with_untracked(Pager::next_query));
    view! {
        <section class="contracts-page">
            <h1 class="page-title">"Contracts"</h1>
            <p class="note">"Confirmed contracts, newest first."</p>
            <ul class="contract-rows">
                <For each=move || rows.get() key=|c| c.id.clone() children=|contract| view! { <ContractRow contract /> } />
            </ul>
            <ErrorBanner
                what="Could not load the contracts"
                error=paged.failed
                on_retry=Callback::new(move |()| paged.retry())
                busy
            />
            {move || {
                let empty = rows.with(Vec::is_empty);
                match (done(), empty, busy.get()) {
                    (true, true, _) => view! { <p class="empty-state">"No confirmed contracts yet."</p> }.into_any(),
                    (true, false, _) => view! { <p class="note" data-contracts-end="">"That is all of them."</p> }.into_any(),
                    (false, _, true) => view! { <p class="loading" aria-live="polite">"Loading contracts…"</p> }.into_any(),
                    (false, _, false) => view! {
                        <button class="button" type="button" data-contracts-more="" on:click=move |_| load_more()>"Show more"</button>
                    }
                    .into_any(),
                }
            }}
        </section>
    }
}
