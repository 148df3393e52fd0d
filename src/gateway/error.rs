//! [`GatewayError`]: the gateway's error envelope, read and written, and the gateway's table of
//! status, title and message per code.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use serde::{Deserialize, Serialize};

use crate::code::{CURRENT_DOCS_URL_PREFIX, URN_PREFIX};
use crate::problem::escape_into;
#[cfg(any(feature = "axum", feature = "actix-web"))]
use crate::problem::escapes;
use crate::problem::Cause;
use crate::ratelimit::RateLimit;
use crate::ErrorCode;

/// The content type of the gateway's JSON answer, as frontline's `Session.JSON` sets it.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// The content type of the crate's error page.
pub const HTML_CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// Defines the gateway's answer table from rows `Code => status "Title", "message";`, one per
/// case of `getErrorPageInfoFrontline` in Unkey's `svc/frontline/middleware/observability.go`
/// (titles are Go's `http.StatusText`, which differs from the `http` crate's reasons for 413;
/// an empty message is the error's own public message there).
macro_rules! gateway_answers {
    ($($code:ident => $status:literal $title:literal, $message:literal;)*) => {
        // Every status of the table is one `http` takes: checked when the crate compiles.
        const _: () = {
            $(assert!($status >= 100 && $status <= 999, concat!("the gateway status of ", stringify!($code), " is not 100..=999"));)*
        };

        /// The gateway's own answer for `code` (status, title, message), if its table lists it.
        fn listed(code: ErrorCode) -> Option<(u16, &'static str, &'static str)> {
            match code {
                $(ErrorCode::$code => Some(($status, $title, $message)),)*
                _ => None,
            }
        }

        /// Every code the gateway's table lists, in its order.
        #[cfg(test)]
        const LISTED: &[ErrorCode] = &[$(ErrorCode::$code),*];
    };
}

gateway_answers! {
    BadRequestClientClosedRequest => 499 "Client Closed Request", "The client closed the connection before the request completed.";
    BadRequestRequestTimeout => 504 "Gateway Timeout", "The request took too long to process. Please try again later.";
    BadRequestRequestBodyTooLarge => 413 "Request Entity Too Large", "The request body exceeds the maximum allowed size.";
    BadRequestRequestBodyUnreadable => 400 "Bad Request", "The request body could not be read.";
    AuthenticationMissing => 401 "Unauthorized", "Authentication required.";
    AuthenticationMalformed => 401 "Unauthorized", "The authentication credentials are malformed.";
    ApplicationInvalidInput => 400 "Bad Request", "";
    RoutingConfigNotFound => 404 "Not Found", "No deployment found for this hostname. Please check your domain configuration or contact support at support@unkey.com.";
    UpstreamBadGateway => 502 "Bad Gateway", "Unable to connect. Please try again in a few moments.";
    UpstreamProxyForwardFailed => 502 "Bad Gateway", "Unable to connect. Please try again in a few moments.";
    UpstreamServiceUnavailable => 503 "Service Unavailable", "The service is temporarily unavailable. Please try again later.";
    UpstreamGatewayTimeout => 504 "Gateway Timeout", "The request took too long to process. Please try again later.";
    ClientMissingCredentials => 401 "Unauthorized", "Authentication required. Please provide a valid API key.";
    ClientInvalidKey => 401 "Unauthorized", "Authentication failed. The provided API key is invalid.";
    ClientInsufficientPermissions => 403 "Forbidden", "Access denied. The API key does not have the required permissions.";
    ClientRateLimited => 429 "Too Many Requests", "Rate limit exceeded. Please try again later.";
    ClientUsageExceeded => 429 "Too Many Requests", "Usage limit exceeded. This API key has no remaining credits.";
    ClientFirewallDenied => 403 "Forbidden", "Forbidden";
    ClientOpenapiValidationFailed => 400 "Bad Request", "";
    RoutingDeploymentNotFound => 404 "Not Found", "The requested deployment could not be found.";
    CapacityNoRunningInstances => 503 "Service Unavailable", "No running instances are available to handle this request.";
    CapacityDeploymentOffline => 503 "Service Unavailable", "This deployment is offline.";
    CapacitySpendLimitReached => 402 "Payment Required", "Compute for this workspace is paused because it reached its spend limit. Raise or remove the spend budget to resume.";
    PlatformDeploymentSelectionFailed => 500 "Internal Server Error", "Failed to select an instance to handle your request.";
    ConfigInvalidConfiguration => 422 "Unprocessable Entity", "The deployment configuration is invalid. Please check your config or contact support at support@unkey.com.";
    PlatformInternalServerError => 500 "Internal Server Error", "An unexpected error occurred. Please try again later.";
}

/// What the gateway answers for a code its table does not list (an unknown code included):
/// 500 with the error's own message.
const DEFAULT_ANSWER: (u16, &str, &str) = (500, "Internal Server Error", "");

/// The gateway's status, title and message for `code` (`None`: a code this version does not
/// know), the default for a code its table does not list.
fn answer_of(code: Option<ErrorCode>) -> (u16, &'static str, &'static str) {
    code.and_then(listed).unwrap_or(DEFAULT_ANSWER)
}

fn status_code(n: u16) -> StatusCode {
    #[allow(clippy::expect_used)]
    StatusCode::from_u16(n)
        .expect("invariant: the gateway table's statuses are checked 100..=999 at compile time")
}

/// An error answer of Unkey's gateway (frontline), the envelope it writes in front of deployed
/// apps: `{"meta":{"requestId":"..."},"error":{"code":"err:frontline:client:rate_limited","message":"..."}}`.
///
/// One type read and written, as [`Problem`](crate::Problem) is for the API's envelope:
/// [`from_slice`](Self::from_slice) reads any body the gateway sends (a code this version does
/// not know is kept as sent), [`to_json_vec`](Self::to_json_vec) writes the bytes the gateway
/// writes (Go's `encoding/json`: compact, `<`, `>` and `&` escaped), and
/// [`into_http_response`](Self::into_http_response) answers as the gateway does, JSON or the
/// error page by the request's `Accept` ([`prefers_json`](super::prefers_json)).
///
/// The body states no status: [`status`](Self::status) and [`title`](Self::title) are the
/// gateway's for the code (`getErrorPageInfoFrontline` in Unkey's
/// `svc/frontline/middleware/observability.go`), 500 for a code it does not list.
///
/// ```
/// use unkey_errors::gateway::GatewayError;
/// use unkey_errors::ErrorCode;
///
/// let denied = GatewayError::new(ErrorCode::ClientRateLimited).with_request_id("req_1");
/// assert_eq!(denied.status(), 429);
/// assert_eq!(
///     denied.to_json_string(),
///     r#"{"meta":{"requestId":"req_1"},"error":{"code":"err:frontline:client:rate_limited","message":"Rate limit exceeded. Please try again later."}}"#,
/// );
/// assert_eq!(GatewayError::from_slice(denied.to_json_string().as_bytes())?, denied);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # A value, nothing more
///
/// Building, cloning, comparing or dropping one does nothing; an error made for an internal
/// failure ([`internal`](Self::internal)) carries its cause to where it is answered, which
/// reports it (see [`report`](crate::report)). Two are equal when everything a client sees
/// (code, message, request id, headers) is equal.
#[derive(Clone, Debug)]
pub struct GatewayError {
    code: Option<ErrorCode>,
    /// The code as sent (a URN), or the known code's URN.
    urn: Cow<'static, str>,
    message: Cow<'static, str>,
    request_id: Cow<'static, str>,
    headers: HeaderMap,
    cause: Option<Cause>,
}

impl PartialEq for GatewayError {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.urn == other.urn
            && self.message == other.message
            && self.request_id == other.request_id
            && self.headers == other.headers
    }
}

impl Eq for GatewayError {}

impl GatewayError {
    /// The gateway's answer for `code`, with the gateway's own message for it (for the codes
    /// whose message the gateway takes from the error, `unkey/application/invalid_input` and
    /// `frontline/client/openapi_validation_failed`, and codes it does not list: the status's
    /// title; give one with [`with_message`](Self::with_message)). The request id is empty
    /// until [`with_request_id`](Self::with_request_id) (a layer fills it in).
    ///
    /// ```
    /// use unkey_errors::gateway::GatewayError;
    /// use unkey_errors::ErrorCode;
    /// let missing = GatewayError::new(ErrorCode::ClientMissingCredentials);
    /// assert_eq!((missing.status().as_u16(), missing.title()), (401, "Unauthorized"));
    /// assert_eq!(missing.message(), "Authentication required. Please provide a valid API key.");
    /// // The gateway answers some API codes with its own status.
    /// assert_eq!(GatewayError::new(ErrorCode::BadRequestRequestTimeout).status(), 504);
    /// ```
    #[must_use]
    pub fn new(code: ErrorCode) -> Self {
        let (_, title, message) = answer_of(Some(code));
        let message = if message.is_empty() { title } else { message };
        Self {
            code: Some(code),
            urn: Cow::Borrowed(code.urn()),
            message: Cow::Borrowed(message),
            request_id: Cow::Borrowed(""),
            headers: HeaderMap::new(),
            cause: None,
        }
    }

    /// The gateway's answer to its own internal failure (`frontline/platform/internal_server_error`,
    /// 500, "An unexpected error occurred. Please try again later."), carrying `error` as its
    /// cause: reported where it is answered, never shown to the client. The error is copied
    /// (its message and its sources'); see [`internal_owned`](Self::internal_owned) to keep it.
    ///
    /// ```
    /// use unkey_errors::gateway::GatewayError;
    /// let failed = GatewayError::internal(&std::io::Error::other("connection refused"));
    /// assert_eq!(failed.status(), 500);
    /// assert!(!failed.to_json_string().contains("refused"));
    /// assert_eq!(failed.cause().unwrap().to_string(), "connection refused");
    /// ```
    #[must_use]
    pub fn internal(error: &dyn Error) -> Self {
        Self::new(ErrorCode::PlatformInternalServerError).caused_by(Cause::snapshot(error))
    }

    /// [`internal`](Self::internal), keeping `error` itself as the cause.
    #[must_use]
    pub fn internal_owned(error: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        let error: Box<dyn Error + Send + Sync + 'static> = error.into();
        Self::new(ErrorCode::PlatformInternalServerError).caused_by(Cause::owned(error.into()))
    }

    fn caused_by(mut self, cause: Cause) -> Self {
        self.cause = Some(cause);
        self
    }

    /// Reads the gateway's envelope. Members it does not define are ignored; a code this
    /// version does not know is kept as sent ([`code`](Self::code) is `None`,
    /// [`urn`](Self::urn) says it).
    ///
    /// # Errors
    ///
    /// `serde_json`'s error, saying what is missing or wrong and where, when the body is not
    /// `{"meta":{"requestId":string},"error":{"code":string,"message":string}}`.
    ///
    /// ```
    /// use unkey_errors::gateway::GatewayError;
    /// let body = br#"{"meta":{"requestId":"req_1"},"error":{"code":"err:frontline:new:thing","message":"New"}}"#;
    /// let error = GatewayError::from_slice(body)?;
    /// assert_eq!((error.code(), error.urn(), error.status().as_u16()), (None, "err:frontline:new:thing", 500));
    /// let err = GatewayError::from_slice(br#"{"meta":{"requestId":"req_1"},"error":{}}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "missing field `code` at line 1 column 40");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// The same answer with `message` instead of the gateway's own.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<Cow<'static, str>>) -> Self {
        self.message = message.into();
        self
    }

    /// The same answer for the request with this id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<Cow<'static, str>>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// Sets the request id.
    pub fn set_request_id(&mut self, request_id: impl Into<Cow<'static, str>>) {
        self.request_id = request_id.into();
    }

    /// The same answer with a response header added (the gateway's `X-RateLimit-*` and
    /// `Retry-After`, say); a header of that name already there is kept beside it.
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The same answer with the gateway's rate-limit headers for `rate_limit`
    /// (`X-RateLimit-Limit`, `-Remaining`, `-Reset` as a Unix time in seconds, counted from
    /// now); [`verify::KeyVerification::gateway_error`](crate::verify::KeyVerification::gateway_error)
    /// sets them from a verification itself.
    #[must_use]
    pub fn with_rate_limit(self, rate_limit: RateLimit) -> Self {
        self.with_rate_limit_at(rate_limit, std::time::SystemTime::now())
    }

    /// [`with_rate_limit`](Self::with_rate_limit), the reset counted from `now`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use unkey_errors::{gateway::GatewayError, ratelimit::RateLimit, ErrorCode};
    /// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let limited = GatewayError::new(ErrorCode::ClientRateLimited)
    ///     .with_rate_limit_at(RateLimit::new(10, 0, Duration::from_secs(5)), now);
    /// let reset = limited.headers().find(|(name, _)| *name == "x-ratelimit-reset").unwrap().1;
    /// assert_eq!(reset, "1700000005");
    /// ```
    #[must_use]
    pub fn with_rate_limit_at(mut self, rate_limit: RateLimit, now: std::time::SystemTime) -> Self {
        rate_limit.write_gateway_at(&mut self.headers, now);
        self
    }

    /// The response headers, taken out (a response made of the answer moves them).
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn take_headers(&mut self) -> HeaderMap {
        std::mem::take(&mut self.headers)
    }

    /// The response headers, to write into (the verification's rate-limit headers).
    pub(crate) fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The response headers it is answered with, beside the content type and request id.
    pub fn headers(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.headers.iter()
    }

    /// The code, when this version knows it.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }

    /// The code as written in the body: a URN (`err:frontline:client:rate_limited`), as sent
    /// when read.
    #[must_use]
    pub fn urn(&self) -> &str {
        &self.urn
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

    /// The status the gateway answers this code with (the body states none): its table's, 500
    /// for a code it does not list.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        status_code(answer_of(self.code).0)
    }

    /// The status's title as the gateway's page shows it (Go's `http.StatusText`, e.g.
    /// "Too Many Requests").
    #[must_use]
    pub fn title(&self) -> &'static str {
        answer_of(self.code).1
    }

    /// The page documenting the code, as the gateway links it
    /// (`https://unkey.com/docs/errors/frontline/client/rate_limited`): made from the URN's
    /// parts for a code this version does not know; `None` when the code is no URN.
    ///
    /// ```
    /// use unkey_errors::gateway::GatewayError;
    /// use unkey_errors::ErrorCode;
    /// let error = GatewayError::new(ErrorCode::ClientInvalidKey);
    /// assert_eq!(error.page_url().as_deref(), Some("https://unkey.com/docs/errors/frontline/client/invalid_key"));
    /// ```
    #[must_use]
    pub fn page_url(&self) -> Option<Cow<'static, str>> {
        if let Some(code) = self.code {
            return Some(Cow::Borrowed(code.page_url()));
        }
        let rest = self.urn.strip_prefix(URN_PREFIX)?;
        let parts: Vec<&str> = rest.split(':').collect();
        let well_formed = parts.len() == 3
            && parts.iter().all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        well_formed.then(|| Cow::Owned(format!("{CURRENT_DOCS_URL_PREFIX}{}", parts.join("/"))))
    }

    /// The internal error this answer was made for ([`internal`](Self::internal)), if any.
    #[must_use]
    pub fn cause(&self) -> Option<&(dyn Error + Send + Sync + 'static)> {
        self.cause.as_ref().map(|cause| &*cause.error)
    }

    pub(crate) fn cause_data(&self) -> Option<&Cause> {
        self.cause.as_ref()
    }

    /// The compact JSON the gateway writes, byte for byte (Go's `encoding/json`: `<`, `>`,
    /// `&`, U+2028 and U+2029 escaped as `\u003c` and the like).
    #[must_use]
    pub fn to_json_vec(&self) -> Vec<u8> {
        self.to_json_string().into_bytes()
    }

    /// [`to_json_vec`](Self::to_json_vec) as text.
    #[must_use]
    pub fn to_json_string(&self) -> String {
        self.json_with_request_id(&self.request_id)
    }

    /// The JSON with `request_id` in place of the error's own.
    pub(crate) fn json_with_request_id(&self, request_id: &str) -> String {
        let mut out =
            String::with_capacity(64 + request_id.len() + self.urn.len() + self.message.len() + 16);
        out.push_str(r#"{"meta":{"requestId":""#);
        go_escape_into(&mut out, request_id);
        out.push_str(r#""},"error":{"code":""#);
        go_escape_into(&mut out, &self.urn);
        out.push_str(r#"","message":""#);
        go_escape_into(&mut out, &self.message);
        out.push_str(r#""}}"#);
        out
    }

    /// Bytes of [`to_json_vec`](Self::to_json_vec), exactly, without writing it.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn json_len(&self) -> usize {
        // {"meta":{"requestId":""},"error":{"code":"","message":""}}
        58 + go_escaped_len(&self.request_id)
            + go_escaped_len(&self.urn)
            + go_escaped_len(&self.message)
    }

    /// The HTTP response the gateway answers with: its status and headers, and the JSON when
    /// `accept` (the request's first `Accept` value) prefers it by the gateway's rule
    /// ([`prefers_json`](super::prefers_json)), else the error page
    /// ([`to_html`](Self::to_html), `text/html; charset=utf-8`). For servers the crate does
    /// not integrate with; under `UnkeyLayer` or `UnkeyMiddleware` the layer does this, with
    /// the request id.
    ///
    /// ```
    /// use http::HeaderValue;
    /// use unkey_errors::gateway::GatewayError;
    /// use unkey_errors::ErrorCode;
    /// let denied = GatewayError::new(ErrorCode::ClientInvalidKey);
    /// let json = denied.clone().into_http_response(Some(&HeaderValue::from_static("application/json")));
    /// assert_eq!(json.status(), 401);
    /// assert_eq!(json.headers()["content-type"], "application/json");
    /// let page = denied.into_http_response(None);
    /// assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    /// ```
    #[must_use]
    pub fn into_http_response(self, accept: Option<&HeaderValue>) -> Response<Vec<u8>> {
        let json = super::prefers_json(accept.map_or(&b""[..], HeaderValue::as_bytes));
        let content_type = if json {
            JSON_CONTENT_TYPE
        } else {
            HTML_CONTENT_TYPE
        };
        let body = self.body_for(json, &self.request_id);
        let mut response = Response::new(body);
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        response
    }

    /// The body of the answer: the JSON or the page, with `request_id`.
    pub(crate) fn body_for(&self, json: bool, request_id: &str) -> Vec<u8> {
        if json {
            self.json_with_request_id(request_id).into_bytes()
        } else {
            super::page::render(self, request_id).into_bytes()
        }
    }

    /// The crate's error page for this answer: status, title, message, the code's URN, a link
    /// to its documentation and the request id, every value escaped; no script, no external
    /// resource, readable on a phone and in dark mode.
    ///
    /// ```
    /// use unkey_errors::gateway::GatewayError;
    /// use unkey_errors::ErrorCode;
    /// let page = GatewayError::new(ErrorCode::ClientRateLimited)
    ///     .with_message("<script>alert(1)</script>")
    ///     .to_html();
    /// assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    /// assert!(!page.contains("<script"));
    /// ```
    #[must_use]
    pub fn to_html(&self) -> String {
        super::page::render(self, &self.request_id)
    }
}

impl fmt::Display for GatewayError {
    /// `401 Unauthorized: Authentication failed. The provided API key is invalid.
    /// (frontline/client/invalid_key)`, the code as a path when known, else as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code: &str = match self.code {
            Some(code) => code.as_str(),
            None => &self.urn,
        };
        write!(
            f,
            "{} {}: {} ({code})",
            self.status().as_u16(),
            self.title(),
            self.message
        )
    }
}

impl std::error::Error for GatewayError {}

impl From<ErrorCode> for GatewayError {
    /// [`GatewayError::new`].
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

/// Appends `s` as the inside of a JSON string escaped as Go's `encoding/json` escapes it: as
/// JSON escapes it ([`escape_into`], the same short forms and `\u00XX`) and, for HTML safety,
/// `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`, `\u003e`, `\u0026`, `\u2028` and `\u2029`.
pub(crate) fn go_escape_into(out: &mut String, s: &str) {
    // Most strings need no escape at all: checked in one pass without a branch per byte, then
    // copied (0xE2 starts U+2028 and U+2029, and other characters the slow path passes over).
    let special =
        |byte: u8| byte < 0x20 || matches!(byte, b'"' | b'\\' | b'<' | b'>' | b'&' | 0xE2);
    if !s.bytes().fold(false, |found, byte| found | special(byte)) {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some((at, c)) = next_html_escape(rest) {
        let (before, after) = rest.split_at(at);
        escape_into(out, before);
        out.push_str(html_escape(c).unwrap_or_default());
        rest = after.get(c.len_utf8()..).unwrap_or_default();
    }
    escape_into(out, rest);
}

/// How Go writes a character it escapes for HTML safety; `None` for any other.
fn html_escape(c: char) -> Option<&'static str> {
    match c {
        '<' => Some("\\u003c"),
        '>' => Some("\\u003e"),
        '&' => Some("\\u0026"),
        '\u{2028}' => Some("\\u2028"),
        '\u{2029}' => Some("\\u2029"),
        _ => None,
    }
}

/// The first character of `s` Go escapes for HTML safety, and where: found by its first byte
/// (0xE2 starts U+2028 and U+2029, and other characters, which are passed over).
fn next_html_escape(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let found = bytes
            .get(from..)?
            .iter()
            .position(|byte| matches!(byte, b'<' | b'>' | b'&' | 0xE2))?;
        let at = from + found;
        // `at` holds an ASCII byte or a lead byte: a character boundary.
        let c = s.get(at..)?.chars().next()?;
        if html_escape(c).is_some() {
            return Some((at, c));
        }
        from = at + 1;
    }
}

/// What [`go_escape_into`] writes for `s`, in bytes: JSON's escapes ([`escapes`]) and six bytes
/// for each character escaped for HTML safety.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn go_escaped_len(s: &str) -> usize {
    let html: usize = s
        .chars()
        .filter(|&c| html_escape(c).is_some())
        .map(|c| 6 - c.len_utf8())
        .sum();
    s.len() + escapes(s) + html
}

#[derive(Serialize, Deserialize)]
struct Wire<'a> {
    #[serde(borrow)]
    meta: Meta<'a>,
    #[serde(borrow)]
    error: Body<'a>,
}

#[derive(Serialize, Deserialize)]
struct Meta<'a> {
    #[serde(rename = "requestId", borrow)]
    request_id: Cow<'a, str>,
}

#[derive(Serialize, Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    message: Cow<'a, str>,
}

impl Serialize for GatewayError {
    /// The envelope, `{meta: {requestId}, error: {code, message}}`; the headers and the cause
    /// are not part of it. [`to_json_vec`](GatewayError::to_json_vec) writes it escaped as the
    /// gateway does.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            meta: Meta {
                request_id: Cow::Borrowed(&self.request_id),
            },
            error: Body {
                code: Cow::Borrowed(&self.urn),
                message: Cow::Borrowed(&self.message),
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for GatewayError {
    /// Reads the envelope as [`GatewayError::from_slice`] does.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let urn = wire.error.code.into_owned();
        Ok(Self {
            code: urn.parse().ok(),
            urn: Cow::Owned(urn),
            message: Cow::Owned(wire.error.message.into_owned()),
            request_id: Cow::Owned(wire.meta.request_id.into_owned()),
            headers: HeaderMap::new(),
            cause: None,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{go_escape_into, listed, GatewayError, LISTED};
    use crate::code::StatusSource;
    use crate::ErrorCode;

    #[test]
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    fn the_json_length_is_exact() {
        for text in ["", "plain", "<&>\"\\\n\u{1}\u{2028}é✓"] {
            let error = GatewayError::new(ErrorCode::ClientInvalidKey)
                .with_message(text.to_owned())
                .with_request_id(text.to_owned());
            assert_eq!(error.json_len(), error.to_json_vec().len(), "{text:?}");
        }
    }

    #[test]
    fn go_escapes_what_encoding_json_escapes() {
        let mut out = String::new();
        go_escape_into(
            &mut out,
            "a<b>&\"\\\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}\u{2028}\u{2029}é",
        );
        assert_eq!(
            out,
            r#"a\u003cb\u003e\u0026\"\\\n\r\t\b\f\u0001\u001f"#.to_owned()
                + "\u{7f}"
                + r"\u2028\u2029"
                + "é"
        );
    }

    #[test]
    fn a_frontline_code_has_the_catalogues_status_and_title_at_the_gateway() {
        for &code in ErrorCode::ALL {
            if code.status_source() != StatusSource::FrontlineGatewayMapping {
                continue;
            }
            let error = GatewayError::new(code);
            assert_eq!(error.status(), code.status(), "{code}");
            assert_eq!(error.title(), code.title(), "{code}");
        }
        assert_eq!(LISTED.len(), 26);
        assert!(LISTED.iter().all(|&code| listed(code).is_some()));
    }
}
