//! Hand-written (not generated): `POST /bitcoin/v1/extract`, whose body is a multipart form
//! (the generator writes JSON bodies only; it gives this operation its URL builder,
//! [`paths::extract_message`]).
//!
//! The image is the inscription's own bytes: fetched from its content URL, then sent as the
//! form's `image` file. Both requests go WITHOUT credentials: neither needs a key or a cookie,
//! and the backend answers the extraction with `Access-Control-Allow-Origin: *`, which a
//! browser refuses for a request with credentials from another origin. Both keep the client's
//! limits (its timeout for each, its abort signal, the 16 MB cap on what is read), and the
//! answer is decoded by [`decode_answer`], so a refusal is the same [`ApiError`] as anywhere.

use gloo_net::http::Request;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, FormData, RequestCredentials};

use crate::error::{decode_answer, ApiError};
use crate::paths;
use crate::progress::describe_js_error;
use crate::types::ExtractResponse;
use crate::Client;

impl Client {
    /// The message hidden in the image at `content_url` (`filename` names the upload; the
    /// backend reports its extension as the format). `method`: `None` lets the backend choose.
    pub async fn extract_message_of(
        &self,
        content_url: &str,
        filename: &str,
        method: Option<&str>,
    ) -> Result<ExtractResponse, ApiError> {
        let js = |e: JsValue| ApiError::Network(describe_js_error(&e));
        let limit = self.limit();
        let image = Request::get(content_url)
            .credentials(RequestCredentials::Omit)
            .abort_signal(limit.signal().as_ref())
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let image = limit.exchange_bytes(image).await?;
        if !(200..300).contains(&image.status) {
            let text = String::from_utf8_lossy(&image.bytes);
            return Err(ApiError::from_response(
                image.status,
                image.content_type.as_deref(),
                &text,
            ));
        }
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(image.bytes.as_slice()));
        let options = BlobPropertyBag::new();
        options.set_type(image.content_type.as_deref().unwrap_or_default());
        let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js)?;
        let form = FormData::new().map_err(js)?;
        form.append_with_blob_and_filename("image", &blob, filename)
            .map_err(js)?;
        if let Some(method) = method {
            form.append_with_str("method", method).map_err(js)?;
        }
        let limit = self.limit();
        let request = Request::post(&paths::extract_message(self.base_url()))
            .credentials(RequestCredentials::Omit)
            .header("Accept", "application/json")
            .abort_signal(limit.signal().as_ref())
            .body(form)
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let answer = limit.exchange(request).await?;
        decode_answer(
            answer.status,
            answer.content_type.as_deref(),
            answer.retry_after.as_deref(),
            &answer.text,
        )
    }
}
