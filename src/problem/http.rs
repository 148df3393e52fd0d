//! Problems as HTTP responses, and the content type of an error response.

use std::fmt;

use http::header::{ACCEPT, CONTENT_TYPE};

use http::{HeaderMap, HeaderValue, Response, StatusCode};

use crate::{ErrorCode, Problem};

/// The content type of an error response: `application/json` or `application/problem+json`.
///
/// Unkey's OpenAPI spec declares `application/problem+json` for 429 responses and
/// `application/json` for every other error; the official SDKs only recognise a typed error
/// when the content type is exactly the declared one, so [`ContentType::for_status`] is the
/// default. The live server negotiates instead: [`ContentType::negotiate`].
///
/// ```
/// use http::StatusCode;
/// use unkey_errors::problem::ContentType;
///
/// assert_eq!(ContentType::for_status(StatusCode::TOO_MANY_REQUESTS), ContentType::ProblemJson);
/// assert_eq!(ContentType::for_status(StatusCode::FORBIDDEN).as_str(), "application/json");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ContentType {
    /// `application/json`
    Json,
    /// `application/problem+json` (RFC 9457)
    ProblemJson,
}

impl ContentType {
    /// The media type, e.g. `"application/problem+json"`.
    ///
    /// ```
    /// use unkey_errors::problem::ContentType;
    /// assert_eq!(ContentType::ProblemJson.as_str(), "application/problem+json");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::ProblemJson => "application/problem+json",
        }
    }

    /// The media type as a header value, without allocating.
    ///
    /// ```
    /// use unkey_errors::problem::ContentType;
    /// assert_eq!(ContentType::Json.header_value(), "application/json");
    /// ```
    #[must_use]
    pub const fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(self.as_str())
    }

    /// What Unkey's OpenAPI spec declares for an error response with `status`:
    /// `application/problem+json` for 429, `application/json` for everything else.
    ///
    /// ```
    /// use http::StatusCode;
    /// use unkey_errors::problem::ContentType;
    /// assert_eq!(ContentType::for_status(StatusCode::BAD_REQUEST), ContentType::Json);
    /// ```
    #[must_use]
    pub fn for_status(status: StatusCode) -> Self {
        if status == StatusCode::TOO_MANY_REQUESTS {
            Self::ProblemJson
        } else {
            Self::Json
        }
    }

    /// What the live server answers a request with these headers: `application/problem+json`
    /// when an `Accept` header lists `application/problem+json`, `application/*` or `*/*`
    /// (in any case, with any parameters), else `application/json`.
    ///
    /// ```
    /// use http::{header::ACCEPT, HeaderMap, HeaderValue};
    /// use unkey_errors::problem::ContentType;
    ///
    /// let mut headers = HeaderMap::new();
    /// assert_eq!(ContentType::negotiate(&headers), ContentType::Json);
    /// headers.insert(ACCEPT, HeaderValue::from_static("text/html, */*;q=0.8"));
    /// assert_eq!(ContentType::negotiate(&headers), ContentType::ProblemJson);
    /// ```
    #[must_use]
    pub fn negotiate(request_headers: &HeaderMap) -> Self {
        Self::negotiate_values(
            request_headers
                .get_all(ACCEPT)
                .iter()
                .map(HeaderValue::as_bytes),
        )
    }

    /// [`negotiate`](Self::negotiate) over `Accept` values however a framework holds them.
    pub(crate) fn negotiate_values<'a>(mut accept: impl Iterator<Item = &'a [u8]>) -> Self {
        if accept.any(lists_problem_json) {
            Self::ProblemJson
        } else {
            Self::Json
        }
    }
}

/// Whether one `Accept` value lists `application/problem+json`, `application/*` or `*/*` (in
/// any case, with any parameters): each comma-separated range, cut at its first `;` and
/// trimmed as `str::trim` trims, compared without case. A value that is not UTF-8 lists none.
///
/// Read in one pass over the bytes for an ASCII value (every header a client sends in
/// practice: a browser's is about 85 bytes); a value with other bytes goes through `str`, whose
/// `trim` also takes Unicode spaces off.
fn lists_problem_json(value: &[u8]) -> bool {
    if !value.is_ascii() {
        return std::str::from_utf8(value).is_ok_and(|value| {
            value
                .split(',')
                .map(|range| range.split(';').next().unwrap_or_default().trim())
                .any(|range| is_problem_json_range(range.as_bytes()))
        });
    }
    // One look at each byte: where the range ends (`,`) and where its media type ends (the
    // range's first `;`).
    let listed = |start: usize, end: usize| {
        value
            .get(start..end)
            .is_some_and(|media| is_problem_json_range(trim_ascii_as_str_trims(media)))
    };
    let (mut start, mut media_end) = (0, None);
    for (at, &byte) in value.iter().enumerate() {
        match byte {
            b',' => {
                if listed(start, media_end.unwrap_or(at)) {
                    return true;
                }
                (start, media_end) = (at + 1, None);
            }
            b';' if media_end.is_none() => media_end = Some(at),
            _ => {}
        }
    }
    listed(start, media_end.unwrap_or(value.len()))
}

/// A range that asks for problem+json (or anything JSON-like it covers), in any case.
fn is_problem_json_range(range: &[u8]) -> bool {
    // Each candidate has its own length: one comparison of lengths rejects most ranges.
    match range.len() {
        24 => range.eq_ignore_ascii_case(b"application/problem+json"),
        13 => range.eq_ignore_ascii_case(b"application/*"),
        3 => range == b"*/*",
        _ => false,
    }
}

/// `bytes` without the ASCII characters `str::trim` takes off either end (Unicode's
/// White_Space among ASCII: tab, line feed, vertical tab, form feed, carriage return, space;
/// `u8::is_ascii_whitespace` leaves out the vertical tab).
fn trim_ascii_as_str_trims(mut bytes: &[u8]) -> &[u8] {
    let space = |byte: &u8| matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    while let [first, rest @ ..] = bytes {
        if !space(first) {
            break;
        }
        bytes = rest;
    }
    while let [rest @ .., last] = bytes {
        if !space(last) {
            break;
        }
        bytes = rest;
    }
    bytes
}

impl fmt::Display for ContentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Problem {
    /// The content type Unkey's OpenAPI spec declares for this problem's status; see
    /// [`ContentType::for_status`].
    ///
    /// ```
    /// use unkey_errors::{problem::ContentType, ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow down");
    /// assert_eq!(problem.content_type(), ContentType::ProblemJson);
    /// ```
    #[must_use]
    pub fn content_type(&self) -> ContentType {
        ContentType::for_status(self.status)
    }

    /// The content type the live server would answer a request with these headers: see
    /// [`ContentType::negotiate`]. Request validation failures
    /// ([`ErrorCode::ApplicationInvalidInput`]) are always `application/json`, as on the
    /// live server.
    ///
    /// ```
    /// use http::{header::ACCEPT, HeaderMap, HeaderValue};
    /// use unkey_errors::{problem::ContentType, ErrorCode, Problem};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(ACCEPT, HeaderValue::from_static("application/problem+json"));
    /// let forbidden = Problem::new(ErrorCode::AuthorizationForbidden, "no");
    /// assert_eq!(forbidden.negotiated_content_type(&headers), ContentType::ProblemJson);
    /// let invalid = Problem::new(ErrorCode::ApplicationInvalidInput, "bad");
    /// assert_eq!(invalid.negotiated_content_type(&headers), ContentType::Json);
    /// ```
    #[must_use]
    pub fn negotiated_content_type(&self, request_headers: &HeaderMap) -> ContentType {
        self.content_type_for(ContentType::negotiate(request_headers))
    }

    /// What the live server answers when `Accept` negotiated `accepted`: that, except for
    /// request validation failures, always `application/json`.
    pub(crate) fn content_type_for(&self, accepted: ContentType) -> ContentType {
        if self.code == Some(ErrorCode::ApplicationInvalidInput) {
            ContentType::Json
        } else {
            accepted
        }
    }

    /// The complete HTTP response: the problem's status, `Content-Type` as Unkey's OpenAPI spec
    /// declares it ([`content_type`](Self::content_type)) and the compact JSON body. It is a
    /// value: the problem's [`cause`](Self::cause), if any, is not in it and is not reported
    /// (take [`to_report`](Self::to_report) first to report it).
    ///
    /// ```
    /// use http::header::CONTENT_TYPE;
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let response = Problem::new(ErrorCode::AuthorizationForbidden, "This operation is not allowed")
    ///     .with_request_id("req_2c9a0jf23l4k567")
    ///     .into_http_response();
    /// assert_eq!(response.status(), 403);
    /// assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    /// assert!(response.body().starts_with(br#"{"meta":{"requestId":"req_2c9a0jf23l4k567"}"#));
    /// ```
    #[must_use]
    pub fn into_http_response(self) -> Response<Vec<u8>> {
        let content_type = self.content_type();
        self.into_response_with(content_type)
    }

    /// The complete HTTP response with the content type negotiated from the request's headers
    /// as the live server does ([`negotiated_content_type`](Self::negotiated_content_type)).
    ///
    /// ```
    /// use http::{header::{ACCEPT, CONTENT_TYPE}, HeaderMap, HeaderValue};
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let mut request_headers = HeaderMap::new();
    /// request_headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
    /// let response = Problem::new(ErrorCode::AuthorizationForbidden, "no")
    ///     .into_negotiated_response(&request_headers);
    /// assert_eq!(response.headers()[CONTENT_TYPE], "application/problem+json");
    /// ```
    #[must_use]
    pub fn into_negotiated_response(self, request_headers: &HeaderMap) -> Response<Vec<u8>> {
        let content_type = self.negotiated_content_type(request_headers);
        self.into_response_with(content_type)
    }

    /// The complete HTTP response with the given content type.
    ///
    /// ```
    /// use http::header::CONTENT_TYPE;
    /// use unkey_errors::{problem::ContentType, ErrorCode, Problem};
    /// let response = Problem::new(ErrorCode::AuthorizationForbidden, "no")
    ///     .into_response_with(ContentType::ProblemJson);
    /// assert_eq!(response.headers()[CONTENT_TYPE], "application/problem+json");
    /// ```
    #[must_use]
    pub fn into_response_with(mut self, content_type: ContentType) -> Response<Vec<u8>> {
        let mut response = Response::new(self.to_json_vec());
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, content_type.header_value());
        if let Some(more) = self.more.take() {
            headers.extend(more.headers);
        }
        response
    }
}
