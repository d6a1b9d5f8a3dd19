//! The React frontend's addresses that are another page here: each is replaced by that page's
//! URL, so Back does not return to the old address.

use leptos::prelude::*;

use crate::routes::{self, AppPath, History};

#[component]
pub fn MovedTo(to: AppPath) -> impl IntoView {
    let go = routes::use_go();
    Effect::new(move |_| go(&to, History::Replace));
}
