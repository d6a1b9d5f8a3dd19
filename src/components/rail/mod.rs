//! The block rail: the pending block, the tip, and every block down to genesis in one
//! horizontal list — virtualised, so only about three screens of cards exist however long
//! the chain (the page-window technique of mempool.space's block strip, docs/design.md "The rail").
//!
//! The list does not use native scrolling: a 900,000-block chain is wider than any browser's
//! largest layout, and native scrolling cannot keep the view still while blocks are inserted
//! on its left. The position is a number (`Viewport::pos`, in slots) moved by the wheel,
//! drag with momentum, touch and the keyboard; each card of the window is placed at its slot
//! (absolutely, from a base that moves rarely) in a track shifted by the position, so a card
//! that enters or leaves the window moves no other card: the browser repaints that card, not
//! the track. The slot arithmetic lives in `chain::layout` and
//! `chain::viewport`; this module wires events to it:
//!
//! - `state`: what the parts share ([`state::RailState`]);
//! - `cards`: the cards of the window in the DOM, a card that stays never touched;
//! - `gestures`: wheel, drag and momentum;
//! - `keys`: the keyboard map;
//! - `jump_box`: "Go to height";
//! - `skeleton`: the rail's empty shape until the tip is known.

mod cards;
mod gestures;
mod jump_box;
mod keys;
mod skeleton;
mod state;

pub use skeleton::RailSkeleton;

use std::ops::Range;

use leptos::ev;
use leptos::prelude::*;

use crate::api::{config, BlockCache};
use crate::chain::viewport::{approach, SLOT_PX};
use crate::chain::{ChainView, RailLayout, Slot, Viewport};
use crate::components::block_card::{BlockCard, GapCard, PendingCard, SlotPosition};
use crate::routes::History;
use jump_box::JumpBox;
use state::RailState;

#[component]
pub fn Rail(
    cache: BlockCache,
    /// The route's selected height.
    #[prop(into)]
    selected: Signal<Option<u64>>,
    /// Select a height (the page puts it in the URL): [`History::Select`] for a deliberate
    /// choice (a click, Enter, the jump box), [`History::Replace`] for an arrow key.
    on_select: Callback<(u64, History)>,
    #[prop(into)] now: Signal<i64>,
) -> impl IntoView {
    let chain = cache.chain;
    let rail = RailState {
        layout: Memo::new(move |_| chain.with(RailLayout::new)),
        viewport: RwSignal::new(Viewport::default()),
        fling_generation: StoredValue::new(0),
    };
    let rail_ref = NodeRef::<leptos::html::Div>::new();
    let track_ref = NodeRef::<leptos::html::Div>::new();
    keep_in_place_and_measured(rail, rail_ref);
    let (rendered, slots) = rendered_slots(rail);
    let base = Memo::new(move |_| rendered.with(|r| placement_base(r.start)));
    want_shown_heights(rail, slots, cache);

    // Selecting from inside the rail: the view is already where it should be.
    let centred = centre_selected(rail, selected);
    let select_here = move |height: u64, history: History| {
        centred.set_value(Some(height));
        on_select.run((height, history));
    };
    let drag = gestures::Drag::new(rail);
    let on_click = move |ev: web_sys::MouseEvent| {
        if drag.swallow_click() {
            ev.prevent_default();
        } else if let Some(h) = keys::height_of(ev.target()) {
            select_here(h, History::Select);
        }
    };
    let on_jump = Callback::new(move |height: u64| {
        rail.stop_fling();
        rail.centre_on(height);
        select_here(height, History::Select);
    });
    let back_to_tip = move |_| {
        rail.stop_fling();
        rail.move_to(0.0);
    };
    let tip = Signal::derive(move || rail.layout.with(RailLayout::tip));
    let api_base = config().api_base;
    let render = move |slot: Slot| {
        // the slot's index and the rail's length: its place on the track and its aria position
        let layout = rail.layout;
        let top = slot.top();
        let position: SlotPosition =
            Memo::new(move |_| layout.with(|l| l.slot_of(top).map(|i| (i, l.len())))).into();
        let card = render_slot(slot, position, chain, selected, now, api_base.clone());
        view! { <PlacedSlot position base>{card}</PlacedSlot> }.into_any()
    };
    cards::mount_cards(track_ref, slots, render);
    // One tab stop: the selected card when it is rendered, else the rail itself.
    let selected_rendered = move || {
        selected
            .get()
            .is_some_and(|h| slots.with(|s| s.iter().any(|slot| slot.top() == h)))
    };

    view! {
        <div class="rail-bar">
            <JumpBox tip on_jump />
            <Show when=move || !rail.viewport.with(Viewport::at_tip)>
                <button class="button back-to-tip" type="button" on:click=back_to_tip>
                    "← Back to tip"
                </button>
            </Show>
        </div>
        <div
            class="rail"
            class:rail--dragging=move || drag.dragging.get()
            node_ref=rail_ref
            data-rail=""
            role="listbox"
            aria-label="Blocks, newest first"
            aria-orientation="horizontal"
            tabindex=move || if selected_rendered() { "-1" } else { "0" }
            on:wheel=gestures::on_wheel(rail)
            on:pointerdown=move |ev| drag.down(&ev)
            on:pointermove=move |ev| drag.moved(&ev, rail_ref.get_untracked().map(Into::into))
            on:pointerup=move |ev| drag.up(&ev)
            on:pointercancel=move |ev| drag.up(&ev)
            on:click=on_click
            on:keydown=keys::on_key(rail, selected, select_here)
        >
            <div
                class="rail__track rail__track--placed"
                role="none"
                node_ref=track_ref
                style:transform=move || track_offset(rail, base)
            ></div>
        </div>
    }
}

/// Keeps what the user looks at in place when blocks arrive or gaps are found, and the
/// visible width (in slots) in step with the rail element's.
fn keep_in_place_and_measured(rail: RailState, rail_ref: NodeRef<leptos::html::Div>) {
    Effect::new(move |previous: Option<RailLayout>| {
        let new = rail.layout.get();
        if let Some(old) = previous.filter(|old| *old != new) {
            rail.viewport.update(|v| v.pos = v.reanchor(&old, &new));
        }
        new
    });
    let measure = move || {
        if let Some(el) = rail_ref.get_untracked() {
            let width = f64::from(el.client_width()) / SLOT_PX;
            let len = rail.len();
            rail.viewport.update(|v| {
                *v = Viewport::new(v.pos, width);
                v.pos = v.clamp(v.pos, len);
            });
        }
    };
    Effect::new(move |_| {
        if rail_ref.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
}

/// Cards added or removed at each end of the rendered window per frame.
const CARDS_PER_FRAME: u64 = 3;

/// The rendered window of slot indexes, and its slots (the cards in the DOM). The rendered
/// window follows the target window a few cards per frame (`viewport::approach`), so a page
/// flip does not build a whole screen of cards in one frame.
fn rendered_slots(rail: RailState) -> (RwSignal<Range<u64>>, Memo<Vec<Slot>>) {
    let target = Memo::new(move |_| {
        let len = rail.layout.with(RailLayout::len);
        rail.viewport.with(|v| v.window(len))
    });
    let rendered = RwSignal::new(0..0u64);
    Effect::new(move |_| {
        target.track();
        step_rendered(rendered, target, rail);
    });
    let slots = Memo::new(move |_| {
        let range = rendered.get();
        rail.layout
            .with(|l| range.filter_map(|i| l.at(i)).collect::<Vec<_>>())
    });
    (rendered, slots)
}

/// One step of the rendered window towards the target; schedules the next frame's step until
/// it is there.
fn step_rendered(rendered: RwSignal<Range<u64>>, target: Memo<Range<u64>>, rail: RailState) {
    let (Some(current), Some(goal)) = (rendered.try_get_untracked(), target.try_get_untracked())
    else {
        return;
    };
    let visible = rail.viewport.with_untracked(|v| v.visible(rail.len()));
    let next = approach(current.clone(), goal.clone(), visible, CARDS_PER_FRAME);
    if next != current {
        rendered.set(next.clone());
    }
    if next != goal {
        request_animation_frame(move || step_rendered(rendered, target, rail));
    }
}

/// Asks the cache for the heights in the window (placeholders until they arrive), nearest to
/// the centre first.
fn want_shown_heights(rail: RailState, slots: Memo<Vec<Slot>>, cache: BlockCache) {
    let centre_height = move || {
        let v = rail.viewport.get_untracked();
        let centre = (v.pos + v.width / 2.0).max(0.0) as u64;
        rail.layout
            .with_untracked(|l| l.at(centre).map(Slot::top).unwrap_or(0))
    };
    Effect::new(move |_| {
        let heights: Vec<u64> = slots.with(|s| {
            s.iter()
                .filter_map(|slot| match slot {
                    Slot::Height(h) => Some(*h),
                    _ => None,
                })
                .collect()
        });
        cache.want(heights, centre_height());
    });
}

/// Centres a height selected from outside (deep link, jump, search) once, unless it is well
/// in view already. Returns the height last centred: selecting from inside the rail sets it,
/// so the view does not jump.
fn centre_selected(rail: RailState, selected: Signal<Option<u64>>) -> StoredValue<Option<u64>> {
    let centred = StoredValue::new(None::<u64>);
    let ready = Memo::new(move |_| rail.layout.with(|l| !l.is_empty()));
    Effect::new(move |_| {
        let (Some(height), true) = (selected.get(), ready.get()) else {
            return;
        };
        if centred.get_value() == Some(height) {
            return;
        }
        centred.set_value(Some(height));
        let Some(slot) = rail.layout.with_untracked(|l| l.slot_of(height)) else {
            return;
        };
        let len = rail.len();
        rail.viewport.update(|v| {
            let visible = v.visible(len);
            if !(visible.start < slot && slot + 1 < visible.end) {
                v.pos = v.centred_on(slot, len);
            }
        });
    });
    centred
}

/// Slots per step of the placement base. Cards are placed at `(slot - base) * SLOT_PX`: the
/// base stays put while the window moves within a step, so the cards do too; it moves in whole
/// steps (all cards move once) so pixel offsets stay small on a 900,000-block chain.
const BASE_STEP: u64 = 1024;

fn placement_base(first_rendered: u64) -> u64 {
    first_rendered / BASE_STEP * BASE_STEP
}

/// The track's shift: the position's distance from the placement base, in whole pixels (no
/// float formatting code in the bundle for one style string).
fn track_offset(rail: RailState, base: Memo<u64>) -> String {
    let base = base.get() as f64;
    let pos = rail.viewport.with(|v| v.pos);
    format!(
        "translate3d({}px,0,0)",
        (-(pos - base) * SLOT_PX).round() as i64
    )
}

/// One card's place on the track: its slot's distance from the base (the slot of a height
/// moves when blocks arrive at the tip or a gap is found, and so does the card).
#[component]
fn PlacedSlot(position: SlotPosition, base: Memo<u64>, children: Children) -> impl IntoView {
    let left = move || {
        let index = position.get().map_or(0, |(index, _)| index);
        format!(
            "{}px",
            (index.saturating_sub(base.get()) as f64 * SLOT_PX) as i64
        )
    };
    view! { <div class="rail__slot" role="none" style:left=left>{children()}</div> }
}

/// One card of the window.
fn render_slot(
    slot: Slot,
    position: SlotPosition,
    chain: RwSignal<ChainView>,
    selected: Signal<Option<u64>>,
    now: Signal<i64>,
    api_base: String,
) -> AnyView {
    let top = slot.top();
    let is_selected = Signal::derive(move || selected.get() == Some(top));
    match slot {
        Slot::Pending(height) => {
            view! { <PendingCard height selected=is_selected position /> }.into_any()
        }
        Slot::Gap { from, to } => view! { <GapCard from to position /> }.into_any(),
        Slot::Height(height) => {
            let info = Memo::new(move |_| {
                chain.with(|c| {
                    if height == 0 {
                        Some(c.genesis())
                    } else {
                        c.block(height).cloned()
                    }
                })
            });
            view! { <BlockCard height info now api_base selected=is_selected position /> }
                .into_any()
        }
    }
}
