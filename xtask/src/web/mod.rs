//! `cargo xtask web`: the web app's build after Trunk has compiled it (Trunk.toml's post_build
//! hook). Trunk is the entry point (`trunk build`): it runs cargo for wasm32 (the app linked
//! with `--emit-relocs`, `.cargo/config.toml`) and copies `public/`'s files. Everything else is
//! this pipeline, in named stages, each reading what the one before wrote:
//!
//! | stage      | reads                                        | writes (in the work directory)              |
//! |------------|----------------------------------------------|---------------------------------------------|
//! | `split`    | the linked wasm (`target/wasm32-…/<profile>/`) | `main.wasm`, the chunks, `split.js` (their loader) |
//! | `bindgen`  | `main.wasm`                                  | `app.js` (wasm-bindgen's glue), `app_bg.wasm` |
//! | `optimise` | `app_bg.wasm` and the chunks (release)       | the same files, `wasm-opt -Oz`              |
//! | `bundle`   | `web/*.js`, `app.js`, `split.js`, `style/`   | the one script and the one stylesheet       |
//! | `render`   | `web/index.html` (a template), the files' names and integrity | the page, `.deploy/` for the container |
//! | `compress` | the staging directory                        | `.br` and `.gz` beside each .wasm/.js/.css/.svg |
//!
//! Each file is named by its content (`<stem>-<sha256:16>`), so nginx caches it for a year. No
//! stage edits a file another tool wrote: the files of Trunk's own wasm-bindgen run are removed
//! unread, the page is rendered from our template, and the chunk loader finds the hashed chunk
//! names through a function esbuild links in for its `fetch` (`bundle`).

mod bindgen;
mod bundle;
mod compress;
mod optimise;
mod render;
mod split;
pub mod style;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

/// The app's binary (Trunk.toml's target links it with `data-bin`).
const APP: &str = "stargate-explorer";

/// What Trunk tells its hook, in its environment.
struct Hook {
    staging: PathBuf,
    release: bool,
    public_url: String,
}

impl Hook {
    fn from_env() -> Result<Hook> {
        let staging = std::env::var_os("TRUNK_STAGING_DIR").context(
            "TRUNK_STAGING_DIR is not set: run through `trunk build` (Trunk.toml's post_build hook)",
        )?;
        Ok(Hook {
            staging: PathBuf::from(staging),
            release: std::env::var("TRUNK_PROFILE").as_deref() == Ok("release"),
            public_url: std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "./".into()),
        })
    }
}

/// A file of the dist, named by its content.
#[derive(Debug, Clone)]
pub struct Asset {
    /// `<stem>-<sha256:16><suffix>`
    pub name: String,
    /// `sha384-<base64>`, for the page's `integrity` attributes
    pub integrity: String,
}

impl Asset {
    fn new(stem: &str, suffix: &str, bytes: &[u8]) -> Asset {
        Asset {
            name: format!("{stem}-{}{suffix}", &hex(&Sha256::digest(bytes))[..16]),
            integrity: format!(
                "sha384-{}",
                base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
            ),
        }
    }
}

pub fn run(root: &Path) -> Result<()> {
    let hook = Hook::from_env()?;
    let profile = if hook.release { "release" } else { "debug" };
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or(root.join("target"), PathBuf::from);
    let linked = target_dir.join(format!("wasm32-unknown-unknown/{profile}/{APP}.wasm"));
    let work = target_dir.join(format!("web-build/{profile}"));
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("clearing {}", work.display()))?;
    }
    std::fs::create_dir_all(&work)?;
    let stage = Staging::new(&hook.staging)?;

    let split = split::split(&linked, &work.join("split"))?;
    let glue = bindgen::bindgen(&split.main, &work.join("bindgen"))?;
    if hook.release {
        optimise::optimise(std::iter::once(&glue.wasm).chain(&split.chunks))?;
    }
    let wasm = stage.put_file(APP, "_bg.wasm", &glue.wasm)?;
    let chunks = split
        .chunks
        .iter()
        .map(|chunk| {
            let name = chunk.file_name().context("a chunk without a name")?;
            let stem = chunk.file_stem().context("a chunk without a name")?;
            let asset = stage.put_file(&stem.to_string_lossy(), ".wasm", chunk)?;
            Ok((name.to_string_lossy().into_owned(), asset.name))
        })
        .collect::<Result<BTreeMap<_, _>>>()?;
    let sources = bundle::Sources {
        web: root.join("web"),
        glue: glue.js,
        loader: split.loader,
        wasm: wasm.name.clone(),
        chunks: chunks.clone(),
    };
    let script = bundle::script(&sources, &work.join("bundle"), hook.release)?;
    let script = stage.put("boot", ".js", &script)?;
    let css = style::stylesheet(&root.join(style::ENTRY), hook.release)?;
    let style = stage.put("main", ".css", css.as_bytes())?;
    split::write_manifest(&stage.dir, &split.pages, &chunks)?;

    let page = render::Page {
        public_url: hook.public_url.clone(),
        wasm,
        script,
        style,
        first_screen: stargate_explorer::first_screen::html(),
    };
    render::render(&root.join("web"), &page, &stage.dir)?;
    if hook.release {
        compress::compress(&stage.dir)?;
    }
    println!(
        "web: {} page(s) in {} chunk file(s), {} + {} + {}",
        split.pages.len(),
        chunks.len(),
        page.script.name,
        page.wasm.name,
        page.style.name
    );
    Ok(())
}

/// Trunk's staging directory, which becomes `dist/` once the hook has run.
struct Staging {
    dir: PathBuf,
}

impl Staging {
    /// The staging directory without what Trunk's own wasm-bindgen run and page wrote (this
    /// pipeline writes the app's files itself); the files Trunk copied stay.
    fn new(dir: &Path) -> Result<Staging> {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{APP}-")) || name == TRUNK_PAGE {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(Staging {
            dir: dir.to_path_buf(),
        })
    }

    fn put(&self, stem: &str, suffix: &str, bytes: &[u8]) -> Result<Asset> {
        let asset = Asset::new(stem, suffix, bytes);
        let path = self.dir.join(&asset.name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        Ok(asset)
    }

    fn put_file(&self, stem: &str, suffix: &str, file: &Path) -> Result<Asset> {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        self.put(stem, suffix, &bytes)
    }
}

/// The page Trunk writes from its target (Trunk.toml's `html_output`), unused.
const TRUNK_PAGE: &str = "trunk.html";

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `command`, naming it (and what to do when it is missing) in the error.
fn run_tool(command: &mut std::process::Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("running {what}"))?;
    anyhow::ensure!(status.success(), "{what} failed ({status})");
    Ok(())
}

/// Runs `commands` at once and waits for all of them; the first that fails, named by its
/// description, is the error.
fn run_all(commands: Vec<(std::process::Command, String)>) -> Result<()> {
    let mut running = Vec::new();
    for (mut command, what) in commands {
        let child = command.spawn().with_context(|| format!("running {what}"))?;
        running.push((what, child));
    }
    for (what, mut child) in running {
        let status = child.wait()?;
        anyhow::ensure!(status.success(), "{what} failed ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_and_checked_by_its_content() {
        let a = Asset::new("boot", ".js", b"console.log(1)");
        let b = Asset::new("boot", ".js", b"console.log(2)");
        assert!(
            a.name.starts_with("boot-") && a.name.ends_with(".js"),
            "{}",
            a.name
        );
        assert_eq!(a.name.len(), "boot-".len() + 16 + ".js".len());
        assert_ne!(a.name, b.name);
        assert_ne!(a.integrity, b.integrity);
        assert!(a.integrity.starts_with("sha384-"));
        assert_eq!(Asset::new("boot", ".js", b"console.log(1)").name, a.name);
    }

    #[test]
    fn trunk_s_own_output_goes_and_its_copies_stay() {
        let dir = std::env::temp_dir().join(format!("web-staging-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "trunk.html",
            "stargate-explorer-00aa.js",
            "stargate-explorer-00aa_bg.wasm",
            "config.json",
        ] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let stage = Staging::new(&dir).unwrap();
        let asset = stage.put("main", ".css", b"a{}").unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(left, vec!["config.json".to_string(), asset.name]);
    }
}
