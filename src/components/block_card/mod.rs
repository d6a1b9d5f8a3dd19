//! The cards of the block list: a block, the pending block, and a gap of heights.
//!
//! The page's first cards before the app runs are these: `first_screen` renders them into
//! `index.html` as templates, which `web/first-screen.js` copies and fills with the newest
//! blocks (`tests/components/first_screen.rs` compares its cards with these).

use crate::api::safe_media_url;
use crate::chain::BlockInfo;
use crate::text::{age, count_noun, group_thousands, short_hash, utc_datetime};
use leptos::prelude::*;

/// The counts line, also the second half of the spoken name:
/// "3,050 transactions, 12 inscriptions".
pub fn counts(info: &BlockInfo) -> String {
    format!(
        "{}, {}",
        count_noun(info.tx_count, "transaction", "transactions"),
        count_noun(info.inscription_count, "inscription", "inscriptions")
    )
}

/// `aria-posinset` / `aria-setsize` of a card: its place among all the rail's slots, which
/// a virtualised list must state because most options are not in the DOM.
pub type SlotPosition = Signal<Option<(u64, u64)>>;

fn posinset(position: SlotPosition) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || position.get().map(|(index, _)| (index + 1).to_string())
}

fn setsize(position: SlotPosition) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || position.get().map(|(_, len)| len.to_string())
}

/// A block at `height`: its summary once loaded (genesis included), a placeholder until
/// then. The option element stays the same when the data arrives, so focus is not lost.
/// `now` is unix seconds, for the age line.
#[component]
pub fn BlockCard(
    height: u64,
    #[prop(into)] info: Signal<Option<BlockInfo>>,
    #[prop(into)] now: Signal<i64>,
    #[prop(into, default = String::new())] api_base: String,
    /// Whether the route selects this block.
    #[prop(into, default = Signal::from(false))]
    selected: Signal<bool>,
    #[prop(into, default = Signal::from(None))] position: SlotPosition,
) -> impl IntoView {
    let is_genesis = height == 0;
    let title = if is_genesis {
        "Block 0 · Genesis".to_owned()
    } else {
        format!("Block {}", group_thousands(height))
    };
    // The spoken name comes from the visible title and counts ("Block 840,000, 3,050
    // transactions, 12 inscriptions"); age and hash are its description.
    let details_id = format!("block-{height}-details");
    let described_by = details_id.clone();
    let loaded = move || info.with(Option::is_some);
    let content = move || {
        let Some(info) = info.get() else {
            return view! {
                <div class="card__thumb card__thumb--loading" aria-hidden="true"></div>
                <p class="card__counts">"Loading…"</p>
            }
            .into_any();
        };
        let thumbnail = safe_media_url(&api_base, &info.thumbnail_url).unwrap_or_default();
        let thumb_failed = RwSignal::new(thumbnail.is_empty());
        let timestamp = info.timestamp;
        let when = move || match timestamp {
            Some(ts) => age(ts, now.get()),
            None => "time unknown".to_owned(),
        };
        let exact_time = timestamp.map(utc_datetime);
        view! {
            <div class="card__thumb" aria-hidden="true">
                <Show
                    when=move || !thumb_failed.get()
                    fallback=move || view! { <CardGlyph genesis=is_genesis /> }
                >
                    <img
                        src=thumbnail.clone()
                        alt=""
                        loading="lazy"
                        decoding="async"
                        draggable="false"
                        on:error=move |_| thumb_failed.set(true)
                    />
                </Show>
            </div>
            <p class="card__counts">{counts(&info)}</p>
            <div id=details_id.clone() aria-hidden="true">
                <p class="card__age" title=exact_time>{when}</p>
                <p class="card__hash mono" title=info.hash.clone()>{short_hash(&info.hash)}</p>
            </div>
        }
        .into_any()
    };
    view! {
        <div
            class="card block-card"
            class:genesis=is_genesis
            class:placeholder=move || !loaded()
            class:selected=move || selected.get()
            role="option"
            aria-selected=move || selected.get().to_string()
            aria-busy=move || (!loaded()).then_some("true")
            aria-posinset=posinset(position)
            aria-setsize=setsize(position)
            tabindex=move || if selected.get() { "0" } else { "-1" }
            aria-describedby=move || loaded().then(|| described_by.clone())
            data-height=height.to_string()
            data-genesis=is_genesis.then_some("")
        >
            <h3 class="card__title">{title}<span class="sr-only">", "</span></h3>
            {content}
        </div>
    }
}

/// What a block's card shows without a thumbnail: ⛏ for genesis, ▣ for any other block.
#[component]
pub fn CardGlyph(genesis: bool) -> impl IntoView {
    view! { <span class="card__glyph">{if genesis { "⛏" } else { "▣" }}</span> }
}

/// The block being mined next.
#[component]
pub fn PendingCard(
    height: u64,
    #[prop(into, default = Signal::from(false))] selected: Signal<bool>,
    #[prop(into, default = Signal::from(None))] position: SlotPosition,
) -> impl IntoView {
    view! {
        <div
            class="card pending-card"
            class:selected=move || selected.get()
            role="option"
            aria-selected=move || selected.get().to_string()
            aria-posinset=posinset(position)
            aria-setsize=setsize(position)
            tabindex=move || if selected.get() { "0" } else { "-1" }
            data-height=height.to_string()
            data-pending=""
        >
            <h3 class="card__title">
                {format!("Block {}", group_thousands(height))}
                <span class="sr-only">", "</span>
            </h3>
            <div class="card__thumb" aria-hidden="true">
                <span class="card__glyph">"···"</span>
            </div>
            <p class="card__counts">"Pending, mined next"</p>
        </div>
    }
}

/// A run of heights the backend has not indexed, as one card.
#[component]
pub fn GapCard(
    from: u64,
    to: u64,
    #[prop(into, default = Signal::from(None))] position: SlotPosition,
) -> impl IntoView {
    let count = to - from + 1;
    let text = format!("{} not indexed", count_noun(count, "block", "blocks"));
    let range = if from == to {
        group_thousands(from)
    } else {
        format!("{} – {}", group_thousands(to), group_thousands(from))
    };
    view! {
        <div
            class="card gap-card"
            role="option"
            aria-selected="false"
            aria-disabled="true"
            aria-posinset=posinset(position)
            aria-setsize=setsize(position)
            tabindex="-1"
            data-gap-from=from.to_string()
            data-gap-to=to.to_string()
        >
            <p class="gap-card__count">{text}<span class="sr-only">{if from == to { ", height " } else { ", heights " }}</span></p>
            <p class="gap-card__range mono">{range}</p>
        </div>
    }
}
