//! The envelope: [`Problem`], one error response, and [`ValidationError`], one entry of its
//! `errors` array; written by `ser`, read by `de`, made an HTTP response by `http`. The fields
//! are private to this module.

use std::borrow::Cow;
use std::fmt;

use std::time::Duration;

use ::http::header::RETRY_AFTER;
use ::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::value::RawValue;

use crate::ratelimit::RateLimit;
use crate::ErrorCode;

mod cause;
mod de;
mod error;
mod http;
mod ser;

pub(crate) use self::cause::Cause;
pub use self::http::ContentType;
pub(crate) use self::ser::escape_into;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) use self::ser::escapes;
pub use error::{Category, ParseError};

/// The public detail of every internal error: the documented example's, and nothing more.
pub const INTERNAL_ERROR_DETAIL: &str =
    "An unexpected error occurred while processing your request";

/// One Unkey error response: the `{"meta": {...}, "error": {...}}` envelope.
///
/// Build one from an [`ErrorCode`] with [`Problem::new`], or parse one from a response body
/// with [`Problem::from_slice`]. Serialization (through [`serde`] or
/// [`to_json_vec`](Self::to_json_vec)) writes the documented form: `meta` then `error`, and in
/// `error` the keys `detail, status, title, type`, then `errors`.
///
/// Strings are [`Cow<'static, str>`]: a `&'static str` detail costs no allocation.
///
/// ```
/// use unkey_errors::{ErrorCode, Problem};
///
/// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "This operation is not allowed")
///     .with_request_id("req_2c9a0jf23l4k567");
/// assert_eq!(
///     problem.to_json_string(),
///     r#"{"meta":{"requestId":"req_2c9a0jf23l4k567"},"error":{"detail":"This operation is not allowed","status":403,"title":"Forbidden","type":"https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden"}}"#,
/// );
///
/// let parsed = Problem::from_slice(problem.to_json_string().as_bytes())?;
/// assert_eq!(parsed, problem);
/// assert_eq!(parsed.code(), Some(ErrorCode::AuthorizationForbidden));
/// # Ok::<(), unkey_errors::problem::ParseError>(())
/// ```
///
/// # Parsing is exact where the schema is, lenient where real servers differ
///
/// [`Problem::from_slice`] requires every field the schema requires, with its JSON type, and
/// accepts any key order, any valid JSON escaping, `"errors": null` (read as no array), a
/// `type` that is no URL or names no known code (kept as sent; [`code`](Self::code) is then
/// `None`) and a status the catalogue does not expect (kept as sent). Members the schema does
/// not define are **kept**, byte for byte, and written back after the known ones: see
/// [`extra_members`](Self::extra_members).
///
/// # A value, nothing more
///
/// Building, cloning, comparing or dropping a problem does nothing. A problem made for an
/// internal error carries its [`cause`](Self::cause) as data, to where it is answered, which
/// reports it (see the `report` module). Two problems are equal when everything they say
/// (fields, extra members and response headers) is equal; the cause is not written anywhere
/// a client sees, so it takes no part.
#[derive(Clone, Debug)]
pub struct Problem {
    request_id: Cow<'static, str>,
    detail: Cow<'static, str>,
    title: Cow<'static, str>,
    type_url: Cow<'static, str>,
    errors: Option<Vec<ValidationError>>,
    extra: Vec<ExtraMember>,
    status: StatusCode,
    code: Option<ErrorCode>,
    /// What few problems have, boxed so that the rest stay small: response headers and the
    /// cause of an internal error.
    more: Option<Box<More>>,
}

/// The rarely used part of a [`Problem`].
#[derive(Clone, Debug, Default)]
struct More {
    headers: HeaderMap,
    cause: Option<Cause>,
}

impl PartialEq for Problem {
    /// Everything a client can see: the fields, the extra members, the response headers.
    fn eq(&self, other: &Self) -> bool {
        fn headers(problem: &Problem) -> Option<&HeaderMap> {
            problem
                .more
                .as_ref()
                .map(|more| &more.headers)
                .filter(|headers| !headers.is_empty())
        }
        self.request_id == other.request_id
            && self.detail == other.detail
            && self.title == other.title
            && self.type_url == other.type_url
            && self.errors == other.errors
            && self.extra == other.extra
            && self.status == other.status
            && self.code == other.code
            && headers(self) == headers(other)
    }
}

impl Eq for Problem {}

impl Problem {
    /// A problem for `code`: status, title and `type` are the code's documented values
    /// ([`ErrorCode::status`], [`ErrorCode::title`], [`ErrorCode::type_url`]). Codes whose
    /// responses carry the validation `errors` array ([`ErrorCode::has_errors_array`]) get an
    /// empty one. The request id is empty until [`with_request_id`](Self::with_request_id).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let problem = Problem::new(ErrorCode::DataKeyNotFound, "The key was not found");
    /// assert_eq!(problem.status(), http::StatusCode::NOT_FOUND);
    /// assert_eq!(problem.title(), "Not Found");
    /// assert_eq!(problem.validation_errors(), None);
    /// assert_eq!(Problem::new(ErrorCode::ApplicationInvalidInput, "bad").validation_errors(), Some(&[][..]));
    /// ```
    #[must_use]
    pub fn new(code: ErrorCode, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            request_id: Cow::Borrowed(""),
            detail: detail.into(),
            title: Cow::Borrowed(code.title()),
            type_url: Cow::Borrowed(code.type_url()),
            errors: code.has_errors_array().then(Vec::new),
            extra: Vec::new(),
            status: code.status(),
            code: Some(code),
            more: None,
        }
    }

    /// A problem for `code` as today's live API server sends it: its status and title
    /// ([`ErrorCode::live_status`], [`ErrorCode::live_title`]) and the current docs URL as
    /// `type` ([`ErrorCode::page_url`]).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let problem = Problem::new_live(ErrorCode::ApplicationProtectedResource, "protected");
    /// assert_eq!(problem.status(), http::StatusCode::PRECONDITION_FAILED);
    /// assert_eq!(problem.title(), "Resource is protected");
    /// assert_eq!(problem.type_url(), "https://unkey.com/docs/errors/unkey/application/protected_resource");
    /// ```
    #[must_use]
    pub fn new_live(code: ErrorCode, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            title: Cow::Borrowed(code.live_title()),
            type_url: Cow::Borrowed(code.page_url()),
            status: code.live_status(),
            ..Self::new(code, detail)
        }
    }

    /// A problem with any status, title and `type`, for errors outside the catalogue.
    /// [`code`](Self::code) is the code `type_url` names, if any.
    ///
    /// ```
    /// use http::StatusCode;
    /// use unkey_errors::Problem;
    ///
    /// let problem = Problem::custom(
    ///     StatusCode::CONFLICT,
    ///     "Conflict",
    ///     "https://unkey.com/docs/errors/unkey/data/role/duplicate",
    ///     "A role with this name already exists",
    /// );
    /// assert_eq!(problem.code(), None);
    /// ```
    #[must_use]
    pub fn custom(
        status: StatusCode,
        title: impl Into<Cow<'static, str>>,
        type_url: impl Into<Cow<'static, str>>,
        detail: impl Into<Cow<'static, str>>,
    ) -> Self {
        let type_url = type_url.into();
        Self {
            request_id: Cow::Borrowed(""),
            detail: detail.into(),
            title: title.into(),
            code: type_url.parse().ok(),
            type_url,
            errors: None,
            extra: Vec::new(),
            status,
            more: None,
        }
    }

    /// The problem for an error a service cannot answer better than "500": 500
    /// `unkey/application/unexpected_error` with the generic [`INTERNAL_ERROR_DETAIL`]. Nothing
    /// of `error` is in the body; its messages and its sources' are kept as the problem's
    /// [`cause`](Self::cause), and reported once where the problem is answered (see
    /// the `report` module).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem, problem::INTERNAL_ERROR_DETAIL};
    ///
    /// let io = std::io::Error::other("disk /var/lib/db full");
    /// let problem = Problem::internal(&io);
    /// assert_eq!(problem.code(), Some(ErrorCode::ApplicationUnexpectedError));
    /// assert_eq!(problem.detail(), INTERNAL_ERROR_DETAIL);
    /// assert!(!problem.to_json_string().contains("/var/lib"));
    /// ```
    #[must_use]
    pub fn internal(error: &dyn std::error::Error) -> Self {
        Self::with_cause(Cause::snapshot(error))
    }

    /// Like [`Problem::internal`], for an error it owns: the error itself is kept as the
    /// cause (no copy of its messages), so that a report sees its type and its sources.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let problem = Problem::internal_owned(std::io::Error::other("disk full"));
    /// let cause = problem.cause().unwrap();
    /// assert!(cause.downcast_ref::<std::io::Error>().is_some());
    /// assert_eq!(problem, Problem::from(ErrorCode::ApplicationUnexpectedError).with_detail(unkey_errors::problem::INTERNAL_ERROR_DETAIL));
    /// ```
    #[must_use]
    pub fn internal_owned(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        let error: Box<dyn std::error::Error + Send + Sync> = error.into();
        Self::with_cause(Cause::owned(error.into()))
    }

    /// The problem for a panic: like [`Problem::internal`], with the panic's message as cause.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn panic(message: String) -> Self {
        Self::with_cause(Cause::panic(message))
    }

    pub(crate) fn with_cause(cause: Cause) -> Self {
        let mut problem = Self::new(ErrorCode::ApplicationUnexpectedError, INTERNAL_ERROR_DETAIL);
        problem.set_cause(cause);
        problem
    }

    /// Makes this problem the answer for `cause`.
    pub(crate) fn set_cause(&mut self, cause: Cause) {
        self.more_mut().cause = Some(cause);
    }

    /// The internal error (or panic) this problem answers for, if it was made for one: never
    /// written to a body or a header.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::internal(&std::io::Error::other("disk full"));
    /// assert_eq!(problem.cause().map(ToString::to_string).as_deref(), Some("disk full"));
    /// assert!(Problem::from(ErrorCode::DataKeyNotFound).cause().is_none());
    /// ```
    #[must_use]
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.cause_data().map(|cause| &*cause.error)
    }

    pub(crate) fn cause_data(&self) -> Option<&Cause> {
        self.more.as_ref().and_then(|more| more.cause.as_ref())
    }

    fn more_mut(&mut self) -> &mut More {
        self.more.get_or_insert_with(Box::default)
    }

    /// The response headers, taken out (a response made of the problem moves them).
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn take_headers(&mut self) -> HeaderMap {
        self.more
            .as_mut()
            .map(|more| std::mem::take(&mut more.headers))
            .unwrap_or_default()
    }

    /// Adds a header to the response this problem becomes, replacing one of the same name.
    /// [`into_http_response`](Self::into_http_response) and every integration write it.
    ///
    /// ```
    /// use http::header::{HeaderValue, WWW_AUTHENTICATE};
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let response = Problem::new(ErrorCode::AuthenticationMissing, "no key")
    ///     .with_header(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))
    ///     .into_http_response();
    /// assert_eq!(response.headers()[WWW_AUTHENTICATE], "Bearer");
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.more_mut().headers.insert(name, value);
        self
    }

    /// Adds `Retry-After` in whole seconds (rounded up), as Unkey's own 429s carry it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let response = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow down")
    ///     .with_retry_after(Duration::from_millis(1500))
    ///     .into_http_response();
    /// assert_eq!(response.headers()["retry-after"], "2");
    /// ```
    #[must_use]
    pub fn with_retry_after(self, delay: Duration) -> Self {
        let seconds = crate::util::seconds_up(delay);
        self.with_header(RETRY_AFTER, HeaderValue::from(seconds))
    }

    /// Adds Unkey's rate-limit headers, `RateLimit-Limit`, `RateLimit-Remaining` and
    /// `RateLimit-Reset` (seconds until the window resets).
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::{ErrorCode, Problem, ratelimit::RateLimit};
    ///
    /// let response = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow down")
    ///     .with_rate_limit(RateLimit::new(100, 0, Duration::from_secs(30)))
    ///     .into_http_response();
    /// assert_eq!(response.headers()["ratelimit-limit"], "100");
    /// assert_eq!(response.headers()["ratelimit-remaining"], "0");
    /// assert_eq!(response.headers()["ratelimit-reset"], "30");
    /// ```
    #[must_use]
    pub fn with_rate_limit(mut self, rate_limit: RateLimit) -> Self {
        rate_limit.write(&mut self.more_mut().headers);
        self
    }

    /// The same problem with the gateway's dialect of the rate-limit headers for `rate_limit`:
    /// `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`, the reset as a Unix
    /// time in seconds, counted from now (see
    /// [`with_gateway_rate_limit_at`](Self::with_gateway_rate_limit_at)).
    #[must_use]
    pub fn with_gateway_rate_limit(self, rate_limit: RateLimit) -> Self {
        self.with_gateway_rate_limit_at(rate_limit, std::time::SystemTime::now())
    }

    /// [`with_gateway_rate_limit`](Self::with_gateway_rate_limit), the reset counted from `now`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use unkey_errors::{ErrorCode, Problem, ratelimit::RateLimit};
    ///
    /// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let response = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow down")
    ///     .with_gateway_rate_limit_at(RateLimit::new(100, 0, Duration::from_secs(30)), now)
    ///     .into_http_response();
    /// assert_eq!(response.headers()["x-ratelimit-limit"], "100");
    /// assert_eq!(response.headers()["x-ratelimit-reset"], "1700000030");
    /// ```
    #[must_use]
    pub fn with_gateway_rate_limit_at(
        mut self,
        rate_limit: RateLimit,
        now: std::time::SystemTime,
    ) -> Self {
        rate_limit.write_gateway_at(&mut self.more_mut().headers, now);
        self
    }

    /// The headers the response this problem becomes carries besides its content type: those
    /// added by [`with_header`](Self::with_header), [`with_retry_after`](Self::with_retry_after)
    /// and [`with_rate_limit`](Self::with_rate_limit). A parsed problem has none.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::{ErrorCode, Problem};
    ///
    /// let problem = Problem::new(ErrorCode::TooManyRequestsWorkspaceRateLimited, "slow down")
    ///     .with_retry_after(Duration::from_secs(1));
    /// let names: Vec<&str> = problem.headers().map(|(name, _)| name.as_str()).collect();
    /// assert_eq!(names, ["retry-after"]);
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.more.iter().flat_map(|more| more.headers.iter())
    }

    /// Sets `meta.requestId`. Unkey's ids are `req_` followed by letters and digits.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no").with_request_id("req_123");
    /// assert_eq!(problem.request_id(), "req_123");
    /// ```
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<Cow<'static, str>>) -> Self {
        self.set_request_id(request_id);
        self
    }

    /// Sets `meta.requestId` in place, e.g. from a middleware that assigns ids.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let mut problem = Problem::new(ErrorCode::AuthorizationForbidden, "no");
    /// problem.set_request_id("req_123");
    /// assert_eq!(problem.request_id(), "req_123");
    /// ```
    pub fn set_request_id(&mut self, request_id: impl Into<Cow<'static, str>>) {
        self.request_id = request_id.into();
    }

    /// Replaces the detail.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no").with_detail(format!("no {}", 1));
    /// assert_eq!(problem.detail(), "no 1");
    /// ```
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<Cow<'static, str>>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Replaces the status.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no")
    ///     .with_status(http::StatusCode::UNAUTHORIZED);
    /// assert_eq!(problem.status().as_u16(), 401);
    /// ```
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Replaces the title.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::AuthorizationKeyDisabled, "off").with_title("Key is disabled");
    /// assert_eq!(problem.title(), "Key is disabled");
    /// ```
    #[must_use]
    pub fn with_title(mut self, title: impl Into<Cow<'static, str>>) -> Self {
        self.title = title.into();
        self
    }

    /// Replaces `type`; [`code`](Self::code) follows it.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let code = ErrorCode::AuthorizationForbidden;
    /// let problem = Problem::new(code, "no").with_type_url(code.page_url());
    /// assert_eq!(problem.type_url(), "https://unkey.com/docs/errors/unkey/authorization/forbidden");
    /// assert_eq!(problem.code(), Some(code));
    /// ```
    #[must_use]
    pub fn with_type_url(mut self, type_url: impl Into<Cow<'static, str>>) -> Self {
        self.type_url = type_url.into();
        self.code = self.type_url.parse().ok();
        self
    }

    /// Appends a validation error, creating the `errors` array if there is none.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem, problem::ValidationError};
    ///
    /// let problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid input")
    ///     .with_validation_error(
    ///         ValidationError::new("body.limit", "must be greater than or equal to 1")
    ///             .with_fix("Provide a limit value of at least 1"),
    ///     );
    /// assert_eq!(problem.validation_errors().unwrap_or_default()[0].location(), "body.limit");
    /// ```
    #[must_use]
    pub fn with_validation_error(mut self, error: ValidationError) -> Self {
        self.push_validation_error(error);
        self
    }

    /// Appends validation errors, creating the `errors` array if there is none.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem, problem::ValidationError};
    ///
    /// let problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid input")
    ///     .with_validation_errors([
    ///         ValidationError::new("body.limit", "must be at least 1"),
    ///         ValidationError::new("body.apiId", "is required"),
    ///     ]);
    /// assert_eq!(problem.validation_errors().map_or(0, <[_]>::len), 2);
    /// ```
    #[must_use]
    pub fn with_validation_errors(
        mut self,
        errors: impl IntoIterator<Item = ValidationError>,
    ) -> Self {
        self.errors.get_or_insert_with(Vec::new).extend(errors);
        self
    }

    /// Appends a validation error in place, creating the `errors` array if there is none.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem, problem::ValidationError};
    /// let mut problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid input");
    /// problem.push_validation_error(ValidationError::new("query.page", "must be a number"));
    /// assert_eq!(problem.validation_errors().map_or(0, <[_]>::len), 1);
    /// ```
    pub fn push_validation_error(&mut self, error: ValidationError) {
        self.errors.get_or_insert_with(Vec::new).push(error);
    }

    /// Sets the `errors` array: `None` leaves the member out of the JSON, `Some` writes it
    /// (empty or not).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let mut problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid input");
    /// problem.set_validation_errors(None);
    /// assert!(!problem.to_json_string().contains(r#""errors""#));
    /// ```
    pub fn set_validation_errors(&mut self, errors: Option<Vec<ValidationError>>) {
        self.errors = errors;
    }

    /// The code that `type` names; `None` when it names none this version knows (the `type`
    /// itself is kept, see [`type_url`](Self::type_url)).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::DataRoleNotFound, "no such role");
    /// assert_eq!(problem.code(), Some(ErrorCode::DataRoleNotFound));
    /// ```
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }

    /// `meta.requestId`.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no").with_request_id("req_1");
    /// assert_eq!(problem.request_id(), "req_1");
    /// ```
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// `error.detail`.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// assert_eq!(Problem::new(ErrorCode::AuthorizationForbidden, "no").detail(), "no");
    /// ```
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// `error.status`.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// assert_eq!(Problem::new(ErrorCode::AuthorizationForbidden, "no").status().as_u16(), 403);
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// `error.title`.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// assert_eq!(Problem::new(ErrorCode::AuthorizationForbidden, "no").title(), "Forbidden");
    /// ```
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// `error.type`, as built or as sent.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// assert_eq!(
    ///     Problem::new(ErrorCode::AuthorizationForbidden, "no").type_url(),
    ///     "https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden",
    /// );
    /// ```
    #[must_use]
    pub fn type_url(&self) -> &str {
        &self.type_url
    }

    /// `error.errors`: `None` when the member is absent (or was `null`), which a round trip
    /// keeps apart from an empty array.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// assert_eq!(Problem::new(ErrorCode::AuthorizationForbidden, "no").validation_errors(), None);
    /// let invalid = Problem::new(ErrorCode::ApplicationInvalidInput, "bad");
    /// assert_eq!(invalid.validation_errors(), Some(&[][..]));
    /// ```
    #[must_use]
    pub fn validation_errors(&self) -> Option<&[ValidationError]> {
        self.errors.as_deref()
    }

    /// Members of the envelope, `meta` or `error` that the schema does not define, as parsed:
    /// `meta`'s, then `error`'s, then the envelope's (the order they are written back in), each
    /// object's in the order sent. A built problem has none.
    ///
    /// ```
    /// use unkey_errors::{Problem, problem::Scope};
    ///
    /// let body = br#"{"meta":{"requestId":"req_1"},"error":{"detail":"d","status":403,
    ///     "title":"Forbidden","type":"unkey/authorization/forbidden","instance":"/v2/keys"}}"#;
    /// let problem = Problem::from_slice(body)?;
    /// let member = &problem.extra_members()[0];
    /// assert_eq!((member.scope(), member.name(), member.value().get()), (Scope::Error, "instance", r#""/v2/keys""#));
    /// # Ok::<(), unkey_errors::problem::ParseError>(())
    /// ```
    #[must_use]
    pub fn extra_members(&self) -> &[ExtraMember] {
        &self.extra
    }

    /// Whether status, title and `type` are exactly the documented values of
    /// [`code`](Self::code), as [`Problem::new`] makes them.
    fn documented_code(&self) -> Option<ErrorCode> {
        self.code.filter(|code| {
            self.status.as_u16() == code.status_u16()
                && self.title == code.title()
                && self.type_url == code.type_url()
        })
    }
}

impl fmt::Display for Problem {
    /// `403 Forbidden: This operation is not allowed (unkey/authorization/forbidden)`; an
    /// unknown code shows its `type` as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} (",
            self.status.as_u16(),
            self.title,
            self.detail
        )?;
        match self.code {
            Some(code) => f.write_str(code.as_str())?,
            None => f.write_str(&self.type_url)?,
        }
        f.write_str(")")
    }
}

impl std::error::Error for Problem {}

impl From<ErrorCode> for Problem {
    /// [`Problem::new`] with the code's title as the detail: for a code that needs no more
    /// words, e.g. `Err(ErrorCode::AuthorizationForbidden.into())`.
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let problem = Problem::from(ErrorCode::DataKeyNotFound);
    /// assert_eq!((problem.status().as_u16(), problem.detail()), (404, "Not Found"));
    /// ```
    fn from(code: ErrorCode) -> Self {
        Self::new(code, code.title())
    }
}

/// One entry of a problem's `errors` array: what failed validation and where.
///
/// ```
/// use unkey_errors::problem::ValidationError;
///
/// let error = ValidationError::new("body.limit", "must be greater than or equal to 1")
///     .with_fix("Provide a limit value of at least 1");
/// assert_eq!(error.location(), "body.limit");
/// assert_eq!(error.fix(), Some("Provide a limit value of at least 1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    location: Cow<'static, str>,
    message: Cow<'static, str>,
    fix: Option<Cow<'static, str>>,
    extra: Vec<ExtraMember>,
}

impl ValidationError {
    /// A validation error at `location` (e.g. `body.limit`, `query.page`, `path.id`).
    ///
    /// ```
    /// use unkey_errors::problem::ValidationError;
    /// let error = ValidationError::new("path.id", "must not be empty");
    /// assert_eq!(error.fix(), None);
    /// ```
    #[must_use]
    pub fn new(
        location: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
            fix: None,
            extra: Vec::new(),
        }
    }

    /// Adds how to fix it.
    ///
    /// ```
    /// use unkey_errors::problem::ValidationError;
    /// let error = ValidationError::new("path.id", "must not be empty").with_fix("Pass an id");
    /// assert_eq!(error.fix(), Some("Pass an id"));
    /// ```
    #[must_use]
    pub fn with_fix(mut self, fix: impl Into<Cow<'static, str>>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// Where the invalid value is, e.g. `body.limit`.
    ///
    /// ```
    /// use unkey_errors::problem::ValidationError;
    /// assert_eq!(ValidationError::new("body.limit", "too small").location(), "body.limit");
    /// ```
    #[must_use]
    pub fn location(&self) -> &str {
        &self.location
    }

    /// What is wrong with it.
    ///
    /// ```
    /// use unkey_errors::problem::ValidationError;
    /// assert_eq!(ValidationError::new("body.limit", "too small").message(), "too small");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it, if said.
    ///
    /// ```
    /// use unkey_errors::problem::ValidationError;
    /// assert_eq!(ValidationError::new("body.limit", "too small").fix(), None);
    /// ```
    #[must_use]
    pub fn fix(&self) -> Option<&str> {
        self.fix.as_deref()
    }

    /// Members the schema does not define, as parsed; see [`Problem::extra_members`].
    ///
    /// ```
    /// use unkey_errors::problem::ValidationError;
    /// assert!(ValidationError::new("body.limit", "too small").extra_members().is_empty());
    /// ```
    #[must_use]
    pub fn extra_members(&self) -> &[ExtraMember] {
        &self.extra
    }
}

/// Which object of the envelope an [`ExtraMember`] was found in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Scope {
    /// The envelope itself, beside `meta` and `error`.
    Envelope,
    /// `meta`, beside `requestId`.
    Meta,
    /// `error`, beside `detail`, `status`, `title`, `type` and `errors`.
    Error,
    /// An entry of `error.errors`, beside `location`, `message` and `fix`.
    ValidationError,
}

/// A member the schema does not define, kept as parsed: its name and its raw JSON value.
///
/// Unkey's schema allows no other members (`additionalProperties: false`), but a parser must
/// not lose what a server sends, so these are kept and written back unchanged after the known
/// members of their object.
#[derive(Clone, Debug)]
pub struct ExtraMember {
    scope: Scope,
    name: String,
    value: Box<RawValue>,
}

impl ExtraMember {
    /// The object it was found in.
    ///
    /// ```
    /// use unkey_errors::{Problem, problem::Scope};
    /// let body = br#"{"meta":{"requestId":"r","region":"eu"},"error":{"detail":"d","status":500,"title":"t","type":"x"}}"#;
    /// assert_eq!(Problem::from_slice(body)?.extra_members()[0].scope(), Scope::Meta);
    /// # Ok::<(), unkey_errors::problem::ParseError>(())
    /// ```
    #[must_use]
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// Its name, unescaped.
    ///
    /// ```
    /// use unkey_errors::Problem;
    /// let body = br#"{"meta":{"requestId":"r"},"error":{"detail":"d","status":500,"title":"t","type":"x","a\u0062c":1}}"#;
    /// assert_eq!(Problem::from_slice(body)?.extra_members()[0].name(), "abc");
    /// # Ok::<(), unkey_errors::problem::ParseError>(())
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its value, the JSON text exactly as sent.
    ///
    /// ```
    /// use unkey_errors::Problem;
    /// let body = br#"{"meta":{"requestId":"r"},"error":{"detail":"d","status":500,"title":"t","type":"x","n":[1, 2.50]}}"#;
    /// assert_eq!(Problem::from_slice(body)?.extra_members()[0].value().get(), "[1, 2.50]");
    /// # Ok::<(), unkey_errors::problem::ParseError>(())
    /// ```
    #[must_use]
    pub fn value(&self) -> &RawValue {
        &self.value
    }
}

impl PartialEq for ExtraMember {
    /// Equal when scope, name and the raw JSON text are equal.
    fn eq(&self, other: &Self) -> bool {
        self.scope == other.scope
            && self.name == other.name
            && self.value.get() == other.value.get()
    }
}

impl Eq for ExtraMember {}
