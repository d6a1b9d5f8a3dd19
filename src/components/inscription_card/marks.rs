//! The stego and contract badges of an inscription, the contract one a link to its contract
//! page when the backend ties the inscription to one (the rule: `contract::stego`). Text
//! nodes only; the link's id is one the rule accepted (a wish hash or a proposal id).

use leptos::prelude::*;
use stargate_api::BlockInscription;

use crate::contract::stego::{contract_of, inscription_badges, link_id, stego_marks, Mark};
use crate::routes;

/// The badges of `ins` in a row of class `class`, or nothing when it has none.
pub fn inscription_marks(ins: &BlockInscription, class: &'static str) -> Option<AnyView> {
    let contract = contract_of(ins);
    let badges = inscription_badges(&stego_marks(ins), contract.is_some());
    if badges.is_empty() {
        return None;
    }
    let href = contract.map(|c| routes::contract(&link_id(&c)).href());
    let items = badges
        .into_iter()
        .map(|(mark, text)| match (mark, href.clone()) {
            (Mark::Contract, Some(href)) => view! {
                <a class="badge mark mark--contract" data-mark="contract" data-contract-link="" href=href>
                    {text}
                </a>
            }
            .into_any(),
            (Mark::Contract, None) => {
                view! { <span class="badge mark mark--contract" data-mark="contract">{text}</span> }
                    .into_any()
            }
            (Mark::Stego, _) => {
                view! { <span class="badge mark mark--stego" data-mark="stego">{text}</span> }
                    .into_any()
            }
        })
        .collect_view();
    Some(view! { <div class=class>{items}</div> }.into_any())
}
