//! ApiError reads every error shape of docs/design.md ("Five error shapes") (and proxy pages).

use proptest::prelude::*;
use stargate_api::error::MAX_MESSAGE_CHARS;
use stargate_api::{decode_response, ApiError, BlockSummariesPage};

#[test]
fn shape_a_nested_error_error() {
    let body = r#"{"success":false,"error":{"error":{"code":"403","message":"invalid api key","timestamp":"2026-06-28T12:00:00Z","request_id":""}}}"#;
    let error = ApiError::from_response(403, Some("application/json"), body);
    assert_eq!(error, ApiError::http(403, "invalid api key"));
    assert_eq!(error.message(), "The server answered 403: invalid api key");
    assert_eq!(
        error.to_string(),
        "The server answered 403: invalid api key"
    );
    assert_eq!(error.status(), Some(403));
    assert!(!error.is_not_found());
}

#[test]
fn shape_c_plain_text() {
    let error =
        ApiError::from_response(404, Some("text/plain; charset=utf-8"), "block not found\n");
    assert_eq!(error, ApiError::http(404, "block not found"));
    assert!(error.is_not_found());
    assert_eq!(error.message(), "The server answered 404: block not found");
}

#[test]
fn shape_d_middleware_flat() {
    let body = r#"{"success":false,"error":{"error":"api_key_required","message":"API key required","code":401}}"#;
    assert_eq!(
        ApiError::from_response(401, Some("application/json"), body),
        ApiError::http(401, "API key required")
    );
    let timeout = r#"{"success":false,"error":{"error":"request_timeout","message":"Request timeout","code":408}}"#;
    assert_eq!(
        ApiError::from_response(408, Some("application/json"), timeout).message(),
        "The server answered 408: Request timeout"
    );
}

#[test]
fn shape_e_core_error() {
    let body = r#"{"error":{"code":"EXTRACTION_FAILED","message":"no hidden message","details":{"error":"alpha channel empty"},"timestamp":"2026-06-28T12:00:00Z","request_id":"r1"}}"#;
    assert_eq!(
        ApiError::from_response(500, None, body),
        ApiError::http(500, "no hidden message")
    );
}

#[test]
fn error_string_and_top_level_message() {
    assert_eq!(
        ApiError::from_response(400, None, r#"{"error":"bad cursor"}"#),
        ApiError::http(400, "bad cursor")
    );
    assert_eq!(
        ApiError::from_response(409, None, r#"{"message":"task taken"}"#),
        ApiError::http(409, "task taken")
    );
    // error.message wins over a top-level message; empty strings are skipped
    assert_eq!(
        ApiError::from_response(400, None, r#"{"error":{"message":""},"message":"outer"}"#),
        ApiError::http(400, "outer")
    );
}

#[test]
fn html_502_page_is_not_dumped() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
    let error = ApiError::from_response(502, Some("text/html"), page);
    assert_eq!(error, ApiError::http(502, "Bad Gateway"));
    assert_eq!(error.message(), "The server answered 502: Bad Gateway");
    // recognised without a content type too
    assert_eq!(
        ApiError::from_response(502, None, page),
        ApiError::http(502, "Bad Gateway")
    );
    assert_eq!(
        ApiError::from_response(504, Some("text/plain"), "  <!DOCTYPE html><p>x</p>"),
        ApiError::http(504, "Gateway Timeout")
    );
}

#[test]
fn empty_body_uses_the_reason_phrase() {
    assert_eq!(
        ApiError::from_response(503, None, ""),
        ApiError::http(503, "Service Unavailable")
    );
    assert_eq!(
        ApiError::from_response(500, Some("text/plain"), " \n\t"),
        ApiError::http(500, "Internal Server Error")
    );
    assert_eq!(
        ApiError::from_response(599, None, ""),
        ApiError::http(599, "Unknown error")
    );
}

#[test]
fn garbage_json_uses_the_reason_phrase() {
    assert_eq!(
        ApiError::from_response(500, Some("application/json"), r#"{"success":fal"#),
        ApiError::http(500, "Internal Server Error")
    );
    assert_eq!(
        ApiError::from_response(500, None, r#"{"unexpected":[1,2,3]}"#),
        ApiError::http(500, "Internal Server Error")
    );
    assert_eq!(
        ApiError::from_response(400, None, "[1,2"),
        ApiError::http(400, "Bad Request")
    );
    assert_eq!(
        ApiError::from_response(418, None, "42"),
        ApiError::http(418, "Unknown error")
    );
}

#[test]
fn plain_text_is_cleaned_and_capped() {
    assert_eq!(
        ApiError::from_response(400, None, "invalid\theight\r\n\u{7}\u{1b}[31m value"),
        ApiError::http(400, "invalid height [31m value")
    );
    let long = "x".repeat(1000);
    let ApiError::Http { message, .. } = ApiError::from_response(500, None, &long) else {
        panic!("not Http")
    };
    assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS);
    assert_eq!(message, format!("{}…", "x".repeat(MAX_MESSAGE_CHARS - 1)));
}

#[test]
fn a_2xx_with_a_wrong_body_is_a_decode_error() {
    let error = decode_response::<BlockSummariesPage>(
        200,
        Some("application/json"),
        r#"{"blocks":"nope"}"#,
    )
    .unwrap_err();
    assert_eq!(
        error,
        ApiError::Decode {
            status: 200,
            message: r#"invalid type: string "nope", expected a sequence at line 1 column 16"#
                .into()
        }
    );
    assert_eq!(error.status(), Some(200));
    assert_eq!(
        error.message(),
        r#"The server answered 200 with an unexpected body: invalid type: string "nope", expected a sequence at line 1 column 16"#
    );
    assert_eq!(
        decode_response::<BlockSummariesPage>(
            200,
            Some("text/html"),
            "<!doctype html><html></html>"
        ),
        Err(ApiError::Decode {
            status: 200,
            message: "expected JSON, got an HTML page".into()
        })
    );
    assert_eq!(
        decode_response::<BlockSummariesPage>(204, None, ""),
        Err(ApiError::Decode {
            status: 204,
            message: "the body is empty".into()
        })
    );
}

#[test]
fn decode_response_reads_error_statuses() {
    assert_eq!(
        decode_response::<BlockSummariesPage>(404, Some("text/plain"), "No blocks available\n"),
        Err(ApiError::http(404, "No blocks available"))
    );
}

#[test]
fn network_errors() {
    let error = ApiError::Network("TypeError: Failed to fetch".into());
    assert_eq!(error.status(), None);
    assert!(!error.is_not_found());
    assert_eq!(
        error.message(),
        "Could not reach the server: TypeError: Failed to fetch"
    );
    assert_eq!(
        ApiError::Network(String::new()).message(),
        "Could not reach the server"
    );
}

proptest! {
    #[test]
    fn from_response_never_panics_and_stays_one_short_line(
        status in 0u16..1000,
        content_type in proptest::option::of("[a-z/;=-]{0,30}"),
        body in ".{0,600}",
    ) {
        let error = ApiError::from_response(status, content_type.as_deref(), &body);
        let ApiError::Http { status: s, message } = &error else {
            panic!("not Http: {error:?}")
        };
        prop_assert_eq!(*s, status);
        prop_assert!(!message.is_empty());
        prop_assert!(message.chars().count() <= MAX_MESSAGE_CHARS);
        prop_assert!(!message.chars().any(char::is_control));
        let _ = decode_response::<BlockSummariesPage>(status, content_type.as_deref(), &body);
    }
}
