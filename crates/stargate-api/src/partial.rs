//! Hand-written (not generated), PURE: lists whose items are read one by one.
//!
//! Proposals (and the tasks and submissions inside them) are written by anyone, and backends
//! other than the Go one replicate them: one item that does not match the schema (a task whose
//! merkle proof lacks `seen_at`) must not take a whole list down. [`Partial`] keeps the items
//! that decode and counts the others; [`ProposalPage`] is `GET /api/smart_contract/proposals`
//! read that way ([`Client::list_proposals_partial`](crate::Client)). Everything else the
//! client reads stays strict: a body that does not match is an [`ApiError::Decode`](crate::ApiError).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::types::{Proposal, Submission};

/// A list read item by item: the items that decode, in order, and how many did not. `null`
/// (or a missing field, with `#[serde(default)]`) is an empty list; anything but a list or
/// `null` is still an error.
#[derive(Clone, Debug, PartialEq)]
pub struct Partial<T> {
    pub items: Vec<T>,
    pub unreadable: usize,
}

impl<T> Default for Partial<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            unreadable: 0,
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Partial<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
        let mut list = Partial {
            items: Vec::with_capacity(raw.len()),
            unreadable: 0,
        };
        for value in raw {
            match T::deserialize(value) {
                Ok(item) => list.items.push(item),
                Err(_) => list.unreadable += 1,
            }
        }
        Ok(list)
    }
}

/// `GET /api/smart_contract/proposals` ([`crate::ProposalList`]) with its two lists read
/// item by item.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ProposalPage {
    pub has_more: bool,
    pub limit: i64,
    pub offset: i64,
    #[serde(default)]
    pub proposals: Partial<Proposal>,
    #[serde(default)]
    pub submissions: Partial<Submission>,
    pub total: i64,
}

#[cfg(feature = "client")]
impl crate::Client {
    /// [`Self::list_proposals`], with the lists read item by item ([`ProposalPage`]).
    pub async fn list_proposals_partial(
        &self,
        query: &crate::ListProposalsQuery,
    ) -> Result<ProposalPage, crate::ApiError> {
        let url = crate::paths::list_proposals(self.base_url(), query);
        self.send(gloo_net::http::Request::get(&url), None::<&()>, false)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn proposal(id: &str) -> Value {
        json!({
            "id": id, "title": id, "description_md": "", "status": "approved",
            "budget_sats": 1, "created_at": "2026-11-01T00:00:00Z", "metadata": {}, "tasks": [],
        })
    }

    /// A proposal whose task carries a merkle proof without `seen_at`.
    fn without_seen_at() -> Value {
        let mut p = proposal("broken");
        p["tasks"] = json!([{
            "task_id": "t", "title": "t", "description": "", "contract_id": "c", "goal_id": "g",
            "budget_sats": 1, "status": "available",
            "merkle_proof": {
                "block_header_merkle_root": "00", "block_height": 1, "confirmation_status": "confirmed",
                "funded_amount_sats": 1, "proof_path": null, "tx_id": "ab",
            },
        }]);
        p
    }

    #[test]
    fn one_unreadable_proposal_leaves_the_others() {
        let body = json!({
            "proposals": [proposal("a"), without_seen_at(), proposal("b"), 42],
            "submissions": null, "total": 4, "has_more": false, "limit": 0, "offset": 0,
        });
        // the strict type refuses the whole list
        assert!(serde_json::from_value::<crate::ProposalList>(body.clone()).is_err());
        let page: ProposalPage = serde_json::from_value(body).expect("the page decodes");
        let ids: Vec<&str> = page.proposals.items.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(page.proposals.unreadable, 2);
        assert_eq!(page.submissions, Partial::default());
    }

    #[test]
    fn null_and_missing_lists_are_empty_but_the_page_stays_strict() {
        let page: ProposalPage = serde_json::from_value(json!({
            "proposals": null, "total": 0, "has_more": false, "limit": 20, "offset": 0,
        }))
        .expect("decodes");
        assert_eq!(page.proposals, Partial::default());
        // the page itself (not an item) must still match
        assert!(serde_json::from_value::<ProposalPage>(json!({"proposals": []})).is_err());
        assert!(serde_json::from_value::<ProposalPage>(json!({
            "proposals": {"a": 1}, "total": 0, "has_more": false, "limit": 20, "offset": 0,
        }))
        .is_err());
    }
}
