//! The view of the selected block, below the block list: a mined block's header and
//! inscriptions grid, the pending block's open contracts, or genesis's coinbase message.
//!
//! The grid pages with `limit=20` and the backend's offset `next_cursor`, loading the next
//! page when the "Load more" button scrolls into view (or is pressed). Pages load through
//! `api::use_paged` (the latest request wins; the component, one per selected height, aborts
//! its requests when it goes away) into the pure [`list::InscriptionList`].

pub mod list;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use stargate_api::{BlockInscriptionsQuery, InscriptionFields, InscriptionFilter};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::use_paged;
use crate::chain::{known_genesis, BlockInfo, Selected};
use crate::components::When;
use crate::components::{block_card::counts, ErrorBanner, InscriptionCard, OpenContracts};
use crate::prefs;
use crate::routes;
use crate::text::group_thousands;
use crate::text::preview::{preview_str, PreviewLimits};
use list::{images_only_from_stored, images_only_to_stored, InscriptionList, PageKey};

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
        Selected::Future(_) => view! {
            <p class="empty-state">
                "This block has not been mined yet. "
                <a href=routes::pending_block().href()>"The next block"</a>
                " holds the wishes waiting to be mined."
            </p>
        }
        .into_any(),
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
                                            {match b.timestamp {
                                                Some(ts) => view! { <When ts /> }.into_any(),
                                                None => "unknown".into_any(),
                                            }}
                                        </dd>
                                    </div>
                                    <div>
                                        <dt>"Contents"</dt>
                                        <dd>{counts(&b)}</dd>
                                    </div>
                                    {block_marks(&b)}
                                </dl>
                            }
                        })
                }}
            </header>
            {body}
        </section>
    }
}

/// The block's smart contracts and stego images as badges (React's block card shows them),
/// or nothing when it has neither.
fn block_marks(info: &BlockInfo) -> Option<impl IntoView> {
    let badges = info.marks.badges();
    (!badges.is_empty()).then(|| {
        let items = badges
            .into_iter()
            .map(|text| view! { <li class="badge mark mark--contract">{text}</li> })
            .collect_view();
        view! {
            <div>
                <dt>"Contracts"</dt>
                <dd><ul class="block-marks" data-block-marks="">{items}</ul></dd>
            </div>
        }
    })
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

/// A block's inscriptions, paged as you scroll.
#[component]
pub fn InscriptionGrid(height: u64) -> impl IntoView {
    // "Hide text" is the reader's preference: kept from block to block and across visits.
    let images_only = images_only_from_stored(prefs::load(prefs::HIDE_TEXT).as_deref());
    let list = RwSignal::new(InscriptionList::new(images_only));
    let paged = use_paged(
        list.with_untracked(InscriptionList::first_page),
        move |client, key: PageKey| async move {
            let query = BlockInscriptionsQuery {
                limit: Some(PAGE),
                cursor: key.cursor,
                filter: key.images_only.then_some(InscriptionFilter::Image),
                fields: Some(InscriptionFields::Summary),
            };
            match client
                .get_block_inscriptions(&height.to_string(), &query)
                .await
            {
                Ok(page) => Ok(Some(page)),
                // 404: the backend has nothing indexed for this block (an empty state).
                Err(e) if e.is_not_found() => Ok(None),
                Err(e) => Err(e),
            }
        },
        move |key, page| list.update(|l| l.apply(&key, page)),
    );
    let busy = paged.busy;
    let load_more = move || {
        if let Some(next) = list.with_untracked(InscriptionList::next_page) {
            paged.more(next);
        }
    };
    let more_ref = observe_near_viewport(list, load_more);

    let toggle = move |ev: web_sys::Event| {
        let images_only = event_target_checked(&ev);
        prefs::save(prefs::HIDE_TEXT, images_only_to_stored(images_only));
        let fresh = InscriptionList::new(images_only);
        paged.restart(fresh.first_page());
        list.set(fresh);
    };
    let hide_text = move || list.with(InscriptionList::images_only);
    let has_more = move || list.with(|l| l.next.is_some());

    view! {
        <div class="ins-toolbar">
            <label class="checkbox">
                <input type="checkbox" prop:checked=hide_text on:change=toggle />
                " Hide text"
            </label>
        </div>
        <div class="ins-grid" aria-busy=move || busy.get().to_string()>
            <For
                each=move || list.with(|l| l.items.clone())
                key=|ins| ins.id.clone()
                children=|ins| view! { <InscriptionCard ins /> }
            />
        </div>
        <Show when=move || list.with(InscriptionList::is_empty)>
            <p class="empty-state">
                {move || {
                    if hide_text() {
                        "No image inscriptions indexed for this block"
                    } else {
                        "No inscriptions indexed for this block"
                    }
                }}
            </p>
        </Show>
        <Show when=move || busy.get() && list.with(|l| l.items.is_empty())>
            <p class="loading" aria-live="polite">"Loading inscriptions…"</p>
        </Show>
        <ErrorBanner
            what="Could not load the inscriptions"
            error=paged.failed
            on_retry=Callback::new(move |()| paged.retry())
            busy
        />
        <Show when=has_more>
            <div class="older">
                <button
                    class="button"
                    node_ref=more_ref
                    disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()
                    on:click=move |_| load_more()
                >
                    "Load more inscriptions"
                </button>
            </div>
        </Show>
    }
}

/// Calls `load_more` when the returned button comes within 300 px of the viewport. The
/// observer is made again after each page, so a button still in view asks again.
fn observe_near_viewport(
    list: RwSignal<InscriptionList>,
    load_more: impl Fn() + Clone + Send + Sync + 'static,
) -> NodeRef<leptos::html::Button> {
    let more_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        list.with(|l| l.items.len());
        let Some(button) = more_ref.get() else {
            return;
        };
        let load_more = load_more.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if visible {
                load_more();
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
    more_ref
}
