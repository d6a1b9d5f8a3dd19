//! `/api/open-contracts` (and its aliases): envelope A, camelCase items.

use axum::extract::{Query, State as S};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use stargate_api::{OpenContract, OpenContractsData, OpenContractsEnvelope};

use super::{envelope_error, int_param, rfc3339, Params, State};
use crate::store::Wish;

/// The camelCase item of a wish.
pub fn open_contract(w: &Wish) -> OpenContract {
    OpenContract {
        image_data: format!("/uploads/{}", w.id),
        text: w.text.clone(),
        price: w.price_sats as f64 / 1e8,
        // Always "" on this path in Go, and `omitempty`.
        address: None,
        timestamp: w.created_at,
        id: format!("wish-{}", w.id),
        // "TBD" until confirmed, then the reveal transaction (Go's confirmed_txid).
        tx_id: Some(match (&w.confirmed_txid, w.status.as_str()) {
            (Some(txid), "confirmed") => txid.clone(),
            _ => "TBD".to_string(),
        }),
        status: w.status.clone(),
        block_height: w.confirmed_height.filter(|h| *h > 0),
        visible_pixel_hash: Some(w.id.clone()),
        total_budget_sats: Some(w.price_sats).filter(|s| *s != 0),
        available_tasks: None,
    }
}

/// Wishes ordered by confirmed height (nulls last), then creation time. `limit` 1–500 (else
/// 100); `status` filters when given; `cursor_height > 0` keeps confirmed heights below it.
/// `has_more` is true whenever the LAST item has a confirmed height (the Go rule).
pub async fn open_contracts(S(state): State, Query(q): Params) -> Response {
    let limit = match int_param(&q, "limit") {
        Some(l) if (1..=500).contains(&l) => l,
        _ => 100,
    };
    let status = q.get("status").map(|s| s.trim()).filter(|s| !s.is_empty());
    let cursor = int_param(&q, "cursor_height").filter(|c| *c > 0);
    let wishes = match state.store.wishes(status, cursor) {
        Ok(w) => w,
        Err(e) => return envelope_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let total = wishes.len() as i64;
    let page: Vec<&Wish> = wishes.iter().take(limit as usize).collect();
    let last_height = page
        .last()
        .and_then(|w| w.confirmed_height)
        .filter(|h| *h > 0);
    let next_cursor_date = match last_height.map(|h| state.store.row(h as u32)) {
        Some(Ok(Some(row))) => rfc3339(row.time),
        _ => String::new(),
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
