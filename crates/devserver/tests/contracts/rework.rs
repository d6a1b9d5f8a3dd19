use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rework_is_requested_listed_and_resolved_only_by_its_requester() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    let hash = s.wish(ALICE, "Rework me").await;
    let id = s.propose(&hash, "Do it twice").await;
    let (status, _) = s.approve(&id, ALICE).await;
    assert_eq!(status, StatusCode::OK);
    let contract = format!("wish-{hash}");
    let path = format!("/api/smart_contract/contracts/{contract}/rework");

    let (status, v) = s
        .call("POST", &path, Some(BOB), Some(json!({"notes": "  "})))
        .await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::BAD_REQUEST, "notes are required")
    );
    let (status, v) = s
        .call("POST", &path, Some(AGENT), Some(json!({"notes": "x"})))
        .await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::FORBIDDEN, "authenticated user required")
    );
    let (status, v) = s
        .call(
            "POST",
            "/api/smart_contract/contracts/wish-nope/rework",
            Some(BOB),
            Some(json!({"notes": "x"})),
        )
        .await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "contract wish-nope not found"
        )
    );
    let res = s
        .http
        .post(s.url(&path))
        .header("x-api-key", BOB)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let (status, v) = s
        .call(
            "POST",
            &path,
            Some(BOB),
            Some(json!({"notes": " Taller, please "})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let r: ReworkRequest = serde_json::from_value(v).unwrap();
    assert!(r.request_id.starts_with(&format!("rework-{contract}-")));
    assert_eq!(
        (r.requester.as_str(), r.notes.as_str(), r.status.as_str()),
        (BOB_WALLET, " Taller, please ", "open")
    );
    // Listed on the contract (and in its metadata); every task of that contract rejected.
    let c: Contract = s.get(&path, Some(AGENT)).await;
    assert_eq!(c.rework_requests, std::slice::from_ref(&r));
    assert_eq!(
        c.metadata.unwrap()["rework_requests"][0]["request_id"],
        r.request_id.as_str()
    );
    assert_eq!(c.available_tasks_count, 0);
    let list: ProposalList = s
        .get(
            &format!("/api/smart_contract/proposals?contract_id={hash}&limit=0"),
            None,
        )
        .await;
    let tasks: Vec<_> = list
        .proposals
        .unwrap()
        .into_iter()
        .flat_map(|p| p.tasks)
        .filter(|t| t.contract_id == contract)
        .collect();
    assert!(!tasks.is_empty() && tasks.iter().all(|t| t.status == "rejected"));

    let resolve = format!("{path}/{}", r.request_id);
    let (status, v) = s.call("PATCH", &resolve, Some(ALICE), None).await;
    assert_eq!(
        (status, message(&v)),
        (
            StatusCode::FORBIDDEN,
            "only the original requester can resolve this rework request"
        )
    );
    let (status, _) = s
        .call("PATCH", &format!("{path}/rework-unknown"), Some(BOB), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = s.call("PATCH", &resolve, Some(AGENT), None).await;
    assert_eq!(
        (status, message(&v)),
        (StatusCode::FORBIDDEN, "authenticated user required")
    );
    let (status, v) = s.call("PATCH", &resolve, Some(BOB), None).await;
    assert_eq!(
        (status, v),
        (
            StatusCode::OK,
            json!({"message": "rework request resolved"})
        )
    );
    let c: Contract = s.get(&path, Some(AGENT)).await;
    assert_eq!(c.rework_requests[0].status, "resolved");
    assert!(c.rework_requests[0].resolved_at.is_some());
    s.stop().await;
}

/// What a client must do: ask again from `lowest height + 1` (the backend skips rows AT the
/// cursor), keep only rows above the lowest height of a full page, and ask for more rows when a
/// full page holds one height only.
async fn page_to_the_end(s: &Server) -> (Vec<OpenContract>, usize) {
    let (mut out, mut cursor, mut limit, mut requests) =
        (Vec::<OpenContract>::new(), None::<i64>, 3i64, 0);
    loop {
        let q = match cursor {
            Some(c) => format!("?status=confirmed&limit={limit}&cursor_height={c}"),
            None => format!("?status=confirmed&limit={limit}"),
        };
        requests += 1;
        assert!(
            requests < 50,
            "paging does not end: {cursor:?} limit {limit}"
        );
        let page = s.listed(&q).await.data.contracts.unwrap_or_default();
        if (page.len() as i64) < limit {
            out.extend(page);
            return (out, requests);
        }
        let lowest = page.last().unwrap().block_height.unwrap();
        let complete: Vec<_> = page
            .into_iter()
            .filter(|c| c.block_height.unwrap() > lowest)
            .collect();
        if complete.is_empty() {
            limit *= 2;
            continue;
        }
        out.extend(complete);
        cursor = Some(lowest + 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmed_contracts_page_to_the_end_without_duplicates_or_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path())).await;
    // Blocks holding 7, 1 and 4 wishes (the three seeded pending ones go into the first).
    for (i, n) in [4, 1, 4].into_iter().enumerate() {
        for k in 0..n {
            s.wish(AGENT, &format!("paged wish {i}-{k}")).await;
        }
        s.mine().await;
    }
    let all = s.listed("?status=confirmed&limit=500").await;
    let every: Vec<String> = contract_ids(&all);
    assert_eq!(
        every.len(),
        13,
        "12 mined wishes and the seeded confirmed contract"
    );
    let (paged, requests) = page_to_the_end(&s).await;
    let ids: Vec<String> = paged.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, every, "same rows, same order, once each");
    assert!(requests >= 4, "{requests}");
    // Newest first by height.
    assert!(paged
        .windows(2)
        .all(|w| w[0].block_height >= w[1].block_height));

    // The backend's quirks, kept: the cursor skips rows AT its height, `has_more` comes from the
    // last row even on the short final page, and cursor_date is ignored.
    let first = s.listed("?status=confirmed&limit=3").await.data;
    let boundary: i64 = first.next_cursor.parse().unwrap();
    let next = s
        .listed(&format!(
            "?status=confirmed&limit=500&cursor_height={boundary}"
        ))
        .await;
    assert!(next
        .data
        .contracts
        .unwrap()
        .iter()
        .all(|c| c.block_height.unwrap() < boundary));
    assert_eq!(
        contract_ids(
            &s.listed(&format!(
                "?status=confirmed&limit=3&cursor_date={}&cursor_type=before",
                first.next_cursor_date
            ))
            .await
        ),
        contract_ids(&s.listed("?status=confirmed&limit=3").await)
    );
    let last = s.listed("?status=confirmed&limit=500").await.data;
    assert!(last.has_more, "has_more follows the last row");
    s.stop().await;
}
