//! Serving a built explorer (`--dist`), mirroring the Go binary (§5.1): an existing file is served
//! as is; other paths outside the API prefixes get `index.html`, except paths with an extension
//! other than `.html` (404) that are not the explorer's guide pages (`/docs/<name>.md`, also the
//! React frontend's addresses of its guide: app routes).
//!
//! Files are served by tower-http's `ServeDir`: content type from the extension, `HEAD`, ranges,
//! `Last-Modified`/`If-Modified-Since`, `..` refused, a directory redirected to its trailing `/`
//! and then answered with its `index.html` (as Go's `http.FileServer` does), and the `.gz` twin
//! that the build (`xtask/src/web/compress.rs`) writes beside the `.wasm`/`.js`/`.css`/`.svg` when the client
//! accepts gzip (like nginx's `gzip_static`). Ours: `index.html` is sent with
//! `Cache-Control: no-cache`, so a new build is picked up at the next load.

use std::path::Path;

use axum::extract::{Request, State as S};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

use crate::api::state::State;
use crate::compat::{internal_error, method_not_allowed, not_found};

/// Prefixes that never fall back to the SPA.
pub const API_PREFIXES: &[&str] = &[
    "/api/",
    "/bitcoin/",
    "/content/",
    "/uploads/",
    "/sandbox/",
    "/mcp/",
    "/dev/",
];

/// `/api/…` and friends. A bare prefix (`/sandbox`, a page in the React frontend's sitemap) is an
/// app route, as nginx.conf's `^~ /sandbox/` locations leave it to the app.
fn is_api_path(path: &str) -> bool {
    API_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The last segment has an extension other than `.html` (`/missing.js`): a missing file, not an
/// app route, so it is 404 rather than `index.html`. A guide page (`/docs/<name>.md`) is a route.
fn names_a_file(path: &str) -> bool {
    if is_guide_page(path) {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.eq_ignore_ascii_case("html"))
}

/// `/docs/<name>.md`: a page of the explorer's guide (nginx.conf has the same rule).
fn is_guide_page(path: &str) -> bool {
    path.strip_prefix("/docs/")
        .and_then(|name| name.strip_suffix(".md"))
        .is_some_and(|stem| !stem.is_empty() && !stem.contains('/'))
}

/// A copy of the request line and headers (`ServeDir` reads no body): the same request may go to
/// the SPA fallback after the file lookup.
fn head_of(request: &Request) -> axum::http::Request<()> {
    let mut copy = axum::http::Request::new(());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

fn no_cache(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Router fallback: static files, SPA routes, and `404 page not found` for unknown API paths.
pub async fn fallback(S(state): State, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if is_api_path(&path) {
        return not_found();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return method_not_allowed().await;
    }
    let Some(dist) = &state.dist else {
        return not_found();
    };
    let file = ServeDir::new(dist)
        .precompressed_gzip()
        .try_call(head_of(&request))
        .await;
    match file {
        Ok(found) if found.status() != StatusCode::NOT_FOUND => {
            // A path ending in `/` that was found is a directory's index.html.
            let is_index = path.ends_with('/') || path.ends_with("/index.html");
            let found = found.into_response();
            return if is_index { no_cache(found) } else { found };
        }
        Ok(_) => {}
        Err(e) => return internal_error(e),
    }
    if names_a_file(&path) {
        return not_found();
    }
    index_html(dist, request).await
}

/// The SPA's `index.html`, for an app route (`/block/5`).
async fn index_html(dist: &Path, request: Request) -> Response {
    let index = dist.join("index.html");
    if !index.is_file() {
        return (StatusCode::NOT_FOUND, "index.html missing from --dist\n").into_response();
    }
    match ServeFile::new(index).try_call(request).await {
        Ok(response) => no_cache(response.into_response()),
        Err(e) => internal_error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_never_fall_back() {
        for path in [
            "/api/x",
            "/bitcoin/v1/health",
            "/content/",
            "/uploads/a.png",
            "/dev/mine",
        ] {
            assert!(is_api_path(path), "{path}");
        }
        for path in [
            "/",
            "/apix",
            "/block/5",
            "/contents",
            "/devices/1",
            "/sandbox",
            "/api",
        ] {
            assert!(!is_api_path(path), "{path}");
        }
    }

    #[test]
    fn only_non_html_extensions_name_files() {
        for path in [
            "/missing.js",
            "/a/b.CSS",
            "/x.tar.gz",
            "/.env",
            "/a/..",
            "/x.md",
            "/docs/a/b.md",
            "/docs/.md",
            "/a/docs/x.md",
        ] {
            assert!(names_a_file(path), "{path}");
        }
        for path in [
            "/",
            "/docs/glossary.md",
            "/docs/USER_GUIDE.md",
            "/block/5",
            "/docs/page.html",
            "/A.HTML",
            "/v1.2/block",
            "/sub/",
        ] {
            assert!(!names_a_file(path), "{path}");
        }
    }
}
