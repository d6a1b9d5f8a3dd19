//! Signing in with a key: the key stays out of storage and out of the page.

use super::*;

fn storage_text() -> String {
    let window = web_sys::window().unwrap();
    let mut out = String::new();
    for store in [
        window.local_storage().unwrap().unwrap(),
        window.session_storage().unwrap().unwrap(),
    ] {
        for i in 0..store.length().unwrap() {
            let key = store.key(i).unwrap().unwrap_or_default();
            let value = store.get_item(&key).unwrap().unwrap_or_default();
            out.push_str(&format!("{key}={value}\n"));
        }
    }
    out
}

#[wasm_bindgen_test]
async fn sign_in_keeps_the_key_out_of_storage_and_the_field() {
    let auth = RwSignal::new(None::<Session>);
    let host = mount(move || {
        auth.set(Some(Session::use_or_provide()));
        view! { <SignInPanel /> }
    });
    let key_field = one(&host, "#api-key");
    assert_eq!(key_field.get_attribute("type").as_deref(), Some("password"));
    assert_eq!(
        key_field.get_attribute("autocomplete").as_deref(),
        Some("off")
    );
    type_into(&host, "#api-key", "component-test-secret");
    tick().await;
    click(&host, ".sign-in__form button[type='submit']");
    tick().await;
    // sent (to the test server, which refuses it): the field is emptied at once
    let value = js_sys::Reflect::get(&one(&host, "#api-key"), &"value".into()).unwrap();
    assert_eq!(value.as_string().as_deref(), Some(""));
    let auth = auth.get_untracked().unwrap();
    for _ in 0..100 {
        if !auth.busy.get_untracked() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    tick().await;
    assert!(!storage_text().contains("component-test-secret"));
    assert!(!host.inner_html().contains("component-test-secret"));
    assert_ne!(
        auth.state.get_untracked(),
        AuthState::SignedIn { wallet: None }
    );
    // the failure is announced as text
    assert!(!text_of(&host, "[role='alert']").is_empty());
}
