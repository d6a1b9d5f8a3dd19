//! The cards of the block list: a block, the pending block, and a gap of heights.

use crate::api::resolve_url;
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

/// An indexed block (genesis included). `now` is unix seconds, for the age line.
#[component]
pub fn BlockCard(
    info: BlockInfo,
    #[prop(into)] now: Signal<i64>,
    #[prop(into, default = String::new())] api_base: String,
    /// Whether the route selects this block.
    #[prop(into, default = Signal::from(false))]
    selected: Signal<bool>,
) -> impl IntoView {
    let is_genesis = info.height == 0;
    let title = if is_genesis {
        "Block 0 · Genesis".to_owned()
    } else {
        format!("Block {}", group_thousands(info.height))
    };
    // The spoken name comes from the visible title and counts ("Block 840,000, 3,050
    // transactions, 12 inscriptions"); age and hash are its description.
    let details_id = format!("block-{}-details", info.height);
    let described_by = details_id.clone();
    let thumbnail = resolve_url(&api_base, &info.thumbnail_url);
    let thumb_failed = RwSignal::new(thumbnail.is_empty());
    let timestamp = info.timestamp;
    let when = move || match timestamp {
        Some(ts) => age(ts, now.get()),
        None => "time unknown".to_owned(),
    };
    let exact_time = timestamp.map(utc_datetime);
    view! {
        <div
            class="card block-card"
            class:genesis=is_genesis
            class:selected=move || selected.get()
            role="option"
            aria-selected=move || selected.get().to_string()
            tabindex=move || if selected.get() { "0" } else { "-1" }
            aria-describedby=described_by
            data-height=info.height.to_string()
            data-genesis=is_genesis.then_some("")
        >
            <div class="card__thumb" aria-hidden="true">
                <Show
                    when=move || !thumb_failed.get()
                    fallback=move || view! { <span class="card__glyph">{if is_genesis { "⛏" } else { "▣" }}</span> }
                >
                    <img
                        src=thumbnail.clone()
                        alt=""
                        loading="lazy"
                        decoding="async"
                        on:error=move |_| thumb_failed.set(true)
                    />
                </Show>
            </div>
            <h3 class="card__title">{title}<span class="sr-only">", "</span></h3>
            <p class="card__counts">{counts(&info)}</p>
            <div id=details_id aria-hidden="true">
                <p class="card__age" title=exact_time>{when}</p>
                <p class="card__hash mono" title=info.hash.clone()>{short_hash(&info.hash)}</p>
            </div>
        </div>
    }
}

/// The block being mined next.
#[component]
pub fn PendingCard(
    height: u64,
    #[prop(into, default = Signal::from(false))] selected: Signal<bool>,
) -> impl IntoView {
    view! {
        <div
            class="card pending-card"
            class:selected=move || selected.get()
            role="option"
            aria-selected=move || selected.get().to_string()
            tabindex=move || if selected.get() { "0" } else { "-1" }
            data-height=height.to_string()
            data-pending=""
        >
            <div class="card__thumb" aria-hidden="true">
                <span class="card__glyph">"···"</span>
            </div>
            <h3 class="card__title">
                {format!("Block {}", group_thousands(height))}
                <span class="sr-only">", "</span>
            </h3>
            <p class="card__counts">"Pending, mined next"</p>
        </div>
    }
}

/// A run of heights that is not shown: unindexed by the backend, or not loaded yet.
#[component]
pub fn GapCard(from: u64, to: u64, unindexed: bool) -> impl IntoView {
    let count = to - from + 1;
    let text = if unindexed {
        format!("{} not indexed", count_noun(count, "block", "blocks"))
    } else {
        format!("{} not loaded yet", count_noun(count, "block", "blocks"))
    };
    let range = format!("{} – {}", group_thousands(to), group_thousands(from));
    view! {
        <div
            class="card gap-card"
            class:unindexed=unindexed
            role="option"
            aria-selected="false"
            data-gap-from=from.to_string()
            data-gap-to=to.to_string()
        >
            <p class="gap-card__count">{text}<span class="sr-only">", heights "</span></p>
            <p class="gap-card__range mono">{range}</p>
        </div>
    }
}
