//! Project chores: `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! Commands:
//!   codegen [--check]   openapi/stargate.yaml → crates/stargate-api/src/generated/
//!                       (--check: fail if the checked-in files differ from what the spec generates)
//!   web                 Trunk's post_build hook: the web app's build after cargo (src/web)

mod codegen;
#[cfg(test)]
mod fn_length;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen           generate crates/stargate-api/src/generated/ from openapi/stargate.yaml
  codegen --check   fail if the checked-in generated files differ from what the spec generates
  web               (Trunk's post_build hook) split, bindgen, optimise, bundle, render, compress";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&workspace_root(), false),
        ["codegen", "--check"] => codegen::run(&workspace_root(), true),
        ["web"] => web::run(&workspace_root()),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    /// `cargo xtask codegen --check` as a test: `make codegen-check` runs it from the build the
    /// host tests already made (cargo nextest run -E 'test(=tests::codegen_check)') instead of
    /// building the xtask binary on its own.
    #[test]
    fn codegen_check() {
        if let Err(error) = super::codegen::run(&super::workspace_root(), true) {
            panic!("{error:#}");
        }
    }
}
