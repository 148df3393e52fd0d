//! `ApiError::from_parts` on arbitrary statuses, content types, headers and bodies: never
//! panics, keeps the status, and keeps a bounded prefix of anything it does not recognise.
#![no_main]

use http::{HeaderMap, HeaderValue, StatusCode};
use libfuzzer_sys::fuzz_target;
use unkey_errors::ApiError;

const CONTENT_TYPES: [Option<&str>; 5] = [
    None,
    Some("application/json"),
    Some("application/problem+json; charset=utf-8"),
    Some("text/html"),
    Some("application/json;"),
];

fuzz_target!(|data: &[u8]| {
    let [a, b, c, rest @ ..] = data else { return };
    let status = StatusCode::from_u16(100 + u16::from_le_bytes([*a, *b]) % 900).expect("in range");
    let mut headers = HeaderMap::new();
    if let Some(Some(content_type)) = CONTENT_TYPES.get(usize::from(*c % 5)) {
        headers.insert("content-type", HeaderValue::from_static(content_type));
    }
    // Bytes after a NUL, when any, are a Retry-After value.
    let (body, retry_after) = match rest.iter().position(|b| *b == 0) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    if let Some(value) = retry_after.and_then(|v| HeaderValue::from_bytes(v).ok()) {
        headers.insert("retry-after", value);
    }
    let limit = 1 + usize::from(*c) * 8;
    let err = ApiError::from_parts_with_limit(status, &headers, body, limit);
    assert_eq!(err.status(), status);
    assert!(!err.to_string().is_empty());
    if let Some(unrecognised) = err.as_unrecognised() {
        assert!(unrecognised.body_prefix().len() <= unkey_errors::UNRECOGNISED_PREFIX_LIMIT);
        assert!(body.starts_with(unrecognised.body_prefix()));
        assert_eq!(unrecognised.is_truncated(), body.len() > limit);
    }
    let _ = (
        err.is_retryable(),
        err.retry_after(),
        err.request_id(),
        err.docs_url(),
        err.status_disagrees(),
    );
});
