//! The devserver's modules import each other as a tree: no cycle between them. The graph is
//! built from the crate's own sources: a module (one file) depends on another when its code,
//! outside its `#[cfg(test)]` module, names a path into it (`use crate::…`, `use super::…`,
//! `crate::x::f()`, a child's `x::…`). `mod` declarations are not edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `src/lib.rs` is `crate`.
fn module_name(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    if parts.is_empty() {
        "crate".into()
    } else {
        parts.join("::")
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code that counts: comments dropped, the test module (always last) cut off.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|n| n.trim_start().starts_with("mod tests"))
        {
            break;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim();
        return vec![path.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |s| format!("{prefix}{s}")))
        .collect()
}

/// The paths a module's code names: every `use` tree expanded, and every `crate::…`,
/// `super::…`, `self::…` or `<child>::…` path elsewhere.
fn paths_of(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = String::new();
    let mut chunks = code.split(';').peekable();
    while let Some(chunk) = chunks.next() {
        let t = chunk.trim_start();
        let t = t.strip_prefix("pub ").unwrap_or(t);
        let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
        if let Some(tree) = t.strip_prefix("use ") {
            paths.extend(expand(tree));
        } else {
            rest.push_str(chunk);
            rest.push(';');
        }
        let _ = chunks.peek();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let bytes: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if word(bytes[i]) && (i == 0 || !(word(bytes[i - 1]) || bytes[i - 1] == ':')) {
            let mut j = i;
            while j < bytes.len() && (word(bytes[j]) || bytes[j] == ':') {
                j += 1;
            }
            let path: String = bytes[i..j].iter().collect();
            let head = path.split("::").next().unwrap_or("");
            if path.contains("::")
                && (matches!(head, "crate" | "super" | "self") || children.contains(head))
            {
                paths.push(path);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    paths
}

/// The module a path names (the longest prefix that is a module), from module `at`.
fn resolve(path: &str, at: &str, children: &BTreeSet<String>, modules: &Graph) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").map(str::trim).collect();
    let mut base: Vec<&str> = if at == "crate" {
        vec![]
    } else {
        at.split("::").collect()
    };
    match segs.first().copied() {
        Some("crate") => {
            base.clear();
            segs.remove(0);
        }
        Some("self") => {
            segs.remove(0);
        }
        Some("super") => {
            while segs.first() == Some(&"super") {
                segs.remove(0);
                base.pop();
            }
        }
        Some(head) if children.contains(head) => {}
        _ => return None,
    }
    let full: Vec<&str> = base.into_iter().chain(segs).collect();
    (0..=full.len()).rev().find_map(|n| {
        let name = if n == 0 {
            "crate".to_string()
        } else {
            full[..n].join("::")
        };
        modules.contains_key(&name).then_some(name)
    })
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| f.file_name().is_some_and(|n| n != "main.rs"));
    let names: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|f| (module_name(&src, &f), f))
        .collect();
    let mut graph: Graph = names
        .iter()
        .map(|(n, _)| (n.clone(), BTreeSet::new()))
        .collect();
    let modules = graph.clone();
    for (name, file) in &names {
        let prefix = if name == "crate" {
            String::new()
        } else {
            format!("{name}::")
        };
        let children: BTreeSet<String> = modules
            .keys()
            .filter_map(|m| m.strip_prefix(&prefix))
            .filter(|c| !c.is_empty() && !c.contains("::") && *c != "crate")
            .map(str::to_string)
            .collect();
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for path in paths_of(&code, &children) {
            if let Some(to) = resolve(&path, name, &children, &modules) {
                if &to != name {
                    graph.get_mut(name).unwrap().insert(to);
                }
            }
        }
    }
    graph
}

/// A cycle of the graph, if any, as `a -> b -> … -> a`.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in &graph[node] {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn use_trees_expand() {
    assert_eq!(
        expand("super::{a, b::{c, d as e}, f}"),
        ["super::a", "super::b::c", "super::b::d", "super::f"]
    );
    assert_eq!(expand("crate::x::Y as Z"), ["crate::x::Y"]);
}

#[test]
fn paths_resolve_to_the_longest_module_prefix() {
    let modules: Graph = ["crate", "api", "api::tasks", "compat", "contracts"]
        .into_iter()
        .map(|m| (m.to_string(), BTreeSet::new()))
        .collect();
    let none = BTreeSet::new();
    let r = |p: &str, at: &str| resolve(p, at, &none, &modules);
    assert_eq!(r("super::envelope_error", "api::tasks"), Some("api".into()));
    assert_eq!(
        r("crate::compat::rfc3339", "contracts"),
        Some("compat".into())
    );
    assert_eq!(
        r("crate::api::tasks::tasks", "crate"),
        Some("api::tasks".into())
    );
    assert_eq!(r("serde_json::Value", "api"), None);
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut g = Graph::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into()).or_default().insert(b.into());
        g.entry(b.into()).or_default();
    }
    assert_eq!(find_cycle(&g).unwrap().join(" -> "), "a -> b -> c -> a");
    g.get_mut("c").unwrap().remove("a");
    assert_eq!(find_cycle(&g), None);
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = graph();
    assert!(graph.len() > 20, "too few modules found: {graph:?}");
    // The reader sees real edges (a module that certainly imports another).
    assert!(graph["api::smart_contract::tasks"]
        .iter()
        .any(|m| m.starts_with("contracts")));
    if let Some(cycle) = find_cycle(&graph) {
        let edges: Vec<String> = graph
            .iter()
            .flat_map(|(a, bs)| bs.iter().map(move |b| format!("{a} -> {b}")))
            .filter(|e| std::env::var("MODULE_GRAPH").is_ok_and(|m| e.contains(&m)))
            .collect();
        panic!(
            "import cycle between the devserver's modules: {}\n(MODULE_GRAPH=<name> lists the edges naming it){}",
            cycle.join(" -> "),
            edges.iter().map(|e| format!("\n  {e}")).collect::<String>()
        );
    }
}
