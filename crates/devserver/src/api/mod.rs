//! The HTTP API, one file per endpoint family, with the Go backend's real shapes and quirks.
//! Bodies are serialised with the generated types of the `stargate-api` crate.

pub mod auth;
pub mod blocks;
pub mod content;
pub mod contracts;
pub mod dev;
pub mod extract;
pub mod health;
pub mod inscribe;
pub mod mcp;
pub mod search;
pub mod smart_contract;
pub mod state;
pub mod wallet;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::handler::Handler;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;

use crate::compat::{envelope_method_not_allowed, method_not_allowed, plain_error};
use state::AppState;

/// All routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/bitcoin/v1/health", plain_405(get(health::node_health)))
        .route(
            "/bitcoin/v1/extract",
            post(extract::extract_message)
                .fallback(extract::not_post)
                .layer(DefaultBodyLimit::max(extract::MAX_FORM_BYTES)),
        )
        .route("/api/health", plain_405(get(health::api_health)))
        .route(
            "/api/data/block-summaries",
            plain_405(get(blocks::summaries)),
        )
        .route(
            "/api/data/block-inscriptions/{height}",
            plain_405(get(blocks::inscriptions)),
        )
        .route("/content/{txid}", plain_405(get(content::content)))
        .route(
            "/api/block-image/{height}",
            get(content::block_image_no_file),
        )
        .route(
            "/api/block-image/{height}/{file}",
            get(content::block_image),
        )
        .route("/uploads/{name}", get(content::upload))
        .route("/api/open-contracts", get(contracts::open_contracts))
        .route("/api/smart-contracts", get(contracts::open_contracts))
        .route("/api/contracts-confirmed", get(contracts::open_contracts))
        .route(
            "/api/data/contracts-with-pagination",
            get(contracts::open_contracts),
        )
        .route("/api/search", get(search::search))
        // The Go handlers check the method themselves (405 in shape A), after the API key.
        .route(
            "/api/inscribe",
            post(inscribe::inscribe)
                .fallback(envelope_method_not_allowed)
                .layer(from_fn_with_state(state.clone(), auth::require_api_key)),
        )
        .route("/api/auth/login", post_only(auth::login))
        .route("/api/auth/logout", any(auth::logout))
        .route("/api/auth/challenge", post_only(wallet::challenge))
        .route("/api/auth/verify", post_only(wallet::verify))
        .nest("/api/smart_contract", smart_contract::router(&state))
        .route("/dev/mine", plain_405(post(dev::mine)))
        .route("/config.json", get(dev::config_json))
        .route("/mcp/docs", get(mcp::docs))
        .route("/mcp/SKILL.md", get(mcp::skill))
        .route("/mcp/starlight_sdk.sh", get(mcp::sdk))
        .fallback(crate::spa::fallback)
        .with_state(state)
        .layer(axum::middleware::from_fn(cors))
        .layer(axum::middleware::from_fn(content::go_security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            plain_error(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
        }))
}

/// The plain 405 for the methods `routes` does not route.
fn plain_405(routes: MethodRouter<Arc<AppState>>) -> MethodRouter<Arc<AppState>> {
    routes.fallback(method_not_allowed)
}

/// POST, else the 405 in shape A.
fn post_only<H, T>(handler: H) -> MethodRouter<Arc<AppState>>
where
    H: Handler<T, Arc<AppState>>,
    T: 'static,
{
    post(handler).fallback(envelope_method_not_allowed)
}

const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS, PATCH";
const ALLOW_HEADERS: &str =
    "Accept, Content-Type, Content-Length, Accept-Encoding, Authorization, X-API-Key, X-Requested-With";

/// The middleware's headers; those a handler set itself stay (Go's handlers that call
/// `EnableCORS` overwrite the middleware's, as `/bitcoin/v1/extract` does).
fn add_cors(headers: &mut HeaderMap, origin: HeaderValue) {
    headers
        .entry(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .or_insert(origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers
        .entry(header::ACCESS_CONTROL_ALLOW_METHODS)
        .or_insert(HeaderValue::from_static(ALLOW_METHODS));
    headers
        .entry(header::ACCESS_CONTROL_ALLOW_HEADERS)
        .or_insert(HeaderValue::from_static(ALLOW_HEADERS));
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The Go `middleware.CORS`: echo the Origin (or `*`), allow credentials; OPTIONS → 200.
async fn cors(req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("*"));
    let mut res = if req.method() == Method::OPTIONS {
        StatusCode::OK.into_response()
    } else {
        next.run(req).await
    };
    add_cors(res.headers_mut(), origin);
    res
}
