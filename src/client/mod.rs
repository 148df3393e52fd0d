//! The client side: [`ApiError`], "the API call failed", built from any failed response.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::{ErrorCode, ParseError, Problem};

mod httpdate;
#[cfg(feature = "reqwest")]
pub mod reqwest;

/// The body size [`ApiError`] reads by default: 64 KiB. Unkey's error bodies are well under
/// 1 KiB; anything larger is a proxy's page or an attack, and is not buffered whole.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// How much of an unrecognised body [`Unrecognised::body_prefix`] keeps: 1 KiB.
pub const UNRECOGNISED_PREFIX_LIMIT: usize = 1024;

/// The request id headers looked at when the body has none, in this order.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-unkey-request-id", "unkey-request-id", "x-request-id"];

/// A failed call to Unkey's API: the HTTP status, the headers that matter and the body,
/// recognised as one of the shapes Unkey sends.
///
/// Building one never fails: whatever the body, an `ApiError` comes out. It recognises, in
/// this order, the v2 envelope ([`Problem`]), the gateway envelope
/// `{meta, error: {code, message}}` ([`GatewayError`]), the retired v1 envelope
/// `{error: {code, docs, message, requestId}}` ([`LegacyError`]), and anything else (empty,
/// HTML, text, truncated JSON) as [`Unrecognised`], keeping the status, the content type and a
/// bounded prefix of the body. Bodies with a content type other than `application/json`,
/// `application/problem+json` (with any parameters) or none are not parsed as JSON at all.
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// use unkey_errors::{ApiError, ErrorCode};
///
/// let body = br#"{"meta":{"requestId":"req_1"},"error":{"detail":"Key not found","status":404,
///     "title":"Not Found","type":"https://unkey.com/docs/errors/unkey/data/key_not_found"}}"#;
/// let err = ApiError::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), body);
/// assert_eq!(err.code(), Some(ErrorCode::DataKeyNotFound));
/// assert_eq!(err.request_id(), Some("req_1"));
/// assert!(!err.is_retryable());
///
/// let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>502</html>");
/// assert!(err.as_unrecognised().is_some());
/// assert!(err.is_retryable());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    content_type: Option<String>,
    header_request_id: Option<String>,
    retry_after: Option<RetryAfter>,
    body: ApiErrorBody,
}

/// What the body of an [`ApiError`] was recognised as.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorBody {
    /// The v2 envelope, `{meta: {requestId}, error: {detail, status, title, type, errors?}}`.
    Problem(Problem),
    /// The gateway's envelope, `{meta: {requestId}, error: {code, message}}`.
    Gateway(GatewayError),
    /// The retired v1 envelope, `{error: {code, docs, message, requestId}}`.
    Legacy(LegacyError),
    /// Anything else.
    Unrecognised(Unrecognised),
}

impl ApiError {
    /// Builds the error from a response's parts, reading at most [`DEFAULT_BODY_LIMIT`] bytes
    /// of `body`.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::ApiError;
    /// let err = ApiError::from_parts(StatusCode::INTERNAL_SERVER_ERROR, &HeaderMap::new(), b"");
    /// assert_eq!(err.status(), 500);
    /// ```
    #[must_use]
    pub fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        Self::from_parts_with_limit(status, headers, body, DEFAULT_BODY_LIMIT)
    }

    /// Builds the error from a response's parts, reading at most `limit` bytes of `body`; a
    /// longer body is [`Unrecognised`] with [`Unrecognised::is_truncated`].
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::ApiError;
    /// let body = vec![b' '; 100];
    /// let err = ApiError::from_parts_with_limit(StatusCode::BAD_GATEWAY, &HeaderMap::new(), &body, 10);
    /// assert!(err.as_unrecognised().is_some_and(|u| u.is_truncated()));
    /// ```
    #[must_use]
    pub fn from_parts_with_limit(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        limit: usize,
    ) -> Self {
        let truncated = body.len() > limit;
        let kept = body.get(..limit).unwrap_or(body);
        Self::from_read_body(status, headers, kept, truncated)
    }

    /// Builds the error from a body that was read up to a limit; `truncated` says there was
    /// more. Used by the streaming readers.
    pub(crate) fn from_read_body(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        truncated: bool,
    ) -> Self {
        let content_type = headers
            .get(CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let header_request_id = REQUEST_ID_HEADERS.iter().find_map(|name| {
            headers
                .get(*name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        });
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(RetryAfter::parse);
        let json_allowed = content_type.as_deref().is_none_or(is_json_media_type);
        let body = if truncated {
            ApiErrorBody::Unrecognised(Unrecognised::new(body, true, None))
        } else if json_allowed {
            recognise(body)
        } else {
            ApiErrorBody::Unrecognised(Unrecognised::new(body, false, None))
        };
        Self {
            status,
            content_type,
            header_request_id,
            retry_after,
            body,
        }
    }

    /// Builds the error from an `http::Response` whose body is in memory.
    ///
    /// ```
    /// use unkey_errors::{ApiError, ErrorCode, Problem};
    /// let response = Problem::new(ErrorCode::AuthorizationForbidden, "no").into_http_response();
    /// let err = ApiError::from_response(&response);
    /// assert_eq!(err.code(), Some(ErrorCode::AuthorizationForbidden));
    /// ```
    #[must_use]
    pub fn from_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Self {
        Self::from_parts(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// The HTTP status of the response.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::ApiError;
    /// assert_eq!(ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"").status(), 502);
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The status the body states: a problem's `status`, or the documented status of a known
    /// gateway or v1 code. `None` when the body states none.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::{ApiError, ErrorCode, Problem};
    /// let body = Problem::new(ErrorCode::DataKeyNotFound, "gone").to_json_vec();
    /// let err = ApiError::from_parts(StatusCode::OK, &HeaderMap::new(), &body);
    /// assert_eq!(err.body_status(), Some(StatusCode::NOT_FOUND));
    /// assert!(err.status_disagrees());
    /// ```
    #[must_use]
    pub fn body_status(&self) -> Option<StatusCode> {
        match &self.body {
            ApiErrorBody::Problem(problem) => Some(problem.status()),
            ApiErrorBody::Gateway(gateway) => gateway.code().map(ErrorCode::status),
            ApiErrorBody::Legacy(legacy) => legacy.code().map(LegacyCode::status),
            ApiErrorBody::Unrecognised(_) => None,
        }
    }

    /// Whether the body states a status other than the HTTP status. A v1 `UNAUTHORIZED` agrees
    /// with both 401 and 403.
    #[must_use]
    pub fn status_disagrees(&self) -> bool {
        if let ApiErrorBody::Legacy(legacy) = &self.body {
            if legacy.code() == Some(LegacyCode::Unauthorized) {
                return !matches!(self.status.as_u16(), 401 | 403);
            }
        }
        self.body_status()
            .is_some_and(|status| status != self.status)
    }

    /// What the body was recognised as.
    #[must_use]
    pub fn body(&self) -> &ApiErrorBody {
        &self.body
    }

    /// The v2 problem, if the body was one.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::ApiError;
    /// assert!(ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"").as_problem().is_none());
    /// ```
    #[must_use]
    pub fn as_problem(&self) -> Option<&Problem> {
        match &self.body {
            ApiErrorBody::Problem(problem) => Some(problem),
            _ => None,
        }
    }

    /// The unrecognised body, if it was one.
    #[must_use]
    pub fn as_unrecognised(&self) -> Option<&Unrecognised> {
        match &self.body {
            ApiErrorBody::Unrecognised(unrecognised) => Some(unrecognised),
            _ => None,
        }
    }

    /// The v2 problem, if the body was one, by value.
    #[must_use]
    pub fn into_problem(self) -> Option<Problem> {
        match self.body {
            ApiErrorBody::Problem(problem) => Some(problem),
            _ => None,
        }
    }

    /// The error code, when the body names one this version knows.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        match &self.body {
            ApiErrorBody::Problem(problem) => problem.code(),
            ApiErrorBody::Gateway(gateway) => gateway.code(),
            ApiErrorBody::Legacy(_) | ApiErrorBody::Unrecognised(_) => None,
        }
    }

    /// The request id: from the body where it has one, else from an `x-unkey-request-id`,
    /// `unkey-request-id` or `x-request-id` header.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::ApiError;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-unkey-request-id", HeaderValue::from_static("req_abc"));
    /// let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &headers, b"Bad Gateway");
    /// assert_eq!(err.request_id(), Some("req_abc"));
    /// ```
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        let from_body = match &self.body {
            ApiErrorBody::Problem(problem) => Some(problem.request_id()),
            ApiErrorBody::Gateway(gateway) => Some(gateway.request_id.as_str()),
            ApiErrorBody::Legacy(legacy) => Some(legacy.request_id.as_str()),
            ApiErrorBody::Unrecognised(_) => None,
        };
        from_body
            .filter(|id| !id.is_empty())
            .or(self.header_request_id.as_deref())
    }

    /// The documentation of the error: a problem's `type` when it is a URL, the current docs
    /// page of a known code, or a v1 error's `docs`.
    #[must_use]
    pub fn docs_url(&self) -> Option<&str> {
        match &self.body {
            ApiErrorBody::Problem(problem) if problem.type_url().starts_with("http") => {
                Some(problem.type_url())
            }
            ApiErrorBody::Legacy(legacy) => Some(legacy.docs.as_str()),
            _ => self.code().map(ErrorCode::current_docs_url),
        }
    }

    /// The response's content type, as sent.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Whether trying again later can succeed: the status (or the documented status of the
    /// code) is 408, 429, 502, 503 or 504.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::{ApiError, ErrorCode, Problem};
    /// // The live server sends this 503 code as 500; its documented status still says retry.
    /// let body = Problem::new_live(ErrorCode::ApplicationServiceUnavailable, "down").to_json_vec();
    /// let err = ApiError::from_parts(StatusCode::INTERNAL_SERVER_ERROR, &HeaderMap::new(), &body);
    /// assert!(err.is_retryable());
    /// ```
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        let retryable = |status: StatusCode| matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504);
        retryable(self.status) || self.code().is_some_and(|code| retryable(code.status()))
    }

    /// The `Retry-After` header, as seconds or an HTTP date.
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::{ApiError, RetryAfter};
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("2"));
    /// let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
    /// assert_eq!(err.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(2))));
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }
}

impl fmt::Display for ApiError {
    /// `unkey API error 404: ...`, with what the body said.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unkey API error {}", self.status.as_u16())?;
        match &self.body {
            ApiErrorBody::Problem(problem) => write!(f, ": {problem}")?,
            ApiErrorBody::Gateway(gateway) => {
                write!(f, ": {} ({})", gateway.message, gateway.code_str)?;
            }
            ApiErrorBody::Legacy(legacy) => {
                write!(f, ": {} ({})", legacy.message, legacy.code_str)?;
            }
            ApiErrorBody::Unrecognised(body) => {
                write!(f, ": unrecognised body of {} bytes", body.len())?;
            }
        }
        if let Some(id) = self.request_id() {
            write!(f, " [request {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.body {
            ApiErrorBody::Problem(problem) => Some(problem),
            ApiErrorBody::Unrecognised(body) => body.parse_error.as_ref().map(|e| e as _),
            _ => None,
        }
    }
}

fn is_json_media_type(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    media.eq_ignore_ascii_case("application/json")
        || media.eq_ignore_ascii_case("application/problem+json")
}

/// Tries each shape in turn.
fn recognise(body: &[u8]) -> ApiErrorBody {
    let problem_error = match Problem::from_slice(body) {
        Ok(problem) => return ApiErrorBody::Problem(problem),
        Err(err) => err,
    };
    if let Ok(gateway) = serde_json::from_slice::<GatewayWire>(body) {
        return ApiErrorBody::Gateway(GatewayError {
            request_id: gateway.meta.request_id,
            code: gateway.error.code.parse().ok(),
            code_str: gateway.error.code,
            message: gateway.error.message,
        });
    }
    if let Ok(legacy) = serde_json::from_slice::<LegacyWire>(body) {
        return ApiErrorBody::Legacy(LegacyError {
            code: LegacyCode::from_name(&legacy.error.code),
            code_str: legacy.error.code,
            docs: legacy.error.docs,
            message: legacy.error.message,
            request_id: legacy.error.request_id,
        });
    }
    ApiErrorBody::Unrecognised(Unrecognised::new(body, false, Some(problem_error)))
}

#[derive(Deserialize)]
struct GatewayWire {
    meta: GatewayMeta,
    error: GatewayBody,
}

#[derive(Deserialize)]
struct GatewayMeta {
    #[serde(rename = "requestId")]
    request_id: String,
}

#[derive(Deserialize)]
struct GatewayBody {
    code: String,
    message: String,
}

#[derive(Deserialize)]
struct LegacyWire {
    error: LegacyBody,
}

#[derive(Deserialize)]
struct LegacyBody {
    code: String,
    docs: String,
    message: String,
    #[serde(rename = "requestId")]
    request_id: String,
}

/// The gateway's (frontline's) error envelope:
/// `{"meta":{"requestId":"..."},"error":{"code":"err:frontline:client:rate_limited","message":"..."}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    request_id: String,
    code_str: String,
    code: Option<ErrorCode>,
    message: String,
}

impl GatewayError {
    /// The code, when this version knows it.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }

    /// The code as sent, usually a URN.
    #[must_use]
    pub fn code_str(&self) -> &str {
        &self.code_str
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `meta.requestId`.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// The retired v1 API's error envelope:
/// `{"error":{"code":"NOT_FOUND","docs":"...","message":"...","requestId":"req_..."}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyError {
    code_str: String,
    code: Option<LegacyCode>,
    docs: String,
    message: String,
    request_id: String,
}

impl LegacyError {
    /// The code, when it is one of the v1 codes.
    #[must_use]
    pub fn code(&self) -> Option<LegacyCode> {
        self.code
    }

    /// The code as sent, e.g. `NOT_FOUND`.
    #[must_use]
    pub fn code_str(&self) -> &str {
        &self.code_str
    }

    /// The documentation URL.
    #[must_use]
    pub fn docs(&self) -> &str {
        &self.docs
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// Defines [`LegacyCode`] from one table: variant, name as sent, status.
macro_rules! legacy_codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $status:ident,)*) => {
        /// A code of the retired v1 API, with its status.
        ///
        /// ```
        /// use unkey_errors::LegacyCode;
        /// assert_eq!(LegacyCode::from_name("NOT_FOUND"), Some(LegacyCode::NotFound));
        /// assert_eq!(LegacyCode::NotFound.status(), 404);
        /// assert_eq!(LegacyCode::NotFound.as_str(), "NOT_FOUND");
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum LegacyCode {
            $($(#[$doc])* $variant,)*
        }

        impl LegacyCode {
            /// Every v1 code.
            pub const ALL: &'static [LegacyCode] = &[$(Self::$variant),*];

            /// The code whose name is `name`, exactly.
            #[must_use]
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// The name as sent, e.g. `NOT_FOUND`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The status the v1 API answered with.
            #[must_use]
            pub const fn status(self) -> StatusCode {
                match self {
                    $(Self::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

legacy_codes! {
    /// `BAD_REQUEST`: 400.
    BadRequest = "BAD_REQUEST" => BAD_REQUEST,
    /// `FORBIDDEN`: 403.
    Forbidden = "FORBIDDEN" => FORBIDDEN,
    /// `DISABLED`: 403.
    Disabled = "DISABLED" => FORBIDDEN,
    /// `UNAUTHORIZED`: 403, or 401 when the framework raised it.
    Unauthorized = "UNAUTHORIZED" => FORBIDDEN,
    /// `INSUFFICIENT_PERMISSIONS`: 403.
    InsufficientPermissions = "INSUFFICIENT_PERMISSIONS" => FORBIDDEN,
    /// `USAGE_EXCEEDED`: 403.
    UsageExceeded = "USAGE_EXCEEDED" => FORBIDDEN,
    /// `EXPIRED`: 403.
    Expired = "EXPIRED" => FORBIDDEN,
    /// `NOT_FOUND`: 404.
    NotFound = "NOT_FOUND" => NOT_FOUND,
    /// `METHOD_NOT_ALLOWED`: 405.
    MethodNotAllowed = "METHOD_NOT_ALLOWED" => METHOD_NOT_ALLOWED,
    /// `CONFLICT`: 409.
    Conflict = "CONFLICT" => CONFLICT,
    /// `DELETE_PROTECTED`: 412.
    DeleteProtected = "DELETE_PROTECTED" => PRECONDITION_FAILED,
    /// `PRECONDITION_FAILED`: 412.
    PreconditionFailed = "PRECONDITION_FAILED" => PRECONDITION_FAILED,
    /// `RATE_LIMITED`: 429.
    RateLimited = "RATE_LIMITED" => TOO_MANY_REQUESTS,
    /// `INTERNAL_SERVER_ERROR`: 500.
    InternalServerError = "INTERNAL_SERVER_ERROR" => INTERNAL_SERVER_ERROR,
}

/// A body that is none of Unkey's shapes: what is kept of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecognised {
    prefix: Vec<u8>,
    len: usize,
    truncated: bool,
    parse_error: Option<ParseError>,
}

impl Unrecognised {
    fn new(body: &[u8], truncated: bool, parse_error: Option<ParseError>) -> Self {
        let prefix = body
            .get(..UNRECOGNISED_PREFIX_LIMIT)
            .unwrap_or(body)
            .to_vec();
        Self {
            prefix,
            len: body.len(),
            truncated,
            parse_error,
        }
    }

    /// The first bytes of the body, at most [`UNRECOGNISED_PREFIX_LIMIT`].
    #[must_use]
    pub fn body_prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// The first bytes of the body as text, invalid UTF-8 replaced.
    #[must_use]
    pub fn body_prefix_lossy(&self) -> String {
        String::from_utf8_lossy(&self.prefix).into_owned()
    }

    /// The length of the body that was read (at most the limit).
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the body that was read is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the body was longer than the limit and was not read whole.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Why the body is not a v2 problem, when it was JSON-typed and was tried as one.
    #[must_use]
    pub fn parse_error(&self) -> Option<&ParseError> {
        self.parse_error.as_ref()
    }
}

/// The `Retry-After` header: a delay, or a point in time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum RetryAfter {
    /// `Retry-After: 120`
    Delay(Duration),
    /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`
    At(SystemTime),
}

impl RetryAfter {
    /// Parses a header value: delay-seconds or an HTTP date (IMF-fixdate, RFC 850 or asctime).
    /// `None` for anything else.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use unkey_errors::RetryAfter;
    /// assert_eq!(RetryAfter::parse("120"), Some(RetryAfter::Delay(Duration::from_secs(120))));
    /// assert_eq!(
    ///     RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"),
    ///     Some(RetryAfter::At(UNIX_EPOCH + Duration::from_secs(784_111_777))),
    /// );
    /// assert_eq!(RetryAfter::parse("soon"), None);
    /// ```
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            return value
                .parse()
                .ok()
                .map(|secs| Self::Delay(Duration::from_secs(secs)));
        }
        httpdate::parse(value).map(Self::At)
    }

    /// How long to wait from `now`: the delay, or the time until the date (zero if past).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use unkey_errors::RetryAfter;
    /// let now = SystemTime::now();
    /// assert_eq!(RetryAfter::At(now + Duration::from_secs(5)).delay_from(now), Duration::from_secs(5));
    /// assert_eq!(RetryAfter::At(now - Duration::from_secs(5)).delay_from(now), Duration::ZERO);
    /// ```
    #[must_use]
    pub fn delay_from(self, now: SystemTime) -> Duration {
        match self {
            Self::Delay(delay) => delay,
            Self::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}
