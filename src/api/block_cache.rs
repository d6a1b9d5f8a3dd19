//! The block cache service: the chain the explorer knows, and the requests that fill it.
//!
//! The rail says which heights it shows ([`BlockCache::want`]); the service asks for the pages
//! that cover them (deduplicated, nearest first, at most a few at a time), cancels those that
//! scrolled out of view, merges the answers and keeps the cache bounded. The poll loop calls
//! [`BlockCache::refresh`] for the tip (through `api::use_poll`). Like mempool.space's cache
//! service beside its block strip: the rail components never fetch.
//!
//! It is app-wide (provided by the app, like the session): the chain it knows outlives the
//! explorer page, so coming Back from an inscription shows the rail at once instead of
//! fetching it again. When the explorer goes away it wants nothing ([`BlockCache::leave`]):
//! requests on their way still land in the cache, and no new ones start.

use std::collections::HashMap;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;

use super::poll::now_ms;
use super::{ApiError, Client};
use crate::chain::loader::RETRY_AFTER_MS;
use crate::chain::{ChainView, PageLoader, PageRequest};

/// Blocks per newest page (first load and every poll).
const NEWEST_PAGE: i64 = 20;
/// Blocks kept in the cache; well above the ~3 screens the rail shows.
pub const CACHE_CAP: usize = 1_000;

#[derive(Clone)]
pub struct BlockCache {
    pub chain: RwSignal<ChainView>,
    /// A page failed: shown by the error banner (cleared by the next success).
    pub error: RwSignal<Option<ApiError>>,
    client: SendWrapper<Client>,
    loader: StoredValue<PageLoader>,
    /// One controller per request in flight, so a request can be cancelled alone.
    aborts: StoredValue<SendWrapper<HashMap<u64, web_sys::AbortController>>>,
    /// The heights last wanted, and the height at the centre of the view.
    wanted: StoredValue<(Vec<u64>, u64)>,
    /// Wakes the cache when a failed page may be asked for again.
    retry_timer: StoredValue<Option<SendWrapper<Timeout>>>,
}

impl BlockCache {
    /// The cache in context, or a new one provided for this subtree (tests mount without the
    /// app).
    pub fn use_or_provide() -> Self {
        use_context().unwrap_or_else(|| {
            let cache = Self::new(super::client());
            provide_context(cache.clone());
            cache
        })
    }

    /// A cache whose requests stop (and are aborted) when the owner is cleaned up.
    fn new(client: Client) -> Self {
        let cache = Self {
            chain: RwSignal::new(ChainView::default()),
            error: RwSignal::new(None),
            client: SendWrapper::new(client),
            loader: StoredValue::new(PageLoader::default()),
            aborts: StoredValue::new(SendWrapper::new(HashMap::new())),
            wanted: StoredValue::new((Vec::new(), 0)),
            retry_timer: StoredValue::new(None),
        };
        let aborts = cache.aborts;
        on_cleanup(move || {
            aborts.update_value(|aborts| {
                for (_, controller) in aborts.drain() {
                    controller.abort();
                }
            });
        });
        cache
    }

    /// Health and the newest page, merged into the chain (first load and every poll). Both
    /// requests at once: neither needs the other's answer.
    pub async fn refresh(&self) -> Result<(), ApiError> {
        let client = (*self.client).clone();
        let summaries = stargate_api::BlockSummariesQuery {
            limit: Some(NEWEST_PAGE),
            ..Default::default()
        };
        let (health, newest) = futures::join!(
            client.get_node_health(),
            client.get_block_summaries(&summaries)
        );
        let health = health?;
        let newest = match newest {
            // 404 "No blocks available": nothing is indexed yet; still show pending and genesis.
            Err(e) if e.is_not_found() => None,
            other => Some(other?),
        };
        self.chain.try_update(|c| {
            c.set_tip(health.bitcoin.block_height, &health.network);
            if let Some(page) = &newest {
                c.apply_page(None, page);
            }
        });
        Ok(())
    }

    /// The rail shows `heights` (centred on `focus`): fetch what is missing, cancel what is no
    /// longer shown.
    pub fn want(&self, heights: Vec<u64>, focus: u64) {
        self.wanted.set_value((heights, focus));
        self.pump();
    }

    /// The rail is gone: nothing is wanted until it comes back (no new requests, no retries).
    pub fn leave(&self) {
        self.wanted.try_update_value(|(heights, _)| heights.clear());
    }

    /// Starts the requests the last wanted heights need.
    fn pump(&self) {
        let Some((heights, focus)) = self.wanted.try_get_value() else {
            return; // the explorer is gone
        };
        if let (Some(&lo), Some(&hi)) = (heights.iter().min(), heights.iter().max()) {
            let stale = self
                .loader
                .try_update_value(|l| l.out_of(lo, hi))
                .unwrap_or_default();
            self.aborts.update_value(|aborts| {
                for id in stale {
                    if let Some(controller) = aborts.remove(&id) {
                        controller.abort();
                    }
                }
            });
        }
        let planned = self.chain.with_untracked(|chain| {
            self.loader
                .try_update_value(|l| l.plan(chain, &heights, focus, now_ms()))
                .unwrap_or_default()
        });
        for request in planned {
            self.start(request);
        }
    }

    /// Forgets failures, so the next pump asks again at once (the Retry button).
    pub fn retry_now(&self) {
        self.loader.update_value(|l| l.clear_failures());
        self.error.set(None);
        self.pump();
    }

    /// Pumps again once a failed page's pause is over (one timer, however many failed).
    fn pump_after_pause(&self, wait_ms: f64) {
        let cache = self.clone();
        let timer = Timeout::new(wait_ms as u32 + 50, move || {
            cache.retry_timer.try_set_value(None);
            cache.pump();
        });
        self.retry_timer
            .try_update_value(|t| *t = Some(SendWrapper::new(timer)));
    }

    fn start(&self, request: PageRequest) {
        let controller = web_sys::AbortController::new().ok();
        let client = match &controller {
            Some(c) => self.client.with_signal(c.signal()),
            None => (*self.client).clone(),
        };
        if let Some(controller) = controller {
            self.aborts.update_value(|aborts| {
                aborts.insert(request.id, controller);
            });
        }
        let cache = self.clone();
        spawn_local(async move {
            let result = client
                .get_block_summaries(&stargate_api::BlockSummariesQuery {
                    limit: Some(request.limit as i64),
                    cursor_height: Some(request.cursor as i64),
                })
                .await;
            cache.aborts.try_update_value(|aborts| {
                aborts.remove(&request.id);
            });
            // The explorer is gone, or the request was cancelled (scrolled away) while in
            // flight: the answer is not wanted.
            let ended = cache
                .loader
                .try_update_value(|l| l.finished(request.id))
                .flatten();
            if ended.is_none() {
                return;
            }
            match result {
                Ok(page) => {
                    let focus = cache.wanted.with_value(|(_, focus)| *focus);
                    cache.chain.update(|c| {
                        c.apply_page(Some(request.cursor), &page);
                        c.evict(focus, CACHE_CAP);
                    });
                    cache.error.set(None);
                }
                Err(e) => {
                    let retry_after = e.retry_after_ms();
                    let wait = cache
                        .loader
                        .try_update_value(|l| l.retry_later(&request, now_ms(), retry_after))
                        .unwrap_or(RETRY_AFTER_MS);
                    cache.error.set(Some(e));
                    cache.pump_after_pause(wait);
                }
            }
            cache.pump();
        });
    }
}
