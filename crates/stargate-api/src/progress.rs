//! Hand-written (not generated): `POST /api/inscribe` with upload progress.
//!
//! `fetch` (and so gloo-net) reports no upload progress, and a wish can carry a 5 MB image, so
//! this one operation also exists over `XMLHttpRequest`, whose `upload.onprogress` does. It
//! keeps the generated client's contract: same URL builder ([`paths::inscribe`]), credentials
//! included (the httpOnly cookie), the `X-API-Key` header when the client has a key, JSON in, and every answer decoded by [`decode_response`], so
//! errors are the same [`ApiError`]s. No abort signal: a wish once sent is not cancelled by
//! navigating away (the answer is kept by the caller). Its time limit is
//! [`UPLOAD_TIMEOUT_MS`] (the upload included), its answer capped like every other.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ProgressEvent, XmlHttpRequest};

use crate::error::{decode_answer, ApiError};
use crate::limits::{timed_out_message, too_large_message, MAX_ANSWER_BYTES, UPLOAD_TIMEOUT_MS};
use crate::paths;
use crate::types::{InscribeEnvelope, InscribeRequest};
use crate::Client;

impl Client {
    /// [`Client::inscribe`] with `on_progress(sent, total)` called as the body is uploaded.
    pub async fn inscribe_with_progress(
        &self,
        body: &InscribeRequest,
        on_progress: impl Fn(f64, f64) + 'static,
    ) -> Result<InscribeEnvelope, ApiError> {
        let json = serde_json::to_string(body)
            .map_err(|e| ApiError::Network(format!("the request could not be encoded: {e}")))?;
        let url = paths::inscribe(self.base_url());
        let js = |e: JsValue| ApiError::Network(describe_js_error(&e));

        let xhr = XmlHttpRequest::new().map_err(js)?;
        xhr.open_with_async("POST", &url, true).map_err(js)?;
        xhr.set_with_credentials(true);
        xhr.set_timeout(UPLOAD_TIMEOUT_MS);
        xhr.set_request_header("Content-Type", "application/json")
            .map_err(js)?;
        xhr.set_request_header("Accept", "application/json")
            .map_err(js)?;
        // As the generated `inscribe`: the backend records the wish's creator wallet only from
        // a key in this header (or Bearer), never from the cookie.
        if let Some(key) = self.api_key() {
            xhr.set_request_header("X-API-Key", key).map_err(js)?;
        }
        let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() {
                on_progress(e.loaded(), e.total());
            }
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_timeout = Closure::<dyn Fn()>::new({
            let timed_out = std::rc::Rc::clone(&timed_out);
            move || timed_out.set(true)
        });
        xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
        // loadend follows load, error, abort and timeout alike: one place to resume.
        let done = js_sys::Promise::new(&mut |resolve, _reject| {
            xhr.set_onloadend(Some(&resolve));
        });
        xhr.send_with_opt_str(Some(&json)).map_err(js)?;
        let _ = wasm_bindgen_futures::JsFuture::from(done).await;
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(None);
        }
        xhr.set_onloadend(None);
        xhr.set_ontimeout(None);
        drop(progress);
        drop(on_timeout);

        let status = xhr.status().unwrap_or(0);
        if status == 0 {
            // a timeout ends with status 0 too (readyState DONE, no answer)
            let message = if timed_out.get() {
                timed_out_message(UPLOAD_TIMEOUT_MS)
            } else {
                "the request failed".into()
            };
            return Err(ApiError::Network(message));
        }
        let header = |name: &str| xhr.get_response_header(name).ok().flatten();
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        if text.len() > MAX_ANSWER_BYTES {
            return Err(ApiError::Decode {
                status,
                message: too_large_message(),
            });
        }
        decode_answer(
            status,
            header("content-type").as_deref(),
            header("retry-after").as_deref(),
            &text,
        )
    }
}

/// What the browser said when it refused a request: a thrown string, or an `Error`'s message.
/// Not `{:?}`: the release build formats no `Debug` output (scripts/build-web.sh).
pub(crate) fn describe_js_error(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused the request".to_string())
}
