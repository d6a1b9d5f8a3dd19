//! A lazy page's first requests, sent when its route is entered, while the page's code (its
//! wasm chunk, `pages::lazy`) is still downloading. Each GET's answer is kept
//! (`stargate_api::keep_answer`) for the client's first request of that URL: the page, once
//! its code has arrived, sends its requests as it always does, and those take the answers on
//! their way (or already there) instead of asking again. Only what the page would ask first
//! with the same inputs, and only operations that send no key, so an answer is never one the
//! page would not have got itself.
//!
//! What the page has not taken is dropped when the route is left ([`Prefetch::forget`] on
//! cleanup, and the requests are aborted). [`Arrival`] is the pure rule of a retry: a page
//! whose code failed to arrive asks again, with the code, only for the answers that failed.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use stargate_api::Kept;

/// Where a kept answer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Asked, not answered yet.
    OnItsWay,
    /// Answered with this HTTP status.
    Answered(u16),
    /// No answer: the request failed (offline, refused, aborted).
    NoAnswer,
}

impl Arrival {
    /// Whether a retry asks again: when no answer came, or one that a later try can change
    /// (a timeout, 429, a server error). An answer on its way or come, a 404 included, is kept.
    pub fn ask_again(self) -> bool {
        match self {
            Arrival::OnItsWay => false,
            Arrival::NoAnswer => true,
            Arrival::Answered(status) => status == 408 || status == 429 || status >= 500,
        }
    }
}

/// One kept GET and where its answer is.
struct Entry {
    url: String,
    kept: Option<Kept>,
    arrival: Rc<Cell<Arrival>>,
}

impl Entry {
    fn send(url: String, signal: Option<&web_sys::AbortSignal>) -> Self {
        let kept = stargate_api::keep_answer(&url, signal);
        let arrival = Rc::new(Cell::new(Arrival::OnItsWay));
        if let Some(kept) = &kept {
            let (arrival, status) = (arrival.clone(), kept.status());
            leptos::task::spawn_local(async move {
                arrival.set(status.await.map_or(Arrival::NoAnswer, Arrival::Answered));
            });
        }
        Entry { url, kept, arrival }
    }
}

/// The first requests of a route, kept for its page (Copy: a handle, as signals are).
#[derive(Clone, Copy)]
pub struct Prefetch {
    entries: StoredValue<Vec<Entry>, LocalStorage>,
    signal: StoredValue<Option<web_sys::AbortSignal>, LocalStorage>,
}

impl Prefetch {
    /// Sends a GET of each of `urls` (operations that read no key) and keeps the answers for as
    /// long as the calling owner lives: on cleanup, what was not taken is dropped and the
    /// requests still on their way are aborted.
    pub fn start(urls: Vec<String>) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        let entries = urls
            .into_iter()
            .map(|url| Entry::send(url, signal.as_ref()))
            .collect();
        let prefetch = Prefetch {
            entries: StoredValue::new_local(entries),
            signal: StoredValue::new_local(signal),
        };
        let controller = SendWrapper::new(controller);
        on_cleanup(move || {
            prefetch.forget();
            if let Some(c) = controller.take() {
                c.abort();
            }
        });
        prefetch
    }

    /// Asks again for the answers still kept that failed ([`Arrival::ask_again`]); what is on
    /// its way or came stays, and what the page took is its own.
    pub fn retry_failed(&self) {
        let signal = self.signal.try_with_value(Clone::clone).flatten();
        self.entries.try_update_value(|entries| {
            for entry in entries.iter_mut() {
                let kept = entry.kept.as_ref().is_some_and(Kept::is_kept);
                if kept && entry.arrival.get().ask_again() {
                    *entry = Entry::send(std::mem::take(&mut entry.url), signal.as_ref());
                }
            }
        });
    }

    /// Drops the answers the page has not taken: its next requests go to the network.
    pub fn forget(&self) {
        self.entries.try_with_value(|entries| {
            entries
                .iter()
                .filter_map(|e| e.kept.as_ref())
                .for_each(Kept::forget);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Arrival;

    #[test]
    fn a_retry_asks_again_only_for_what_failed() {
        for (arrival, again) in [
            (Arrival::OnItsWay, false),
            (Arrival::Answered(200), false),
            (Arrival::Answered(304), false),
            (Arrival::Answered(404), false),
            (Arrival::Answered(403), false),
            (Arrival::Answered(408), true),
            (Arrival::Answered(429), true),
            (Arrival::Answered(500), true),
            (Arrival::Answered(503), true),
            (Arrival::NoAnswer, true),
        ] {
            assert_eq!(arrival.ask_again(), again, "{arrival:?}");
        }
    }
}
