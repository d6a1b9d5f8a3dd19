// as src/lib.rs: the page types are deep
#![recursion_limit = "256"]

use leptos::prelude::*;
use stargate_explorer::{api, shell, App};

fn main() {
    // Panic messages in the console for debug builds and tests; the release web build aborts
    // at once without one (scripts/build-web.sh), so there the hook never runs. Either way the
    // panic ends as a wasm trap, and web/panic-screen.js shows "The app stopped — reload".
    console_error_panic_hook::set_once();
    // The runtime configuration decides the API base, so it is read before the app mounts.
    // Leptos's executor starts with the mount, so this first future uses wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let config = api::load_config().await;
        // index.html's shell gives way to the app, except one showing the first cards: the
        // explorer removes that one once it shows them too
        if !shell::drawn() {
            shell::give_way();
        }
        leptos::mount::mount_to_body(move || view! { <App config /> });
    });
}
