//! The page's one script, `boot-<sha256:16>.js`. Trunk writes its loader inline in `index.html`
//! and links wasm-bindgen's module, the split loader and each `<script data-trunk src>` module
//! (`web/first-screen.js`) as files of their own: with the stylesheet, the wasm and the three
//! data preloads that made nine requests before the first card. Over HTTP/1.1 a browser opens
//! six connections to a host, so the data and the first-screen script waited for a second
//! round, 0.56 s on Slow 4G (docs/decisions.md, "One script"). esbuild bundles them into one ES
//! module (the page's modules first, so they run before the app starts; then Trunk's loader,
//! which imports the rest), linked in place of the inline loader, which the CSP would block.

use std::ops::Range;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use sha2::{Digest, Sha256};

use crate::split_web::{copy, hex, sri, tag_around, Hook};

/// What goes into the one script.
pub struct Sources<'a> {
    /// wasm-bindgen's module (`stargate-explorer-<H>.js`, the name Trunk's loader imports) and
    /// where it was written
    pub glue: (&'a str, &'a Path),
    /// the split loader (`split-<H>.js`, the name the glue imports) and its text
    pub split_loader: (&'a str, &'a str),
    /// the page's other modules as Trunk staged them (`first-screen-<H>.js`)
    pub modules: Vec<String>,
}

/// Bundles `sources` and Trunk's inline loader into `boot-<sha256:16>.js` in the staging
/// directory (working in `dir`), minified in a release build; removes the staged files it
/// replaces. Returns `html` with the one script linked where the inline loader was and the
/// bundled files' own tags gone, and the script's name.
pub fn link(
    html: &str,
    sources: &Sources,
    stage: &Path,
    dir: &Path,
    hook: &Hook,
) -> Result<(String, String)> {
    std::fs::create_dir_all(dir)?;
    let (glue_name, glue_file) = sources.glue;
    copy(glue_file, &dir.join(glue_name))?;
    std::fs::write(dir.join(sources.split_loader.0), sources.split_loader.1)?;
    for module in &sources.modules {
        copy(&stage.join(module), &dir.join(module))?;
    }
    let (inline, loader) = inline_loader(html)?;
    let script = dir.join("boot.js");
    std::fs::write(&script, bundle(dir, &entry(&sources.modules, &loader))?)?;
    if hook.release {
        minify(&script)?;
    }
    let name = format!(
        "boot-{}.js",
        &hex(&Sha256::digest(std::fs::read(&script)?))[..16]
    );
    copy(&script, &stage.join(&name))?;
    for bundled in sources
        .modules
        .iter()
        .map(String::as_str)
        .chain([glue_name])
    {
        std::fs::remove_file(stage.join(bundled))?;
    }

    let url = &hook.public_url;
    let tag = format!(
        "<script type=\"module\" src=\"{url}{name}\" integrity=\"{}\" crossorigin=\"anonymous\"></script>",
        sri(&stage.join(&name))?
    );
    let mut html = format!("{}{tag}{}", &html[..inline.start], &html[inline.end..]);
    // Trunk's preload of wasm-bindgen's module, and the modules' own script tags
    let bundled_tags = std::iter::once(format!("href=\"{url}{glue_name}\""))
        .chain(sources.modules.iter().map(|m| format!("src=\"{url}{m}\"")));
    for anchor in bundled_tags {
        html = remove_tag(&html, &anchor)
            .with_context(|| format!("index.html has no tag with {anchor} to remove"))?;
    }
    Ok((html, name))
}

/// Where Trunk's inline loader (`<script type="module">import init … </script>`) lies in
/// `html`, and its text.
pub fn inline_loader(html: &str) -> Result<(Range<usize>, String)> {
    const OPEN: &str = "<script type=\"module\">";
    const CLOSE: &str = "</script>";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(OPEN).map(|i| from + i) {
        let body_start = at + OPEN.len();
        let body_end = body_start
            + html[body_start..]
                .find(CLOSE)
                .context("index.html has a <script type=\"module\"> without </script>")?;
        found.push((
            at..body_end + CLOSE.len(),
            html[body_start..body_end].to_string(),
        ));
        from = body_end;
    }
    match found.len() {
        1 if found[0].1.contains("import init") => Ok(found.remove(0)),
        1 => bail!(
            "the inline module script is not Trunk's loader:\n{}",
            found[0].1
        ),
        n => bail!("index.html has {n} inline module scripts; expected one (Trunk's loader)"),
    }
}

/// The entry module: each of the page's `modules` imported for its effect, in order, then
/// Trunk's `loader`, whose own imports bring in wasm-bindgen's module and the split loader.
pub fn entry(modules: &[String], loader: &str) -> String {
    let imports: String = modules
        .iter()
        .map(|module| format!("import \"./{module}\";\n"))
        .collect();
    format!("{imports}{loader}")
}

/// esbuild on `dir/entry.js` (every module it imports lies in `dir`): one ES module, its text.
/// As ES modules: `import.meta.url` stays (the split loader finds the chunks beside it) and so
/// does the loader's top-level `await`. wasm-bindgen's module lists the split loader once per
/// import of it in its import object (the same namespace each time), which esbuild would warn
/// about at every build: that one warning is silenced.
pub fn bundle(dir: &Path, entry_js: &str) -> Result<String> {
    let entry = dir.join("entry.js");
    let out = dir.join("bundle.js");
    std::fs::write(&entry, entry_js)?;
    let status = Command::new("esbuild")
        .arg(&entry)
        .args([
            "--bundle",
            "--format=esm",
            "--charset=utf8",
            "--log-override:duplicate-object-key=silent",
        ])
        .arg(format!("--outfile={}", out.display()))
        .status()
        .context("running esbuild (tools/node_modules/.bin on PATH, scripts/setup.sh)")?;
    ensure!(
        status.success(),
        "esbuild failed on {} ({status})",
        entry.display()
    );
    std::fs::read_to_string(&out).with_context(|| format!("reading {}", out.display()))
}

/// terser on the one script, in place, before its name and integrity are taken. It is the
/// JavaScript minifier most bundlers use (from npm, like wasm-opt), 1.4 % smaller than
/// esbuild's own `--minify` here (brotli); Trunk's `--minify` would minify the HTML this hook edits
/// too. As a module: the import object's keys (the names the wasm imports) stay as they are.
fn minify(file: &Path) -> Result<()> {
    let minified = file.with_extension("min.js");
    let status = Command::new("terser")
        .arg(file)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&minified)
        .status()
        .context("running terser (tools/node_modules/.bin on PATH, scripts/setup.sh)")?;
    ensure!(
        status.success(),
        "terser failed on {} ({status})",
        file.display()
    );
    std::fs::rename(&minified, file)?;
    Ok(())
}

/// `html` without the tag that contains `anchor` (a `<script>` with its `</script>`) and the
/// white space before it.
fn remove_tag(html: &str, anchor: &str) -> Option<String> {
    let tag = tag_around(html, anchor)?;
    let start = html[..tag.start].trim_end_matches([' ', '\t', '\n']).len();
    let rest = &html[tag.end..];
    let rest = rest.strip_prefix("</script>").unwrap_or(rest);
    Some(format!("{}{rest}", &html[..start]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<title>T</title>\n<script type=\"module\">\nimport init, * as bindings from './app-00.js';\nawait init();\n</script>\n<link rel=\"stylesheet\" href=\"./m.css\">";

    #[test]
    fn trunk_s_inline_loader_is_found_with_its_text() {
        let (span, text) = inline_loader(TRUNK).unwrap();
        assert_eq!(&TRUNK[span.clone()][..22], "<script type=\"module\">");
        assert!(TRUNK[span].ends_with("</script>"));
        assert_eq!(
            text,
            "\nimport init, * as bindings from './app-00.js';\nawait init();\n"
        );
    }

    #[test]
    fn anything_but_one_inline_loader_stops_the_build() {
        let none = inline_loader("<script type=\"module\" src=\"./boot.js\"></script>");
        assert!(none
            .unwrap_err()
            .to_string()
            .contains("0 inline module scripts"));
        let two = format!("{TRUNK}{TRUNK}");
        assert!(inline_loader(&two)
            .unwrap_err()
            .to_string()
            .contains("2 inline"));
        let other = inline_loader("<script type=\"module\">alert(1)</script>");
        assert!(other
            .unwrap_err()
            .to_string()
            .contains("not Trunk's loader"));
        let open = inline_loader("<script type=\"module\">import init");
        assert!(open.unwrap_err().to_string().contains("without </script>"));
    }

    #[test]
    fn the_page_s_modules_come_before_the_loader() {
        let modules = ["first-screen-aa.js".to_string(), "b-bb.js".to_string()];
        assert_eq!(
            entry(&modules, "import init from './app.js';"),
            "import \"./first-screen-aa.js\";\nimport \"./b-bb.js\";\nimport init from './app.js';"
        );
        assert_eq!(entry(&[], "L"), "L");
    }

    #[test]
    fn a_bundled_file_s_tag_goes_with_the_white_space_before_it() {
        let html =
            "<title>T</title>\n    <script src=\"./fs.js\" type=\"module\"></script>\n  </head>";
        let out = remove_tag(html, "src=\"./fs.js\"").unwrap();
        assert_eq!(out, "<title>T</title>\n  </head>");
        assert!(remove_tag(html, "src=\"./b.js\"").is_none());
        let link =
            "<title>T</title>\n<link rel=\"modulepreload\" href=\"./g.js\"><link href=\"./w\">";
        let out = remove_tag(link, "href=\"./g.js\"").unwrap();
        assert_eq!(out, "<title>T</title><link href=\"./w\">");
    }
}
