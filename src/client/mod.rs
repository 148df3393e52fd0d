//! The client side: [`ApiError`], "the API call failed", built from any failed response, and
//! what it reads of the body (the v2, gateway and v1 shapes) and the headers.

use std::fmt;
use std::time::Duration;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::gateway::GatewayError;
use crate::problem::ParseError;
use crate::ratelimit::RateLimit;
use crate::{ErrorCode, Problem};

mod headers;
mod legacy;
#[cfg(feature = "reqwest")]
pub mod reqwest;

pub use headers::{InvalidRetryAfter, RetryAfter, REQUEST_ID_HEADERS};
pub use legacy::{LegacyCode, LegacyError, UnknownLegacyCode};

/// The body size [`ApiError`] reads by default: 64 KiB. Unkey's error bodies are well under
/// 1 KiB; anything larger is a proxy's page or an attack, and is not buffered whole.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// How much of an unrecognised body [`Unrecognised::body_prefix`] keeps: 1 KiB.
pub const UNRECOGNISED_PREFIX_LIMIT: usize = 1024;

/// A failed call to Unkey's API: the HTTP status, the headers that matter and the body,
/// recognised as one of the shapes Unkey sends.
///
/// Building one never fails: whatever the body and headers, an `ApiError` comes out. It
/// recognises, in this order, the v2 envelope ([`Problem`]), the gateway envelope
/// `{meta, error: {code, message}}` ([`GatewayError`]), the retired v1 envelope
/// `{error: {code, docs, message, requestId}}` ([`LegacyError`]), and anything else (empty,
/// HTML, text, truncated JSON) as [`Unrecognised`], keeping the status, the content type and a
/// bounded prefix of the body. Bodies with a content type other than `application/json`,
/// `application/problem+json` (with any parameters) or none are not parsed as JSON at all.
///
/// Its [`Display`](fmt::Display) says what the body says (status, title, detail, code,
/// validation locations, request id); [`source`](std::error::Error::source) is only what the
/// text does not show: why an unrecognised body is not a problem.
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
/// assert_eq!(
///     err.to_string(),
///     "the call failed: 404 Not Found: Key not found (unkey/data/key_not_found), request req_1",
/// );
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
    rate_limit: Option<RateLimit>,
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
            header_request_id: header_request_id(headers),
            // An invalid header is not a reason to wait: RetryAfter::from_headers says why.
            retry_after: RetryAfter::from_headers(headers).ok().flatten(),
            rate_limit: RateLimit::from_headers(headers).ok().flatten(),
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

    /// The status the body states: a v2 problem's `status`. The gateway's and the v1 API's
    /// bodies state none.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::{ApiError, ErrorCode, Problem};
    /// let body = Problem::new(ErrorCode::DataKeyNotFound, "gone").to_json_vec();
    /// let err = ApiError::from_parts(StatusCode::OK, &HeaderMap::new(), &body);
    /// assert_eq!(err.body_status(), Some(StatusCode::NOT_FOUND));
    /// ```
    #[must_use]
    pub fn body_status(&self) -> Option<StatusCode> {
        self.as_problem().map(Problem::status)
    }

    /// Whether the body states a status ([`body_status`](Self::body_status)) other than the
    /// HTTP status. A body that states none never disagrees: the gateway answers some codes
    /// with its own status (`user/bad_request/request_timeout` with 504) and says so nowhere
    /// else.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::ApiError;
    /// let body = br#"{"meta":{"requestId":"req_1"},"error":{"code":"err:user:bad_request:request_timeout","message":"timed out"}}"#;
    /// let err = ApiError::from_parts(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), body);
    /// assert!(!err.status_disagrees());
    /// ```
    #[must_use]
    pub fn status_disagrees(&self) -> bool {
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

    /// The gateway's error, if the body was its envelope.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::{ApiError, ErrorCode};
    /// let body = br#"{"meta":{"requestId":"req_1"},"error":{"code":"err:frontline:client:invalid_key","message":"no"}}"#;
    /// let err = ApiError::from_parts(StatusCode::UNAUTHORIZED, &HeaderMap::new(), body);
    /// assert_eq!(err.as_gateway().and_then(|g| g.code()), Some(ErrorCode::ClientInvalidKey));
    /// ```
    #[must_use]
    pub fn as_gateway(&self) -> Option<&GatewayError> {
        match &self.body {
            ApiErrorBody::Gateway(gateway) => Some(gateway),
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

    /// The v2 problem, if the body was one, by value; else the error itself back (as
    /// `Box::downcast` gives the box back), so that nothing of it is lost.
    ///
    /// # Errors
    ///
    /// The error, unchanged, when its body was not a v2 problem.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::{ApiError, ErrorCode, Problem};
    /// let body = Problem::new(ErrorCode::DataKeyNotFound, "gone").to_json_vec();
    /// let err = ApiError::from_parts(StatusCode::NOT_FOUND, &HeaderMap::new(), &body);
    /// assert_eq!(err.into_problem().map(|p| p.code()), Ok(Some(ErrorCode::DataKeyNotFound)));
    /// let err = ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>");
    /// assert!(err.into_problem().is_err());
    /// ```
    pub fn into_problem(self) -> Result<Problem, Self> {
        match self.body {
            ApiErrorBody::Problem(problem) => Ok(problem),
            _ => Err(self),
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

    /// The request id: from the body where it has one, else from the first of
    /// [`REQUEST_ID_HEADERS`] present: `X-Unkey-Request-Id` (Unkey's gateway),
    /// `Unkey-Request-Id` (the retired v1 API), `X-Request-Id` (services built with this
    /// crate, and many proxies). The v2 API sends its id only in the body.
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
            ApiErrorBody::Gateway(gateway) => Some(gateway.request_id()),
            ApiErrorBody::Legacy(legacy) => Some(legacy.request_id()),
            ApiErrorBody::Unrecognised(_) => None,
        };
        from_body
            .filter(|id| !id.is_empty())
            .or(self.header_request_id.as_deref())
    }

    /// The documentation of the error: a problem's `type` when it is a URL, the current docs
    /// page of a known code, or a v1 error's `docs`.
    #[must_use]
    pub fn page_url(&self) -> Option<&str> {
        match &self.body {
            ApiErrorBody::Problem(problem) if problem.type_url().starts_with("http") => {
                Some(problem.type_url())
            }
            ApiErrorBody::Legacy(legacy) => Some(legacy.docs()),
            _ => self.code().map(ErrorCode::page_url),
        }
    }

    /// The response's content type, as sent.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Whether Unkey's own SDK would send the call again: every 5xx (its `"5XX"`), and nothing
    /// else. This is exactly what [`Retry::unkey_sdk`](crate::client::reqwest::Retry::unkey_sdk)
    /// retries (one rule, in one function both ask).
    ///
    /// A 429 is not retryable here: the server refused the call until a time it names
    /// ([`retry_after`](Self::retry_after)); a caller that wants to wait for it says so
    /// ([`Retry::retry_rate_limits`](crate::client::reqwest::Retry::retry_rate_limits)). A 408 is a
    /// 4xx, the request's own fault, as the SDK has it.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::ApiError;
    /// let retryable = |status: u16| {
    ///     let status = StatusCode::from_u16(status).unwrap();
    ///     ApiError::from_parts(status, &HeaderMap::new(), b"").is_retryable()
    /// };
    /// assert!(retryable(500) && retryable(501) && retryable(503) && retryable(520));
    /// assert!(!retryable(429) && !retryable(408) && !retryable(404) && !retryable(409));
    /// ```
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        retryable_status(self.status)
    }

    /// When to try again: `retry-after-ms` (milliseconds) first, as Unkey's SDK reads it,
    /// then `Retry-After` (seconds or an HTTP date). An invalid value is ignored here;
    /// [`RetryAfter::from_headers`] says why.
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::{ApiError, client::RetryAfter};
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("2"));
    /// let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
    /// assert_eq!(err.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(2))));
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// The delay to wait before trying again: what the response advised
    /// ([`retry_after`](Self::retry_after)), else `fallback`. Advice of zero, or of a time
    /// already past, is no advice: `fallback` then, so that a loop that sleeps this long never
    /// spins.
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::ApiError;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("0"));
    /// let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
    /// assert_eq!(err.delay_or(Duration::from_millis(50)), Duration::from_millis(50));
    /// ```
    #[must_use]
    pub fn delay_or(&self, fallback: Duration) -> Duration {
        self.advised_delay().unwrap_or(fallback)
    }

    /// The delay the response advised from now, if it advised a positive one.
    pub(crate) fn advised_delay(&self) -> Option<Duration> {
        self.retry_after
            .map(|retry| retry.delay_from(std::time::SystemTime::now()))
            .filter(|delay| !delay.is_zero())
    }

    /// Unkey's rate-limit headers when all three of a dialect are there and valid: the API's
    /// (`RateLimit-Limit`, `-Remaining`, `-Reset` in seconds) or the gateway's
    /// (`X-RateLimit-*`, the reset a Unix time), into the same [`RateLimit`]; its 429s carry
    /// them. [`RateLimit::from_headers`] says why not.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::ApiError;
    /// let mut headers = HeaderMap::new();
    /// for (name, value) in [("ratelimit-limit", "100"), ("ratelimit-remaining", "0"), ("ratelimit-reset", "30")] {
    ///     headers.insert(name, HeaderValue::from_static(value));
    /// }
    /// let err = ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"");
    /// assert_eq!(err.rate_limit().map(|r| r.remaining()), Some(0));
    /// ```
    #[must_use]
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit
    }
}

/// The one rule of which statuses are tried again, as Unkey's generated SDK has it (`"5XX"` in
/// its retry config): every 5xx, nothing else. [`ApiError::is_retryable`] and the reqwest
/// integration's `Retry` both ask it.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    status.is_server_error()
}

pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
    })
}

impl fmt::Display for ApiError {
    /// `the call failed: 404 Not Found: The key was not found (unkey/data/key_not_found),
    /// request req_1`, with `; invalid: body.limit, body.apiId` for validation errors and
    /// `(HTTP 500)` when the response's status differs from the body's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = |status: StatusCode| status.canonical_reason().unwrap_or("");
        f.write_str("the call failed: ")?;
        match &self.body {
            ApiErrorBody::Problem(problem) => {
                let code: &str = match problem.code() {
                    Some(code) => code.as_str(),
                    None => problem.type_url(),
                };
                write!(
                    f,
                    "{} {}: {} ({code})",
                    problem.status().as_u16(),
                    problem.title(),
                    problem.detail()
                )?;
                if self.status_disagrees() {
                    write!(f, " (HTTP {})", self.status.as_u16())?;
                }
                let invalid = problem.validation_errors().unwrap_or_default();
                if !invalid.is_empty() {
                    f.write_str("; invalid: ")?;
                    for (i, error) in invalid.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        f.write_str(error.location())?;
                    }
                }
            }
            // A code this version knows is written as v2 codes are, as a path; else as sent.
            ApiErrorBody::Gateway(gateway) => write!(
                f,
                "{} {}: {} ({})",
                self.status.as_u16(),
                reason(self.status),
                gateway.message(),
                match gateway.code() {
                    Some(code) => code.as_str(),
                    None => gateway.urn(),
                },
            )?,
            ApiErrorBody::Legacy(LegacyError {
                message, code_str, ..
            }) => write!(
                f,
                "{} {}: {message} ({code_str})",
                self.status.as_u16(),
                reason(self.status),
            )?,
            ApiErrorBody::Unrecognised(body) if body.is_empty() => write!(
                f,
                "{} {} with an empty body",
                self.status.as_u16(),
                reason(self.status),
            )?,
            ApiErrorBody::Unrecognised(body) => write!(
                f,
                "{} {} with a body that is not an Unkey error ({} bytes)",
                self.status.as_u16(),
                reason(self.status),
                body.len()
            )?,
        }
        if let Some(id) = self.request_id() {
            write!(f, ", request {id}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {
    /// Why an unrecognised body is not a problem, which the text does not show; nothing for
    /// the other shapes, whose text says everything.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.body {
            ApiErrorBody::Unrecognised(body) => body.parse_error().map(|e| e as _),
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
    if let Ok(gateway) = GatewayError::from_slice(body) {
        return ApiErrorBody::Gateway(gateway);
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

/// A body that is none of Unkey's shapes: what is kept of it. Its `Debug` shows the prefix as
/// text (invalid UTF-8 replaced), as `main() -> Result<(), Error>` prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Unrecognised {
    prefix: Vec<u8>,
    len: usize,
    truncated: bool,
    parse_error: Option<ParseError>,
}

impl fmt::Debug for Unrecognised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unrecognised")
            .field("prefix", &String::from_utf8_lossy(&self.prefix))
            .field("len", &self.len)
            .field("truncated", &self.truncated)
            .field("parse_error", &self.parse_error)
            .finish()
    }
}

impl Unrecognised {
    pub(crate) fn new(body: &[u8], truncated: bool, parse_error: Option<ParseError>) -> Self {
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
