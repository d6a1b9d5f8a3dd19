//! `/api/data/block-summaries` and `/api/data/block-inscriptions/{height}` (data API: raw JSON,
//! plain-text errors).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State as S};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use stargate_api::{
    BlockInscription, BlockInscriptionsPage, BlockSummariesPage, BlockSummary, InscriptionFilter,
};

use super::state::{Params, State};
use crate::compat::{int_param, internal_error, json_with_nulls, plain_error};
use crate::envelope::ParsedInscription;
use crate::payloads;
use crate::stego::corpus;
use crate::store::{self, BlockRow};

const DEFAULT_LIMIT: i64 = 20;
/// The Go handler has no maximum; we cap silently so that one request cannot make the server
/// load a whole mainnet-scale chain (~900,000 rows) at once.
const MAX_LIMIT: i64 = 1000;

fn limit_of(q: &std::collections::HashMap<String, String>) -> i64 {
    match int_param(q, "limit") {
        Some(l) if l > 0 => l.min(MAX_LIMIT),
        _ => DEFAULT_LIMIT,
    }
}

/// `contracts`: the wishes mined in this block (the backend's `len(smartContracts)`).
fn summary(contracts: i64, row: BlockRow) -> BlockSummary {
    BlockSummary {
        block_height: row.height as i64,
        block_hash: row.hash,
        timestamp: row.time,
        tx_count: row.tx_count,
        inscription_count: row.inscription_count,
        smart_contract_count: contracts,
        steganography_summary: None,
        preview_inscriptions: (!row.preview.is_empty()).then_some(row.preview),
        has_images: row.inscription_count > 0,
        thumbnail_url: row.thumbnail_url,
    }
}

/// A page of indexed blocks, newest first, strictly below `cursor_height`.
///
/// QUIRK (kept from the Go handler): when no indexed height is below the cursor, the NEWEST page
/// is answered again (with `has_more` computed as for the first page).
pub async fn summaries(S(state): State, Query(q): Params) -> Result<Response, Response> {
    let store = &state.store;
    let limit = limit_of(&q);
    if store.total() == 0 {
        return Err(plain_error(StatusCode::NOT_FOUND, "No blocks available"));
    }
    let cursor = int_param(&q, "cursor_height").filter(|c| *c > 0);
    let fetch = |below: Option<u32>| store.rows_below(below, limit as u32 + 1);
    let mut rows = fetch(cursor.map(|c| c.min(u32::MAX as i64) as u32));
    if cursor.is_some() && matches!(&rows, Ok(r) if r.is_empty()) {
        rows = fetch(None);
    }
    let mut rows = rows.map_err(internal_error)?;
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = match rows.last() {
        Some(last) if has_more => last.height.to_string(),
        _ => String::new(),
    };
    let (low, high) = match (rows.last(), rows.first()) {
        (Some(l), Some(h)) => (l.height, h.height),
        _ => (1, 0),
    };
    let mined = store.mined_wishes(low, high).map_err(internal_error)?;
    let count = |h: u32| mined.iter().filter(|(at, ..)| *at == h).count() as i64;
    let blocks: Vec<BlockSummary> = rows
        .into_iter()
        .map(|row| summary(count(row.height), row))
        .collect();
    Ok(Json(BlockSummariesPage {
        blocks: (!blocks.is_empty()).then_some(blocks),
        limit,
        next_cursor,
        has_more,
        total: store.total() as i64,
    })
    .into_response())
}

/// The metadata the backend's block monitor gives the contract of a mined wish (the
/// OP_RETURN match of `reconcileOracleIngestions`, then `applyStegoMetadata` since the wish
/// image carries the stego payload), with `contract_id` as `buildContractInscriptions` adds it.
///
/// The backend lists that contract as an extra entry (`image_url` `/api/block-image/…`); here
/// the wish is itself an inscription of the block, so its own entry carries the metadata: the
/// same fields on one entry, no second entry under the same `<txid>_<n>`.
fn mined_wish_metadata(wish_id: &str, txid: &str, h: i64) -> Map<String, Value> {
    let file = format!("{wish_id}.png");
    [
        ("contract_id", json!(wish_id)),
        ("visible_pixel_hash", json!(wish_id)),
        ("ingestion_id", json!(wish_id)),
        ("wish_hash", json!(wish_id)),
        ("tx_id", json!(txid)),
        ("block_height", json!(h)),
        ("match_type", json!("op_return")),
        ("image_path", json!(format!("images/{file}"))),
        ("image_file", json!(file)),
        ("is_stego", json!(true)),
        ("stego_probability", json!(1.0)),
        ("stego_type", json!("stego")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// One inscription of the block at height `h` (time `time`), as the backend lists it, with the
/// scanner's record for the stego images of the chain (`stego::corpus`).
fn block_inscription(i: &ParsedInscription, h: i64, time: i64) -> BlockInscription {
    let file_name = store::file_name(i);
    let txid = i.txid.to_string();
    let scan_result = payloads::is_image(&i.content_type)
        .then(|| corpus::scan_result(&i.body, &txid, i.input_index as i64, &file_name, time))
        .flatten();
    BlockInscription {
        id: format!("{}_{}", i.txid, i.input_index),
        tx_id: txid,
        input_index: i.input_index as i64,
        file_path: Some(format!("images/{file_name}")),
        file_name: Some(file_name),
        content_type: i.content_type.clone(),
        size_bytes: i.body.len() as i64,
        genesis_block_height: Some(h),
        number: Some(h),
        address: Some("bc1p...".into()),
        image_url: Some(store::content_url(i)),
        metadata: None,
        content: payloads::is_text(&i.content_type)
            .then(|| String::from_utf8_lossy(&i.body).into_owned()),
        scan_result,
    }
}

/// A page of one block's inscriptions, parsed out of the stored block (offset cursor).
pub async fn inscriptions(
    S(state): State,
    height: Result<Path<String>, PathRejection>,
    Query(q): Params,
) -> Result<Response, Response> {
    let Some(Ok(h)) = height.ok().map(|Path(h)| h.trim().parse::<i64>()) else {
        return Err(plain_error(StatusCode::BAD_REQUEST, "invalid height"));
    };
    let parsed = match u32::try_from(h).ok().map(|h| state.store.parsed(h)) {
        Some(Ok(Some(p))) => p,
        Some(Err(e)) => return Err(internal_error(e)),
        _ => return Err(plain_error(StatusCode::NOT_FOUND, "block not found")),
    };
    let limit = limit_of(&q) as usize;
    let offset = int_param(&q, "cursor").filter(|c| *c >= 0).unwrap_or(0) as usize;
    // Absent or any other value: every payload, as the backend does.
    let filter = q
        .get("filter")
        .and_then(|f| f.parse::<InscriptionFilter>().ok());
    let list: Vec<_> = parsed
        .inscriptions
        .iter()
        .filter(|i| match filter {
            Some(InscriptionFilter::Text) => payloads::is_text(&i.content_type),
            Some(InscriptionFilter::Image) => payloads::is_image(&i.content_type),
            None => true,
        })
        .collect();
    let mined = state
        .store
        .mined_wishes(h as u32, h as u32)
        .map_err(internal_error)?;
    // A wish is the first inscription of its reveal transaction.
    let wish_of = |i: &ParsedInscription| {
        let txid = i.txid.to_string();
        let first = parsed.inscriptions.iter().find(|p| p.txid == i.txid)?;
        (first.input_index == i.input_index)
            .then(|| mined.iter().find(|(_, _, t)| *t == txid))
            .flatten()
            .map(|(_, id, _)| mined_wish_metadata(id, &txid, h))
    };
    let page: Vec<BlockInscription> = list
        .iter()
        .skip(offset)
        .take(limit)
        .map(|i| BlockInscription {
            metadata: wish_of(i),
            ..block_inscription(i, h, parsed.row.time)
        })
        .collect();
    let end = offset.saturating_add(limit);
    let has_more = end < list.len();
    let body = BlockInscriptionsPage {
        inscriptions: (!page.is_empty()).then_some(page),
        has_more,
        next_cursor: has_more.then(|| end.to_string()),
    };
    // Go writes `"next_cursor": null` when there is no next page.
    Ok(json_with_nulls(&body, &[], &["next_cursor"]))
}
