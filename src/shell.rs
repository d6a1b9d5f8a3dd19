//! `index.html`'s shell (`#boot` and its status line): the page's shape before the app runs,
//! rendered from the app's components (`first_screen`), and on the front page the rail's first
//! cards, which `web/first-screen.js` copies from the page's card templates and fills from the
//! preloaded answers (it then marks the shell `data-drawn`).
//!
//! An empty shell gives way as the app mounts. A shell with cards stays, laid over the app
//! (`#boot[data-drawn]` in the stylesheet), until the explorer has merged the same answers
//! into its chain: the shell goes in that same task, so no frame shows the app's skeleton in
//! between.

const SHELL: [&str; 2] = ["boot", "boot-status"];

/// Whether the shell shows the first cards.
pub fn drawn() -> bool {
    document()
        .and_then(|d| d.get_element_by_id(SHELL[0]))
        .is_some_and(|shell| shell.has_attribute("data-drawn"))
}

/// Removes the shell, if it is still there.
pub fn give_way() {
    let Some(document) = document() else { return };
    for id in SHELL {
        if let Some(element) = document.get_element_by_id(id) {
            element.remove();
        }
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}
