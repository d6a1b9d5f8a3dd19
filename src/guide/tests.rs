use std::collections::HashSet;

use super::*;
use crate::text::markdown::{parse_as, to_html, Flavor};

#[test]
fn every_page_has_a_title_a_summary_and_a_unique_name() {
    let mut names = HashSet::new();
    for page in &PAGES {
        assert!(
            page.source.starts_with("# "),
            "{} starts with its title",
            page.name
        );
        assert!(
            !page.title().is_empty() && !page.title().contains('#'),
            "{}",
            page.name
        );
        assert!(!page.summary.is_empty(), "{}", page.name);
        assert!(names.insert(page.name), "{} twice", page.name);
        assert_eq!(page.path().as_str(), format!("/docs/{}.md", page.name));
    }
}

#[test]
fn our_names_open_their_page() {
    for page in &PAGES {
        let address = format!("{}.md", page.name);
        assert_eq!(
            find(Some(address.as_str())),
            Found::Page { page, note: None }
        );
        assert_eq!(
            find(Some(address.to_uppercase().as_str())),
            Found::Page { page, note: None }
        );
    }
    assert_eq!(find(None), Found::Index { note: None });
    assert_eq!(find(Some("")), Found::Index { note: None });
}

#[test]
fn the_old_frontends_files_open_the_closest_page_with_a_note() {
    let opens = |old: &str| match find(Some(old)) {
        Found::Page {
            page,
            note: Some(_),
        } => Some(page.name),
        Found::Index { note: Some(_) } => None,
        other => panic!("{old}: {other:?}"),
    };
    assert_eq!(opens("USER_GUIDE.md"), Some("wishes"));
    assert_eq!(opens("AGENT_GUIDE.md"), Some("discover"));
    assert_eq!(opens("DEPLOYMENT.md"), Some("deploying"));
    // the old glossary's name is this guide's own page (names match in any case): no note
    assert!(matches!(
        find(Some("GLOSSARY.md")),
        Found::Page { page, note: None } if page.name == "glossary"
    ));
    assert_eq!(opens("SITEMAP.md"), Some("pages"));
    assert_eq!(opens("README.md"), None);
    assert_eq!(opens("REFERENCE.md"), None);
    assert_eq!(opens("user_guide.md"), Some("wishes"));
    // every old name leads somewhere that exists
    for (old, ours, _) in OLD_NAMES {
        if let Some(ours) = ours {
            assert!(PAGES.iter().any(|p| p.name == ours), "{old} → {ours}");
        }
    }
}

#[test]
fn unknown_names_are_missing() {
    for name in [
        "nope.md",
        "pages",
        "pages.md.md",
        "../wish",
        "pages.html",
        "USER_GUIDE",
    ] {
        assert_eq!(find(Some(name)), Found::Missing, "{name}");
    }
}

#[test]
fn links_between_guide_pages_name_pages_that_exist() {
    let known: HashSet<String> = PAGES.iter().map(|p| p.path().as_str().to_owned()).collect();
    let mut seen = 0;
    for page in &PAGES {
        let html = to_html(&parse_as(page.source, Flavor::GUIDE));
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
        {
            if let Some(doc) = href.strip_prefix("/docs/") {
                let doc = doc.split('#').next().unwrap_or(doc);
                assert!(
                    known.contains(&format!("/docs/{doc}")),
                    "{}: {href}",
                    page.name
                );
                seen += 1;
            }
        }
        // every link the guide writes is kept: a refused one shows as a bare <a>
        assert!(
            !html.contains("<a>"),
            "{} has a link the renderer refused",
            page.name
        );
    }
    assert!(seen > 0, "the guide links its pages to each other");
}

#[test]
fn the_glossary_is_a_table() {
    let glossary = PAGES
        .iter()
        .find(|p| p.name == "glossary")
        .map(|p| p.source);
    let html = to_html(&parse_as(glossary.unwrap_or_default(), Flavor::GUIDE));
    assert!(html.contains("<table><thead><tr><th>"), "{html}");
    assert!(html.matches("<tr>").count() > 10);
}
