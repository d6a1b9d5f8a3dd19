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
use crate::envelope::ParsedInscription;
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

fn inscription_hit(block: &ParsedBlock, i: &ParsedInscription) -> SearchHit {
    SearchHit {
        text: payloads::is_text(&i.content_type).then(|| snippet(&i.body)),
        timestamp: Some(block.row.time),
        block_height: Some(block.row.height as i64),
        status: Some("confirmed".into()),
        ..hit("inscription", i.txid.to_string())
    }
}

fn inscription_hits(block: &ParsedBlock, only_tx: Option<&str>, out: &mut Vec<SearchHit>) {
    let wanted = block.inscriptions.iter();
    let wanted = wanted.filter(|i| only_tx.is_none_or(|t| i.txid.to_string() == t));
    out.extend(wanted.map(|i| inscription_hit(block, i)));
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
        // The backend's addContract: the confirmed txid once confirmed, "TBD" before.
        tx_id: match (w.status.as_str(), &w.confirmed_txid) {
            ("confirmed", txid) => txid.clone(),
            _ => Some("TBD".into()),
        },
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

/// The five lists of an answer.
#[derive(Default)]
struct Hits {
    blocks: Vec<SearchHit>,
    inscriptions: Vec<SearchHit>,
    transactions: Vec<SearchHit>,
    contracts: Vec<SearchHit>,
    proposals: Vec<SearchHit>,
}

fn run(state: &AppState, q: &str) -> anyhow::Result<SearchResults> {
    let lower = q.to_lowercase();
    let hits = if q.is_empty() || lower == "block" || lower == "blocks" {
        recent(state)?
    } else if let Ok(h) = q.parse::<u32>() {
        Hits {
            blocks: state.store.row(h)?.iter().map(block_hit).collect(),
            ..Hits::default()
        }
    } else if q.len() == 64 && q.bytes().all(|b| b.is_ascii_hexdigit()) {
        by_hash(state, &lower)?
    } else {
        by_text(state, &lower)?
    };
    Ok(SearchResults {
        blocks: non_empty(hits.blocks),
        inscriptions: non_empty(hits.inscriptions),
        transactions: non_empty(hits.transactions),
        contracts: non_empty(hits.contracts),
        proposals: non_empty(hits.proposals),
    })
}

/// Recent results, at most [`RECENT`] per list.
fn recent(state: &AppState) -> anyhow::Result<Hits> {
    let store = &state.store;
    let mut h = Hits::default();
    for row in store.rows_below(None, RECENT as u32)? {
        if h.inscriptions.len() < RECENT {
            if let Some(p) = store.parsed(row.height)? {
                inscription_hits(&p, None, &mut h.inscriptions);
                for i in &p.inscriptions {
                    let t = i.txid.to_string();
                    if h.transactions.len() < RECENT && !h.transactions.iter().any(|x| x.id == t) {
                        h.transactions.push(tx_hit(&p, &t));
                    }
                }
            }
        }
        h.blocks.push(block_hit(&row));
    }
    h.inscriptions.truncate(RECENT);
    h.contracts = store
        .wishes(None, None)?
        .iter()
        .take(RECENT)
        .map(contract_hit)
        .collect();
    h.proposals = proposal_hits(&state.market, "", RECENT)?;
    Ok(h)
}

/// 64 hex digits: a block hash, a txid, a wish's hash.
fn by_hash(state: &AppState, lower: &str) -> anyhow::Result<Hits> {
    let store = &state.store;
    let mut h = Hits::default();
    if let Some(height) = store.height_of_hash(lower)? {
        h.blocks.extend(store.row(height)?.iter().map(block_hit));
    }
    if let Some(height) = store.height_of_tx(lower)? {
        if let Some(p) = store.parsed(height)? {
            inscription_hits(&p, Some(lower), &mut h.inscriptions);
            h.transactions.push(tx_hit(&p, lower));
        }
    }
    // As the backend, which scans every contract id and proposal for any query: a wish's
    // hash finds its contract and its proposals.
    h.contracts = store
        .wishes(None, None)?
        .iter()
        .filter(|w| w.id == lower)
        .map(contract_hit)
        .collect();
    h.proposals = proposal_hits(&state.market, lower, MAX_HITS)?;
    Ok(h)
}

/// Any other text: inscription texts of the newest blocks, wish texts, proposals.
fn by_text(state: &AppState, lower: &str) -> anyhow::Result<Hits> {
    let store = &state.store;
    let mut h = Hits::default();
    for row in store.rows_below(None, TEXT_SCAN_BLOCKS)? {
        if h.inscriptions.len() >= MAX_HITS {
            break;
        }
        let Some(p) = store.parsed(row.height)? else {
            continue;
        };
        for i in &p.inscriptions {
            if h.inscriptions.len() < MAX_HITS
                && payloads::is_text(&i.content_type)
                && String::from_utf8_lossy(&i.body)
                    .to_lowercase()
                    .contains(lower)
            {
                h.inscriptions.push(inscription_hit(&p, i));
            }
        }
    }
    h.contracts = store
        .wishes(None, None)?
        .iter()
        .filter(|w| w.text.to_lowercase().contains(lower))
        .take(MAX_HITS)
        .map(contract_hit)
        .collect();
    h.proposals = proposal_hits(&state.market, lower, MAX_HITS)?;
    Ok(h)
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
