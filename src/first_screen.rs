//! The page's first screen, written once: what the page ships in its body before the status
//! line, rendered (`to_html`) from the components the app mounts. The build puts it into the
//! page's template (`web/index.html`'s `first_screen` slot, `xtask/src/web/render.rs`). The
//! rendering needs tachys's `ssr` feature, which only the host has: in the app's wasm and its
//! component tests (which mount [`template_views`] instead) `html` is never called.
//!
//! - `#boot`, the shell (`shell` says when it gives way): [`SiteHeader`] in its `boot` variant
//!   (controls disabled) and the explorer's [`RailSkeleton`], inert and hidden from assistive
//!   technology (nothing in it works yet; the status line after it speaks for it);
//! - `<template>`s of the cards `web/first-screen.js` draws from the preloaded answers before
//!   the wasm arrives: [`PendingCard`] and [`BlockCard`] (a block and genesis) drawn for a sample
//!   block, and the [`CardGlyph`]s a card without a thumbnail shows. The script copies them and
//!   fills in the block's values (`tests/components/first_screen.rs` compares its cards with
//!   the app's).
//!
//! Leptos leaves `<!>` comments between the parts of a collected or optional view; they stay
//! (a few bytes): nothing reads them, and the shell goes when the app takes over.

use leptos::prelude::*;

use crate::chain::BlockInfo;
use crate::components::{BlockCard, CardGlyph, PendingCard, RailSkeleton, SiteHeader};
use crate::routes;

/// The `id` of the template `name` (`pending`, `block`, `genesis`, `glyph`, `genesis-glyph`);
/// `web/first-screen.js` reads the same names.
pub fn template_id(name: &str) -> String {
    format!("first-screen-{name}")
}

/// The shell and the card templates, one element a line.
pub fn html() -> String {
    let owner = Owner::new();
    let app_base = routes::base_path();
    // Links relative to the page's `<base href>`, which the deployment sets: one page serves
    // `/` and any sub-path.
    routes::set_base_path(".");
    let parts = owner.with(|| {
        let mut parts = vec![shell()];
        parts.extend(templates());
        parts
    });
    routes::set_base_path(&app_base);
    parts.join("\n")
}

fn shell() -> String {
    view! {
        <div id="boot" inert aria-hidden="true">
            <SiteHeader boot=true />
            <main class="site-main">
                <section class="explorer">
                    <RailSkeleton />
                </section>
            </main>
        </div>
    }
    .to_html()
}

/// A sample block for the templates: the script replaces every value of it.
fn sample(height: u64) -> BlockInfo {
    BlockInfo {
        height,
        hash: "0".repeat(64),
        timestamp: Some(1_231_006_505),
        tx_count: 1,
        inscription_count: 1,
        thumbnail_url: "/content/sample".to_owned(),
        marks: Default::default(),
    }
}

/// The card templates `web/first-screen.js` copies: each name and its component, drawn for a
/// sample block. The build renders them to HTML here; the component tests mount them in the
/// browser.
pub fn template_views() -> Vec<(&'static str, AnyView)> {
    let now = 1_231_006_505;
    let block = |height: u64| {
        let info = sample(height);
        view! { <BlockCard height info=Some(info) now /> }.into_any()
    };
    vec![
        // the front page selects the pending block
        (
            "pending",
            view! { <PendingCard height=1 selected=Signal::from(true) /> }.into_any(),
        ),
        ("block", block(1)),
        ("genesis", block(0)),
        ("glyph", view! { <CardGlyph genesis=false /> }.into_any()),
        (
            "genesis-glyph",
            view! { <CardGlyph genesis=true /> }.into_any(),
        ),
    ]
}

/// `<template id="first-screen-NAME">` holding `content`.
pub fn template(name: &str, content: &str) -> String {
    format!(
        "<template id=\"{}\">{content}</template>",
        template_id(name)
    )
}

fn templates() -> Vec<String> {
    template_views()
        .into_iter()
        .map(|(name, view)| template(name, &view.to_html()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_is_the_header_and_the_rail_skeleton_with_its_links_under_the_base() {
        let html = html();
        let shell = html.lines().next().unwrap_or_default();
        assert!(shell.starts_with(r#"<div id="boot" inert"#), "{shell}");
        assert!(shell.contains(r#"<header class="site-header">"#), "{shell}");
        assert!(shell.contains(r#"href="./contracts""#), "{shell}");
        assert_eq!(shell.matches("skeleton-card").count(), 12, "{shell}");
        // the app's links start with its base path again
        assert_eq!(routes::base_path(), "");
    }

    #[test]
    fn every_template_the_script_reads_is_there_once() {
        let html = html();
        for name in ["pending", "block", "genesis", "glyph", "genesis-glyph"] {
            let id = format!("<template id=\"{}\">", template_id(name));
            assert_eq!(html.matches(&id).count(), 1, "{id} in {html}");
        }
        let script = include_str!("../web/first-screen.js");
        assert!(
            script.contains("`first-screen-${name}`"),
            "the script reads the templates by id"
        );
    }
}
