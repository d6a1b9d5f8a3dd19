//! The page's footer: the explorer's guide (a page of the app), and the backend's pages for agent
//! builders, which the deployment serves beside the app (`/mcp/` on the API's origin). Those are
//! the backend's documents, not the app's: plain links that leave the app (the router does not
//! take them), and nginx serves them sandboxed.

use leptos::prelude::*;

use crate::api::config;
use crate::routes;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let api_base = config().api_base.trim_end_matches('/').to_owned();
    let link = move |path: &str, label: &'static str| {
        view! { <a href=format!("{api_base}{path}") rel="external">{label}</a> }
    };
    view! {
        <footer class="site-footer">
            <a href=routes::docs().href() data-guide-link="">"Guide"</a>
            " · For agent builders: "
            {link("/mcp/docs", "MCP docs")}
            " · "
            {link("/mcp/SKILL.md", "SKILL.md")}
            " · "
            {link("/mcp/starlight_sdk.sh", "SDK script")}
        </footer>
    }
}
