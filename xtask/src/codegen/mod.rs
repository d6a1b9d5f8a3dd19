//! `cargo xtask codegen [--check]`: `openapi/stargate.yaml` → `crates/stargate-api/src/generated/`.

mod client;
mod schema;
mod types;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde_json::Value;

pub const SPEC: &str = "openapi/stargate.yaml";
pub const OUT_DIR: &str = "crates/stargate-api/src/generated";

/// Generates every file and writes it, or (with `check`) compares it with the checked-in one.
pub fn run(root: &Path, check: bool) -> Result<()> {
    let files = generate(root)?;
    if check {
        let mut drifted = Vec::new();
        for (path, content) in &files {
            let current = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            if current != *content {
                drifted.push(path.display().to_string());
            }
        }
        if !drifted.is_empty() {
            bail!(
                "generated code drifted from {SPEC}: {} not what the spec generates. \
                 Run `cargo xtask codegen` and commit the result.",
                match drifted.as_slice() {
                    [one] => format!("{one} is"),
                    many => format!("{} are", many.join(", ")),
                }
            );
        }
        println!(
            "codegen: {} generated files are up to date with {SPEC}",
            files.len()
        );
    } else {
        for (path, content) in &files {
            let target = root.join(path);
            if std::fs::read_to_string(&target).ok().as_deref() == Some(content.as_str()) {
                continue;
            }
            std::fs::create_dir_all(target.parent().expect("generated files are in a directory"))?;
            std::fs::write(&target, content)
                .with_context(|| format!("cannot write {}", target.display()))?;
            println!("codegen: wrote {}", path.display());
        }
    }
    Ok(())
}

/// Every generated file: (path relative to the workspace root, formatted content).
pub fn generate(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let text =
        std::fs::read_to_string(root.join(SPEC)).with_context(|| format!("cannot read {SPEC}"))?;
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).with_context(|| format!("{SPEC} is not valid YAML"))?;
    // The operations keep the spec's order (serde_json's map would sort the paths).
    let path_order: Vec<String> = yaml
        .get("paths")
        .and_then(serde_yaml::Value::as_mapping)
        .map(|paths| {
            paths
                .keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let spec: Value = serde_json::to_value(&yaml)
        .with_context(|| format!("{SPEC} cannot be represented as JSON"))?;
    let version = spec
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("3.0.") {
        bail!("{SPEC}: expected OpenAPI 3.0.x, found {version:?}");
    }

    let ops = client::operations(&spec, &path_order)?;
    let out = Path::new(OUT_DIR);
    Ok(vec![
        (
            out.join("types.rs"),
            render(
                root,
                "Rust types of `components/schemas` (typify).\n\n\
                 Required fields are plain fields; required `nullable` fields are `Option<T>` \
                 that must be present and may be `null` (serialised as `null`); optional fields \
                 are `Option<T>`, skipped when `None`.",
                &[],
                types::generate(&spec)?,
            )?,
        ),
        (
            out.join("params.rs"),
            render(
                root,
                "One struct per operation with query parameters: every field is an `Option`, \
                 `None` leaves the parameter out, and `Default` leaves them all out \
                 (`&OpenContractsQuery { limit: Some(20), ..Default::default() }`). Enum \
                 fields are sent as their wire value (their `Display`).",
                &[],
                client::generate_params(&ops)?,
            )?,
        ),
        (
            out.join("paths.rs"),
            render(
                root,
                "One pure URL builder per operation of `paths`: path parameters are arguments, \
                 query parameters come in the operation's struct of `crate::params`; both are \
                 percent-encoded, absent query parameters are left out.",
                &[],
                client::generate_paths(&ops)?,
            )?,
        ),
        (
            out.join("client.rs"),
            render(
                root,
                "The browser client: one method per operation of `paths`, over gloo-net \
                 (feature `client`).",
                &[],
                client::generate_client(&ops)?,
            )?,
        ),
    ])
}

/// Header + prettyplease + rustfmt (so `cargo fmt --check` agrees with the checked-in files).
fn render(root: &Path, what: &str, inner_attrs: &[&str], file: syn::File) -> Result<String> {
    let mut header = String::from(
        "//! GENERATED by `cargo xtask codegen` from `openapi/stargate.yaml`. DO NOT EDIT: \
         change the spec (or xtask) and regenerate.\n//!\n",
    );
    for line in what.lines() {
        header.push_str(&format!("//! {line}\n").replace("//! \n", "//!\n"));
    }
    for attr in inner_attrs {
        header.push_str(attr);
        header.push('\n');
    }
    let header: syn::File = syn::parse_str(&header).context("bad generated header")?;
    let file = syn::File {
        attrs: header.attrs,
        ..file
    };
    rustfmt(root, &spaced(&prettyplease::unparse(&file)))
}

/// prettyplease puts top-level items right after each other: add a blank line after the
/// file header, after the `use` block and after every top-level item.
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let after_header = previous.starts_with("//!") || previous.starts_with("#![");
        let header = line.starts_with("//!") || line.starts_with("#![");
        let after_uses = previous.starts_with("use ") && !line.starts_with("use ");
        let after_item = previous == "}"
            || previous == "    }"
            || (previous.ends_with(';') && !previous.starts_with(' '));
        if !line.is_empty()
            && !previous.is_empty()
            && ((after_header && !header)
                || after_uses
                || (after_item && !line.starts_with("use ")))
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

fn rustfmt(root: &Path, code: &str) -> Result<String> {
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run rustfmt (rustup component add rustfmt)")?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(code.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).context("rustfmt output is not UTF-8")
}
