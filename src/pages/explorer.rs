//! The explorer page: the block rail from the pending block to genesis, kept fresh by
//! polling, with the selected block's view below and a readable error and retry whenever the
//! backend fails.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::{BlockCache, Client, RuntimeConfig};
use crate::chain::{selection, PollClock};
use crate::components::{BlockView, ErrorBanner, Rail};

/// Tip poll interval while the backend is healthy.
const POLL_MS: f64 = 10_000.0;
/// Longest wait between retries while it is failing.
const MAX_BACKOFF_MS: f64 = 10_000.0;
/// How often the loop looks at the clock (and lets the cache retry a failed page).
const TICK: Duration = Duration::from_millis(250);

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

#[component]
pub fn ExplorerPage() -> impl IntoView {
    let config = use_context::<RuntimeConfig>().unwrap_or_default();
    let api_base = config.api_base.clone();
    let cache = BlockCache::new(Client::new(config.api_base));
    let chain = cache.chain;
    let refresh_error = RwSignal::new(None::<String>);
    let refreshing = RwSignal::new(false);
    let retry_requested = RwSignal::new(false);
    let now = RwSignal::new((now_ms() / 1000.0) as i64);

    // The poll loop: the tip every POLL_MS while the tab is visible (at once when it becomes
    // visible again), backing off while the backend fails.
    {
        let cache = cache.clone();
        spawn_local(async move {
            let mut clock = PollClock::new(POLL_MS, MAX_BACKOFF_MS);
            while cache.alive() {
                let forced = retry_requested.try_get_untracked().unwrap_or(false);
                if forced || clock.due(now_ms(), page_visible()) {
                    clock.started(now_ms());
                    retry_requested.try_set(false);
                    refreshing.try_set(true);
                    let result = cache.refresh().await;
                    if !cache.alive() {
                        break;
                    }
                    clock.finished(result.is_ok());
                    refreshing.try_set(false);
                    now.try_set((now_ms() / 1000.0) as i64);
                    refresh_error.try_set(result.err().map(|e| e.message()));
                }
                cache.pump();
                gloo_timers::future::sleep(TICK).await;
            }
        });
    }
    let error = Signal::derive(move || refresh_error.get().or_else(|| cache.error.get()));
    let retry = {
        let cache = cache.clone();
        Callback::new(move |()| {
            retry_requested.set(true);
            cache.retry_now();
        })
    };

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
    // The URL follows the selection without filling the history.
    let on_select = Callback::new(move |height: u64| {
        navigate(
            &format!("/block/{height}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });

    view! {
        <section class="explorer">
            <ErrorBanner message=error on_retry=retry retrying=refreshing />
            <Show
                when=move || chain.with(|c| c.tip().is_some())
                fallback=move || view! { <p class="loading" aria-live="polite">"Loading blocks…"</p> }
            >
                <Rail
                    cache=cache.clone()
                    selected=selected_height
                    on_select
                    now
                    api_base=api_base.clone()
                />
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
