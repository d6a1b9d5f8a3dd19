//! The header search box. What was typed is classified on the host (`text::query`): a height
//! or an inscription id is a link at once (Enter goes there); a 64-hex id or free text goes
//! to `/api/search`, 250 ms after the last key, through `api::use_load` (the latest query's
//! answer wins). Results are links into the app.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use stargate_api::SearchResults;

use crate::api::{use_load, Answer};
use crate::components::ErrorBanner;
use crate::routes::{self, AppPath, History};
use crate::text::group_thousands;
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::query::{classify, InscriptionId, SearchQuery};

const DEBOUNCE_MS: u32 = 250;
const HIT_TEXT: PreviewLimits = PreviewLimits {
    max_bytes: 240,
    max_graphemes: 90,
};

/// One result line: where it goes and a label (sanitised text).
#[derive(Clone, Debug, PartialEq)]
pub struct ResultLink {
    pub path: AppPath,
    pub kind: &'static str,
    pub label: String,
}

/// In-app links for a search answer: blocks, then inscriptions/transactions, then contracts
/// and proposals (both open the contract page).
pub fn result_links(results: &SearchResults) -> Vec<ResultLink> {
    let clean = |s: &str| preview_str(s, HIT_TEXT).text;
    let mut out = Vec::new();
    for hit in results.blocks.iter().flatten() {
        if let Some(h) = hit.block_height.and_then(|h| u64::try_from(h).ok()) {
            out.push(ResultLink {
                path: routes::block(h),
                kind: "Block",
                label: format!("Block {} · {}", group_thousands(h), clean(&hit.id)),
            });
        }
    }
    let tx_like = results
        .inscriptions
        .iter()
        .flatten()
        .chain(results.transactions.iter().flatten());
    for hit in tx_like {
        if InscriptionId::parse(&hit.id).is_none() {
            continue;
        }
        let height = hit.block_height.and_then(|h| u64::try_from(h).ok());
        let text = hit.text.as_deref().map(clean).unwrap_or_default();
        out.push(ResultLink {
            path: routes::inscription(&hit.id, height),
            kind: if hit.type_ == "transaction" {
                "Transaction"
            } else {
                "Inscription"
            },
            label: if text.is_empty() {
                clean(&hit.id)
            } else {
                text
            },
        });
    }
    for hit in results.contracts.iter().flatten() {
        let title = hit
            .title
            .as_deref()
            .or(hit.text.as_deref())
            .unwrap_or(&hit.id);
        out.push(ResultLink {
            path: routes::contract(hit.contract_id.as_deref().unwrap_or(&hit.id)),
            kind: "Contract",
            label: clean(title),
        });
    }
    for hit in results.proposals.iter().flatten() {
        // The wish's hash when the hit names it (one page per wish), else the proposal id,
        // which the contract page resolves.
        let id = hit
            .visible_pixel_hash
            .as_deref()
            .filter(|h| !h.is_empty())
            .unwrap_or(&hit.id);
        out.push(ResultLink {
            path: routes::contract(id),
            kind: "Proposal",
            label: clean(hit.title.as_deref().unwrap_or(&hit.id)),
        });
    }
    out
}

/// The links a query gives without asking the backend, if it is a height or an inscription id.
fn direct_link(query: &SearchQuery) -> Option<ResultLink> {
    match query {
        SearchQuery::Height(h) => Some(ResultLink {
            path: routes::block(*h),
            kind: "Block",
            label: format!("Block {}", group_thousands(*h)),
        }),
        SearchQuery::Inscription(id) => Some(ResultLink {
            path: routes::inscription(&id.canonical(), None),
            kind: "Inscription",
            label: id.canonical(),
        }),
        _ => None,
    }
}

/// The search box. `boot`: the page's shell before the app runs (`first_screen`): the same
/// box, disabled, with no search behind it and no id (the app's box has it).
#[component]
pub fn SearchBox(#[prop(optional)] boot: bool) -> impl IntoView {
    if boot {
        return search_box(RwSignal::new(String::new()), |_| {}, |_| {}, true, ()).into_any();
    }
    let go = routes::use_go();
    let text = RwSignal::new(String::new());
    // The query being shown (set DEBOUNCE_MS after the last key, or at once by Enter); `None`
    // = the results are closed.
    let shown = RwSignal::new(None::<SearchQuery>);
    let timer = StoredValue::new(None::<SendWrapper<gloo_timers::callback::Timeout>>);
    let results = use_load(move |client| {
        let query = shown.get();
        async move {
            match query {
                Some(SearchQuery::Hex64(q) | SearchQuery::Text(q)) => {
                    let answer = client
                        .search(&stargate_api::SearchQuery { q: Some(q) })
                        .await?;
                    Ok(Some(result_links(&answer.data)))
                }
                Some(query) => Ok(direct_link(&query).map(|link| vec![link])),
                None => Ok(None),
            }
        }
    });
    let show_now = move || {
        timer.set_value(None);
        shown.set(Some(classify(&text.get_untracked())).filter(|q| *q != SearchQuery::Empty));
    };

    let on_input = move |ev: web_sys::Event| {
        text.set(event_target_value(&ev));
        // Replacing the previous timeout cancels it.
        let timeout = gloo_timers::callback::Timeout::new(DEBOUNCE_MS, show_now);
        timer.set_value(Some(SendWrapper::new(timeout)));
    };
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let query = classify(&text.get_untracked());
        // A height, an inscription id, or a search whose answer is one link: go there.
        let single = direct_link(&query).or_else(|| match results.get_untracked() {
            Some(Ok(Some(links)))
                if links.len() == 1 && shown.get_untracked() == Some(query.clone()) =>
            {
                links.into_iter().next()
            }
            _ => None,
        });
        match single {
            Some(link) => {
                timer.set_value(None);
                shown.set(None);
                go(&link.path, History::Push);
            }
            None => show_now(),
        }
    };
    let close = Callback::new(move |()| shown.set(None));

    let open = view! {
        <Show when=move || shown.with(Option::is_some)>
            <div class="search__results" aria-label="Search results" role="region">
                <SearchResultsList results on_pick=close />
            </div>
        </Show>
    };
    search_box(text, on_input, on_submit, false, open).into_any()
}

/// The box and its form, with `results` below: the app's, or (`boot`) the shell's, disabled.
fn search_box(
    text: RwSignal<String>,
    on_input: impl FnMut(web_sys::Event) + 'static,
    on_submit: impl FnMut(web_sys::SubmitEvent) + 'static,
    boot: bool,
    results: impl IntoView + 'static,
) -> impl IntoView {
    let id = (!boot).then_some("search-input");
    view! {
        <div class="search">
            <form class="search__form" role="search" on:submit=on_submit>
                <label class="sr-only" for=id>
                    "Search blocks, transactions, inscriptions and wishes"
                </label>
                <input
                    id=id
                    class="search__input"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Height, hash, txid, inscription or text"
                    disabled=boot
                    prop:value=move || text.get()
                    on:input=on_input
                />
            </form>
            {results}
        </div>
    }
}

/// The open results: "Searching…" until the answer, the links, or the error banner.
#[component]
fn SearchResultsList(
    results: LocalResource<Answer<Option<Vec<ResultLink>>>>,
    /// A link was followed: the results close.
    on_pick: Callback<()>,
) -> impl IntoView {
    let retry = Callback::new(move |()| results.refetch());
    view! {
        <Transition fallback=|| view! { <p class="search__note" aria-live="polite">"Searching…"</p> }>
            {move || {
                results.get().map(|answer| match answer {
                    Err(error) => view! { <ErrorBanner what="Search failed" error=Some(error) on_retry=retry /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(links)) if links.is_empty() => {
                        view! { <p class="search__note" aria-live="polite">"No results"</p> }.into_any()
                    }
                    Ok(Some(links)) => view! {
                        <ul class="search__list" on:click=move |_| on_pick.run(())>
                            {links
                                .into_iter()
                                .map(|l| view! {
                                    <li>
                                        <a class="search__hit" href=l.path.href()>
                                            <span class="badge">{l.kind}</span>
                                            " "
                                            <span class="search__label">{l.label}</span>
                                        </a>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                })
            }}
        </Transition>
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
            proposals: Some(vec![
                hit("proposal", "proposal-1", None),
                serde_json::from_value(serde_json::json!(
                    {"type": "proposal", "id": "proposal-2", "visible_pixel_hash": tx, "title": "Plan"}
                ))
                .unwrap(),
            ]),
        };
        let links = result_links(&results);
        assert_eq!(links.len(), 5);
        assert_eq!(links[0].path, routes::block(12));
        assert_eq!(links[1].path, routes::inscription(&tx, Some(12)));
        assert_eq!(links[2].path, routes::contract("wish-\u{202E}x"));
        assert_eq!(links[2].label, "wish-x");
        assert_eq!(links[3].path, routes::contract("proposal-1"));
        assert_eq!(
            (&links[4].path, links[4].label.as_str()),
            (&routes::contract(&tx), "Plan")
        );
    }
}
