//! The pending block: open wishes/contracts from `/api/open-contracts` (camelCase fields),
//! asked for again by the poll helper while shown and the tab is visible. Each card is a link
//! to its contract page.

use leptos::prelude::*;
use stargate_api::{ContractStatus, OpenContract, OpenContractsQuery};

use crate::api::{config, safe_media_url, scoped_client, use_poll};
use crate::components::inscription_card::ContentImage;
use crate::components::PolledList;
use crate::routes;
use crate::text::preview::{preview_str, PreviewLimits};
use crate::wish::{budget_sats, format_btc, format_sats};

/// Wishes asked for (the backend's default is 100).
const LIMIT: i64 = 100;

#[component]
pub fn OpenContracts() -> impl IntoView {
    let client = scoped_client();
    let contracts = RwSignal::new(None::<Vec<OpenContract>>);
    let poll = use_poll(config().poll_interval_ms(), move || {
        let client = client.clone();
        async move {
            // Only the open ones: mined wishes stay in the backend's list as "confirmed".
            let envelope = client
                .get_open_contracts(&OpenContractsQuery {
                    limit: Some(LIMIT),
                    status: Some(ContractStatus::Pending),
                    ..Default::default()
                })
                .await?;
            let data = envelope.data;
            contracts.try_set(Some(
                data.contracts.or(data.transactions).unwrap_or_default(),
            ));
            Ok(())
        }
    });

    view! {
        <div class="contracts">
            <h3 class="contracts__title">"Open wishes and contracts"</h3>
            <PolledList
                poll
                rows=contracts
                what="Could not load the open wishes"
                loading="Loading open contracts…"
                empty="No open wishes right now"
            >
                <div class="contract-grid">
                    <For
                        each=move || contracts.get().unwrap_or_default()
                        key=|c| (c.id.clone(), c.status.clone(), c.text.len())
                        children=|c| view! { <ContractCard contract=c /> }
                    />
                </div>
            </PolledList>
        </div>
    }
}

#[component]
pub fn ContractCard(contract: OpenContract) -> impl IntoView {
    let api_base = config().api_base;
    let image = safe_media_url(&api_base, &contract.image_data).unwrap_or_default();
    let message = preview_str(&contract.text, PreviewLimits::CARD).text;
    let sats = budget_sats(contract.total_budget_sats, contract.price);
    let status = preview_str(&contract.status, PreviewLimits::LABEL).text;
    let id = preview_str(&contract.id, PreviewLimits::ID).text;
    view! {
        <a class="contract-card" data-contract-id=contract.id.clone() href=routes::contract(&contract.id).href()>
            <div class="contract-card__image">
                <ContentImage src=image />
            </div>
            <div class="contract-card__body">
                <pre class="contract-card__message" dir="auto">
                    {if message.trim().is_empty() { "(no message)".to_owned() } else { message }}
                </pre>
                <p class="contract-card__budget" data-budget-sats=sats.map(|s| s.to_string())>
                    {match sats {
                        Some(s) => format!("{} · {}", format_btc(s), format_sats(s)),
                        None => "Budget unknown".to_owned(),
                    }}
                </p>
                <p class="contract-card__meta">
                    <span class="badge">{status}</span>
                    <span class="mono contract-card__id">{id}</span>
                </p>
            </div>
        </a>
    }
}
