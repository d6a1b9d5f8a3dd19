//! The key a verify issued, shown this once (the server cannot show it again).

use leptos::prelude::*;

use crate::auth::wallet::NewKey;
use crate::components::CopyButton;

#[component]
pub fn NewKeyNotice(key: NewKey, on_done: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H3>::new();
    // the notice replaces the form the user was in: take the focus there
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <div class="new-key" data-new-key="">
            <h3 class="new-key__title" tabindex="-1" node_ref=heading>
                "Signed in with wallet " <span class="mono">{key.wallet.clone()}</span>
            </h3>
            <p>
                "Your new API key, shown only this once. Copy it now if you need it elsewhere "
                "(another browser, another tab, an agent); this tab keeps it until you sign out "
                "or close the tab."
            </p>
            <div class="new-key__row">
                <code class="mono new-key__key" data-api-key="">{key.key.clone()}</code>
                <CopyButton text=key.key label="Copy API key" />
            </div>
            <p class="new-key__warning" role="note">
                "Every earlier API key of this wallet has stopped working: the server deleted "
                "them when it issued this one."
            </p>
            <button class="button" type="button" on:click=move |_| on_done()>"Done: hide the key"</button>
        </div>
    }
}
