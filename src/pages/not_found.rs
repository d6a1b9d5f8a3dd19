//! Any path the router does not know: a way back to the blocks, under the base path.

use leptos::prelude::*;

use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <a href=routes::home().href()>"Back to the blocks"</a>
        </section>
    }
}
