//! `/api/search?q=` (envelope A; every list `null` when empty).

use axum::extract::{Query, State as S};
use axum::http::StatusCode;
use axum::response::Response;
use stargate_api::{SearchEnvelope, SearchHit, SearchResults};

use super::state::AppState;
use super::state::{Params, State};
use crate::compat::{envelope_error, json_with_nulls};
use crate::contracts::market::Market;
use crate::contracts::proposals::ProposalSummary;
use crate::payloads;
use crate::store::{BlockRow, ParsedBlock, Wish};

/// Proposals whose id, title, plan, hash or status contains `lower` (all when empty), newest
/// first, at most `max`.
fn proposal_hits(market: &Market, lower: &str, max: usize) -> anyhow::Result<Vec<SearchHit>> {
    let all = market
        .proposal_summaries()
        .map_err(|e| anyhow::anyhow!(e.message))?;
    Ok(all
        .iter()
        .filter(|p| {
            [
                &p.id,
                &p.title,
                &p.description_md,
                &p.visible_pixel_hash,
                &p.status,
            ]
            .iter()
            .any(|f| f.to_lowercase().contains(lower))
        })
        .take(max)
        .map(proposal_hit)
        .collect())
}

/// Blocks searched by text (the Go handler scans its 200 most recent cached blocks).
const TEXT_SCAN_BLOCKS: u32 = 200;
/// "Recent" results per list.
const RECENT: usize = 5;
/// Cap per list for text matches (keeps one-letter queries small).
const MAX_HITS: usize = 100;
/// Characters of an inscription's text carried in a hit.
const SNIPPET: usize = 280;

fn hit(kind: &str, id: String) -> SearchHit {
    SearchHit {
        type_: kind.into(),
        id,
        block_height: None,
        budget_sats: None,
        confirmed_block_height: None,
        contract_id: None,
        metadata: None,
        proposal_id: None,
        status: None,
        stego_image_url: None,
        text: None,
        timestamp: None,
        title: None,
        tx_count: None,
        tx_id: None,
        visible_pixel_hash: None,
    }
}

fn block_hit(row: &BlockRow) -> SearchHit {
    SearchHit {
        block_height: Some(row.height as i64),
        timestamp: Some(row.time),
        tx_count: Some(row.tx_count),
        ..hit("block", row.hash.clone())
    }
}

fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(SNIPPET)
        .collect()
}

fn inscription_hits(block: &ParsedBlock, only_tx: Option<&str>, out: &mut Vec<SearchHit>) {
    for i in &block.inscriptions {
        if only_tx.is_some_and(|t| i.txid.to_string() != t) {
            continue;
        }
        out.push(SearchHit {
            text: payloads::is_text(&i.content_type).then(|| snippet(&i.body)),
            timestamp: Some(block.row.time),
            block_height: Some(block.row.height as i64),
            status: Some("confirmed".into()),
            ..hit("inscription", i.txid.to_string())
        });
    }
}

fn tx_hit(block: &ParsedBlock, txid: &str) -> SearchHit {
    let n = block
        .inscriptions
        .iter()
        .filter(|i| i.txid.to_string() == txid)
        .count();
    SearchHit {
        text: Some(format!("{n} inscription(s) in block {}", block.row.height)),
        timestamp: Some(block.row.time),
        block_height: Some(block.row.height as i64),
        status: Some("confirmed".into()),
        ..hit("transaction", txid.to_string())
    }
}

fn contract_hit(w: &Wish) -> SearchHit {
    SearchHit {
        contract_id: Some(format!("wish-{}", w.id)),
        title: Some(w.text.clone()),
        text: Some(w.text.clone()),
        status: Some(w.status.clone()),
        budget_sats: Some(w.price_sats),
        visible_pixel_hash: Some(w.id.clone()),
        stego_image_url: Some(format!("/uploads/{}", w.id)),
        timestamp: Some(w.created_at),
        confirmed_block_height: w.confirmed_height,
        ..hit("contract", format!("wish-{}", w.id))
    }
}

fn proposal_hit(p: &ProposalSummary) -> SearchHit {
    SearchHit {
        proposal_id: Some(p.id.clone()),
        title: Some(p.title.clone()),
        status: Some(p.status.clone()),
        budget_sats: Some(p.budget_sats),
        timestamp: Some(p.created_at),
        visible_pixel_hash: Some(p.visible_pixel_hash.clone()).filter(|h| !h.is_empty()),
        ..hit("proposal", p.id.clone())
    }
}

fn non_empty(v: Vec<SearchHit>) -> Option<Vec<SearchHit>> {
    (!v.is_empty()).then_some(v)
}

fn run(state: &AppState, q: &str) -> anyhow::Result<SearchResults> {
    let store = &state.store;
    let mut blocks = Vec::new();
    let mut inscriptions = Vec::new();
    let mut transactions = Vec::new();
    let mut contracts = Vec::new();
    let mut proposals = Vec::new();
    let lower = q.to_lowercase();
    if q.is_empty() || lower == "block" || lower == "blocks" {
        for row in store.rows_below(None, RECENT as u32)? {
            if inscriptions.len() < RECENT {
                if let Some(p) = store.parsed(row.height)? {
                    inscription_hits(&p, None, &mut inscriptions);
                    for i in &p.inscriptions {
                        let t = i.txid.to_string();
                        if transactions.len() < RECENT
                            && !transactions.iter().any(|h: &SearchHit| h.id == t)
                        {
                            transactions.push(tx_hit(&p, &t));
                        }
                    }
                }
            }
            blocks.push(block_hit(&row));
        }
        inscriptions.truncate(RECENT);
        contracts = store
            .wishes(None, None)?
            .iter()
            .take(RECENT)
            .map(contract_hit)
            .collect();
        proposals = proposal_hits(&state.market, "", RECENT)?;
    } else if let Ok(h) = q.parse::<u32>() {
        if let Some(row) = store.row(h)? {
            blocks.push(block_hit(&row));
        }
    } else if q.len() == 64 && q.bytes().all(|b| b.is_ascii_hexdigit()) {
        if let Some(h) = store.height_of_hash(&lower)? {
            if let Some(row) = store.row(h)? {
                blocks.push(block_hit(&row));
            }
        }
        if let Some(h) = store.height_of_tx(&lower)? {
            if let Some(p) = store.parsed(h)? {
                inscription_hits(&p, Some(&lower), &mut inscriptions);
                transactions.push(tx_hit(&p, &lower));
            }
        }
        // As the backend, which scans every contract id and proposal for any query: a wish's
        // hash finds its contract and its proposals.
        contracts = store
            .wishes(None, None)?
            .iter()
            .filter(|w| w.id == lower)
            .map(contract_hit)
            .collect();
        proposals = proposal_hits(&state.market, &lower, MAX_HITS)?;
    } else {
        for row in store.rows_below(None, TEXT_SCAN_BLOCKS)? {
            if inscriptions.len() >= MAX_HITS {
                break;
            }
            let Some(p) = store.parsed(row.height)? else {
                continue;
            };
            for i in &p.inscriptions {
                if inscriptions.len() < MAX_HITS
                    && payloads::is_text(&i.content_type)
                    && String::from_utf8_lossy(&i.body)
                        .to_lowercase()
                        .contains(&lower)
                {
                    inscriptions.push(SearchHit {
                        text: Some(snippet(&i.body)),
                        timestamp: Some(row.time),
                        block_height: Some(row.height as i64),
                        status: Some("confirmed".into()),
                        ..hit("inscription", i.txid.to_string())
                    });
                }
            }
        }
        contracts = store
            .wishes(None, None)?
            .iter()
            .filter(|w| w.text.to_lowercase().contains(&lower))
            .take(MAX_HITS)
            .map(contract_hit)
            .collect();
        proposals = proposal_hits(&state.market, &lower, MAX_HITS)?;
    }
    Ok(SearchResults {
        blocks: non_empty(blocks),
        inscriptions: non_empty(inscriptions),
        transactions: non_empty(transactions),
        contracts: non_empty(contracts),
        proposals: non_empty(proposals),
    })
}

/// Search: empty `q`, `block` or `blocks` → recent results (≤ 5 per list); a number → that
/// block; 64 hex → the block with that hash and/or the transaction with that txid; anything
/// else → case-insensitive substring over the inscription texts of the 200 newest blocks, the
/// wish texts and the proposals (id, title, plan, hash, status).
pub async fn search(S(state): State, Query(q): Params) -> Response {
    let query = q.get("q").map(|s| s.trim()).unwrap_or("");
    match run(&state, query) {
        Ok(data) => json_with_nulls(
            &SearchEnvelope {
                success: true,
                data,
            },
            &["data"],
            &[
                "inscriptions",
                "transactions",
                "blocks",
                "contracts",
                "proposals",
            ],
        ),
        Err(e) => envelope_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
