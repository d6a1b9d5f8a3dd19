//! A time as the reader reads it: the date and time on their own clock and how long ago it was,
//! with the exact UTC time on hover (`title`) and in the `datetime` attribute. The formats are
//! `text::`'s; the offset is the browser's for that instant.

use leptos::prelude::*;

use crate::api::poll::{local_offset_secs, now_secs};
use crate::text::{age, iso_datetime, local_datetime, rfc3339_or_text, utc_datetime};

/// Unix seconds `ts`: `"2009-01-04 03:15 (17 years ago)"` in Tokyo.
#[component]
pub fn When(ts: i64) -> impl IntoView {
    let local = local_datetime(ts, local_offset_secs(ts));
    view! {
        <time datetime=iso_datetime(ts) title=utc_datetime(ts)>
            {format!("{local} ({})", age(ts, now_secs()))}
        </time>
    }
}

/// A time the backend wrote (RFC 3339) as [`When`]; the text itself, sanitised, when it is not
/// a time.
#[component]
pub fn WhenText(#[prop(into)] text: String) -> impl IntoView {
    match rfc3339_or_text(&text) {
        Ok(ts) => view! { <When ts /> }.into_any(),
        Err(shown) => shown.into_any(),
    }
}
