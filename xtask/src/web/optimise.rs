//! Stage `optimise` (release builds): `wasm-opt -Oz` (binaryen from npm, on PATH) on the main
//! module and every chunk, in place, all at once (the main module takes most of the time),
//! without the producers and target-features sections, which no browser reads.
//!
//! `--low-memory-unused` lets it fold constant offsets into loads and stores: sound when the
//! program never touches the first 1 KiB of memory, which holds here because Rust's wasm32
//! linker puts the 1 MiB stack first (it grows down from 1 MiB, data lies above it), so those
//! bytes are reached only by a stack 1023 KiB deep, one KiB from overflowing.

use std::path::PathBuf;
use std::process::Command;

use anyhow::Result;

pub fn optimise<'a>(files: impl Iterator<Item = &'a PathBuf>) -> Result<()> {
    let commands = files
        .map(|file| {
            let mut command = Command::new("wasm-opt");
            command
                .args([
                    "-Oz",
                    "--low-memory-unused",
                    "--strip-producers",
                    "--strip-target-features",
                ])
                .arg(file)
                .arg("-o")
                .arg(file);
            let what = format!(
                "wasm-opt on {} (binaryen from npm on PATH: run scripts/setup.sh)",
                file.display()
            );
            (command, what)
        })
        .collect();
    super::run_all(commands)
}
