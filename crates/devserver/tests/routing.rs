//! The routes without a socket (`Router::oneshot`, as in axum's testing example): the market's
//! key check comes before its 404s and 405s, as the backend's `authWrap` wraps its handlers.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use devserver::{GenerateOptions, ServeConfig};
use tower::ServiceExt;

const KEY: &str = "stargate-dev-key";

async fn router(dir: &tempfile::TempDir) -> axum::Router {
    let db = dir.path().join("chain.sqlite");
    devserver::generate(&GenerateOptions {
        db: db.clone(),
        tip: 3,
        network: bitcoin::Network::Bitcoin,
        sparse: false,
        force: false,
    })
    .unwrap();
    devserver::app(&ServeConfig::new(db)).await.unwrap().0
}

/// Status, body and the nested envelope's message ("" when the body is not one).
async fn call(app: &axum::Router, method: Method, path: &str, key: bool) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(path);
    if key {
        req = req.header("X-API-Key", KEY);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let msg = v["error"]["error"]["message"].as_str().unwrap_or_default();
    (status, msg.to_string())
}

#[tokio::test]
async fn the_market_checks_the_key_before_the_path_and_the_method() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(&dir).await;
    let forbidden = (StatusCode::FORBIDDEN, "invalid api key".to_string());
    for (method, path) in [
        (Method::GET, "/api/smart_contract/tasks"),
        (Method::DELETE, "/api/smart_contract/tasks/x"),
        (Method::HEAD, "/api/smart_contract/submissions"),
        (Method::POST, "/api/smart_contract/claims/x/unknown"),
        (Method::PUT, "/api/smart_contract/contracts/x"),
        (Method::DELETE, "/api/smart_contract/proposals/x"),
        (Method::DELETE, "/api/smart_contract/events"),
    ] {
        let got = call(&app, method.clone(), path, false).await;
        if method == Method::HEAD {
            assert_eq!(got.0, forbidden.0, "{method} {path}");
        } else {
            assert_eq!(got, forbidden, "{method} {path}");
        }
    }
    // Public reads and the mux's redirect need no key.
    assert_eq!(
        call(&app, Method::GET, "/api/smart_contract/events", false)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, Method::GET, "/api/smart_contract/proposals", false)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, Method::GET, "/api/smart_contract/claims", false)
            .await
            .0,
        StatusCode::MOVED_PERMANENTLY
    );
}

#[tokio::test]
async fn with_a_key_the_backends_404_and_405_answer_head_included() {
    let dir = tempfile::tempdir().unwrap();
    let app = router(&dir).await;
    let not_allowed = (
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed".to_string(),
    );
    for (method, path) in [
        (Method::DELETE, "/api/smart_contract/tasks"),
        (Method::PUT, "/api/smart_contract/contracts/x"),
        (Method::PATCH, "/api/smart_contract/proposals/x"),
        (Method::DELETE, "/api/smart_contract/submissions/x"),
        (Method::POST, "/api/smart_contract/events"),
    ] {
        assert_eq!(
            call(&app, method.clone(), path, true).await,
            not_allowed,
            "{method} {path}"
        );
    }
    for path in ["/api/smart_contract/tasks", "/api/smart_contract/proposals"] {
        let (status, _) = call(&app, Method::HEAD, path, true).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "HEAD {path}");
    }
    // `handleClaims` checks the path before the method.
    assert_eq!(
        call(
            &app,
            Method::GET,
            "/api/smart_contract/claims/c1/unknown",
            true
        )
        .await,
        (StatusCode::NOT_FOUND, "unknown claim action".to_string())
    );
    assert_eq!(
        call(
            &app,
            Method::GET,
            "/api/smart_contract/claims/c1/submit",
            true
        )
        .await,
        not_allowed
    );
    assert_eq!(
        call(
            &app,
            Method::POST,
            "/api/smart_contract/tasks/t1/finish",
            true
        )
        .await,
        (StatusCode::NOT_FOUND, "unknown task action".to_string())
    );
}
