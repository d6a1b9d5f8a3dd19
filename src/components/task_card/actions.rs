//! Claim a task, or hand in the work on it, as the signed-in wallet may. One request per
//! click (the button waits); a refusal is said in place and the form keeps what was typed.

use leptos::prelude::*;
use stargate_api::{ClaimRequest, Task};

use crate::api::{self, ApiError};
use crate::auth::Session;
use crate::components::{refusal, ActionButton};
use crate::discover::work::{claim_error_text, holds_claim, submit_error_text, Claims, WorkForm};
use crate::discover::StatusFilter;
use crate::routes;

#[component]
pub fn TaskActions(
    task: Task,
    claims: RwSignal<Claims>,
    #[prop(into)] now: Signal<i64>,
    /// The task changed on the server: load the listing again.
    on_changed: Callback<()>,
) -> impl IntoView {
    let session = Session::use_or_provide();
    let task_id = task.task_id.clone();
    // a memo: the clock ticks every second, the choice (and a half-typed form) must not
    let state = Memo::new(move |_| {
        let now = now.get();
        let wallet = session.wallet();
        if holds_claim(&task, wallet.as_deref(), now)
            || (task.status.eq_ignore_ascii_case("claimed")
                && claims.with(|c| c.live(&task.task_id, now).is_some()))
        {
            Choice::HandIn
        } else if StatusFilter::Open.matches(&task, now) {
            if session.has_key() {
                Choice::Claim
            } else {
                Choice::SignIn
            }
        } else {
            Choice::None
        }
    });
    view! {
        <div class="task-actions">
            {move || match state.get() {
                Choice::HandIn => view! { <SubmitForm task_id=task_id.clone() claims now on_changed /> }.into_any(),
                Choice::Claim => view! { <ClaimButton task_id=task_id.clone() claims on_changed /> }.into_any(),
                Choice::SignIn => view! {
                    <a class="task-actions__sign-in" href=routes::sign_in().href()>"Sign in with your wallet to claim"</a>
                }
                .into_any(),
                Choice::None => ().into_any(),
            }}
        </div>
    }
}

/// What the reader can do with a task.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Claim,
    SignIn,
    HandIn,
    None,
}

#[component]
fn ClaimButton(
    task_id: String,
    claims: RwSignal<Claims>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let claim = Action::new_local(move |task_id: &String| {
        let client = session.authorize_untracked(&client);
        let task_id = task_id.clone();
        async move {
            let receipt = client
                .claim_task(&task_id, &ClaimRequest::default())
                .await?;
            Ok::<_, ApiError>((task_id, receipt))
        }
    });
    Effect::new(move |_| {
        if let Some(Ok((task_id, receipt))) = claim.value().get() {
            claims.update(|c| c.record(&task_id, &receipt.claim_id, &receipt.expires_at));
            on_changed.run(());
        }
    });
    let error = refusal(claim, claim_error_text);
    let press = Callback::new(move |()| {
        claim.dispatch(task_id.clone());
    });
    view! {
        <ActionButton label="Claim" busy_label="Claiming…" busy=claim.pending() error on_press=press />
    }
}

#[component]
fn SubmitForm(
    task_id: String,
    claims: RwSignal<Claims>,
    #[prop(into)] now: Signal<i64>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let notes = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let form = move || WorkForm {
        notes: notes.get(),
        proof_link: link.get(),
    };
    let submit = Action::new_local(move |(task_id, form): &(String, WorkForm)| {
        let client = session.authorize_untracked(&client);
        let wallet = session.wallet().unwrap_or_default();
        let known = claims.with_untracked(|c| {
            c.live(task_id, now.get_untracked())
                .map(|c| c.claim_id.clone())
        });
        let (task_id, body) = (task_id.clone(), form.body(&wallet));
        async move {
            // the claim id is not on the task (SQLite never says it): claiming again as the same
            // wallet gives the running claim back
            let claim_id = match known {
                Some(id) => id,
                None => {
                    client
                        .claim_task(&task_id, &ClaimRequest::default())
                        .await
                        .map_err(|e| submit_error_text(&e))?
                        .claim_id
                }
            };
            client
                .submit_work(&claim_id, &body)
                .await
                .map_err(|e| submit_error_text(&e))
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            on_changed.run(());
        }
    });
    let busy = submit.pending();
    let problems = move || form().problems();
    let show = move |problem: Option<&'static str>| problem.filter(|_| tried.get());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !busy.get_untracked() && problems().is_empty() {
            submit.dispatch((task_id.clone(), form()));
        }
    };
    view! {
        <form class="submit-work" on:submit=on_submit novalidate>
            <p class="note">"You hold this task. Hand in your work before the claim ends."</p>
            <label class="submit-work__field">
                "What you did"
                <textarea rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </label>
            {move || show(problems().notes).map(|text| view! { <p class="field__error">{text}</p> })}
            <label class="submit-work__field">
                "Link to the work (http or https)"
                <input type="url" inputmode="url" prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev)) />
            </label>
            {move || show(problems().proof_link).map(|text| view! { <p class="field__error">{text}</p> })}
            <button class="button button--primary" type="submit" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { "Handing in…" } else { "Hand in" }}
            </button>
            {move || submit.value().get().and_then(Result::err).map(|text| view! { <p class="field__error" role="alert">{text}</p> })}
        </form>
    }
}
