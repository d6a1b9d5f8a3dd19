//! Moving the rail by hand: the wheel and trackpad (vertical turns horizontal), and a mouse,
//! pen or touch drag that ends in momentum. A drag never clicks a card.

use leptos::prelude::*;

use super::state::{frame_ms, RailState};
use crate::chain::viewport::{wheel_slots, SLOT_PX};
use crate::chain::{Fling, VelocityTracker};

/// A press that moves less than this is a click, not a drag.
const DRAG_THRESHOLD_PX: f64 = 6.0;

/// The wheel handler. Several wheel events can arrive in one frame: they add up and move the
/// rail once, in the next animation frame. At either end a vertical wheel scrolls the page.
pub fn on_wheel(rail: RailState) -> impl Fn(web_sys::WheelEvent) + Clone + 'static {
    let pending = StoredValue::new(None::<f64>);
    move |ev: web_sys::WheelEvent| {
        let v = rail.viewport.get_untracked();
        let (delta, horizontal) = wheel_slots(ev.delta_x(), ev.delta_y(), ev.delta_mode(), v.width);
        let from = pending.get_value().unwrap_or(v.pos);
        let target = v.clamp(from + delta, rail.len());
        if target == from && !horizontal {
            return;
        }
        ev.prevent_default();
        rail.stop_fling();
        let first = pending.get_value().is_none();
        pending.set_value(Some(target));
        if first {
            request_animation_frame(move || {
                if let Some(Some(pos)) = pending.try_get_value() {
                    pending.set_value(None);
                    rail.viewport.update(|v| v.pos = pos);
                }
            });
        }
    }
}

/// A drag in progress.
#[derive(Clone, Copy)]
struct Press {
    pointer_id: i32,
    start_x: f64,
    last_x: f64,
    dragging: bool,
    tracker: VelocityTracker,
}

/// The pointer handlers of the rail element, and what they tell the view.
#[derive(Clone, Copy)]
pub struct Drag {
    press: StoredValue<Option<Press>>,
    /// The last press was a drag: its click is swallowed.
    just_dragged: StoredValue<bool>,
    /// A drag is under way (the rail shows a grabbing cursor).
    pub dragging: RwSignal<bool>,
    rail: RailState,
}

impl Drag {
    pub fn new(rail: RailState) -> Self {
        Self {
            press: StoredValue::new(None),
            just_dragged: StoredValue::new(false),
            dragging: RwSignal::new(false),
            rail,
        }
    }

    pub fn down(&self, ev: &web_sys::PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        self.rail.stop_fling();
        self.just_dragged.set_value(false);
        let x = f64::from(ev.client_x());
        self.press.set_value(Some(Press {
            pointer_id: ev.pointer_id(),
            start_x: x,
            last_x: x,
            dragging: false,
            tracker: VelocityTracker::default(),
        }));
    }

    pub fn moved(&self, ev: &web_sys::PointerEvent, rail_el: Option<web_sys::HtmlElement>) {
        let Some(mut p) = self.pressed(ev) else {
            return;
        };
        let x = f64::from(ev.client_x());
        if !p.dragging && (x - p.start_x).abs() > DRAG_THRESHOLD_PX {
            p.dragging = true;
            self.dragging.set(true);
            // Captured only once it is a drag: a capture from the press would retarget the
            // click of a plain press to the rail.
            if let Some(el) = rail_el {
                let _ = el.set_pointer_capture(p.pointer_id);
            }
        }
        if p.dragging {
            let delta = -(x - p.last_x) / SLOT_PX;
            let pos = self.rail.viewport.with_untracked(|v| v.pos);
            self.rail.move_to(pos + delta);
            p.tracker.moved(delta, frame_ms());
            ev.prevent_default();
        }
        p.last_x = x;
        self.press.set_value(Some(p));
    }

    /// `pointerup` or `pointercancel`: a drag that ends with a release flings.
    pub fn up(&self, ev: &web_sys::PointerEvent) {
        let Some(p) = self.pressed(ev) else {
            return;
        };
        self.press.set_value(None);
        if p.dragging {
            self.dragging.set(false);
            self.just_dragged.set_value(true);
            if ev.type_() == "pointerup" {
                fling(self.rail, p.tracker.release(frame_ms()));
            }
        }
    }

    /// Whether a click must be swallowed because it ends a drag (asked once per click).
    pub fn swallow_click(&self) -> bool {
        let swallow = self.just_dragged.get_value();
        self.just_dragged.set_value(false);
        swallow
    }

    fn pressed(&self, ev: &web_sys::PointerEvent) -> Option<Press> {
        self.press
            .get_value()
            .filter(|p| p.pointer_id == ev.pointer_id())
    }
}

/// Starts momentum at `velocity` (slots per millisecond).
fn fling(rail: RailState, velocity: f64) {
    rail.stop_fling();
    let generation = rail.fling_generation.get_value();
    fling_frame(rail, generation, Fling { velocity }, frame_ms());
}

/// One frame of momentum; schedules the next until the fling stops, hits an end, or a newer
/// gesture bumps the generation.
fn fling_frame(rail: RailState, mine: u32, mut fling: Fling, last_ms: f64) {
    request_animation_frame(move || {
        if rail.fling_generation.try_get_value() != Some(mine) {
            return;
        }
        let now = frame_ms();
        let Some(distance) = fling.step(now - last_ms) else {
            return;
        };
        let len = rail.len();
        let mut at_end = false;
        rail.viewport.update(|v| {
            let target = v.clamp(v.pos + distance, len);
            at_end = target != v.pos + distance;
            v.pos = target;
        });
        if !at_end {
            fling_frame(rail, mine, fling, now);
        }
    });
}
