//! A QR code drawn as SVG elements: one `<rect>` for the light background and one `<path>` for
//! the dark modules (`path.rs`). No canvas, no markup from strings.

pub mod bbqr;
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

/// Longest base64 PSBT shown as one QR code (a version-19 code at error correction M): past
/// it, one code gets too dense for a phone camera and the PSBT goes out as a BBQr series.
pub const SINGLE_QR_MAX: usize = 600;

/// How long each part of a series stays on screen.
const PART_MS: u64 = 400;

/// A PSBT for a wallet's camera: its base64 in one code when it fits, else a BBQr series
/// shown one part after the other (the wallet reads them in any order), with a pause.
#[component]
pub fn PsbtQr(
    /// The PSBT in base64, as wallets read it from one code.
    base64: String,
    /// The PSBT's bytes, for the series.
    bytes: Vec<u8>,
) -> impl IntoView {
    if base64.len() <= SINGLE_QR_MAX {
        return view! {
            <figure class="psbt-qr" data-qr-kind="single">
                <QrCode text=base64 label="QR code of the PSBT (base64)" />
                <figcaption>"Scan with your wallet to sign."</figcaption>
            </figure>
        }
        .into_any();
    }
    let Some(parts) = bbqr::psbt_parts(&bytes) else {
        return view! { <p class="note">"This PSBT is too large for QR codes: download the file instead."</p> }
            .into_any();
    };
    view! { <AnimatedQr parts /> }.into_any()
}

#[component]
fn AnimatedQr(parts: Vec<String>) -> impl IntoView {
    let count = parts.len();
    let parts = StoredValue::new(parts);
    let index = RwSignal::new(0usize);
    let playing = RwSignal::new(true);
    let timer = set_interval_with_handle(
        move || {
            if playing.get_untracked() {
                index.update(|i| *i = (*i + 1) % count);
            }
        },
        std::time::Duration::from_millis(PART_MS),
    )
    .ok();
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
    });
    view! {
        <figure class="psbt-qr" data-qr-kind="bbqr" data-qr-parts=count>
            {move || {
                let i = index.get();
                let text = parts.with_value(|p| p.get(i).cloned().unwrap_or_default());
                let part = text.clone();
                view! {
                    <div data-qr-part=part>
                        <QrCode text label=format!("Part {} of {count} of the PSBT as BBQr codes", i + 1) />
                    </div>
                }
            }}
            <figcaption>
                {move || format!("Part {} of {count}. ", index.get() + 1)}
                "Your wallet reads the parts in any order (BBQr: Coldcard, Sparrow, Nunchuk…). "
                <button class="button button--small" type="button" on:click=move |_| playing.update(|p| *p = !*p)>
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
            </figcaption>
        </figure>
    }
}
