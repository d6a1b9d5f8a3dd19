//! `/api/smart_contract/*`, the market: contracts and rework requests, proposals, tasks, claims,
//! submissions and events. Bare JSON answers, errors in the nested envelope. Routed as the
//! backend's `server.go` registers them: `authWrap` (a valid `X-API-Key` header for every method,
//! checked before the path and the method: 403, then 404/405) on contracts, tasks, claims and
//! submissions; `authWrapReadOnly` (GET public) on proposals and events. Both are route layers:
//! they wrap each route's method router, its 405 fallback included, and every path below an
//! area is a route (`{*rest}`), so the key is checked first.
//!
//! The paths below an area are dispatched by the handlers of `contracts`, `proposals` and
//! `tasks` as the Go handlers split them (`{id}/{action}/…`); the methods by method routers
//! whose 405 is the backend's. A new operation is one more route here and a thin handler in its
//! area's file, over a domain function in `crate::contracts`.

mod call;
mod contracts;
mod proposals;
mod tasks;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;

use super::auth::header_key;
use super::state::AppState;
use crate::compat::Refused;
use call::methods;

/// The routes below `/api/smart_contract`.
pub fn router(state: &Arc<AppState>) -> Router<Arc<AppState>> {
    let keyed = Router::new()
        .route("/contracts/{*rest}", contracts::routes())
        .route("/tasks", tasks::task_routes())
        .route("/tasks/", tasks::task_routes())
        .route("/tasks/{*rest}", tasks::task_routes())
        .route("/claims/", tasks::claim_routes())
        .route("/claims/{*rest}", tasks::claim_routes())
        .route("/submissions", tasks::submission_routes())
        .route("/submissions/", tasks::submission_routes())
        .route("/submissions/{*rest}", tasks::submission_routes())
        .route_layer(from_fn_with_state(state.clone(), require_key));
    let read_only = Router::new()
        .route("/proposals", proposals::routes())
        .route("/proposals/{*rest}", proposals::routes())
        .route("/events", methods(get(contracts::events)))
        .route_layer(from_fn_with_state(state.clone(), require_key_unless_get));
    Router::new()
        .merge(keyed)
        .merge(read_only)
        // Only `claims/` is registered in Go: its mux redirects the bare path there, keyless.
        .route("/claims", any(claims_redirect))
}

/// `authWrap`: a known key in the `X-API-Key` header (never the cookie or Bearer), else 403.
async fn require_key(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    match header_key(req.headers()) {
        Some(k) if state.api_keys.is_valid(&k) => next.run(req).await,
        _ => Refused::new(403, "invalid api key").into_response(),
    }
}

/// `authWrapReadOnly`: GET is public, every other method needs the key.
async fn require_key_unless_get(state: State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if req.method() == Method::GET {
        next.run(req).await
    } else {
        require_key(state, req, next).await
    }
}

async fn claims_redirect() -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, "/api/smart_contract/claims/")],
    )
        .into_response()
}
