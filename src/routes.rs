//! Every in-app link, built in one place.
//!
//! A page is named by a typed function (`routes::block(840_000)`,
//! `routes::inscription(&id, Some(h))`) that percent-encodes what came from the network and
//! returns an [`AppPath`]: the path inside the app. [`AppPath::href`] puts the deployment's
//! base path in front (for `<a href>`), and [`use_go`] navigates to the same path (for code
//! that moves the user). Nothing else in `src/` writes an app path by hand, so a link cannot
//! leave `/explorer/` or break on an id with a `?` in it.
//!
//! The route table itself (which view answers which path) is in `app.rs`; a new page adds its
//! pattern there and its link function here (see `docs/architecture.md`).

use std::cell::RefCell;

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is encoded: safe in a path segment and in
/// a query value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

thread_local! {
    /// The base path the app is served under (`""` or `"/explorer"`): one per page load, set
    /// by the app from `config.json` before anything renders.
    static BASE_PATH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the base path every [`AppPath::href`] starts with (`"/explorer"`; `""` for `/`).
pub fn set_base_path(base: &str) {
    BASE_PATH.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_owned());
}

/// The base path [`AppPath::href`] uses.
pub fn base_path() -> String {
    BASE_PATH.with(|b| b.borrow().clone())
}

/// A path inside the app (`/block/5`), already encoded; not yet under the base path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AppPath(String);

impl AppPath {
    /// The path inside the app, without the base path (what the router matches).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The link for `<a href>`: the base path, then the path (`/explorer/block/5`).
    pub fn href(&self) -> String {
        self.href_under(&base_path())
    }

    /// [`Self::href`] under an explicit base path (pure, for tests).
    pub fn href_under(&self, base: &str) -> String {
        format!("{}{}", base.trim_end_matches('/'), self.0)
    }
}

fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// The explorer at the tip (`/`).
pub fn home() -> AppPath {
    AppPath("/".to_owned())
}

/// The explorer with block `height` selected.
pub fn block(height: u64) -> AppPath {
    AppPath(format!("/block/{height}"))
}

/// The explorer with the pending block (the open wishes) selected, whatever the tip.
pub fn pending_block() -> AppPath {
    AppPath("/block/pending".to_owned())
}

/// One inscription; `block` is the height that holds it, when known (saves a search).
pub fn inscription(id: &str, block: Option<u64>) -> AppPath {
    let mut path = format!("/inscription/{}", encode(id));
    if let Some(h) = block {
        path.push_str(&format!("?block={h}"));
    }
    AppPath(path)
}

/// The wish form.
pub fn wish() -> AppPath {
    AppPath("/wish".to_owned())
}

/// One contract (a wish and what followed it: proposals, tasks, rework). `id` may be any form
/// the backend uses (`wish-<hash>`, the bare hash, a proposal id): the page resolves it.
pub fn contract(id: &str) -> AppPath {
    AppPath(format!("/contract/{}", encode(id)))
}

/// The confirmed contracts, newest first.
pub fn contracts() -> AppPath {
    AppPath("/contracts".to_owned())
}

/// Discover, the task marketplace, showing `filter`'s view (its query in the URL).
pub fn discover(filter: &crate::discover::TaskFilter) -> AppPath {
    let query: Vec<String> = filter
        .to_query()
        .into_iter()
        .map(|(key, value)| format!("{key}={}", encode(&value)))
        .collect();
    if query.is_empty() {
        AppPath("/discover".to_owned())
    } else {
        AppPath(format!("/discover?{}", query.join("&")))
    }
}

/// The search results page for `query` (`/search?q=…`); the bare page (its help) for a blank
/// query.
pub fn search(query: &str) -> AppPath {
    match query.trim() {
        "" => AppPath("/search".to_owned()),
        q => AppPath(format!("/search?q={}", encode(q))),
    }
}

/// Signing in: with a wallet (challenge and signature) or an API key.
pub fn sign_in() -> AppPath {
    AppPath("/sign-in".to_owned())
}

/// Signing in with `wallet` filled in (the wallet form).
pub fn sign_in_with_wallet(wallet: &str) -> AppPath {
    AppPath(format!("/sign-in?wallet={}", encode(wallet.trim())))
}

/// The explorer's guide: the list of its pages.
pub fn docs() -> AppPath {
    AppPath("/docs".to_owned())
}

/// One page of the guide, by its name without `.md` (`/docs/discover.md`).
pub fn docs_page(name: &str) -> AppPath {
    AppPath(format!("/docs/{}.md", encode(name)))
}

/// The first segments of the backend's own paths, which the deployment serves beside the app
/// (`/content/`, `/uploads/`, `/sandbox/` are chain content; `/api/`, `/bitcoin/` answer
/// JSON and act with the visitor's cookie; `/mcp/` is the backend's pages for agents).
const BACKEND_ROOTS: [&str; 6] = ["content", "uploads", "sandbox", "api", "bitcoin", "mcp"];

/// A same-site path someone wrote (a link in a markdown plan) as a link inside the app, or
/// `None` when it must not be a link. The path is read as the server reads it (percent-decoded,
/// `.` and `..` resolved, repeated `/` merged), so `/%63ontent/x` and `/a/../api/x` are caught:
/// `/content/<id>` becomes the app's inscription page; any other backend path (see
/// [`BACKEND_ROOTS`]) is refused, as is a path with a backslash, a control character or
/// whitespace. Anything else is a path of the app, re-encoded, under the base path when shown.
pub fn written(path: &str) -> Option<AppPath> {
    let refused = |c: char| c == '\\' || c.is_control() || c.is_whitespace();
    if !path.starts_with('/') || path.starts_with("//") || path.chars().any(refused) {
        return None;
    }
    let split = path.find(['?', '#']).unwrap_or(path.len());
    let (raw, rest) = path.split_at(split);
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.chars().any(refused) {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let root = segments.first().map(|s| s.to_ascii_lowercase());
    match (root.as_deref(), segments.as_slice()) {
        (Some("content"), [_, id]) => Some(inscription(id, None)),
        (Some(r), _) if BACKEND_ROOTS.contains(&r) => None,
        _ => {
            let encoded: Vec<String> = segments.iter().map(|s| encode(s)).collect();
            Some(AppPath(format!("/{}{rest}", encoded.join("/"))))
        }
    }
}

/// How a navigation treats the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// A new entry (Back returns here), at the top of the new page.
    Push,
    /// A new entry that keeps the page's scroll position: a deliberate selection on the same
    /// page (a block clicked or jumped to), which Back and Forward step through.
    Select,
    /// Replaces the current entry, and keeps the page's scroll position (the URL following a
    /// selection while the user browses: arrow keys, so that they do not flood the history).
    Replace,
}

/// Navigation inside the app, for code (links use [`AppPath::href`]). Call in a component's
/// setup, like any router hook.
pub fn use_go() -> impl Fn(&AppPath, History) + Clone {
    let navigate = use_navigate();
    move |path: &AppPath, history: History| {
        navigate(
            &path.href(),
            NavigateOptions {
                // The href already carries the base path: the router must not add it again.
                resolve: false,
                replace: history == History::Replace,
                scroll: history == History::Push,
                ..Default::default()
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_under_any_base() {
        assert_eq!(block(5).href_under(""), "/block/5");
        assert_eq!(block(5).href_under("/explorer"), "/explorer/block/5");
        assert_eq!(block(5).href_under("/explorer/"), "/explorer/block/5");
        assert_eq!(home().href_under("/explorer"), "/explorer/");
        assert_eq!(home().href_under(""), "/");
        assert_eq!(pending_block().as_str(), "/block/pending");
        assert_eq!(wish().href_under("/x"), "/x/wish");
    }

    #[test]
    fn search_queries_are_encoded() {
        assert_eq!(search("  ").as_str(), "/search");
        assert_eq!(search(" moon ").as_str(), "/search?q=moon");
        assert_eq!(
            search("a&b=c #d/é").href_under("/explorer"),
            "/explorer/search?q=a%26b%3Dc%20%23d%2F%C3%A9"
        );
    }

    #[test]
    fn inscription_ids_are_encoded() {
        assert_eq!(
            inscription("ab_0", Some(12)).as_str(),
            "/inscription/ab_0?block=12"
        );
        assert_eq!(inscription("ab_0", None).as_str(), "/inscription/ab_0");
        assert_eq!(
            inscription("a/b?c#d e", None).as_str(),
            "/inscription/a%2Fb%3Fc%23d%20e"
        );
        assert_eq!(
            inscription("x\u{202E}", None).as_str(),
            "/inscription/x%E2%80%AE"
        );
    }

    #[test]
    fn written_paths_never_reach_the_backend() {
        let link = |p: &str| written(p).map(|a| a.href_under("/explorer"));
        assert_eq!(link("/contracts").as_deref(), Some("/explorer/contracts"));
        assert_eq!(
            link("/contract/wish-ab?x=1#t").as_deref(),
            Some("/explorer/contract/wish-ab?x=1#t")
        );
        assert_eq!(link("/").as_deref(), Some("/explorer/"));
        // chain content opens in the app's own page
        assert_eq!(
            link("/content/ab12i0").as_deref(),
            Some("/explorer/inscription/ab12i0")
        );
        assert_eq!(
            link("/content/ab12?witness=1").as_deref(),
            Some("/explorer/inscription/ab12")
        );
        for raw in [
            "/content/",
            "/content/a/b",
            "/uploads/x.html",
            "/sandbox/x",
            "/mcp/call",
            "/api/auth/logout",
            "/api",
            "/bitcoin/v1/health",
            "/API/x",
            "/%61pi/x",
            "/%2e%2e/api/x",
            "/a/../uploads/x",
            "/./sandbox/x",
            "/a/%2e%2e/sandbox/x",
            "///api/x",
            "//evil.example/x",
            "/\\evil.example/x",
            "/%5Cevil.example",
            "/\t/evil.example",
            "/a%00b",
            "/%ff",
            "relative/x",
        ] {
            assert_eq!(link(raw), None, "{raw:?}");
        }
        // what was decoded is encoded again: the browser reads the same path the check read
        assert_eq!(
            link("/discover/a%2Fb/../c").as_deref(),
            Some("/explorer/discover/a/c")
        );
        assert_eq!(
            link("/contract/wish%2Dab").as_deref(),
            Some("/explorer/contract/wish-ab")
        );
        assert_eq!(
            link("/contract/w%C3%A9").as_deref(),
            Some("/explorer/contract/w%C3%A9")
        );
    }

    #[test]
    fn contract_ids_are_encoded() {
        assert_eq!(contract("wish-ab12").as_str(), "/contract/wish-ab12");
        assert_eq!(contract("a/b?c#d").as_str(), "/contract/a%2Fb%3Fc%23d");
        assert_eq!(contracts().href_under("/explorer"), "/explorer/contracts");
        assert_eq!(docs().href_under("/explorer"), "/explorer/docs");
        assert_eq!(docs_page("sign-in").as_str(), "/docs/sign-in.md");
        assert_eq!(docs_page("a/b c").as_str(), "/docs/a%2Fb%20c.md");
        assert_eq!(sign_in().as_str(), "/sign-in");
        assert_eq!(
            sign_in_with_wallet(" tb1q9vza ").as_str(),
            "/sign-in?wallet=tb1q9vza"
        );
        assert_eq!(
            sign_in_with_wallet("a&b c").as_str(),
            "/sign-in?wallet=a%26b%20c"
        );
    }

    #[test]
    fn the_base_path_is_set_once_for_all_links() {
        set_base_path("/explorer/");
        assert_eq!(block(7).href(), "/explorer/block/7");
        set_base_path("");
        assert_eq!(block(7).href(), "/block/7");
    }

    #[test]
    fn discover_links_carry_the_filter_and_read_back() {
        use crate::discover::{StatusFilter, TaskFilter};
        assert_eq!(discover(&TaskFilter::default()).as_str(), "/discover");
        let filter = TaskFilter {
            skills: vec!["c++".into(), "ux design".into()],
            min_budget_sats: 50_000,
            status: StatusFilter::Claimed,
            page: 1,
        };
        let path = discover(&filter);
        assert_eq!(
            path.as_str(),
            "/discover?skills=c%2B%2B%2Cux%20design&min_budget=50000&status=claimed&page=2"
        );
        let query = path
            .as_str()
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default();
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| {
                (
                    k.to_owned(),
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8_lossy()
                        .into_owned(),
                )
            })
            .collect();
        let (again, problems) =
            TaskFilter::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(problems.is_empty());
        assert_eq!(again, filter);
    }

    proptest! {
        /// Whatever the id, its link is one path segment: no `/`, `?`, `#` or space of its own,
        /// so it can neither leave the app nor add a query.
        #[test]
        fn an_id_stays_one_segment(id in any::<String>()) {
            for (path, prefix) in [(inscription(&id, None), "/inscription/"), (contract(&id), "/contract/")] {
                let segment = path.as_str().strip_prefix(prefix).unwrap();
                prop_assert!(!segment.contains(['/', '?', '#', ' ', '\\']));
                prop_assert!(segment.is_ascii());
            }
        }
    }
}
