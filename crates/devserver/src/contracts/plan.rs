//! How the backend turns a proposal's markdown plan into tasks (`BuildTasksFromMarkdown`) and
//! fills a proposal's tasks on every read (`populateProposalTasks`). Pure, host-tested.
//!
//! One deliberate difference: the backend picks a task's skills by iterating a Go map, so a title
//! with two skill keywords gets a random list; here the keywords are tried in a fixed order.

use serde_json::{Map, Value};
use stargate_api::{MerkleProof, Proposal, Task};

/// `STARGATE_DEFAULT_BUDGET_SATS` unset: the budget of a proposal sent with 0.
pub const DEFAULT_BUDGET_SATS: i64 = 100_000;
/// The zero `time.Time` as Go encodes it.
pub const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

const NOT_TASKS: &[&str] = &[
    "contract id",
    "contract details",
    "contract type",
    "created",
    "budget",
    "total budget",
    "budget breakdown",
    "cost",
    "price",
    "timeline",
    "schedule",
    "duration",
    "estimated",
    "phase",
    "milestone",
    "success metrics",
    "criteria",
    "kpi",
    "deliverables",
    "outcomes",
    "technical requirements",
    "requirements",
    "specifications",
    "scope",
    "skills",
    "expertise",
    "qualifications",
    "experience",
    "metadata",
    "information",
    "details",
    "notes",
];

const TASK_WORDS: &[&str] = &[
    "implement",
    "develop",
    "build",
    "create",
    "design",
    "integration",
    "analysis",
    "planning",
    "research",
    "assessment",
    "evaluation",
    "testing",
    "qa",
    "quality",
    "validation",
    "verification",
    "documentation",
    "writing",
    "guide",
    "manual",
    "instructions",
    "deployment",
    "setup",
    "configuration",
    "installation",
    "optimization",
    "improvement",
    "enhancement",
    "refactoring",
    "security",
    "hardening",
    "audit",
    "review",
    "database",
    "schema",
    "migration",
    "frontend",
    "ui",
    "interface",
    "user experience",
    "backend",
    "api",
    "service",
    "server",
    "architecture",
    "work",
    "fix",
    "update",
    "add",
    "remove",
    "move",
];

/// Skill keywords in a fixed order (the backend's map order is random).
const SKILLS: &[(&str, &[&str])] = &[
    ("implement", &["development", "implementation", "coding"]),
    ("develop", &["development", "implementation", "coding"]),
    ("build", &["development", "implementation", "coding"]),
    ("create", &["development", "implementation", "design"]),
    ("design", &["design", "ux", "ui", "architecture"]),
    (
        "analysis",
        &["planning", "analysis", "research", "evaluation"],
    ),
    ("planning", &["planning", "analysis", "project-management"]),
    (
        "research",
        &["planning", "analysis", "research", "evaluation"],
    ),
    (
        "testing",
        &["testing", "qa", "validation", "quality-assurance"],
    ),
    ("qa", &["testing", "qa", "validation", "quality-assurance"]),
    (
        "documentation",
        &["documentation", "technical-writing", "communication"],
    ),
    (
        "deployment",
        &["devops", "deployment", "infrastructure", "configuration"],
    ),
    ("security", &["security", "audit", "hardening", "review"]),
    ("database", &["database", "backend", "data-management"]),
    ("frontend", &["frontend", "ui", "ux", "design"]),
    ("backend", &["backend", "api", "server", "architecture"]),
    ("api", &["backend", "api", "server", "architecture"]),
];

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `isTaskTitle`: not a metadata heading, and a task word or more than 5 bytes.
pub fn is_task_title(title: &str) -> bool {
    let title = title.trim().to_lowercase();
    if title.is_empty() || NOT_TASKS.iter().any(|p| title.contains(p)) {
        return false;
    }
    TASK_WORDS.iter().any(|p| title.contains(p)) || title.len() > 5
}

/// The title of a `### Task …` header: the text after the first `:` (not at the start), else
/// without a leading word made of digits and punctuation.
fn header_title(rest: &str) -> String {
    let title = rest.trim();
    if let Some(colon) = title.find(':').filter(|i| *i > 0) {
        return title[colon + 1..].trim().to_string();
    }
    if let Some(space) = title.find(' ').filter(|i| *i > 0) {
        let first = &title[..space];
        if first
            .chars()
            .all(|c| c.is_numeric() || c.is_ascii_punctuation())
        {
            return title[space + 1..].trim().to_string();
        }
    }
    title.to_string()
}

/// `extractTaskDescription`: the non-empty lines after the header (indentation kept) up to the
/// next `### Task ` or `## ` line.
fn description_after(lines: &[&str], header: usize) -> String {
    let body: Vec<&str> = lines[header + 1..]
        .iter()
        .take_while(|l| {
            let t = l.trim();
            !t.starts_with("### Task ") && !t.starts_with("## ")
        })
        .filter(|l| !l.trim().is_empty())
        .copied()
        .collect();
    if body.is_empty() {
        "Task implementation as described".to_string()
    } else {
        body.join("\n")
    }
}

fn skills_for(title: &str) -> Vec<String> {
    let title = title.trim().to_lowercase();
    SKILLS
        .iter()
        .find(|(word, _)| title.contains(word))
        .map_or_else(
            || strings(&["planning", "development", "testing"]),
            |(_, s)| strings(s),
        )
}

/// `calculateTaskBudget`: a keyword share, else `budget / position` (1-based, as the backend).
pub fn task_budget(title: &str, budget: i64, position: i64) -> i64 {
    if budget <= 0 || position <= 0 {
        return budget;
    }
    let t = title.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["planning", "analysis"]) {
        budget * 20 / 100
    } else if has(&["implement", "develop", "build"]) {
        budget * 50 / 100
    } else if has(&["test", "qa", "validation"]) {
        budget * 20 / 100
    } else if has(&["document", "guide"]) {
        budget * 10 / 100
    } else {
        budget / position
    }
}

pub fn provisional_proof(visible_hash: &str, amount: i64, funding_address: &str) -> MerkleProof {
    MerkleProof {
        tx_id: String::new(),
        block_height: 0,
        block_header_merkle_root: String::new(),
        proof_path: None,
        visible_pixel_hash: Some(visible_hash.to_string()).filter(|h| !h.is_empty()),
        contractor_wallet: None,
        funded_amount_sats: amount,
        funding_address: Some(funding_address.to_string()).filter(|a| !a.is_empty()),
        confirmation_status: "provisional".to_string(),
        seen_at: ZERO_TIME.to_string(),
        confirmed_at: None,
    }
}

fn task(
    id: String,
    contract_id: &str,
    title: String,
    description: String,
    budget: i64,
    skills: Vec<String>,
    proof: MerkleProof,
) -> Task {
    Task {
        task_id: id,
        contract_id: contract_id.to_string(),
        goal_id: "wish".to_string(),
        title,
        description,
        budget_sats: budget,
        skills_required: Some(skills),
        status: "available".to_string(),
        claimed_by: None,
        claimed_at: None,
        claim_expires_at: None,
        active_claim_id: None,
        contractor_wallet: None,
        difficulty: None,
        estimated_hours: None,
        requirements: None,
        merkle_proof: Some(proof),
    }
}

/// `BuildTasksFromMarkdown`: one task per accepted `### Task …` header, else one
/// "Comprehensive Implementation" task with the whole plan and budget. Tasks live under
/// `wish-<hash>` (or the proposal id when there is no hash).
pub fn tasks_from_markdown(
    proposal_id: &str,
    markdown: &str,
    visible_hash: &str,
    budget: i64,
    funding_address: &str,
) -> Vec<Task> {
    let md = markdown.trim();
    let lines: Vec<&str> = md.split('\n').collect();
    let contract_id = if visible_hash.is_empty() {
        proposal_id.to_string()
    } else {
        format!(
            "wish-{}",
            visible_hash.strip_prefix("wish-").unwrap_or(visible_hash)
        )
    };
    let mut tasks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix("### Task ") else {
            continue;
        };
        let title = header_title(rest);
        if !is_task_title(&title) {
            continue;
        }
        let amount = task_budget(&title, budget, tasks.len() as i64 + 1);
        tasks.push(task(
            format!("{proposal_id}-task-{}", tasks.len() + 1),
            &contract_id,
            title.clone(),
            description_after(&lines, i),
            amount,
            skills_for(&title),
            provisional_proof(visible_hash, amount, funding_address),
        ));
    }
    if tasks.is_empty() {
        tasks.push(task(
            format!("{proposal_id}-task-1"),
            &contract_id,
            "Comprehensive Implementation".to_string(),
            md.to_string(),
            budget,
            strings(&["planning", "development", "testing", "documentation"]),
            provisional_proof(visible_hash, budget, funding_address),
        ));
    }
    tasks
}

pub fn meta_str<'a>(meta: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    meta.get(key).and_then(Value::as_str)
}

/// `FundingAddressFromMeta`: `funding_address`, else `address`, else "".
pub fn funding_address(meta: &Map<String, Value>) -> String {
    ["funding_address", "address"]
        .iter()
        .filter_map(|k| meta_str(meta, k))
        .find(|v| !v.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

/// `contractIDFromMeta`: `visible_pixel_hash`, else `contract_id`, else `ingestion_id` (each when
/// not blank), else `fallback`.
pub fn contract_id_from_meta(meta: &Map<String, Value>, fallback: &str) -> String {
    ["visible_pixel_hash", "contract_id", "ingestion_id"]
        .iter()
        .filter_map(|k| meta_str(meta, k))
        .find(|v| !v.trim().is_empty())
        .unwrap_or(fallback)
        .to_string()
}

/// The hash a proposal is for: `visible_pixel_hash`, else `metadata.visible_pixel_hash`.
pub fn visible_hash(p: &Proposal) -> String {
    let own = p.visible_pixel_hash.as_deref().unwrap_or_default().trim();
    if !own.is_empty() {
        return own.to_string();
    }
    meta_str(&p.metadata, "visible_pixel_hash")
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// `populateProposalTasks`, run on every read: the default budget for 0 (also written to
/// `metadata.budget_sats`), a `metadata.funding_address`, then the tasks from
/// `metadata.suggested_tasks`, else `metadata.embedded_message`, else the plan. Nothing is saved.
pub fn populate_tasks(p: &mut Proposal) {
    if p.budget_sats == 0 {
        p.budget_sats = DEFAULT_BUDGET_SATS;
        p.metadata
            .insert("budget_sats".into(), Value::from(DEFAULT_BUDGET_SATS));
    }
    if !p.metadata.contains_key("funding_address") {
        let addr = funding_address(&p.metadata);
        p.metadata
            .insert("funding_address".into(), Value::from(addr));
    }
    let suggested = p
        .metadata
        .get("suggested_tasks")
        .and_then(|raw| serde_json::from_value::<Vec<Task>>(raw.clone()).ok());
    if let Some(tasks) = suggested.filter(|t| !t.is_empty()) {
        p.tasks = tasks;
        return;
    }
    let addr = funding_address(&p.metadata);
    let hash = p.visible_pixel_hash.clone().unwrap_or_default();
    if let Some(em) = meta_str(&p.metadata, "embedded_message").filter(|m| !m.is_empty()) {
        if p.tasks.is_empty() {
            p.tasks = tasks_from_markdown(&p.id, em, &hash, p.budget_sats, &addr);
        }
    }
    if p.tasks.is_empty() && !p.description_md.trim().is_empty() {
        p.tasks = tasks_from_markdown(&p.id, &p.description_md, &hash, p.budget_sats, &addr);
    }
}

#[cfg(test)]
mod tests;
