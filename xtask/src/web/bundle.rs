//! Stage `bundle`: the page's one script, `boot-<hash>.js`, one ES module bundled by esbuild
//! and, in a release build, minified by terser. Reads `web/boot.js` (the entry: the page's
//! scripts, then the app's start) and what it imports: `web/first-screen.js`,
//! `web/panic-screen.js`, wasm-bindgen's glue (`app.js`, from `bindgen`), the chunk loader
//! (`split.js`, from `split`) and `build.json`, written here: the main wasm's name and each
//! chunk's hashed name. One script, so the wasm, the stylesheet, the script and the data
//! preloads are all asked for in the first round of requests (docs/decisions.md, "One script").
//!
//! The chunk loader fetches `new URL("./chunk_N.wasm", import.meta.url)`. It is linked first, on
//! its own, with esbuild's `--inject` and `--define:fetch=chunkFetch`: its `fetch` becomes
//! `web/chunk-fetch.js`'s, which maps a chunk's name to its hashed one from `build.json`. The
//! loader's text is not searched or edited.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use super::run_tool;
use super::split::{GLUE, LOADER};

/// What goes into the one script.
pub struct Sources {
    /// `web/`: the entry and the page's scripts
    pub web: PathBuf,
    /// wasm-bindgen's glue (`app.js`)
    pub glue: PathBuf,
    /// the splitter's chunk loader (`split.js`)
    pub loader: PathBuf,
    /// the main wasm's name in the dist
    pub wasm: String,
    /// each chunk's file name as the splitter wrote it → its name in the dist
    pub chunks: BTreeMap<String, String>,
}

/// The page's own scripts, copied beside the glue for esbuild.
const PAGE_SCRIPTS: [&str; 4] = [
    "boot.js",
    "first-screen.js",
    "panic-screen.js",
    "chunk-fetch.js",
];

/// The one script's text, bundled in `dir`.
pub fn script(sources: &Sources, dir: &Path, release: bool) -> Result<Vec<u8>> {
    std::fs::create_dir_all(dir)?;
    for name in PAGE_SCRIPTS {
        copy(&sources.web.join(name), &dir.join(name))?;
    }
    copy(&sources.glue, &dir.join(GLUE))?;
    let build = serde_json::json!({ "wasm": sources.wasm, "chunks": sources.chunks });
    std::fs::write(dir.join("build.json"), serde_json::to_string(&build)?)?;
    // the loader linked to chunk-fetch.js under the name the glue imports it by
    let raw_loader = dir.join("split.raw.js");
    copy(&sources.loader, &raw_loader)?;
    esbuild(
        &raw_loader,
        &dir.join(LOADER),
        &[
            &format!("--external:{GLUE}"),
            "--external:./build.json",
            "--inject:./chunk-fetch.js",
            "--define:fetch=chunkFetch",
        ],
    )?;
    let bundled = dir.join("boot.bundle.js");
    esbuild(
        &dir.join("boot.js"),
        &bundled,
        // the glue lists the loader once per import of it in its import object (the same
        // namespace each time), which esbuild would warn about at every build
        &["--log-override:duplicate-object-key=silent"],
    )?;
    if release {
        run_tool(
            Command::new("terser")
                .arg(&bundled)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&bundled),
            "terser (tools/node_modules/.bin on PATH: run scripts/setup.sh)",
        )?;
    }
    std::fs::read(&bundled).with_context(|| format!("reading {}", bundled.display()))
}

/// esbuild on `entry`: one ES module (`import.meta.url` and top-level `await` stay), at `out`.
fn esbuild(entry: &Path, out: &Path, args: &[&str]) -> Result<()> {
    run_tool(
        Command::new("esbuild")
            .arg(entry)
            .args([
                "--bundle",
                "--format=esm",
                "--charset=utf8",
                "--log-level=warning",
            ])
            .args(args)
            .arg(format!("--outfile={}", out.display()))
            .current_dir(entry.parent().context("the entry has a directory")?),
        "esbuild (tools/node_modules/.bin on PATH: run scripts/setup.sh)",
    )
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}
