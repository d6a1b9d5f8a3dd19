//! Discover's activity: the backend's newest contract events, asked for again by the app's
//! poll helper while the tab is visible, each line linked to its contract where the tab can
//! tell (`discover::activity`). Actors and messages are written by others: text nodes only.

use leptos::prelude::*;
use stargate_api::ContractEvent;

use crate::api::{config, scoped_client, use_poll, Poll};
use crate::components::PolledList;
use crate::discover::activity::{activity_items, feed_query, ActivityItem, EntityIndex};
use crate::routes;
use crate::text::age;
use crate::text::preview::{preview_str, PreviewLimits};

/// The events read so far (`None` before the first answer) and the poll that reads them.
#[derive(Clone, Copy)]
pub struct Feed {
    pub events: RwSignal<Option<Vec<ContractEvent>>>,
    pub poll: Poll,
}

/// Starts polling the events for as long as the calling component lives.
pub fn use_feed() -> Feed {
    let client = scoped_client();
    let events = RwSignal::new(None);
    let poll = use_poll(config().poll_interval_ms(), move || {
        let client = client.clone();
        async move {
            let list = client.list_events(&feed_query()).await?;
            events.try_set(Some(list.events));
            Ok(())
        }
    });
    Feed { events, poll }
}

#[component]
pub fn ActivityFeed(
    feed: Feed,
    /// What the page knows of tasks, claims and submissions (for the links).
    #[prop(into)]
    index: Signal<EntityIndex>,
    /// Unix seconds, ticking (for "5 min ago").
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let items = Memo::new(move |_| {
        feed.events.with(|events| {
            events
                .as_ref()
                .map(|e| index.with(|i| activity_items(e, i)))
        })
    });
    view! {
        <section class="activity" aria-labelledby="activity-title">
            <h2 id="activity-title">"Activity"</h2>
            <PolledList
                poll=feed.poll
                rows=items
                what="Could not load the activity"
                loading="Loading activity…"
                empty="Nothing has happened yet."
            >
                <ol class="activity__list">
                    <For
                        each=move || items.get().unwrap_or_default()
                        key=ActivityItem::clone
                        children=move |item| view! { <ActivityLine item now /> }
                    />
                </ol>
            </PolledList>
        </section>
    }
}

#[component]
fn ActivityLine(item: ActivityItem, now: Signal<i64>) -> impl IntoView {
    let subject = preview_str(&item.subject, PreviewLimits::TITLE).text;
    let subject = match item.contract_id {
        Some(id) => {
            view! { <a href=routes::contract(&id).href() dir="auto">{subject}</a> }.into_any()
        }
        None => view! { <span dir="auto">{subject}</span> }.into_any(),
    };
    let at = item.at;
    view! {
        <li class="activity__item">
            <span class="activity__what">{preview_str(&item.what, PreviewLimits::TITLE).text}</span>
            " "
            {subject}
            <span class="activity__meta">
                <span class="mono">{preview_str(&item.actor, PreviewLimits::TITLE).text}</span>
                {at.map(|at| view! { " · " {move || age(at, now.get())} })}
            </span>
        </li>
    }
}
