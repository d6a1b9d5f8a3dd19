//! One proposal of a contract: title, status, budget, its tasks (budget, skills, status) and
//! its markdown plan, with Approve for the wish's creator. Everything in it was written by
//! an agent: text nodes only, the plan through the safe markdown renderer.

use leptos::prelude::*;
use stargate_api::{Proposal, Task};

use crate::api;
use crate::auth::Session;
use crate::components::{refusal, ActionButton, CopyButton, FoldedMarkdown, WhenText};
use crate::contract::{action_error_text, Approval};
use crate::routes;
use crate::text::budget_text;
use crate::text::preview::{preview_str, PreviewLimits};

/// A task's title, state, budget and skills (written by agents: text nodes only). Shared by
/// the proposal's task list and Discover's task cards.
#[component]
pub fn TaskSummary(task: Task) -> impl IntoView {
    let title = preview_str(&task.title, PreviewLimits::TITLE).text;
    let skills: Vec<String> = task
        .skills_required
        .iter()
        .flatten()
        .map(|s| preview_str(s, PreviewLimits::TITLE).text)
        .filter(|s| !s.trim().is_empty())
        .collect();
    let status = preview_str(&task.status, PreviewLimits::TITLE).text;
    view! {
        <div class="task__head">
            <span class="task__title" dir="auto">{title}</span>
            <span class="badge">{status}</span>
        </div>
        <p class="task__budget">{budget_text(task.budget_sats)}</p>
        {(!skills.is_empty()).then(|| view! {
            <ul class="task__skills" aria-label="Skills">
                {skills.into_iter().map(|s| view! { <li class="chip">{s}</li> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn TaskItem(task: Task) -> impl IntoView {
    let id = task.task_id.clone();
    let description = task.description.clone();
    view! {
        <li class="task" data-task-id=id>
            <TaskSummary task />
            {(!description.trim().is_empty()).then(|| view! {
                <FoldedMarkdown class="task__details" summary="Details" source=description.clone() />
            })}
        </li>
    }
}

/// Approve, or why not, for one proposal.
#[component]
fn ApproveAction(proposal_id: String, approval: Approval, on_done: Callback<()>) -> impl IntoView {
    let session = Session::use_or_provide();
    let client = api::client();
    let approve = Action::new_local(move |id: &String| {
        let client = session.authorize_untracked(&client);
        let id = id.clone();
        async move { client.approve_proposal(&id).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = approve.value().get() {
            on_done.run(());
        }
    });
    let error = refusal(approve, action_error_text);
    let press = Callback::new(move |()| {
        approve.dispatch(proposal_id.clone());
    });
    match approval {
        Approval::None => ().into_any(),
        Approval::SignIn => view! {
            <p class="note">
                <a href=routes::sign_in().href()>"Sign in"</a>
                " as the wish's creator to approve this proposal."
            </p>
        }
        .into_any(),
        Approval::NoCreator => view! {
            <p class="note">"This wish was made without a wallet: only the backend's donation address can approve its proposals."</p>
        }
        .into_any(),
        Approval::NotCreator { creator } => view! {
            <p class="note">
                "Only the wish's creator ("
                <span class="mono">{preview_str(&creator, PreviewLimits::TITLE).text}</span>
                ") can approve proposals."
            </p>
        }
        .into_any(),
        Approval::Allowed => view! {
            <div class="proposal__action">
                <ActionButton label="Approve" busy_label="Approving…" busy=approve.pending() error on_press=press />
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn ProposalCard(
    proposal: Proposal,
    approval: Approval,
    /// The proposal is the wish itself (the backend files every wish as a proposal too).
    is_wish: bool,
    /// Called after a change on the server (the page loads again).
    on_changed: Callback<()>,
) -> impl IntoView {
    let title = preview_str(&proposal.title, PreviewLimits::TITLE).text;
    let status = preview_str(&proposal.status, PreviewLimits::TITLE).text;
    let tasks = proposal.tasks.clone();
    let count = tasks.len();
    view! {
        <article class="proposal" data-proposal-id=proposal.id.clone() data-status=proposal.status.clone()>
            <header class="proposal__head">
                <h3 class="proposal__title" dir="auto">{if title.trim().is_empty() { "(untitled)".to_owned() } else { title }}</h3>
                <span class="badge" data-proposal-status="">{status}</span>
                {is_wish.then(|| view! { <span class="badge badge--muted">"the wish as written"</span> })}
            </header>
            <p class="proposal__meta">
                <span class="proposal__budget">{budget_text(proposal.budget_sats)}</span>
                " · "
                <span><WhenText text=proposal.created_at.clone() /></span>
                " · "
                <span class="mono">{preview_str(&proposal.id, PreviewLimits::TITLE).text}</span>
                " "
                <CopyButton text=proposal.id.clone() label="Copy proposal id" />
            </p>
            <ApproveAction proposal_id=proposal.id.clone() approval on_done=on_changed />
            <h4 class="proposal__subtitle">{format!("Tasks ({count})")}</h4>
            {if tasks.is_empty() {
                view! { <p class="empty-state">"No tasks yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="task-list">
                        {tasks.into_iter().map(|task| view! { <TaskItem task /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <FoldedMarkdown class="proposal__plan" summary="Plan" source=proposal.description_md.clone() />
        </article>
    }
}
