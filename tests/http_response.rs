//! `into_http_response` and content negotiation, for every code.

use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use unkey_errors::{problem::ContentType, ErrorCode, Problem};

#[test]
fn every_code_makes_a_complete_response() {
    for &code in ErrorCode::ALL {
        let problem = Problem::new(code, "detail").with_request_id("req_abc");
        let expected_body = serde_json::to_vec(&problem).unwrap();
        let response = problem.clone().into_http_response();
        assert_eq!(response.status(), code.status(), "{code}");
        let expected_type = if code.status() == StatusCode::TOO_MANY_REQUESTS {
            "application/problem+json"
        } else {
            "application/json"
        };
        assert_eq!(response.headers()[CONTENT_TYPE], expected_type, "{code}");
        assert_eq!(response.headers().len(), 1);
        assert_eq!(response.body(), &expected_body, "{code}");
        assert_eq!(Problem::from_slice(response.body()).unwrap(), problem);
    }
}

#[test]
fn a_custom_status_is_the_response_status() {
    let response = Problem::new(ErrorCode::DataKeyNotFound, "gone")
        .with_status(StatusCode::GONE)
        .into_http_response();
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(response.body().windows(12).any(|w| w == br#""status":410"#));
}

fn accept(values: &[&str]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(ACCEPT, HeaderValue::from_str(value).unwrap());
    }
    headers
}

#[test]
fn negotiation_follows_the_live_server() {
    let cases: &[(&[&str], ContentType)] = &[
        (&[], ContentType::Json),
        (&["application/json"], ContentType::Json),
        (&["text/html"], ContentType::Json),
        (&["application/problem+json"], ContentType::ProblemJson),
        (&["APPLICATION/PROBLEM+JSON"], ContentType::ProblemJson),
        (&["application/*"], ContentType::ProblemJson),
        (&["*/*"], ContentType::ProblemJson),
        (&["text/html, */*;q=0.8"], ContentType::ProblemJson),
        (
            &["application/json;q=1, application/problem+json;q=0.5"],
            ContentType::ProblemJson,
        ),
        (
            &["text/plain", "application/problem+json"],
            ContentType::ProblemJson,
        ),
        (&["application/problem+jsonx"], ContentType::Json),
        (&["text/*"], ContentType::Json),
        (
            &[" application/problem+json ; charset=utf-8"],
            ContentType::ProblemJson,
        ),
    ];
    for (values, expected) in cases {
        let headers = accept(values);
        assert_eq!(ContentType::negotiate(&headers), *expected, "{values:?}");
        let response = Problem::new(ErrorCode::AuthorizationForbidden, "no")
            .into_negotiated_response(&headers);
        assert_eq!(
            response.headers()[CONTENT_TYPE],
            expected.as_str(),
            "{values:?}"
        );
    }
}

#[test]
fn a_non_utf8_accept_header_is_ignored() {
    let mut headers = HeaderMap::new();
    headers.append(ACCEPT, HeaderValue::from_bytes(b"\xff\xfe").unwrap());
    assert_eq!(ContentType::negotiate(&headers), ContentType::Json);
    headers.append(ACCEPT, HeaderValue::from_static("*/*"));
    assert_eq!(ContentType::negotiate(&headers), ContentType::ProblemJson);
}

#[test]
fn validation_failures_are_always_json() {
    let headers = accept(&["application/problem+json"]);
    let response =
        Problem::new(ErrorCode::ApplicationInvalidInput, "bad").into_negotiated_response(&headers);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    // Without Accept, the spec's type for 429 wins in the default response...
    let rate_limited = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow");
    assert_eq!(
        rate_limited.clone().into_http_response().headers()[CONTENT_TYPE],
        "application/problem+json"
    );
    // ...and the live server's negotiation answers application/json.
    let response = rate_limited.into_negotiated_response(&HeaderMap::new());
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
}

#[test]
fn fast_writer_equals_serde_for_every_code_and_awkward_strings() {
    let awkward = [
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "controls \u{0} \u{1f} \n\r\t\u{8}\u{c} del \u{7f}",
        "unicode é ü 日本 \u{2028}\u{2029} 😀",
        "<script>&amp;</script>",
    ];
    for &code in ErrorCode::ALL {
        for text in awkward {
            let problem = Problem::new(code, text)
                .with_request_id(text)
                .with_validation_error(
                    unkey_errors::problem::ValidationError::new(text, text).with_fix(text),
                );
            assert_eq!(
                problem.to_json_vec(),
                serde_json::to_vec(&problem).unwrap(),
                "{code} {text:?}"
            );
            let live = Problem::new_live(code, text)
                .with_title(text)
                .with_type_url(text);
            assert_eq!(
                live.to_json_vec(),
                serde_json::to_vec(&live).unwrap(),
                "{code} {text:?}"
            );
            assert_eq!(Problem::from_slice(&live.to_json_vec()).unwrap(), live);
        }
    }
}
