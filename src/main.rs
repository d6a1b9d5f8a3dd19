use leptos::prelude::*;
use stargate_explorer::{api, App};

fn main() {
    // Panic messages in the console for debug builds and tests; the release web build aborts
    // at once without one (scripts/build-web.sh), so there the hook never runs.
    console_error_panic_hook::set_once();
    // The runtime configuration decides the API base, so it is read before the app mounts.
    // Leptos's executor starts with the mount, so this first future uses wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let config = api::load_config().await;
        // index.html's shell and its status line give way to the app
        for id in ["boot", "boot-status"] {
            if let Some(element) = document().get_element_by_id(id) {
                element.remove();
            }
        }
        leptos::mount::mount_to_body(move || view! { <App config /> });
    });
}
