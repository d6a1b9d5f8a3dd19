//! Wallet sign-in over real HTTP against a real SQLite file: challenge → signature (by the
//! `sign-message` code, with the fixture wallet) → verify → a new key bound to the wallet, the
//! wallet's old keys refused, and every refusal the backend makes, in its shapes.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{assert_shape_a, generate_tip, local, Server};
use devserver::signature::sign::{self, AddressType, SigFormat, FIXTURE_WIF};
use reqwest::StatusCode;
use serde_json::{json, Value};
use stargate_api::{ChallengeEnvelope, VerifyEnvelope};

/// The fixture wallet's P2WPKH address.
const WALLET: &str = "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v";
/// A configured key bound to the fixture wallet, and one bound to another wallet.
const OLD_KEY: &str = "old-key-of-the-fixture";
const OTHER_KEY: &str = "key-of-another-wallet";
const OTHER_WALLET: &str = "tb1qother";
/// Another test key (never a real one).
const OTHER_WIF: &str = "cVpF924EspNh8KjYsfhgY96mmxvT6DgdWiTYMtMjuM74hJaU5psW";

/// The sign-in calls these tests make.
impl Server {
    async fn post(&self, path: &str, body: &str) -> (StatusCode, Value, Option<String>) {
        let res = self
            .http
            .post(self.url(path))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let cookie = res
            .headers()
            .get("set-cookie")
            .map(|c| c.to_str().unwrap().to_string());
        let (status, body) = common::answer(res).await;
        (status, body, cookie)
    }

    async fn challenge(&self, wallet: &str) -> String {
        let (st, body, _) = self
            .post(
                "/api/auth/challenge",
                &json!({ "wallet_address": wallet }).to_string(),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{body}");
        let env: ChallengeEnvelope = serde_json::from_value(body).unwrap();
        env.data.nonce
    }

    async fn verify(&self, wallet: &str, signature: &str) -> (StatusCode, Value, Option<String>) {
        let body = json!({ "wallet_address": wallet, "signature": signature, "email": "" });
        self.post("/api/auth/verify", &body.to_string()).await
    }

    /// `POST /api/inscribe` with this key in `X-API-Key`: the status.
    async fn inscribe_with(&self, key: &str) -> StatusCode {
        let body = json!({"message": format!("wish sent with {key}")});
        self.inscribe(&body, &[("x-api-key", key)]).await.status()
    }
}

fn generate(dir: &std::path::Path) -> PathBuf {
    generate_tip(dir, 5)
}

async fn serve(db: PathBuf, challenge_ttl: u64) -> Server {
    let mut config = local(db);
    config.api_keys = vec![
        format!("{OLD_KEY}={WALLET}"),
        format!("{OTHER_KEY}={OTHER_WALLET}"),
    ];
    config.challenge_ttl = challenge_ttl;
    common::start(config).await
}

fn signed(nonce: &str) -> String {
    sign::sign(FIXTURE_WIF, AddressType::P2wpkh, SigFormat::Auto, nonce)
        .unwrap()
        .1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_issues_a_key_bound_to_the_wallet_and_retires_its_old_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = generate(dir.path());
    let s = serve(db.clone(), 600).await;
    assert_eq!(s.api_keys.wallet_for_key(OLD_KEY).as_deref(), Some(WALLET));

    // The challenge: a Go struct, fields in order, RFC 3339 times ten minutes apart.
    let (st, body, _) = s
        .post(
            "/api/auth/challenge",
            &format!(r#"{{"wallet_address":"  {WALLET} "}}"#),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let keys: Vec<&str> = body["data"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys.len(),
        6,
        "nonce, wallet_address, expires_at, created_at, attempts, max_attempts: {body}"
    );
    let env: ChallengeEnvelope = serde_json::from_value(body.clone()).unwrap();
    let ch = env.data;
    assert!(env.success);
    assert_eq!(ch.nonce.len(), 32);
    assert!(ch.nonce.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(
        (ch.wallet_address.as_str(), ch.attempts, ch.max_attempts),
        (WALLET, 0, 5)
    );
    let secs = |t: &str| seconds_of_day(t);
    assert_eq!(secs(&ch.expires_at) - secs(&ch.created_at), 600);

    // Signed by the fixture wallet: a new 64-hex key, the cookie, the old key retired.
    let (st, body, cookie) = s.verify(WALLET, &signed(&ch.nonce)).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let order: Vec<&str> = body["data"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(order, ["api_key", "email", "verified", "wallet"]);
    let env: VerifyEnvelope = serde_json::from_value(body).unwrap();
    let key = env.data.api_key;
    assert_eq!(key.len(), 64);
    assert!(key
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert!(env.data.verified);
    assert_eq!(env.data.wallet, WALLET);
    assert_eq!(
        cookie.as_deref(),
        Some(
            format!("X-API-Key={key}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict").as_str()
        )
    );
    assert_eq!(s.api_keys.wallet_for_key(&key).as_deref(), Some(WALLET));
    assert_eq!(s.inscribe_with(&key).await, StatusCode::OK);
    assert_eq!(s.inscribe_with(OLD_KEY).await, StatusCode::FORBIDDEN);
    assert_eq!(s.api_keys.wallet_for_key(OLD_KEY), None);
    assert_eq!(
        s.inscribe_with(OTHER_KEY).await,
        StatusCode::OK,
        "other wallets keep theirs"
    );

    // The wish records its creator's wallet.
    let wishes = creator_wallets(&db).await;
    assert!(wishes.contains(&Some(WALLET.to_string())), "{wishes:?}");
    assert!(
        wishes.contains(&Some(OTHER_WALLET.to_string())),
        "{wishes:?}"
    );

    // The nonce is used up.
    let (st, body, _) = s.verify(WALLET, &signed(&ch.nonce)).await;
    assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");

    // Login: the same wallet is fine, another one needs verification.
    let (st, body, _) = s
        .post(
            "/api/auth/login",
            &json!({"api_key": key, "wallet_address": WALLET}).to_string(),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (st, body, _) = s
        .post(
            "/api/auth/login",
            &json!({"api_key": key, "wallet_address": OTHER_WALLET}).to_string(),
        )
        .await;
    assert_shape_a(
        st,
        &body,
        StatusCode::FORBIDDEN,
        "wallet already bound; rebind requires verification",
    );

    // A second sign-in retires the first issued key too; a restart keeps the latest one.
    let nonce = s.challenge(WALLET).await;
    let (st, body, _) = s.verify(WALLET, &signed(&nonce)).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let second = body["data"]["api_key"].as_str().unwrap().to_string();
    assert_eq!(s.inscribe_with(&key).await, StatusCode::FORBIDDEN);
    let pending = s.challenge(WALLET).await;
    s.stop().await;

    let s = serve(db, 600).await;
    assert_eq!(s.inscribe_with(&second).await, StatusCode::OK);
    assert_eq!(s.api_keys.wallet_for_key(&second).as_deref(), Some(WALLET));
    assert_eq!(s.inscribe_with(&key).await, StatusCode::FORBIDDEN);
    // Challenges live in memory, as in the backend: the restart forgot the pending one.
    let (st, body, _) = s.verify(WALLET, &signed(&pending)).await;
    assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
    // The configured key comes back at start-up, as the backend's seed does.
    assert_eq!(s.inscribe_with(OLD_KEY).await, StatusCode::OK);
    s.stop().await;
}

/// The `creator_wallet` of every wish in the db (a second connection, as SQLite allows).
async fn creator_wallets(db: &std::path::Path) -> Vec<Option<String>> {
    let db = db.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let store = devserver::store::Store::open(&db).unwrap();
        let wishes = store.wishes(None, None).unwrap();
        wishes.into_iter().map(|w| w.creator_wallet).collect()
    })
    .await
    .unwrap()
}

/// Seconds of an RFC 3339 UTC time `YYYY-MM-DDTHH:MM:SS[.frac]Z` (date differences ignored
/// beyond a day, enough for a ten-minute lifetime).
fn seconds_of_day(t: &str) -> i64 {
    assert!(t.ends_with('Z'), "{t}");
    let day: i64 = t[8..10].parse().unwrap();
    let h: i64 = t[11..13].parse().unwrap();
    let m: i64 = t[14..16].parse().unwrap();
    let s: i64 = t[17..19].parse().unwrap();
    ((day * 24 + h) * 60 + m) * 60 + s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_signatures_are_refused_with_the_backends_403() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path()), 600).await;
    let tr_address = sign::sign(FIXTURE_WIF, AddressType::P2tr, SigFormat::Auto, "x")
        .unwrap()
        .0
        .to_string();
    for (what, wallet) in [
        ("over another nonce", WALLET),
        ("by another key", WALLET),
        ("for another address of the same key", tr_address.as_str()),
        ("garbage", WALLET),
    ] {
        let nonce = s.challenge(wallet).await;
        let sig = match what {
            "over another nonce" => signed("00000000000000000000000000000000"),
            "by another key" => {
                sign::sign(OTHER_WIF, AddressType::P2wpkh, SigFormat::Auto, &nonce)
                    .unwrap()
                    .1
            }
            "garbage" => "not a signature".to_string(),
            _ => signed(&nonce),
        };
        let (st, body, cookie) = s.verify(wallet, &sig).await;
        assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
        assert!(cookie.is_none(), "{what}");
    }
    // Taproot works with its own signature; BIP-322 simple works as well.
    let nonce = s.challenge(&tr_address).await;
    let sig = sign::sign(FIXTURE_WIF, AddressType::P2tr, SigFormat::Auto, &nonce)
        .unwrap()
        .1;
    let (st, body, _) = s.verify(&tr_address, &sig).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let nonce = s.challenge(WALLET).await;
    let sig = sign::sign(FIXTURE_WIF, AddressType::P2wpkh, SigFormat::Bip322, &nonce)
        .unwrap()
        .1;
    let (st, body, _) = s.verify(WALLET, &sig).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    // No challenge at all, and a wallet sent untrimmed (looked up exactly).
    let (st, body, _) = s.verify("tb1qnochallenge", "sig").await;
    assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
    let nonce = s.challenge(WALLET).await;
    let (st, body, _) = s.verify(&format!(" {WALLET}"), &signed(&nonce)).await;
    assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
    let (st, _, _) = s.verify(WALLET, &signed(&nonce)).await;
    assert_eq!(
        st,
        StatusCode::OK,
        "the untrimmed attempt did not touch the real challenge"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_attempts_then_the_challenge_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path()), 600).await;
    let nonce = s.challenge(WALLET).await;
    for _ in 0..5 {
        let (st, body, _) = s
            .verify(WALLET, &signed("ffffffffffffffffffffffffffffffff"))
            .await;
        assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
    }
    let (st, body, _) = s.verify(WALLET, &signed(&nonce)).await;
    assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
    // A new challenge starts over.
    let nonce = s.challenge(WALLET).await;
    for _ in 0..4 {
        s.verify(WALLET, "wrong").await;
    }
    let (st, body, _) = s.verify(WALLET, &signed(&nonce)).await;
    assert_eq!(
        st,
        StatusCode::OK,
        "the fifth attempt is still checked: {body}"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_nonce_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path()), 1).await;
    let nonce = s.challenge(WALLET).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (st, body, _) = s.verify(WALLET, &signed(&nonce)).await;
    assert_shape_a(st, &body, StatusCode::FORBIDDEN, "invalid signature");
    let nonce = s.challenge(WALLET).await;
    let (st, body, _) = s.verify(WALLET, &signed(&nonce)).await;
    assert_eq!(
        st,
        StatusCode::OK,
        "a fresh challenge in time works: {body}"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_the_backends_400_and_405() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(generate(dir.path()), 600).await;
    let bad = [
        ("/api/auth/challenge", "", "invalid json"),
        ("/api/auth/challenge", "{", "invalid json"),
        (
            "/api/auth/challenge",
            r#"{"wallet_address":7}"#,
            "invalid json",
        ),
        ("/api/auth/challenge", "[]", "invalid json"),
        ("/api/auth/challenge", "{}", "wallet_address required"),
        ("/api/auth/challenge", "null", "wallet_address required"),
        (
            "/api/auth/challenge",
            r#"{"wallet_address":" \t "}"#,
            "wallet_address required",
        ),
        ("/api/auth/verify", "", "invalid json"),
        ("/api/auth/verify", r#"{"signature":false}"#, "invalid json"),
        (
            "/api/auth/verify",
            "{}",
            "wallet_address and signature required",
        ),
        (
            "/api/auth/verify",
            r#"{"wallet_address":"w"}"#,
            "wallet_address and signature required",
        ),
        (
            "/api/auth/verify",
            r#"{"wallet_address":" ","signature":"s"}"#,
            "wallet_address and signature required",
        ),
    ];
    for (path, body, message) in bad {
        let (st, b, _) = s.post(path, body).await;
        assert_shape_a(st, &b, StatusCode::BAD_REQUEST, message);
    }
    for path in ["/api/auth/challenge", "/api/auth/verify"] {
        let res = s.http.get(s.url(path)).send().await.unwrap();
        let st = res.status();
        let b: Value = res.json().await.unwrap();
        assert_shape_a(st, &b, StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    }
    // Keys match case-insensitively, and no Content-Type is needed.
    let (st, b, _) = s
        .post("/api/auth/challenge", r#"{"Wallet_Address":"w1"}"#)
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!(b["data"]["wallet_address"], "w1");
    s.stop().await;
}
