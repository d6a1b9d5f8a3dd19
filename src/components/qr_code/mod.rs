//! A QR code drawn as SVG elements: one `<rect>` for the light background and one `<path>` for
//! the dark modules (`path.rs`). No canvas, no markup from strings.

pub mod path;

use leptos::prelude::*;

use path::qr_path;

#[component]
pub fn QrCode(
    /// What the code holds.
    text: String,
    /// Its accessible name, e.g. "QR code of the nonce".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    qr_path(&text).map(|qr| {
        let size = qr.size();
        // Always dark on light, whatever the theme: phone scanners expect it.
        view! {
            <svg
                class="qr"
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {size} {size}")
                role="img"
                aria-label=label
                data-qr-modules=qr.modules
                shape-rendering="crispEdges"
            >
                <rect width=size height=size fill="#fff" />
                <path d=qr.d fill="#000" />
            </svg>
        }
    })
}
