//! The explorer page: the block list from the pending block down to genesis, kept fresh by
//! polling, with a readable error and a retry whenever the backend fails.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, Client, RuntimeConfig};
use crate::chain::{selection, Card, ChainView, PollClock};
use crate::components::{BlockCard, BlockView, ErrorBanner, GapCard, PendingCard};

/// Blocks per page of `/api/data/block-summaries`.
const PAGE: i64 = 20;
/// Tip poll interval while the backend is healthy.
const POLL_MS: f64 = 10_000.0;
/// Longest wait between retries while it is failing.
const MAX_BACKOFF_MS: f64 = 10_000.0;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn page_visible() -> bool {
    let visible = || {
        let state = web_sys::window()?.document()?.visibility_state();
        Some(state == web_sys::VisibilityState::Visible)
    };
    visible().unwrap_or(true)
}

/// Health, the newest page and (until seen) the genesis probe, merged into `chain`.
async fn refresh(client: &Client, chain: RwSignal<ChainView>) -> Result<(), ApiError> {
    let health = client.get_node_health().await?;
    let newest = match client.get_block_summaries(Some(PAGE), None).await {
        // 404 "No blocks available": nothing is indexed yet; still show pending and genesis.
        Err(e) if e.is_not_found() => None,
        other => Some(other?),
    };
    let probe = match &newest {
        Some(_) if chain.with_untracked(|c| c.block(0).is_none()) => {
            Some(client.get_block_summaries(Some(1), Some(1)).await?)
        }
        _ => None,
    };
    chain.try_update(|c| {
        c.set_tip(health.bitcoin.block_height, &health.network);
        if let Some(page) = &newest {
            c.apply_newest_page(page);
        }
        if let Some(page) = &probe {
            c.apply_genesis_probe(page);
        }
    });
    Ok(())
}

#[component]
pub fn ExplorerPage() -> impl IntoView {
    let config = use_context::<RuntimeConfig>().unwrap_or_default();
    let api_base = config.api_base.clone();

    // Requests of this page are aborted when it goes away.
    let abort = web_sys::AbortController::new().ok();
    let client = match &abort {
        Some(controller) => Client::new(config.api_base).with_signal(controller.signal()),
        None => Client::new(config.api_base),
    };
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = Arc::clone(&alive);
        let abort = SendWrapper::new(abort);
        on_cleanup(move || {
            alive.store(false, Ordering::Relaxed);
            if let Some(controller) = abort.take() {
                controller.abort();
            }
        });
    }

    let chain = RwSignal::new(ChainView::default());
    let error = RwSignal::new(None::<String>);
    let refreshing = RwSignal::new(false);
    let loading_older = RwSignal::new(false);
    let retry_requested = RwSignal::new(false);
    let now = RwSignal::new((now_ms() / 1000.0) as i64);

    // The poll loop: once a second it asks the clock whether a refresh is due.
    {
        let client = client.clone();
        let alive = Arc::clone(&alive);
        spawn_local(async move {
            let mut clock = PollClock::new(POLL_MS, MAX_BACKOFF_MS);
            while alive.load(Ordering::Relaxed) {
                let forced = retry_requested.try_get_untracked().unwrap_or(false);
                if forced || clock.due(now_ms(), page_visible()) {
                    clock.started(now_ms());
                    retry_requested.try_set(false);
                    refreshing.try_set(true);
                    let result = refresh(&client, chain).await;
                    if !alive.load(Ordering::Relaxed) {
                        break;
                    }
                    clock.finished(result.is_ok());
                    refreshing.try_set(false);
                    now.try_set((now_ms() / 1000.0) as i64);
                    error.try_set(result.err().map(|e| e.message()));
                }
                gloo_timers::future::sleep(std::time::Duration::from_millis(250)).await;
            }
        });
    }

    let client = SendWrapper::new(client);
    let load_older = Callback::new(move |()| {
        let Some(cursor) = chain.with_untracked(|c| c.next_older_cursor()) else {
            return;
        };
        if loading_older.get_untracked() {
            return;
        }
        loading_older.set(true);
        let client = (*client).clone();
        spawn_local(async move {
            let result = client
                .get_block_summaries(Some(PAGE), Some(cursor as i64))
                .await;
            match result {
                Ok(page) => {
                    chain.try_update(|c| c.apply_older_page(cursor, &page));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
            loading_older.try_set(false);
        });
    });
    let retry = Callback::new(move |()| retry_requested.set(true));

    // The selection is the route: `/block/:height` (or `/block/pending`). Read from the
    // location, since this page is the parent of both `/` and `/block/:height`.
    let pathname = use_location().pathname;
    let selected_height = Memo::new(move |_| {
        pathname.with(|p| {
            selection::selected_height(selection::block_param(p), chain.with(|c| c.tip()))
        })
    });
    let selected = Memo::new(move |_| {
        selected_height
            .get()
            .map(|h| selection::classify(h, chain.with(|c| c.tip())))
    });
    let navigate = use_navigate();
    let select = move |height: u64| {
        navigate(
            &format!("/block/{height}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    // One handler for the whole rail: a click, Enter or Space on a card selects it; ←/→ move
    // the focus between cards.
    let card_of = |target: Option<web_sys::EventTarget>| {
        target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-height]").ok().flatten())
    };
    let height_of = |card: &web_sys::Element| {
        card.get_attribute("data-height")
            .and_then(|h| h.parse::<u64>().ok())
    };
    let on_rail_click = {
        let select = select.clone();
        move |ev: web_sys::MouseEvent| {
            if let Some(h) = card_of(ev.target()).as_ref().and_then(height_of) {
                select(h);
            }
        }
    };
    let on_rail_key = {
        let select = select.clone();
        move |ev: web_sys::KeyboardEvent| {
            let key = ev.key();
            let target = ev.target();
            match key.as_str() {
                "Enter" | " " => {
                    if let Some(h) = card_of(target).as_ref().and_then(height_of) {
                        ev.prevent_default();
                        select(h);
                    }
                }
                "ArrowLeft" | "ArrowRight" => {
                    let from = target
                        .as_ref()
                        .and_then(|t| t.dyn_ref::<web_sys::Element>())
                        .and_then(|el| el.closest("[role='option']").ok().flatten());
                    let to = match from {
                        Some(card) if key == "ArrowRight" => card.next_element_sibling(),
                        Some(card) => card.previous_element_sibling(),
                        // Focus on the rail itself: start at the selected card, else the first.
                        None => target
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|rail| {
                                rail.query_selector("[aria-selected='true']")
                                    .ok()
                                    .flatten()
                                    .or_else(|| rail.first_element_child())
                            }),
                    };
                    if let Some(el) = to.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                        ev.prevent_default();
                        let _ = el.focus();
                    }
                }
                _ => {}
            }
        }
    };

    let cards = move || chain.with(|c| c.cards());
    let older_cursor = move || chain.with(|c| c.next_older_cursor());
    let render = move |card: Card| match card {
        Card::Pending { height } => {
            let selected = Signal::derive(move || selected_height.get() == Some(height));
            view! { <PendingCard height selected /> }.into_any()
        }
        Card::Block(info) => {
            let height = info.height;
            let selected = Signal::derive(move || selected_height.get() == Some(height));
            view! { <BlockCard info now api_base=api_base.clone() selected /> }.into_any()
        }
        Card::Gap {
            from,
            to,
            unindexed,
        } => view! { <GapCard from to unindexed /> }.into_any(),
    };

    view! {
        <section class="explorer">
            <ErrorBanner message=error on_retry=retry retrying=refreshing />
            <Show
                when=move || chain.with(|c| c.tip().is_some())
                fallback=move || view! { <p class="loading" aria-live="polite">"Loading blocks…"</p> }
            >
                <div
                    class="rail"
                    data-rail=""
                    role="listbox"
                    aria-label="Blocks, newest first"
                    aria-orientation="horizontal"
                    tabindex="0"
                    on:click=on_rail_click.clone()
                    on:keydown=on_rail_key.clone()
                >
                    <For each=cards key=|card| card.key() children=render.clone() />
                </div>
                <Show when=move || older_cursor().is_some()>
                    <div class="older">
                        <button
                            class="button"
                            disabled=move || loading_older.get()
                            aria-busy=move || loading_older.get().to_string()
                            on:click=move |_| load_older.run(())
                        >
                            "Load older blocks"
                        </button>
                    </div>
                </Show>
                {move || {
                    selected
                        .get()
                        .map(|sel| {
                            let height = sel.height();
                            let info = Signal::derive(move || chain.with(|c| c.block(height).cloned()));
                            let network = Signal::derive(move || chain.with(|c| c.network.clone()));
                            view! { <BlockView selected=sel info network /> }
                        })
                }}
            </Show>
        </section>
    }
}
