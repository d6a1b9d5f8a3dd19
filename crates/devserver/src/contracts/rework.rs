//! Contract rework requests (`POST …/contracts/{id}/rework`, `PATCH …/rework/{request_id}`).
//! The SQLite backend keeps them in the contract's metadata; here they have their own table and
//! are shown in both places on read.

use rusqlite::{params, Connection};
use stargate_api::ReworkRequest;

use super::market::Market;
use super::store::{contract_exists, rework_requests};
use crate::compat::rfc3339;
use crate::compat::{Outcome, Refused};

impl Market {
    /// A new `open` request by `requester`; EVERY task of the contract becomes `rejected`.
    /// An unknown contract is the backend's 500 `contract <id> not found`.
    pub fn request_rework(
        &self,
        contract_id: &str,
        requester: &str,
        notes: &str,
        now: i64,
        nanos: u128,
    ) -> Outcome<ReworkRequest> {
        self.in_transaction(|tx| {
            known_contract(tx, contract_id)?;
            let request_id = format!("rework-{contract_id}-{nanos}");
            tx.execute(
            "INSERT INTO sc_rework(request_id, contract_id, requester, notes, status, created_at)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5)",
            params![request_id, contract_id, requester, notes, now],
        )?;
            tx.execute(
                "UPDATE sc_tasks SET status = 'rejected' WHERE contract_id = ?1",
                [contract_id],
            )?;
            Ok(ReworkRequest {
                request_id,
                contract_id: contract_id.to_string(),
                requester: requester.to_string(),
                notes: notes.to_string(),
                status: "open".into(),
                created_at: rfc3339(now),
                resolved_at: None,
            })
        })
    }

    /// Resolves request `request_id` of the contract when `requester` (ignoring case) made it;
    /// anyone else, and an unknown request id, get the backend's 403.
    pub fn resolve_rework(
        &self,
        contract_id: &str,
        request_id: &str,
        requester: &str,
        now: i64,
    ) -> Outcome<()> {
        self.in_transaction(|tx| {
            known_contract(tx, contract_id)?;
            let own = rework_requests(tx, contract_id)?
                .into_iter()
                .find(|r| r.request_id == request_id)
                .is_some_and(|r| r.requester.eq_ignore_ascii_case(requester));
            if !own {
                return Err(Refused::new(
                    403,
                    "only the original requester can resolve this rework request",
                ));
            }
            tx.execute(
                "UPDATE sc_rework SET status = 'resolved', resolved_at = ?1 WHERE request_id = ?2",
                params![now, request_id],
            )?;
            Ok(())
        })
    }
}

/// An unknown contract is the backend's 500 `contract <id> not found`.
fn known_contract(conn: &Connection, contract_id: &str) -> Outcome<()> {
    if contract_exists(conn, contract_id)? {
        Ok(())
    } else {
        Err(Refused::new(
            500,
            format!("contract {contract_id} not found"),
        ))
    }
}
