//! `cargo xtask split-web`: Trunk's post-build hook (`Trunk.toml`) that gives the app its lazy
//! pages. Trunk 0.21 cannot split a wasm (trunk-rs/trunk#1022): it builds the app (linked with
//! `--emit-relocs`, `.cargo/config.toml`) and runs wasm-bindgen on the whole of it. This hook
//! then takes the same linked wasm, splits it at its `wasm_split` points
//! (`src/pages/lazy.rs`) with `wasm_split_cli_support` (the splitter cargo-leptos uses), runs
//! wasm-bindgen (`--keep-lld-exports`: the chunks link against the main module's exports) and
//! wasm-opt on every part, and puts the result in Trunk's staging directory under Trunk's own
//! names, with the integrity values in `index.html` brought up to date, and bundles the page's
//! JavaScript into one script (`one_script`). In a release build it also gives the main
//! module's imports and mangled exports short names (`short_names`) and minifies the JS and
//! the stylesheet.
//!
//! Written files (all names hashed, so nginx may cache them for a year):
//! - `stargate-explorer-<H>_bg.wasm`: the main module, replacing Trunk's;
//! - `boot-<H>.js`: the one script: Trunk's loader, wasm-bindgen's module, the split loader
//!   (which fetches a page's chunks on first use) and the page's other module scripts;
//! - `<chunk>-<hash>.wasm`: the chunks;
//! - `split-manifest.json`: for each page, the chunk files it loads (read by the size report).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::{one_script, short_names};

/// The app's binary, as Trunk names its output (`data-bin` in index.html).
const APP: &str = "stargate-explorer";

/// What Trunk tells a hook (its environment).
pub(crate) struct Hook {
    pub staging: PathBuf,
    pub release: bool,
    pub public_url: String,
}

impl Hook {
    fn from_env() -> Result<Hook> {
        let staging = std::env::var_os("TRUNK_STAGING_DIR")
            .context("TRUNK_STAGING_DIR is not set: run through `trunk build` (Trunk.toml's post_build hook)")?;
        Ok(Hook {
            staging: PathBuf::from(staging),
            release: std::env::var("TRUNK_PROFILE").as_deref() == Ok("release"),
            public_url: std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "./".into()),
        })
    }
}

pub fn run(root: &Path) -> Result<()> {
    let hook = Hook::from_env()?;
    let profile = if hook.release { "release" } else { "debug" };
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or(root.join("target"), PathBuf::from);
    let linked = target_dir.join(format!("wasm32-unknown-unknown/{profile}/{APP}.wasm"));
    let work = target_dir.join(format!("wasm-split/{profile}"));
    let staged = staged_base(&hook.staging)?;

    let input = std::fs::read(&linked).with_context(|| format!("reading {}", linked.display()))?;
    ensure!(
        has_relocations(&input),
        "{} has no relocations: link the app with `-C link-arg=--emit-relocs` (.cargo/config.toml)",
        linked.display()
    );
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("clearing {}", work.display()))?;
    }
    let loader = format!("split-{}.js", staged.hash);
    let split = split(&input, &work, &staged, &loader)?;
    bindgen(&work, &staged.base)?;
    let main_js = format!("{}.js", staged.base);
    let main_bg = format!("{}_bg.wasm", staged.base);
    let (main_glue, main_wasm) = (
        work.join("bindgen").join(&main_js),
        work.join("bindgen").join(&main_bg),
    );
    if hook.release {
        optimise(std::iter::once(main_wasm.clone()).chain(split.chunks.iter().cloned()))?;
        shorten_names(&main_wasm, &main_glue, &staged.base)?;
    }
    let chunk_names = hash_chunk_names(&split.chunks)?;
    let loader_js = rewrite_chunk_urls(&std::fs::read_to_string(work.join(&loader))?, &chunk_names);

    // Into Trunk's staging directory: the wasm under the name index.html already uses, the JS
    // as the page's one script, the chunks under their hashed names.
    let stage = &hook.staging;
    copy(&main_wasm, &stage.join(&main_bg))?;
    let stylesheets = staged_files(stage, ".css", &[])?;
    let sources = one_script::Sources {
        glue: (&main_js, &main_glue),
        split_loader: (&loader, &loader_js),
        modules: staged_files(stage, ".js", &[&main_js])?,
    };
    let index = stage.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let (html, boot) = one_script::link(&html, &sources, stage, &work.join("bundle"), &hook)?;
    if hook.release {
        for sheet in &stylesheets {
            minify_css(&stage.join(sheet))?;
        }
    }
    for (chunk, name) in split.chunks.iter().zip(&chunk_names) {
        copy(chunk, &stage.join(name))?;
    }
    write_manifest(stage, &split.pages, &split.chunks, &chunk_names)?;
    let refreshed: Vec<&str> = std::iter::once(main_bg.as_str())
        .chain(stylesheets.iter().map(String::as_str))
        .collect();
    let html = refresh_integrity(html, stage, &hook.public_url, &refreshed)?;
    let wasm_preload = format!("href=\"{}{main_bg}\"", hook.public_url);
    let html = code_first(&html, &[wasm_preload]).context(
        "index.html lacks <title> or a preload of the app's wasm to move before the rest",
    )?;
    std::fs::write(&index, html)?;
    println!(
        "split-web: {} page(s), {} chunk file(s), one script {boot}",
        split.pages.len(),
        split.chunks.len()
    );
    Ok(())
}

/// Trunk's hashed base name (`stargate-explorer-<H>`) and its hash, from the staged JS.
struct StagedBase {
    base: String,
    hash: String,
}

fn staged_base(stage: &Path) -> Result<StagedBase> {
    let prefix = format!("{APP}-");
    let mut found = Vec::new();
    for name in file_names(stage)? {
        if let Some(hash) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".js"))
        {
            found.push(StagedBase {
                base: format!("{APP}-{hash}"),
                hash: hash.to_string(),
            });
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        n => bail!(
            "expected one {prefix}<hash>.js in {} (filehash = true), found {n}",
            stage.display()
        ),
    }
}

/// True when the linked wasm keeps its relocations (a `reloc.CODE` custom section), which
/// the splitter needs to move functions between modules.
fn has_relocations(wasm: &[u8]) -> bool {
    wasm.windows(b"reloc.CODE".len())
        .any(|w| w == b"reloc.CODE")
}

struct Split {
    /// Chunk files written (split points and the chunks they share), in `work`.
    chunks: Vec<PathBuf>,
    /// Page (split module) → the chunk file stems it loads.
    pages: BTreeMap<String, Vec<String>>,
}

fn split(input: &[u8], work: &Path, staged: &StagedBase, loader: &str) -> Result<Split> {
    let main_out = work.join("main.wasm");
    let main_module = format!("./{}.js", staged.base);
    let link_name = format!("./{loader}");
    let output = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(input);
        options.output_dir = work;
        options.main_out_path = &main_out;
        options.main_module = &main_module;
        options.link_name = &link_name;
        options
    })
    .map_err(|error| anyhow::anyhow!("splitting the wasm: {error:#}"))?;
    ensure!(
        !output.split_modules.is_empty(),
        "the wasm has no split point (src/pages/lazy.rs): nothing would load lazily"
    );
    Ok(Split {
        chunks: output.split_modules,
        pages: output.prefetch_map.into_iter().collect(),
    })
}

fn bindgen(work: &Path, out_name: &str) -> Result<()> {
    let status = Command::new("wasm-bindgen")
        .args([
            "--target=web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
        ])
        .arg(format!("--out-name={out_name}"))
        .arg(format!("--out-dir={}", work.join("bindgen").display()))
        .arg(work.join("main.wasm"))
        .status()
        .context("running wasm-bindgen (on PATH, as Trunk finds it)")?;
    ensure!(status.success(), "wasm-bindgen failed ({status})");
    Ok(())
}

/// wasm-opt -Oz on every part, in place, all at once (the main module takes most of the time),
/// without the producers and target-features sections, which no browser reads.
/// `--low-memory-unused` lets it fold constant offsets into loads and stores: sound when the
/// program never touches the first 1 KiB of memory, which holds here because Rust's wasm32
/// linker puts the 1 MiB stack first (it grows down from 1 MiB, data lies above it), so those
/// bytes are reached only by a stack 1023 KiB deep, one KiB from overflowing.
fn optimise(files: impl Iterator<Item = PathBuf>) -> Result<()> {
    let mut running = Vec::new();
    for file in files {
        let child = Command::new("wasm-opt")
            .args([
                "-Oz",
                "--low-memory-unused",
                "--strip-producers",
                "--strip-target-features",
            ])
            .arg(&file)
            .arg("-o")
            .arg(&file)
            .spawn()
            .context("running wasm-opt (binaryen on PATH, as Trunk finds it)")?;
        running.push((file, child));
    }
    for (file, mut child) in running {
        let status = child.wait()?;
        ensure!(
            status.success(),
            "wasm-opt failed on {} ({status})",
            file.display()
        );
    }
    Ok(())
}

/// The main module's imports from its glue and its mangled exports renamed short, in the wasm
/// and the glue alike.
fn shorten_names(wasm_file: &Path, glue_file: &Path, base: &str) -> Result<()> {
    let glue = format!("./{base}_bg.js");
    let (wasm, renamed) = short_names::shorten(&std::fs::read(wasm_file)?, &glue)?;
    let js = short_names::rename_in_glue(&std::fs::read_to_string(glue_file)?, &glue, &renamed)?;
    std::fs::write(wasm_file, wasm)?;
    std::fs::write(glue_file, js)?;
    Ok(())
}

/// The files in the staging directory whose names end in `suffix`, sorted, except `except`:
/// the stylesheets Trunk staged (`<name>-<H>.css`), or its scripts besides the app's glue
/// (`<script data-trunk src>`, such as `first-screen-<H>.js`).
fn staged_files(stage: &Path, suffix: &str, except: &[&String]) -> Result<Vec<String>> {
    let mut names: Vec<String> = file_names(stage)?
        .into_iter()
        .filter(|name| name.ends_with(suffix) && !except.contains(&name))
        .collect();
    names.sort();
    Ok(names)
}

/// The names of the entries of `dir`.
fn file_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

/// A stylesheet minified in place by lightningcss, the minifier Trunk's own `--minify` uses
/// (which cannot be turned on for the CSS alone, above). Its targets are the oldest browsers
/// that read the stylesheet as written (it uses `light-dark()`: Chrome and Edge 123, Firefox
/// 120, Safari 17.5), so it neither lowers what they read (light-dark would become variables
/// the theme switch does not set) nor writes syntax they do not (without targets it writes
/// whatever is shortest today).
fn minify_css(file: &Path) -> Result<()> {
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
    let css = std::fs::read_to_string(file)?;
    let mut sheet = StyleSheet::parse(&css, ParserOptions::default())
        .map_err(|error| anyhow::anyhow!("parsing {}: {error}", file.display()))?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|error| anyhow::anyhow!("minifying {}: {error}", file.display()))?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|error| anyhow::anyhow!("printing {}: {error}", file.display()))?;
    std::fs::write(file, printed.code)?;
    Ok(())
}

/// `<stem>-<sha256:16>.wasm` for each chunk, from its final content.
fn hash_chunk_names(chunks: &[PathBuf]) -> Result<Vec<String>> {
    chunks
        .iter()
        .map(|chunk| {
            let bytes = std::fs::read(chunk)?;
            let stem = chunk
                .file_stem()
                .context("chunk without a name")?
                .to_string_lossy();
            let digest = Sha256::digest(&bytes);
            Ok(format!("{stem}-{}.wasm", &hex(&digest)[..16]))
        })
        .collect()
}

/// The loader fetches `new URL("./<stem>.wasm", import.meta.url)`: point it at the hashed names.
fn rewrite_chunk_urls(loader: &str, hashed: &[String]) -> String {
    hashed.iter().fold(loader.to_string(), |js, name| {
        let stem = name
            .rsplit_once('-')
            .map_or(name.as_str(), |(stem, _)| stem);
        js.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{name}\""))
    })
}

fn write_manifest(
    stage: &Path,
    pages: &BTreeMap<String, Vec<String>>,
    chunks: &[PathBuf],
    hashed: &[String],
) -> Result<()> {
    let by_stem: BTreeMap<String, &String> = chunks
        .iter()
        .zip(hashed)
        .filter_map(|(chunk, name)| Some((chunk.file_stem()?.to_string_lossy().into_owned(), name)))
        .collect();
    let manifest: BTreeMap<&String, Vec<&String>> = pages
        .iter()
        .map(|(page, stems)| {
            (
                page,
                stems
                    .iter()
                    .filter_map(|stem| by_stem.get(stem).copied())
                    .collect(),
            )
        })
        .collect();
    std::fs::write(
        stage.join("split-manifest.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    Ok(())
}

/// Trunk wrote `integrity="sha384-…"` on the links to the files this hook replaced: `html`
/// with it recomputed.
fn refresh_integrity(
    mut html: String,
    stage: &Path,
    public_url: &str,
    files: &[&str],
) -> Result<String> {
    for file in files {
        let sri = sri(&stage.join(file))?;
        html = set_integrity(&html, &format!("href=\"{public_url}{file}\""), &sri)
            .with_context(|| format!("index.html has no <link {public_url}{file} integrity=…>"))?;
    }
    Ok(html)
}

/// `html` with the tags holding `hrefs` moved, in that order, to right after `</title>`. Trunk
/// puts its preloads of the app's code at the end of <head>; over HTTP/1.1 a browser opens six
/// connections to a host, so there the wasm waited for one behind the stylesheet and the data
/// preloads (0.55 s on Slow 4G, docs/decisions.md "Speed").
fn code_first(html: &str, hrefs: &[String]) -> Option<String> {
    let mut html = html.to_owned();
    let mut tags = String::new();
    for href in hrefs {
        let tag = tag_around(&html, href)?;
        tags.push_str(&html[tag.clone()]);
        html.replace_range(tag, "");
    }
    let after_title = html.find("</title>")? + "</title>".len();
    html.insert_str(after_title, &tags);
    Some(html)
}

/// Where the first tag containing `anchor` starts and ends (`<` to `>` inclusive).
pub(crate) fn tag_around(html: &str, anchor: &str) -> Option<std::ops::Range<usize>> {
    let at = html.find(anchor)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')? + 1;
    Some(start..end)
}

/// `sha384-<base64>` of a file, for an `integrity` attribute.
pub(crate) fn sri(file: &Path) -> Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    ))
}

/// The tag containing `href` gets `integrity="{sri}"` in place of the one it had.
fn set_integrity(html: &str, href: &str, sri: &str) -> Option<String> {
    let span = tag_around(html, href)?;
    let tag = &html[span.clone()];
    let value_start = tag.find("integrity=\"")? + "integrity=\"".len();
    let value_end = value_start + tag[value_start..].find('"')?;
    let new_tag = format!("{}{sri}{}", &tag[..value_start], &tag[value_end..]);
    Some(format!(
        "{}{new_tag}{}",
        &html[..span.start],
        &html[span.end..]
    ))
}

pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_replaced_in_the_tag_of_its_file_only() {
        let html = r#"<link rel="modulepreload" href="./a.js" integrity="sha384-old"><link rel="preload" href="./a_bg.wasm" integrity="sha384-keep" as="fetch">"#;
        let out = set_integrity(html, "href=\"./a.js\"", "sha384-new").unwrap();
        assert_eq!(
            out,
            r#"<link rel="modulepreload" href="./a.js" integrity="sha384-new"><link rel="preload" href="./a_bg.wasm" integrity="sha384-keep" as="fetch">"#
        );
        assert!(set_integrity(html, "href=\"./missing.js\"", "x").is_none());
    }

    #[test]
    fn the_code_preloads_move_to_the_top_of_head_in_order() {
        let html = r#"<head><title>T</title><link rel="stylesheet" href="./m.css"><link rel="preload" href="/api" as="fetch"><link rel="modulepreload" href="./a.js" integrity="x"><link rel="preload" href="./a_bg.wasm" as="fetch"></head>"#;
        let hrefs = [
            "href=\"./a_bg.wasm\"".to_owned(),
            "href=\"./a.js\"".to_owned(),
        ];
        let out = code_first(html, &hrefs).unwrap();
        assert_eq!(
            out,
            r#"<head><title>T</title><link rel="preload" href="./a_bg.wasm" as="fetch"><link rel="modulepreload" href="./a.js" integrity="x"><link rel="stylesheet" href="./m.css"><link rel="preload" href="/api" as="fetch"></head>"#
        );
        assert!(code_first(html, &["href=\"./b.js\"".to_owned()]).is_none());
        assert!(code_first("<link href=\"./a.js\">", &["href=\"./a.js\"".to_owned()]).is_none());
    }

    #[test]
    fn chunk_urls_point_at_hashed_names() {
        let js = r#"fetch(new URL("./chunk_5.wasm", import.meta.url)); fetch(new URL("./chunk_50.wasm", import.meta.url));"#;
        let out = rewrite_chunk_urls(
            js,
            &["chunk_5-00aa.wasm".into(), "chunk_50-11bb.wasm".into()],
        );
        assert_eq!(
            out,
            r#"fetch(new URL("./chunk_5-00aa.wasm", import.meta.url)); fetch(new URL("./chunk_50-11bb.wasm", import.meta.url));"#
        );
    }

    #[test]
    fn relocations_are_found_by_their_section_name() {
        assert!(has_relocations(b"\0asm....reloc.CODE...."));
        assert!(!has_relocations(b"\0asm....reloc.DATA...."));
    }

    #[test]
    fn a_stylesheet_is_minified_in_place_and_keeps_its_rules() {
        let dir = std::env::temp_dir().join(format!("split-web-css-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("main-00aa.css");
        let css = "/* the rail */\n.rail {\n  display: grid;\n  grid-template-columns: repeat(3, 1fr);\n  color: #ff0000;\n}\n\n@media (max-width: 600px) {\n  .rail { gap: 0px; }\n}\n";
        std::fs::write(&file, css).unwrap();
        minify_css(&file).unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            ".rail{color:red;grid-template-columns:repeat(3,1fr);display:grid}@media (width<=600px){.rail{gap:0}}"
        );
        // a stylesheet that does not parse stops the build, naming the file
        std::fs::write(&file, ".rail { color: red; } @media (max-width: {}").unwrap();
        let error = minify_css(&file).map(|()| std::fs::read_to_string(&file).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
        let error = error.unwrap_err().to_string();
        assert!(error.contains("main-00aa.css"), "{error}");
    }
}
