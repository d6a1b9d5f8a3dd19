//! The header search box. What was typed is classified on the host (`text::query`): a height
//! or an inscription id is a link at once (Enter goes there); a 64-hex id or free text goes
//! to `/api/search`, 250 ms after the last key, through `api::use_load` (the latest query's
//! answer wins). Results are links into the app (`search::result_links`), the last one "See
//! all results", the search page. Enter on a query that names no one page (text, or a hash
//! whose answer is not one hit) opens the search page.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::{use_load, Answer};
use crate::components::ErrorBanner;
use crate::routes::{self, AppPath, History};
use crate::search::{direct_link, result_links, ResultLink};
use crate::text::query::{classify, SearchQuery};

const DEBOUNCE_MS: u32 = 250;

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
        // A height, an inscription id, or a hash or txid whose answer is one link: go there;
        // anything else: the search page.
        let single = direct_link(&query).or_else(|| match results.get_untracked() {
            Some(Ok(Some(links)))
                if links.len() == 1
                    && matches!(query, SearchQuery::Hex64(_))
                    && shown.get_untracked() == Some(query.clone()) =>
            {
                links.into_iter().next()
            }
            _ => None,
        });
        let target = match single {
            Some(link) => link.path,
            None if query == SearchQuery::Empty => return,
            None => routes::search(&query.text()),
        };
        timer.set_value(None);
        shown.set(None);
        go(&target, History::Push);
    };
    let close = Callback::new(move |()| shown.set(None));
    // the search page for the query shown
    let all = Signal::derive(move || shown.with(|q| q.as_ref().map(|q| routes::search(&q.text()))));

    let open = view! {
        <Show when=move || shown.with(Option::is_some)>
            <div class="search__results" aria-label="Search results" role="region">
                <SearchResultsList results all on_pick=close />
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
    /// The search page for the query shown.
    all: Signal<Option<AppPath>>,
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
                                            <span class="badge">{l.kind.label()}</span>
                                            " "
                                            <span class="search__label">{l.label}</span>
                                        </a>
                                    </li>
                                })
                                .collect_view()}
                            {move || all.get().map(|path| view! {
                                <li>
                                    <a class="search__hit search__all" href=path.href()>"See all results"</a>
                                </li>
                            })}
                        </ul>
                    }
                    .into_any(),
                })
            }}
        </Transition>
    }
}
