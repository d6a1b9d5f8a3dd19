//! The activity feed: the backend's contract events (`GET /api/smart_contract/events`, newest
//! first) in words, each linked to the contract page it concerns where the tab can tell.
//!
//! An event names one entity, and which kind depends on its type: a proposal or a contract
//! for the proposal events, a *task* for `claim`, a *claim* for `submit`, a *submission* for
//! `review` and `rework`. Tasks, claims and submissions have no page of their own; they lead
//! to their task's contract through the Discover listing (its tasks and the submissions that
//! name their claims) and the claims this tab made.

use std::collections::HashMap;

use stargate_api::{ContractEvent, ListEventsQuery};

use super::work::Claims;
use super::TaskRow;
use crate::text::parse_rfc3339;

/// Events asked for per poll (the backend keeps its last 200).
pub const FEED_LENGTH: i64 = 20;

/// The feed's request: the newest [`FEED_LENGTH`] events.
pub fn feed_query() -> ListEventsQuery {
    ListEventsQuery {
        limit: Some(FEED_LENGTH),
        ..Default::default()
    }
}

/// Where the entities the listing knows about belong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityIndex {
    /// Task id → (its title, its contract id).
    tasks: HashMap<String, (String, String)>,
    /// Claim id → task id.
    claims: HashMap<String, String>,
    /// Submission id → task id.
    submissions: HashMap<String, String>,
}

impl EntityIndex {
    pub fn new(rows: &[TaskRow], tab_claims: &Claims) -> Self {
        let mut index = EntityIndex::default();
        for row in rows {
            let task = &row.task;
            index.tasks.insert(
                task.task_id.clone(),
                (task.title.clone(), task.contract_id.clone()),
            );
            if let Some(sub) = &row.submission {
                index
                    .claims
                    .insert(sub.claim_id.clone(), task.task_id.clone());
                index
                    .submissions
                    .insert(sub.submission_id.clone(), task.task_id.clone());
            }
        }
        for (task_id, claim) in tab_claims.iter() {
            index
                .claims
                .insert(claim.claim_id.clone(), task_id.to_owned());
        }
        index
    }

    /// The task an event is about, if its entity leads to one.
    fn task_of(&self, kind: EventKind, entity: &str) -> Option<&(String, String)> {
        let task_id = match kind.entity {
            Entity::Task => entity,
            Entity::Claim => self.claims.get(entity)?,
            Entity::Submission => self.submissions.get(entity)?,
            Entity::Contract | Entity::Other => return None,
        };
        self.tasks.get(task_id)
    }
}

/// What an event's `entity_id` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entity {
    /// A proposal or a contract: both open the contract page.
    Contract,
    Task,
    Claim,
    Submission,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct EventKind {
    what: &'static str,
    entity: Entity,
}

fn kind(event_type: &str) -> EventKind {
    let (what, entity) = match event_type.to_ascii_lowercase().as_str() {
        "proposal_create" => ("Proposal written", Entity::Contract),
        "update" => ("Proposal changed", Entity::Contract),
        "approve" => ("Proposal approved", Entity::Contract),
        "publish" => ("Tasks published", Entity::Contract),
        "stego_publish" => ("Published on chain", Entity::Contract),
        "contract_upsert" => ("Contract updated", Entity::Contract),
        "claim" => ("Task claimed", Entity::Task),
        "submit" => ("Work handed in", Entity::Claim),
        "review" => ("Work reviewed", Entity::Submission),
        "rework" => ("Work handed in again", Entity::Submission),
        _ => ("Event", Entity::Other),
    };
    EventKind { what, entity }
}

/// One line of the feed. Every string but `what` comes from the event or a task: show as text.
/// A list keys lines by the whole item, so a line is drawn again when the listing arrives
/// and gives it a link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ActivityItem {
    /// Unique within one feed (events have no id): the event's fields and its repeat count.
    pub key: String,
    /// What happened, in words ("Task claimed"); an unknown type shows as itself.
    pub what: String,
    /// The task's title where the event leads to one, else the backend's message.
    pub subject: String,
    /// Who: a wallet, or a role word such as `system` or `reviewer`.
    pub actor: String,
    /// Unix seconds, when the time parses.
    pub at: Option<i64>,
    /// The contract page to open, when the tab can tell which.
    pub contract_id: Option<String>,
}

/// The feed's lines, in the order given (the backend sends newest first).
pub fn activity_items(events: &[ContractEvent], index: &EntityIndex) -> Vec<ActivityItem> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    events
        .iter()
        .map(|event| {
            let base = format!(
                "{}|{}|{}|{}|{}",
                event.created_at, event.type_, event.entity_id, event.actor, event.message
            );
            let repeat = seen.entry(base.clone()).or_default();
            *repeat += 1;
            describe(event, index, format!("{base}|{repeat}"))
        })
        .collect()
}

fn describe(event: &ContractEvent, index: &EntityIndex, key: String) -> ActivityItem {
    let kind = kind(&event.type_);
    let task = index.task_of(kind, &event.entity_id);
    let contract_id = match kind.entity {
        Entity::Contract if !event.entity_id.trim().is_empty() => Some(event.entity_id.clone()),
        _ => task.map(|(_, contract)| contract.clone()),
    };
    ActivityItem {
        key,
        what: match kind.entity {
            Entity::Other => event.type_.clone(),
            _ => kind.what.to_owned(),
        },
        subject: task
            .map(|(title, _)| title.clone())
            .unwrap_or_else(|| event.message.clone()),
        actor: event.actor.clone(),
        at: parse_rfc3339(&event.created_at),
        contract_id,
    }
}
