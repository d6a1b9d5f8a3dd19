//! The pure URL builders behind every client operation.

use stargate_api::paths;
use stargate_api::url::{encode_component, UrlBuilder};

#[test]
fn percent_encoding() {
    assert_eq!(encode_component("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(
        encode_component("a b/c?d&e=f#g%h+i"),
        "a%20b%2Fc%3Fd%26e%3Df%23g%25h%2Bi"
    );
    assert_eq!(encode_component("é✓"), "%C3%A9%E2%9C%93");
    assert_eq!(encode_component(""), "");
}

#[test]
fn empty_base_gives_relative_urls() {
    assert_eq!(paths::get_node_health(""), "/bitcoin/v1/health");
    assert_eq!(
        paths::get_content("", "ab12", Some(3)),
        "/content/ab12?witness=3"
    );
    assert_eq!(paths::get_content("", "ab12", None), "/content/ab12");
}

#[test]
fn trailing_slashes_of_the_base_are_trimmed() {
    assert_eq!(
        paths::get_api_health("http://api:3001/"),
        "http://api:3001/api/health"
    );
    assert_eq!(
        paths::get_api_health("http://api:3001//"),
        "http://api:3001/api/health"
    );
    assert_eq!(
        paths::search("https://x.org/stargate/", Some("q")),
        "https://x.org/stargate/api/search?q=q"
    );
    assert_eq!(paths::login("/"), "/api/auth/login");
}

#[test]
fn path_parameters_are_encoded() {
    assert_eq!(
        paths::get_block_image("http://h", "952789", "a b/../x.png"),
        "http://h/api/block-image/952789/a%20b%2F..%2Fx.png"
    );
    assert_eq!(paths::get_upload("", "4f1c?x"), "/uploads/4f1c%3Fx");
}

#[test]
fn query_parameters_in_spec_order_absent_ones_left_out() {
    assert_eq!(
        paths::get_block_inscriptions(
            "http://h",
            "952789",
            Some(20),
            Some("20"),
            None,
            Some("summary")
        ),
        "http://h/api/data/block-inscriptions/952789?limit=20&cursor=20&fields=summary"
    );
    assert_eq!(
        paths::get_block_inscriptions("", "1", None, None, None, None),
        "/api/data/block-inscriptions/1"
    );
    assert_eq!(
        paths::get_block_summaries("", Some(40), Some(-1)),
        "/api/data/block-summaries?limit=40&cursor_height=-1"
    );
    assert_eq!(
        paths::get_open_contracts("", Some(100), Some("pending"), Some("rust,go"), None,
            Some("2026-06-01T00:00:00+02:00"), Some("before")),
        "/api/open-contracts?limit=100&status=pending&skills=rust%2Cgo&cursor_date=2026-06-01T00%3A00%3A00%2B02%3A00&cursor_type=before"
    );
    assert_eq!(
        paths::search("", Some("a&b=c d")),
        "/api/search?q=a%26b%3Dc%20d"
    );
    assert_eq!(paths::search("", Some("")), "/api/search?q=");
    assert_eq!(paths::search("", None), "/api/search");
}

#[test]
fn builder() {
    let url = UrlBuilder::new("http://h/")
        .path("/a/")
        .segment("b c")
        .query("x", None::<i64>)
        .query("y", Some(true))
        .query("z w", Some(1.5))
        .finish();
    assert_eq!(url, "http://h/a/b%20c?y=true&z%20w=1.5");
}

#[cfg(feature = "client")]
mod client {
    use stargate_api::Client;

    #[test]
    fn client_urls_and_base() {
        let client = Client::new("http://api:3001///");
        assert_eq!(client.base_url(), "http://api:3001");
        assert_eq!(
            client.get_content_url("ab", Some(2)),
            "http://api:3001/content/ab?witness=2"
        );
        assert_eq!(
            client.get_block_image_url("7", "x y.png"),
            "http://api:3001/api/block-image/7/x%20y.png"
        );
        assert_eq!(client.get_upload_url("h"), "http://api:3001/uploads/h");
        let same_origin = Client::new("");
        assert_eq!(same_origin.base_url(), "");
        assert_eq!(same_origin.get_upload_url("h"), "/uploads/h");
        assert_eq!(Client::default().base_url(), "");
    }
}
