//! The work handed in on an approved contract: the creator's tally, and each task with its
//! newest hand-in (state, who, when, notes as safe markdown, the proof link when it is a web
//! link) and its earlier attempts folded away; Approve, Reject with a reason and Mark
//! reviewed for the wish's creator. Notes and links were written by contributors: text nodes
//! and the safe markdown renderer only.

mod attempt;

use leptos::prelude::*;
use stargate_api::{ReviewRequest, Submission};

use crate::api;
use crate::auth::Session;
use crate::components::form::{described_by, Field};
use crate::components::{refusal, ActionButton};
use crate::contract::work::{review_error_text, Reviewer, Stage, Tally, TaskWork, Verdict};
use crate::routes;
use crate::text::budget_text;
use crate::text::preview::{preview_str, PreviewLimits};

use attempt::Attempt;

/// The creator's tally: how many tasks are where, and the budget they add up to.
#[component]
fn TallyView(#[prop(into)] tally: Signal<Tally>) -> impl IntoView {
    let line = move |label: &'static str, pick: fn(&Tally) -> (usize, i64)| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd>{move || {
                    let (n, sats) = pick(&tally.get());
                    format!("{n} · {}", budget_text(sats))
                }}</dd>
            </div>
        }
    };
    view! {
        <dl class="facts work-tally" data-work-tally="">
            {line("Approved", |t| t.approved)}
            {line("Waiting for review", |t| t.waiting)}
            {line("Claimed", |t| t.claimed)}
            {line("Open", |t| t.open)}
            {line("All tasks", Tally::total)}
        </dl>
    }
}

/// Approve, Reject (with its reason) or Mark reviewed, for the newest hand-in of a task.
#[component]
fn ReviewActions(submission_id: String, on_changed: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let review = Action::new_local(move |(id, body): &(String, ReviewRequest)| {
        let client = session.authorize_untracked(&client);
        let (id, body) = (id.clone(), body.clone());
        async move { client.review_submission(&id, &body).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = review.value().get() {
            on_changed.run(());
        }
    });
    let busy = review.pending();
    let error = refusal(review, review_error_text);
    let id = StoredValue::new(submission_id);
    let press = move |verdict: Verdict| {
        Callback::new(move |()| match verdict.request(&reason.get_untracked()) {
            Err(text) => problem.set(Some(text.to_owned())),
            Ok(body) => {
                problem.set(None);
                review.dispatch((id.get_value(), body));
            }
        })
    };
    let field = format!("reason-{}", id.get_value());
    let problem_signal = Signal::derive(move || problem.get());
    view! {
        <div class="review-actions" role="group" aria-label="Review this work">
            <Field id=field.clone() label="Reason (required to reject; the contributor reads it)" error=problem_signal alert=true>
                <textarea
                    id=field.clone()
                    rows="2"
                    aria-describedby=described_by(field.clone(), problem_signal)
                    bind:value=reason
                ></textarea>
            </Field>
            <div class="review-actions__buttons">
                <ActionButton label="Approve" busy_label="Sending…" busy error=Signal::derive(|| None::<String>) on_press=press(Verdict::Approve) />
                <ActionButton label="Reject" busy_label="Sending…" busy error=Signal::derive(|| None::<String>) on_press=press(Verdict::Reject) small=true />
                <ActionButton label="Mark reviewed" busy_label="Sending…" busy error on_press=press(Verdict::Reviewed) small=true />
            </div>
        </div>
    }
}

/// One task, its newest hand-in and the earlier ones.
#[component]
fn TaskWorkRow(row: TaskWork, can_review: bool, on_changed: Callback<()>) -> impl IntoView {
    let title = preview_str(&row.task.title, PreviewLimits::TITLE).text;
    let stage = Stage::of(&row);
    let (newest, earlier): (Option<Submission>, Vec<Submission>) = {
        let mut all = row.attempts.clone().into_iter();
        (all.next(), all.collect())
    };
    let reviewable = newest
        .as_ref()
        .filter(|s| {
            matches!(
                s.status.to_ascii_lowercase().as_str(),
                "pending_review" | "reviewed"
            )
        })
        .map(|s| s.submission_id.clone())
        .filter(|_| can_review);
    let earlier_count = earlier.len();
    view! {
        <li class="work-row" data-task-id=row.task.task_id.clone() data-stage=format!("{stage:?}").to_ascii_lowercase()>
            <div class="task__head">
                <span class="task__title" dir="auto">{title}</span>
                <span class="badge">{preview_str(&row.task.status, PreviewLimits::TITLE).text}</span>
            </div>
            <p class="task__budget">{budget_text(row.task.budget_sats)}</p>
            {match newest {
                None => view! { <p class="note">"Nothing handed in yet."</p> }.into_any(),
                Some(s) => view! { <Attempt submission=s /> }.into_any(),
            }}
            {reviewable.map(|id| view! { <ReviewActions submission_id=id on_changed /> })}
            {(earlier_count > 0).then(|| view! {
                <details class="work-row__earlier">
                    <summary>{if earlier_count == 1 { "1 earlier attempt".to_owned() } else { format!("{earlier_count} earlier attempts") }}</summary>
                    <ol class="work-row__attempts">
                        {earlier.into_iter().map(|s| view! { <li><Attempt submission=s /></li> }).collect_view()}
                    </ol>
                </details>
            })}
        </li>
    }
}

/// What the page lets this reader do with the work, said plainly.
#[component]
fn ReviewerNote(#[prop(into)] reviewer: Signal<Reviewer>) -> impl IntoView {
    move || {
        match reviewer.get() {
        Reviewer::Creator => view! {
            <p class="note">"You made this wish: approve or reject the work handed in, then build the payment below."</p>
        }
        .into_any(),
        Reviewer::SignIn => view! {
            <p class="note">
                "The wish's creator reviews the work here once "
                <a href=routes::sign_in().href()>"signed in with the wallet that made the wish"</a>
                "."
            </p>
        }
        .into_any(),
        Reviewer::NotCreator { creator } => view! {
            <p class="note">
                "You are signed in with another wallet than the one that made this wish ("
                <span class="mono">{preview_str(&creator, PreviewLimits::ID).text}</span>
                "). This page offers the review and the payment to that wallet only; you can follow the work here."
            </p>
        }
        .into_any(),
        Reviewer::NoCreator => view! {
            <p class="note">"This wish was made without a wallet, so no one can sign in as its creator: this page offers no review or payment for it."</p>
        }
        .into_any(),
        Reviewer::Unknown => view! {
            <p class="note">"The page could not learn which wallet made this wish, so it offers no review or payment."</p>
        }
        .into_any(),
    }
    }
}

#[component]
pub fn WorkReview(
    #[prop(into)] rows: Signal<Vec<TaskWork>>,
    #[prop(into)] reviewer: Signal<Reviewer>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let tally = Signal::derive(move || rows.with(|rows| Tally::of(rows)));
    let creator = Signal::derive(move || reviewer.get() == Reviewer::Creator);
    view! {
        <ReviewerNote reviewer />
        <TallyView tally />
        <ul class="work-list">
            <For
                each=move || rows.get().into_iter().map(move |row| (creator.get(), row))
                key=|(creator, row)| (*creator, row.state_key())
                let:item
            >
                <TaskWorkRow row=item.1 can_review=item.0 on_changed />
            </For>
        </ul>
    }
}
