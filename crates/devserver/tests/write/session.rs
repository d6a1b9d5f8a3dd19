use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_an_httponly_cookie_and_logout_clears_it() {
    let (_dir, s) = start().await;
    let post = |path: &str, body: &str| {
        s.http
            .post(s.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let res = post(
        "/api/auth/login",
        r#"{"api_key":"test-key-2","wallet_address":" tb1qw "}"#,
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert_eq!(
        cookie,
        "X-API-Key=test-key-2; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict"
    );
    assert!(!cookie.contains("Secure"), "plain http");
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"success": true, "data": {"valid": true, "api_key": "test-key-2", "wallet": "tb1qw"}})
    );
    // The cookie alone authenticates a submission.
    let pair = cookie.split(';').next().unwrap();
    let res = s
        .inscribe(&json!({"message": "by cookie"}), &[("cookie", pair)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let (st, b) = answer(
        post("/api/auth/login", r#"{"api_key":"wrong"}"#)
            .await
            .unwrap(),
    )
    .await;
    assert_shape_a(st, &b, StatusCode::FORBIDDEN, "invalid api key");
    let (st, b) = answer(post("/api/auth/login", "{").await.unwrap()).await;
    assert_shape_a(st, &b, StatusCode::BAD_REQUEST, "invalid json");
    let (st, b) = answer(post("/api/auth/login", "").await.unwrap()).await;
    assert_shape_a(st, &b, StatusCode::BAD_REQUEST, "invalid json");
    let res = s.http.get(s.url("/api/auth/login")).send().await.unwrap();
    let (st, b) = answer(res).await;
    assert_shape_a(st, &b, StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");

    let res = s
        .http
        .post(s.url("/api/auth/logout"))
        .header("cookie", pair)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["set-cookie"],
        "X-API-Key=; Path=/; Max-Age=0; HttpOnly"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"success": true, "data": {"status": "logged out"}})
    );
    // The backend's logout takes any method.
    let res = s.http.get(s.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The key itself stays valid.
    let res = s
        .inscribe(&json!({"message": "after logout"}), &[("cookie", pair)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preflight_allows_the_headers_the_client_sends() {
    let (_dir, s) = start().await;
    let res = s
        .http
        .request(reqwest::Method::OPTIONS, s.url("/api/inscribe"))
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,x-api-key,authorization",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "no key needed for a preflight"
    );
    let h: &HeaderMap = res.headers();
    assert_eq!(h["access-control-allow-origin"], "http://127.0.0.1:8080");
    assert_eq!(h["access-control-allow-credentials"], "true");
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["content-type", "x-api-key", "authorization"] {
        assert!(
            allowed.split(", ").any(|a| a == name),
            "{name} in {allowed}"
        );
    }
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    // The actual answer carries CORS too, also when refused.
    let res = s
        .inscribe(
            &json!({"message": "x"}),
            &[("origin", "http://127.0.0.1:8080")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.headers().get("access-control-allow-origin"),
        Some(&HeaderValue::from_static("http://127.0.0.1:8080"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wish_survives_a_restart_and_is_mined_into_the_next_block() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path());
    let s = serve(db.clone()).await;
    let text = "Build me a lighthouse on block 13 🌊";
    let id = s
        .submit(&json!({"message": text, "price": "5000", "price_unit": "sats"}))
        .await;
    assert_eq!(s.contract(&id).await.unwrap().status, "pending");
    s.stop().await;

    // A new process on the same file still has it, pending.
    let s = serve(db).await;
    let pending = s.contracts("?status=pending").await;
    assert!(pending.iter().any(|c| c.id == format!("wish-{id}")));
    // Ours and the three seeded ones.
    let (height, wishes) = s.mine().await;
    assert_eq!((height, wishes), (13, 4));

    let page: BlockInscriptionsPage = serde_json::from_value(
        s.json(&format!("/api/data/block-inscriptions/{height}"))
            .await,
    )
    .unwrap();
    let inscriptions = page.inscriptions.unwrap();
    let wish = inscriptions
        .iter()
        .find(|i| i.content.as_deref() == Some(text))
        .expect("the wish text is an inscription of the new block");
    assert_eq!(wish.content_type, "text/plain");
    // The seeded wishes were pending too: every pending wish goes into the block.
    for seeded in [
        "A bright orange pixel moon over the timechain",
        "Paint block 840000 as a checkerboard",
    ] {
        assert!(
            inscriptions
                .iter()
                .any(|i| i.content.as_deref() == Some(seeded)),
            "{seeded}"
        );
    }
    let res = s
        .http
        .get(s.url(&format!(
            "/content/{}?witness={}",
            wish.tx_id, wish.input_index
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap(), text);

    // No longer pending: confirmed at that height, with the reveal transaction.
    assert!(s.contracts("?status=pending").await.is_empty());
    let c = s.contract(&id).await.unwrap();
    assert_eq!(c.status, "confirmed");
    assert_eq!(c.block_height, Some(height as i64));
    assert_eq!(c.tx_id.as_deref(), Some(wish.tx_id.as_str()));
    assert_eq!(c.total_budget_sats, Some(5000));

    // The next block does not carry it again.
    let (next, wishes) = s.mine().await;
    assert_eq!(wishes, 0);
    let again = s
        .json(&format!("/api/data/block-inscriptions/{next}"))
        .await;
    assert!(!again.to_string().contains("lighthouse"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mine_interval_loop_confirms_pending_wishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = local(generate(dir.path()));
    config.api_keys = vec![KEY.into()];
    config.mine_interval = 1;
    let s = common::start(config).await;
    let id = s.submit(&json!({"message": "mined on a timer"})).await;
    let mut status = String::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        status = s.contract(&id).await.unwrap().status;
        if status == "confirmed" {
            break;
        }
    }
    assert_eq!(status, "confirmed", "mined within about two seconds");
    assert!(s.contracts("?status=pending").await.is_empty());
}
