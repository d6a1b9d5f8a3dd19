//! Markdown written by anyone, shown safely: the tree of `text::markdown` (raw HTML dropped,
//! safe link targets only, no images loaded, text sanitised) rendered as elements and text
//! nodes, never as HTML. Links to other sites leave in a new tab with
//! `rel="noopener noreferrer nofollow"`; links to the app's own pages stay in the app, under
//! the base path. The app's own guide is drawn with [`Flavor::GUIDE`] (tables, its `#` as the
//! page's title, links relative to `/docs/`); anyone's text with the default,
//! [`Flavor::UNTRUSTED`] (`text::markdown` says why it has no tables).

use leptos::prelude::*;

use crate::text::markdown::{parse_as, Flavor, Href, Kind, Node};

fn node_view(node: &Node) -> AnyView {
    match node {
        Node::Text(text) => text.clone().into_any(),
        Node::Element {
            kind,
            href,
            children,
        } => {
            let inner = || children.iter().map(node_view).collect_view();
            match kind {
                Kind::Paragraph => view! { <p>{inner()}</p> }.into_any(),
                Kind::Heading(1) => view! { <h1>{inner()}</h1> }.into_any(),
                Kind::Heading(2) => view! { <h2>{inner()}</h2> }.into_any(),
                Kind::Heading(3) => view! { <h3>{inner()}</h3> }.into_any(),
                Kind::Heading(4) => view! { <h4>{inner()}</h4> }.into_any(),
                Kind::Heading(5) => view! { <h5>{inner()}</h5> }.into_any(),
                Kind::Heading(_) => view! { <h6>{inner()}</h6> }.into_any(),
                Kind::BlockQuote => view! { <blockquote>{inner()}</blockquote> }.into_any(),
                Kind::CodeBlock => view! { <pre>{inner()}</pre> }.into_any(),
                Kind::List { ordered: true } => view! { <ol>{inner()}</ol> }.into_any(),
                Kind::List { ordered: false } => view! { <ul>{inner()}</ul> }.into_any(),
                Kind::Item => view! { <li>{inner()}</li> }.into_any(),
                Kind::Emphasis => view! { <em>{inner()}</em> }.into_any(),
                Kind::Strong => view! { <strong>{inner()}</strong> }.into_any(),
                Kind::Strikethrough => view! { <del>{inner()}</del> }.into_any(),
                Kind::Code => view! { <code>{inner()}</code> }.into_any(),
                Kind::Link => match href {
                    Some(Href::External(url)) => view! {
                        <a href=url.clone() rel="noopener noreferrer nofollow" target="_blank">{inner()}</a>
                    }
                    .into_any(),
                    Some(Href::App(path)) => view! {
                        <a href=path.href() rel="nofollow">{inner()}</a>
                    }
                    .into_any(),
                    None => view! { <span class="md-link--refused">{inner()}</span> }.into_any(),
                },
                Kind::Image => view! {
                    <span class="md-image" title="Image not loaded">{inner()}</span>
                }
                .into_any(),
                Kind::Rule => view! { <hr /> }.into_any(),
                Kind::LineBreak => view! { <br /> }.into_any(),
                Kind::Table => view! { <table class="md-table">{inner()}</table> }.into_any(),
                Kind::TableHead => view! { <thead>{inner()}</thead> }.into_any(),
                Kind::TableBody => view! { <tbody>{inner()}</tbody> }.into_any(),
                Kind::TableRow => view! { <tr>{inner()}</tr> }.into_any(),
                Kind::HeaderCell(align) => {
                    view! { <th scope="col" class=align.class()>{inner()}</th> }.into_any()
                }
                Kind::Cell(align) => view! { <td class=align.class()>{inner()}</td> }.into_any(),
            }
        }
    }
}

#[component]
pub fn Markdown(
    /// The markdown text, as written.
    #[prop(into)]
    source: String,
    /// Who wrote it: anyone (the default) or the app's guide.
    #[prop(default = Flavor::UNTRUSTED)]
    flavor: Flavor,
) -> impl IntoView {
    let nodes = parse_as(&source, flavor);
    view! { <div class="markdown" dir="auto">{nodes.iter().map(node_view).collect_view()}</div> }
}

/// Markdown folded in a `<details>`: parsed and drawn the first time it is opened, never
/// before, so a page of proposals does not parse plans nobody reads. Stays drawn once opened.
#[component]
pub fn FoldedMarkdown(
    /// The `<details>` element's class.
    #[prop(into)]
    class: String,
    /// The `<summary>` text.
    #[prop(into)]
    summary: String,
    /// The markdown text, as written.
    #[prop(into)]
    source: String,
) -> impl IntoView {
    let opened = RwSignal::new(false);
    let source = StoredValue::new(source);
    view! {
        // the first toggle of a closed <details> is its opening
        <details class=class on:toggle=move |_| opened.set(true)>
            <summary>{summary}</summary>
            <Show when=move || opened.get()>
                {move || view! { <Markdown source=source.get_value() /> }}
            </Show>
        </details>
    }
}
