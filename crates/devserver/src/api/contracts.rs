//! `/api/open-contracts` (and its aliases): envelope A, camelCase items. Wishes (`wish-<hash>`)
//! and the contracts their approved proposals created (`<hash>`), as one listing.

use axum::extract::{Query, State as S};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use stargate_api::{OpenContract, OpenContractsData, OpenContractsEnvelope};

use super::state::{Params, State};
use crate::compat::{envelope_error, int_param, rfc3339};
use crate::contracts::store::Listed;

/// The camelCase item of a listed wish or contract.
pub fn open_contract(c: &Listed) -> OpenContract {
    OpenContract {
        // No stego image URL is stored: the backend's fallback, `/uploads/<id without wish->`.
        image_data: format!("/uploads/{}", c.hash),
        text: c.text.clone(),
        price: c.budget_sats as f64 / 1e8,
        // Always "" on this path in Go, and `omitempty`.
        address: None,
        // `confirmed_at`, else `created_at` (a mined wish keeps its creation time here).
        timestamp: c.confirmed_at.unwrap_or(c.created_at),
        id: c.id.clone(),
        // "TBD" until confirmed, then the confirming transaction.
        tx_id: Some(match (&c.confirmed_txid, c.status.as_str()) {
            (Some(txid), "confirmed") => txid.clone(),
            _ => "TBD".to_string(),
        }),
        status: c.status.clone(),
        block_height: c.confirmed_height.filter(|h| *h > 0),
        visible_pixel_hash: Some(c.hash.clone()),
        total_budget_sats: Some(c.budget_sats).filter(|s| *s != 0),
        available_tasks: Some(c.available_tasks).filter(|n| *n != 0),
    }
}

/// Ordered by confirmed height (nulls last), then creation time and id, newest first. `limit`
/// 1–500 (else 100); `status` filters when given; `cursor_height > 0` keeps confirmed heights
/// strictly below it (rows AT the cursor are skipped: clients re-ask from `height + 1`).
/// `cursor_date` is ignored, as by the SQLite store. `has_more` is true whenever the LAST item
/// has a confirmed height (the Go rule), even on a short last page.
pub async fn open_contracts(S(state): State, Query(q): Params) -> Response {
    let limit = match int_param(&q, "limit") {
        Some(l) if (1..=500).contains(&l) => l,
        _ => 100,
    };
    let status = q
        .get("status")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let cursor = int_param(&q, "cursor_height").filter(|c| *c > 0);
    let market = state.market.clone();
    let listed =
        tokio::task::spawn_blocking(move || market.listed_contracts(status.as_deref(), cursor));
    let Ok(Ok(rows)) = listed.await else {
        return envelope_error(StatusCode::INTERNAL_SERVER_ERROR, "Failed to get contracts");
    };
    let total = rows.len() as i64;
    let page: Vec<&Listed> = rows.iter().take(limit as usize).collect();
    let last_height = page
        .last()
        .and_then(|c| c.confirmed_height)
        .filter(|h| *h > 0);
    let next_cursor_date = match page.last().and_then(|c| c.confirmed_at) {
        Some(at) => rfc3339(at),
        None => match last_height.map(|h| state.store.row(h as u32)) {
            Some(Ok(Some(row))) => rfc3339(row.time),
            _ => String::new(),
        },
    };
    let items: Vec<OpenContract> = page.into_iter().map(open_contract).collect();
    let list = (!items.is_empty()).then_some(items);
    Json(OpenContractsEnvelope {
        success: true,
        data: OpenContractsData {
            contracts: list.clone(),
            transactions: list,
            total,
            limit,
            next_cursor: last_height.map(|h| h.to_string()).unwrap_or_default(),
            next_cursor_date,
            has_more: last_height.is_some(),
        },
    })
    .into_response()
}
