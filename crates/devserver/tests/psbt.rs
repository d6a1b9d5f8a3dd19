//! `POST /api/smart_contract/contracts/{id}/psbt`: the PSBT decoded with rust-bitcoin (payouts,
//! commitment, fee = Go's estimate, change), every refusal's status and text, the side
//! effects, and an independent signing check (`scripts/psbt_sign_check.py`: embit signs with
//! the fixture key, python-bitcointx verifies every input against its prevout).

mod common;

use std::str::FromStr;

use base64::Engine;
use bitcoin::psbt::Psbt;
use bitcoin::{Address, Amount};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const PAYER: &str = "payer-key";
const FIXTURE: &str = "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v";
const FIXTURE_P2PKH: &str = "mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT";
const FIXTURE_P2SH: &str = "2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9";
const PAY_A: &str = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx";
const PAY_B: &str = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7";
const BAD_KEY: &str = "bad-wallet-key";

async fn server(dir: &std::path::Path) -> Server {
    let mut config = local(generate(dir));
    config.api_keys = vec![
        format!("{PAYER}={FIXTURE}"),
        AGENT.into(),
        format!("{BAD_KEY}=bc1qseedcreator0000000000000000000000000wish"),
    ];
    start(config).await
}

/// Calls the PSBT builder of contract `id`; a bare wish hash means its contract `wish-<hash>`,
/// with the hash as `pixel_hash` unless the body names one (`wish-<hash>` has no ingestion
/// record of its own, so the backend finds no pixel hash for it otherwise).
async fn psbt(s: &Server, id: &str, key: &str, mut body: Value) -> (StatusCode, Value) {
    let id = if id.len() == 64 {
        if let Some(o) = body.as_object_mut() {
            o.entry("pixel_hash").or_insert(id.into());
        }
        format!("wish-{id}")
    } else {
        id.to_string()
    };
    let path = format!("/api/smart_contract/contracts/{id}/psbt");
    s.call("POST", &path, Some(key), Some(body)).await
}

fn decoded(v: &Value) -> Psbt {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(v["psbt_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        v["psbt"].as_str().unwrap(),
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    Psbt::deserialize(&bytes).unwrap()
}

fn script(a: &str) -> bitcoin::ScriptBuf {
    Address::from_str(a)
        .unwrap()
        .assume_checked()
        .script_pubkey()
}

#[tokio::test]
async fn a_payment_pays_the_payouts_commitment_fee_and_change() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path()).await;
    let hash = s.wish(PAYER, "A lighthouse to pay for").await;
    let body = json!({"pixel_hash": hash, "commitment_sats": 1000, "fee_rate_sats_vb": 2,
        "budget_sats": 40000, "payouts": [{"address": PAY_A, "amount_sats": 20000},
        {"address": PAY_B, "amount_sats": 10000}]});
    let (status, v) = psbt(&s, &hash, PAYER, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let p = decoded(&v);
    let tx = &p.unsigned_tx;
    assert_eq!(tx.output[0].script_pubkey, script(PAY_A));
    assert_eq!(tx.output[0].value, Amount::from_sat(20_000));
    assert_eq!(tx.output[1].script_pubkey, script(PAY_B));
    assert_eq!(tx.output[1].value, Amount::from_sat(10_000));
    assert!(tx.output[2].script_pubkey.is_p2wsh());
    assert_eq!(tx.output[2].value, Amount::from_sat(1000));
    assert_eq!(v["commitment_vout"], 2);
    assert_eq!(tx.output[3].script_pubkey, script(FIXTURE));
    // One P2WPKH input (69 vB), four outputs: (10 + 69 + 4 × 34) × 2 + 3 × 2.
    assert_eq!(tx.input.len(), 1);
    let fee = (10 + 69 + 4 * 34) * 2 + 6;
    assert_eq!(v["fee_sats"], fee);
    let selected = v["selected_sats"].as_i64().unwrap();
    assert_eq!(selected, 1_000_000);
    let change = selected - 30_000 - 1000 - fee;
    assert_eq!(v["change_sats"], change);
    assert_eq!(tx.output[3].value.to_sat() as i64, change);
    let inputs: u64 = p
        .inputs
        .iter()
        .map(|i| i.witness_utxo.as_ref().unwrap().value.to_sat())
        .sum();
    let outputs: u64 = tx.output.iter().map(|o| o.value.to_sat()).sum();
    assert_eq!(
        (inputs - outputs) as i64,
        fee,
        "the real fee is the estimate"
    );
    assert!(p.inputs.iter().all(|i| i.non_witness_utxo.is_some()));
    assert_eq!(v["funding_txid"], tx.compute_txid().to_string());
    assert_eq!(
        (v["pixel_hash"].as_str(), v["pixel_source"].as_str()),
        (Some(hash.as_str()), Some("pixel_hash"))
    );
    assert_eq!(v["payout_amounts"], json!([20000, 10000]));
    assert_eq!(v["change_addresses"], json!([FIXTURE]));
    assert_eq!(v["network_params"], "testnet4");
    assert_eq!(v["budget_sats"], 40000);
    assert_eq!(v["contractor"], "");
    assert_eq!(v["commitment_lock_address"], FIXTURE);

    // Side effects: funded, the event, the proposal's commitment metadata.
    let contract: Value = s
        .get(
            &format!("/api/smart_contract/contracts/wish-{hash}"),
            Some(PAYER),
        )
        .await;
    assert_eq!(contract["status"], "funded");
    let events = s
        .json(&format!(
            "/api/smart_contract/events?type=stego_publish&entity_id={hash}"
        ))
        .await;
    assert_eq!(events["events"][0]["actor"], "system", "{events}");
    let proposal = s
        .json(&format!("/api/smart_contract/proposals/{hash}"))
        .await;
    assert_eq!(proposal["metadata"]["commitment_lock_address"], FIXTURE);
    assert_eq!(proposal["metadata"]["commitment_target"], "funding");

    // A second call builds the same payment again (nothing is spent until mined).
    let (status, again) = psbt(&s, &hash, PAYER, body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["funding_txid"], v["funding_txid"]);
}

#[tokio::test]
async fn without_payouts_the_contractor_is_paid_the_contracts_budget() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path()).await;
    let hash = s.wish(PAYER, "Pay the contractor").await;
    let (status, v) = psbt(
        &s,
        &hash,
        PAYER,
        json!({"contractor_wallet": PAY_A, "fee_rate_sats_vb": -5}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["budget_sats"], 40000, "the wish's price");
    assert_eq!(v["fee_sats"], 0, "a negative rate counts as 0");
    assert_eq!(v["contractor"], PAY_A);
    assert_eq!(
        v["commitment_script"], "",
        "no commitment without commitment_sats"
    );
    assert_eq!(v["pixel_source"], "pixel_hash");
    assert_eq!(v["change_addresses"], json!([FIXTURE]));
    assert_eq!(
        decoded(&v).unsigned_tx.output[0].value,
        Amount::from_sat(40_000)
    );
}

#[tokio::test]
async fn refusals_have_the_backends_status_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path()).await;
    let hash = s.wish(PAYER, "Refusals").await;
    let path = format!("/api/smart_contract/contracts/{hash}/psbt");
    let (status, text) = s
        .raw("POST", &path, Some(PAYER), Some("text/plain"), "{}")
        .await;
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_shape_a(
        status,
        &v,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json",
    );
    let (status, v) = psbt(&s, &hash, "nope", json!({})).await;
    assert_shape_a(status, &v, StatusCode::FORBIDDEN, "invalid api key");
    let (status, v) = psbt(&s, &hash, AGENT, json!({})).await;
    let unbound = "api key missing wallet binding - please associate a Bitcoin wallet address with your API key";
    assert_shape_a(status, &v, StatusCode::FORBIDDEN, unbound);
    let (status, text) = s
        .raw("POST", &path, Some(PAYER), Some("application/json"), "")
        .await;
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_shape_a(status, &v, StatusCode::BAD_REQUEST, "invalid json");
    let (status, v) = psbt(&s, "nosuch", PAYER, json!({})).await;
    assert_shape_a(
        status,
        &v,
        StatusCode::NOT_FOUND,
        "contract nosuch not found",
    );
    let (status, v) = psbt(&s, &format!("x{}", &hash[1..]), PAYER, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    let (status, v) = psbt(&s, &hash, BAD_KEY, json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message(&v).starts_with("invalid payer wallet: "), "{v}");

    let pay = |a: &str, n: i64| json!({"payouts": [{"address": a, "amount_sats": n}]});
    let cases: Vec<(Value, &str)> = vec![
        (json!({"payer_addresses": [" "]}), "payer address required"),
        (
            json!({"payer_addresses": [FIXTURE, FIXTURE_P2PKH]}),
            "change_address required when using multiple payer addresses",
        ),
        (
            json!({"change_address": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}),
            "invalid change address: unknown address type",
        ),
        (
            json!({"commitment_target": "moon"}),
            "invalid commitment_target",
        ),
        (
            json!({"commitment_target": "donation"}),
            "donation address not configured",
        ),
        (pay("", 5), "payout address required"),
        (pay(PAY_A, 0), "payout amount must be positive"),
        (pay(PAY_A, 50_000), "payout total exceeds budget_sats"),
        (
            json!({}),
            "contractor wallet required when payouts are empty",
        ),
        (
            json!({"payer_addresses": ["tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"], "contractor_wallet": PAY_A}),
            "no confirmed utxos for address",
        ),
        (
            json!({"budget_sats": 5_000_000, "contractor_wallet": PAY_A}),
            "insufficient funds: need 5000000 sats, selected 3750000",
        ),
        (
            json!({"budget_sats": 3_749_900, "contractor_wallet": PAY_A, "fee_rate_sats_vb": 10}),
            "insufficient funds after fee: 3820 sats short",
        ),
        (
            json!({"pixel_hash": "00".repeat(20), "commitment_sats": 5, "contractor_wallet": PAY_A}),
            "pixel hash must be 32 bytes for P2WSH hashlock",
        ),
    ];
    for (body, want) in cases {
        let (status, v) = psbt(&s, &hash, PAYER, body).await;
        assert_shape_a(status, &v, StatusCode::BAD_REQUEST, want);
    }
    let (status, v) = psbt(&s, &format!("wish-{hash}"), PAYER, json!({})).await;
    let missing = "missing 32-byte pixel hash for commitment output";
    assert_shape_a(status, &v, StatusCode::BAD_REQUEST, missing);
    let (status, v) = psbt(
        &s,
        &hash,
        PAYER,
        pay("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", 100),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a valid bc1 address decodes, as in btcutil: {v}"
    );
    let (status, v) = psbt(&s, &hash, PAYER, pay("bc1qnotvalid", 100)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message(&v).starts_with("invalid payout address: "), "{v}");
}

#[tokio::test]
async fn psbt_unavailable_answers_503() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = local(generate(dir.path()));
    config.api_keys = vec![format!("{PAYER}={FIXTURE}")];
    config.psbt_unavailable = true;
    let s = start(config).await;
    let hash = s.wish(PAYER, "Unavailable").await;
    let (status, v) = psbt(&s, &hash, PAYER, json!({})).await;
    assert_shape_a(
        status,
        &v,
        StatusCode::SERVICE_UNAVAILABLE,
        "psbt builder unavailable",
    );
}

/// Signs the answered PSBT with the fixture key in Python (embit) and verifies every input with
/// another implementation (python-bitcointx): the PSBT is one a wallet can sign.
#[tokio::test]
async fn the_fixture_key_signs_a_valid_transaction_outside_rust() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path()).await;
    let hash = s.wish(PAYER, "Signed elsewhere").await;
    // Three payers (P2PKH, P2SH-P2WPKH, P2WPKH) so that every input kind is signed.
    let body = json!({"payer_addresses": [FIXTURE_P2PKH, FIXTURE_P2SH, FIXTURE], "change_address": FIXTURE,
        "budget_sats": 7_600_000, "fee_rate_sats_vb": 3, "pixel_hash": hash, "commitment_sats": 600,
        "payouts": [{"address": PAY_A, "amount_sats": 7_550_000}]});
    let (status, v) = psbt(&s, &hash, PAYER, body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let p = decoded(&v);
    assert!(
        p.inputs.len() > 10,
        "coins of all three addresses: {}",
        p.inputs.len()
    );
    assert_eq!(
        v["funding_txid"], "",
        "P2PKH inputs: no txid before signing, as in Go"
    );
    let file = dir.path().join("payment.psbt");
    std::fs::write(&file, v["psbt_base64"].as_str().unwrap()).unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/scripts/psbt_sign_check.py"))
        .arg(&file)
        .output()
        .expect("python3");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "{stdout}{stderr} (scripts/setup.sh installs embit and python-bitcointx)"
    );
    assert!(stdout.starts_with("ok: "), "{stdout}");

    // The app's case: one P2WPKH payer; the signed txid is the answered funding_txid.
    let body = json!({"pixel_hash": hash, "fee_rate_sats_vb": 1, "payouts": [{"address": PAY_B, "amount_sats": 25_000}]});
    let (status, v) = psbt(&s, &hash, PAYER, body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    std::fs::write(&file, v["psbt_hex"].as_str().unwrap()).unwrap();
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/scripts/psbt_sign_check.py"))
        .arg(&file)
        .arg(signature_fixture_wif())
        .arg(v["funding_txid"].as_str().unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn signature_fixture_wif() -> &'static str {
    devserver::signature::sign::FIXTURE_WIF
}
