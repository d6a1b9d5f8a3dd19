//! The view of the selected block, below the block list: a mined block's header and
//! inscriptions grid, the pending block's open contracts, or genesis's coinbase message.
//!
//! The grid pages with `limit=20` and the backend's offset `next_cursor`, loading the next
//! page when the "Load more" button scrolls into view (or is pressed). Answers are tagged
//! with a generation number: a reply for another block or another filter is dropped, and
//! the component (one per selected height) aborts its requests when it goes away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use stargate_api::BlockInscription;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::scoped_client;
use crate::chain::{known_genesis, BlockInfo, Selected};
use crate::components::{block_card::counts, InscriptionCard, OpenContracts};
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::{group_thousands, utc_datetime};

/// Inscriptions per page.
pub const PAGE: i64 = 20;

#[component]
pub fn BlockView(
    selected: Selected,
    #[prop(into)] info: Signal<Option<BlockInfo>>,
    #[prop(into)] network: Signal<String>,
) -> impl IntoView {
    let height = selected.height();
    let title = match selected {
        Selected::Genesis => "Block 0 · Genesis".to_owned(),
        Selected::Pending(h) => format!("Block {} · Pending", group_thousands(h)),
        _ => format!("Block {}", group_thousands(height)),
    };
    let body = match selected {
        Selected::Pending(_) => view! { <OpenContracts /> }.into_any(),
        Selected::Genesis => view! { <GenesisMessage network /> }.into_any(),
        Selected::Future(_) => {
            view! { <p class="empty-state">"This block has not been mined yet."</p> }.into_any()
        }
        Selected::Block(h) => view! { <InscriptionGrid height=h /> }.into_any(),
    };
    view! {
        <section class="block-view" aria-labelledby="block-view-title">
            <header class="block-view__header">
                <h2 id="block-view-title" class="block-view__title">{title}</h2>
                {move || {
                    info.get()
                        .map(|b| {
                            view! {
                                <dl class="facts">
                                    <div>
                                        <dt>"Hash"</dt>
                                        <dd class="mono hash">{b.hash.clone()}</dd>
                                    </div>
                                    <div>
                                        <dt>"Time"</dt>
                                        <dd>
                                            {b
                                                .timestamp
                                                .map(utc_datetime)
                                                .unwrap_or_else(|| "unknown".to_owned())}
                                        </dd>
                                    </div>
                                    <div>
                                        <dt>"Contents"</dt>
                                        <dd>{counts(&b)}</dd>
                                    </div>
                                </dl>
                            }
                        })
                }}
            </header>
            {body}
        </section>
    }
}

/// Genesis: its coinbase message as a text preview.
#[component]
pub fn GenesisMessage(#[prop(into)] network: Signal<String>) -> impl IntoView {
    let message =
        move || preview_str(known_genesis(&network.get()).message, PreviewLimits::CARD).text;
    view! {
        <figure class="genesis-message">
            <figcaption>"Coinbase message"</figcaption>
            <pre class="preview-text" dir="auto">{message}</pre>
        </figure>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(String),
}

/// A block's inscriptions, paged as you scroll.
#[component]
pub fn InscriptionGrid(height: u64) -> impl IntoView {
    let client = SendWrapper::new(scoped_client());
    let hide_text = RwSignal::new(false);
    let items = RwSignal::new(Vec::<BlockInscription>::new());
    let next = RwSignal::new(None::<String>);
    let status = RwSignal::new(Status::Loading);
    let busy = RwSignal::new(false);
    let generation = StoredValue::new(0u64);

    // `reset`: first page (new filter); otherwise the next page, if any and none is loading.
    let load = Callback::new(move |reset: bool| {
        if reset {
            generation.update_value(|g| *g += 1);
            items.set(Vec::new());
            next.set(None);
        } else if busy.get_untracked() || next.get_untracked().is_none() {
            return;
        }
        let gen = generation.get_value();
        let cursor = if reset { None } else { next.get_untracked() };
        let filter = hide_text
            .get_untracked()
            .then_some(stargate_api::InscriptionFilter::Image);
        busy.set(true);
        status.set(Status::Loading);
        let client = (*client).clone();
        spawn_local(async move {
            let result = client
                .get_block_inscriptions(
                    &height.to_string(),
                    &stargate_api::BlockInscriptionsQuery {
                        limit: Some(PAGE),
                        cursor: cursor.clone(),
                        filter,
                        fields: Some(stargate_api::InscriptionFields::Summary),
                    },
                )
                .await;
            // Gone, or superseded by another filter: this answer is stale.
            if generation.try_get_value() != Some(gen) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(page) => {
                    let more = page
                        .next_cursor
                        .filter(|c| page.has_more && !c.is_empty() && Some(c) != cursor.as_ref());
                    items.try_update(|list| {
                        for ins in page.inscriptions.unwrap_or_default() {
                            // The offset cursor can repeat items if the block changed.
                            if !list.iter().any(|i| i.id == ins.id) {
                                list.push(ins);
                            }
                        }
                    });
                    next.try_set(more);
                    status.try_set(Status::Ready);
                }
                // 404: the backend has nothing indexed for this block (an empty state).
                Err(e) if e.is_not_found() => {
                    next.try_set(None);
                    status.try_set(Status::Ready);
                }
                Err(e) => {
                    status.try_set(Status::Failed(e.message()));
                }
            }
        });
    });
    load.run(true);

    // Load the next page when the "Load more" button comes near the viewport. The observer
    // is made again after each page, so a button still in view asks again.
    let more_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        items.with(|v| v.len());
        let Some(button) = more_ref.get() else {
            return;
        };
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if visible && matches!(status.get_untracked(), Status::Ready) {
                load.run(false);
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin("300px");
        let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &init,
        ) else {
            return;
        };
        observer.observe(&button);
        let keep = SendWrapper::new((observer, callback));
        on_cleanup(move || {
            let (observer, _callback) = keep.take();
            observer.disconnect();
        });
    });

    let toggle = move |ev: web_sys::Event| {
        let checked = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        hide_text.set(checked);
        load.run(true);
    };
    let retry = move |_| load.run(items.with_untracked(Vec::is_empty));
    let is_empty = move || {
        status.get() == Status::Ready && items.with(Vec::is_empty) && next.with(Option::is_none)
    };

    view! {
        <div class="ins-toolbar">
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || hide_text.get() on:change=toggle />
                " Hide text"
            </label>
        </div>
        <div class="ins-grid" aria-busy=move || busy.get().to_string()>
            <For
                each=move || items.get()
                key=|ins| ins.id.clone()
                children=|ins| view! { <InscriptionCard ins /> }
            />
        </div>
        <Show when=is_empty>
            <p class="empty-state">
                {move || {
                    if hide_text.get() {
                        "No image inscriptions indexed for this block"
                    } else {
                        "No inscriptions indexed for this block"
                    }
                }}
            </p>
        </Show>
        <Show when=move || status.get() == Status::Loading && items.with(Vec::is_empty)>
            <p class="loading" aria-live="polite">"Loading inscriptions…"</p>
        </Show>
        {move || match status.get() {
            Status::Failed(message) => Some(view! {
                <div class="error-banner" role="alert">
                    <p class="error-banner__text">{message}</p>
                    <button class="button button--primary" on:click=retry>"Retry"</button>
                </div>
            }),
            _ => None,
        }}
        <Show when=move || next.with(Option::is_some)>
            <div class="older">
                <button
                    class="button"
                    node_ref=more_ref
                    disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()
                    on:click=move |_| load.run(false)
                >
                    "Load more inscriptions"
                </button>
            </div>
        </Show>
    }
}
