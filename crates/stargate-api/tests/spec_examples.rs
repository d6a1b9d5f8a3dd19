//! Every `example` of openapi/stargate.yaml (responses, media types, schemas) is decoded with the
//! generated types — found by walking the YAML, so new examples are covered automatically.

use serde_json::Value;
use stargate_api::*;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/stargate.yaml");

fn spec() -> Value {
    let text = std::fs::read_to_string(SPEC).expect("read the spec");
    serde_yaml::from_str(&text).expect("the spec is YAML")
}

fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => spec
            .pointer(r.strip_prefix('#').expect("local $ref"))
            .unwrap_or_else(|| panic!("dangling {r}")),
        None => value,
    }
}

/// Decodes `example` as the generated type named `schema`, and serialises it back.
fn round_trip(schema: &str, example: &Value) -> Result<Value, String> {
    fn go<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Result<Value, String> {
        let body = v.to_string();
        let typed: T =
            decode_response(200, Some("application/json"), &body).map_err(|e| e.to_string())?;
        Ok(serde_json::to_value(&typed).expect("serialise"))
    }
    macro_rules! by_name {
        ($($t:ident)*) => {
            match schema {
                $(stringify!($t) => go::<$t>(example),)*
                other => panic!("no generated type named {other} (add it to this list)"),
            }
        };
    }
    by_name!(
        NodeHealth BitcoinNodeStatus ExtractResponse ExtractionResult ApiHealthEnvelope ApiHealth
        BlockSummariesPage BlockSummary
        SteganographySummary BlockInscriptionsPage BlockInscription OpenContractsEnvelope
        OpenContractsData OpenContract SearchEnvelope SearchResults SearchHit InscribeRequest
        InscribeEnvelope InscribeResult LoginRequest LoginEnvelope LoginResult LogoutEnvelope
        LogoutResult EnvelopeError ErrorDetail MiddlewareError CoreError InscriptionFilter
        InscriptionFields ContractStatus CursorDirection ChallengeRequest ChallengeEnvelope
        Challenge VerifyRequest VerifyEnvelope VerifyResult Contract ReworkRequest
        ReworkCreateRequest ReworkResolved Proposal Task MerkleProof Submission ProposalList
        ProposalTaskInput ProposalCreateRequest ProposalCreated ProposalDecision ContractEvent
        EventList ClaimRequest ClaimReceipt SubmitWorkRequest SubmissionList ReviewRequest
        ReviewResult TaskList PsbtPayout PsbtRequest PsbtResult
    )
}

/// The serialised form says the same as the example: equal values, and a key only on one side
/// must be `null` on the other (optional fields given as `null` are skipped when serialising).
fn assert_same(example: &Value, serialised: &Value, at: &str) {
    match (example, serialised) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => assert_same(x, y, &format!("{at}.{key}")),
                    (Some(x), None) | (None, Some(x)) => {
                        assert!(x.is_null(), "{at}.{key}: {x} on one side only")
                    }
                    (None, None) => unreachable!(),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: lengths");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!(a.as_f64(), b.as_f64(), "{at}");
        }
        _ => assert_eq!(example, serialised, "{at}"),
    }
}

/// Every (where, status, media type, schema, example) of the spec's responses.
fn response_examples(spec: &Value) -> Vec<(String, u16, String, Value, Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                let response = resolve(spec, response);
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for (media, body) in content {
                    let schema = body.get("schema").cloned().unwrap_or(Value::Null);
                    let mut examples: Vec<Value> =
                        body.get("example").cloned().into_iter().collect();
                    if let Some(named) = body.get("examples").and_then(Value::as_object) {
                        examples.extend(
                            named
                                .values()
                                .filter_map(|e| resolve(spec, e).get("value").cloned()),
                        );
                    }
                    for example in examples {
                        out.push((
                            format!("{method} {path} {status} {media}"),
                            status.parse().expect("numeric status"),
                            media.clone(),
                            schema.clone(),
                            example,
                        ));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_response_example_decodes() {
    let spec = spec();
    let examples = response_examples(&spec);
    let mut json_successes = 0;
    let mut error_examples = 0;
    for (at, status, media, schema, example) in &examples {
        let schema_name = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"));
        match (media.as_str(), schema_name) {
            ("application/json", Some(name)) => {
                let serialised = round_trip(name, example).unwrap_or_else(|e| panic!("{at}: {e}"));
                assert_same(example, &serialised, at);
                if (200..300).contains(status) {
                    json_successes += 1;
                } else {
                    let error = ApiError::from_response(*status, Some(media), &example.to_string());
                    let ApiError::Http { message, .. } = &error else {
                        unreachable!()
                    };
                    assert_ne!(
                        message,
                        stargate_api::error::reason_phrase(*status),
                        "{at}: no message read"
                    );
                    error_examples += 1;
                }
            }
            ("text/plain", _) => {
                let text = example
                    .as_str()
                    .unwrap_or_else(|| panic!("{at}: not a string"));
                let error = ApiError::from_response(*status, Some(media), text);
                assert_eq!(
                    error,
                    ApiError::Http {
                        status: *status,
                        message: text.trim().to_owned()
                    },
                    "{at}"
                );
                error_examples += 1;
            }
            _ => panic!("{at}: example of an unhandled media type / schema"),
        }
    }
    // 9 JSON operations, each with a 200 example; the plain-text error example is shared by
    // many responses. (A floor, so the walk above cannot silently find nothing.)
    assert!(
        json_successes >= 9,
        "only {json_successes} JSON success examples found"
    );
    assert!(error_examples >= 1, "no error example found");
}

#[test]
fn every_schema_example_decodes() {
    let spec = spec();
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        if let Some(example) = schema.get("example") {
            let serialised = round_trip(name, example).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_same(example, &serialised, name);
        }
    }
}

#[test]
fn every_schema_has_a_generated_type() {
    let spec = spec();
    for name in spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
    {
        // panics with "no generated type named …" when the list in round_trip misses one
        let _ = round_trip(name, &Value::Null);
    }
}
