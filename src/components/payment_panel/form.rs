//! The payment form: one line per payout (address and sats, removable; one more on demand),
//! the fee rate, the change address and the commitment. Checked on "Check the payment"
//! (`contract::payment`): the problems show under their fields and nothing is sent.

use leptos::prelude::*;
use stargate_api::PsbtRequest;

use crate::components::form::{described_by, Field, FormError};
use crate::contract::payment::{Commitment, PaymentForm, PaymentProblems, PayoutLine};
use crate::text::budget_text;
use crate::text::preview::{preview_str, PreviewLimits};

/// One payout line's inputs.
#[component]
fn PayoutRow(
    index: usize,
    form: RwSignal<PaymentForm>,
    problems: Signal<PaymentProblems>,
) -> impl IntoView {
    let get = move |pick: fn(&PayoutLine) -> String| {
        move || form.with(|f| f.payouts.get(index).map(pick).unwrap_or_default())
    };
    let set = move |apply: fn(&mut PayoutLine, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            form.update(|f| {
                if let Some(line) = f.payouts.get_mut(index) {
                    apply(line, value);
                }
            });
        }
    };
    let address_error =
        Signal::derive(move || problems.with(|p| p.payouts.get(index).and_then(|l| l.0.clone())));
    let amount_error =
        Signal::derive(move || problems.with(|p| p.payouts.get(index).and_then(|l| l.1.clone())));
    let label = form.with_untracked(|f| {
        f.payouts
            .get(index)
            .map(|l| l.label.clone())
            .unwrap_or_default()
    });
    let (address_id, amount_id) = (
        format!("payout-{index}-address"),
        format!("payout-{index}-amount"),
    );
    let title = if label.trim().is_empty() {
        format!("Payout {}", index + 1)
    } else {
        format!(
            "Payout {}: {}",
            index + 1,
            preview_str(&label, PreviewLimits::TITLE).text
        )
    };
    view! {
        <fieldset class="payout" data-payout=index>
            <legend dir="auto">{title}</legend>
            <Field id=address_id.clone() label="Pay to (testnet address)" error=address_error>
                <input id=address_id.clone() class="mono" autocomplete="off" spellcheck="false"
                    aria-describedby=described_by(address_id.clone(), address_error)
                    prop:value=get(|l| l.address.clone()) on:input=set(|l, v| l.address = v) />
            </Field>
            <Field id=amount_id.clone() label="Amount (sats)" error=amount_error>
                <input id=amount_id.clone() inputmode="numeric" autocomplete="off"
                    aria-describedby=described_by(amount_id.clone(), amount_error)
                    prop:value=get(|l| l.amount.clone()) on:input=set(|l, v| l.amount = v) />
            </Field>
            <button class="button button--small" type="button" on:click=move |_| form.update(|f| {
                if index < f.payouts.len() {
                    f.payouts.remove(index);
                }
            })>"Remove this payout"</button>
        </fieldset>
    }
}

#[component]
pub fn PaymentFormView(
    form: RwSignal<PaymentForm>,
    /// The contract's budget in sats.
    budget: i64,
    /// Called with the request once the form has no problem.
    on_checked: Callback<PsbtRequest>,
) -> impl IntoView {
    let tried = RwSignal::new(false);
    let problems = Signal::derive(move || {
        if tried.get() {
            form.with(|f| f.problems(budget))
        } else {
            PaymentProblems::default()
        }
    });
    let count = Memo::new(move |_| form.with(|f| f.payouts.len()));
    let fee_error = Signal::derive(move || problems.with(|p| p.fee_rate.clone()));
    let change_error = Signal::derive(move || problems.with(|p| p.change_address.clone()));
    let total_error = Signal::derive(move || problems.with(|p| p.total.clone()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if let Ok(request) = form.with_untracked(|f| f.request(budget)) {
            on_checked.run(request);
        }
    };
    let commitment = move |c: Commitment| {
        view! {
            <label class="choice">
                <input type="radio" name="payment-commitment" value=c.value()
                    prop:checked=move || form.with(|f| f.commitment == c)
                    on:change=move |_| form.update(|f| f.commitment = c) />
                {c.label()}
            </label>
        }
    };
    view! {
        <form class="payment-form" on:submit=on_submit novalidate>
            <p class="note">{format!("The approved work is budgeted at {}. The payouts are prefilled from it; change them as you need, up to that sum.", budget_text(budget))}</p>
            {move || (0..count.get()).map(|index| view! { <PayoutRow index form problems /> }).collect_view()}
            <button class="button button--small" type="button" on:click=move |_| form.update(|f| f.payouts.push(PayoutLine::default()))>"Add a payout"</button>
            <p class="payment-form__total">{move || format!("Payouts total: {}", budget_text(form.with(PaymentForm::total)))}</p>
            <Field id="payment-fee-rate" label="Fee rate (sat/vB)" hint="At least 1 sat/vB; the network's current rate confirms faster." error=fee_error>
                <input id="payment-fee-rate" inputmode="numeric" autocomplete="off"
                    aria-describedby=described_by("payment-fee-rate", fee_error)
                    prop:value=move || form.with(|f| f.fee_rate.clone())
                    on:input=move |ev| form.update(|f| f.fee_rate = event_target_value(&ev)) />
            </Field>
            <Field id="payment-change" label="Change address" hint="Defaults to your signed-in wallet." error=change_error>
                <input id="payment-change" class="mono" autocomplete="off" spellcheck="false"
                    aria-describedby=described_by("payment-change", change_error)
                    prop:value=move || form.with(|f| f.change_address.clone())
                    on:input=move |ev| form.update(|f| f.change_address = event_target_value(&ev)) />
            </Field>
            <fieldset class="payment-form__commitment">
                <legend>"Commitment"</legend>
                {Commitment::ALL.into_iter().map(commitment).collect_view()}
            </fieldset>
            <FormError error=total_error />
            <button class="button button--primary" type="submit">"Check the payment"</button>
        </form>
    }
}
