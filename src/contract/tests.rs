use serde_json::json;
use stargate_api::{Contract, Proposal, ReworkRequest, SearchHit};

use super::id::{contract_ids, hash_in, proposal_hash, ContractRef};
use super::model::{approval, assemble, can_resolve, Approval};

const H: &str = "6405cfcf8626a5eee142eabbf5fab5f0f1ca3f5426efd9f53926fe403e9b5c84";
const CREATOR: &str = "bc1qcreator";

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn proposal(id: &str, status: &str, created: &str, meta: serde_json::Value) -> Proposal {
    from(json!({
        "id": id, "title": format!("title {id}"), "description_md": format!("plan {id}"),
        "status": status, "created_at": created, "budget_sats": 5000, "metadata": meta,
    }))
}

fn wish_proposal() -> Proposal {
    let mut p = proposal(
        H,
        "pending",
        "2026-01-01T00:00:00Z",
        json!({"creator_wallet": CREATOR}),
    );
    p.description_md = "Paint the moon".into();
    p.visible_pixel_hash = Some(H.into());
    p
}

fn rework(id: &str, requester: &str, status: &str, created: &str) -> ReworkRequest {
    from(json!({
        "request_id": id, "requester": requester, "status": status, "created_at": created,
        "contract_id": format!("wish-{H}"), "notes": "bigger",
    }))
}

/// What is sent while the page's code downloads is what `load` asks first, in every id form
/// (the same query builders), and nothing for an id that names nothing.
#[test]
fn the_first_requests_are_the_loads_first_requests() {
    let lists = |base: &str| {
        [
            format!("{base}/api/smart_contract/proposals?contract_id={H}&include_confirmed=true&limit=0"),
            format!("{base}/api/smart_contract/proposals?contract_id=wish-{H}&include_confirmed=true&limit=0"),
            format!("{base}/api/search?q={H}"),
        ]
    };
    for raw in [
        H.to_owned(),
        format!("wish-{H}"),
        H.to_uppercase(),
        format!(" wish-{H} "),
    ] {
        assert_eq!(super::first_requests("", &raw), lists(""), "{raw}");
        assert_eq!(
            super::first_requests("http://api:3001", &raw),
            lists("http://api:3001")
        );
    }
    assert_eq!(
        super::first_requests("", "proposal-17/x?y"),
        ["/api/smart_contract/proposals/proposal-17%2Fx%3Fy"]
    );
    assert!(super::first_requests("", "  ").is_empty());
}

#[test]
fn every_id_form_names_the_same_wish() {
    let upper = H.to_ascii_uppercase();
    for form in [H.to_owned(), format!("wish-{H}"), format!(" wish-{upper} ")] {
        assert_eq!(
            ContractRef::parse(&form),
            Some(ContractRef::Wish(H.into())),
            "{form}"
        );
    }
    assert_eq!(
        ContractRef::parse("proposal-1793491200000000001"),
        Some(ContractRef::Proposal("proposal-1793491200000000001".into()))
    );
    assert_eq!(ContractRef::parse("  "), None);
    assert_eq!(hash_in("wish-abc"), None);
    assert_eq!(contract_ids(H), [format!("wish-{H}"), H.to_owned()]);
}

#[test]
fn a_proposal_names_its_wish_through_any_of_its_fields() {
    let plain = proposal("proposal-1", "pending", "", json!({}));
    assert_eq!(proposal_hash(&plain), None);
    for meta in [
        json!({"contract_id": format!("wish-{H}")}),
        json!({"visible_pixel_hash": H}),
        json!({"ingestion_id": H}),
    ] {
        let p = proposal("proposal-1", "pending", "", meta.clone());
        assert_eq!(proposal_hash(&p).as_deref(), Some(H), "{meta}");
    }
    let mut p = proposal(
        "proposal-1",
        "pending",
        "",
        json!({"contract_id": "wish-nothex"}),
    );
    p.visible_pixel_hash = Some(H.into());
    assert_eq!(proposal_hash(&p).as_deref(), Some(H));
}

#[test]
fn the_page_takes_the_wish_from_its_proposal_and_dedupes_both_id_forms() {
    let agent = proposal("proposal-2", "pending", "2026-02-01T00:00:00Z", json!({}));
    let page = assemble(
        H,
        vec![wish_proposal(), agent.clone(), agent.clone()],
        &[],
        vec![],
        false,
    );
    assert!(page.exists());
    assert_eq!(page.proposals.len(), 2);
    assert_eq!(page.proposals[0].id, "proposal-2", "newest first");
    assert_eq!(page.wish.message, "Paint the moon");
    assert_eq!(page.wish.creator_wallet.as_deref(), Some(CREATOR));
    assert_eq!(page.wish.image_url, format!("/uploads/{H}"));
    assert_eq!(page.rework, None, "no key: rework requests unknown");
    assert_eq!(page.work_contract_id(), format!("wish-{H}"));
}

#[test]
fn the_most_advanced_contract_gives_the_status_and_other_wishes_hits_are_ignored() {
    let hits: [SearchHit; 2] = [
        from(
            json!({"type": "contract", "id": format!("wish-{H}"), "contract_id": format!("wish-{H}"),
                    "status": "superseded", "tx_id": "TBD"}),
        ),
        from(
            json!({"type": "contract", "id": "wish-other", "contract_id": "wish-other", "status": "confirmed"}),
        ),
    ];
    let approved: Contract = from(json!({
        "contract_id": H, "status": "active", "title": "Paint", "total_budget_sats": 7000,
        "goals_count": 1, "available_tasks_count": 0, "created_at": "0001-01-01T00:00:00Z",
        "confirmed_block_height": 0,
        "rework_requests": [
            rework("r1", "bc1qa", "open", "2026-03-01T00:00:00Z"),
            rework("r2", "bc1qb", "resolved", "2026-03-02T00:00:00Z"),
        ],
    }));
    let page = assemble(H, vec![], &hits, vec![approved], true);
    assert_eq!(page.wish.status.as_deref(), Some("active"));
    assert_eq!(page.wish.tx_id, None, "TBD is no transaction");
    assert_eq!(page.wish.confirmed_height, None);
    assert_eq!(page.wish.message, "Paint");
    assert_eq!(page.wish.budget_sats, Some(7000));
    let rework = page.rework.clone().unwrap();
    assert_eq!(
        rework
            .iter()
            .map(|r| r.request_id.as_str())
            .collect::<Vec<_>>(),
        ["r2", "r1"]
    );
    assert_eq!(page.work_contract_id(), H);
}

#[test]
fn an_unknown_wish_does_not_exist() {
    assert!(!assemble(H, vec![], &[], vec![], true).exists());
}

#[test]
fn approve_shows_only_where_it_can_succeed() {
    let page = assemble(H, vec![wish_proposal()], &[], vec![], true);
    let pending = &page.proposals[0];
    assert_eq!(approval(pending, &page, false, None), Approval::SignIn);
    assert_eq!(
        approval(pending, &page, true, None),
        Approval::Allowed,
        "wallet unknown: the server decides"
    );
    assert_eq!(
        approval(pending, &page, true, Some("BC1QCREATOR")),
        Approval::Allowed
    );
    assert_eq!(
        approval(pending, &page, true, Some("bc1qsomeoneelse")),
        Approval::NotCreator {
            creator: CREATOR.into()
        }
    );

    let chosen = proposal("proposal-9", "approved", "2026-05-01T00:00:00Z", json!({}));
    let decided = assemble(H, vec![wish_proposal(), chosen], &[], vec![], true);
    let still_pending = decided.proposals.iter().find(|p| p.id == H).unwrap();
    assert_eq!(
        approval(still_pending, &decided, true, Some(CREATOR)),
        Approval::None
    );

    let mut anonymous = wish_proposal();
    anonymous
        .metadata
        .insert("creator_wallet".into(), json!(""));
    let page = assemble(H, vec![anonymous], &[], vec![], true);
    assert_eq!(
        approval(&page.proposals[0], &page, true, Some(CREATOR)),
        Approval::NoCreator
    );
}

#[test]
fn only_the_requester_resolves_an_open_rework_request() {
    let open = rework("r1", "bc1qA", "open", "");
    assert!(can_resolve(&open, true, Some("BC1QA")));
    assert!(
        can_resolve(&open, true, None),
        "wallet unknown: the server decides"
    );
    assert!(!can_resolve(&open, true, Some("bc1qb")));
    assert!(!can_resolve(&open, false, None));
    assert!(!can_resolve(
        &rework("r2", "bc1qa", "resolved", ""),
        true,
        Some("bc1qa")
    ));
}
