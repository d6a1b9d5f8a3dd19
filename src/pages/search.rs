//! `/search?q=`: every hit of `/api/search` for the query in the URL, grouped by kind with
//! counts, exact matches first (`search::page` decides all of it). The query lives in the URL:
//! a reload or a shared link shows the same results, and a search from the page's own field is
//! a new history entry. The heading takes the focus for each query; the live region says what
//! was found; the arrow keys move through the hits, Enter opens one.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;

use crate::api::use_load;
use crate::components::{ErrorBanner, When};
use crate::routes::{self, History};
use crate::search::page::{
    key_step, outcome, query_param, shown_query, status_line, Group, Outcome, PageHit, HELP,
};

/// Each hit's link carries this class: the arrow keys move between them.
const HIT: &str = "search-page__hit";

/// The page's search field: the URL's query, and a new history entry for a new one.
#[component]
fn SearchForm(query: Memo<String>, on_same: Callback<()>) -> impl IntoView {
    let go = routes::use_go();
    let text = RwSignal::new(String::new());
    // the URL leads (a link, Back): the field shows its query
    Effect::new(move |_| text.set(query.get()));
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let wanted = query_param(Some(&text.get_untracked()));
        if wanted == query.get_untracked() {
            on_same.run(());
        } else {
            go(&routes::search(&wanted), History::Push);
        }
    };
    view! {
        <form class="search-page__form" role="search" aria-label="Search again" on:submit=on_submit>
            <label class="search-page__label" for="search-page-input">"Search for"</label>
            <input
                id="search-page-input"
                class="search-page__input"
                type="search"
                name="q"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button class="button button--primary" type="submit">"Search"</button>
        </form>
    }
}

#[component]
fn HitRow(hit: PageHit) -> impl IntoView {
    let PageHit {
        link,
        details,
        when,
        exact,
    } = hit;
    let sep = if details.is_empty() { "" } else { " · " };
    view! {
        <li>
            <a class=HIT href=link.path.href() data-hit-kind=link.kind.nouns().0>
                <span class="search-page__title">
                    <span class="search-page__text" dir="auto">{link.label}</span>
                    {exact.then(|| view! { " " <span class="badge badge--exact">"Exact match"</span> })}
                </span>
                <span class="search-page__details">
                    {details.join(" · ")}
                    {when.map(|ts| view! { {sep} <When ts /> })}
                </span>
            </a>
        </li>
    }
}

#[component]
fn HitGroup(group: Group) -> impl IntoView {
    let id = format!("search-group-{}", group.kind.nouns().1);
    let labelled_by = id.clone();
    view! {
        <section class="search-group" aria-labelledby=labelled_by data-group=group.kind.nouns().1>
            <h2 class="search-group__title" id=id>{group.heading()}</h2>
            <ul class="search-group__hits">
                {group.hits.into_iter().map(|hit| view! { <HitRow hit /> }).collect_view()}
            </ul>
        </section>
    }
}

/// The groups of one answer.
#[component]
pub fn SearchGroups(outcome: Outcome) -> impl IntoView {
    outcome
        .groups
        .into_iter()
        .map(|group| view! { <HitGroup group /> })
        .collect_view()
}

/// Up, Down, Home and End move the focus through the hits under `root` (Down from the
/// heading enters the list); keys typed in a field are left alone.
fn on_arrow_keys(root: NodeRef<html::Div>) -> impl Fn(web_sys::KeyboardEvent) {
    move |ev: web_sys::KeyboardEvent| {
        let in_field = ev
            .target()
            .is_some_and(|t| t.dyn_ref::<web_sys::HtmlInputElement>().is_some());
        if in_field || ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        let Some(list) = root
            .get_untracked()
            .and_then(|r| r.query_selector_all(&format!(".{HIT}")).ok())
        else {
            return;
        };
        let hits: Vec<web_sys::HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into().ok())
            .collect();
        let active = document().active_element();
        let current = hits.iter().position(|h| {
            active
                .as_ref()
                .is_some_and(|a| a == h.unchecked_ref::<web_sys::Element>())
        });
        if let Some(next) = key_step(&ev.key(), current, hits.len()) {
            ev.prevent_default();
            let _ = hits[next].focus();
        }
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| query_param(p.get_str("q"))));
    // the answer with the query it is for, so that one for an earlier query is never shown as
    // this one's (the outer result is always Ok)
    let results = use_load(move |client| {
        let asked = query.get();
        async move {
            if asked.is_empty() {
                return Ok((asked, Ok(None)));
            }
            let request = stargate_api::SearchQuery {
                q: Some(asked.clone()),
            };
            let answer = client
                .search(&request)
                .await
                .map(|envelope| Some(outcome(&asked, &envelope.data)));
            Ok((asked, answer))
        }
    });
    let current = move || {
        results
            .get()
            .and_then(Result::ok)
            .filter(|(asked, _)| *asked == query.get())
            .map(|(_, answer)| answer)
    };
    let found = Memo::new(move |_| current().and_then(|a| a.ok()).flatten());
    let failed = Signal::derive(move || current().and_then(|a| a.err()));
    let retry = Callback::new(move |()| results.refetch());

    let heading = NodeRef::<html::H1>::new();
    let list = NodeRef::<html::Div>::new();
    // Each query (the link's, a new search, Back) starts at the heading, once it is in the
    // document: the page's loader shows it only when its first answer is in.
    let focused_for = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let asked = query.get();
        let _answered = results.with(Option::is_some);
        let Some(h) = heading.get() else { return };
        request_animation_frame(move || {
            if h.is_connected() && focused_for.with_value(|f| f.as_ref() != Some(&asked)) {
                focused_for.set_value(Some(asked));
                let _ = h.focus();
            }
        });
    });
    let status = move || {
        let q = query.get();
        if failed.with(Option::is_some) {
            return String::new();
        }
        found.with(|f| status_line(&q, f.as_ref()))
    };
    view! {
        <section class="search-page" on:keydown=on_arrow_keys(list)>
            <h1 class="page-title" tabindex="-1" node_ref=heading>
                {move || {
                    let q = query.get();
                    if q.is_empty() { "Search".to_owned() } else { format!("Search: {}", shown_query(&q)) }
                }}
            </h1>
            <SearchForm query on_same=retry />
            <Show when=move || query.with(String::is_empty)>
                <p class="note search-page__help">{HELP}</p>
            </Show>
            <p class="search-page__status" role="status" aria-live="polite">{status}</p>
            <ErrorBanner what="Search failed" error=failed on_retry=retry />
            <div class="search-page__results" node_ref=list>
                {move || found.get().map(|outcome| view! { <SearchGroups outcome /> })}
            </div>
        </section>
    }
}
