//! The backend store's proposal validation (`ValidateProposalInput`): lengths, "dangerous
//! patterns", metadata size and depth, the pixel hash format, task budgets. Its messages are
//! kept word for word; the caller prefixes `proposal validation failed: `.
//!
//! The backend REFUSES text matching a few patterns (it does not sanitise what it stores), and
//! those patterns are easy to slip past (`<script>` without its closing tag, `onmouseover=`,
//! `<img src=…>`), so stored proposals stay hostile: the explorer must render them safely.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};
use stargate_api::{Proposal, Task};

use super::plan::meta_str;

const MAX_TITLE: usize = 500;
const MAX_DESCRIPTION: usize = 10_000;
const MAX_TASK_TITLE: usize = 200;
const MAX_TASK_DESCRIPTION: usize = 5_000;
const MAX_METADATA_BYTES: usize = 1 << 20;
const MAX_DEPTH: usize = 10;

/// The backend's patterns (RE2 syntax, which the `regex` crate shares: `.` stops at `\n`).
static DANGEROUS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]",
        r"(?i)<script[^>]*>.*?</script>",
        r"(?i)<iframe[^>]*>.*?</iframe>",
        r"(?i)<object[^>]*>.*?</object>",
        r"(?i)<embed[^>]*>.*?</embed>",
        r"(?i)javascript:",
        r"(?i)vbscript:",
        r"(?i)onload\s*=",
        r"(?i)onerror\s*=",
        r"(?i)onclick\s*=",
        r"\.\./",
        r"\.\\",
        r"(?i)%2e%2e%2f",
        r"(?i)%2e%2e%5c",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

/// `SanitizeInput`'s verdict: does the text contain one of the refused patterns?
pub fn is_dangerous(text: &str) -> bool {
    DANGEROUS.iter().any(|re| re.is_match(text))
}

/// `ValidatePixelHashFormat`: even-length hex (Go's `hex.DecodeString`), 8–128 characters.
pub fn pixel_hash_error(hash: &str) -> Option<String> {
    let hash = hash.trim();
    if hash.is_empty() {
        return Some("visible pixel hash cannot be empty".into());
    }
    if !hash.len().is_multiple_of(2) || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("visible pixel hash must be valid hexadecimal string".into());
    }
    if !(8..=128).contains(&hash.len()) {
        return Some(format!(
            "visible pixel hash length {} is invalid (8-128 characters expected)",
            hash.len()
        ));
    }
    None
}

fn text_error(what: &str, text: &str, max: usize) -> Option<String> {
    if text.is_empty() {
        None
    } else if text.len() > max {
        Some(format!(
            "{what} length {} exceeds maximum {max}",
            text.len()
        ))
    } else if is_dangerous(text) {
        Some(format!("{what} contains dangerous patterns"))
    } else {
        None
    }
}

/// `estimateValueSize`: strings by bytes, scalars 8, `null` 16, containers summed.
fn estimated_size(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Number(_) | Value::Bool(_) => 8,
        Value::Null => 16,
        Value::Array(a) => a.iter().map(estimated_size).sum(),
        Value::Object(o) => o.iter().map(|(k, v)| k.len() + estimated_size(v)).sum(),
    }
}

fn depth_error(v: &Value, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return Some(format!("JSON depth {depth} exceeds maximum {MAX_DEPTH}"));
    }
    match v {
        Value::Array(a) => a.iter().find_map(|v| depth_error(v, depth + 1)),
        Value::Object(o) => o.values().find_map(|v| depth_error(v, depth + 1)),
        _ => None,
    }
}

fn metadata_error(meta: &Map<String, Value>) -> Option<String> {
    let size: usize = meta.iter().map(|(k, v)| k.len() + estimated_size(v)).sum();
    if size > MAX_METADATA_BYTES {
        return Some(format!(
            "metadata validation failed: metadata size {size} exceeds maximum {MAX_METADATA_BYTES} bytes"
        ));
    }
    if let Some(e) = meta.values().find_map(|v| depth_error(v, 1)) {
        return Some(format!("metadata JSON depth validation failed: {e}"));
    }
    // Only top-level strings are checked (the backend's loop), in key order.
    meta.iter()
        .find(|(_, v)| v.as_str().is_some_and(is_dangerous))
        .map(|(k, _)| format!("metadata field '{k}' contains dangerous patterns"))
}

fn task_error(i: usize, t: &Task) -> Option<String> {
    if t.budget_sats <= 0 {
        return Some(format!(
            "task {} ({}) must have a positive budget_sats",
            i + 1,
            t.title
        ));
    }
    text_error("task title", &t.title, MAX_TASK_TITLE)
        .or_else(|| text_error("task description", &t.description, MAX_TASK_DESCRIPTION))
        .map(|e| format!("task {} validation failed: {e}", i + 1))
}

/// `ValidateProposalInput`, without the `proposal validation failed: ` prefix.
pub fn proposal_error(p: &Proposal) -> Option<String> {
    if let Some(e) = text_error("proposal title", &p.title, MAX_TITLE)
        .or_else(|| text_error("proposal description", &p.description_md, MAX_DESCRIPTION))
        .or_else(|| metadata_error(&p.metadata))
    {
        return Some(e);
    }
    let own_hash = p.visible_pixel_hash.as_deref();
    let hash = [meta_str(&p.metadata, "visible_pixel_hash"), own_hash]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|h| !h.is_empty());
    match hash {
        Some(h) => {
            if let Some(e) = pixel_hash_error(h) {
                return Some(format!("visible pixel hash validation failed: {e}"));
            }
        }
        None if p.metadata.get("image_scan_data").is_none_or(Value::is_null) => {
            return Some("proposals must include image scan metadata (valid visible_pixel_hash or image_scan_data in metadata)".into());
        }
        None => {}
    }
    p.tasks
        .iter()
        .enumerate()
        .find_map(|(i, t)| task_error(i, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backends_patterns_and_what_slips_past_them() {
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT src=x></script>",
            "[x](JavaScript:alert(1))",
            "<img onerror = alert(1)>",
            "../etc/passwd",
            "bell\x07",
            "%2E%2e%2F",
        ] {
            assert!(is_dangerous(bad), "{bad:?}");
        }
        for passes in [
            "<script>\nalert(1)\n</script>",
            "<script>alert(1)",
            "<img src=https://evil.example/p.png onmouseover=alert(1)>",
            "tab\tnew\nline\r",
            "\u{202e}bidi\u{200b}",
        ] {
            assert!(!is_dangerous(passes), "{passes:?}");
        }
    }

    #[test]
    fn pixel_hashes_are_even_hex_of_8_to_128() {
        assert_eq!(pixel_hash_error("ab12cd34"), None);
        assert!(pixel_hash_error("abc").unwrap().contains("hexadecimal"));
        assert!(pixel_hash_error("zz12cd34")
            .unwrap()
            .contains("hexadecimal"));
        assert!(pixel_hash_error("ab12").unwrap().contains("length 4"));
        assert!(pixel_hash_error(" ").unwrap().contains("empty"));
    }

    fn proposal(title: &str, hash: Option<&str>) -> Proposal {
        Proposal {
            id: "p".into(),
            title: title.into(),
            description_md: String::new(),
            visible_pixel_hash: hash.map(str::to_string),
            budget_sats: 1,
            status: "pending".into(),
            created_at: String::new(),
            tasks: vec![],
            metadata: Map::new(),
        }
    }

    #[test]
    fn proposals_are_checked_in_the_backends_order() {
        assert_eq!(proposal_error(&proposal("ok", Some("ab12cd34"))), None);
        assert_eq!(
            proposal_error(&proposal("<script>x</script>", Some("zz"))).unwrap(),
            "proposal title contains dangerous patterns"
        );
        assert!(proposal_error(&proposal("ok", None))
            .unwrap()
            .starts_with("proposals must include image scan metadata"));
        let mut p = proposal("ok", Some("ab12cd34"));
        p.metadata.insert("note".into(), "javascript:x".into());
        assert_eq!(
            proposal_error(&p).unwrap(),
            "metadata field 'note' contains dangerous patterns"
        );
        let mut p = proposal("ok", Some("ab12cd34"));
        let mut deep = Value::Null;
        for _ in 0..12 {
            deep = Value::Array(vec![deep]);
        }
        p.metadata.insert("deep".into(), deep);
        assert!(proposal_error(&p)
            .unwrap()
            .contains("JSON depth 11 exceeds maximum 10"));
        let mut p = proposal("ok", Some("ab12cd34"));
        let mut t = crate::contracts::plan::tasks_from_markdown("p", "x", "", 0, "").remove(0);
        p.tasks = vec![t.clone()];
        assert_eq!(
            proposal_error(&p).unwrap(),
            "task 1 (Comprehensive Implementation) must have a positive budget_sats"
        );
        t.budget_sats = 5;
        t.title = "<iframe></iframe>".into();
        p.tasks = vec![t];
        assert_eq!(
            proposal_error(&p).unwrap(),
            "task 1 validation failed: task title contains dangerous patterns"
        );
    }
}
