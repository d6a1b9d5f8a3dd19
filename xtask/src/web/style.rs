//! Part of stage `bundle`: the stylesheet. `style/main.css` lists its parts (each beside what it
//! styles) as `@import`s in cascade order; they become one file, in that order, so the page
//! loads one stylesheet, minified by lightningcss in a release build.
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

/// The one stylesheet: `entry`'s parts, minified when `release`.
pub fn stylesheet(entry: &Path, release: bool) -> Result<String> {
    let css = bundle(entry)?;
    if release {
        minify(&css).with_context(|| format!("minifying the parts of {}", entry.display()))
    } else {
        Ok(css)
    }
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

/// `css` minified by lightningcss, the minifier Trunk's own `--minify` uses. Its targets are the oldest browsers
/// that read the stylesheet as written (it uses `light-dark()`: Chrome and Edge 123, Firefox
/// 120, Safari 17.5), so it neither lowers what they read (light-dark would become variables
/// the theme switch does not set) nor writes syntax they do not (without targets it writes
/// whatever is shortest today).
fn minify(css: &str) -> Result<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    use lightningcss::targets::{Browsers, Targets};
    let version = |major: u32, minor: u32| Some(major << 16 | minor << 8);
    let targets = Targets::from(Browsers {
        chrome: version(123, 0),
        edge: version(123, 0),
        firefox: version(120, 0),
        safari: version(17, 5),
        ios_saf: version(17, 5),
        ..Browsers::default()
    });
    let mut sheet = StyleSheet::parse(css, ParserOptions::default())
        .map_err(|error| anyhow!("parsing: {error}"))?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|error| anyhow!("{error}"))?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|error| anyhow!("printing: {error}"))?;
    Ok(printed.code)
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

    #[test]
    fn a_stylesheet_is_minified_and_keeps_its_rules() {
        let css = "/* the rail */\n.rail {\n  display: grid;\n  grid-template-columns: repeat(3, 1fr);\n  color: #ff0000;\n}\n\n@media (max-width: 600px) {\n  .rail { gap: 0px; }\n}\n";
        assert_eq!(
            minify(css).unwrap(),
            ".rail{color:red;grid-template-columns:repeat(3,1fr);display:grid}@media (width<=600px){.rail{gap:0}}"
        );
        // a stylesheet that does not parse stops the build
        assert!(minify(".rail { color: red; } @media (max-width: {}").is_err());
    }
}
