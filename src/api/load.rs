//! The one way to load data for a view: a [`LocalResource`] over a client whose requests are
//! aborted when the component goes away. The resource runs again when a signal read by the
//! fetch closure changes, and only the latest run's answer is kept (the resource drops a
//! superseded one: this is where stale answers are dropped, for every view). Show it with
//! `components::Loaded` (a `Transition` with the error banner), or read it directly where the
//! answer feeds a model (the inscription grid's pages).

use std::future::Future;

use leptos::prelude::*;

use super::{scoped_client, ApiError, Client};

/// A load's answer.
pub type Loaded<T> = Result<T, ApiError>;

/// Starts `fetch` with this component's client, now and whenever a signal it reads (before
/// its first `.await`) changes; `refetch()` on the resource asks again.
pub fn use_load<T, Fut>(fetch: impl Fn(Client) -> Fut + 'static) -> LocalResource<Loaded<T>>
where
    T: 'static,
    Fut: Future<Output = Loaded<T>> + 'static,
{
    let client = scoped_client();
    LocalResource::new(move || fetch(client.clone()))
}
