//! The SPA fallback, a chain without genesis, the miner's interval.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spa_fallback_rules() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("secret.txt"), "outside dist").unwrap();
    let dist = root.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>explorer</title>",
    )
    .unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::create_dir(dist.join("assets")).unwrap();
    std::fs::write(dist.join("assets/app.js"), "console.log(1)").unwrap();
    // the build's twin (the devserver does not check that it is gzip)
    std::fs::write(dist.join("assets/app.js.gz"), "gzip twin").unwrap();
    std::fs::create_dir(dist.join("sub")).unwrap();
    std::fs::write(dist.join("sub/index.html"), "sub index").unwrap();
    let s = start_with(TIP, false, Some(dist.clone())).await;
    let index = "<!doctype html><title>explorer</title>";
    for path in [
        "/",
        "/block/5",
        "/pending",
        "/inscription/abc_1",
        "/docs/page.html",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), index, "{path}");
    }
    let wasm = s.get("/app_bg.wasm").await;
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert!(wasm.headers().get("cache-control").is_none());
    assert_eq!(wasm.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
    let js = s.get("/assets/app.js").await;
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.headers().get("content-encoding").is_none());
    assert_eq!(js.text().await.unwrap(), "console.log(1)");
    // With Accept-Encoding: gzip the precompressed twin is sent, with the original's type.
    let gz = s
        .http
        .get(format!("{}/assets/app.js", s.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert!(gz.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(gz.text().await.unwrap(), "gzip twin");
    // A directory answers with its own index.html (`/sub` is redirected to `/sub/` first).
    for path in ["/sub/", "/sub"] {
        // over the socket: the client follows the redirect
        let res = s
            .http
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.url().path(), "/sub/", "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), "sub index", "{path}");
    }
    // Nothing outside --dist is reachable.
    for path in [
        "/..%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/sub/..%2F..%2Fsecret.txt",
    ] {
        let (st, _, body) = s.text(path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
        assert_ne!(body, "outside dist", "{path}");
    }
    let post = s
        .http
        .post(format!("{}/block/5", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    for path in [
        "/missing.js",
        "/assets/nope.css",
        "/api/unknown",
        "/bitcoin/v1/nope",
        "/content/",
        "/sandbox/x",
        "/mcp/nope",
        "/dev/x",
        "/uploads/",
    ] {
        let (st, ct, body) = s.text(path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
        assert!(ct.starts_with("text/plain"), "{path}");
        assert_ne!(body, index);
    }
    let (_, _, body) = s.text("/api/unknown").await;
    assert_eq!(body, "404 page not found\n");
    // the stand-ins of the backend's pages for agent builders
    for (path, kind) in [
        ("/mcp/docs", "text/html"),
        ("/mcp/SKILL.md", "text/markdown"),
        ("/mcp/starlight_sdk.sh", "text/x-shellscript"),
    ] {
        let (st, ct, body) = s.text(path).await;
        assert_eq!(st, StatusCode::OK, "{path}");
        assert!(ct.starts_with(kind), "{path}: {ct}");
        assert!(body.contains("stand-in"), "{path}");
        assert_ne!(body, index);
    }
    let cfg = s.raw("/config.json").await;
    assert_eq!(
        cfg,
        serde_json::json!({"api_base": "http://api.example:3001"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_dist_unknown_paths_are_404() {
    let s = start(5).await;
    let (st, _, body) = s.text("/block/3").await;
    assert_eq!(
        (st, body.as_str()),
        (StatusCode::NOT_FOUND, "404 page not found\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quirk_without_genesis_and_no_blocks_available() {
    // With genesis unindexed, a cursor at the oldest height has nothing below it: the backend
    // answers the NEWEST page again, has_more true.
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), TIP, false);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM blocks WHERE height = 0", [])
        .unwrap();
    let s = serve_db(dir, db, None).await;
    let newest: BlockSummariesPage = s.json("/api/data/block-summaries?limit=4").await;
    let again: BlockSummariesPage = s
        .json("/api/data/block-summaries?limit=4&cursor_height=1")
        .await;
    assert_eq!(again, newest);
    assert!(again.has_more);
    assert_eq!(again.blocks.unwrap()[0].block_height, TIP as i64);

    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), 3, false);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM blocks", [])
        .unwrap();
    let s = serve_db(dir, db, None).await;
    let (st, ct, body) = s.text("/api/data/block-summaries").await;
    assert_eq!(
        (st, body.as_str()),
        (StatusCode::NOT_FOUND, "No blocks available\n")
    );
    assert!(ct.starts_with("text/plain"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mine_interval_mines_on_its_own() {
    // The interval is `start`'s: served as `devserver serve` serves, on a socket.
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path(), 8, false);
    let mut config = ServeConfig::new(db);
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.mine_interval = 1;
    let running = devserver::start(config).await.unwrap();
    let addr = running.addr;
    let get = move |path: &'static str| async move {
        let url = format!("http://{addr}{path}");
        reqwest::get(url)
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    let mut tip = 8;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        tip = get("/bitcoin/v1/health").await["bitcoin"]["block_height"]
            .as_i64()
            .unwrap();
        if tip >= 10 {
            break;
        }
    }
    assert!(tip >= 10, "two blocks in about two seconds, got tip {tip}");
    let page = get("/api/data/block-summaries?limit=1").await;
    assert_eq!(page["blocks"][0]["block_height"], tip);
}
