use super::*;

const HASH: &str = "ab12cd34";

#[test]
fn headers_become_tasks_with_keyword_budgets() {
    let md = "# Plan\n### Task 1: Design the moon\nDraw it.\n\n  in orange\n### Task 2: Build the page\nShip it.\n## Budget\nnothing\n### Task 3 Polish colours\n";
    let tasks = tasks_from_markdown("p1", md, HASH, 100_000, "bc1qfund");
    let titles: Vec<_> = tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Design the moon", "Build the page", "Polish colours"]
    );
    assert_eq!(tasks[0].task_id, "p1-task-1");
    assert_eq!(tasks[2].task_id, "p1-task-3");
    assert!(tasks
        .iter()
        .all(|t| t.contract_id == "wish-ab12cd34" && t.status == "available"));
    assert_eq!(tasks[0].description, "Draw it.\n  in orange");
    assert_eq!(tasks[1].description, "Ship it.");
    assert_eq!(tasks[2].description, "Task implementation as described");
    // "design" has no budget keyword: budget / position (1) = all of it; "build" 50 %;
    // the third, unmatched: budget / 3.
    let budgets: Vec<_> = tasks.iter().map(|t| t.budget_sats).collect();
    assert_eq!(budgets, [100_000, 50_000, 33_333]);
    assert_eq!(
        tasks[0].skills_required.as_deref().unwrap(),
        ["design", "ux", "ui", "architecture"]
    );
    let proof = tasks[1].merkle_proof.as_ref().unwrap();
    assert_eq!(proof.funded_amount_sats, 50_000);
    assert_eq!(proof.funding_address.as_deref(), Some("bc1qfund"));
    assert_eq!(proof.confirmation_status, "provisional");
}

#[test]
fn metadata_headings_are_not_tasks_and_the_fallback_takes_everything() {
    assert!(!is_task_title("Budget breakdown"));
    assert!(!is_task_title("Success criteria"));
    assert!(is_task_title("Fix"));
    assert!(!is_task_title("Tiny"));
    assert!(is_task_title("Paint everything"));
    let tasks = tasks_from_markdown("p2", "  ### Task 1: Timeline\nsoon\n", "", 5000, "");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].title, "Comprehensive Implementation");
    assert_eq!(tasks[0].contract_id, "p2", "no hash: the proposal id");
    assert_eq!(tasks[0].description, "### Task 1: Timeline\nsoon");
    assert_eq!(tasks[0].budget_sats, 5000);
}

#[test]
fn populate_prefers_suggested_tasks_and_defaults_the_budget() {
    let mut p = Proposal {
        id: "p3".into(),
        title: "t".into(),
        description_md: "### Task 1: Build it".into(),
        visible_pixel_hash: Some(HASH.into()),
        budget_sats: 0,
        status: "pending".into(),
        created_at: ZERO_TIME.into(),
        tasks: vec![],
        metadata: Map::new(),
    };
    populate_tasks(&mut p);
    assert_eq!(p.budget_sats, DEFAULT_BUDGET_SATS);
    assert_eq!(p.metadata["budget_sats"], DEFAULT_BUDGET_SATS);
    assert_eq!(p.metadata["funding_address"], "");
    assert_eq!(p.tasks.len(), 1);
    assert_eq!(p.tasks[0].budget_sats, 50_000);
    let mut q = p.clone();
    let mut own = p.tasks[0].clone();
    own.task_id = "p3-task-9".into();
    q.tasks.clear();
    q.metadata.insert(
        "suggested_tasks".into(),
        serde_json::to_value([own]).unwrap(),
    );
    populate_tasks(&mut q);
    assert_eq!(q.tasks[0].task_id, "p3-task-9");
}

#[test]
fn contract_id_prefers_the_hash() {
    let mut m = Map::new();
    assert_eq!(contract_id_from_meta(&m, "p"), "p");
    m.insert("ingestion_id".into(), "i".into());
    m.insert("contract_id".into(), " ".into());
    assert_eq!(contract_id_from_meta(&m, "p"), "i");
    m.insert("visible_pixel_hash".into(), "h".into());
    assert_eq!(contract_id_from_meta(&m, "p"), "h");
}
