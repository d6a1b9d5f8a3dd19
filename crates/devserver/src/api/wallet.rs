//! Wallet sign-in: `POST /api/auth/challenge` and `POST /api/auth/verify`, with the Go
//! handlers' checks in their order, their messages (envelope A) and side effects: the verified
//! wallet's earlier keys are deleted, a new key bound to it is issued and set as the cookie.
//! No `Content-Type` check and no key needed, as in the backend.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State as S;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use stargate_api::{Challenge, ChallengeEnvelope, VerifyEnvelope, VerifyResult};

use super::auth;
use super::state::State;
use crate::challenges::random_hex;
use crate::compat::{go_string_fields, invalid_json, rfc3339_nano, Refused};
use crate::signature;

/// `POST /api/auth/challenge {wallet_address}` → the new challenge (it replaces the wallet's
/// previous one). 400 `invalid json` / `wallet_address required`.
pub async fn challenge(S(state): State, body: Bytes) -> Result<Response, Refused> {
    let [wallet] = go_string_fields(&body, ["wallet_address"]).ok_or_else(invalid_json)?;
    if wallet.trim().is_empty() {
        return Err(Refused::new(400, "wallet_address required"));
    }
    let nonce = random_hex::<16>().map_err(|_| Refused::new(500, "failed to issue challenge"))?;
    let ch = state.challenges.issue(&wallet, nonce, SystemTime::now());
    Ok(Json(ChallengeEnvelope {
        success: true,
        data: Challenge {
            nonce: ch.nonce,
            wallet_address: ch.wallet,
            expires_at: rfc3339_nano(ch.expires_at),
            created_at: rfc3339_nano(ch.created_at),
            attempts: i64::from(ch.attempts),
            max_attempts: i64::from(ch.max_attempts),
        },
    })
    .into_response())
}

/// `POST /api/auth/verify {wallet_address, signature, email?}`: 400 `invalid json` /
/// `wallet_address and signature required`; 403 `invalid signature` for every refusal (no
/// challenge, expired, attempts used up, wrong signature); else a new key bound to the wallet.
pub async fn verify(S(state): State, body: Bytes) -> Result<Response, Refused> {
    let [wallet, sig, email] = go_string_fields(&body, ["wallet_address", "signature", "email"])
        .ok_or_else(invalid_json)?;
    if wallet.trim().is_empty() || sig.trim().is_empty() {
        return Err(Refused::new(400, "wallet_address and signature required"));
    }
    // The challenge is looked up with the wallet as sent; the signature is checked against the
    // wallet as challenged (trimmed) and the nonce.
    let proven = state.challenges.attempt(&wallet, SystemTime::now(), |ch| {
        signature::verify(&ch.wallet, &sig, &ch.nonce).is_some()
    });
    if !proven {
        return Err(Refused::new(403, "invalid signature"));
    }
    let keys = state.api_keys.clone();
    let (w, e) = (wallet.clone(), email.clone());
    let issued = tokio::task::spawn_blocking(move || keys.reissue_for_wallet(&w, &e)).await;
    let Ok(Ok(api_key)) = issued else {
        return Err(Refused::new(500, "failed to issue api key"));
    };
    Ok((
        [(header::SET_COOKIE, auth::session_cookie(&api_key))],
        Json(VerifyEnvelope {
            success: true,
            data: VerifyResult {
                api_key,
                email,
                verified: true,
                wallet,
            },
        }),
    )
        .into_response())
}
