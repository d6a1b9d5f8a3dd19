//! Hand-written (not generated): the limits of every exchange the generated client makes.
//!
//! * **Time**: an answer (headers and body) must arrive within the client's timeout
//!   ([`crate::limits::DEFAULT_TIMEOUT_MS`] unless set); after that the request is aborted and
//!   the call fails with [`ApiError::Network`] ("no answer within 30 s"), so a hung backend is
//!   an error with a Retry, never an endless spinner.
//! * **Size**: a body is read in chunks and given up at [`crate::limits::MAX_ANSWER_BYTES`]
//!   (a `Content-Length` over it is refused before reading), so a hostile or broken answer
//!   cannot fill the tab's memory.
//! * **Cancellation**: the caller's abort signal (the component went away) still aborts the
//!   request: it is forwarded to the request's own controller, which the timeout also uses.

use futures::future::{select, Either};
use gloo_net::http::{Request, Response};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader};

use crate::error::ApiError;
use crate::limits::{over_size_cap, timed_out_message, too_large_message, MAX_ANSWER_BYTES};
use crate::progress::describe_js_error;

/// An answer as it came, before it is decoded.
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub text: String,
}

/// One request's abort controller: aborted by the caller's signal or when the time is up.
pub(crate) struct Limit {
    controller: Option<AbortController>,
    forward: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    timeout_ms: u32,
}

impl Limit {
    /// A controller for one request, following `outer` (the caller's signal), if any.
    pub fn new(outer: Option<&AbortSignal>, timeout_ms: u32) -> Self {
        let controller = AbortController::new().ok();
        let forward = match (outer, &controller) {
            (Some(outer), Some(own)) if outer.aborted() => {
                own.abort();
                None
            }
            (Some(outer), Some(own)) => {
                let own = own.clone();
                let callback = Closure::<dyn FnMut()>::new(move || own.abort());
                outer
                    .add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref())
                    .ok()
                    .map(|()| (outer.clone(), callback))
            }
            _ => None,
        };
        Self {
            controller,
            forward,
            timeout_ms,
        }
    }

    /// The signal to give the request.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// Sends `request` and reads its answer within the time limit; the request is aborted when
    /// the time is up.
    pub async fn exchange(self, request: Request) -> Result<Answer, ApiError> {
        self.within(receive(request)).await
    }

    /// Sends `request` and reads its answer as bytes, within the time and size limits.
    pub async fn exchange_bytes(self, request: Request) -> Result<Bytes, ApiError> {
        self.within(receive_bytes(request)).await
    }

    async fn within<T>(
        self,
        answer: impl std::future::Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        let answer = Box::pin(answer);
        let timer = gloo_timers::future::TimeoutFuture::new(self.timeout_ms);
        match select(answer, timer).await {
            Either::Left((answer, _)) => answer,
            Either::Right(_) => {
                if let Some(c) = &self.controller {
                    c.abort();
                }
                Err(ApiError::Network(timed_out_message(self.timeout_ms)))
            }
        }
    }
}

impl Drop for Limit {
    fn drop(&mut self) {
        if let Some((outer, callback)) = self.forward.take() {
            let _ = outer
                .remove_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        }
    }
}

/// The answer to `request` (the one the page fetched before the app started, else a new
/// exchange), its body read within the size cap.
async fn receive(request: Request) -> Result<Answer, ApiError> {
    let response = crate::first_answers::send(request)
        .await
        .map_err(ApiError::Network)?;
    let status = response.status();
    let headers = response.headers();
    let content_type = headers.get("content-type");
    let retry_after = headers.get("retry-after");
    if over_size_cap(headers.get("content-length").as_deref()) {
        return Err(ApiError::Decode {
            status,
            message: too_large_message(),
        });
    }
    let text = read_capped(&response, status).await?;
    Ok(Answer {
        status,
        content_type,
        retry_after,
        text,
    })
}

/// An answer read as bytes (an image), before anything reads it.
pub(crate) struct Bytes {
    pub status: u16,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The answer to `request` as bytes, read within the size cap.
async fn receive_bytes(request: Request) -> Result<Bytes, ApiError> {
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let headers = response.headers();
    if over_size_cap(headers.get("content-length").as_deref()) {
        return Err(ApiError::Decode {
            status,
            message: too_large_message(),
        });
    }
    Ok(Bytes {
        status,
        content_type: headers.get("content-type"),
        bytes: read_bytes_capped(&response, status).await?,
    })
}

/// The body as text (lossy UTF-8, as `Response.text()`), given up past [`MAX_ANSWER_BYTES`].
async fn read_capped(response: &Response, status: u16) -> Result<String, ApiError> {
    let bytes = read_bytes_capped(response, status).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The body, given up past [`MAX_ANSWER_BYTES`].
async fn read_bytes_capped(response: &Response, status: u16) -> Result<Vec<u8>, ApiError> {
    let network = |e: JsValue| ApiError::Network(describe_js_error(&e));
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
        if Reflect::get(&chunk, &JsValue::from_str("done"))
            .map_err(network)?
            .is_truthy()
        {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(network)?
            .unchecked_into();
        let start = bytes.len();
        let length = value.length() as usize;
        if start + length > MAX_ANSWER_BYTES {
            let _ = reader.cancel();
            return Err(ApiError::Decode {
                status,
                message: too_large_message(),
            });
        }
        bytes.resize(start + length, 0);
        value.copy_to(&mut bytes[start..]);
    }
    Ok(bytes)
}
