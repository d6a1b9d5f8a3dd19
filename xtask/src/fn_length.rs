//! The size rule: no `fn` in the app's `src/` over [`MAX_LINES`] lines of code, `#[component]`
//! functions included. Clippy's `too_many_lines` cannot see those (it skips proc-macro output,
//! and `#[component]` rewrites the function), so this reads the source with `syn` instead.
//!
//! A function's lines are counted the way clippy counts them: from `fn` to the closing brace,
//! blank lines and comment-only lines left out. A function inside another counts for both.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The most lines of code a function may have (`clippy.toml` says the same to clippy).
pub const MAX_LINES: usize = 120;

/// One function over the limit.
#[derive(Debug, PartialEq)]
pub struct TooLong {
    pub file: PathBuf,
    pub name: String,
    pub line: usize,
    pub lines: usize,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: fn {} has {} lines of code (at most {MAX_LINES})",
            self.file.display(),
            self.line,
            self.name,
            self.lines
        )
    }
}

/// The lines of code of every function in `source`, as (name, first line, lines).
pub fn functions(source: &str) -> Result<Vec<(String, usize, usize)>> {
    let file = syn::parse_file(source).context("not valid Rust")?;
    let lines: Vec<&str> = source.lines().collect();
    let mut visitor = Functions {
        lines: &lines,
        found: Vec::new(),
    };
    visitor.visit_file(&file);
    Ok(visitor.found)
}

struct Functions<'a> {
    lines: &'a [&'a str],
    found: Vec<(String, usize, usize)>,
}

impl Functions<'_> {
    fn record(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        // 1-based, both ends included
        let first = sig.fn_token.span().start().line;
        let last = block.span().end().line;
        let code = self.lines[first.saturating_sub(1)..last.min(self.lines.len())]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .count();
        self.found.push((name.to_string(), first, code));
    }
}

impl<'ast> Visit<'ast> for Functions<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.record(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.record(&f.sig.ident, &f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

/// Every function over the limit in the `.rs` files under `dir`.
pub fn check(dir: &Path) -> Result<Vec<TooLong>> {
    let mut too_long = Vec::new();
    for file in rust_files(dir)? {
        let source =
            std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
        let found = functions(&source).with_context(|| format!("{}", file.display()))?;
        too_long.extend(
            found
                .into_iter()
                .filter(|(_, _, lines)| *lines > MAX_LINES)
                .map(|(name, line, lines)| TooLong {
                    file: file.clone(),
                    name,
                    line,
                    lines,
                }),
        );
    }
    Ok(too_long)
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A function of `body` lines of code, between comments and blank lines.
    fn long_fn(name: &str, body: usize) -> String {
        let mut text = format!("/// doc\n#[component]\nfn {name}() -> impl IntoView {{\n\n");
        for i in 0..body {
            text += &format!("    // why\n    let a{i} = {i};\n\n");
        }
        text += "}\n";
        text
    }

    #[test]
    fn counts_code_lines_from_fn_to_the_closing_brace() {
        // `fn` line + body + closing brace
        let found = functions(&long_fn("Small", 10)).unwrap();
        assert_eq!(found, vec![("Small".to_owned(), 3, 12)]);
    }

    #[test]
    fn sees_components_methods_and_nested_functions() {
        let source = format!(
            "{}\nimpl X {{\n    fn method(&self) {{\n        fn inner() {{}}\n    }}\n}}\n",
            long_fn("Big", MAX_LINES)
        );
        let found = functions(&source).unwrap();
        let names: Vec<&str> = found.iter().map(|(n, ..)| n.as_str()).collect();
        assert_eq!(names, ["Big", "method", "inner"]);
        assert!(found[0].2 > MAX_LINES);
        assert_eq!(found[1].2, 3);
    }

    /// The rule itself, over the app's `src/`: fails naming every function over the limit.
    #[test]
    fn no_function_in_src_is_over_the_limit() {
        let too_long = check(&crate::workspace_root().join("src")).unwrap();
        let names: Vec<String> = too_long.iter().map(ToString::to_string).collect();
        assert!(names.is_empty(), "\n{}", names.join("\n"));
    }
}
