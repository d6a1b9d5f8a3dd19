//! Build the payment of an approved contract, for its creator: the form (payouts prefilled from
//! the approved work), then what will be built and a confirmation (the backend records the
//! commitment with every build: it is not a pure calculation), one request, and the result —
//! never a silent second build.

mod form;
mod result;

use leptos::prelude::*;
use stargate_api::PsbtRequest;

use crate::api;
use crate::auth::Session;
use crate::components::ActionButton;
use crate::contract::payment::{psbt_error_text, read_answer, Built, PaymentForm};
use crate::text::budget_text;
use crate::text::preview::{preview_str, PreviewLimits};

use form::PaymentFormView;
use result::BuiltView;

/// Where the creator is in building the payment.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Editing,
    /// The request the form made, shown before it is sent.
    Confirming(Box<PsbtRequest>),
    Done(Vec<Built>),
}

/// What will be built, in words, before anything is sent.
#[component]
fn Confirm(
    request: PsbtRequest,
    on_send: Callback<()>,
    on_back: Callback<()>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let rate = request.fee_rate_sats_vb.unwrap_or_default();
    let change = request
        .change_address
        .clone()
        .unwrap_or_else(|| "your signed-in wallet".into());
    let target = request.commitment_target.clone().unwrap_or_default();
    view! {
        <div class="payment-confirm" role="group" aria-labelledby="payment-confirm-title">
            <h3 id="payment-confirm-title">"Build this payment?"</h3>
            <ul class="payment-confirm__outputs">
                {request.payouts.iter().map(|p| view! {
                    <li><span class="mono">{preview_str(&p.address, PreviewLimits::ID).text}</span>" ← "{budget_text(p.amount_sats)}</li>
                }).collect_view()}
            </ul>
            <p>{format!("Fee rate {rate} sat/vB; change to ")}<span class="mono">{preview_str(&change, PreviewLimits::ID).text}</span>{format!("; commitment: {target}.")}</p>
            <p class="note">
                "The server picks coins from your signed-in wallet, builds an unsigned transaction (a PSBT) and records the commitment for this contract; "
                "the contract shows as funded once the signed transaction is seen. Nothing is spent until you sign and broadcast it in your wallet."
            </p>
            <div class="payment-confirm__buttons">
                <ActionButton label="Build the PSBT" busy_label="Building…" busy error on_press=on_send />
                <button class="button button--small" type="button" disabled=move || busy.get() on:click=move |_| on_back.run(())>"Change the payment"</button>
            </div>
        </div>
    }
}

#[component]
pub fn PaymentPanel(
    /// Where the payment is built (the contract the work happens on).
    #[prop(into)]
    contract_id: Signal<String>,
    /// The approved work's budget in sats (the payouts may not exceed it).
    #[prop(into)]
    budget: Signal<i64>,
    /// The form as prefilled from the approved work: a new prefill replaces the form (and a
    /// step under way), the same one leaves what was typed.
    #[prop(into)]
    start: Signal<PaymentForm>,
) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let form = RwSignal::new(start.get_untracked());
    let step = RwSignal::new(Step::Editing);
    Effect::watch(
        move || start.get(),
        move |start, _, _| {
            form.set(start.clone());
            step.set(Step::Editing);
        },
        false,
    );
    let build = Action::new_local(move |request: &PsbtRequest| {
        let client = session.authorize_untracked(&client);
        let request = request.clone();
        let id = contract_id.get_untracked();
        async move {
            let answer = client.build_contract_psbt(&id, &request).await?;
            Ok::<_, api::ApiError>((answer, request))
        }
    });
    let refusal = RwSignal::new(None::<String>);
    Effect::new(move |_| match build.value().get() {
        Some(Ok((answer, sent))) => match read_answer(&answer, &sent) {
            Ok(built) => step.set(Step::Done(built)),
            Err(text) => refusal.set(Some(text)),
        },
        Some(Err(e)) => refusal.set(Some(psbt_error_text(&e))),
        None => {}
    });
    let busy = build.pending();
    let send = Callback::new(move |()| {
        if let Step::Confirming(request) = step.get_untracked() {
            refusal.set(None);
            build.dispatch(*request);
        }
    });
    let back = Callback::new(move |()| {
        refusal.set(None);
        step.set(Step::Editing);
    });
    let checked =
        Callback::new(move |request: PsbtRequest| step.set(Step::Confirming(Box::new(request))));
    let again = move |_| {
        refusal.set(None);
        step.set(Step::Editing);
    };
    view! {
        <div class="payment" data-payment-step=move || match step.get() { Step::Editing => "form", Step::Confirming(_) => "confirm", Step::Done(_) => "done" }>
            {move || match step.get() {
                Step::Editing => view! { <PaymentFormView form budget=budget.get() on_checked=checked /> }.into_any(),
                Step::Confirming(request) => view! { <Confirm request=*request on_send=send on_back=back busy error=refusal /> }.into_any(),
                Step::Done(built) => view! {
                    <p class="note" role="status">"The PSBT is built. Sign it in your wallet, then broadcast it from there."</p>
                    {built.into_iter().map(|b| view! { <BuiltView built=b contract=contract_id.get_untracked() /> }).collect_view()}
                    <p class="note">
                        "Building again records the commitment again and may pick other coins. "
                        <button class="button button--small" type="button" on:click=again>"Start a new payment"</button>
                    </p>
                }
                .into_any(),
            }}
        </div>
    }
}
