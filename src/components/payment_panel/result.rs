//! A built payment: what it spends and pays, the PSBT as base64 and hex (copy buttons), as a
//! `.psbt` file (binary, what wallets import) and as QR codes for a wallet's camera.

use base64::Engine;
use leptos::prelude::*;

use crate::components::qr_code::PsbtQr;
use crate::components::CopyButton;
use crate::contract::payment::Built;
use crate::text::budget_text;
use crate::text::preview::{preview_str, PreviewLimits};

/// An object URL of the PSBT's bytes as a binary file (revoked when the view goes).
fn file_url(bytes: &[u8]) -> Option<String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The file's name: the contract's id, cut to a safe length and alphabet.
fn file_name(contract: &str) -> String {
    let id: String = contract
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(24)
        .collect();
    format!("stargate-{id}.psbt")
}

#[component]
pub fn BuiltView(built: Built, contract: String) -> impl IntoView {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(built.psbt_base64.trim())
        .unwrap_or_default();
    let url = file_url(&bytes);
    if let Some(url) = url.clone() {
        on_cleanup(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
    }
    let Built {
        payer,
        fee_sats,
        selected_sats,
        change_sats,
        outputs,
        psbt_base64,
        psbt_hex,
        funding_txid,
    } = built;
    let attribute = psbt_base64.clone();
    let (copied, shown) = (psbt_base64.clone(), psbt_base64.clone());
    view! {
        <section class="built" data-psbt-base64=attribute aria-label="The built payment">
            <dl class="facts">
                <div><dt>"Paid from"</dt><dd class="mono">{preview_str(&payer, PreviewLimits::ID).text}</dd></div>
                <div><dt>"Inputs total"</dt><dd data-selected-sats=selected_sats>{budget_text(selected_sats)}</dd></div>
                <div><dt>"Fee"</dt><dd data-fee-sats=fee_sats>{budget_text(fee_sats)}</dd></div>
                <div><dt>"Change"</dt><dd>{budget_text(change_sats)}</dd></div>
                <div><dt>"Transaction id (before signing)"</dt><dd class="mono hash">{preview_str(&funding_txid, PreviewLimits::ID).text}</dd></div>
            </dl>
            <table class="built__outputs">
                <caption>"Outputs"</caption>
                <thead><tr><th scope="col">"Output"</th><th scope="col">"To"</th><th scope="col">"Amount"</th></tr></thead>
                <tbody>
                    {outputs.into_iter().map(|o| view! {
                        <tr>
                            <td>{o.what}</td>
                            <td class="mono hash">{preview_str(&o.to, PreviewLimits::ID).text}</td>
                            <td>{budget_text(o.sats)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="built__psbt">
                <label for="psbt-base64">"PSBT (base64)"</label>
                <textarea id="psbt-base64" class="mono" rows="4" readonly prop:value=shown></textarea>
                <CopyButton text=copied label="Copy PSBT (base64)" />
                <label for="psbt-hex">"PSBT (hex)"</label>
                <textarea id="psbt-hex" class="mono" rows="3" readonly prop:value=psbt_hex.clone()></textarea>
                <CopyButton text=psbt_hex label="Copy PSBT (hex)" />
                {url.map(|href| view! {
                    <a class="button" href=href download=file_name(&contract)>"Download the .psbt file"</a>
                })}
            </div>
            <PsbtQr base64=psbt_base64 bytes />
        </section>
    }
}
