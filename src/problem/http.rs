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
    pub(crate) fn negotiate_values<'a>(accept: impl Iterator<Item = &'a [u8]>) -> Self {
        let listed = accept
            .filter_map(|value| std::str::from_utf8(value).ok())
            .flat_map(|value| value.split(','))
            .map(|range| range.split(';').next().unwrap_or_default().trim())
            .any(|range| {
                ["application/problem+json", "application/*", "*/*"]
                    .iter()
                    .any(|accepted| range.eq_ignore_ascii_case(accepted))
            });
        if listed {
            Self::ProblemJson
        } else {
            Self::Json
        }
    }
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
