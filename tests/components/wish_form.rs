//! The wish form: messages beside their fields, and the submit state.

use super::*;

#[wasm_bindgen_test]
async fn wish_form_says_what_is_wrong_next_to_each_field() {
    let host = mount(|| view! { <WishForm /> });
    // nothing shown before the user did anything
    assert!(host.query_selector(".field__error").unwrap().is_none());
    click(&host, "button[type='submit']");
    tick().await;
    for (field, error, text) in [
        (
            "#wish-message",
            "#wish-message-error",
            "message is required",
        ),
        ("#wish-price", "#wish-price-error", "Enter a price"),
        (
            "#wish-address",
            "#wish-address-error",
            "Enter the Bitcoin address",
        ),
    ] {
        let el = one(&host, field);
        assert_eq!(
            el.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{field}"
        );
        let described = el.get_attribute("aria-describedby").unwrap_or_default();
        assert!(described.contains(&error[1..]), "{field}: {described}");
        assert!(text_of(&host, error).contains(text), "{error}");
    }
    // fixing a field clears its message
    type_into(&host, "#wish-price", "1");
    type_into(&host, "#wish-message", "Build me a bridge");
    tick().await;
    assert!(host.query_selector("#wish-price-error").unwrap().is_none());
    assert_eq!(
        one(&host, "#wish-price")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    assert!(text_of(&host, "#wish-price-hint").contains("100,000,000 sats"));
    assert!(text_of(&host, "#wish-message-hint").contains("17 / 2,000"));
    type_into(&host, "#wish-address", "bc1qOOPS");
    tick().await;
    assert!(text_of(&host, "#wish-address-error").contains("lower case"));
}

#[wasm_bindgen_test]
async fn wish_form_is_disabled_and_shows_progress_while_sending() {
    let store = RwSignal::new(None::<WishStore>);
    let host = mount(move || {
        let wish = WishStore::use_or_provide();
        store.set(Some(wish));
        view! { <WishForm /> }
    });
    let wish = store.get_untracked().unwrap();
    wish.phase.set(Phase::Sending {
        sent: 512.0,
        total: 1024.0,
    });
    tick().await;
    let button = one(&host, "button[type='submit']");
    assert!(button.has_attribute("disabled"));
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    let bar = one(&host, "[role='progressbar']");
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("50"));
    // the guard: a second submit while one is under way does nothing
    wish.message.set("m".into());
    wish.price.set("1".into());
    wish.address
        .set("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into());
    assert!(wish.is_sending());
    click(&host, "button[type='submit']");
    tick().await;
    assert_eq!(
        wish.phase.get_untracked(),
        Phase::Sending {
            sent: 512.0,
            total: 1024.0
        }
    );

    wish.phase.set(Phase::Sent { id: "ab12".into() });
    tick().await;
    assert_eq!(
        one(&host, "[data-wish-id]")
            .get_attribute("data-wish-id")
            .as_deref(),
        Some("ab12")
    );
    assert!(text_of(&host, "[data-wish-id] a").contains("pending block"));
    assert_eq!(
        one(&host, "[data-wish-id] a")
            .get_attribute("href")
            .as_deref(),
        Some("/block/pending")
    );
    click(&host, "[data-wish-id] button");
    tick().await;
    assert_eq!(wish.phase.get_untracked(), Phase::Editing);
    assert_eq!(wish.message.get_untracked(), "");
    assert!(
        !wish.address.get_untracked().is_empty(),
        "the address stays"
    );
}
