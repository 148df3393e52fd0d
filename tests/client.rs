//! `ApiError` over every body shape a client meets, including hostile ones.

use std::time::{Duration, UNIX_EPOCH};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue, StatusCode};
use unkey_errors::{
    client::ApiErrorBody, client::LegacyCode, client::RetryAfter, client::DEFAULT_BODY_LIMIT,
    ApiError, ErrorCode, Problem,
};

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_static(value));
    }
    map
}

fn status(n: u16) -> StatusCode {
    StatusCode::from_u16(n).unwrap()
}

#[test]
fn a_v2_problem_is_recognised_with_every_accepted_content_type() {
    let body = Problem::new(ErrorCode::DataKeyNotFound, "gone")
        .with_request_id("req_1")
        .to_json_vec();
    for content_type in [
        None,
        Some("application/json"),
        Some("application/problem+json"),
        Some("Application/JSON; charset=utf-8"),
    ] {
        let mut map = HeaderMap::new();
        if let Some(value) = content_type {
            map.insert(CONTENT_TYPE, HeaderValue::from_static(value));
        }
        let err = ApiError::from_parts(StatusCode::NOT_FOUND, &map, &body);
        assert_eq!(
            err.code(),
            Some(ErrorCode::DataKeyNotFound),
            "{content_type:?}"
        );
        assert_eq!(err.request_id(), Some("req_1"));
        assert_eq!(err.page_url(), Some(ErrorCode::DataKeyNotFound.type_url()));
        assert_eq!(err.content_type(), content_type);
        assert!(!err.status_disagrees());
        assert!(!err.is_retryable());
        assert_eq!(
            err.to_string(),
            "the call failed: 404 Not Found: gone (unkey/data/key_not_found), request req_1"
        );
    }
}

#[test]
fn a_json_body_with_another_content_type_is_not_parsed() {
    let body = Problem::new(ErrorCode::DataKeyNotFound, "gone").to_json_vec();
    let err = ApiError::from_parts(
        StatusCode::NOT_FOUND,
        &headers(&[("content-type", "text/html")]),
        &body,
    );
    let unrecognised = err.as_unrecognised().unwrap();
    assert_eq!(unrecognised.body_prefix(), body.as_slice());
    assert!(unrecognised.parse_error().is_none());
    assert_eq!(err.content_type(), Some("text/html"));
}

#[test]
fn the_gateway_envelope_is_recognised() {
    let body = br#"{"meta":{"requestId":"req_gw1"},"error":{"code":"err:frontline:client:rate_limited","message":"Too many requests"}}"#;
    let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), body);
    let ApiErrorBody::Gateway(gateway) = err.body() else {
        panic!("{err:?}")
    };
    assert_eq!(gateway.code(), Some(ErrorCode::ClientRateLimited));
    assert_eq!(gateway.urn(), "err:frontline:client:rate_limited");
    assert_eq!(gateway.message(), "Too many requests");
    assert_eq!(err.request_id(), Some("req_gw1"));
    assert_eq!(err.code(), Some(ErrorCode::ClientRateLimited));
    assert_eq!(
        err.page_url(),
        Some("https://unkey.com/docs/errors/frontline/client/rate_limited")
    );
    // A 429 names its own time: not retryable by the SDK's rule.
    assert!(!err.is_retryable());

    let unknown = br#"{"meta":{"requestId":"req_gw2"},"error":{"code":"err:frontline:new:thing","message":"m"}}"#;
    let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), unknown);
    let ApiErrorBody::Gateway(gateway) = err.body() else {
        panic!("{err:?}")
    };
    assert_eq!(
        (gateway.code(), gateway.urn()),
        (None, "err:frontline:new:thing")
    );
    assert_eq!(err.body_status(), None);
}

#[test]
fn every_legacy_code_is_recognised_with_its_status() {
    for &code in LegacyCode::ALL {
        let body = format!(
            r#"{{"error":{{"code":"{0}","docs":"https://unkey.dev/docs/api-reference/errors/code/{0}","message":"m","requestId":"req_v1"}}}}"#,
            code.as_str()
        );
        let err = ApiError::from_parts(code.status(), &HeaderMap::new(), body.as_bytes());
        let ApiErrorBody::Legacy(legacy) = err.body() else {
            panic!("{err:?}")
        };
        assert_eq!(legacy.code(), Some(code));
        // A v1 body states no status: it never disagrees with the response's.
        assert_eq!(err.body_status(), None);
        assert!(!err.status_disagrees(), "{code:?}");
        assert_eq!(err.request_id(), Some("req_v1"));
        assert_eq!(
            err.page_url(),
            Some(
                format!(
                    "https://unkey.dev/docs/api-reference/errors/code/{}",
                    code.as_str()
                )
                .as_str()
            )
        );
    }
    let unknown = br#"{"error":{"code":"TEAPOT","docs":"d","message":"m","requestId":"r"}}"#;
    let err = ApiError::from_parts(StatusCode::IM_A_TEAPOT, &HeaderMap::new(), unknown);
    let ApiErrorBody::Legacy(legacy) = err.body() else {
        panic!("{err:?}")
    };
    assert_eq!((legacy.code(), legacy.code_str()), (None, "TEAPOT"));
}

#[test]
fn a_status_disagreement_is_reported() {
    let body = Problem::new(ErrorCode::ApplicationProtectedResource, "protected").to_json_vec();
    let err = ApiError::from_parts(StatusCode::PRECONDITION_FAILED, &HeaderMap::new(), &body);
    assert_eq!(err.body_status(), Some(StatusCode::FORBIDDEN));
    assert!(err.status_disagrees());
}

#[test]
fn anything_else_is_unrecognised_and_keeps_status_type_and_a_prefix() {
    let html_mib = format!("<html><body>{}</body></html>", "x".repeat(1 << 20));
    let cases: Vec<(&str, Vec<u8>, Option<&'static str>)> = vec![
        ("empty", Vec::new(), None),
        (
            "html",
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
            Some("text/html"),
        ),
        (
            "html without a content type",
            b"<html>oops</html>".to_vec(),
            None,
        ),
        (
            "plain text",
            b"upstream connect error".to_vec(),
            Some("text/plain"),
        ),
        (
            "truncated json",
            br#"{"meta":{"requestId":"req_1"},"error":{"det"#.to_vec(),
            Some("application/json"),
        ),
        (
            "invalid utf-8",
            b"\xff\xfe\xfd".to_vec(),
            Some("application/json"),
        ),
        (
            "json of another shape",
            br#"{"message":"Internal Server Error"}"#.to_vec(),
            Some("application/json"),
        ),
        ("1 MiB html", html_mib.into_bytes(), Some("text/html")),
    ];
    for (name, body, content_type) in cases {
        let mut map = HeaderMap::new();
        if let Some(value) = content_type {
            map.insert(CONTENT_TYPE, HeaderValue::from_static(value));
        }
        let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &map, &body);
        let unrecognised = err
            .as_unrecognised()
            .unwrap_or_else(|| panic!("{name}: {err:?}"));
        assert_eq!(err.status(), StatusCode::BAD_GATEWAY, "{name}");
        assert_eq!(err.content_type(), content_type, "{name}");
        assert!(unrecognised.body_prefix().len() <= 1024, "{name}");
        assert!(body.starts_with(unrecognised.body_prefix()), "{name}");
        assert_eq!(
            unrecognised.is_truncated(),
            body.len() > DEFAULT_BODY_LIMIT,
            "{name}"
        );
        assert_eq!(
            unrecognised.len(),
            body.len().min(DEFAULT_BODY_LIMIT),
            "{name}"
        );
        assert!(err.is_retryable());
        assert_eq!(err.code(), None);
        let expected = if body.is_empty() {
            "the call failed: 502 Bad Gateway with an empty body".to_owned()
        } else {
            format!(
                "the call failed: 502 Bad Gateway with a body that is not an Unkey error ({} bytes)",
                unrecognised.len()
            )
        };
        assert_eq!(err.to_string(), expected, "{name}");
        // Debug shows the body's start as text, not as decimal bytes.
        let debug = format!("{unrecognised:?}");
        assert!(!debug.contains("prefix: ["), "{name}: {debug}");
    }
}

#[test]
fn the_request_id_comes_from_a_header_when_the_body_has_none() {
    for name in ["x-unkey-request-id", "unkey-request-id", "x-request-id"] {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_static("req_h"));
        let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &map, b"bad gateway");
        assert_eq!(err.request_id(), Some("req_h"), "{name}");
    }
    let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"bad gateway");
    assert_eq!(err.request_id(), None);
}

#[test]
fn retry_after_as_seconds_or_a_date_and_why_not() {
    let cases: &[(&'static str, Result<RetryAfter, &str>)] = &[
        ("0", Ok(RetryAfter::Delay(Duration::ZERO))),
        ("120", Ok(RetryAfter::Delay(Duration::from_secs(120)))),
        (" 7 ", Ok(RetryAfter::Delay(Duration::from_secs(7)))),
        (
            "Sun, 06 Nov 1994 08:49:37 GMT",
            Ok(RetryAfter::At(
                UNIX_EPOCH + Duration::from_secs(784_111_777),
            )),
        ),
        ("", Err("invalid Retry-After: empty")),
        (
            "-1",
            Err(r#"invalid Retry-After "-1": expected delay-seconds or an HTTP date"#),
        ),
        (
            "1.5",
            Err(r#"invalid Retry-After "1.5": expected delay-seconds or an HTTP date"#),
        ),
        (
            "99999999999999999999999",
            Err(r#"invalid Retry-After "99999999999999999999999": the delay is out of range"#),
        ),
        (
            "soon",
            Err(r#"invalid Retry-After "soon": expected delay-seconds or an HTTP date"#),
        ),
    ];
    for (value, expected) in cases {
        let parsed = RetryAfter::parse(value).map_err(|err| err.to_string());
        assert_eq!(
            parsed.as_ref().map_err(String::as_str),
            expected.as_ref().map_err(|e| *e),
            "{value:?}"
        );
        let err = ApiError::from_parts(
            StatusCode::TOO_MANY_REQUESTS,
            &headers(&[("retry-after", value)]),
            b"",
        );
        assert_eq!(err.retry_after(), expected.ok(), "{value:?}");
    }
    assert!(headers(&[]).get(RETRY_AFTER).is_none());
}

#[test]
fn retryable_statuses_are_the_sdks() {
    // Unkey's SDK: "5XX", and nothing else (a 429 names its own time; a 408 is a 4xx).
    for n in [500, 501, 502, 503, 504, 505, 507, 520, 599] {
        assert!(
            ApiError::from_parts(status(n), &HeaderMap::new(), b"").is_retryable(),
            "{n}"
        );
    }
    for n in [400, 401, 403, 404, 408, 409, 412, 422, 429] {
        assert!(
            !ApiError::from_parts(status(n), &HeaderMap::new(), b"").is_retryable(),
            "{n}"
        );
    }
}

#[test]
fn a_body_over_the_limit_is_not_parsed() {
    let body = Problem::new(ErrorCode::DataKeyNotFound, "x".repeat(100)).to_json_vec();
    let err = ApiError::from_parts_with_limit(StatusCode::NOT_FOUND, &HeaderMap::new(), &body, 50);
    let unrecognised = err.as_unrecognised().unwrap();
    assert!(unrecognised.is_truncated());
    assert_eq!(unrecognised.len(), 50);
    let whole = ApiError::from_parts_with_limit(
        StatusCode::NOT_FOUND,
        &HeaderMap::new(),
        &body,
        body.len(),
    );
    assert!(whole.as_problem().is_some());
}
