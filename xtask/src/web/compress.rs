//! Stage `compress` (release builds): `<file>.br` (`brotli -q 11`) and `<file>.gz`
//! (`gzip -9 -n`) beside every .wasm, .js, .css and .svg of the staging directory, for nginx's
//! `brotli_static` and `gzip_static`. The page and `config.json` are not compressed: the
//! container writes them at start. Debian's `brotli` and `gzip` (scripts/setup.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// The extensions that get compressed twins.
const COMPRESSED: [&str; 4] = ["wasm", "js", "css", "svg"];

pub fn compress(dir: &Path) -> Result<()> {
    let files = compressible(dir)?;
    let mut commands = Vec::new();
    for file in &files {
        for (tool, args, ext) in [
            ("brotli", &["-q", "11", "-c"][..], "br"),
            ("gzip", &["-9", "-n", "-c"][..], "gz"),
        ] {
            let out = PathBuf::from(format!("{}.{ext}", file.display()));
            let mut command = Command::new(tool);
            command
                .args(args)
                .arg(file)
                .stdout(Stdio::from(std::fs::File::create(&out)?));
            let what = format!(
                "{tool} on {} (Debian's, scripts/setup.sh installs it)",
                file.display()
            );
            commands.push((command, what));
        }
    }
    super::run_all(commands)?;
    println!("web: {} files compressed (.br and .gz)", files.len());
    Ok(())
}

/// The files of `dir` (not below it) that get compressed twins, sorted.
fn compressible(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if path.is_file() && COMPRESSED.contains(&ext) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_gets_twins_that_decompress_to_it_and_the_page_does_not() {
        let dir = std::env::temp_dir().join(format!("web-compress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "body { color: red } ".repeat(50);
        std::fs::write(dir.join("main-00aa.css"), &text).unwrap();
        std::fs::write(dir.join("index.html"), "<p>").unwrap();
        compress(&dir).unwrap();
        let unzipped = Command::new("gzip")
            .arg("-dc")
            .arg(dir.join("main-00aa.css.gz"))
            .output()
            .unwrap();
        let unbrotli = Command::new("brotli")
            .arg("-dc")
            .arg(dir.join("main-00aa.css.br"))
            .output()
            .unwrap();
        let html_twin = dir.join("index.html.br").exists() || dir.join("index.html.gz").exists();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(String::from_utf8(unzipped.stdout).unwrap(), text);
        assert_eq!(String::from_utf8(unbrotli.stdout).unwrap(), text);
        assert!(
            !html_twin,
            "the page is written at the container's start: no twin"
        );
    }
}
