//! `/wish`: sign in, then make a wish (message, image, price, funding mode, address).

use leptos::prelude::*;

use crate::components::{SignInPanel, WishForm};

#[component]
pub fn WishPage() -> impl IntoView {
    view! {
        <div class="wish-page">
            <h1 class="wish-page__title">"Make a wish"</h1>
            <p class="note">
                "A wish is a message (and optionally an image) with a price, embedded in an image "
                "and mined into the next block."
            </p>
            <SignInPanel />
            <WishForm />
        </div>
    }
}
