//! The wish's price: a decimal in BTC or sats (exact satoshis, `wish::price`), the other unit
//! shown below it, and the unit choice (switching converts what was typed).

use leptos::prelude::*;

use super::{text_control, Check};
use crate::components::form::Field;
use crate::wish::{format_btc, format_sats, parse_price, switch_unit, PriceUnit, WishStore};

#[component]
pub(super) fn PriceField(store: WishStore, check: Check) -> impl IntoView {
    let set_unit = move |unit: PriceUnit| {
        let from = store.unit.get_untracked();
        store.price.update(|p| *p = switch_unit(p, from, unit));
        store.unit.set(unit);
    };
    let hint = move || match parse_price(&store.price.get(), store.unit.get()) {
        Ok(sats) => format!("= {} = {}", format_btc(sats), format_sats(sats)),
        Err(_) => "1 BTC = 100,000,000 sats".to_owned(),
    };
    let label = move || format!("Price ({})", store.unit.get().label());
    view! {
        <div class="field-group">
            <Field id="wish-price" label hint error=check.error>
                {text_control("wish-price", store.price, check, false, "decimal")}
            </Field>
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
    }
}
