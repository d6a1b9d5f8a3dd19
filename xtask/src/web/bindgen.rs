//! Stage `bindgen`: wasm-bindgen on the main module. Reads `main.wasm` (from `split`); writes
//! `app.js` (the glue, ES module) and `app_bg.wasm` in its directory. `--keep-lld-exports`:
//! the chunks link against the main module's exports.
//!
//! The CLI must be the version of the `wasm-bindgen` crate in Cargo.lock: `scripts/setup.sh`
//! installs that one (Trunk reads the same lock file), so a bump of the crate needs no change
//! here.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

pub struct Glue {
    pub js: PathBuf,
    pub wasm: PathBuf,
}

pub fn bindgen(main: &Path, dir: &Path) -> Result<Glue> {
    super::run_tool(
        Command::new("wasm-bindgen")
            .args([
                "--target=web",
                "--no-typescript",
                "--keep-lld-exports",
                "--no-demangle",
            ])
            .arg("--out-name=app")
            .arg(format!("--out-dir={}", dir.display()))
            .arg(main),
        "wasm-bindgen (on PATH; it must equal Cargo.lock's wasm-bindgen: run scripts/setup.sh)",
    )?;
    Ok(Glue {
        js: dir.join("app.js"),
        wasm: dir.join("app_bg.wasm"),
    })
}
