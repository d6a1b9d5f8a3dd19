//! Serving a built explorer (`--dist`), mirroring the Go binary (§5.1): an existing file is served
//! as is; other paths outside the API prefixes get `index.html`, except paths with an extension
//! other than `.html`, which are 404.

use std::path::{Path, PathBuf};

use axum::extract::State as S;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::api::{method_not_allowed, not_found, State};

/// Prefixes that never fall back to the SPA.
pub const API_PREFIXES: &[&str] = &[
    "/api/",
    "/bitcoin/",
    "/content/",
    "/uploads/",
    "/sandbox/",
    "/dev/",
];

/// MIME type of a file name (Go's table for the types a Trunk build emits).
pub fn mime_of(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "xml" => "text/xml; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// The file under `dist` a URL path names (a directory means its `index.html`); `..` never
/// escapes `dist`.
fn resolve(dist: &Path, path: &str) -> Option<PathBuf> {
    let mut p = dist.to_path_buf();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') => return None,
            s => p.push(s),
        }
    }
    if p.is_dir() {
        p.push("index.html");
    }
    p.is_file().then_some(p)
}

async fn file(path: &Path) -> Response {
    match tokio::fs::read(path).await {
        Ok(bytes) => {
            let mut res = ([(header::CONTENT_TYPE, mime_of(path))], bytes).into_response();
            if path.file_name().is_some_and(|n| n == "index.html") {
                res.headers_mut().insert(
                    header::CACHE_CONTROL,
                    header::HeaderValue::from_static("no-cache"),
                );
            }
            res
        }
        Err(_) => not_found(),
    }
}

/// Router fallback: static files, SPA routes, and `404 page not found` for unknown API paths.
pub async fn fallback(S(state): State, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if API_PREFIXES
        .iter()
        .any(|p| path.starts_with(p) || path == p.trim_end_matches('/'))
    {
        return not_found();
    }
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed().await;
    }
    let Some(dist) = &state.dist else {
        return not_found();
    };
    if let Some(f) = resolve(dist, path) {
        return file(&f).await;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if let Some((_, ext)) = last.rsplit_once('.') {
        if !ext.eq_ignore_ascii_case("html") {
            return not_found();
        }
    }
    match resolve(dist, "/index.html") {
        Some(index) => file(&index).await,
        None => (StatusCode::NOT_FOUND, "index.html missing from --dist\n").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_dist() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/index.html"), "y").unwrap();
        assert_eq!(
            resolve(dir.path(), "/"),
            Some(dir.path().join("index.html"))
        );
        assert_eq!(
            resolve(dir.path(), "/sub"),
            Some(dir.path().join("sub/index.html"))
        );
        assert_eq!(resolve(dir.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/nope.js"), None);
        assert_eq!(mime_of(Path::new("a/app_bg.wasm")), "application/wasm");
    }
}
