//! What the rail's parts share: the layout of slots, the position, and the momentum in
//! progress. `Copy`, so every handler holds its own.

use leptos::prelude::*;

use crate::chain::{RailLayout, Viewport};

#[derive(Clone, Copy)]
pub struct RailState {
    pub layout: Memo<RailLayout>,
    pub viewport: RwSignal<Viewport>,
    /// Bumped by every gesture: a fling of an older generation stops.
    pub fling_generation: StoredValue<u32>,
}

impl RailState {
    /// Slots on the rail (untracked: handlers read it when an event comes).
    pub fn len(&self) -> u64 {
        self.layout.with_untracked(RailLayout::len)
    }

    /// Stops a fling in progress.
    pub fn stop_fling(&self) {
        self.fling_generation
            .update_value(|g| *g = g.wrapping_add(1));
    }

    /// Moves to `pos` (in slots), clamped to the rail.
    pub fn move_to(&self, pos: f64) {
        let len = self.len();
        self.viewport.update(|v| v.pos = v.clamp(pos, len));
    }

    /// Centres the slot of `height`, if the rail has one.
    pub fn centre_on(&self, height: u64) {
        let len = self.len();
        if let Some(slot) = self.layout.with_untracked(|l| l.slot_of(height)) {
            self.viewport.update(|v| v.pos = v.centred_on(slot, len));
        }
    }
}

/// Milliseconds from the page's high-resolution clock (gestures measure speed with it).
pub fn frame_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}
