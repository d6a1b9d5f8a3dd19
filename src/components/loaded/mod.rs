//! The views of loaded data. [`Loaded`], a one-shot load (`api::use_load`): a placeholder
//! until the first answer, the old content while a new answer is on its way (`Transition`),
//! and the error banner with a Retry when it failed. [`LoadStatus`], the same status without
//! the content, for a page that draws from its own state (`api::last_answer`).
//! [`PolledList`], a list kept fresh by `api::use_poll`.

use leptos::prelude::*;

use crate::api::{Answer, Poll};
use crate::components::ErrorBanner;

#[component]
pub fn Loaded<T, F, V>(
    resource: LocalResource<Answer<T>>,
    /// What failed, in the user's words ("Could not load the inscription").
    what: &'static str,
    /// Shown until the first answer ("Loading inscription…").
    loading: &'static str,
    /// Told whether an answer is on its way while the last one stays in view (for `aria-busy`).
    #[prop(optional, into)]
    set_pending: SignalSetter<bool>,
    /// The view of a successful answer.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let retry = Callback::new(move |()| resource.refetch());
    view! {
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{loading}</p> } set_pending>
            {move || {
                resource
                    .get()
                    .map(|answer| match answer {
                        Ok(value) => children(value).into_any(),
                        Err(error) => {
                            view! { <ErrorBanner what error=Some(error) on_retry=retry /> }.into_any()
                        }
                    })
            }}
        </Transition>
    }
}

/// The status of a load whose answer the page draws itself (from `api::last_answer`): the
/// placeholder until the first answer, the error banner with a Retry when one failed.
#[component]
pub fn LoadStatus<T>(
    resource: LocalResource<Answer<T>>,
    /// What failed, in the user's words ("Could not load the tasks").
    what: &'static str,
    /// Shown until the first answer ("Loading tasks…").
    loading: &'static str,
    /// Told whether an answer is on its way while the last one stays in view (for `aria-busy`).
    #[prop(optional, into)]
    set_pending: SignalSetter<bool>,
) -> impl IntoView
where
    T: Clone + 'static,
{
    // the content is the page's own: nothing drawn from the answer here
    view! { <Loaded resource what loading set_pending children=|_: T| () /> }
}

/// The view of a polled list (`api::use_poll`): the error banner (the poll tries again by
/// itself, Retry at once), a placeholder until the first answer, a line when the list is empty,
/// else `children` — drawn once and left in place while later polls change the rows, so a
/// keyed `<For>` inside keeps the rows that stay.
#[component]
pub fn PolledList<T>(
    poll: Poll,
    /// The rows read so far; `None` before the first answer.
    #[prop(into)]
    rows: Signal<Option<Vec<T>>>,
    /// What failed, in the user's words ("Could not load the activity").
    what: &'static str,
    /// Shown until the first answer ("Loading activity…").
    loading: &'static str,
    /// Shown when there are no rows.
    empty: &'static str,
    children: ChildrenFn,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    let shape = Memo::new(move |_| rows.with(|r| r.as_ref().map(Vec::is_empty)));
    view! {
        <ErrorBanner what error=poll.error on_retry=poll.retry retrying=true busy=poll.busy />
        {move || match shape.get() {
            None => view! { <p class="loading" aria-live="polite">{loading}</p> }.into_any(),
            Some(true) => view! { <p class="empty-state">{empty}</p> }.into_any(),
            Some(false) => children(),
        }}
    }
}
