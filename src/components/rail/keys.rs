//! The rail's keyboard: Enter/Space select the focused card; arrows, Home, End, PageUp and
//! PageDown move the selection (`chain::viewport::key_target` maps keys to slots) and keep
//! the new card in view and focused.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::RailState;
use crate::chain::viewport::key_target;
use crate::routes::History;

/// The height of the card an event happened in (`data-height`).
pub fn height_of(target: Option<web_sys::EventTarget>) -> Option<u64> {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-height]").ok().flatten())
        .and_then(|card| card.get_attribute("data-height"))
        .and_then(|h| h.parse::<u64>().ok())
}

/// The keydown handler: `select` selects a height (from inside the rail); Enter and Space are
/// a choice ([`History::Select`]), the moving keys are browsing ([`History::Replace`]).
pub fn on_key(
    rail: RailState,
    selected: Signal<Option<u64>>,
    select: impl Fn(u64, History) + Clone + 'static,
) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if matches!(key.as_str(), "Enter" | " ") {
            if let Some(h) = height_of(ev.target()) {
                ev.prevent_default();
                select(h, History::Select);
            }
            return;
        }
        let (len, v) = (rail.len(), rail.viewport.get_untracked());
        if len == 0 {
            return;
        }
        let current = height_of(ev.target())
            .or(selected.get_untracked())
            .and_then(|h| rail.layout.with_untracked(|l| l.slot_of(h)))
            .unwrap_or_else(|| v.visible(len).start);
        let Some((target, forward)) = key_target(&key, current, len, v.width) else {
            return;
        };
        ev.prevent_default();
        rail.stop_fling();
        let Some((slot, height)) = rail
            .layout
            .with_untracked(|l| l.selectable_near(target, forward))
        else {
            return;
        };
        rail.viewport.update(|v| v.pos = v.showing(slot, len));
        select(height, History::Replace);
        focus_card_soon(height);
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
