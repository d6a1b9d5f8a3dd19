//! Hand-written (not generated): the answers fetched before the code that reads them ran.
//!
//! `index.html` preloads the node's health and the newest block summaries, and its first-screen
//! script (`web/first-screen.js`) takes those answers to draw the rail's first cards while the
//! wasm is still downloading. A preloaded answer can be taken once, so the script keeps each one
//! in `window.stargateFirstAnswers` (absolute URL → `Promise<Response>`), and the first GET the
//! client sends for that URL takes it from there instead of asking again. Every later request
//! for the URL goes to the network as usual.
//!
//! The app keeps answers there the same way ([`keep_answer`]): a lazy page's first GETs, sent
//! when its route is entered, while the page's code is still downloading.

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
    let answers = handoff()?;
    let url = JsValue::from_str(&request.url());
    let answer = answers.get(&url);
    answers
        .delete(&url)
        .then(|| answer.dyn_into().ok())
        .flatten()
}

/// The map of kept answers, if there is one.
fn handoff() -> Option<js_sys::Map> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(HANDOFF))
        .ok()?
        .dyn_into()
        .ok()
}

/// A GET whose answer is kept for the first request of its URL (see [`keep_answer`]).
pub struct Kept {
    url: JsValue,
    answer: js_sys::Promise,
}

/// Sends a GET of `url` as the client sends the GETs of operations that read no key
/// (credentials included, `Accept: application/json`), aborted with `signal`, and keeps its
/// answer for the client's first request of the URL, which takes it instead of asking again.
/// `None` when the request could not be made (it is then simply not kept).
pub fn keep_answer(url: &str, signal: Option<&web_sys::AbortSignal>) -> Option<Kept> {
    let request: web_sys::Request = Request::get(url)
        .credentials(web_sys::RequestCredentials::Include)
        .header("Accept", "application/json")
        .abort_signal(signal)
        .build()
        .ok()?
        .into();
    let answer = web_sys::window()?.fetch_with_request(&request);
    let answers = match handoff() {
        Some(answers) => answers,
        None => {
            let answers = js_sys::Map::new();
            js_sys::Reflect::set(&js_sys::global(), &JsValue::from_str(HANDOFF), &answers).ok()?;
            answers
        }
    };
    let url = JsValue::from_str(&request.url());
    answers.set(&url, &answer);
    Some(Kept { url, answer })
}

impl Kept {
    /// Is the answer still kept (not taken by a request, not forgotten or replaced)?
    pub fn is_kept(&self) -> bool {
        handoff().is_some_and(|answers| answers.get(&self.url) == **self.answer)
    }

    /// Stops keeping the answer, if it still is: the next request of the URL asks the network.
    pub fn forget(&self) {
        if let (true, Some(answers)) = (self.is_kept(), handoff()) {
            answers.delete(&self.url);
        }
    }

    /// The answer's HTTP status once it came; `None` when none came (the request failed or was
    /// aborted).
    pub fn status(&self) -> impl std::future::Future<Output = Option<u16>> + 'static {
        let answer = wasm_bindgen_futures::JsFuture::from(self.answer.clone());
        async move {
            let response = answer.await.ok()?.dyn_into::<web_sys::Response>().ok()?;
            Some(response.status())
        }
    }
}
