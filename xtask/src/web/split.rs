//! Stage `split`: the linked wasm cut at its `wasm_split` points (`src/pages/lazy.rs`) by
//! `wasm_split_cli_support`, the splitter cargo-leptos uses. Trunk 0.21 cannot split a wasm
//! (trunk-rs/trunk#1022), so this stage takes the wasm Trunk's cargo linked.
//!
//! Reads `target/wasm32-unknown-unknown/<profile>/stargate-explorer.wasm` (linked with
//! `--emit-relocs`, which the splitter needs to move functions between modules). Writes, in
//! its directory: `main.wasm` (for wasm-bindgen), one wasm per chunk, and `split.js`, the loader
//! that fetches a page's chunks on first use; the glue (`app.js`) imports it, and it imports
//! the glue.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{ensure, Context, Result};

/// The glue's module name, as wasm-bindgen writes it (`bindgen`'s `--out-name app`).
pub const GLUE: &str = "./app.js";
/// The loader's module name, which the main module imports its chunk functions from.
pub const LOADER: &str = "./split.js";

pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The chunk loader.
    pub loader: PathBuf,
    /// The chunk files (split points and the chunks they share).
    pub chunks: Vec<PathBuf>,
    /// Page (split point) → the chunk file stems it loads.
    pub pages: BTreeMap<String, Vec<String>>,
}

pub fn split(linked: &Path, dir: &Path) -> Result<Split> {
    let input = std::fs::read(linked)
        .with_context(|| format!("reading {} (built by `trunk build`)", linked.display()))?;
    ensure!(
        has_relocations(&input),
        "{} has no relocations: link the app with `-C link-arg=--emit-relocs` (.cargo/config.toml)",
        linked.display()
    );
    std::fs::create_dir_all(dir)?;
    let main = dir.join("main.wasm");
    let output = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = dir;
        options.main_out_path = &main;
        options.main_module = GLUE;
        options.link_name = LOADER;
        options
    })
    .map_err(|error| anyhow::anyhow!("splitting the wasm: {error:#}"))?;
    ensure!(
        !output.split_modules.is_empty(),
        "the wasm has no split point (src/pages/lazy.rs): nothing would load lazily"
    );
    let loader = dir.join(LOADER.trim_start_matches("./"));
    ensure!(
        loader.is_file(),
        "the splitter wrote no {}",
        loader.display()
    );
    Ok(Split {
        main,
        loader,
        chunks: output.split_modules,
        pages: output.prefetch_map.into_iter().collect(),
    })
}

/// True when the linked wasm keeps its relocations (a `reloc.CODE` custom section).
fn has_relocations(wasm: &[u8]) -> bool {
    wasm.windows(b"reloc.CODE".len())
        .any(|w| w == b"reloc.CODE")
}

/// `split-manifest.json`: for each page, the hashed chunk files it loads (`chunks`: the
/// splitter's file name → the dist's). Read by the size report and the e2e tests.
pub fn write_manifest(
    stage: &Path,
    pages: &BTreeMap<String, Vec<String>>,
    chunks: &BTreeMap<String, String>,
) -> Result<()> {
    let manifest: BTreeMap<&String, Vec<&String>> = pages
        .iter()
        .map(|(page, stems)| {
            let files = stems
                .iter()
                .filter_map(|stem| chunks.get(&format!("{stem}.wasm")))
                .collect();
            (page, files)
        })
        .collect();
    std::fs::write(
        stage.join("split-manifest.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocations_are_found_by_their_section_name() {
        assert!(has_relocations(b"\0asm....reloc.CODE...."));
        assert!(!has_relocations(b"\0asm....reloc.DATA...."));
    }

    #[test]
    fn the_manifest_names_each_page_s_hashed_chunks() {
        let dir = std::env::temp_dir().join(format!("web-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pages = BTreeMap::from([(
            "contract_page".to_string(),
            vec!["split_contract_page".to_string(), "chunk_3".to_string()],
        )]);
        let chunks = BTreeMap::from([
            (
                "split_contract_page.wasm".to_string(),
                "split_contract_page-00aa.wasm".to_string(),
            ),
            ("chunk_3.wasm".to_string(), "chunk_3-11bb.wasm".to_string()),
        ]);
        write_manifest(&dir, &pages, &chunks).unwrap();
        let text = std::fs::read_to_string(dir.join("split-manifest.json")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let manifest: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).unwrap();
        assert_eq!(
            manifest["contract_page"],
            vec!["split_contract_page-00aa.wasm", "chunk_3-11bb.wasm"]
        );
    }
}
