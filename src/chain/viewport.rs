//! Where the rail looks: a fractional slot position and a width, both in slots.
//!
//! The rail scrolls in JavaScript-free arithmetic: `pos` is the slot at the left edge (0 =
//! the pending block), the cards of about three screens around it exist in the DOM, and a
//! change of the layout (a new block, a gap discovered) re-anchors `pos` so that what the user
//! looks at stays put.

use std::ops::Range;

use super::RailLayout;

/// Width of one card slot in CSS pixels: `--card-w` (168 px) plus the 12 px gap in
/// `components/rail/rail.css` (`.rail__track`). A component test checks they agree.
pub const SLOT_PX: f64 = 180.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Slot at the left edge, fractional.
    pub pos: f64,
    /// Visible width, in slots.
    pub width: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Self {
            pos: 0.0,
            width: 8.0,
        }
    }
}

impl Viewport {
    pub fn new(pos: f64, width: f64) -> Self {
        Self {
            pos,
            width: width.max(1.0),
        }
    }

    /// The largest `pos`: genesis at the right edge.
    pub fn max_pos(&self, len: u64) -> f64 {
        (len as f64 - self.width).max(0.0)
    }

    /// `pos` moved into `[0, max_pos]`.
    pub fn clamp(&self, pos: f64, len: u64) -> f64 {
        if pos.is_nan() {
            return 0.0;
        }
        pos.clamp(0.0, self.max_pos(len))
    }

    /// At (or within half a card of) the pending block: a new block keeps the view at the tip.
    pub fn at_tip(&self) -> bool {
        self.pos < 0.5
    }

    /// At the genesis end: a layout change keeps genesis at the right edge.
    pub fn at_end(&self, len: u64) -> bool {
        self.pos > 0.0 && self.pos >= self.max_pos(len) - 0.5
    }

    /// The slots that exist in the DOM: the screen-sized page holding the centre of the view,
    /// plus one page on each side — at most three screens of cards wherever the rail is. Pages
    /// are aligned (as mempool.space's), so the DOM changes once per screen scrolled instead of
    /// on every card that crosses the edge. Paging by the centre, not the left edge, leaves
    /// half a screen of cards beyond each edge of the view when the page flips, so the new
    /// page can be built over a few frames (`approach`); paged by the left edge, the view
    /// reached the window's far end just as it flipped and the whole page came in one frame.
    pub fn window(&self, len: u64) -> Range<u64> {
        let screen = self.width.ceil().max(1.0) as u64;
        let centre = self.pos.max(0.0) + self.width / 2.0;
        let page = centre.floor() as u64 / screen;
        let first = page.saturating_sub(1) * screen;
        let last = (page + 2) * screen;
        first.min(len)..last.min(len)
    }

    /// The slots at least partly visible.
    pub fn visible(&self, len: u64) -> Range<u64> {
        let first = self.pos.max(0.0).floor() as u64;
        let last = (self.pos.max(0.0) + self.width).ceil() as u64;
        first.min(len)..last.min(len)
    }

    /// `pos` that centres `slot`.
    pub fn centred_on(&self, slot: u64, len: u64) -> f64 {
        self.clamp(slot as f64 + 0.5 - self.width / 2.0, len)
    }

    /// The smallest move that shows `slot` whole.
    pub fn showing(&self, slot: u64, len: u64) -> f64 {
        let slot = slot as f64;
        let pos = if slot < self.pos {
            slot
        } else if slot + 1.0 > self.pos + self.width {
            slot + 1.0 - self.width
        } else {
            self.pos
        };
        self.clamp(pos, len)
    }

    /// `pos` after the layout changed from `old` to `new`: the slot at the centre of the view
    /// keeps its place on screen (so a new block or a discovered gap never moves what the user
    /// looks at), except at the tip, which follows new blocks, and at the genesis end, which
    /// stays at the end.
    pub fn reanchor(&self, old: &RailLayout, new: &RailLayout) -> f64 {
        if self.at_tip() || old.is_empty() {
            return self.clamp(self.pos, new.len());
        }
        if self.at_end(old.len()) {
            return self.max_pos(new.len());
        }
        let centre = self.pos + self.width / 2.0;
        let anchor_index = centre.floor().max(0.0) as u64;
        let Some(anchor) = old.at(anchor_index) else {
            return self.clamp(self.pos, new.len());
        };
        let Some(index) = new.slot_of_anchor(anchor) else {
            return self.clamp(self.pos, new.len());
        };
        let frac = centre - centre.floor();
        self.clamp(index as f64 + frac - self.width / 2.0, new.len())
    }
}

/// Momentum after a drag or swipe: the velocity decays exponentially, with the time constant
/// most kinetic scrollers use (iOS: 325 ms), so a flick travels `velocity · 325 ms` in all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fling {
    /// Slots per millisecond; positive = towards genesis.
    pub velocity: f64,
}

impl Fling {
    pub const TIME_CONSTANT_MS: f64 = 325.0;
    /// Below this speed (slots/ms) the fling stops.
    pub const MIN_VELOCITY: f64 = 0.000_5;

    /// The distance to move in the next `dt_ms`, or `None` once it has stopped.
    pub fn step(&mut self, dt_ms: f64) -> Option<f64> {
        if !self.velocity.is_finite() || self.velocity.abs() < Self::MIN_VELOCITY {
            return None;
        }
        let decay = (-dt_ms.max(0.0) / Self::TIME_CONSTANT_MS).exp();
        let distance = self.velocity * Self::TIME_CONSTANT_MS * (1.0 - decay);
        self.velocity *= decay;
        Some(distance)
    }
}

/// The drag's velocity, smoothed over the last moves (a single jittery event must not decide
/// the fling).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct VelocityTracker {
    /// Slots per millisecond.
    pub velocity: f64,
    last_ms: Option<f64>,
}

impl VelocityTracker {
    pub fn moved(&mut self, distance: f64, now_ms: f64) {
        if let Some(last) = self.last_ms {
            let dt = (now_ms - last).max(1.0);
            self.velocity = 0.8 * (distance / dt) + 0.2 * self.velocity;
        }
        self.last_ms = Some(now_ms);
    }

    /// The velocity to fling with at release; none if the pointer rested before letting go.
    pub fn release(&self, now_ms: f64) -> f64 {
        match self.last_ms {
            Some(last) if now_ms - last < 100.0 => self.velocity,
            _ => 0.0,
        }
    }
}

/// The next rendered window on the way from `current` to `target`: each end moves at most
/// `step` slots, so a page flip is spread over a few frames instead of building a whole
/// screen of cards in one. What is `visible` is always rendered: when the view outran the
/// current window (a jump, a fast fling) the target comes at once.
pub fn approach(
    current: Range<u64>,
    target: Range<u64>,
    visible: Range<u64>,
    step: u64,
) -> Range<u64> {
    let covers_visible = current.start <= visible.start && visible.end <= current.end;
    if current.is_empty() || !covers_visible {
        return target;
    }
    let toward = |from: u64, to: u64| {
        if from < to {
            (from + step).min(to)
        } else {
            from.saturating_sub(step).max(to)
        }
    };
    let start = toward(current.start, target.start).min(visible.start);
    let end = toward(current.end, target.end).max(visible.end);
    start..end
}

/// A wheel event as a move in slots, and whether it was mostly horizontal (a trackpad swipe).
/// Vertical wheels turn horizontal; `mode` is the DOM delta mode (0 px, 1 lines, 2 pages).
pub fn wheel_slots(dx: f64, dy: f64, mode: u32, width_slots: f64) -> (f64, bool) {
    let horizontal = dx.abs() > dy.abs();
    let unit_px = match mode {
        1 => 40.0,
        2 => width_slots * SLOT_PX,
        _ => 1.0,
    };
    let delta = if horizontal { dx } else { dy };
    (delta * unit_px / SLOT_PX, horizontal)
}

/// Where a navigation key moves the selection from slot `current`: `(slot, forward)`, forward
/// meaning towards genesis. ←/→ one card, PageUp/PageDown a screen, Home the pending block,
/// End genesis; `None` for other keys.
pub fn key_target(key: &str, current: u64, len: u64, width_slots: f64) -> Option<(u64, bool)> {
    let page = (width_slots.floor() as u64).max(1);
    let last = len.checked_sub(1)?;
    let (target, forward) = match key {
        "ArrowRight" => (current.saturating_add(1), true),
        "ArrowLeft" => (current.saturating_sub(1), false),
        "PageDown" => (current.saturating_add(page), true),
        "PageUp" => (current.saturating_sub(page), false),
        "Home" => (0, false),
        "End" => (last, true),
        _ => return None,
    };
    Some((target.min(last), forward))
}
