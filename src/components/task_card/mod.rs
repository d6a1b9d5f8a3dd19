//! One task on Discover: title, budget, skills, state (with the claim's time left), and the
//! contract it belongs to. Written by agents: text nodes only, through `text::preview`.

mod actions;

pub use actions::{holds_claim, TaskActions};

use leptos::prelude::*;

use crate::auth::challenge::countdown_text;
use crate::components::proposal_card::{budget_text, TITLE};
use crate::discover::work::Claims;
use crate::discover::TaskRow;
use crate::routes;
use crate::text::parse_rfc3339;
use crate::text::preview::preview_str;

/// "Claimed, 42:10 left" / "Claim expired" for a claimed task at `now` (unix seconds).
pub fn claim_text(expires_at: Option<&str>, now: i64) -> Option<String> {
    let expires = parse_rfc3339(expires_at?)?;
    Some(match u64::try_from(expires - now) {
        Ok(left) if left > 0 => format!("Claimed, {} left", countdown_text(left)),
        _ => "Claim expired: open again".to_owned(),
    })
}

#[component]
pub fn TaskCard(
    row: TaskRow,
    #[prop(into)] now: Signal<i64>,
    claims: RwSignal<Claims>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let task = row.task;
    let for_actions = task.clone();
    let title = preview_str(&task.title, TITLE).text;
    let skills: Vec<String> = task
        .skills_required
        .iter()
        .flatten()
        .map(|s| preview_str(s, TITLE).text)
        .filter(|s| !s.trim().is_empty())
        .collect();
    let status = preview_str(&task.status, TITLE).text;
    let proposal = preview_str(&row.proposal_title, TITLE).text;
    let expires = task.claim_expires_at.clone();
    let claimed = task.status.eq_ignore_ascii_case("claimed");
    view! {
        <li class="task-card" data-task-id=task.task_id.clone()>
            <div class="task__head">
                <span class="task__title" dir="auto">{title}</span>
                <span class="badge">{status}</span>
            </div>
            <p class="task__budget">{budget_text(task.budget_sats)}</p>
            {claimed.then(|| view! {
                <p class="task-card__claim" role="timer">{move || claim_text(expires.as_deref(), now.get())}</p>
            })}
            {(!skills.is_empty()).then(|| view! {
                <ul class="task__skills" aria-label="Skills">
                    {skills.into_iter().map(|s| view! { <li class="chip">{s}</li> }).collect_view()}
                </ul>
            })}
            <p class="task-card__contract">
                "In "
                <a href=routes::contract(&task.contract_id).href() dir="auto">{proposal}</a>
            </p>
            <TaskActions task=for_actions claims now on_changed />
        </li>
    }
}
