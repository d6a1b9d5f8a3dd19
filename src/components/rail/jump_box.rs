//! "Go to height": a small form above the rail; a height within the chain is selected and
//! centred, anything else is explained next to the field.

use leptos::prelude::*;

use crate::chain::selection;

#[component]
pub fn JumpBox(
    /// The tip, to tell a height not mined yet.
    #[prop(into)]
    tip: Signal<Option<u64>>,
    /// Jumps to a valid height.
    on_jump: Callback<u64>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        match selection::jump_target(&text.get_untracked(), tip.get_untracked()) {
            Ok(height) => {
                error.set(None);
                on_jump.run(height);
            }
            Err(message) => error.set(Some(message)),
        }
    };
    view! {
        <form class="jump" role="search" aria-label="Go to a block" on:submit=on_submit>
            <label class="sr-only" for="jump-height">"Block height"</label>
            <input
                id="jump-height"
                class="jump__input"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                placeholder="Go to height"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby="jump-error"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button class="button" type="submit">"Go"</button>
            <span id="jump-error" class="jump__error" role="status">
                {move || error.get()}
            </span>
        </form>
    }
}
