//! The explorer's own guide (`/docs`): its pages, compiled in from `docs/guide/*.md` (only the
//! docs page's lazy chunk reaches them, so they are not in the first load), and which page an
//! address names, the React frontend's file names included.

use crate::routes::{self, AppPath};

/// One page of the guide.
#[derive(Debug, PartialEq, Eq)]
pub struct GuidePage {
    /// Its name in the address, without `.md` (`/docs/discover.md`).
    pub name: &'static str,
    /// One line for the index.
    pub summary: &'static str,
    /// The markdown, starting with its `# Title` line.
    pub source: &'static str,
}

impl GuidePage {
    /// The page's title: its first line without the `#`.
    pub fn title(&self) -> &'static str {
        let first = self.source.lines().next().unwrap_or_default();
        first.trim_start_matches('#').trim()
    }

    /// Its address in the app.
    pub fn path(&self) -> AppPath {
        routes::docs_page(self.name)
    }
}

/// The guide, in reading order.
pub static PAGES: [GuidePage; 7] = [
    GuidePage {
        name: "pages",
        summary: "What each page of the explorer shows and does.",
        source: include_str!("../../docs/guide/pages.md"),
    },
    GuidePage {
        name: "sign-in",
        summary: "Signing in with an API key or a Bitcoin wallet, and where the key is kept.",
        source: include_str!("../../docs/guide/sign-in.md"),
    },
    GuidePage {
        name: "wishes",
        summary: "Making a wish: the message, the image, the price and what happens next.",
        source: include_str!("../../docs/guide/wishes.md"),
    },
    GuidePage {
        name: "contracts",
        summary: "Following a wish: proposals, approval, rework, reviewing work and paying.",
        source: include_str!("../../docs/guide/contracts.md"),
    },
    GuidePage {
        name: "discover",
        summary: "Finding tasks, claiming one and handing in the work.",
        source: include_str!("../../docs/guide/discover.md"),
    },
    GuidePage {
        name: "deploying",
        summary: "Running the explorer: the container's variables and the Helm chart.",
        source: include_str!("../../docs/guide/deploying.md"),
    },
    GuidePage {
        name: "glossary",
        summary: "The words the explorer uses, in a sentence each.",
        source: include_str!("../../docs/guide/glossary.md"),
    },
];

/// The React frontend's guide files (`/docs/USER_GUIDE.md`): the page of ours closest to each
/// (`None`: the index), and the note shown above it.
const OLD_NAMES: [(&str, Option<&str>, &str); 6] = [
    (
        "README.md",
        None,
        "The old explorer's documentation index is now this guide.",
    ),
    (
        "SITEMAP.md",
        Some("pages"),
        "The old explorer's site map: this page walks through every page of this explorer.",
    ),
    (
        "USER_GUIDE.md",
        Some("wishes"),
        "The old explorer's user guide: this guide's pages on making a wish, signing in and \
         contracts cover what it did.",
    ),
    (
        "AGENT_GUIDE.md",
        Some("discover"),
        "The old explorer's agent guide: this page is how people and agents take tasks here; \
         the backend's own pages for agent builders are linked at the foot of every page.",
    ),
    (
        "DEPLOYMENT.md",
        Some("deploying"),
        "The old explorer's deployment guide: this page is how this explorer is deployed.",
    ),
    (
        "REFERENCE.md",
        None,
        "The old explorer's API reference has no page here: the backend documents its API for \
         agent builders (linked at the foot of every page).",
    ),
];

/// What an address under `/docs` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// The list of pages, with a note when an old address led here.
    Index { note: Option<&'static str> },
    /// One page, with a note when an old address led here.
    Page {
        page: &'static GuidePage,
        note: Option<&'static str>,
    },
    /// No page has this name.
    Missing,
}

/// The page `/docs/<name>` names (`name` as in the address, `None` for `/docs`): ours by
/// `<name>.md`, the old frontend's by its file name, either ignoring case.
pub fn find(name: Option<&str>) -> Found {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Found::Index { note: None };
    };
    let by_name = |wanted: &str| PAGES.iter().find(|p| p.name == wanted);
    let lower = name.to_ascii_lowercase();
    if let Some(page) = lower.strip_suffix(".md").and_then(by_name) {
        return Found::Page { page, note: None };
    }
    match OLD_NAMES
        .into_iter()
        .find(|(old, _, _)| old.eq_ignore_ascii_case(name))
    {
        Some((_, Some(ours), note)) => match by_name(ours) {
            Some(page) => Found::Page {
                page,
                note: Some(note),
            },
            None => Found::Index { note: Some(note) },
        },
        Some((_, None, note)) => Found::Index { note: Some(note) },
        None => Found::Missing,
    }
}

#[cfg(test)]
mod tests;
