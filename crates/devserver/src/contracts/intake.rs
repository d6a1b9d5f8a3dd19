//! The proposals API above the store: creating a proposal (the backend's manual path and its
//! ingestion path, `BuildProposalFromIngestion`) and the public listing. No HTTP here: the
//! handlers decode the request and answer what these functions return.

use serde_json::{Map, Value};
use stargate_api::{
    Proposal, ProposalCreateRequest, ProposalCreated, ProposalList, ProposalTaskInput, Task,
};

use super::market::Market;
use super::plan::{self, DEFAULT_BUDGET_SATS};
use super::proposal_writes::{meta_str, wish_missing};
use super::proposals::{looks_like_manifest, ProposalFilter};
use super::store::{contract_exists, record_event};
use crate::compat::{nonzero_or, Outcome, Refused};

/// `POST /api/smart_contract/proposals` after the body is decoded: the ingestion path when an
/// `ingestion_id` is sent, else the manual path.
pub fn create(
    s: &Market,
    body: ProposalCreateRequest,
    wallet: Option<&str>,
    now: i64,
    nanos: u128,
) -> Outcome<ProposalCreated> {
    if body.ingestion_id.as_deref().is_some_and(|i| !i.is_empty()) {
        create_from_ingestion(s, body, wallet, now)
    } else {
        create_manual(s, body, wallet, now, nanos)
    }
}

fn hidden(p: &Proposal) -> bool {
    looks_like_manifest(&p.description_md) || p.status.trim().eq_ignore_ascii_case("rejected")
}

/// The public list: the store is asked twice (all matches for `total`, then the page), rejected
/// and manifest proposals hidden unless `include`, tasks overlaid by id with their stored state,
/// and the submissions of the page's tasks.
pub fn proposal_page(
    s: &Market,
    filter: ProposalFilter,
    include: bool,
    limit: i64,
    offset: i64,
) -> Outcome<ProposalList> {
    let keep = |v: Vec<Proposal>| -> Vec<Proposal> {
        if include {
            v
        } else {
            v.into_iter().filter(|p| !hidden(p)).collect()
        }
    };
    let total = keep(s.proposals(&filter)?).len() as i64;
    let mut page = keep(s.proposals(&ProposalFilter {
        limit,
        offset,
        ..filter
    })?);
    let ids: Vec<String> = page
        .iter()
        .flat_map(|p| p.tasks.iter().map(|t| t.task_id.clone()))
        .collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (live, submissions) = s.tasks_and_submissions(&id_refs)?;
    for t in page.iter_mut().flat_map(|p| p.tasks.iter_mut()) {
        if let Some(l) = live.iter().find(|l| l.task_id == t.task_id) {
            *t = l.clone();
        }
    }
    let has_more = offset + (page.len() as i64) < total;
    Ok(ProposalList {
        has_more,
        limit,
        offset,
        // `[]` after the hiding filter; the store's nil (`null`) when it is skipped.
        proposals: (!(include && page.is_empty())).then_some(page),
        submissions,
        total,
    })
}

/// A task as sent: every missing field empty (Go's zero values).
fn task_of(t: ProposalTaskInput) -> Task {
    Task {
        task_id: t.task_id.unwrap_or_default(),
        contract_id: t.contract_id.unwrap_or_default(),
        goal_id: t.goal_id.unwrap_or_default(),
        title: t.title.unwrap_or_default(),
        description: t.description.unwrap_or_default(),
        budget_sats: t.budget_sats.unwrap_or_default(),
        skills_required: t.skills_required,
        status: t.status.unwrap_or_default(),
        claimed_by: None,
        claimed_at: None,
        claim_expires_at: None,
        active_claim_id: None,
        contractor_wallet: None,
        difficulty: t.difficulty.filter(|d| !d.is_empty()),
        estimated_hours: t.estimated_hours.filter(|h| *h != 0),
        requirements: t.requirements,
        merkle_proof: None,
    }
}

/// `applyCreatorWallet`: a wallet-bound key sets `creator_wallet` when it is absent.
fn apply_creator_wallet(meta: &mut Map<String, Value>, wallet: Option<&str>) {
    if meta.get("creator_wallet").is_some_and(Value::is_string) {
        return;
    }
    if let Some(w) = wallet.map(str::trim).filter(|w| !w.is_empty()) {
        meta.insert("creator_wallet".into(), w.into());
    }
}

/// The manual path: a title, and a wish named by `visible_pixel_hash` (or `contract_id`, equal).
fn create_manual(
    s: &Market,
    body: ProposalCreateRequest,
    wallet: Option<&str>,
    now: i64,
    nanos: u128,
) -> Outcome<ProposalCreated> {
    let bad = |m: &str| Refused::new(400, m);
    let title = body.title.unwrap_or_default();
    if title.trim().is_empty() {
        return Err(bad("title is required"));
    }
    let id = nonzero_or(body.id, || format!("proposal-{nanos}"));
    let status = nonzero_or(body.status, || "pending".into());
    let budget = nonzero_or(body.budget_sats, || DEFAULT_BUDGET_SATS);
    let mut meta = body.metadata.unwrap_or_default();
    apply_creator_wallet(&mut meta, wallet);
    let body_contract = body.contract_id.unwrap_or_default();
    if !body_contract.is_empty() {
        meta.insert("contract_id".into(), body_contract.clone().into());
    }
    let body_hash = body.visible_pixel_hash.unwrap_or_default();
    if !body_hash.trim().is_empty() {
        meta.insert("visible_pixel_hash".into(), body_hash.clone().into());
    }
    let trimmed = |k: &str| meta_str(&meta, k).trim().to_string();
    let mut contract_id = nonzero_or(Some(body_contract.trim().into()), || trimmed("contract_id"));
    let visible = nonzero_or(Some(body_hash.trim().into()), || {
        trimmed("visible_pixel_hash")
    });
    if visible.is_empty() {
        return Err(bad("visible_pixel_hash is required for proposal creation"));
    }
    if contract_id.is_empty() {
        contract_id = visible.clone();
        meta.insert("contract_id".into(), contract_id.clone().into());
    }
    if contract_id != visible {
        return Err(bad(
            "contract_id must match visible_pixel_hash for wish proposals",
        ));
    }
    if !contract_exists(&s.conn(), &format!("wish-{visible}"))? {
        return Err(Refused::new(404, "wish not found for visible_pixel_hash"));
    }
    let mut tasks: Vec<Task> = body
        .tasks
        .unwrap_or_default()
        .into_iter()
        .map(task_of)
        .collect();
    fill_task_defaults(&mut tasks, &id);
    let count = tasks.len() as i64;
    let p = Proposal {
        id,
        title,
        description_md: body.description_md.unwrap_or_default(),
        visible_pixel_hash: Some(visible),
        budget_sats: budget,
        status,
        created_at: String::new(),
        tasks,
        metadata: meta,
    };
    let p = s.create_proposal(p, now)?;
    let msg = format!("proposal created with {count} tasks");
    record_event(&s.conn(), "proposal_create", &p.id, "creator", &msg, now)?;
    Ok(ProposalCreated {
        proposal_id: p.id,
        status: p.status,
        budget_sats: Some(budget),
        tasks: Some(count),
        message: None,
    })
}

/// The ingestion path (`BuildProposalFromIngestion`): the wish's message, budget and markdown
/// tasks by default; `contract_id` must be sent (the backend's rule, or 400).
fn create_from_ingestion(
    s: &Market,
    body: ProposalCreateRequest,
    wallet: Option<&str>,
    now: i64,
) -> Outcome<ProposalCreated> {
    let ingestion = body.ingestion_id.clone().unwrap_or_default();
    let mut meta = s
        .ingestion(&ingestion)?
        .ok_or_else(|| Refused::new(404, "ingestion not found"))?;
    meta.insert("ingestion_id".into(), ingestion.clone().into());
    if let Some(c) = body.contract_id.as_ref().filter(|c| !c.is_empty()) {
        meta.insert("contract_id".into(), c.clone().into());
    }
    let em = meta_str(&meta, "embedded_message");
    let id = nonzero_or(body.id, || format!("proposal-{ingestion}"));
    let title = body
        .title
        .filter(|t| !t.trim().is_empty())
        .or_else(|| em.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| format!("Proposal {ingestion}"));
    let description = nonzero_or(body.description_md, || em.clone());
    let budget = nonzero_or(body.budget_sats, || ingestion_budget(&meta));
    // The backend hashes the stego image; the devserver's wish id stands in for that hash.
    let visible = nonzero_or(body.visible_pixel_hash, || ingestion.clone());
    meta.entry("visible_pixel_hash")
        .or_insert_with(|| visible.clone().into());
    let tasks = ingestion_tasks(body.tasks.unwrap_or_default(), &id, &meta, &visible, budget);
    // `requireWishForProposalCreation`.
    if let Some(msg) = wish_missing(&s.conn(), &visible)? {
        return Err(Refused::new(400, msg));
    }
    let has = |k: &str| !meta_str(&meta, k).trim().is_empty();
    if !has("contract_id") || !has("visible_pixel_hash") {
        return Err(Refused::new(400, "contract_id and visible_pixel_hash are required for proposal creation so the UI can display it; set both to the same 64-char hash if needed"));
    }
    apply_creator_wallet(&mut meta, wallet);
    let p = Proposal {
        id,
        title,
        description_md: description,
        visible_pixel_hash: Some(visible),
        budget_sats: budget,
        status: nonzero_or(body.status, || "pending".into()),
        created_at: String::new(),
        tasks,
        metadata: meta,
    };
    let p = s.create_proposal(p, now)?;
    let msg = "proposal created from ingestion";
    record_event(&s.conn(), "proposal_create", &p.id, "creator", msg, now)?;
    Ok(ProposalCreated {
        proposal_id: p.id,
        status: p.status,
        budget_sats: None,
        tasks: None,
        message: Some("proposal created from pending ingestion".into()),
    })
}

/// The budget an ingestion gives a proposal: `metadata.budget_sats` when positive, else the
/// default.
fn ingestion_budget(meta: &Map<String, Value>) -> i64 {
    meta.get("budget_sats")
        .and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .filter(|b| *b > 0)
        .unwrap_or(DEFAULT_BUDGET_SATS)
}

/// The tasks of an ingestion proposal: the ones sent, else from the wish's markdown.
fn ingestion_tasks(
    sent: Vec<ProposalTaskInput>,
    id: &str,
    meta: &Map<String, Value>,
    visible: &str,
    budget: i64,
) -> Vec<Task> {
    let mut tasks: Vec<Task> = sent.into_iter().map(task_of).collect();
    let em = meta_str(meta, "embedded_message");
    if tasks.is_empty() && !em.is_empty() {
        let addr = plan::funding_address(meta);
        tasks = plan::tasks_from_markdown(id, &em, visible, budget, &addr);
    }
    fill_task_defaults(&mut tasks, id);
    tasks
}

/// A task without an id becomes `<proposal id>-task-<n>` (counted from 1 in the list), without
/// a contract the proposal's, without a status `available`.
fn fill_task_defaults(tasks: &mut [Task], id: &str) {
    for (i, t) in tasks.iter_mut().enumerate() {
        if t.task_id.is_empty() {
            t.task_id = format!("{id}-task-{}", i + 1);
        }
        if t.contract_id.is_empty() {
            t.contract_id = id.to_string();
        }
        if t.status.is_empty() {
            t.status = "available".into();
        }
    }
}
