//! A button that copies a text to the clipboard and says whether it worked (a polite status,
//! so a screen reader hears "Copied").

use leptos::prelude::*;

#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: Signal<String>,
    /// The button's text, e.g. "Copy nonce".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let copy = move |_| {
        let text = text.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match web_sys::window() {
                Some(w) => wasm_bindgen_futures::JsFuture::from(
                    w.navigator().clipboard().write_text(&text),
                )
                .await
                .map(|_| ())
                .map_err(|e| {
                    e.as_string()
                        .unwrap_or_else(|| "the browser refused".into())
                }),
                None => Err("no window".into()),
            };
            status.try_set(Some(match result {
                Ok(()) => "Copied".to_owned(),
                Err(why) => format!("Could not copy ({why}): select the text and copy it."),
            }));
        });
    };
    view! {
        <span class="copy">
            <button class="button" type="button" on:click=copy>{label}</button>
            <span class="copy__status" role="status">{move || status.get()}</span>
        </span>
    }
}
