//! `POST /bitcoin/v1/extract` against the chain's own stego images (embed at generation, extract
//! over HTTP), in the Go handler's shapes, statuses and order of checks.

use axum::body::Body;
use axum::http::Request;
use devserver::stego::corpus::{self, HOSTILE_MESSAGE, PLAIN_MESSAGE, SCANNED_MESSAGE};
use reqwest::StatusCode;
use serde_json::Value;
use tower::ServiceExt;

use super::{start_with, Answer, Server, TIP};

const BOUNDARY: &str = "stargate-test-boundary";

/// A multipart body of `(name, file name, bytes)` parts.
fn form(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        let file = file.map_or(String::new(), |f| format!("; filename=\"{f}\""));
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

impl Server {
    async fn post(&self, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let req = Request::post(path)
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        let (parts, body) = self.app.clone().oneshot(req).await.unwrap().into_parts();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body: axum::body::to_bytes(body, usize::MAX).await.unwrap(),
        }
    }

    async fn extract(&self, query: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Answer {
        let ct = format!("multipart/form-data; boundary={BOUNDARY}");
        self.post(&format!("/bitcoin/v1/extract{query}"), &ct, form(parts))
            .await
    }
}

fn json(answer: &Answer) -> Value {
    serde_json::from_slice(&answer.body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chains_stego_images_give_back_their_messages() {
    let s = start_with(TIP, false, None).await;
    let height = TIP - corpus::DEPTH;
    let page: Value = s
        .raw(&format!(
            "/api/data/block-inscriptions/{height}?limit=100&fields=full"
        ))
        .await;
    let items = page["inscriptions"].as_array().unwrap();
    let wanted = [
        Some(SCANNED_MESSAGE),
        Some(PLAIN_MESSAGE),
        Some(HOSTILE_MESSAGE),
        None,
    ];
    assert!(items.len() >= wanted.len());
    for (item, want) in items.iter().zip(wanted) {
        assert_eq!(item["content_type"], "image/png");
        let scan = &item["scan_result"];
        let url = item["image_url"].as_str().unwrap();
        let (status, _, bytes) = s.oneshot(url).await;
        assert_eq!(status, StatusCode::OK);
        let answer = s
            .extract("", &[("image", Some("dir/stego.PNG"), &bytes)])
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.headers["access-control-allow-origin"], "*");
        let body = json(&answer);
        let result = &body["extraction_result"];
        assert_eq!(body["image_info"]["filename"], "stego.PNG");
        assert_eq!(body["image_info"]["format"], "png");
        assert_eq!(body["image_info"]["size_bytes"], bytes.len());
        assert_eq!(body["request_id"].as_str().unwrap().len(), 16);
        assert!(body["processing_time_ms"].is_number());
        match want {
            Some(message) => {
                assert_eq!(result["message_found"], true);
                assert_eq!(result["message"], message, "byte for byte, hostile or not");
                assert_eq!(result["method_used"], "alpha");
                assert_eq!(result["method_confidence"], 100.0);
                assert_eq!(result["extraction_details"]["algorithm"], "alpha_lsb");
            }
            None => {
                assert_eq!(result["message_found"], false);
                // Go's omitempty: no message, method or confidence at all.
                for key in ["message", "method_used", "method_confidence"] {
                    assert!(result.get(key).is_none(), "{key}");
                }
                assert_eq!(result["extraction_details"]["status"], "no_message_found");
            }
        }
        if want == Some(SCANNED_MESSAGE) {
            assert_eq!(scan["extracted_message"], SCANNED_MESSAGE);
            assert_eq!(scan["is_stego"], true);
            assert_eq!(scan["stego_type"], "alpha");
        } else {
            assert_eq!(scan["extracted_message"], "");
            assert_eq!(scan["scan_error"], "not_scanned");
        }
    }
    // Ordinary images carry no scan result.
    let other: Value = s
        .raw(&format!("/api/data/block-inscriptions/{TIP}?limit=100"))
        .await;
    for item in other["inscriptions"].as_array().into_iter().flatten() {
        assert!(item.get("scan_result").is_none_or(Value::is_null), "{item}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_in_the_go_handlers_order_and_shapes() {
    let s = start_with(TIP, false, None).await;
    let image = corpus::corpus()[1].payload.body.clone();

    let (status, ct, body) = s.text("/bitcoin/v1/extract").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed\n")
    );
    assert!(ct.starts_with("text/plain"));

    let plain = |a: &Answer| (a.status, String::from_utf8(a.body.to_vec()).unwrap());
    let not_form = s
        .post("/bitcoin/v1/extract", "application/json", b"{}".to_vec())
        .await;
    assert_eq!(
        plain(&not_form),
        (StatusCode::BAD_REQUEST, "Failed to parse form\n".into())
    );

    let missing = [
        s.extract("", &[("method", None, b"alpha")]).await,
        // A part named image without a file name is a value, not a file.
        s.extract("", &[("image", None, &image)]).await,
        s.extract("", &[("picture", Some("a.png"), &image)]).await,
    ];
    for answer in &missing {
        assert_eq!(
            plain(answer),
            (StatusCode::BAD_REQUEST, "Image file required\n".into())
        );
    }

    // An unsupported method answers 200 without reading the image at all.
    let refused = s
        .extract(
            "",
            &[
                ("image", Some("x.bin"), b"not an image"),
                ("method", None, b"lsb.rgb"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    let result = &json(&refused)["extraction_result"];
    assert_eq!(result["message_found"], false);
    assert_eq!(
        result["extraction_details"]["error"],
        "unsupported method: lsb.rgb"
    );
    // The query's method comes first (Go's FormValue).
    let query_first = s
        .extract(
            "?method=raw",
            &[("image", Some("a.png"), &image), ("method", None, b"alpha")],
        )
        .await;
    assert_eq!(
        json(&query_first)["extraction_result"]["extraction_details"]["error"],
        "unsupported method: raw"
    );
    let auto = s
        .extract("?method=auto", &[("image", Some("a.png"), &image)])
        .await;
    assert_eq!(json(&auto)["extraction_result"]["message"], PLAIN_MESSAGE);

    // Bytes that are no image: 500 in shape E.
    let broken = s
        .extract("", &[("image", Some("noext"), b"not an image")])
        .await;
    assert_eq!(broken.status, StatusCode::INTERNAL_SERVER_ERROR);
    let body = json(&broken);
    assert_eq!(body["error"]["code"], "EXTRACTION_FAILED");
    assert_eq!(body["error"]["message"], "Message extraction failed");
    assert_eq!(
        body["error"]["details"]["error"],
        "failed to decode image: image: unknown format"
    );
    assert!(body.get("success").is_none());
    let e: stargate_api::CoreError = serde_json::from_value(body).unwrap();
    assert_eq!(e.error.request_id.unwrap().len(), 16);

    // An RGB PNG (opaque alpha) holds nothing.
    let rgb = devserver::png::pattern(16, 16, 0, 1);
    let none = s.extract("", &[("image", Some("rgb.png"), &rgb)]).await;
    assert_eq!(json(&none)["extraction_result"]["message_found"], false);
}
