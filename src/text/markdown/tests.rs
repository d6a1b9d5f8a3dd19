use proptest::prelude::*;

use super::*;

fn html(md: &str) -> String {
    to_html(&parse(md))
}

#[test]
fn common_markdown_becomes_elements() {
    assert_eq!(
        html("# Plan\n\nSome *em* and **strong** and `code`.\n\n- a\n- b\n"),
        "<h3>Plan</h3><p>Some <em>em</em> and <strong>strong</strong> and <code>code</code>.</p>\
         <ul><li>a</li><li>b</li></ul>"
    );
    assert_eq!(html("1. one\n2. two"), "<ol><li>one</li><li>two</li></ol>");
    assert_eq!(html("```\nlet x = 1;\n```"), "<pre>let x = 1;\n</pre>");
    assert_eq!(html("a\n\n---\n\nb"), "<p>a</p><hr></hr><p>b</p>");
    assert_eq!(html("~~gone~~"), "<p><del>gone</del></p>");
}

#[test]
fn raw_html_is_dropped_with_what_it_holds() {
    assert_eq!(
        html("<script>\nalert(1)\n</script>\n\nafter"),
        "<p>after</p>"
    );
    assert_eq!(
        html("Design <b onclick=\"alert('task')\">the moon</b>"),
        "<p>Design the moon</p>"
    );
    assert_eq!(html("<div onmouseover=\"x\">raw</div>"), "");
    assert_eq!(html("<iframe src=\"https://evil.example/\"></iframe>"), "");
}

#[test]
fn only_safe_link_targets_keep_their_href() {
    assert_eq!(
        html("[home](https://example.com/ok)"),
        "<p><a href=\"https://example.com/ok\">home</a></p>"
    );
    assert_eq!(
        html("[x](/contracts)"),
        "<p><a href=\"/contracts\">x</a></p>"
    );
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "vbscript:x",
        "mailto:a@b.c",
    ] {
        assert_eq!(html(&format!("[x]({bad})")), "<p><a>x</a></p>", "{bad}");
    }
    assert_eq!(
        safe_href(" https://a.b/c "),
        Some(Href::External("https://a.b/c".into()))
    );
    assert_eq!(safe_href("https://a.b/\u{0}c"), None);
    assert_eq!(safe_href("/\\evil.example"), None);
}

#[test]
fn links_to_the_backends_raw_paths_are_not_links() {
    for raw in [
        "/uploads/x.html",
        "/sandbox/abc",
        "/api/auth/logout",
        "/bitcoin/v1/health",
        "/%63ontent/ab/cd",
        "/x/../api/search?q=1",
    ] {
        assert_eq!(html(&format!("[x]({raw})")), "<p><a>x</a></p>", "{raw}");
    }
    // chain content opens in the app's own page, which frames it
    assert_eq!(
        html("[art](/content/ab12i0)"),
        "<p><a href=\"/inscription/ab12i0\">art</a></p>"
    );
}

#[test]
fn app_links_follow_the_base_path() {
    let nodes = parse("[all](/contracts)");
    let [Node::Element { children, .. }] = nodes.as_slice() else {
        panic!("one paragraph");
    };
    let [Node::Element {
        href: Some(href), ..
    }] = children.as_slice()
    else {
        panic!("one link");
    };
    assert_eq!(href.href_under("/explorer"), "/explorer/contracts");
    let external = safe_href("https://example.com/x").expect("kept");
    assert_eq!(external.href_under("/explorer"), "https://example.com/x");
}

#[test]
fn images_are_never_loaded() {
    let out = html("![tracker](https://evil.example/track.png)");
    assert_eq!(out, "<p><span>tracker</span></p>");
    assert!(!out.contains("evil.example"));
}

#[test]
fn text_is_sanitised() {
    let out = html("Pay to \u{202e}gnp.exe\u{202c} and z\u{200b}ero");
    assert_eq!(out, "<p>Pay to gnp.exe and zero</p>");
}

#[test]
fn deep_nesting_is_capped() {
    let md = ">".repeat(10_000) + " deep";
    let nodes = parse(&md);
    fn depth(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(_) => 0,
                Node::Element { children, .. } => 1 + depth(children),
            })
            .max()
            .unwrap_or(0)
    }
    assert!(depth(&nodes) <= MAX_DEPTH, "{}", depth(&nodes));
    assert!(to_html(&nodes).contains("deep"));
}

#[test]
fn long_input_is_cut_with_a_note() {
    let md = "é".repeat(MAX_INPUT_BYTES); // 2 bytes each: the cut falls inside a character
    let out = plain_text(&parse(&md));
    assert!(
        out.ends_with("the rest is not shown.)"),
        "{}",
        &out[out.len() - 80..]
    );
}

#[test]
fn plain_text_joins_blocks_with_spaces() {
    assert_eq!(plain_text(&parse("# A\nb *c*\n\n- d")), "A b c d");
}

/// Fragments a hostile plan is made of.
fn hostile_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("[a](javascript:alert(1))".to_owned()),
        Just("[a](JAVASCRIPT:alert(1))".to_owned()),
        Just("[a]( javascript:alert(1) )".to_owned()),
        Just("[a](<javascript:alert(1)>)".to_owned()),
        Just("[a]: javascript:alert(1)\n\n[a]".to_owned()),
        Just("<a href=\"javascript:x\">y</a>".to_owned()),
        Just("<svg onload=alert(1)>".to_owned()),
        Just("![i](https://evil.example/p.png)".to_owned()),
        Just("[a](/uploads/x.svg)".to_owned()),
        Just("[a](/%73andbox/x)".to_owned()),
        Just("[a](/b/../api/auth/logout)".to_owned()),
        Just("[a](/content/x/y)".to_owned()),
        Just("\n\n".to_owned()),
        Just("> ".to_owned()),
        Just("- ".to_owned()),
        Just("`".to_owned()),
        Just("*".to_owned()),
        "[ -~]{0,12}",
    ]
}

proptest! {
    #[test]
    fn output_never_holds_a_script_a_handler_or_a_javascript_url(
        parts in prop::collection::vec(hostile_fragment(), 0..16),
        noise in any::<String>(),
    ) {
        let md = parts.concat() + &noise;
        let out = html(&md).to_ascii_lowercase();
        prop_assert!(!out.contains("<script"), "{out}");
        prop_assert!(!out.contains("<img"), "{out}");
        prop_assert!(!out.contains("<svg"), "{out}");
        // The only attribute is href, and only with a safe target.
        let attributes: Vec<&str> = out.split('<').skip(1).filter_map(|t| t.split('>').next()).collect();
        for tag in attributes {
            let rest = tag.split_once(' ').map(|(_, r)| r).unwrap_or("");
            prop_assert!(rest.is_empty() || rest.starts_with("href=\""), "{tag}");
            if let Some(target) = rest.strip_prefix("href=\"") {
                prop_assert!(
                    target.starts_with("http://") || target.starts_with("https://")
                        || target.starts_with('/') || target.starts_with('#'),
                    "{target}"
                );
                prop_assert!(!target.starts_with("//"), "{target}");
                for raw in ["/content/", "/uploads/", "/sandbox/", "/api/", "/bitcoin/"] {
                    prop_assert!(!target.starts_with(raw), "{target}");
                }
            }
        }
    }
}

fn guide_html(md: &str) -> String {
    to_html(&parse_as(md, Flavor::GUIDE))
}

const TABLE: &str = "| Name | Size | Note |\n| :--- | ---: | :-: |\n| a | 1 | x |\n| b |\n";

#[test]
fn guide_tables_become_a_head_and_a_body_with_aligned_cells() {
    assert_eq!(
        guide_html(TABLE),
        "<table><thead><tr>\
         <th class=\"md-align-left\">Name</th><th class=\"md-align-right\">Size</th>\
         <th class=\"md-align-center\">Note</th></tr></thead><tbody>\
         <tr><td class=\"md-align-left\">a</td><td class=\"md-align-right\">1</td>\
         <td class=\"md-align-center\">x</td></tr>\
         <tr><td class=\"md-align-left\">b</td><td class=\"md-align-right\"></td>\
         <td class=\"md-align-center\"></td></tr></tbody></table>"
    );
    // a table with only a head has no body; unaligned columns have no class
    assert_eq!(
        guide_html("| A | B |\n| - | - |\n"),
        "<table><thead><tr><th>A</th><th>B</th></tr></thead></table>"
    );
    // what a cell holds is as safe as anywhere else
    assert_eq!(
        guide_html("| A |\n| - |\n| <b onclick=x>b</b> [x](javascript:y) |\n"),
        "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>b <a>x</a></td></tr></tbody></table>"
    );
    assert_eq!(
        plain_text(&parse_as(TABLE, Flavor::GUIDE)),
        "Name Size Note a 1 x b"
    );
}

#[test]
fn anyones_text_has_no_tables_because_short_rows_are_filled() {
    // anyone's text: the pipes stay text
    assert_eq!(html("| A |\n| - |\n| b |\n"), "<p>| A | | - | | b |</p>");
    // why: with tables on, a wide head and short rows multiply cells far past the input's size
    let width = 500;
    let md = format!(
        "{}|\n{}|\n{}",
        "|a".repeat(width),
        "|-".repeat(width),
        "x\n".repeat(1_000)
    );
    let cells = guide_html(&md).matches("<td>").count();
    assert!(
        cells > 50 * md.len(),
        "{cells} cells from {} bytes",
        md.len()
    );
}

#[test]
fn guide_headings_start_at_the_page_title() {
    assert_eq!(
        guide_html("# T\n## S\n###### D"),
        "<h1>T</h1><h2>S</h2><h6>D</h6>"
    );
    assert_eq!(
        html("# T\n## S\n### U\n#### D"),
        "<h3>T</h3><h4>S</h4><h5>U</h5><h6>D</h6>"
    );
}

#[test]
fn guide_relative_links_stay_in_the_app_under_docs() {
    let href = |md: &str| {
        guide_html(md)
            .split("href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_owned)
    };
    assert_eq!(
        href("[d](discover.md)").as_deref(),
        Some("/docs/discover.md")
    );
    assert_eq!(href("[w](../wish)").as_deref(), Some("/wish"));
    assert_eq!(href("[c](/contracts)").as_deref(), Some("/contracts"));
    assert_eq!(
        href("[e](https://example.com/)").as_deref(),
        Some("https://example.com/")
    );
    for bad in [
        "javascript:alert(1)",
        "../api/auth/logout",
        "../../uploads/x",
        "data:x",
        "a\\b",
    ] {
        assert_eq!(href(&format!("[x]({bad})")), None, "{bad}");
    }
    // anyone's relative links are not links (as before)
    assert_eq!(html("[d](discover.md)"), "<p><a>d</a></p>");
}
