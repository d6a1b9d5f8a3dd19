//! The example bodies of the backend (docs/design.md "The backend as it is") decode with the generated types, and
//! the types serialise back to the backend's shapes.

use serde_json::{json, Value};
use stargate_api::*;

fn decode<T: serde::de::DeserializeOwned>(body: Value) -> T {
    decode_response(200, Some("application/json"), &body.to_string())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn node_health() {
    let health: NodeHealth = decode(json!({
        "status": "healthy",
        "scanner": {"model_loaded": false, "model_version": "unknown", "model_path": "none", "device": "none"},
        "scanner_manager": {"initialized": true, "scanner_type": "stub"},
        "bitcoin": {"node_connected": true, "node_url": "https://mempool.space/testnet4/api", "block_height": 123456},
        "network": "testnet4",
        "timestamp": "2026-06-28T12:00:00Z"
    }));
    assert_eq!(health.bitcoin.block_height, 123456);
    assert!(health.bitcoin.node_connected);
    assert_eq!(health.network, "testnet4");
    assert_eq!(health.scanner.unwrap()["model_version"], json!("unknown"));
    assert_eq!(health.scanner_manager.unwrap()["initialized"], json!(true));
}

#[test]
fn node_health_without_optional_parts() {
    let health: NodeHealth = decode(json!({
        "status": "degraded", "bitcoin": {"node_connected": false, "block_height": 0},
        "network": "mainnet", "timestamp": "2026-06-28T12:00:00Z"
    }));
    assert_eq!(health.status, "degraded");
    assert_eq!(health.scanner, None);
    assert_eq!(health.bitcoin.node_url, None);
}

fn summary_json() -> Value {
    json!({
        "block_height": 952789,
        "block_hash": "00000000000000000001b2c3",
        "timestamp": 1750000000,
        "tx_count": 3120,
        "inscription_count": 14,
        "smart_contract_count": 1,
        "steganography_summary": {"total_images": 14, "stego_detected": false, "stego_count": 0,
                                  "scan_timestamp": 1750000100, "avg_confidence": 0, "stego_types": []},
        "preview_inscriptions": ["a.png", "b.txt", "c.png"],
        "has_images": true,
        "thumbnail_url": "/api/block-image/952789/x.png"
    })
}

#[test]
fn block_summaries_page() {
    let page: BlockSummariesPage = decode(json!({
        "blocks": [summary_json()],
        "limit": 20, "next_cursor": "952770", "has_more": true, "total": 1234
    }));
    assert_eq!(page.next_cursor, "952770");
    assert_eq!(page.total, 1234);
    let blocks = page.blocks.unwrap();
    assert_eq!(blocks.len(), 1);
    let block = &blocks[0];
    assert_eq!(block.block_height, 952789);
    assert_eq!(block.thumbnail_url, "/api/block-image/952789/x.png");
    assert_eq!(
        block.preview_inscriptions.as_deref(),
        Some(&["a.png".to_owned(), "b.txt".to_owned(), "c.png".to_owned()][..])
    );
    let stego = block.steganography_summary.as_ref().unwrap();
    assert_eq!(stego.total_images, 14);
    assert_eq!(stego.avg_confidence, Some(0.0));
    assert_eq!(stego.stego_types, Some(vec![]));
}

#[test]
fn block_summaries_null_blocks_and_null_parts() {
    let page: BlockSummariesPage = decode(json!({
        "blocks": null, "limit": 20, "next_cursor": "", "has_more": false, "total": 0
    }));
    assert_eq!(page.blocks, None);
    assert_eq!(page.next_cursor, "");

    let mut summary = summary_json();
    summary["steganography_summary"] = Value::Null;
    summary["preview_inscriptions"] = Value::Null;
    summary["block_hash"] = json!("");
    summary["timestamp"] = json!(0);
    let block: BlockSummary = decode(summary);
    assert_eq!(block.steganography_summary, None);
    assert_eq!(block.preview_inscriptions, None);
    assert_eq!(block.timestamp, 0);
}

#[test]
fn block_summaries_blocks_is_required() {
    // `blocks` is required (and nullable): a page without it is not the backend's shape.
    let error = decode_response::<BlockSummariesPage>(
        200,
        None,
        r#"{"limit":20,"next_cursor":"","has_more":false,"total":0}"#,
    )
    .unwrap_err();
    assert_eq!(
        error,
        ApiError::Decode {
            status: 200,
            message: "missing field `blocks` at line 1 column 56".into()
        }
    );
}

#[test]
fn serialising_a_page_without_blocks_gives_null() {
    let page = BlockSummariesPage {
        blocks: None,
        has_more: false,
        limit: 20,
        next_cursor: String::new(),
        total: 0,
    };
    let text = serde_json::to_string(&page).unwrap();
    assert!(text.contains(r#""blocks":null"#), "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"blocks": null, "has_more": false, "limit": 20, "next_cursor": "", "total": 0})
    );
}

#[test]
fn serialising_skips_absent_optional_fields_but_keeps_required_ones() {
    let mut summary: BlockSummary = decode(summary_json());
    summary.steganography_summary = None;
    summary.preview_inscriptions = None;
    summary.block_hash = String::new();
    let value = serde_json::to_value(&summary).unwrap();
    let object = value.as_object().unwrap();
    assert!(!object.contains_key("steganography_summary"));
    assert!(!object.contains_key("preview_inscriptions"));
    assert_eq!(object["block_hash"], json!(""));
    assert_eq!(object.len(), 8);
}

fn inscription_json() -> Value {
    json!({
        "id": "6f3c_3", "tx_id": "6f3c", "input_index": 3,
        "file_name": "a.png", "file_path": "images/a.png", "content_type": "image/png",
        "size_bytes": 1234, "genesis_block_height": 952789, "number": 952789, "address": "bc1p...",
        "image_url": "/content/6f3c?witness=3",
        "metadata": {"contract_id": "wish-1", "visible_pixel_hash": "ab", "match_type": "funding_txid"},
        "content": "full text",
        "scan_result": {"is_stego": false, "confidence": 0}
    })
}

#[test]
fn block_inscriptions_page_with_string_cursor() {
    let page: BlockInscriptionsPage = decode(json!({
        "inscriptions": [inscription_json()], "has_more": true, "next_cursor": "20"
    }));
    assert_eq!(page.next_cursor.as_deref(), Some("20"));
    assert!(page.has_more);
    let item = &page.inscriptions.unwrap()[0];
    assert_eq!(item.input_index, 3);
    assert_eq!(item.image_url.as_deref(), Some("/content/6f3c?witness=3"));
    assert_eq!(
        item.metadata.as_ref().unwrap()["match_type"],
        json!("funding_txid")
    );
    assert_eq!(item.scan_result.as_ref().unwrap()["is_stego"], json!(false));
    assert_eq!(item.content.as_deref(), Some("full text"));
}

#[test]
fn block_inscriptions_page_null_list_and_null_cursor() {
    let page: BlockInscriptionsPage =
        decode(json!({"inscriptions": null, "has_more": false, "next_cursor": null}));
    assert_eq!(page.inscriptions, None);
    assert_eq!(page.next_cursor, None);

    let page: BlockInscriptionsPage = decode(json!({"inscriptions": null, "has_more": false}));
    assert_eq!(page.next_cursor, None);

    let mut item = inscription_json();
    item["scan_result"] = Value::Null;
    let object = item.as_object_mut().unwrap();
    object.remove("metadata");
    object.remove("content");
    let item: BlockInscription = decode(item);
    assert_eq!(item.scan_result, None);
    assert_eq!(item.metadata, None);
    assert_eq!(item.content, None);
}

#[test]
fn open_contracts_camel_case() {
    let envelope: OpenContractsEnvelope = decode(json!({"success": true, "data": {
        "contracts": [{
            "imageData": "/uploads/4f1c", "text": "wish text", "price": 0.0001, "address": "",
            "timestamp": 1750000000, "id": "wish-4f1c", "tx_id": "TBD", "status": "pending",
            "blockHeight": 952789, "visiblePixelHash": "ab12", "totalBudgetSats": 10000,
            "availableTasks": 2
        }],
        "transactions": null,
        "total": 12, "limit": 100, "next_cursor": "952700",
        "next_cursor_date": "2026-06-01T00:00:00Z", "has_more": true
    }}));
    assert!(envelope.success);
    let data = envelope.data;
    assert_eq!(data.transactions, None);
    assert_eq!(data.next_cursor, "952700");
    assert_eq!(data.next_cursor_date, "2026-06-01T00:00:00Z");
    let contract = &data.contracts.unwrap()[0];
    assert_eq!(contract.image_data, "/uploads/4f1c");
    assert_eq!(contract.price, 0.0001);
    assert_eq!(contract.block_height, Some(952789));
    assert_eq!(contract.visible_pixel_hash.as_deref(), Some("ab12"));
    assert_eq!(contract.total_budget_sats, Some(10000));
    assert_eq!(contract.available_tasks, Some(2));
    assert_eq!(contract.tx_id.as_deref(), Some("TBD"));

    // and back to camelCase
    let value = serde_json::to_value(contract).unwrap();
    assert_eq!(value["imageData"], json!("/uploads/4f1c"));
    assert_eq!(value["totalBudgetSats"], json!(10000));
    assert!(value.get("image_data").is_none());
}

#[test]
fn open_contracts_null_lists() {
    let envelope: OpenContractsEnvelope = decode(json!({"success": true, "data": {
        "contracts": null, "transactions": null, "total": 0, "limit": 100,
        "next_cursor": "", "next_cursor_date": "", "has_more": false
    }}));
    assert_eq!(envelope.data.contracts, None);
    assert_eq!(envelope.data.transactions, None);
    let value = serde_json::to_value(&envelope).unwrap();
    assert_eq!(value["data"]["contracts"], Value::Null);
    assert!(value["data"]
        .as_object()
        .unwrap()
        .contains_key("transactions"));
}

#[test]
fn search_results() {
    let envelope: SearchEnvelope = decode(json!({"success": true, "data": {
        "inscriptions": [{"type":"inscription","id":"6f3c","text":"hello","timestamp":1750000000,"block_height":952789,"status":"confirmed"}],
        "transactions": [{"type":"transaction","id":"6f3c","text":"…","timestamp":1750000000,"block_height":952789,"status":"confirmed"}],
        "blocks": [{"type":"block","id":"0000abcd","block_height":952789,"timestamp":1750000000,"tx_count":3120}],
        "contracts": [{"type":"contract","id":"wish-1","contract_id":"wish-1","tx_id":"TBD","block_height":0,
                       "confirmed_block_height":952789,"title":"t","visible_pixel_hash":"ab","budget_sats":10000,
                       "metadata":{"k": 1},"status":"pending","stego_image_url":"/uploads/ab"}],
        "proposals": [{"type":"proposal","id":"p1","proposal_id":"p1","title":"t","status":"pending","budget_sats":5,
                       "timestamp":1750000000,"visible_pixel_hash":"ab"}]
    }}));
    let data = envelope.data;
    assert_eq!(data.inscriptions.unwrap()[0].text.as_deref(), Some("hello"));
    assert_eq!(data.blocks.unwrap()[0].tx_count, Some(3120));
    let contract = &data.contracts.unwrap()[0];
    assert_eq!(contract.type_, "contract");
    assert_eq!(contract.confirmed_block_height, Some(952789));
    assert_eq!(contract.metadata.as_ref().unwrap()["k"], json!(1));
    assert_eq!(
        data.proposals.unwrap()[0].proposal_id.as_deref(),
        Some("p1")
    );
    assert_eq!(
        data.transactions.unwrap()[0].status.as_deref(),
        Some("confirmed")
    );
}

#[test]
fn search_every_list_null() {
    let envelope: SearchEnvelope = decode(json!({"success": true, "data": {
        "inscriptions": null, "transactions": null, "blocks": null, "contracts": null, "proposals": null
    }}));
    assert_eq!(envelope.data, SearchResults::default());
    let envelope: SearchEnvelope = decode(json!({"success": true, "data": {}}));
    assert_eq!(envelope.data, SearchResults::default());
}

#[test]
fn inscribe_login_logout_api_health() {
    let inscribe: InscribeEnvelope = decode(json!({"success": true, "data":
        {"status": "success", "id": "4f1c", "ingestion_id": "4f1c", "visible_pixel_hash": "4f1c"}}));
    assert_eq!(inscribe.data.id, "4f1c");
    assert_eq!(inscribe.data.ingestion_id.as_deref(), Some("4f1c"));

    let login: LoginEnvelope =
        decode(json!({"success": true, "data": {"valid": true, "api_key": "k", "wallet": "tb1q"}}));
    assert!(login.data.valid);
    assert_eq!(login.data.wallet.as_deref(), Some("tb1q"));

    let logout: LogoutEnvelope = decode(json!({"success": true, "data": {"status": "logged out"}}));
    assert_eq!(logout.data.status, "logged out");

    let health: ApiHealthEnvelope =
        decode(json!({"success": true, "data": {"status": "healthy", "extra": {"db": "ok"}}}));
    assert_eq!(health.data.unwrap().status, "healthy");
}

#[test]
fn request_bodies_skip_absent_fields() {
    let request = InscribeRequest {
        message: Some("a wish".into()),
        price: Some("0.0001".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"message":"a wish","price":"0.0001"}"#
    );
    let login = LoginRequest {
        api_key: "k".into(),
        wallet_address: None,
    };
    assert_eq!(serde_json::to_string(&login).unwrap(), r#"{"api_key":"k"}"#);
}

#[test]
fn error_bodies_decode_as_their_schemas() {
    let a: EnvelopeError = decode(json!({"success": false, "error": {"error":
        {"code": "403", "message": "invalid api key", "timestamp": "2026-01-01T00:00:00Z", "request_id": ""}}}));
    assert_eq!(a.error.error.code, "403");
    let d: MiddlewareError = decode(json!({"success": false, "error":
        {"error": "api_key_required", "message": "API key required", "code": 401}}));
    assert_eq!(d.error.code, 401);
    let e: CoreError = decode(
        json!({"error": {"code": "EXTRACTION_FAILED", "message": "m",
        "details": {"error": "x"}, "timestamp": "t", "request_id": "r"}}),
    );
    assert_eq!(e.error.details.unwrap()["error"], json!("x"));
}
