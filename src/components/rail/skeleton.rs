//! The rail's shape while the chain's tip is unknown: the jump bar's room and empty cards, the
//! same boxes as the rail's, so nothing moves when the blocks arrive. The page's shell before
//! the app runs is drawn from it too (`first_screen`).

use leptos::prelude::*;

/// Enough empty cards for a wide screen (the rail clips the rest).
const CARDS: usize = 12;

#[component]
pub fn RailSkeleton() -> impl IntoView {
    view! {
        // the jump box's form, inert, for its height
        <div class="rail-bar" aria-hidden="true" inert>
            <form class="jump">
                <input class="jump__input" type="text" placeholder="Go to height" disabled />
                <button class="button" type="button" disabled>"Go"</button>
            </form>
        </div>
        <div class="rail" aria-hidden="true">
            <div class="rail__track">
                {(0..CARDS)
                    .map(|_| view! {
                        <div class="card skeleton-card">
                            <div class="card__thumb card__thumb--loading"></div>
                        </div>
                    })
                    .collect_view()}
            </div>
        </div>
        <p class="sr-only" role="status">"Loading blocks…"</p>
    }
}
