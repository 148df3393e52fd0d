//! `ApiError::from_parts` on arbitrary statuses, headers and bodies: never panics (overflow
//! checks are on, see Cargo.toml), keeps the status, keeps a bounded prefix of anything it does
//! not recognise, and reads the headers as the typed readers do. Headers come from templates
//! of every `Retry-After` form with arbitrary numbers in them (a year of 20 digits, day 31 in
//! February), `retry-after-ms`, the request-id headers, the rate-limit headers, content types,
//! or arbitrary bytes.
#![no_main]

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use unkey_errors::{ApiError, ratelimit::RateLimit, client::RetryAfter};

const NAMES: [&str; 10] = [
    "retry-after",
    "retry-after-ms",
    "x-unkey-request-id",
    "unkey-request-id",
    "x-request-id",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "content-type",
    "accept",
];

const CONTENT_TYPES: [&str; 5] = [
    "application/json",
    "application/problem+json; charset=utf-8",
    "text/html",
    "application/json;",
    "Application/JSON",
];

const WEEKDAYS: [&str; 8] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Friday"];
const MONTHS: [&str; 13] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo",
];

#[derive(Arbitrary, Debug)]
enum Value {
    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    Imf(u8, u64, u8, u64, u64, u64, u64),
    /// RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
    Rfc850(u8, u64, u8, u64, u64, u64, u64),
    /// asctime: `Sun Nov  6 08:49:37 1994`.
    Asctime(u8, u8, u64, u64, u64, u64, u64),
    /// Digits: delay-seconds, milliseconds, rate-limit numbers.
    Number(u64),
    /// A decimal, for milliseconds.
    Decimal(f64),
    ContentType(u8),
    Bytes(Vec<u8>),
}

impl Value {
    fn text(&self) -> Vec<u8> {
        let pick = |list: &[&str], i: u8| list[usize::from(i) % list.len()].to_owned();
        match self {
            Self::Imf(w, d, m, y, h, mi, s) => format!(
                "{}, {d:02} {} {y} {h:02}:{mi:02}:{s:02} GMT",
                pick(&WEEKDAYS, *w),
                pick(&MONTHS, *m)
            ),
            Self::Rfc850(w, d, m, y, h, mi, s) => format!(
                "{}day, {d:02}-{}-{y} {h:02}:{mi:02}:{s:02} GMT",
                pick(&WEEKDAYS, *w),
                pick(&MONTHS, *m)
            ),
            Self::Asctime(w, m, d, h, mi, s, y) => format!(
                "{} {} {d:>2} {h:02}:{mi:02}:{s:02} {y}",
                pick(&WEEKDAYS, *w),
                pick(&MONTHS, *m)
            ),
            Self::Number(n) => n.to_string(),
            Self::Decimal(x) => x.to_string(),
            Self::ContentType(i) => pick(&CONTENT_TYPES, *i),
            Self::Bytes(bytes) => return bytes.clone(),
        }
        .into_bytes()
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    headers: Vec<(u8, Value)>,
    limit: u16,
    body: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let status = StatusCode::from_u16(100 + input.status % 900).expect("in range");
    let mut headers = HeaderMap::new();
    for (name, value) in &input.headers {
        let name = HeaderName::from_static(NAMES[usize::from(*name) % NAMES.len()]);
        if let Ok(value) = HeaderValue::from_bytes(&value.text()) {
            headers.append(name, value);
        }
    }
    let limit = 1 + usize::from(input.limit);
    let body = &input.body;
    let err = ApiError::from_parts_with_limit(status, &headers, body, limit);
    assert_eq!(err.status(), status);
    assert!(!err.to_string().is_empty());
    assert_eq!(err.retry_after(), RetryAfter::from_headers(&headers).ok().flatten());
    assert_eq!(err.rate_limit(), RateLimit::from_headers(&headers).ok().flatten());
    if let Some(id) = err.request_id() {
        assert!(!id.is_empty());
    }
    if let Some(unrecognised) = err.as_unrecognised() {
        assert!(unrecognised.body_prefix().len() <= unkey_errors::client::UNRECOGNISED_PREFIX_LIMIT);
        assert!(body.starts_with(unrecognised.body_prefix()));
        assert_eq!(unrecognised.is_truncated(), body.len() > limit);
    }
    if let Some(RetryAfter::At(at)) = err.retry_after() {
        // A date read is one of 1970 to 9999, never one far off.
        let secs = at.duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs();
        assert!(secs <= 253_402_300_799, "{secs}");
    }
    let _ = (err.is_retryable(), err.page_url(), err.status_disagrees(), err.code());
    // The typed readers on every value, as a client would call them.
    for value in headers.values() {
        if let Ok(text) = value.to_str() {
            let _ = (RetryAfter::parse(text), RetryAfter::parse_ms(text));
        }
        let _ = unkey_errors::server::RequestId::from_header(value);
    }
});
