//! The "make a wish" form: thin view over [`WishStore`] (state, submit) and `wish`
//! (rules). Each field's message sits next to it (`aria-describedby`, `aria-invalid`), shown
//! once the field was left or a submit was tried.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{config, Client};
use crate::auth::Session;
use crate::routes;
use crate::wish::convert::prepare;
use crate::wish::{format_btc, format_sats};
use crate::wish::{
    message_counter, parse_price, switch_unit, FundingMode, PriceUnit, IMAGE_LIMITS_TEXT,
};
use crate::wish::{Phase, WishStore};

fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// One labelled text field with its hint and its error (`aria-describedby` names both while
/// the error shows). Props are type-erased signals so the three fields share one copy of the
/// view code (bundle size).
#[component]
fn TextField(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] hint: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    touched: RwSignal<bool>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] inputmode: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error.with(Option::is_some) {
            true => format!("{hint_id} {error_id}"),
            false => hint_id.clone(),
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let on_input = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let on_blur = move |_: leptos::ev::FocusEvent| touched.set(true);
    let control = if multiline {
        Either::Left(view! {
            <textarea id=id rows="5" aria-required="true" aria-invalid=invalid
                aria-describedby=described prop:value=move || value.get()
                on:input=on_input on:blur=on_blur
            ></textarea>
        })
    } else {
        Either::Right(view! {
            <input id=id type="text" inputmode=inputmode autocomplete="off" spellcheck="false"
                aria-required="true" aria-invalid=invalid aria-describedby=described
                prop:value=move || value.get() on:input=on_input on:blur=on_blur
            />
        })
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            <p id=hint_id class="field__hint">{hint}</p>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field__error">{e}</p> })}
        </div>
    }
}

#[component]
pub fn WishForm() -> impl IntoView {
    let store = WishStore::use_or_provide();
    let session = Session::use_or_provide();
    let config = config();
    let client = Client::new(config.api_base.clone());
    let pending_href = StoredValue::new(routes::pending_block().href());

    let errors = Memo::new(move |_| store.draft().errors());
    let touched_message = RwSignal::new(false);
    let touched_price = RwSignal::new(false);
    let touched_address = RwSignal::new(false);
    let shown = move |touched: RwSignal<bool>| touched.get() || store.show_all_errors.get();
    let message_error = move || {
        errors
            .with(|e| e.message.clone())
            .filter(|_| shown(touched_message))
    };
    let price_error = move || {
        errors
            .with(|e| e.price.clone())
            .filter(|_| shown(touched_price))
    };
    let address_error = move || {
        errors
            .with(|e| e.address.clone())
            .filter(|_| shown(touched_address))
    };
    let sending = move || matches!(store.phase.get(), Phase::Sending { .. });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !store.submit(client.clone(), session) {
            let e = errors.get_untracked();
            let first = [
                (e.message.is_some(), "wish-message"),
                (e.price.is_some(), "wish-price"),
                (e.address.is_some(), "wish-address"),
            ]
            .into_iter()
            .find_map(|(bad, id)| bad.then_some(id));
            if let Some(id) = first {
                focus(id);
            }
        }
    };

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
            let result = prepare(file).await;
            match result {
                Ok(image) => {
                    store.set_image(Some(image));
                }
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

    let set_unit = move |unit: PriceUnit| {
        let from = store.unit.get_untracked();
        store.price.update(|p| *p = switch_unit(p, from, unit));
        store.unit.set(unit);
    };

    let price_hint = move || match parse_price(&store.price.get(), store.unit.get()) {
        Ok(sats) => format!("= {} = {}", format_btc(sats), format_sats(sats)),
        Err(_) => "1 BTC = 100,000,000 sats".to_owned(),
    };

    let form = move || {
        view! {
            <form class="wish-form" novalidate on:submit=on_submit.clone()>
                <TextField id="wish-message" label="Your wish".to_owned() value=store.message
                    hint=Signal::derive(move || message_counter(&store.message.get()))
                    error=Signal::derive(message_error) touched=touched_message multiline=true />

                <div class="field">
                    <label for="wish-image">"Image (optional)"</label>
                    <input
                        id="wish-image"
                        type="file"
                        accept="image/*"
                        aria-invalid=move || store.image_error.get().is_some().to_string()
                        aria-describedby=move || if store.image_error.get().is_some() { "wish-image-hint wish-image-error" } else { "wish-image-hint" }
                        on:change=on_file
                    />
                    <p id="wish-image-hint" class="field__hint">{IMAGE_LIMITS_TEXT}</p>
                    {move || store.image_busy.get().then(|| view! { <p class="field__hint" aria-live="polite">"Preparing the image…"</p> })}
                    {move || store.image_error.get().map(|e| view! { <p id="wish-image-error" class="field__error">{e}</p> })}
                    {move || store.image.get().map(|image| view! {
                        <div class="wish-image">
                            <img class="wish-image__preview" src=image.preview_url alt="Preview of the chosen image" />
                            <p class="field__hint" data-image-summary="">{image.summary}</p>
                            <button class="button" type="button" on:click=move |_| store.set_image(None)>"Remove image"</button>
                        </div>
                    })}
                </div>

                <div class="field-group">
                    <TextField id="wish-price"
                        label=Signal::derive(move || format!("Price ({})", store.unit.get().label()))
                        value=store.price hint=Signal::derive(price_hint)
                        error=Signal::derive(price_error) touched=touched_price inputmode="decimal" />
                    <fieldset class="choices">
                        <legend>"Price unit"</legend>
                        {[PriceUnit::Btc, PriceUnit::Sats].into_iter().map(|unit| view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="wish-unit"
                                    value=unit.label()
                                    prop:checked=move || store.unit.get() == unit
                                    on:change=move |_| set_unit(unit)
                                />
                                {unit.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                </div>

                <fieldset class="field choices choices--stacked">
                    <legend>"Funding mode"</legend>
                    {[FundingMode::Payout, FundingMode::RaiseFund].into_iter().map(|mode| {
                        let hint = format!("wish-funding-{}", mode.as_str());
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="wish-funding"
                                    value=mode.as_str()
                                    aria-describedby=hint.clone()
                                    prop:checked=move || store.funding.get() == mode
                                    on:change=move |_| store.funding.set(mode)
                                />
                                {mode.label()}
                            </label>
                            <p id=hint class="field__hint choice__hint">{mode.explanation()}</p>
                        }
                    }).collect_view()}
                </fieldset>

                <TextField id="wish-address" label="Bitcoin address".to_owned() value=store.address
                    hint="Filled in from your wallet when you sign in with one.".to_owned()
                    error=Signal::derive(address_error) touched=touched_address />

                {move || match store.phase.get() {
                    Phase::Sending { sent, total } => Some({
                        let pct = (total > 0.0).then(|| ((sent / total) * 100.0).round().clamp(0.0, 100.0) as u32);
                        view! {
                            <div class="wish-progress">
                                <label for="wish-progress">"Sending"</label>
                                <progress
                                    id="wish-progress"
                                    role="progressbar"
                                    max="100"
                                    value=pct.map(|p| p.to_string())
                                    aria-valuemin="0"
                                    aria-valuemax="100"
                                    aria-valuenow=pct.map(|p| p.to_string())
                                ></progress>
                            </div>
                        }
                    }),
                    _ => None,
                }}
                {move || store.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button
                    class="button button--primary wish-form__submit"
                    type="submit"
                    disabled=move || sending() || store.image_busy.get()
                    aria-busy=move || sending().to_string()
                >
                    {move || if sending() { "Sending…" } else { "Send the wish" }}
                </button>
            </form>
        }
    };

    // A memo: progress updates do not re-run the branch, so the form stays mounted (and
    // focused) while sending. Either, not `Show`: no type-erased copy of the form (size).
    let sent_id = Memo::new(move |_| match store.phase.get() {
        Phase::Sent { id } => Some(id),
        _ => None,
    });
    move || match sent_id.get() {
        None => {
            // a fresh form (first render or "Make another wish"): no messages until used
            for touched in [touched_message, touched_price, touched_address] {
                touched.set(false);
            }
            Either::Right(form())
        }
        Some(id) => Either::Left(view! {
            <section class="wish-sent" aria-labelledby="wish-sent-title" data-wish-id=id.clone()>
                <h2 id="wish-sent-title" tabindex="-1">"Wish sent"</h2>
                <p>"The server accepted your wish. Its id:"</p>
                <p class="mono wish-sent__id">{id.clone()}</p>
                <p>
                    "It waits in the "
                    <a href=pending_href.get_value()>"pending block"</a>
                    " until it is mined. Agents write proposals for it: "
                    <a href=routes::contract(&id).href()>"follow your wish"</a>
                    " to approve one."
                </p>
                <button class="button button--primary" type="button" on:click=move |_| store.start_another()>
                    "Make another wish"
                </button>
            </section>
        }),
    }
}
