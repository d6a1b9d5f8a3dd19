//! One inscription in a block's grid, shown by media kind (docs/design.md "Content safety"):
//! text kinds as a sanitised preview in a text node, images lazy with a fallback tile,
//! HTML/SVG only in `<iframe sandbox="allow-scripts">`, anything else a neutral tile.
//! Every card has the same box whatever it holds (`inscription_card.css` `.ins-card`).

pub mod marks;
pub mod media;

use leptos::prelude::*;
use stargate_api::BlockInscription;

use crate::api::{config, inscription_content_url};
use crate::routes;
use crate::text::preview::{preview_str, PreviewLimits};
use crate::text::{byte_size, group_thousands};
use marks::inscription_marks;
use media::{card_text, media_kind, MediaKind};

/// The sandbox of every frame showing inscription content. Never add `allow-same-origin`.
pub const SANDBOX: &str = "allow-scripts";

/// A sandboxed, lazy frame for HTML/SVG content (also used by the inscription page).
#[component]
pub fn ContentFrame(src: String, #[prop(into)] title: String) -> impl IntoView {
    view! {
        <iframe
            class="content-frame"
            sandbox=SANDBOX
            referrerpolicy="no-referrer"
            tabindex="-1"
            src=src
            title=title
        ></iframe>
    }
    // tachys has no typed `loading` for iframes.
    .attr("loading", "lazy")
}

/// A lazy image with a fallback tile when it cannot be shown.
#[component]
pub fn ContentImage(src: String) -> impl IntoView {
    let failed = RwSignal::new(src.is_empty());
    view! {
        <Show
            when=move || !failed.get()
            fallback=|| view! { <div class="tile tile--fallback">"Image unavailable"</div> }
        >
            <img
                class="content-image"
                src=src.clone()
                alt=""
                loading="lazy"
                decoding="async"
                referrerpolicy="no-referrer"
                on:error=move |_| failed.set(true)
            />
        </Show>
    }
}

#[component]
pub fn InscriptionCard(ins: BlockInscription) -> impl IntoView {
    let config = config();
    let kind = media_kind(&ins.content_type);
    let url = inscription_content_url(&config.api_base, &ins);
    let content_type = preview_str(&ins.content_type, PreviewLimits::LABEL).text;
    let height = ins.genesis_block_height.and_then(|h| u64::try_from(h).ok());
    let link = routes::inscription(&ins.id, height).href();
    let label = format!(
        "#{} · {} · {}",
        group_thousands(ins.input_index.max(0) as u64),
        if content_type.is_empty() {
            "unknown type"
        } else {
            &content_type
        },
        byte_size(u64::try_from(ins.size_bytes).unwrap_or(0))
    );
    let media = match kind {
        MediaKind::Text | MediaKind::Markdown | MediaKind::Json => {
            let text = card_text(
                kind,
                ins.content.as_deref().unwrap_or_default(),
                PreviewLimits::CARD,
            )
            .text;
            let empty = text.trim().is_empty();
            view! {
                <pre class="ins-card__text" class:empty=empty dir="auto">
                    {if empty { "(empty text)".to_owned() } else { text }}
                </pre>
            }
            .into_any()
        }
        MediaKind::Image => view! { <ContentImage src=url /> }.into_any(),
        MediaKind::Frame => {
            view! { <ContentFrame src=url title=format!("Sandboxed preview of {content_type}") /> }
                .into_any()
        }
        MediaKind::Unknown => view! {
            <div class="tile">
                <span class="tile__type mono">{content_type.clone()}</span>
                <span class="tile__hint">"No preview"</span>
            </div>
        }
        .into_any(),
    };
    let marks = inscription_marks(&ins, "ins-card__marks");
    view! {
        <article class="ins-card" data-inscription-id=ins.id.clone() data-kind=kind.label()>
            <div class="ins-card__media">{media}</div>
            {marks}
            <a class="ins-card__link" href=link>
                <span class="ins-card__label">{label}</span>
            </a>
        </article>
    }
}
