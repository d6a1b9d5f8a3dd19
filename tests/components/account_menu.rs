//! The account menu follows the session.

use super::*;

#[wasm_bindgen_test]
async fn account_menu_follows_the_session() {
    let session = std::rc::Rc::new(std::cell::Cell::new(None::<Session>));
    let keep = session.clone();
    let host = mount(move || {
        keep.set(Some(Session::use_or_provide()));
        view! { <AccountMenu /> }
    });
    let session = session.get().unwrap();
    assert_eq!(
        one(&host, "[data-account]").text_content().unwrap().trim(),
        "Sign in"
    );
    session.signed_in(
        "k".repeat(64),
        Some("tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v".into()),
    );
    tick().await;
    let summary = one(&host, "details[data-account] summary");
    assert_eq!(
        summary.get_attribute("title").as_deref(),
        Some("Signed in with wallet tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v")
    );
    assert!(summary.text_content().unwrap().contains("tb1q9vza…d45v"));
    assert!(
        !host.inner_html().contains(&"k".repeat(64)),
        "the key is never shown"
    );
    session.signed_in("k".repeat(64), None);
    tick().await;
    assert!(one(&host, "details[data-account] summary")
        .text_content()
        .unwrap()
        .contains("API key"));
}
