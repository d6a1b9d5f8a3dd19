//! One block's inscriptions, their content, the hostile payloads.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_inscriptions_pages_filters_and_errors() {
    let s = start(TIP).await;
    // A block with at least four inscriptions.
    let h = (1..=TIP)
        .rev()
        .find(|h| chain::payloads_at(*h, TIP).len() >= 4)
        .unwrap();
    let want = chain::payloads_at(h, TIP);
    let mut got = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = cursor
            .as_ref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let raw = s
            .raw(&format!(
                "/api/data/block-inscriptions/{h}?limit=2&fields=summary{q}"
            ))
            .await;
        assert!(
            raw.as_object().unwrap().contains_key("next_cursor"),
            "next_cursor always present"
        );
        let page: BlockInscriptionsPage = serde_json::from_value(raw).unwrap();
        got.extend(page.inscriptions.unwrap());
        match page.next_cursor {
            Some(c) => {
                assert!(page.has_more);
                assert_eq!(c, got.len().to_string());
                cursor = Some(c);
            }
            None => {
                assert!(!page.has_more);
                break;
            }
        }
    }
    assert_eq!(got.len(), want.len());
    for (i, (ins, p)) in got.iter().zip(&want).enumerate() {
        assert_eq!(ins.input_index, i as i64);
        assert_eq!(ins.id, format!("{}_{}", ins.tx_id, i));
        assert_eq!(ins.content_type, p.content_type);
        assert_eq!(ins.size_bytes, p.body.len() as i64);
        assert_eq!(ins.genesis_block_height, Some(h as i64));
        assert_eq!(
            ins.image_url.as_deref(),
            Some(format!("/content/{}?witness={i}", ins.tx_id).as_str())
        );
        assert!(ins
            .file_name
            .as_ref()
            .unwrap()
            .starts_with(&format!("inscription_{i}.")));
        let is_text = p.content_type.starts_with("text/") || p.content_type == "application/json";
        assert_eq!(ins.content.is_some(), is_text, "{}", p.content_type);
        if is_text {
            assert_eq!(
                ins.content.as_deref().unwrap(),
                String::from_utf8_lossy(&p.body)
            );
        }
    }

    // Filters, over the top blocks; the URLs come from the generated client, so its enums'
    // wire values are the ones the server filters on.
    let filtered = |h: u32, filter: Option<InscriptionFilter>| {
        let query = BlockInscriptionsQuery {
            limit: Some(50),
            filter,
            ..Default::default()
        };
        paths::get_block_inscriptions("", &h.to_string(), &query)
    };
    for h in TIP - 10..=TIP {
        let img: BlockInscriptionsPage = s.json(&filtered(h, Some(InscriptionFilter::Image))).await;
        let txt: BlockInscriptionsPage = s.json(&filtered(h, Some(InscriptionFilter::Text))).await;
        let all: BlockInscriptionsPage = s.json(&filtered(h, None)).await;
        // Other values are not rejected: they mean "all", as in the Go handler.
        for lenient in ["all", "Image", ""] {
            let page: BlockInscriptionsPage = s
                .json(&format!(
                    "/api/data/block-inscriptions/{h}?limit=50&filter={lenient}"
                ))
                .await;
            assert_eq!(page, all, "filter={lenient}");
        }
        let n = |p: &BlockInscriptionsPage| p.inscriptions.as_ref().map_or(0, Vec::len);
        assert!(img
            .inscriptions
            .iter()
            .flatten()
            .all(|i| i.content_type.starts_with("image/")));
        assert!(txt
            .inscriptions
            .iter()
            .flatten()
            .all(|i| i.content.is_some()));
        assert_eq!(
            n(&img) + n(&txt),
            n(&all),
            "height {h}: text + image = all here"
        );
    }

    // The 1 MiB text is served whole.
    let big: BlockInscriptionsPage = s
        .json(&format!(
            "/api/data/block-inscriptions/{}?limit=50",
            TIP - 3
        ))
        .await;
    assert!(big
        .inscriptions
        .unwrap()
        .iter()
        .any(|i| i.size_bytes == 1 << 20 && i.content.as_ref().unwrap().len() == 1 << 20));

    // An offset past the end: null list, null cursor.
    let raw = s
        .raw(&format!("/api/data/block-inscriptions/{h}?cursor=100"))
        .await;
    assert_eq!(raw["inscriptions"], Value::Null);
    assert_eq!(raw["next_cursor"], Value::Null);
    assert_eq!(raw["has_more"], Value::Bool(false));
    // An invalid cursor is 0.
    let first: BlockInscriptionsPage = s
        .json(&format!(
            "/api/data/block-inscriptions/{h}?cursor=zz&limit=1"
        ))
        .await;
    assert_eq!(first.inscriptions.unwrap()[0].input_index, 0);
    // Genesis has no inscriptions.
    let g = s.raw("/api/data/block-inscriptions/0").await;
    assert_eq!(g["inscriptions"], Value::Null);

    for (path, status, body) in [
        (
            "/api/data/block-inscriptions/abc",
            StatusCode::BAD_REQUEST,
            "invalid height\n",
        ),
        (
            "/api/data/block-inscriptions/99999",
            StatusCode::NOT_FOUND,
            "block not found\n",
        ),
        (
            "/api/data/block-inscriptions/-1",
            StatusCode::NOT_FOUND,
            "block not found\n",
        ),
        (
            "/api/block-image/abc/x.png",
            StatusCode::BAD_REQUEST,
            "Invalid URL format\n",
        ),
        (
            "/api/block-image/5/x.png",
            StatusCode::NOT_FOUND,
            "404 page not found\n",
        ),
        ("/api/nope", StatusCode::NOT_FOUND, "404 page not found\n"),
        (
            "/content/nothex",
            StatusCode::NOT_FOUND,
            "inscription not found\n",
        ),
        (
            "/content/0000000000000000000000000000000000000000000000000000000000000000",
            StatusCode::NOT_FOUND,
            "inscription not found\n",
        ),
        (
            "/uploads/unknown",
            StatusCode::NOT_FOUND,
            "404 page not found\n",
        ),
        (
            "/content/%FF%FE",
            StatusCode::NOT_FOUND,
            "inscription not found\n",
        ),
        (
            "/api/data/block-inscriptions/%FF",
            StatusCode::BAD_REQUEST,
            "invalid height\n",
        ),
        (
            "/api/block-image/%FF/x.png",
            StatusCode::BAD_REQUEST,
            "Invalid URL format\n",
        ),
    ] {
        let (st, ct, b) = s.text(path).await;
        assert_eq!((st, b.as_str()), (status, body), "{path}");
        assert_eq!(ct, "text/plain; charset=utf-8", "{path}");
    }
    let res = s
        .http
        .post(format!("{}/api/data/block-summaries", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.text().await.unwrap(), "Method not allowed\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_bytes_and_headers_equal_the_generated_payloads() {
    let s = start(TIP).await;
    let mut checked = 0;
    let mut multipart = 0;
    for h in 1..=TIP {
        let want = chain::payloads_at(h, TIP);
        let page: BlockInscriptionsPage = s
            .json(&format!("/api/data/block-inscriptions/{h}?limit=50"))
            .await;
        let list = page.inscriptions.unwrap();
        assert_eq!(list.len(), want.len());
        for (ins, p) in list.iter().zip(&want) {
            let res = s.get(ins.image_url.as_ref().unwrap()).await;
            assert_eq!(res.status(), StatusCode::OK);
            let hd = |k: &str| res.headers().get(k).unwrap().to_str().unwrap().to_string();
            assert_eq!(hd("content-type"), p.content_type);
            assert_eq!(hd("x-inscription-mime"), p.content_type);
            assert_eq!(hd("x-inscription-size"), p.body.len().to_string());
            assert_eq!(
                hd("x-inscription-hash"),
                sha256::Hash::hash(&p.body).to_string()
            );
            assert!(res.headers().get("cache-control").is_none());
            assert_eq!(res.bytes().await.unwrap().as_ref(), p.body.as_slice());
            checked += 1;
        }
        // Without ?witness: the first image-like part of that transaction, else its first part.
        let mut txs: Vec<&str> = list.iter().map(|i| i.tx_id.as_str()).collect();
        txs.dedup();
        for tx in txs {
            let parts: Vec<_> = list.iter().filter(|i| i.tx_id == tx).collect();
            multipart += usize::from(parts.len() > 1);
            let pick = parts
                .iter()
                .find(|i| i.content_type.starts_with("image/"))
                .unwrap_or(&parts[0]);
            let res = s.get(&format!("/content/{tx}")).await;
            assert_eq!(
                res.headers()["x-inscription-size"].to_str().unwrap(),
                pick.size_bytes.to_string()
            );
            assert_eq!(
                res.headers()["content-type"].to_str().unwrap(),
                pick.content_type
            );
        }
    }
    assert!(checked > 60 && multipart > 0, "{checked} {multipart}");
    // A witness ordinal that is not part of that tx.
    let page: BlockInscriptionsPage = s.json(&format!("/api/data/block-inscriptions/{TIP}")).await;
    let tx = &page.inscriptions.unwrap()[0].tx_id;
    let (st, _, body) = s.text(&format!("/content/{tx}?witness=77")).await;
    assert_eq!(
        (st, body.as_str()),
        (StatusCode::NOT_FOUND, "inscription not found\n")
    );
    // Upper-case txids work too.
    let res = s
        .get(&format!("/content/{}?witness=0", tx.to_uppercase()))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_payloads_are_served_verbatim_from_the_top_blocks() {
    let s = start(TIP).await;
    let mut bodies = Vec::new();
    for h in TIP - 19..=TIP {
        let page: BlockInscriptionsPage = s
            .json(&format!("/api/data/block-inscriptions/{h}?limit=50"))
            .await;
        for ins in page.inscriptions.unwrap() {
            bodies.push(
                s.get(ins.image_url.as_ref().unwrap())
                    .await
                    .bytes()
                    .await
                    .unwrap()
                    .to_vec(),
            );
        }
    }
    for item in devserver::payloads::hostile() {
        assert!(
            bodies.contains(&item.body),
            "{:?} missing",
            String::from_utf8_lossy(&item.body)
        );
    }
    assert!(
        bodies.iter().any(|b| std::str::from_utf8(b).is_err()),
        "invalid UTF-8 survives"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_uploads_and_sandbox_carry_the_backends_security_headers() {
    let s = start(TIP).await;
    // An HTML inscription of the hostile corpus: the backend lets it run inline script.
    let page: BlockInscriptionsPage = s
        .json(&format!("/api/data/block-inscriptions/{TIP}?limit=50"))
        .await;
    let html = page
        .inscriptions
        .unwrap()
        .into_iter()
        .find(|i| i.content_type == "text/html")
        .expect("an HTML inscription at the tip");
    let res = s
        .http
        .get(format!("{}{}", s.base, html.image_url.unwrap()))
        .header("Origin", "http://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let hd = |headers: &axum::http::HeaderMap, k: &str| {
        headers.get(k).map(|v| v.to_str().unwrap().to_string())
    };
    let csp = hd(res.headers(), "content-security-policy").expect("a CSP on /content/");
    assert!(
        csp.contains("script-src 'self' 'unsafe-inline' 'unsafe-eval';")
            && csp.contains("connect-src 'self' http://app.example;"),
        "{csp}"
    );
    assert_eq!(
        hd(res.headers(), "x-frame-options").as_deref(),
        Some("SAMEORIGIN")
    );
    assert_eq!(
        hd(res.headers(), "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        hd(res.headers(), "referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert!(hd(res.headers(), "strict-transport-security").is_some());
    // A missing upload: the same headers (the backend's middleware wraps every answer).
    let res = s.get("/uploads/nonexistent").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        hd(res.headers(), "x-frame-options").as_deref(),
        Some("SAMEORIGIN")
    );
    assert!(hd(res.headers(), "content-security-policy").is_some());
    // /sandbox/: framable by anyone, no CSP at all.
    let res = s.get("/sandbox/app/index.html").await;
    assert_eq!(
        hd(res.headers(), "x-frame-options").as_deref(),
        Some("ALLOWALL")
    );
    assert_eq!(hd(res.headers(), "content-security-policy"), None);
    // The API and the app are left as they were.
    let res = s.get("/api/data/block-summaries").await;
    assert_eq!(hd(res.headers(), "x-frame-options"), None);
}
