//! What the market's handlers share: the request as the Go handlers see it ([`Call`]), the
//! store runners, the wallet of the key, and the backend's 405.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::RequestExt;

use crate::api::auth::header_key;
use crate::api::state::{AppState, Params};
use crate::compat::{Outcome, Refused};
use crate::contracts::market::Market;

/// One request below an area's path, as the backend's `handleTasks`, `handleProposals`, … see
/// it. The same handler serves the collection path (`…/tasks`, where `path` is empty) and every
/// path below it (`…/tasks/{*rest}`).
pub struct Call {
    pub state: Arc<AppState>,
    pub headers: HeaderMap,
    pub query: HashMap<String, String>,
    /// The path below the collection, without leading or trailing `/`.
    pub path: String,
    pub body: Bytes,
}

impl Call {
    /// The `/`-separated parts of `path` (one empty part for the collection itself).
    pub fn parts(&self) -> Vec<&str> {
        self.path.split('/').collect()
    }

    /// The first part: the id of `{id}/…` (empty for the collection).
    pub fn id(&self) -> String {
        self.parts()[0].to_string()
    }

    /// The part after the id (`{id}/{action}`), if any.
    pub fn action(&self) -> Option<&str> {
        self.parts().get(1).copied()
    }

    /// The wallet bound to this request's header key, if any.
    pub fn wallet(&self) -> Option<String> {
        header_key(&self.headers).and_then(|k| self.state.api_keys.wallet_for_key(&k))
    }

    /// Runs a market call off the async threads.
    pub async fn run<T, F>(&self, f: F) -> Outcome<T>
    where
        T: Send + 'static,
        F: FnOnce(&Market) -> Outcome<T> + Send + 'static,
    {
        let market = self.state.market.clone();
        tokio::task::spawn_blocking(move || f(&market))
            .await
            .unwrap_or_else(|e| Err(Refused::new(500, e.to_string())))
    }

    /// Runs a market change off the async threads in one transaction, committed only when it
    /// answers a value (all or nothing).
    pub async fn transact<T, F>(&self, f: F) -> Outcome<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Outcome<T> + Send + 'static,
    {
        self.run(move |s| s.in_transaction(f)).await
    }
}

/// Extracted as the handlers did it one by one: the path (a bad one is axum's 400), the
/// lenient query, then the body.
impl FromRequest<Arc<AppState>> for Call {
    type Rejection = Response;

    async fn from_request(mut req: Request, state: &Arc<AppState>) -> Result<Self, Response> {
        let rest: Option<Path<String>> = req
            .extract_parts()
            .await
            .map_err(IntoResponse::into_response)?;
        let Query(query): Params = req
            .extract_parts()
            .await
            .map_err(IntoResponse::into_response)?;
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let path = rest.map_or_else(String::new, |Path(p)| p.trim_matches('/').to_string());
        Ok(Call {
            state: state.clone(),
            headers,
            query,
            path,
            body,
        })
    }
}

/// A method router answering the backend's 405 for the methods it does not route (HEAD too,
/// which axum would otherwise answer with the GET handler).
pub fn methods(routes: MethodRouter<Arc<AppState>>) -> MethodRouter<Arc<AppState>> {
    routes.head(method_not_allowed).fallback(method_not_allowed)
}

async fn method_not_allowed() -> Refused {
    Refused::new(405, "method not allowed")
}
