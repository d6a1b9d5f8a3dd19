//! The view of a one-shot load (`api::use_load`): a placeholder until the first answer, the
//! old content while a new answer is on its way (`Transition`), and the error banner with a
//! Retry when it failed.

use leptos::prelude::*;

use crate::api::Loaded as Answer;
use crate::components::ErrorBanner;

#[component]
pub fn Loaded<T, F, V>(
    resource: LocalResource<Answer<T>>,
    /// What failed, in the user's words ("Could not load the inscription").
    what: &'static str,
    /// Shown until the first answer ("Loading inscription…").
    loading: &'static str,
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
        <Transition fallback=move || view! { <p class="loading" aria-live="polite">{loading}</p> }>
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
