//! The inscription → contract rule and the stego badges, against hostile and real shapes.

use serde_json::{json, Value};
use stargate_api::{BlockInscription, BlockSummary};

use super::id::ContractRef;
use super::stego::{
    contract_of, contract_ref, inscription_badges, link_id, stego_marks, wish_inscription,
    BlockMarks, Mark, StegoMarks,
};

const H: &str = "6405cfcf8626a5eee142eabbf5fab5f0f1ca3f5426efd9f53926fe403e9b5c84";
const TX: &str = "aa05cfcf8626a5eee142eabbf5fab5f0f1ca3f5426efd9f53926fe403e9b5c84";

fn ins(metadata: Value, scan_result: Value) -> BlockInscription {
    serde_json::from_value(json!({
        "id": format!("{TX}_0"), "tx_id": TX, "input_index": 0, "content_type": "image/png",
        "size_bytes": 0, "metadata": metadata, "scan_result": scan_result,
    }))
    .unwrap()
}

fn plain() -> BlockInscription {
    serde_json::from_value(json!({
        "id": format!("{TX}_1"), "tx_id": TX, "input_index": 1, "content_type": "text/plain",
        "size_bytes": 3,
    }))
    .unwrap()
}

#[test]
fn a_contract_entry_of_the_go_backend_links_to_its_wish() {
    // buildContractInscriptions: metadata.contract_id, plus the matcher's fields.
    let entry = ins(
        json!({"contract_id": H, "visible_pixel_hash": H, "ingestion_id": H, "tx_id": TX,
               "match_type": "op_return", "image_file": "abc.png"}),
        Value::Null,
    );
    let found = contract_of(&entry).unwrap();
    assert_eq!(found, ContractRef::Wish(H.to_owned()));
    assert_eq!(link_id(&found), format!("wish-{H}"));
}

#[test]
fn the_first_valid_key_wins_in_reacts_order() {
    let upper = H.to_ascii_uppercase();
    let other = "1".repeat(64);
    let e = ins(
        json!({"contract_id": "<script>", "visible_pixel_hash": format!("wish-{upper}"),
               "ingestion_id": other}),
        Value::Null,
    );
    assert_eq!(contract_of(&e), Some(ContractRef::Wish(H.to_owned())));
    let e = ins(
        json!({"contract_id": 7, "ingestion_id": other}),
        Value::Null,
    );
    assert_eq!(contract_of(&e), Some(ContractRef::Wish(other)));
    let e = ins(
        json!({"contract_id": "proposal-1750000000_ab-c"}),
        Value::Null,
    );
    assert_eq!(
        contract_of(&e),
        Some(ContractRef::Proposal("proposal-1750000000_ab-c".to_owned()))
    );
}

#[test]
fn hostile_or_unknown_ids_make_no_link() {
    for bad in [
        "",
        " ",
        "javascript:alert(1)",
        "stego_3_1750000000",
        "proposal-",
        "proposal-a b",
        "proposal-../../api/auth",
        "proposal-<img src=x onerror=alert(1)>",
        "proposal-\u{202e}evil",
        &format!("proposal-{}", "a".repeat(65)),
        &H[..63],
        &format!("{H}0"),
        &format!("{}g", &H[..63]),
        &format!("wish-{H}/x"),
        &format!("wish-\u{200b}{H}"),
        "../contract/x",
        "wish-",
    ] {
        assert_eq!(contract_ref(bad), None, "{bad:?}");
        assert_eq!(
            contract_of(&ins(json!({"contract_id": bad}), Value::Null)),
            None
        );
    }
    assert_eq!(contract_of(&plain()), None);
    assert_eq!(contract_of(&ins(json!({}), Value::Null)), None);
    assert_eq!(
        contract_of(&ins(json!({"contract_id": null}), Value::Null)),
        None
    );
}

#[test]
fn a_scan_result_decides_stego_when_there_is_one() {
    let m = stego_marks(&ins(
        json!({"is_stego": true}),
        json!({"is_stego": false, "confidence": 0.0, "scan_error": "not_scanned"}),
    ));
    assert!(!m.stego);
    let m = stego_marks(&ins(
        Value::Null,
        json!({"is_stego": true, "confidence": 0.873}),
    ));
    assert_eq!(
        m,
        StegoMarks {
            stego: true,
            percent: Some(87),
            status: None
        }
    );
    // An empty scan result (the backend pads with `{}`) falls back to the metadata.
    let m = stego_marks(&ins(json!({"stego_type": "alpha"}), json!({})));
    assert!(m.stego);
}

#[test]
fn metadata_markers_as_the_block_monitor_writes_them() {
    // applyStegoMetadata: is_stego, stego_probability 1.0, stego_type.
    let m = stego_marks(&ins(
        json!({"contract_id": H, "is_stego": true, "stego_probability": 1.0, "stego_type": "stego"}),
        Value::Null,
    ));
    assert!(m.stego);
    assert_eq!(m.percent, Some(100));
    assert!(stego_marks(&ins(json!({"stego_probability": "0.5"}), Value::Null)).stego);
    let text = stego_marks(&ins(
        json!({"is_stego": true, "confidence": " 0.85 "}),
        Value::Null,
    ));
    assert_eq!(text.percent, Some(85), "a plain decimal written as text");
    for odd in ["1e2", "-0.5", ".5", "0.", "0x10", "1.2.3", ""] {
        let m = stego_marks(&ins(
            json!({"is_stego": true, "confidence": odd}),
            Value::Null,
        ));
        assert_eq!(m.percent, None, "{odd:?}");
    }
    assert!(!stego_marks(&ins(json!({"stego_type": "  "}), Value::Null)).stego);
    assert!(!stego_marks(&plain()).stego);
    // 10 % or less is not shown; nonsense numbers are 0; more than 1 is 100 %.
    let low = stego_marks(&ins(
        json!({"is_stego": true, "confidence": 0.1}),
        Value::Null,
    ));
    assert_eq!(low.percent, None);
    let weird = stego_marks(&ins(
        json!({"confidence": 1e300, "is_stego": "yes"}),
        Value::Null,
    ));
    assert_eq!((weird.stego, weird.percent), (false, Some(100)));
    let nan = stego_marks(&ins(
        json!({"confidence": "NaN", "is_stego": true}),
        Value::Null,
    ));
    assert_eq!(nan.percent, None);
}

#[test]
fn the_confirmation_status_is_a_plain_word_or_nothing() {
    let m = stego_marks(&ins(
        Value::Null,
        json!({"confirmation_status": "Confirmed"}),
    ));
    assert_eq!(m.status.as_deref(), Some("confirmed"));
    let m = stego_marks(&ins(
        json!({"status": "provisional"}),
        json!({"status": "<b>x</b>"}),
    ));
    assert_eq!(m.status.as_deref(), Some("provisional"));
    let m = stego_marks(&ins(json!({"confirmed_height": 812}), Value::Null));
    assert_eq!(m.status.as_deref(), Some("confirmed"));
    let m = stego_marks(&ins(
        json!({"status": "a\u{202e}b", "confirmed_txid": TX}),
        Value::Null,
    ));
    assert_eq!(m.status.as_deref(), Some("confirmed"));
    let long = "x".repeat(25);
    assert_eq!(
        stego_marks(&ins(json!({"status": long}), Value::Null)).status,
        None
    );
}

fn texts(marks: &StegoMarks, has_contract: bool) -> Vec<String> {
    inscription_badges(marks, has_contract)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn badge_texts() {
    let none = StegoMarks::default();
    assert!(texts(&none, false).is_empty());
    assert_eq!(texts(&none, true), ["Contract"]);
    let full = StegoMarks {
        stego: true,
        percent: Some(92),
        status: Some("confirmed".into()),
    };
    assert_eq!(
        inscription_badges(&full, true),
        [
            (Mark::Stego, "Stego · 92%".to_owned()),
            (Mark::Contract, "Contract · confirmed".to_owned())
        ]
    );
    let bare = StegoMarks {
        stego: true,
        ..StegoMarks::default()
    };
    assert_eq!(texts(&bare, false), ["Stego"]);
}

#[test]
fn block_badges_from_the_summary() {
    let summary = |extra: Value| -> BlockSummary {
        let mut v = json!({"block_height": 5, "block_hash": "h", "timestamp": 1, "tx_count": 2,
            "inscription_count": 1, "smart_contract_count": 0, "has_images": false,
            "thumbnail_url": ""});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(v).unwrap()
    };
    assert!(BlockMarks::from_summary(&summary(json!({})))
        .badges()
        .is_empty());
    let m = BlockMarks::from_summary(&summary(json!({"smart_contract_count": 1})));
    assert_eq!(m.badges(), ["1 smart contract"]);
    let m = BlockMarks::from_summary(&summary(json!({"smart_contract_count": -3,
        "steganography_summary": {"total_images": 14, "stego_detected": true, "stego_count": 2}})));
    assert_eq!(
        m,
        BlockMarks {
            contracts: 0,
            stego: 2
        }
    );
    assert_eq!(m.badges(), ["2 stego images"]);
    let m = BlockMarks {
        contracts: 1200,
        stego: 1,
    };
    assert_eq!(m.badges(), ["1,200 smart contracts", "1 stego image"]);
}

#[test]
fn the_wish_inscription_needs_a_txid_and_a_height() {
    let upper = TX.to_ascii_uppercase();
    assert_eq!(
        wish_inscription(Some(&upper), Some(812)),
        Some((TX.to_owned(), 812))
    );
    assert_eq!(wish_inscription(Some(TX), None), None);
    assert_eq!(wish_inscription(Some(TX), Some(0)), None);
    assert_eq!(wish_inscription(Some(TX), Some(-1)), None);
    assert_eq!(wish_inscription(None, Some(812)), None);
    for bad in ["TBD", "", &format!("{TX}_0"), &format!("../{}", &TX[3..])] {
        assert_eq!(wish_inscription(Some(bad), Some(812)), None, "{bad}");
    }
}
