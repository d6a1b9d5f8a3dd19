//! The wish's optional image: chosen, converted to the PNG the backend embeds
//! (`wish::convert`), previewed, removable.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::components::form::Field;
use crate::wish::convert::prepare;
use crate::wish::{WishStore, IMAGE_LIMITS_TEXT};

const ID: &str = "wish-image";

#[component]
pub(super) fn ImageField(store: WishStore) -> impl IntoView {
    let on_file = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        store.image_error.set(None);
        store.image_busy.set(true);
        spawn_local(async move {
            match prepare(file).await {
                Ok(image) => store.set_image(Some(image)),
                Err(why) => {
                    store.set_image(None);
                    store.image_error.try_set(Some(why));
                }
            }
            store.image_busy.try_set(false);
        });
        // The same file can be chosen again after "Remove".
        if let Some(i) = input {
            i.set_value("");
        }
    };
    let error = Signal::derive(move || store.image_error.get());
    let extra = move || {
        view! {
            {move || store.image_busy.get().then(|| view! { <p class="field__hint" aria-live="polite">"Preparing the image…"</p> })}
            {move || store.image.get().map(|image| view! {
                <div class="wish-image">
                    <img class="wish-image__preview" src=image.preview_url alt="Preview of the chosen image" />
                    <p class="field__hint" data-image-summary="">{image.summary}</p>
                    <button class="button" type="button" on:click=move |_| store.set_image(None)>"Remove image"</button>
                </div>
            })}
        }
    };
    view! {
        <Field id=ID label="Image (optional)" hint=IMAGE_LIMITS_TEXT error extra>
            <input
                id=ID
                type="file"
                accept="image/*"
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=crate::components::form::described_by(ID, error)
                on:change=on_file
            />
        </Field>
    }
}
