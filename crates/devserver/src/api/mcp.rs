//! The backend's pages for agent builders (`/mcp/docs`, `/mcp/SKILL.md`, `/mcp/starlight_sdk.sh`)
//! as short stand-ins. The explorer links to them and nginx proxies `/mcp/` to the backend, so
//! `make run` and the nginx tests find something there; the real pages are the Go backend's
//! (`backend/mcp/`), and each stand-in says so.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

const DOCS: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Stargate MCP</title></head>\n<body><h1>Stargate MCP</h1><p>The devserver's stand-in for the backend's MCP documentation: \
the Stargate backend serves the real page here, with its tools, the <a href=\"/mcp/SKILL.md\">skill file</a> \
and the <a href=\"/mcp/starlight_sdk.sh\">SDK script</a>.</p></body></html>\n";

const SKILL: &str = "# Stargate skill (devserver stand-in)\n\nThe Stargate backend serves the real skill file for agents here.\n";

const SDK: &str = "#!/bin/sh\n# Stargate SDK (devserver stand-in): the Stargate backend serves the real script here.\nexit 1\n";

pub async fn docs() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], DOCS)
}

pub async fn skill() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/markdown; charset=utf-8")], SKILL)
}

pub async fn sdk() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/x-shellscript; charset=utf-8")], SDK)
}
