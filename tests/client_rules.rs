//! The client's rules over every body shape (v2, gateway, v1, unrecognised): when to retry and
//! after how long, the rate limit, the request id, status disagreement, and an error text that
//! an error chain prints once. The first tests are regressions of defects found with a corpus
//! of real failure responses; each failed before its fix.

use std::error::Error as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderValue, StatusCode};
use unkey_errors::{
    client::InvalidRetryAfter, client::LegacyCode, client::RetryAfter, problem::ValidationError,
    ratelimit::InvalidRateLimit, ratelimit::RateLimit, ApiError, ErrorCode, Problem,
};

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_static(value));
    }
    map
}

/// A body of each shape Unkey sends, and one it does not.
fn shapes() -> [(&'static str, Vec<u8>); 4] {
    [
        (
            "v2",
            Problem::new(ErrorCode::DataKeyNotFound, "gone")
                .with_request_id("req_body")
                .to_json_vec(),
        ),
        (
            "gateway",
            br#"{"meta":{"requestId":"req_body"},"error":{"code":"err:frontline:upstream:bad_gateway","message":"bad"}}"#.to_vec(),
        ),
        (
            "v1",
            br#"{"error":{"code":"NOT_FOUND","docs":"https://unkey.dev/docs","message":"gone","requestId":"req_body"}}"#.to_vec(),
        ),
        ("unrecognised", b"<html>upstream connect error</html>".to_vec()),
    ]
}

#[test]
fn regression_a_retry_after_date_with_a_huge_year_is_refused_without_a_panic() {
    // Panicked with "attempt to add with overflow" in a debug build, wrapped in release.
    let value = "Friday, 20-Nov-18446744073709551615 12:00:00 GMT";
    assert!(matches!(
        RetryAfter::parse(value),
        Err(InvalidRetryAfter::Malformed { .. })
    ));
    let err = ApiError::from_parts(
        StatusCode::TOO_MANY_REQUESTS,
        &headers(&[("retry-after", value)]),
        b"",
    );
    assert_eq!(err.retry_after(), None);
}

#[test]
fn regression_an_invalid_http_date_is_refused_never_read_as_a_date_far_off() {
    for value in [
        // RFC 850 has a two-digit year: this was read as the year 3926.
        "Friday, 20-Nov-2026 12:00:00 GMT",
        // There is no 31 February.
        "Tue, 31 Feb 2026 12:00:00 GMT",
        // 20 November 2026 is a Friday.
        "Mon, 20 Nov 2026 12:00:00 GMT",
        "Sun Feb 31 08:49:37 2026",
    ] {
        assert!(
            matches!(
                RetryAfter::parse(value),
                Err(InvalidRetryAfter::Malformed { .. })
            ),
            "{value}"
        );
    }
    // The three forms of one date, as RFC 9110 gives them.
    let expected = Ok(RetryAfter::At(
        UNIX_EPOCH + Duration::from_secs(784_111_777),
    ));
    for value in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        assert_eq!(RetryAfter::parse(value), expected, "{value}");
    }
}

#[test]
fn regression_a_gateway_status_is_not_compared_with_the_apis_documented_one() {
    // The gateway answers request_timeout (documented 408) with 504; its body states no status.
    let body = br#"{"meta":{"requestId":"req_gw"},"error":{"code":"err:user:bad_request:request_timeout","message":"The request timed out"}}"#;
    let err = ApiError::from_parts(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), body);
    assert_eq!(err.code(), Some(ErrorCode::BadRequestRequestTimeout));
    assert_eq!(err.body_status(), None);
    assert!(!err.status_disagrees());
    assert!(err.is_retryable());
    // Only a status the body states can disagree.
    let problem = Problem::new(ErrorCode::BadRequestRequestTimeout, "slow").to_json_vec();
    let err = ApiError::from_parts(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), &problem);
    assert!(err.status_disagrees());
}

#[test]
fn retry_rules_follow_the_status_over_every_shape() {
    // Unkey's SDK: every 5xx ("5XX"), nothing else; the gateway's internal_server_error says
    // "Please try again later".
    let rule = |n: u16| (500..600).contains(&n);
    for (shape, body) in shapes() {
        for n in [
            400, 401, 403, 404, 408, 409, 412, 429, 500, 501, 502, 503, 504, 505, 520,
        ] {
            let status = StatusCode::from_u16(n).unwrap();
            let err = ApiError::from_parts(status, &HeaderMap::new(), &body);
            assert_eq!(err.is_retryable(), rule(n), "{shape} {n}");
            #[cfg(feature = "reqwest")]
            {
                // One rule: what the error says is what Unkey's SDK policy does.
                let err = unkey_errors::client::reqwest::Error::from(err);
                let sdk = unkey_errors::client::reqwest::Retry::unkey_sdk();
                assert_eq!(err.is_retryable(), sdk.retries(&err), "{shape} {n}");
            }
        }
    }
}

#[test]
fn retry_after_ms_comes_before_retry_after_over_every_shape() {
    type Headers = &'static [(&'static str, &'static str)];
    let cases: &[(Headers, Option<Duration>)] = &[
        (&[("retry-after", "3")], Some(Duration::from_secs(3))),
        (
            &[("retry-after-ms", "250")],
            Some(Duration::from_millis(250)),
        ),
        (
            &[("retry-after", "3"), ("retry-after-ms", "250")],
            Some(Duration::from_millis(250)),
        ),
        (
            &[("retry-after-ms", "0.5")],
            Some(Duration::from_micros(500)),
        ),
        // An invalid retry-after-ms gives way to a valid Retry-After.
        (
            &[("retry-after-ms", "soon"), ("retry-after", "3")],
            Some(Duration::from_secs(3)),
        ),
        (&[("retry-after-ms", "-5")], None),
        (&[("retry-after-ms", "NaN")], None),
        (&[("retry-after-ms", "1e400")], None),
        (&[], None),
    ];
    for (shape, body) in shapes() {
        for (pairs, expected) in cases {
            let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers(pairs), &body);
            assert_eq!(
                err.retry_after(),
                expected.map(RetryAfter::Delay),
                "{shape} {pairs:?}"
            );
        }
    }
    let err = RetryAfter::from_headers(&headers(&[("retry-after-ms", "-5")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid retry-after-ms "-5": expected delay-seconds or an HTTP date"#
    );
    let later = SystemTime::now() + Duration::from_secs(60);
    let date = RetryAfter::At(later);
    assert!(date.delay_from(SystemTime::now()) <= Duration::from_secs(60));
}

#[test]
fn the_rate_limit_headers_are_read_over_every_shape() {
    let full = [
        ("ratelimit-limit", "100"),
        ("ratelimit-remaining", "0"),
        ("ratelimit-reset", "30"),
    ];
    for (shape, body) in shapes() {
        let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers(&full), &body);
        assert_eq!(
            err.rate_limit(),
            Some(RateLimit::new(100, 0, Duration::from_secs(30))),
            "{shape}"
        );
    }
    assert_eq!(RateLimit::from_headers(&HeaderMap::new()), Ok(None));
    assert_eq!(
        RateLimit::from_headers(&headers(&full[..2])),
        Err(InvalidRateLimit::Incomplete {
            missing: "RateLimit-Reset"
        })
    );
    let bad = [
        ("ratelimit-limit", "100"),
        ("ratelimit-remaining", "-1"),
        ("ratelimit-reset", "30"),
    ];
    assert_eq!(
        RateLimit::from_headers(&headers(&bad))
            .unwrap_err()
            .to_string(),
        r#"invalid RateLimit-Remaining "-1": expected a whole number"#
    );
    let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers(&bad), b"");
    assert_eq!(err.rate_limit(), None);
}

#[test]
fn the_request_id_comes_from_the_body_then_the_headers_in_order() {
    let all = [
        ("x-request-id", "req_x"),
        ("unkey-request-id", "req_v1"),
        ("x-unkey-request-id", "req_gateway"),
    ];
    for (shape, body) in shapes() {
        let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &headers(&all), &body);
        let expected = if shape == "unrecognised" {
            "req_gateway"
        } else {
            "req_body"
        };
        assert_eq!(err.request_id(), Some(expected), "{shape}");
    }
    let body = b"<html/>";
    for (pairs, expected) in [(&all[..2], "req_v1"), (&all[..1], "req_x")] {
        let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &headers(pairs), body);
        assert_eq!(err.request_id(), Some(expected));
    }
    assert_eq!(
        unkey_errors::client::REQUEST_ID_HEADERS
            .iter()
            .map(http::HeaderName::as_str)
            .collect::<Vec<_>>(),
        ["x-unkey-request-id", "unkey-request-id", "x-request-id"]
    );
}

/// What anyhow and eyre print: the error, then each source.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(err) = source {
        text.push_str(" <- ");
        text.push_str(&err.to_string());
        source = err.source();
    }
    text
}

#[test]
fn an_error_chain_says_each_thing_once() {
    let problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid input")
        .with_request_id("req_1")
        .with_validation_error(ValidationError::new("body.limit", "too small"))
        .with_validation_error(ValidationError::new("body.apiId", "is required"))
        .to_json_vec();
    let err = ApiError::from_parts(StatusCode::BAD_REQUEST, &HeaderMap::new(), &problem);
    assert_eq!(
        chain(&err),
        "the call failed: 400 Bad Request: invalid input (unkey/application/invalid_input); invalid: body.limit, body.apiId, request req_1"
    );
    // The status is said once, and a disagreeing HTTP status is named.
    let err = ApiError::from_parts(
        StatusCode::INTERNAL_SERVER_ERROR,
        &HeaderMap::new(),
        &problem,
    );
    assert!(chain(&err).starts_with("the call failed: 400 Bad Request: invalid input (unkey/application/invalid_input) (HTTP 500);"));

    let gateway = &shapes()[1].1;
    let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), gateway);
    assert_eq!(
        chain(&err),
        "the call failed: 502 Bad Gateway: bad (frontline/upstream/bad_gateway), request req_body"
    );
    let v1 = &shapes()[2].1;
    let err = ApiError::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), v1);
    assert_eq!(
        chain(&err),
        "the call failed: 404 Not Found: gone (NOT_FOUND), request req_body"
    );
    // Why a JSON body is not a problem is the source, not in the text.
    let err = ApiError::from_parts(
        StatusCode::BAD_GATEWAY,
        &HeaderMap::new(),
        b"{\"message\":\"x\"}",
    );
    assert_eq!(
        chain(&err),
        "the call failed: 502 Bad Gateway with a body that is not an Unkey error (15 bytes) <- `meta`: missing required field at line 1 column 15"
    );
    for (_, body) in &shapes()[..3] {
        let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), body);
        assert!(err.source().is_none());
    }
}

#[test]
fn legacy_codes_display_and_parse_like_error_codes() {
    for &code in LegacyCode::ALL {
        assert_eq!(code.to_string().parse::<LegacyCode>(), Ok(code));
        assert_eq!(LegacyCode::from_name(code.as_str()), Some(code));
    }
    let err = "NOT_A_CODE".parse::<LegacyCode>().unwrap_err();
    assert_eq!(err.name(), "NOT_A_CODE");
    assert_eq!(err.to_string(), r#"unknown v1 error code "NOT_A_CODE""#);
}

#[test]
fn a_request_id_header_says_why_it_is_refused() {
    use unkey_errors::{server::InvalidRequestId, server::RequestId};
    let refused = |value: &'static str| RequestId::from_header(&HeaderValue::from_static(value));
    assert_eq!(
        refused("req 1"),
        Err(InvalidRequestId::Byte {
            byte: b' ',
            offset: 3
        })
    );
    assert_eq!(refused(""), Err(InvalidRequestId::Empty));
    let long = HeaderValue::from_str(&"a".repeat(129)).unwrap();
    assert_eq!(
        RequestId::from_header(&long),
        Err(InvalidRequestId::TooLong { len: 129 })
    );
    let opaque = HeaderValue::from_bytes(b"req\xff").unwrap();
    assert_eq!(
        RequestId::from_header(&opaque),
        Err(InvalidRequestId::Byte {
            byte: 0xff,
            offset: 3
        })
    );
}

#[test]
fn both_rate_limit_dialects_read_into_one_rate_limit() {
    let in_30_s = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 30;
    let mut gateway = HeaderMap::new();
    gateway.insert("x-ratelimit-limit", HeaderValue::from_static("10"));
    gateway.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
    gateway.insert("x-ratelimit-reset", HeaderValue::from(in_30_s));
    let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &gateway, b"");
    let rate_limit = err.rate_limit().expect("the gateway's dialect is read");
    assert_eq!((rate_limit.limit(), rate_limit.remaining()), (10, 0));
    let reset = rate_limit.reset().as_secs();
    assert!((28..=30).contains(&reset), "{reset}");
    // A reset in the past is a reset of zero, not an error.
    gateway.insert("x-ratelimit-reset", HeaderValue::from_static("1"));
    let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &gateway, b"");
    assert_eq!(err.rate_limit().map(|r| r.reset()), Some(Duration::ZERO));

    let mut api = HeaderMap::new();
    api.insert("ratelimit-limit", HeaderValue::from_static("100"));
    api.insert("ratelimit-remaining", HeaderValue::from_static("3"));
    api.insert("ratelimit-reset", HeaderValue::from_static("30"));
    let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &api, b"");
    assert_eq!(
        err.rate_limit(),
        Some(unkey_errors::ratelimit::RateLimit::new(
            100,
            3,
            Duration::from_secs(30)
        ))
    );
}

#[test]
fn advice_of_zero_or_in_the_past_gives_the_fallback() {
    let fallback = Duration::from_millis(250);
    for advice in ["0", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static(advice));
        let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
        assert!(err.retry_after().is_some(), "{advice}: read");
        assert_eq!(err.delay_or(fallback), fallback, "{advice}");
        #[cfg(feature = "reqwest")]
        {
            let err = unkey_errors::client::reqwest::Error::from(err);
            assert_eq!(err.delay_or(fallback), fallback, "{advice}");
        }
    }
}
