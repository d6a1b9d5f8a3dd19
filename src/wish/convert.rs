//! A chosen image file made ready to send: checked against the limits, converted to PNG in the
//! browser when it is anything else (the backend only embeds PNG, BMP and WebP and answers 500
//! for JPEG, GIF, AVIF and SVG), then base64. Decoding goes through an `<img>` (it reads SVG
//! too, which `createImageBitmap` does not) and a canvas; no image crate in the wasm.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, HtmlCanvasElement, HtmlImageElement, Url};

use super::image::{
    base64, check_dimensions, check_png_size, check_source_size, png_dimensions, png_filename,
    ImageKind,
};
use super::png_chunks::{strip_metadata, Stripped};
use super::PngUpload;

/// An image ready to send, with a preview URL (an object URL: revoke it with [`revoke`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ChosenImage {
    pub upload: PngUpload,
    pub preview_url: String,
    /// e.g. "JPEG converted to PNG · 120 × 80 px · 14 kB".
    pub summary: String,
}

/// Reads, checks and converts `file`. The error is a sentence for the form.
pub async fn prepare(file: File) -> Result<ChosenImage, String> {
    check_source_size(file.size() as u64)?;
    let bytes = blob_bytes(&file)
        .await
        .ok_or("This file could not be read.")?;
    let kind = ImageKind::sniff(&bytes).ok_or(
        "This file is not an image this form can use (PNG, JPEG, GIF, WebP, AVIF, BMP or SVG).",
    )?;
    let (png, width, height) = if kind == ImageKind::Png {
        let (w, h) = png_dimensions(&bytes).ok_or("This PNG file is damaged.")?;
        check_dimensions(w, h)?;
        (bytes, w, h)
    } else {
        to_png(&file).await?
    };
    // what is inscribed is public forever: only the chunks that draw the image
    let Stripped { png, removed } = strip_metadata(&png)?;
    check_png_size(png.len() as u64)?;
    let preview_blob = png_blob(&png).ok_or("The preview could not be made.")?;
    let preview_url =
        Url::create_object_url_with_blob(&preview_blob).map_err(|_| "The preview failed.")?;
    let converted = if kind == ImageKind::Png {
        "PNG".to_owned()
    } else {
        format!("{} converted to PNG", kind.name())
    };
    let metadata = if removed.is_empty() {
        String::new()
    } else {
        format!(" · metadata removed ({})", removed.join(", "))
    };
    Ok(ChosenImage {
        summary: format!(
            "{converted} · {width} × {height} px · {}{metadata}",
            crate::text::byte_size(png.len() as u64)
        ),
        upload: PngUpload {
            base64: base64(&png),
            filename: png_filename(&file.name()),
        },
        preview_url,
    })
}

/// Frees a preview URL made by [`prepare`].
pub fn revoke(image: &ChosenImage) {
    let _ = Url::revoke_object_url(&image.preview_url);
}

async fn blob_bytes(blob: &Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn png_blob(bytes: &[u8]) -> Option<Blob> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/png");
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// Decodes `file` in an `<img>` and draws it on a canvas exported as PNG.
async fn to_png(file: &File) -> Result<(Vec<u8>, u32, u32), String> {
    const UNREADABLE: &str =
        "This image could not be read (damaged, or a format this browser cannot decode).";
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(UNREADABLE)?;
    let url = Url::create_object_url_with_blob(file).map_err(|_| UNREADABLE)?;
    let decoded = async {
        let img: HtmlImageElement = document.create_element("img").ok()?.dyn_into().ok()?;
        img.set_src(&url);
        JsFuture::from(img.decode()).await.ok()?;
        Some(img)
    }
    .await;
    let _ = Url::revoke_object_url(&url);
    let img = decoded.ok_or(UNREADABLE)?;
    let (width, height) = (img.natural_width(), img.natural_height());
    check_dimensions(width, height)?;

    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(UNREADABLE)?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(UNREADABLE)?;
    context
        .draw_image_with_html_image_element(&img, 0.0, 0.0)
        .map_err(|_| UNREADABLE)?;

    // toBlob takes a callback; wrap it in a promise to await it.
    let exported = js_sys::Promise::new(&mut |resolve, reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if canvas
            .to_blob_with_type(callback.unchecked_ref(), "image/png")
            .is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let blob: Blob = JsFuture::from(exported)
        .await
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or("The image could not be converted to PNG.")?;
    let png = blob_bytes(&blob)
        .await
        .ok_or("The image could not be converted to PNG.")?;
    Ok((png, width, height))
}
