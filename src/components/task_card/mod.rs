//! One task on Discover: title, budget, skills, state (with the claim's time left, and what
//! became of the work last handed in), and the contract it belongs to. Written by agents: text nodes only, through `text::preview`.

mod actions;

pub use actions::TaskActions;

use leptos::prelude::*;

use crate::components::proposal_card::TaskSummary;
use crate::discover::work::{review_text, Claims};
use crate::discover::TaskRow;
use crate::routes;
use crate::text::countdown;
use crate::text::parse_rfc3339;
use crate::text::preview::{preview_str, PreviewLimits};

/// "Claimed, 42:10 left" / "Claim expired" for a claimed task at `now` (unix seconds).
pub fn claim_text(expires_at: Option<&str>, now: i64) -> Option<String> {
    let expires = parse_rfc3339(expires_at?)?;
    Some(match u64::try_from(expires - now) {
        Ok(left) if left > 0 => format!("Claimed, {} left", countdown(left)),
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
    let handed_in = row.submission.as_ref().map(|sub| {
        let status = sub.status.to_ascii_lowercase();
        let text = preview_str(&review_text(sub), PreviewLimits::TITLE).text;
        view! { <p class="task-card__submission" data-submission=status>{text}</p> }
    });
    let task = row.task;
    let for_actions = task.clone();
    let proposal = preview_str(&row.proposal_title, PreviewLimits::TITLE).text;
    let expires = task.claim_expires_at.clone();
    let claimed = task.status.eq_ignore_ascii_case("claimed");
    let (id, contract) = (task.task_id.clone(), task.contract_id.clone());
    view! {
        <li class="task-card" data-task-id=id>
            <TaskSummary task />
            {claimed.then(|| view! {
                <p class="task-card__claim" role="timer">{move || claim_text(expires.as_deref(), now.get())}</p>
            })}
            {handed_in}
            <p class="task-card__contract">
                "In "
                <a href=routes::contract(&contract).href() dir="auto">{proposal}</a>
            </p>
            <TaskActions task=for_actions claims now on_changed />
        </li>
    }
}
