//! Trunk's pre_build hook: the stylesheet's parts as one file. `style/main.css` lists the parts
//! (each beside what it styles) as `@import`s in cascade order; this writes them, in that
//! order, to `target/web/main.css`, the file `index.html` links, so the page still loads one
//! stylesheet (Trunk hashes it and split-web minifies it in a release build).
//!
//! The list and each part are read with lightningcss's parser, so a typo fails the build with
//! its file and line. Its `bundler` feature would do the inlining too, but adds two crates
//! (dashmap, parcel_sourcemap) to every cold build for cases this list does not have: its
//! imports carry no media, supports or layer (refused here) and the parts have no `url()`.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use lightningcss::rules::CssRule;
use lightningcss::stylesheet::{ParserOptions, StyleSheet};

/// The list of parts, relative to the workspace root.
pub const ENTRY: &str = "style/main.css";
/// The stylesheet `index.html` links, relative to the workspace root.
pub const OUTPUT: &str = "target/web/main.css";

pub fn run(root: &Path) -> Result<()> {
    let css = bundle(&root.join(ENTRY))?;
    let out = root.join(OUTPUT);
    std::fs::create_dir_all(out.parent().context("the output has a directory")?)?;
    // Left alone when unchanged: Trunk's watcher then sees no new file.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(css.as_str()) {
        std::fs::write(&out, css).with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(())
}

/// The parts `entry` imports, in order, each under a comment that names its file.
pub fn bundle(entry: &Path) -> Result<String> {
    let dir = entry.parent().context("the list has a directory")?;
    let mut out = String::new();
    for part in parts(entry)? {
        let path = dir.join(&part);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "{}: @import \"{part}\": reading {}",
                entry.display(),
                path.display()
            )
        })?;
        parse(&path, &text)?;
        out.push_str(&format!("/* {part} */\n{}\n", text.trim_end()));
    }
    Ok(out)
}

/// The `@import` URLs of the list; anything else in it (a rule, an import with conditions)
/// is an error that says where.
fn parts(entry: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(entry).with_context(|| format!("reading {}", entry.display()))?;
    let sheet = parse(entry, &text)?;
    let mut parts = Vec::new();
    for rule in &sheet.rules.0 {
        let CssRule::Import(import) = rule else {
            bail!(
                "{}: only @import lines belong in the list (the rules go in a part)",
                entry.display()
            );
        };
        let line = import.loc.line + 1;
        if import.layer.is_some()
            || import.supports.is_some()
            || !import.media.media_queries.is_empty()
        {
            bail!(
                "{}:{line}: @import \"{}\" with a layer, supports or media: put the condition in the part",
                entry.display(),
                import.url
            );
        }
        parts.push(import.url.to_string());
    }
    Ok(parts)
}

fn parse<'i>(path: &Path, text: &'i str) -> Result<StyleSheet<'i, 'i>> {
    let options = ParserOptions {
        filename: path.display().to_string(),
        ..ParserOptions::default()
    };
    StyleSheet::parse(text, options).map_err(|error| anyhow!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn temp(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bundle-css-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (file, text) in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn the_project_stylesheet_holds_every_part_in_the_listed_order() {
        let root = crate::workspace_root();
        let css = bundle(&root.join(ENTRY)).unwrap();
        assert!(!css.contains("@import"), "every import inlined");
        let mut at = 0;
        let entry = root.join(ENTRY);
        let paths: Vec<PathBuf> = parts(&entry)
            .unwrap()
            .iter()
            .map(|p| entry.parent().unwrap().join(p))
            .collect();
        assert!(paths.len() > 5, "{paths:?}");
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let found = css[at..].find(text.trim_end()).map(|i| i + at);
            let found =
                found.unwrap_or_else(|| panic!("{} missing or out of order", path.display()));
            at = found + text.trim_end().len();
        }
        assert!(
            css.contains(".rail__track") && css.contains(".discover-page"),
            "the rail and Discover"
        );
    }

    /// Every stylesheet under src/, style/ and web/, however deep.
    fn css_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                css_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "css") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_stylesheet_in_the_sources_is_in_the_list() {
        let root = crate::workspace_root();
        let entry = root.join(ENTRY);
        let listed: Vec<PathBuf> = parts(&entry)
            .unwrap()
            .iter()
            .map(|p| entry.parent().unwrap().join(p).canonicalize().unwrap())
            .collect();
        let mut found = Vec::new();
        for dir in ["src", "style", "web"] {
            css_files(&root.join(dir), &mut found);
        }
        for file in found {
            let file = file.canonicalize().unwrap();
            if file != entry.canonicalize().unwrap() {
                assert!(
                    listed.contains(&file),
                    "{} is not in {ENTRY}: add an @import line for it",
                    file.display()
                );
            }
        }
    }

    #[test]
    fn parts_follow_the_list_and_a_missing_one_is_named() {
        let dir = temp(
            "order",
            &[
                (
                    "style/main.css",
                    "/* list */\n@import \"b.css\";\n@import \"../parts/a.css\";\n",
                ),
                ("style/b.css", ".b { color: red; }\n"),
                ("parts/a.css", ".a { color: blue; }\n"),
            ],
        );
        let css = bundle(&dir.join("style/main.css")).unwrap();
        assert_eq!(
            css,
            "/* b.css */\n.b { color: red; }\n/* ../parts/a.css */\n.a { color: blue; }\n"
        );
        std::fs::remove_file(dir.join("parts/a.css")).unwrap();
        let error = format!("{:#}", bundle(&dir.join("style/main.css")).unwrap_err());
        assert!(error.contains("@import \"../parts/a.css\""), "{error}");
    }

    #[test]
    fn rules_in_the_list_conditions_and_broken_parts_are_refused() {
        let dir = temp(
            "refused",
            &[
                ("rule.css", "@import \"ok.css\";\n.x { color: red; }\n"),
                ("media.css", "@import \"ok.css\" screen;\n"),
                ("broken.css", "@import \"bad.css\";\n"),
                ("ok.css", ".ok { color: red; }\n"),
                ("bad.css", ".bad { color: red;\n\n}}\n"),
            ],
        );
        let error = |list: &str| format!("{:#}", bundle(&dir.join(list)).unwrap_err());
        assert!(
            error("rule.css").contains("only @import lines"),
            "{}",
            error("rule.css")
        );
        assert!(
            error("media.css").contains("media.css:1"),
            "{}",
            error("media.css")
        );
        assert!(
            error("broken.css").contains("bad.css"),
            "{}",
            error("broken.css")
        );
    }
}
