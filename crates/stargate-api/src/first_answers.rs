//! Hand-written (not generated): the answers the page fetched before the app started.
//!
//! `index.html` preloads the node's health and the newest block summaries, and its first-screen
//! script (`web/first-screen.js`) takes those answers to draw the rail's first cards while the
//! wasm is still downloading. A preloaded answer can be taken once, so the script keeps each one
//! in `window.stargateFirstAnswers` (absolute URL → `Promise<Response>`), and the first GET the
//! client sends for that URL takes it from there instead of asking again. Every later request
//! for the URL goes to the network as usual.

use gloo_net::http::{Method, Request, Response};
use wasm_bindgen::{JsCast, JsValue};

use crate::progress::describe_js_error;

/// The global the first-screen script fills.
const HANDOFF: &str = "stargateFirstAnswers";

/// `request`'s answer: the one the page already fetched for it, else a new exchange.
pub(crate) async fn send(request: Request) -> Result<Response, String> {
    match take(&request) {
        Some(answer) => wasm_bindgen_futures::JsFuture::from(answer)
            .await
            .map_err(|e| describe_js_error(&e))?
            .dyn_into::<web_sys::Response>()
            .map(Response::from)
            .map_err(|_| "the page's first answer was not a response".to_owned()),
        None => request.send().await.map_err(|e| e.to_string()),
    }
}

/// Removes and returns the answer kept for a GET of `request`'s URL, if any.
fn take(request: &Request) -> Option<js_sys::Promise> {
    if request.method() != Method::GET {
        return None;
    }
    let answers = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(HANDOFF)).ok()?;
    let answers = answers.dyn_into::<js_sys::Map>().ok()?;
    let url = JsValue::from_str(&request.url());
    let answer = answers.get(&url);
    answers
        .delete(&url)
        .then(|| answer.dyn_into().ok())
        .flatten()
}
