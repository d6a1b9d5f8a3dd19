//! The pure URL builders behind every client operation.

use stargate_api::url::{encode_component, UrlBuilder};
use stargate_api::{
    paths, BlockInscriptionsQuery, BlockSummariesQuery, ContentQuery, ContractStatus,
    CursorDirection, InscriptionFields, InscriptionFilter, OpenContractsQuery, SearchQuery,
};

fn search(q: Option<&str>) -> SearchQuery {
    SearchQuery {
        q: q.map(str::to_owned),
    }
}

#[test]
fn percent_encoding() {
    assert_eq!(encode_component("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(
        encode_component("a b/c?d&e=f#g%h+i"),
        "a%20b%2Fc%3Fd%26e%3Df%23g%25h%2Bi"
    );
    assert_eq!(encode_component("é✓"), "%C3%A9%E2%9C%93");
    assert_eq!(encode_component(""), "");
}

#[test]
fn empty_base_gives_relative_urls() {
    assert_eq!(paths::get_node_health(""), "/bitcoin/v1/health");
    assert_eq!(
        paths::get_content("", "ab12", &ContentQuery { witness: Some(3) }),
        "/content/ab12?witness=3"
    );
    assert_eq!(
        paths::get_content("", "ab12", &ContentQuery::default()),
        "/content/ab12"
    );
}

#[test]
fn trailing_slashes_of_the_base_are_trimmed() {
    assert_eq!(
        paths::get_api_health("http://api:3001/"),
        "http://api:3001/api/health"
    );
    assert_eq!(
        paths::get_api_health("http://api:3001//"),
        "http://api:3001/api/health"
    );
    assert_eq!(
        paths::search("https://x.org/stargate/", &search(Some("q"))),
        "https://x.org/stargate/api/search?q=q"
    );
    assert_eq!(paths::login("/"), "/api/auth/login");
}

#[test]
fn path_parameters_are_encoded() {
    assert_eq!(
        paths::get_block_image("http://h", "952789", "a b/../x.png"),
        "http://h/api/block-image/952789/a%20b%2F..%2Fx.png"
    );
    assert_eq!(paths::get_upload("", "4f1c?x"), "/uploads/4f1c%3Fx");
}

#[test]
fn query_parameters_in_spec_order_absent_ones_left_out() {
    let page = BlockInscriptionsQuery {
        limit: Some(20),
        cursor: Some("20".into()),
        fields: Some(InscriptionFields::Summary),
        ..Default::default()
    };
    assert_eq!(
        paths::get_block_inscriptions("http://h", "952789", &page),
        "http://h/api/data/block-inscriptions/952789?limit=20&cursor=20&fields=summary"
    );
    // Field order in the struct literal does not matter: the URL keeps the spec's order.
    let images = BlockInscriptionsQuery {
        fields: Some(InscriptionFields::Full),
        filter: Some(InscriptionFilter::Image),
        cursor: Some("4 0".into()),
        limit: None,
    };
    assert_eq!(
        paths::get_block_inscriptions("", "1", &images),
        "/api/data/block-inscriptions/1?cursor=4%200&filter=image&fields=full"
    );
    assert_eq!(
        paths::get_block_inscriptions("", "1", &BlockInscriptionsQuery::default()),
        "/api/data/block-inscriptions/1"
    );
    assert_eq!(
        paths::get_block_summaries(
            "",
            &BlockSummariesQuery {
                limit: Some(40),
                cursor_height: Some(-1)
            }
        ),
        "/api/data/block-summaries?limit=40&cursor_height=-1"
    );
    let contracts = OpenContractsQuery {
        limit: Some(100),
        status: Some(ContractStatus::Pending),
        skills: Some("rust,go".into()),
        cursor_height: None,
        cursor_date: Some("2026-06-01T00:00:00+02:00".into()),
        cursor_type: Some(CursorDirection::Before),
    };
    assert_eq!(
        paths::get_open_contracts("", &contracts),
        "/api/open-contracts?limit=100&status=pending&skills=rust%2Cgo&cursor_date=2026-06-01T00%3A00%3A00%2B02%3A00&cursor_type=before"
    );
    assert_eq!(
        paths::get_open_contracts("", &OpenContractsQuery::default()),
        "/api/open-contracts"
    );
    assert_eq!(
        paths::search("", &search(Some("a&b=c d"))),
        "/api/search?q=a%26b%3Dc%20d"
    );
    assert_eq!(paths::search("", &search(Some(""))), "/api/search?q=");
    assert_eq!(paths::search("", &search(None)), "/api/search");
}

#[test]
fn builder() {
    let url = UrlBuilder::new("http://h/")
        .path("/a/")
        .segment("b c")
        .query("x", None::<i64>)
        .query("y", Some(true))
        .query("z w", Some(1.5))
        .finish();
    assert_eq!(url, "http://h/a/b%20c?y=true&z%20w=1.5");
}

#[cfg(feature = "client")]
mod client {
    use stargate_api::{Client, ContentQuery};

    #[test]
    fn client_urls_and_base() {
        let client = Client::new("http://api:3001///");
        assert_eq!(client.base_url(), "http://api:3001");
        assert_eq!(
            client.get_content_url("ab", &ContentQuery { witness: Some(2) }),
            "http://api:3001/content/ab?witness=2"
        );
        assert_eq!(
            client.get_block_image_url("7", "x y.png"),
            "http://api:3001/api/block-image/7/x%20y.png"
        );
        assert_eq!(client.get_upload_url("h"), "http://api:3001/uploads/h");
        let same_origin = Client::new("");
        assert_eq!(same_origin.base_url(), "");
        assert_eq!(same_origin.get_upload_url("h"), "/uploads/h");
        assert_eq!(Client::default().base_url(), "");
    }
}

/// The query enums send exactly the values the backend compares with (`data_api.go` and the
/// contract store match these strings), and read them back.
#[test]
fn query_enums_use_the_backends_wire_values() {
    fn wire<T>(all: &[T]) -> Vec<String>
    where
        T: std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug + serde::Serialize,
    {
        all.iter()
            .map(|value| {
                let text = value.to_string();
                assert_eq!(
                    text.parse::<T>().ok().as_ref(),
                    Some(value),
                    "{text} reads back"
                );
                let json = serde_json::to_value(value).expect("serialise");
                assert_eq!(
                    json,
                    serde_json::Value::String(text.clone()),
                    "serde agrees"
                );
                text
            })
            .collect()
    }
    use InscriptionFilter as F;
    assert_eq!(wire(&[F::Text, F::Image]), ["text", "image"]);
    use InscriptionFields as Fi;
    assert_eq!(wire(&[Fi::Summary, Fi::Full]), ["summary", "full"]);
    use ContractStatus as S;
    assert_eq!(
        wire(&[
            S::Pending,
            S::Active,
            S::Funded,
            S::Confirmed,
            S::Superseded,
            S::Created,
            S::Expired
        ]),
        [
            "pending",
            "active",
            "funded",
            "confirmed",
            "superseded",
            "created",
            "expired"
        ]
    );
    use CursorDirection as D;
    assert_eq!(wire(&[D::Before, D::After]), ["before", "after"]);
    // Values the backend treats as "no filter" are not enum values: a typo cannot be sent.
    assert!("all".parse::<InscriptionFilter>().is_err());
    assert!("Pending".parse::<ContractStatus>().is_err());
}

/// Every query parameter of every operation lands in the URL, in the spec's order, with the
/// enum's wire value.
#[test]
fn every_query_parameter_is_sent() {
    let all = BlockInscriptionsQuery {
        limit: Some(1),
        cursor: Some("2".into()),
        filter: Some(InscriptionFilter::Text),
        fields: Some(InscriptionFields::Full),
    };
    assert_eq!(
        paths::get_block_inscriptions("", "9", &all),
        "/api/data/block-inscriptions/9?limit=1&cursor=2&filter=text&fields=full"
    );
    let all = OpenContractsQuery {
        limit: Some(5),
        status: Some(ContractStatus::Superseded),
        skills: Some("a".into()),
        cursor_height: Some(7),
        cursor_date: Some("d".into()),
        cursor_type: Some(CursorDirection::After),
    };
    assert_eq!(
        paths::get_open_contracts("", &all),
        "/api/open-contracts?limit=5&status=superseded&skills=a&cursor_height=7&cursor_date=d&cursor_type=after"
    );
}

#[test]
fn task_claim_submit_and_event_urls() {
    use stargate_api::{ListEventsQuery, ListTasksQuery};
    assert_eq!(
        paths::claim_task("", "p-task-1"),
        "/api/smart_contract/tasks/p-task-1/claim"
    );
    assert_eq!(
        paths::submit_work("https://x", "CLAIM-1"),
        "https://x/api/smart_contract/claims/CLAIM-1/submit"
    );
    // A task id is one path segment, whatever it holds.
    assert_eq!(
        paths::claim_task("", "a/b c"),
        "/api/smart_contract/tasks/a%2Fb%20c/claim"
    );
    let events = ListEventsQuery {
        r#type: Some("claim".into()),
        limit: Some(0),
        ..Default::default()
    };
    assert_eq!(
        paths::list_events("", &events),
        "/api/smart_contract/events?type=claim&limit=0"
    );
    let tasks = ListTasksQuery {
        claimed_by: Some("tb1q x".into()),
        ..Default::default()
    };
    assert_eq!(
        paths::list_tasks("", &tasks),
        "/api/smart_contract/tasks?claimed_by=tb1q%20x"
    );
}
