//! The "make a wish" form: thin view over [`WishStore`] (state, submit) and `wish`
//! (rules). Each field's message sits next to it (`aria-describedby`, `aria-invalid`), shown
//! once the field was left or a submit was tried. The image field, the price field and the
//! submit state (progress, refusal, the button, the confirmation) have a file each.

mod image;
mod price;
mod submit;

use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{config, Client};
use crate::auth::Session;
use crate::components::form::{described_by, Field};
use crate::wish::{message_counter, FieldErrors, FundingMode, WishStore};
use image::ImageField;
use price::PriceField;
use submit::{SubmitState, WishSent};

fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A field's message and whether the user left it: shown once they did or a submit was tried.
#[derive(Clone, Copy)]
struct Check {
    error: Signal<Option<String>>,
    touched: RwSignal<bool>,
}

impl Check {
    fn new(
        store: WishStore,
        errors: Memo<FieldErrors>,
        pick: fn(&FieldErrors) -> Option<String>,
    ) -> Self {
        let touched = RwSignal::new(false);
        let error = Signal::derive(move || {
            errors
                .with(pick)
                .filter(|_| touched.get() || store.show_all_errors.get())
        });
        Self { error, touched }
    }
}

/// The text control of a wish field: required, its message and hint named while shown.
fn text_control(
    id: &'static str,
    value: RwSignal<String>,
    check: Check,
    multiline: bool,
    inputmode: &'static str,
) -> impl IntoView {
    let invalid = move || check.error.with(Option::is_some).to_string();
    let described = described_by(id, check.error);
    let on_input = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let on_blur = move |_: leptos::ev::FocusEvent| check.touched.set(true);
    if multiline {
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
    }
}

#[component]
pub fn WishForm() -> impl IntoView {
    let store = WishStore::use_or_provide();
    let session = Session::use_or_provide();
    let client = Client::new(config().api_base);

    let errors = Memo::new(move |_| store.draft().errors());
    let message = Check::new(store, errors, |e| e.message.clone());
    let price = Check::new(store, errors, |e| e.price.clone());
    let address = Check::new(store, errors, |e| e.address.clone());

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

    let form = move || {
        view! {
            <form class="wish-form" novalidate on:submit=on_submit.clone()>
                <Field id="wish-message" label="Your wish" error=message.error
                    hint=move || message_counter(&store.message.get())>
                    {text_control("wish-message", store.message, message, true, "")}
                </Field>
                <ImageField store />
                <PriceField store check=price />
                <FundingChoice store />
                <Field id="wish-address" label="Bitcoin address" error=address.error
                    hint="Filled in from your wallet when you sign in with one.">
                    {text_control("wish-address", store.address, address, false, "")}
                </Field>
                <SubmitState store />
            </form>
        }
    };

    // A memo: progress updates do not re-run the branch, so the form stays mounted (and
    // focused) while sending. Either, not `Show`: no type-erased copy of the form (size).
    let sent_id = Memo::new(move |_| match store.phase.get() {
        crate::wish::Phase::Sent { id } => Some(id),
        _ => None,
    });
    move || match sent_id.get() {
        None => {
            // a fresh form (first render or "Make another wish"): no messages until used
            for check in [message, price, address] {
                check.touched.set(false);
            }
            Either::Right(form())
        }
        Some(id) => Either::Left(view! { <WishSent store id /> }),
    }
}

/// Payout or raise a fund, each with its explanation.
#[component]
fn FundingChoice(store: WishStore) -> impl IntoView {
    view! {
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
    }
}
