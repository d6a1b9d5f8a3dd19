//! One piece of work handed in: its state in words, who handed it in and when, the notes
//! (safe markdown), the proof link (a link only when it is an http(s) URL with a host, else
//! plain text) and, when rejected, the reviewer's reason.

use leptos::prelude::*;
use serde_json::Value;
use stargate_api::Submission;

use crate::components::{Markdown, WhenText};
use crate::discover::work::{proof_link_problem, review_text, submitted_by};
use crate::text::markdown::{safe_href, Href};
use crate::text::preview::{full_text, preview_str, PreviewLimits};

/// Longest notes shown (a hand-in is written by anyone).
const NOTES_MAX: usize = 16 * 1024;

fn text_field<'a>(map: Option<&'a serde_json::Map<String, Value>>, key: &str) -> Option<&'a str> {
    map?.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[component]
pub fn Attempt(submission: Submission) -> impl IntoView {
    let state = preview_str(&review_text(&submission), PreviewLimits::TITLE).text;
    let by = submitted_by(&submission).map(|w| preview_str(w, PreviewLimits::ID).text);
    let notes =
        text_field(submission.deliverables.as_ref(), "notes").map(|n| full_text(n, NOTES_MAX).text);
    let link = text_field(submission.completion_proof.as_ref(), "link").map(str::to_owned);
    let status = submission.status.to_ascii_lowercase();
    view! {
        <div class="attempt" data-submission=status data-submission-id=submission.submission_id.clone()>
            <p class="attempt__state">{state}</p>
            <p class="attempt__meta">
                {by.map(|by| view! { "By " <span class="mono">{by}</span> " · " })}
                <WhenText text=submission.created_at.clone() />
            </p>
            {notes.map(|source| view! { <Markdown source /> })}
            {link.map(|link| {
                let shown = preview_str(&link, PreviewLimits::TITLE).text;
                // Discover's rule (an http(s) URL with a host) and the markdown renderer's
                let web = safe_href(&link).filter(|_| proof_link_problem(&link).is_none());
                match web {
                    Some(Href::External(link)) => view! {
                        <p class="attempt__proof">
                            "Proof: "
                            <a href=link rel="noopener noreferrer nofollow" target="_blank">{shown}</a>
                        </p>
                    }
                    .into_any(),
                    _ => view! {
                        <p class="attempt__proof">"Proof (not a web link, not opened): " <span class="mono">{shown}</span></p>
                    }
                    .into_any(),
                }
            })}
        </div>
    }
}
