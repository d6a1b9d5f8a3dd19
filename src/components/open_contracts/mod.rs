//! The pending block: open wishes/contracts from `/api/open-contracts` (camelCase fields),
//! refreshed every 15 s while shown and the tab is visible.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use stargate_api::OpenContract;

use crate::api::{config, safe_media_url, scoped_client};
use crate::chain::PollClock;
use crate::components::inscription_card::{ContentImage, ID, LABEL};
use crate::text::money::{budget_sats, format_btc, format_sats};
use crate::text::preview::{preview_str, PreviewLimits};

const REFRESH_MS: f64 = 15_000.0;
/// Wishes asked for (the backend's default is 100).
const LIMIT: i64 = 100;

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        .unwrap_or(true)
}

#[component]
pub fn OpenContracts() -> impl IntoView {
    let client = SendWrapper::new(scoped_client());
    let contracts = RwSignal::new(None::<Vec<OpenContract>>);
    let error = RwSignal::new(None::<String>);
    let retry = RwSignal::new(false);
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = Arc::clone(&alive);
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    spawn_local(async move {
        let client = client.take();
        let mut clock = PollClock::new(REFRESH_MS, REFRESH_MS);
        while alive.load(Ordering::Relaxed) {
            let now = js_sys::Date::now();
            let forced = retry.try_get_untracked().unwrap_or(false);
            if forced || clock.due(now, page_visible()) {
                retry.try_set(false);
                clock.started(now);
                // Only the open ones: mined wishes stay in the backend's list as "confirmed".
                let result = client
                    .get_open_contracts(&stargate_api::OpenContractsQuery {
                        limit: Some(LIMIT),
                        status: Some(stargate_api::ContractStatus::Pending),
                        ..Default::default()
                    })
                    .await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                clock.finished(result.is_ok());
                match result {
                    Ok(envelope) => {
                        let data = envelope.data;
                        let list = data.contracts.or(data.transactions).unwrap_or_default();
                        contracts.try_set(Some(list));
                        error.try_set(None);
                    }
                    Err(e) => {
                        error.try_set(Some(e.message()));
                    }
                }
            }
            gloo_timers::future::sleep(std::time::Duration::from_millis(250)).await;
        }
    });

    view! {
        <div class="contracts">
            <h3 class="contracts__title">"Open wishes and contracts"</h3>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <div class="error-banner" role="alert">
                                <p class="error-banner__text">{message}</p>
                                <button class="button button--primary" on:click=move |_| retry.set(true)>
                                    "Retry"
                                </button>
                            </div>
                        }
                    })
            }}
            {move || match contracts.get() {
                None => view! { <p class="loading" aria-live="polite">"Loading open contracts…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty-state">"No open wishes right now"</p> }.into_any(),
                Some(_) => view! {
                    <div class="contract-grid">
                        <For
                            each=move || contracts.get().unwrap_or_default()
                            key=|c| (c.id.clone(), c.status.clone(), c.text.len())
                            children=|c| view! { <ContractCard contract=c /> }
                        />
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
pub fn ContractCard(contract: OpenContract) -> impl IntoView {
    let api_base = config().api_base;
    let image = safe_media_url(&api_base, &contract.image_data).unwrap_or_default();
    let message = preview_str(&contract.text, PreviewLimits::CARD).text;
    let sats = budget_sats(contract.total_budget_sats, contract.price);
    let status = preview_str(&contract.status, LABEL).text;
    let id = preview_str(&contract.id, ID).text;
    view! {
        <article class="contract-card" data-contract-id=contract.id.clone()>
            <div class="contract-card__image">
                <ContentImage src=image />
            </div>
            <div class="contract-card__body">
                <pre class="contract-card__message" dir="auto">
                    {if message.trim().is_empty() { "(no message)".to_owned() } else { message }}
                </pre>
                <p class="contract-card__budget" data-budget-sats=sats.map(|s| s.to_string())>
                    {match sats {
                        Some(s) => format!("{} · {}", format_btc(s), format_sats(s)),
                        None => "Budget unknown".to_owned(),
                    }}
                </p>
                <p class="contract-card__meta">
                    <span class="badge">{status}</span>
                    <span class="mono contract-card__id">{id}</span>
                </p>
            </div>
        </article>
    }
}
