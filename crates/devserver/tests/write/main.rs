//! The write path over real HTTP against a real SQLite file: `/api/inscribe` (checks, status
//! codes and error shapes of the Go handler), API-key auth, login/logout, and mining wishes.

#[path = "../common/mod.rs"]
mod common;
mod marks;
mod session;

use std::path::PathBuf;

use base64::Engine;
use common::{answer, assert_shape_a, generate, local, Server};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde_json::{json, Value};
use stargate_api::{BlockInscriptionsPage, OpenContract, OpenContractsEnvelope};

const KEY: &str = "test-key-1";
const OTHER_KEY: &str = "test-key-2";

/// What these tests ask of the server beyond the shared calls.
impl Server {
    /// Submits with the test key; asserts 200 and returns the id.
    async fn submit(&self, body: &Value) -> String {
        self.inscribed(KEY, body).await
    }

    async fn contracts(&self, query: &str) -> Vec<OpenContract> {
        let env: OpenContractsEnvelope =
            serde_json::from_value(self.json(&format!("/api/open-contracts{query}")).await)
                .unwrap();
        env.data.contracts.unwrap_or_default()
    }

    async fn contract(&self, id: &str) -> Option<OpenContract> {
        let want = format!("wish-{id}");
        self.contracts("").await.into_iter().find(|c| c.id == want)
    }
}

async fn serve(db: PathBuf) -> Server {
    let mut config = local(db);
    config.api_keys = vec![KEY.into(), OTHER_KEY.into()];
    common::start(config).await
}

async fn start() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path());
    let s = serve(db).await;
    (dir, s)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn png() -> Vec<u8> {
    devserver::png::pattern(8, 8, 1, 42)
}

/// Asserts error shape D (flat, integer code).
fn assert_shape_d(status: StatusCode, body: &Value, want: StatusCode, error: &str, message: &str) {
    assert_eq!(status, want, "{body}");
    assert_eq!(
        body,
        &json!({"success": false, "error": {"error": error, "message": message, "code": want.as_u16()}})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inscribe_needs_a_key_by_header_bearer_or_cookie() {
    let (_dir, s) = start().await;
    let body = json!({"message": "auth"});
    let (st, b) = answer(s.inscribe(&body, &[]).await).await;
    assert_shape_d(
        st,
        &b,
        StatusCode::UNAUTHORIZED,
        "api_key_required",
        "API key required",
    );
    // An empty header counts as none.
    let (st, b) = answer(s.inscribe(&body, &[("x-api-key", "")]).await).await;
    assert_shape_d(
        st,
        &b,
        StatusCode::UNAUTHORIZED,
        "api_key_required",
        "API key required",
    );
    for headers in [
        vec![("x-api-key", "nope")],
        vec![("authorization", "Bearer nope")],
        vec![("cookie", "X-API-Key=nope")],
        // The header wins over a valid Bearer key.
        vec![
            ("x-api-key", "nope"),
            ("authorization", "Bearer test-key-1"),
        ],
    ] {
        let (st, b) = answer(s.inscribe(&body, &headers).await).await;
        assert_shape_d(
            st,
            &b,
            StatusCode::FORBIDDEN,
            "api_key_invalid",
            "Invalid API key",
        );
    }
    for (i, headers) in [
        vec![("x-api-key", KEY)],
        vec![("x-api-key", OTHER_KEY)],
        vec![("authorization", "Bearer test-key-1")],
        vec![("x-api-key", ""), ("authorization", "Bearer test-key-1")],
        vec![("cookie", "theme=dark; X-API-Key=test-key-1")],
    ]
    .into_iter()
    .enumerate()
    {
        let res = s
            .inscribe(&json!({"message": format!("auth {i}")}), &headers)
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{headers:?}");
    }
    // "Basic" is not a Bearer key.
    let res = s
        .inscribe(&body, &[("authorization", "Basic test-key-1")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The key is checked before the method (the middleware wraps the handler).
    let res = s.http.get(s.url("/api/inscribe")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inscribe_refusals_in_the_go_order_with_envelope_a() {
    let (_dir, s) = start().await;
    let res = s
        .http
        .get(s.url("/api/inscribe"))
        .header("x-api-key", KEY)
        .send()
        .await
        .unwrap();
    let (st, b) = answer(res).await;
    assert_shape_a(st, &b, StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    for ct in [
        None,
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let mut req = s
            .http
            .post(s.url("/api/inscribe"))
            .header("x-api-key", KEY)
            .body(r#"{"message":"hi"}"#);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        let (st, b) = answer(req.send().await.unwrap()).await;
        assert_shape_a(
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "Only JSON content type is supported",
        );
    }
    let jpeg = b64(&[0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F']);
    let gif = b64(b"GIF89a\x01\x00\x01\x00");
    let svg = b64(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#);
    let png = b64(&png());
    let bad_ext = "Invalid file type. Allowed types: png, jpg, jpeg, gif, webp, avif, bmp, svg";
    // Each message with the bodies that get it.
    let refusals: Vec<(StatusCode, &str, Vec<Value>)> = vec![
        (
            StatusCode::BAD_REQUEST,
            "Invalid JSON",
            vec![
                json!("not an object"),
                json!({"message": 5}),
                json!({"message": "x", "skip_proposal": "yes"}),
            ],
        ),
        (
            StatusCode::BAD_REQUEST,
            "Message is required for inscription",
            vec![json!(null), json!({}), json!({"message": "", "text": ""})],
        ),
        (
            StatusCode::BAD_REQUEST,
            bad_ext,
            vec![
                json!({"message": "x", "filename": "run.exe"}),
                json!({"message": "x", "filename": "noext"}),
                // The file name is checked before the image, the image before the method.
                json!({"message": "x", "filename": "a.exe", "image_base64": "!!"}),
            ],
        ),
        (
            StatusCode::BAD_REQUEST,
            "Invalid base64 image",
            vec![
                json!({"message": "x", "image_base64": "!!", "method": "lsb"}),
                json!({"message": "x", "image_base64": "aGk"}),
            ],
        ),
        (
            StatusCode::BAD_REQUEST,
            "only alpha method is supported for inscription",
            vec![json!({"message": "x", "method": "lsb"})],
        ),
        // The real backend's stego failures: JPEG, GIF (by name or by bytes), SVG, garbage.
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Failed to embed steganography: only alpha method is supported for inscription",
            vec![
                json!({"message": "x", "image_base64": jpeg, "filename": "photo.jpg"}),
                json!({"message": "x", "image_base64": jpeg, "filename": "photo.png"}),
                json!({"message": "x", "image_base64": png, "filename": "real-png.jpeg"}),
                json!({"message": "x", "image_base64": gif, "filename": "a.gif"}),
            ],
        ),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Failed to embed steganography: image: unknown format",
            vec![
                json!({"message": "x", "image_base64": svg, "filename": "a.svg"}),
                json!({"message": "x", "image_base64": "AAAA"}),
            ],
        ),
    ];
    for (want, message, bodies) in refusals {
        for body in bodies {
            let (st, b) = answer(s.inscribe(&body, &[("x-api-key", KEY)]).await).await;
            assert_shape_a(st, &b, want, message);
        }
    }
    // Nothing refused was stored.
    assert_eq!(
        s.contracts("").await.len(),
        17,
        "only the seed's ten wishes and seven contracts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inscribe_stores_a_pending_wish_and_its_image() {
    let (_dir, s) = start().await;
    let image = png();
    let res = s
        .inscribe(
            &json!({"message": "Paint the moon", "price": "0.0002", "price_unit": "btc",
                    "address": "bc1qxyz", "funding_mode": "raise_fund", "method": "alpha",
                    "image_base64": b64(&image), "filename": "moon.PNG"}),
            &[
                ("x-api-key", KEY),
                ("content-type", "application/json; charset=utf-8"),
            ],
        )
        .await;
    let (st, body) = answer(res).await;
    assert_eq!(st, StatusCode::OK);
    let id = body["data"]["id"].as_str().unwrap().to_string();
    assert!(
        id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(
        body,
        json!({"success": true, "data": {"status": "success", "id": id, "ingestion_id": id, "visible_pixel_hash": id}})
    );
    let c = s.contract(&id).await.expect("listed in open-contracts");
    assert_eq!(
        (
            c.text.as_str(),
            c.status.as_str(),
            c.price,
            c.total_budget_sats
        ),
        ("Paint the moon", "pending", 0.0002, Some(20_000))
    );
    assert_eq!(c.image_data, format!("/uploads/{id}"));
    assert_eq!(c.tx_id.as_deref(), Some("TBD"));
    assert_eq!(c.block_height, None);
    assert!((devserver::compat::now_unix() - c.timestamp).abs() < 60);
    let res = s.http.get(s.url(&c.image_data)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), image);

    // `text` is an alias of `message`; no image: the placeholder PNG; WebP is stored as sent.
    let plain = s.submit(&json!({"text": "no picture"})).await;
    let c = s.contract(&plain).await.unwrap();
    assert_eq!(
        (c.text.as_str(), c.price, c.total_budget_sats),
        ("no picture", 0.0, None)
    );
    let res = s.http.get(s.url(&c.image_data)).send().await.unwrap();
    assert_eq!(&res.bytes().await.unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    let webp = b"RIFF\x0c\x00\x00\x00WEBPVP8 ".to_vec();
    let id = s
        .submit(&json!({"message": "webp", "image_base64": b64(&webp), "filename": "a.webp"}))
        .await;
    let res = s
        .http
        .get(s.url(&format!("/uploads/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/webp");
    assert_eq!(res.bytes().await.unwrap().to_vec(), webp);
    // Different messages with the same image get different ids.
    assert_ne!(plain, s.submit(&json!({"text": "no picture either"})).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn price_without_a_dot_is_sats_even_in_btc_mode() {
    let (_dir, s) = start().await;
    // The backend's parsePriceSats quirk: "1" typed in BTC mode is ONE satoshi. The explorer
    // must send exact satoshis ("100000000" for 1 BTC).
    for (price, unit, sats) in [
        ("1", "btc", 1),
        ("100000000", "sats", 100_000_000),
        ("100000000", "btc", 100_000_000),
        ("1.0", "sats", 100_000_000),
        ("0.5", "btc", 50_000_000),
        ("lots", "btc", 0),
    ] {
        let id = s
            .submit(
                &json!({"message": format!("{price} {unit}"), "price": price, "price_unit": unit}),
            )
            .await;
        let c = s.contract(&id).await.unwrap();
        assert_eq!(
            c.total_budget_sats,
            Some(sats).filter(|s| *s != 0),
            "{price} {unit}"
        );
        assert_eq!(c.price, sats as f64 / 1e8, "{price} {unit}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wish_without_an_image_takes_the_placeholder_unless_the_backend_requires_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path());
    // the backend's default: a placeholder image
    let s = serve(db.clone()).await;
    let (st, b) = s
        .call(
            "POST",
            "/api/inscribe",
            Some(KEY),
            Some(json!({"message": "no image"})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    s.stop().await;
    // STARGATE_REQUIRE_IMAGE=true: refused in shape A, before the method check; with an image
    // the same wish passes
    let mut config = local(db);
    config.api_keys = vec![KEY.into()];
    config.require_image = true;
    let s = common::start(config).await;
    for body in [
        json!({"message": "no image"}),
        json!({"message": "no image", "image_base64": "", "method": "lsb"}),
    ] {
        let (st, b) = s.call("POST", "/api/inscribe", Some(KEY), Some(body)).await;
        assert_shape_a(
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "Image is required for inscription",
        );
    }
    let with =
        json!({"message": "with an image", "image_base64": b64(&png()), "filename": "a.png"});
    let (st, b) = s.call("POST", "/api/inscribe", Some(KEY), Some(with)).await;
    assert_eq!(st, StatusCode::OK, "{b}");
}
