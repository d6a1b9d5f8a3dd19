//! The block rail: the pending block, the tip, and every block down to genesis in one
//! horizontal list — virtualised, so only about three screens of cards exist however long
//! the chain (the mempool.space page window, reference/anchors.md §A.3).
//!
//! The list does not use native scrolling: a 900,000-block chain is wider than any browser's
//! largest layout, and native scrolling cannot keep the view still while blocks are inserted
//! on its left. The position is a number (`Viewport::pos`, in slots) moved by the wheel,
//! drag with momentum, touch and the keyboard; the cards of the window are laid out in a flex
//! track shifted by the fractional part. The slot arithmetic lives in `chain::layout` and
//! `chain::viewport`; this component only wires events to it.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::BlockCache;
use crate::chain::viewport::{approach, key_target, wheel_slots, SLOT_PX};
use crate::chain::{selection, Fling, RailLayout, Slot, VelocityTracker, Viewport};
use crate::components::block_card::{BlockCard, GapCard, PendingCard, SlotPosition};

/// A press that moves less than this is a click, not a drag.
const DRAG_THRESHOLD_PX: f64 = 6.0;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A mouse, pen or touch drag in progress.
#[derive(Clone, Copy)]
struct Drag {
    pointer_id: i32,
    start_x: f64,
    last_x: f64,
    dragging: bool,
    tracker: VelocityTracker,
}

#[component]
pub fn Rail(
    cache: BlockCache,
    /// The route's selected height.
    #[prop(into)]
    selected: Signal<Option<u64>>,
    /// Select a height (the page puts it in the URL).
    on_select: Callback<u64>,
    #[prop(into)] now: Signal<i64>,
    #[prop(into, default = String::new())] api_base: String,
) -> impl IntoView {
    let chain = cache.chain;
    let layout = Memo::new(move |_| chain.with(RailLayout::new));
    let viewport = RwSignal::new(Viewport::default());
    let len = move || layout.with(RailLayout::len);
    let rail_ref = NodeRef::<leptos::html::Div>::new();

    // Keep what the user looks at in place when blocks arrive or gaps are found.
    Effect::new(move |previous: Option<RailLayout>| {
        let new = layout.get();
        if let Some(old) = previous.filter(|old| *old != new) {
            viewport.update(|v| v.pos = v.reanchor(&old, &new));
        }
        new
    });

    // The visible width, in slots.
    let measure = move || {
        if let Some(el) = rail_ref.get_untracked() {
            let width = f64::from(el.client_width()) / SLOT_PX;
            let len = layout.with_untracked(RailLayout::len);
            viewport.update(|v| {
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

    // The window of slots in the DOM, and the cards in it.
    let range = Memo::new(move |_| {
        let len = len();
        viewport.with(|v| v.window(len))
    });
    // The rendered window follows the target a few cards per frame (`viewport::approach`),
    // so a page flip does not build a whole screen of cards in one frame.
    let rendered = RwSignal::new(0..0u64);
    Effect::new(move |_| {
        range.track();
        step_rendered(rendered, range, viewport, layout);
    });
    let slots = Memo::new(move |_| {
        let range = rendered.get();
        layout.with(|l| range.filter_map(|i| l.at(i)).collect::<Vec<_>>())
    });
    let centre_height = move || {
        let v = viewport.get_untracked();
        let centre = (v.pos + v.width / 2.0).max(0.0) as u64;
        layout.with_untracked(|l| l.at(centre).map(Slot::top).unwrap_or(0))
    };
    // Ask the cache for the heights in the window (placeholders until they arrive).
    {
        let cache = cache.clone();
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

    // ---- selection: centre a height selected from outside (deep link, jump, search) once ----
    let centred = StoredValue::new(None::<u64>);
    let ready = Memo::new(move |_| layout.with(|l| !l.is_empty()));
    Effect::new(move |_| {
        let (Some(height), true) = (selected.get(), ready.get()) else {
            return;
        };
        if centred.get_value() == Some(height) {
            return;
        }
        centred.set_value(Some(height));
        let Some(slot) = layout.with_untracked(|l| l.slot_of(height)) else {
            return;
        };
        let len = layout.with_untracked(RailLayout::len);
        viewport.update(|v| {
            let visible = v.visible(len);
            if !(visible.start < slot && slot + 1 < visible.end) {
                v.pos = v.centred_on(slot, len);
            }
        });
    });
    // Selecting from inside the rail: the view is already where it should be.
    let select_here = move |height: u64| {
        centred.set_value(Some(height));
        on_select.run(height);
    };

    // ---- momentum ----
    let fling_generation = StoredValue::new(0u32);
    let stop_fling = move || fling_generation.update_value(|g| *g = g.wrapping_add(1));
    let start_fling = move |velocity: f64| {
        stop_fling();
        fling_frame(
            viewport,
            layout,
            fling_generation,
            fling_generation.get_value(),
            Fling { velocity },
            now_ms(),
        );
    };

    // ---- wheel and trackpad: vertical turns horizontal ----
    // Several wheel events can arrive in one frame: they add up here and move the rail once,
    // in the next animation frame.
    let wheel_pending = StoredValue::new(None::<f64>);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        let v = viewport.get_untracked();
        let (delta, horizontal) = wheel_slots(ev.delta_x(), ev.delta_y(), ev.delta_mode(), v.width);
        let len = layout.with_untracked(RailLayout::len);
        let from = wheel_pending.get_value().unwrap_or(v.pos);
        let target = v.clamp(from + delta, len);
        // At either end a vertical wheel scrolls the page as usual.
        if target == from && !horizontal {
            return;
        }
        ev.prevent_default();
        stop_fling();
        let first = wheel_pending.get_value().is_none();
        wheel_pending.set_value(Some(target));
        if first {
            request_animation_frame(move || {
                if let Some(Some(pos)) = wheel_pending.try_get_value() {
                    wheel_pending.set_value(None);
                    viewport.update(|v| v.pos = pos);
                }
            });
        }
    };

    // ---- drag (mouse, pen, touch) with momentum; a drag never clicks a card ----
    let drag = StoredValue::new(None::<Drag>);
    let just_dragged = StoredValue::new(false);
    let dragging = RwSignal::new(false);
    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        stop_fling();
        just_dragged.set_value(false);
        let x = f64::from(ev.client_x());
        drag.set_value(Some(Drag {
            pointer_id: ev.pointer_id(),
            start_x: x,
            last_x: x,
            dragging: false,
            tracker: VelocityTracker::default(),
        }));
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let Some(mut d) = drag.get_value().filter(|d| d.pointer_id == ev.pointer_id()) else {
            return;
        };
        let x = f64::from(ev.client_x());
        if !d.dragging && (x - d.start_x).abs() > DRAG_THRESHOLD_PX {
            d.dragging = true;
            dragging.set(true);
            // Captured only once it is a drag: a capture from the press would retarget the
            // click of a plain press to the rail.
            if let Some(el) = rail_ref.get_untracked() {
                let _ = el.set_pointer_capture(d.pointer_id);
            }
        }
        if d.dragging {
            let delta = -(x - d.last_x) / SLOT_PX;
            let len = layout.with_untracked(RailLayout::len);
            viewport.update(|v| v.pos = v.clamp(v.pos + delta, len));
            d.tracker.moved(delta, now_ms());
            ev.prevent_default();
        }
        d.last_x = x;
        drag.set_value(Some(d));
    };
    let on_pointer_up = move |ev: web_sys::PointerEvent| {
        let Some(d) = drag.get_value().filter(|d| d.pointer_id == ev.pointer_id()) else {
            return;
        };
        drag.set_value(None);
        if d.dragging {
            dragging.set(false);
            just_dragged.set_value(true);
            if ev.type_() == "pointerup" {
                start_fling(d.tracker.release(now_ms()));
            }
        }
    };

    // ---- click and keyboard ----
    let height_of = |target: Option<web_sys::EventTarget>| {
        target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-height]").ok().flatten())
            .and_then(|card| card.get_attribute("data-height"))
            .and_then(|h| h.parse::<u64>().ok())
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if just_dragged.get_value() {
            just_dragged.set_value(false);
            ev.prevent_default();
            return;
        }
        if let Some(h) = height_of(ev.target()) {
            select_here(h);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if matches!(key.as_str(), "Enter" | " ") {
            if let Some(h) = height_of(ev.target()) {
                ev.prevent_default();
                select_here(h);
            }
            return;
        }
        let (len, v) = (
            layout.with_untracked(RailLayout::len),
            viewport.get_untracked(),
        );
        if len == 0 {
            return;
        }
        let current = height_of(ev.target())
            .or(selected.get_untracked())
            .and_then(|h| layout.with_untracked(|l| l.slot_of(h)))
            .unwrap_or_else(|| v.visible(len).start);
        let Some((target, forward)) = key_target(&key, current, len, v.width) else {
            return;
        };
        ev.prevent_default();
        stop_fling();
        let Some((slot, height)) = layout.with_untracked(|l| l.selectable_near(target, forward))
        else {
            return;
        };
        viewport.update(|v| v.pos = v.showing(slot, len));
        select_here(height);
        focus_card_soon(height);
    };

    // ---- jump to a height ----
    let jump_text = RwSignal::new(String::new());
    let jump_error = RwSignal::new(None::<String>);
    let on_jump = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let tip = layout.with_untracked(RailLayout::tip);
        match selection::jump_target(&jump_text.get_untracked(), tip) {
            Ok(height) => {
                jump_error.set(None);
                stop_fling();
                let len = layout.with_untracked(RailLayout::len);
                if let Some(slot) = layout.with_untracked(|l| l.slot_of(height)) {
                    viewport.update(|v| v.pos = v.centred_on(slot, len));
                }
                select_here(height);
            }
            Err(message) => jump_error.set(Some(message)),
        }
    };
    let back_to_tip = move |_| {
        stop_fling();
        viewport.update(|v| v.pos = 0.0);
    };

    let offset = move || {
        let start = rendered.get().start as f64;
        let pos = viewport.with(|v| v.pos);
        // whole pixels: no float formatting code in the bundle for one style string
        format!(
            "translate3d({}px,0,0)",
            (-(pos - start) * SLOT_PX).round() as i64
        )
    };
    let render = move |slot: Slot| {
        let top = slot.top();
        let position: SlotPosition =
            Memo::new(move |_| layout.with(|l| l.slot_of(top).map(|i| (i, l.len())))).into();
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
                view! {
                    <BlockCard
                        height
                        info
                        now
                        api_base=api_base.clone()
                        selected=is_selected
                        position
                    />
                }
                .into_any()
            }
        }
    };
    // One tab stop: the selected card when it is rendered, else the rail itself.
    let selected_rendered = move || {
        selected
            .get()
            .is_some_and(|h| slots.with(|s| s.iter().any(|slot| slot.top() == h)))
    };

    view! {
        <div class="rail-bar">
            <form class="jump" role="search" aria-label="Go to a block" on:submit=on_jump>
                <label class="sr-only" for="jump-height">"Block height"</label>
                <input
                    id="jump-height"
                    class="jump__input"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder="Go to height"
                    aria-invalid=move || jump_error.with(Option::is_some).then_some("true")
                    aria-describedby="jump-error"
                    prop:value=move || jump_text.get()
                    on:input=move |ev| jump_text.set(event_target_value(&ev))
                />
                <button class="button" type="submit">"Go"</button>
                <span id="jump-error" class="jump__error" role="status">
                    {move || jump_error.get()}
                </span>
            </form>
            <Show when=move || !viewport.with(Viewport::at_tip)>
                <button class="button back-to-tip" type="button" on:click=back_to_tip>
                    "← Back to tip"
                </button>
            </Show>
        </div>
        <div
            class="rail"
            class:rail--dragging=move || dragging.get()
            node_ref=rail_ref
            data-rail=""
            role="listbox"
            aria-label="Blocks, newest first"
            aria-orientation="horizontal"
            tabindex=move || if selected_rendered() { "-1" } else { "0" }
            on:wheel=on_wheel
            on:pointerdown=on_pointer_down
            on:pointermove=on_pointer_move
            on:pointerup=on_pointer_up
            on:pointercancel=on_pointer_up
            on:click=on_click
            on:keydown=on_key
        >
            <div class="rail__track" role="none" style:transform=offset>
                <For each=move || slots.get() key=|slot| *slot children=render />
            </div>
        </div>
    }
}

/// Cards added or removed at each end of the rendered window per frame.
const CARDS_PER_FRAME: u64 = 3;

/// One step of the rendered window towards the target; schedules the next frame's step until
/// it is there.
fn step_rendered(
    rendered: RwSignal<std::ops::Range<u64>>,
    target: Memo<std::ops::Range<u64>>,
    viewport: RwSignal<Viewport>,
    layout: Memo<RailLayout>,
) {
    let (Some(current), Some(goal)) = (rendered.try_get_untracked(), target.try_get_untracked())
    else {
        return;
    };
    let len = layout.with_untracked(RailLayout::len);
    let visible = viewport.with_untracked(|v| v.visible(len));
    let next = approach(current.clone(), goal.clone(), visible, CARDS_PER_FRAME);
    if next != current {
        rendered.set(next.clone());
    }
    if next != goal {
        request_animation_frame(move || step_rendered(rendered, target, viewport, layout));
    }
}

/// Focuses the card of `height` once it is rendered, without letting the browser scroll the
/// rail (its position is ours).
fn focus_card_soon(height: u64) {
    request_animation_frame(move || {
        let card = document()
            .query_selector(&format!("[data-rail] [data-height='{height}']"))
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(card) = card {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = card.focus_with_options(&options);
        }
    });
}

/// One frame of momentum; schedules the next until the fling stops, hits an end, or a newer
/// gesture bumps `generation`.
fn fling_frame(
    viewport: RwSignal<Viewport>,
    layout: Memo<RailLayout>,
    generation: StoredValue<u32>,
    mine: u32,
    mut fling: Fling,
    last_ms: f64,
) {
    request_animation_frame(move || {
        if generation.try_get_value() != Some(mine) {
            return;
        }
        let now = now_ms();
        let Some(distance) = fling.step(now - last_ms) else {
            return;
        };
        let len = layout.with_untracked(RailLayout::len);
        let mut at_end = false;
        viewport.update(|v| {
            let target = v.clamp(v.pos + distance, len);
            at_end = target != v.pos + distance;
            v.pos = target;
        });
        if !at_end {
            fling_frame(viewport, layout, generation, mine, fling, now);
        }
    });
}
