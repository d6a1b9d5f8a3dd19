//! `/docs` and `/docs/<name>.md`: the explorer's own guide (`guide`), its markdown compiled into
//! this page's chunk and drawn by the safe renderer as the app's own text (tables, links between
//! its pages that stay in the app). The React frontend's file names open the closest page, with
//! a note; an unknown name says so and links the index.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::Markdown;
use crate::guide::{find, Found, PAGES};
use crate::routes;
use crate::text::markdown::Flavor;

#[component]
pub fn DocsPage() -> impl IntoView {
    let params = use_params_map();
    let found = Memo::new(move |_| params.with(|p| find(p.get("name").as_deref())));
    move || match found.get() {
        Found::Index { note } => view! { <GuideIndex note /> }.into_any(),
        Found::Page { page, note } => view! {
            <article class="docs-page">
                <nav class="docs-page__nav" aria-label="Guide">
                    <a href=routes::docs().href()>"← All guide pages"</a>
                </nav>
                <OldAddressNote note />
                <Markdown source=page.source flavor=Flavor::GUIDE />
            </article>
        }
        .into_any(),
        Found::Missing => view! {
            <section class="docs-page not-found">
                <h1>"No such guide page"</h1>
                <p>"The guide has no page at this address."</p>
                <a href=routes::docs().href()>"See all guide pages"</a>
            </section>
        }
        .into_any(),
    }
}

/// The list of pages, each with its line.
#[component]
fn GuideIndex(note: Option<&'static str>) -> impl IntoView {
    view! {
        <section class="docs-page">
            <h1 class="page-title">"Guide"</h1>
            <OldAddressNote note />
            <p class="note">"How to use this explorer, and how to run it."</p>
            <ul class="docs-index" data-guide-index="">
                {PAGES
                    .iter()
                    .map(|page| view! {
                        <li>
                            <a href=page.path().href()>{page.title()}</a>
                            <p>{page.summary}</p>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Why an old address shows this page.
#[component]
fn OldAddressNote(note: Option<&'static str>) -> impl IntoView {
    note.map(
        |text| view! { <p class="note docs-page__old" role="note" data-old-address="">{text}</p> },
    )
}
