//! The gateway's own answers, checked against Unkey's frontline source
//! (`svc/frontline/middleware/observability.go` at fc99b6b9: `getErrorPageInfoFrontline`, the
//! JSON envelope and the `Accept` rule; `internal/policies/principal/principal.go`).

use http::{HeaderMap, HeaderValue, StatusCode};
use unkey_errors::gateway::{prefers_json, GatewayError, Principal, PRINCIPAL_HEADER};
use unkey_errors::testing::{self, Expected};
use unkey_errors::{assert_problem, verify, ApiError, ErrorCode};

/// Every case of `getErrorPageInfoFrontline`, as the Go source writes it: the URN, the status,
/// Go's `http.StatusText` of it, and the message ("" where the error's own message is used).
const FRONTLINE: &[(&str, u16, &str, &str)] = &[
    ("err:user:bad_request:client_closed_request", 499, "Client Closed Request", "The client closed the connection before the request completed."),
    ("err:user:bad_request:request_timeout", 504, "Gateway Timeout", "The request took too long to process. Please try again later."),
    ("err:user:bad_request:request_body_too_large", 413, "Request Entity Too Large", "The request body exceeds the maximum allowed size."),
    ("err:user:bad_request:request_body_unreadable", 400, "Bad Request", "The request body could not be read."),
    ("err:unkey:authentication:missing", 401, "Unauthorized", "Authentication required."),
    ("err:unkey:authentication:malformed", 401, "Unauthorized", "The authentication credentials are malformed."),
    ("err:unkey:application:invalid_input", 400, "Bad Request", ""),
    ("err:frontline:routing:config_not_found", 404, "Not Found", "No deployment found for this hostname. Please check your domain configuration or contact support at support@unkey.com."),
    ("err:frontline:upstream:bad_gateway", 502, "Bad Gateway", "Unable to connect. Please try again in a few moments."),
    ("err:frontline:upstream:proxy_forward_failed", 502, "Bad Gateway", "Unable to connect. Please try again in a few moments."),
    ("err:frontline:upstream:service_unavailable", 503, "Service Unavailable", "The service is temporarily unavailable. Please try again later."),
    ("err:frontline:upstream:gateway_timeout", 504, "Gateway Timeout", "The request took too long to process. Please try again later."),
    ("err:frontline:client:missing_credentials", 401, "Unauthorized", "Authentication required. Please provide a valid API key."),
    ("err:frontline:client:invalid_key", 401, "Unauthorized", "Authentication failed. The provided API key is invalid."),
    ("err:frontline:client:insufficient_permissions", 403, "Forbidden", "Access denied. The API key does not have the required permissions."),
    ("err:frontline:client:rate_limited", 429, "Too Many Requests", "Rate limit exceeded. Please try again later."),
    ("err:frontline:client:usage_exceeded", 429, "Too Many Requests", "Usage limit exceeded. This API key has no remaining credits."),
    ("err:frontline:client:firewall_denied", 403, "Forbidden", "Forbidden"),
    ("err:frontline:client:openapi_validation_failed", 400, "Bad Request", ""),
    ("err:frontline:routing:deployment_not_found", 404, "Not Found", "The requested deployment could not be found."),
    ("err:frontline:capacity:no_running_instances", 503, "Service Unavailable", "No running instances are available to handle this request."),
    ("err:frontline:capacity:deployment_offline", 503, "Service Unavailable", "This deployment is offline."),
    ("err:frontline:capacity:spend_limit_reached", 402, "Payment Required", "Compute for this workspace is paused because it reached its spend limit. Raise or remove the spend budget to resume."),
    ("err:frontline:platform:deployment_selection_failed", 500, "Internal Server Error", "Failed to select an instance to handle your request."),
    ("err:frontline:config:invalid_configuration", 422, "Unprocessable Entity", "The deployment configuration is invalid. Please check your config or contact support at support@unkey.com."),
    ("err:frontline:platform:internal_server_error", 500, "Internal Server Error", "An unexpected error occurred. Please try again later."),
];

#[test]
fn status_title_and_message_agree_with_frontline_for_every_code_it_answers() {
    for &(urn, status, title, message) in FRONTLINE {
        let code: ErrorCode = urn.parse().unwrap();
        let error = GatewayError::new(code);
        assert_eq!(
            (error.urn(), error.status().as_u16(), error.title()),
            (urn, status, title),
            "{urn}"
        );
        // Where the gateway takes the error's own message, the title stands in.
        let expected = if message.is_empty() { title } else { message };
        assert_eq!(error.message(), expected, "{urn}");
    }
    // Anything else, a code it does not list and one unknown to this version: 500.
    let unlisted = GatewayError::new(ErrorCode::PlatformConfigLoadFailed);
    assert_eq!(
        (unlisted.status().as_u16(), unlisted.title()),
        (500, "Internal Server Error")
    );
    let unknown = GatewayError::from_slice(
        br#"{"meta":{"requestId":"r"},"error":{"code":"err:frontline:new:thing","message":"m"}}"#,
    )
    .unwrap();
    assert_eq!((unknown.code(), unknown.status().as_u16()), (None, 500));
}

#[test]
fn the_json_is_what_go_writes_byte_for_byte() {
    // Go's encoding/json: compact, the declared order, no newline, HTML characters escaped.
    let error = GatewayError::new(ErrorCode::ClientInvalidKey)
        .with_message("a <b> & \"c\"\n\u{2028}")
        .with_request_id("req_2c9a0jf23l4k567");
    assert_eq!(
        error.to_json_string(),
        r#"{"meta":{"requestId":"req_2c9a0jf23l4k567"},"error":{"code":"err:frontline:client:invalid_key","message":"a \u003cb\u003e \u0026 \"c\"\n\u2028"}}"#
    );
    // Read back whatever the order and escaping; members it does not define are ignored.
    let reordered = br#"{"error":{"message":"a <b> & \"c\"\n\u2028","code":"err:frontline:client:invalid_key","extra":1},"meta":{"requestId":"req_2c9a0jf23l4k567"}}"#;
    assert_eq!(GatewayError::from_slice(reordered).unwrap(), error);
    // serde writes the same envelope.
    let value: serde_json::Value = serde_json::to_value(&error).unwrap();
    assert_eq!(value["error"]["code"], "err:frontline:client:invalid_key");
}

#[test]
fn a_body_that_is_not_the_envelope_says_what_is_wrong() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "EOF while parsing a value at line 1 column 0"),
        (br#"{"meta":{"requestId":"r"}}"#, "missing field `error`"),
        (
            br#"{"meta":{},"error":{"code":"c","message":"m"}}"#,
            "missing field `requestId`",
        ),
        (
            br#"{"meta":{"requestId":"r"},"error":{"code":7,"message":"m"}}"#,
            "invalid type: integer `7`",
        ),
    ];
    for (body, expected) in cases {
        let err = GatewayError::from_slice(body).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    }
}

#[test]
fn the_accept_rule_is_the_gateways() {
    let cases: &[(&[u8], bool)] = &[
        (b"application/json", true),
        (b"application/*", true),
        (b"*/*", true),
        (b"text/plain, */*", true),
        (b"application/problem+json", false),
        (
            b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            false,
        ),
        (b"text/html, application/json", true),
        (b"APPLICATION/JSON", false), // strings.Contains is case-sensitive
        (b"", false),
    ];
    for &(accept, json) in cases {
        assert_eq!(
            prefers_json(accept),
            json,
            "{:?}",
            String::from_utf8_lossy(accept)
        );
    }
}

#[test]
fn a_denied_verification_answers_with_its_headers_as_json_or_the_page() {
    let body = br#"{"data":{"valid":false,"code":"USAGE_EXCEEDED","keyId":"key_1","credits":0}}"#;
    let denied = verify::KeyVerification::from_slice(body)
        .unwrap()
        .gateway_error()
        .unwrap()
        .with_request_id("req_1");
    let json = denied
        .clone()
        .into_http_response(Some(&HeaderValue::from_static("application/json")));
    assert_eq!(json.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json.headers()["content-type"], "application/json");
    assert_eq!(json.body(), &denied.to_json_vec());
    assert_problem!(
        json,
        ErrorCode::ClientUsageExceeded,
        detail = "Usage limit exceeded. This API key has no remaining credits.",
        request_id = "req_1"
    );
    let page = denied.into_http_response(None);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let text = String::from_utf8(page.into_body()).unwrap();
    for shown in [
        "<title>429 Too Many Requests</title>",
        "err:frontline:client:usage_exceeded",
        "https://unkey.com/docs/errors/frontline/client/usage_exceeded",
        "req_1",
        "name=\"viewport\"",
        "prefers-color-scheme:dark",
    ] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    assert!(!text.contains("<script") && !text.contains("src="));
}

#[test]
fn tests_check_a_gateway_answer_from_every_source() {
    let denied = verify::missing_credentials().with_request_id("req_9");
    let body = denied.to_json_vec();
    // The error, its bytes, its text, a response and a client's ApiError.
    assert_problem!(denied, ErrorCode::ClientMissingCredentials, status = 401);
    assert_problem!(
        body,
        ErrorCode::ClientMissingCredentials,
        request_id = "req_9"
    );
    assert_problem!(denied.to_json_string(), ErrorCode::ClientMissingCredentials);
    let response = denied
        .clone()
        .into_http_response(Some(&HeaderValue::from_static("*/*")));
    assert_problem!(response, ErrorCode::ClientMissingCredentials);
    let api = ApiError::from_parts(StatusCode::UNAUTHORIZED, &HeaderMap::new(), &body);
    assert_problem!(api, ErrorCode::ClientMissingCredentials);
    // The gateway's status for an API code it answers differently: 504 for a request timeout.
    let timeout = GatewayError::new(ErrorCode::BadRequestRequestTimeout);
    assert_problem!(timeout, ErrorCode::BadRequestRequestTimeout);
    // A mismatch is reported as for a problem.
    let report = testing::check(&body, &Expected::new(ErrorCode::ClientInvalidKey)).unwrap_err();
    assert_eq!(
        report,
        "not the expected problem:\n  code:       expected frontline/client/invalid_key, found frontline/client/missing_credentials\n  actual:     401 frontline/client/missing_credentials \"Unauthorized\": \"Authentication required. Please provide a valid API key.\""
    );
    // The page says what it is and how to check the answer instead.
    let page = verify::missing_credentials().to_html();
    let report = testing::check(&page, &Expected::any()).unwrap_err();
    assert!(
        report.starts_with("an HTML page, not a JSON answer"),
        "{report}"
    );
}

#[test]
fn a_principal_is_read_from_the_header_and_made_from_a_verification_alike() {
    let verification = verify::KeyVerification::from_slice(
        br#"{"data":{"valid":true,"code":"VALID","keyId":"key_1","name":"ci","expires":1900000000000,
            "credits":4,"meta":{"plan":"pro","seats":3},"roles":["admin"],"permissions":["docs.read"],
            "identity":{"id":"id_1","externalId":"user_42","meta":{"org":"acme"}}}}"#,
    )
    .unwrap();
    let made = Principal::from_verification(&verification)
        .unwrap()
        .with_key_space_id("ks_1");
    // As the gateway writes it for that key (principal.go's field order, meta keys sorted).
    let header = r#"{"version":"v1","subject":"user_42","type":"API_KEY","identity":{"externalId":"user_42","meta":{"org":"acme"}},"source":{"key":{"keyId":"key_1","keySpaceId":"ks_1","name":"ci","expiresAt":1900000000000,"credits":4,"meta":{"plan":"pro","seats":3},"roles":["admin"],"permissions":["docs.read"]}}}"#;
    assert_eq!(made.to_json_string(), header);
    let mut headers = HeaderMap::new();
    headers.insert(PRINCIPAL_HEADER, HeaderValue::from_static(header));
    assert_eq!(Principal::from_request_headers(&headers).unwrap(), made);
    // No identity: the subject is the key id; a key that is not valid has no principal.
    let plain = verify::KeyVerification::from_slice(
        br#"{"data":{"valid":true,"code":"VALID","keyId":"key_2"}}"#,
    )
    .unwrap();
    let principal = Principal::from_verification(&plain).unwrap();
    assert_eq!(
        principal.to_json_string(),
        r#"{"version":"v1","subject":"key_2","type":"API_KEY","source":{"key":{"keyId":"key_2","keySpaceId":"","meta":{}}}}"#
    );
    let denied = verify::KeyVerification::from_slice(
        br#"{"data":{"valid":false,"code":"EXPIRED","keyId":"key_2"}}"#,
    )
    .unwrap();
    assert!(Principal::from_verification(&denied).is_none());
    // "valid" with a code that says otherwise is no principal, as it is a denial (the fuzz
    // target verify_response found this one).
    let unsure = verify::KeyVerification::from_slice(
        br#"{"data":{"valid":true,"code":"VAIID","keyId":"key_2"}}"#,
    )
    .unwrap();
    assert!(unsure.gateway_error().is_some());
    assert!(Principal::from_verification(&unsure).is_none());
    // Two headers: the gateway sets one; two is a forgery or a mistake, never a guess.
    headers.append(PRINCIPAL_HEADER, HeaderValue::from_static(header));
    assert_eq!(
        Principal::from_request_headers(&headers)
            .unwrap_err()
            .code(),
        Some(ErrorCode::ClientInvalidKey)
    );
}
