//! The one way to load data for a view: a [`LocalResource`] over a client whose requests are
//! aborted when the component goes away. The resource runs again when a signal read by the
//! fetch closure changes, and only the latest run's answer is kept (the resource drops a
//! superseded one: this is where stale answers are dropped, for every view).
//!
//! Two ways to show what was loaded:
//! - one answer drawn as it comes: `components::Loaded` (a `Transition` with the error
//!   banner); a page that draws from its own state instead keeps the [`last_answer`] and shows
//!   only the status with `components::LoadStatus`;
//! - a list that grows a page at a time: [`use_paged`] (busy, failed, more; the rows live in
//!   the caller's model, which takes each page once).

use std::future::Future;

use leptos::prelude::*;

use super::{scoped_client, ApiError, Client};

/// A load's answer.
pub type Answer<T> = Result<T, ApiError>;

/// Starts `fetch` with this component's client, now and whenever a signal it reads (before
/// its first `.await`) changes; `refetch()` on the resource asks again.
pub fn use_load<T, Fut>(fetch: impl Fn(Client) -> Fut + 'static) -> LocalResource<Answer<T>>
where
    T: 'static,
    Fut: Future<Output = Answer<T>> + 'static,
{
    let client = scoped_client();
    LocalResource::new(move || fetch(client.clone()))
}

/// How often a page of contract data is asked for again (the React frontend refreshed its
/// contract and Discover pages every 30 s).
pub const PAGE_REFRESH_MS: u32 = 30_000;

/// Asks `resource` again every `interval_ms` through the one poll helper (`use_poll`: paused
/// while the tab is hidden, stopped with the component). Its first tick is skipped: that is
/// the resource's own first load.
pub fn refresh_every<T: 'static>(resource: LocalResource<Answer<T>>, interval_ms: u32) {
    let first = std::cell::Cell::new(true);
    super::use_poll(interval_ms, move || {
        if !first.replace(false) {
            resource.refetch();
        }
        async { Ok(()) }
    });
}

/// The last successful answer of `resource` (`None` before the first), kept while the next
/// is on its way or when it fails: a page drawn from it is not torn down by a new answer.
pub fn last_answer<T>(resource: LocalResource<Answer<T>>) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |last: Option<&Option<T>>| {
        resource.with(|answer| match answer {
            Some(Ok(value)) => Some(value.clone()),
            _ => last.cloned().flatten(),
        })
    })
}

/// A list loaded a page at a time (see [`use_paged`]).
pub struct Paged<Q: Send + Sync + 'static, P: 'static> {
    /// A page is on its way.
    pub busy: Signal<bool>,
    /// Why the last page failed; [`Paged::retry`] asks for it again.
    pub failed: Signal<Option<ApiError>>,
    resource: LocalResource<Answer<(Q, P)>>,
    request: RwSignal<Q>,
}

impl<Q: Send + Sync + 'static, P: 'static> Clone for Paged<Q, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: Send + Sync + 'static, P: 'static> Copy for Paged<Q, P> {}

impl<Q: Clone + Send + Sync + 'static, P: 'static> Paged<Q, P> {
    /// Asks for the page `next`, unless a page is on its way or the last one failed.
    pub fn more(&self, next: Q) {
        if !self.busy.get_untracked() && self.failed.with_untracked(Option::is_none) {
            self.request.set(next);
        }
    }

    /// Starts again with `first` (the list was reset: a new filter).
    pub fn restart(&self, first: Q) {
        self.request.set(first);
    }

    /// Asks for the failed page again.
    pub fn retry(&self) {
        self.resource.refetch();
    }
}

/// Loads the page `first`, then each page [`Paged::more`] asks for, with this component's
/// client: `fetch` asks for one page, and `take` gets each answer once, with the request it
/// answers, to add it to the caller's rows. A later request supersedes one on its way.
pub fn use_paged<Q, P, Fut>(
    first: Q,
    fetch: impl Fn(Client, Q) -> Fut + 'static,
    take: impl Fn(Q, P) + 'static,
) -> Paged<Q, P>
where
    Q: Clone + PartialEq + Send + Sync + 'static,
    P: Clone + 'static,
    Fut: Future<Output = Answer<P>> + 'static,
{
    let request = RwSignal::new(first);
    let resource = use_load(move |client| {
        let query = request.get();
        let page = fetch(client, query.clone());
        async move { Ok((query, page.await?)) }
    });
    // each answer, tagged with its request, goes to the caller's rows once
    Effect::new(move |_| {
        if let Some(Ok((query, page))) = resource.get() {
            take(query, page);
        }
    });
    let failed = Signal::derive(move || {
        resource.with(|answer| answer.as_ref().and_then(|a| a.as_ref().err().cloned()))
    });
    // a request is under way until its answer (or error) is the resource's value
    let busy = Signal::derive(move || {
        resource.with(|answer| match answer {
            None => true,
            Some(Ok((answered, _))) => request.with(|r| r != answered),
            Some(Err(_)) => false,
        })
    });
    Paged {
        busy,
        failed,
        resource,
        request,
    }
}
