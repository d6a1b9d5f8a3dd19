//! The header search box. What was typed is classified on the host (`text::query`): a height
//! or an inscription id is a link at once (Enter goes there); a 64-hex id or free text goes
//! to `/api/search`, debounced 250 ms, and an answer older than the newest request is dropped
//! (sequence number). Results are links into the app.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;
use stargate_api::SearchResults;
use wasm_bindgen::JsCast;

use crate::api::{app_href, config, scoped_client};
use crate::text::group_thousands;
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::query::{classify, SearchQuery};

const DEBOUNCE_MS: u32 = 250;
const HIT_TEXT: PreviewLimits = PreviewLimits {
    max_bytes: 240,
    max_graphemes: 90,
};

/// One result line: an in-app path and a label (sanitised text).
#[derive(Clone, Debug, PartialEq)]
pub struct ResultLink {
    pub path: String,
    pub kind: &'static str,
    pub label: String,
}

/// In-app links for a search answer: blocks, then inscriptions/transactions, then contracts.
pub fn result_links(results: &SearchResults) -> Vec<ResultLink> {
    let clean = |s: &str| preview_str(s, HIT_TEXT).text;
    let mut out = Vec::new();
    for hit in results.blocks.iter().flatten() {
        if let Some(h) = hit.block_height.filter(|h| *h >= 0) {
            out.push(ResultLink {
                path: format!("/block/{h}"),
                kind: "Block",
                label: format!("Block {} · {}", group_thousands(h as u64), clean(&hit.id)),
            });
        }
    }
    let tx_like = results
        .inscriptions
        .iter()
        .flatten()
        .chain(results.transactions.iter().flatten());
    for hit in tx_like {
        let id = clean(&hit.id);
        let path = match hit.block_height.filter(|h| *h >= 0) {
            Some(h) => format!("/inscription/{}?block={h}", hit.id),
            None => format!("/inscription/{}", hit.id),
        };
        if crate::text::query::InscriptionId::parse(&hit.id).is_none() {
            continue;
        }
        let text = hit.text.as_deref().map(clean).unwrap_or_default();
        out.push(ResultLink {
            path,
            kind: if hit.type_ == "transaction" {
                "Transaction"
            } else {
                "Inscription"
            },
            label: if text.is_empty() { id } else { text },
        });
    }
    for hit in results.contracts.iter().flatten() {
        let confirmed = hit
            .confirmed_block_height
            .or(hit.block_height)
            .filter(|h| *h > 0);
        let title = hit
            .title
            .as_deref()
            .or(hit.text.as_deref())
            .unwrap_or(&hit.id);
        out.push(ResultLink {
            path: match confirmed {
                Some(h) => format!("/block/{h}"),
                None => "/block/pending".to_owned(),
            },
            kind: "Wish",
            label: clean(title),
        });
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    Idle,
    Searching,
    Links(Vec<ResultLink>),
    Failed(String),
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let base = config().base_path;
    let client = SendWrapper::new(scoped_client());
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    let state = RwSignal::new(State::Idle);
    let seq = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<SendWrapper<gloo_timers::callback::Timeout>>);

    // Runs the query typed as request number `n`; answers for an older number are dropped.
    let run = Callback::new(move |n: u64| {
        let query = text.get_untracked();
        let links =
            |path: String, kind, label| State::Links(vec![ResultLink { path, kind, label }]);
        match classify(&query) {
            SearchQuery::Empty => state.set(State::Idle),
            SearchQuery::Height(h) => state.set(links(
                format!("/block/{h}"),
                "Block",
                format!("Block {}", group_thousands(h)),
            )),
            SearchQuery::Inscription(id) => state.set(links(
                format!("/inscription/{}", id.canonical()),
                "Inscription",
                id.canonical(),
            )),
            SearchQuery::Hex64(q) | SearchQuery::Text(q) => {
                state.set(State::Searching);
                let client = (*client).clone();
                spawn_local(async move {
                    let result = client
                        .search(&stargate_api::SearchQuery { q: Some(q) })
                        .await;
                    if seq.try_get_value() != Some(n) {
                        return;
                    }
                    state.try_set(match result {
                        Ok(envelope) => State::Links(result_links(&envelope.data)),
                        Err(e) => State::Failed(format!("Search failed: {}", e.message())),
                    });
                });
            }
        }
    });

    let on_input = move |ev: web_sys::Event| {
        let value = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        text.set(value);
        seq.update_value(|s| *s += 1);
        let n = seq.get_value();
        let timeout = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, move || run.run(n));
        // Dropping the previous timeout cancels it.
        timer.set_value(Some(SendWrapper::new(timeout)));
    };

    let go = {
        let navigate = navigate.clone();
        move |path: &str| {
            navigate(path, NavigateOptions::default());
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            timer.set_value(None);
            seq.update_value(|s| *s += 1);
            let n = seq.get_value();
            match classify(&text.get_untracked()) {
                SearchQuery::Height(h) => {
                    state.set(State::Idle);
                    go(&format!("/block/{h}"));
                }
                SearchQuery::Inscription(id) => {
                    state.set(State::Idle);
                    go(&format!("/inscription/{}", id.canonical()));
                }
                _ => {
                    // A single result is where the user wants to go; otherwise show the list.
                    if let State::Links(links) = state.get_untracked() {
                        if links.len() == 1 {
                            state.set(State::Idle);
                            go(&links[0].path);
                            return;
                        }
                    }
                    run.run(n);
                }
            }
        }
    };
    let close = move |_| state.set(State::Idle);

    view! {
        <div class="search">
            <form class="search__form" role="search" on:submit=on_submit>
                <label class="sr-only" for="search-input">
                    "Search blocks, transactions, inscriptions and wishes"
                </label>
                <input
                    id="search-input"
                    class="search__input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Height, hash, txid, inscription or text"
                    prop:value=move || text.get()
                    on:input=on_input
                />
            </form>
            {move || {
                let body = match state.get() {
                    State::Idle => return None,
                    State::Searching => {
                        view! { <p class="search__note" aria-live="polite">"Searching…"</p> }.into_any()
                    }
                    State::Failed(message) => {
                        view! { <p class="search__note" role="alert">{message}</p> }.into_any()
                    }
                    State::Links(links) if links.is_empty() => {
                        view! { <p class="search__note" aria-live="polite">"No results"</p> }.into_any()
                    }
                    State::Links(links) => {
                        let base = base.clone();
                        view! {
                            <ul class="search__list">
                                {links
                                    .into_iter()
                                    .map(|l| {
                                        view! {
                                            <li>
                                                <a class="search__hit" href=app_href(&base, &l.path)>
                                                    <span class="badge">{l.kind}</span>
                                                    " "
                                                    <span class="search__label">{l.label}</span>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                };
                Some(view! {
                    <div class="search__results" aria-label="Search results" role="region" on:click=close>
                        {body}
                    </div>
                })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stargate_api::SearchHit;

    fn hit(kind: &str, id: &str, height: Option<i64>) -> SearchHit {
        serde_json::from_value(serde_json::json!({"type": kind, "id": id, "block_height": height}))
            .unwrap()
    }

    #[test]
    fn links_for_every_list() {
        let tx = "ab".repeat(32);
        let results = SearchResults {
            blocks: Some(vec![hit("block", "00ff", Some(12))]),
            inscriptions: Some(vec![hit("inscription", &tx, Some(12))]),
            transactions: Some(vec![hit("transaction", "not-a-txid", None)]),
            contracts: Some(vec![hit("contract", "wish-\u{202E}x", None)]),
            proposals: None,
        };
        let links = result_links(&results);
        assert_eq!(links.len(), 3);
        assert_eq!(links[0].path, "/block/12");
        assert_eq!(links[1].path, format!("/inscription/{tx}?block=12"));
        assert_eq!(links[2].path, "/block/pending");
        assert_eq!(links[2].label, "wish-x");
    }
}
