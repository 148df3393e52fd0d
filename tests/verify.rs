//! A key verification answered as Unkey's gateway answers it
//! (`svc/frontline/internal/policies/keyauth/` in Unkey's repository).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use unkey_errors::verify::{self, KeyVerification, VerifyCode};
use unkey_errors::{assert_problem, ErrorCode};

const NOW_S: u64 = 1_700_000_000;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_S)
}

fn verification(valid: bool, code: &str, ratelimits: &str) -> KeyVerification {
    let body = format!(
        r#"{{"meta":{{"requestId":"req_1"}},"data":{{"valid":{valid},"code":"{code}","keyId":"key_1","credits":3,"ratelimits":[{ratelimits}],"permissions":["a"],"enabled":true}}}}"#
    );
    KeyVerification::from_slice(body.as_bytes()).unwrap()
}

fn limit(name: &str, remaining: u64, reset_ms: u64, exceeded: bool) -> String {
    format!(
        r#"{{"id":"rl_{name}","name":"{name}","limit":10,"remaining":{remaining},"reset":{reset_ms},"exceeded":{exceeded},"duration":60000,"autoApply":true}}"#
    )
}

fn headers(error: &unkey_errors::gateway::GatewayError) -> Vec<(String, String)> {
    error
        .headers()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn every_code_answers_as_the_gateway_does() {
    let cases: &[(&str, ErrorCode, u16, &str)] = &[
        (
            "INSUFFICIENT_PERMISSIONS",
            ErrorCode::ClientInsufficientPermissions,
            403,
            "Access denied. The API key does not have the required permissions.",
        ),
        (
            "RATE_LIMITED",
            ErrorCode::ClientRateLimited,
            429,
            "Rate limit exceeded. Please try again later.",
        ),
        (
            "USAGE_EXCEEDED",
            ErrorCode::ClientUsageExceeded,
            429,
            "Usage limit exceeded. This API key has no remaining credits.",
        ),
        (
            "NOT_FOUND",
            ErrorCode::ClientInvalidKey,
            401,
            "Authentication failed. The provided API key is invalid.",
        ),
        (
            "DISABLED",
            ErrorCode::ClientInvalidKey,
            401,
            "Authentication failed. The provided API key is invalid.",
        ),
        (
            "EXPIRED",
            ErrorCode::ClientInvalidKey,
            401,
            "Authentication failed. The provided API key is invalid.",
        ),
        (
            "FORBIDDEN",
            ErrorCode::ClientInvalidKey,
            401,
            "Authentication failed. The provided API key is invalid.",
        ),
        (
            "SOMETHING_NEW",
            ErrorCode::ClientInvalidKey,
            401,
            "Authentication failed. The provided API key is invalid.",
        ),
    ];
    for &(code, expected, status, message) in cases {
        let verification = verification(false, code, "");
        assert_eq!(verification.code().as_str(), code);
        let problem = verification.gateway_error_at(now()).unwrap();
        assert_problem!(problem, expected, status = status, detail = message);
        assert_eq!(headers(&problem), Vec::<(String, String)>::new(), "{code}");
    }
    // Valid: no problem. A "valid" that says otherwise is not trusted.
    assert!(verification(true, "VALID", "")
        .gateway_error_at(now())
        .is_none());
    assert_problem!(
        verification(false, "VALID", "")
            .gateway_error_at(now())
            .unwrap(),
        ErrorCode::ClientInvalidKey
    );
    assert_eq!(
        "SOMETHING_NEW".parse::<VerifyCode>(),
        Ok(VerifyCode::Unknown("SOMETHING_NEW".to_owned()))
    );
}

#[test]
fn the_most_restrictive_limit_a_denied_one_first_sets_the_headers() {
    let reset = (NOW_S + 30) * 1000 + 200; // 30.2 s from now
    let limits = [
        limit("loose", 9, reset, false),
        limit("denied", 4, reset, true),
        limit("tight", 1, reset, false),
    ]
    .join(",");
    let problem = verification(false, "RATE_LIMITED", &limits)
        .gateway_error_at(now())
        .unwrap();
    assert_eq!(
        headers(&problem),
        [
            ("x-ratelimit-limit", "10"),
            ("x-ratelimit-remaining", "4"),
            ("x-ratelimit-reset", "1700000030"),
            ("retry-after", "31"), // rounded up
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
    );
    let response =
        problem.into_http_response(Some(&http::HeaderValue::from_static("application/json")));
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "31");

    // No denied limit: the lowest remaining, and no Retry-After; on a success too.
    let limits = [
        limit("loose", 9, reset, false),
        limit("tight", 1, reset, false),
    ]
    .join(",");
    let valid = verification(true, "VALID", &limits);
    assert!(valid.gateway_error_at(now()).is_none());
    let success = valid.rate_limit_headers_at(now());
    assert_eq!(success["x-ratelimit-remaining"], "1");
    assert!(success.get("retry-after").is_none());
}

#[test]
fn retry_after_is_at_least_one_second() {
    let past = (NOW_S - 5) * 1000;
    let problem = verification(false, "RATE_LIMITED", &limit("denied", 0, past, true))
        .gateway_error_at(now())
        .unwrap();
    assert!(headers(&problem).contains(&("retry-after".to_owned(), "1".to_owned())));
}

#[test]
fn the_fields_are_read_and_a_missing_key_is_the_gateways_401() {
    let reset = (NOW_S + 60) * 1000;
    let verification = verification(true, "VALID", &limit("requests", 7, reset, false));
    assert_eq!(verification.key_id(), Some("key_1"));
    assert_eq!(verification.credits(), Some(3));
    let limit = &verification.ratelimits()[0];
    assert_eq!(
        (limit.id(), limit.name(), limit.limit(), limit.remaining()),
        ("rl_requests", "requests", 10, 7)
    );
    assert_eq!(limit.reset(), Duration::from_secs(NOW_S + 60));
    assert_eq!(limit.duration(), Duration::from_secs(60));
    assert!(limit.auto_apply() && !limit.exceeded());
    assert_problem!(
        verify::missing_credentials(),
        ErrorCode::ClientMissingCredentials,
        status = 401,
        detail = "Authentication required. Please provide a valid API key."
    );
    let err = KeyVerification::from_slice(br#"{"data":{"valid":"yes"}}"#).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}
