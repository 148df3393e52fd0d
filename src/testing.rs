//! Helpers for tests that check error shapes: [`assert_problem!`](crate::assert_problem) and
//! sample problems.

use std::fmt::Write as _;

use http::StatusCode;

use crate::problem::ValidationError;
use crate::{ApiError, ErrorCode, Problem};

/// Something a test can read a problem from: a [`Problem`], raw bytes or text, an
/// `http::Response` (its status is checked too) or an [`ApiError`].
pub trait ProblemSource {
    /// The problem, and the HTTP status it came with if there was one; or why there is none.
    ///
    /// # Errors
    ///
    /// A short report when the source holds no v2 problem.
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String>;
}

impl ProblemSource for Problem {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        Ok((self.clone(), None))
    }
}

impl ProblemSource for [u8] {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        Problem::from_slice(self).map(|p| (p, None)).map_err(|err| {
            let shown = String::from_utf8_lossy(self.get(..120).unwrap_or(self)).into_owned();
            format!("not an Unkey problem: {err}\n  body starts: {shown:?}")
        })
    }
}

impl ProblemSource for Vec<u8> {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        self.as_slice().read_problem()
    }
}

impl ProblemSource for str {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        self.as_bytes().read_problem()
    }
}

impl ProblemSource for String {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        self.as_bytes().read_problem()
    }
}

impl<B: AsRef<[u8]>> ProblemSource for http::Response<B> {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        let (problem, _) = self.body().as_ref().read_problem()?;
        Ok((problem, Some(self.status())))
    }
}

impl ProblemSource for ApiError {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        match self.as_problem() {
            Some(problem) => Ok((problem.clone(), Some(self.status()))),
            None => Err(format!("not an Unkey problem: {self}")),
        }
    }
}

#[cfg(feature = "reqwest")]
impl ProblemSource for crate::client::reqwest::Error {
    /// The API's failure; a transport error fails the check with its message.
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        match self.as_api_error() {
            Some(api) => api.read_problem(),
            None => Err(format!("no problem to check: {self}")),
        }
    }
}

impl<T: ProblemSource, E: std::fmt::Display> ProblemSource for Result<T, E> {
    /// The problem of `Ok`; an `Err` (a body that could not be read) fails the check with its
    /// message.
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        match self {
            Ok(source) => source.read_problem(),
            Err(err) => Err(format!("no problem to check: {err}")),
        }
    }
}

impl<T: ProblemSource + ?Sized> ProblemSource for &T {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        (**self).read_problem()
    }
}

/// What [`assert_problem!`](crate::assert_problem) expects: a code and its documented status,
/// and optionally more; or, for answers outside the catalogue, only what is named.
#[derive(Clone, Debug)]
pub struct Expected {
    code: Option<ErrorCode>,
    status: Option<u16>,
    title: Option<String>,
    detail: Option<String>,
    request_id: Option<String>,
    errors: Option<Vec<(String, Option<String>)>>,
}

/// One expected validation error: `(location, message)`, or a location alone, which matches
/// any message.
pub trait ExpectedError {
    /// The location, and the message if one is expected.
    fn into_expected(self) -> (String, Option<String>);
}

impl<L: Into<String>, M: Into<String>> ExpectedError for (L, M) {
    fn into_expected(self) -> (String, Option<String>) {
        (self.0.into(), Some(self.1.into()))
    }
}

impl ExpectedError for &str {
    fn into_expected(self) -> (String, Option<String>) {
        (self.to_owned(), None)
    }
}

impl ExpectedError for String {
    fn into_expected(self) -> (String, Option<String>) {
        (self, None)
    }
}

impl Expected {
    /// The code, with its documented status.
    #[must_use]
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code: Some(code),
            status: Some(code.status().as_u16()),
            ..Self::any()
        }
    }

    /// Any problem: only what is named after is checked (the form without a code, for answers
    /// outside the catalogue: an unknown route, a 405, a handler's own 409).
    #[must_use]
    pub fn any() -> Self {
        Self {
            code: None,
            status: None,
            title: None,
            detail: None,
            request_id: None,
            errors: None,
        }
    }

    /// Expects this status (with a code: another than its documented one, e.g. the live
    /// server's).
    #[must_use]
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Expects this title.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Expects this detail.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Expects this request id.
    #[must_use]
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Expects exactly these validation errors, in order: each `(location, message)`, or a
    /// location alone (any message).
    #[must_use]
    pub fn errors<E: ExpectedError>(mut self, errors: impl IntoIterator<Item = E>) -> Self {
        self.errors = Some(
            errors
                .into_iter()
                .map(ExpectedError::into_expected)
                .collect(),
        );
        self
    }
}

/// Checks `actual` against `expected`.
///
/// # Errors
///
/// A short expected-versus-actual report of code, status, title and detail (and the other
/// expectations that failed).
pub fn check<S: ProblemSource + ?Sized>(actual: &S, expected: &Expected) -> Result<(), String> {
    let (problem, http_status) = actual.read_problem()?;
    let mut report = String::new();
    let code = problem
        .code()
        .map_or_else(|| problem.type_url().to_owned(), |c| c.to_string());
    if let Some(expected_code) = expected.code.filter(|c| problem.code() != Some(*c)) {
        let _ = writeln!(
            report,
            "  code:       expected {expected_code}, found {code}"
        );
    }
    if let Some(status) = expected.status.filter(|s| *s != problem.status().as_u16()) {
        let _ = writeln!(
            report,
            "  status:     expected {status}, found {}",
            problem.status().as_u16()
        );
    }
    if let Some(title) = expected.title.as_deref().filter(|t| *t != problem.title()) {
        let _ = writeln!(
            report,
            "  title:      expected {title:?}, found {:?}",
            problem.title()
        );
    }
    if let Some(http_status) = http_status.filter(|s| *s != problem.status()) {
        let _ = writeln!(
            report,
            "  HTTP status {} differs from the body's {}",
            http_status.as_u16(),
            problem.status().as_u16()
        );
    }
    if let Some(detail) = expected
        .detail
        .as_deref()
        .filter(|d| *d != problem.detail())
    {
        let _ = writeln!(
            report,
            "  detail:     expected {detail:?}, found {:?}",
            problem.detail()
        );
    }
    if let Some(id) = expected
        .request_id
        .as_deref()
        .filter(|id| *id != problem.request_id())
    {
        let _ = writeln!(
            report,
            "  request id: expected {id:?}, found {:?}",
            problem.request_id()
        );
    }
    if let Some(errors) = &expected.errors {
        let found: Vec<(&str, &str)> = problem
            .validation_errors()
            .unwrap_or_default()
            .iter()
            .map(|e| (e.location(), e.message()))
            .collect();
        let matches = errors.len() == found.len()
            && errors
                .iter()
                .zip(&found)
                .all(|((location, message), found)| {
                    location == found.0 && message.as_ref().is_none_or(|m| m == found.1)
                });
        if !matches {
            let expected: Vec<String> = errors
                .iter()
                .map(|(location, message)| match message {
                    Some(message) => format!("{location}: {message}"),
                    None => location.clone(),
                })
                .collect();
            let found: Vec<String> = found.iter().map(|(l, m)| format!("{l}: {m}")).collect();
            let _ = writeln!(
                report,
                "  errors:     expected {expected:?}, found {found:?}"
            );
        }
    }
    if report.is_empty() {
        return Ok(());
    }
    let _ = write!(
        report,
        "  actual:     {} {} {:?}: {:?}",
        problem.status().as_u16(),
        code,
        problem.title(),
        problem.detail()
    );
    Err(format!("not the expected problem:\n{report}"))
}

/// Asserts that a response, body or problem is the Unkey problem of a code, with the code's
/// documented status; more can be checked with `status = `, `title = `, `detail = `,
/// `request_id = ` and `errors = [(location, message), ...]` or `errors = [location, ...]`.
/// Without a code (`assert_problem!(x, status = 409, title = "Conflict")`), for answers
/// outside the catalogue, only what is named is checked.
///
/// Works on a [`Problem`], bytes, text, an `http::Response` with its body in memory (whose
/// status must agree with the body's), an [`ApiError`](crate::ApiError), the crate's
/// `reqwest::Error`, or what `testing::collect` (axum), `testing::collect_actix` and
/// `testing::collect_reqwest` give for a response. A failure prints a short
/// expected-versus-actual report of code, status, title and detail, not the bytes.
///
/// ```
/// use unkey_errors::{assert_problem, ErrorCode, Problem};
///
/// let response = Problem::new(ErrorCode::DataKeyNotFound, "The key was not found")
///     .with_request_id("req_1")
///     .into_http_response();
/// assert_problem!(response, ErrorCode::DataKeyNotFound);
/// assert_problem!(response, ErrorCode::DataKeyNotFound, detail = "The key was not found", request_id = "req_1");
/// ```
///
/// An answer outside the catalogue, checked by what it says:
///
/// ```
/// use http::StatusCode;
/// use unkey_errors::{assert_problem, Problem};
/// let conflict = Problem::custom(StatusCode::CONFLICT, "Conflict", "about:blank", "name taken");
/// assert_problem!(conflict, status = 409, title = "Conflict", detail = "name taken");
/// ```
///
/// ```should_panic
/// use unkey_errors::{assert_problem, ErrorCode, Problem};
/// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no");
/// assert_problem!(problem, ErrorCode::DataKeyNotFound); // panics: code and status differ
/// ```
#[macro_export]
macro_rules! assert_problem {
    ($actual:expr $(, $field:ident = $value:expr)+ $(,)?) => {{
        let expected = $crate::testing::Expected::any() $(.$field($value))+;
        if let ::core::result::Result::Err(report) = $crate::testing::check(&$actual, &expected) {
            ::core::panic!("{}", report);
        }
    }};
    ($actual:expr, $code:expr $(, $field:ident = $value:expr)* $(,)?) => {{
        let expected = $crate::testing::Expected::new($code) $(.$field($value))*;
        if let ::core::result::Result::Err(report) = $crate::testing::check(&$actual, &expected) {
            ::core::panic!("{}", report);
        }
    }};
}

/// The response with its body read, for [`assert_problem!`](crate::assert_problem): an axum
/// `Response` (or any `http::Response` whose body is an `http_body::Body`), one `.await` away.
///
/// # Errors
///
/// The body's own error, when it cannot be read; [`assert_problem!`](crate::assert_problem)
/// reports it.
///
/// ```
/// use axum::{routing::get, Router};
/// use tower::ServiceExt as _;
/// use unkey_errors::{assert_problem, testing, ErrorCode, Problem};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// async fn handler() -> Problem {
///     Problem::new(ErrorCode::DataKeyNotFound, "no such key")
/// }
/// let app = Router::new().route("/key", get(handler));
/// let request = axum::http::Request::get("/key").body(axum::body::Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_problem!(testing::collect(response).await, ErrorCode::DataKeyNotFound, detail = "no such key");
/// # }
/// ```
#[cfg(feature = "axum")]
pub async fn collect<B>(response: http::Response<B>) -> Result<http::Response<Vec<u8>>, axum::Error>
where
    B: http_body::Body<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(axum::body::Body::new(body), usize::MAX).await?;
    Ok(http::Response::from_parts(parts, bytes.to_vec()))
}

/// An actix-web response with its body read, as an `http::Response`, for
/// [`assert_problem!`](crate::assert_problem): one `.await` away from
/// `actix_web::test::call_service`.
///
/// # Errors
///
/// The body's own error, when it cannot be read; [`assert_problem!`](crate::assert_problem)
/// reports it.
///
/// ```
/// use actix_web::{test, web, App};
/// use unkey_errors::{assert_problem, testing, ErrorCode, Problem};
///
/// async fn handler() -> Problem {
///     Problem::new(ErrorCode::DataKeyNotFound, "no such key")
/// }
///
/// actix_web::rt::System::new().block_on(async {
///     let app = test::init_service(App::new().route("/key", web::get().to(handler))).await;
///     let request = test::TestRequest::get().uri("/key").to_request();
///     let response = test::call_service(&app, request).await;
///     assert_problem!(testing::collect_actix(response).await, ErrorCode::DataKeyNotFound);
/// });
/// ```
#[cfg(feature = "actix-web")]
pub async fn collect_actix<B>(
    response: actix_web::dev::ServiceResponse<B>,
) -> Result<http::Response<Vec<u8>>, String>
where
    B: actix_web::body::MessageBody,
{
    let response = response.into_parts().1;
    let status =
        StatusCode::from_u16(response.status().as_u16()).map_err(|err| format!("status: {err}"))?;
    let mut converted = http::Response::new(Vec::new());
    *converted.status_mut() = status;
    for (name, value) in response.headers() {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_str().as_bytes()),
            http::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            converted.headers_mut().append(name, value);
        }
    }
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .map_err(|err| format!("the body could not be read: {}", err.into()))?;
    *converted.body_mut() = body.to_vec();
    Ok(converted)
}

/// A `reqwest::Response` with its body read, as an `http::Response` (status, headers, body),
/// for [`assert_problem!`](crate::assert_problem) and for checking headers: one `.await` away
/// from `client.get(url).send()`.
///
/// # Errors
///
/// `reqwest`'s error, when the body cannot be read; [`assert_problem!`](crate::assert_problem)
/// reports it.
///
/// ```no_run
/// use unkey_errors::{assert_problem, testing, ErrorCode};
///
/// # async fn run() -> Result<(), reqwest::Error> {
/// let response = reqwest::get("http://127.0.0.1:8080/v2/keys.getKey").await?;
/// let response = testing::collect_reqwest(response).await?;
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_problem!(response, ErrorCode::DataKeyNotFound);
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "reqwest")]
pub async fn collect_reqwest(
    response: reqwest::Response,
) -> Result<http::Response<Vec<u8>>, reqwest::Error> {
    let mut converted = http::Response::new(Vec::new());
    *converted.status_mut() = response.status();
    *converted.version_mut() = response.version();
    *converted.headers_mut() = response.headers().clone();
    *converted.body_mut() = response.bytes().await?.to_vec();
    Ok(converted)
}

/// A sample problem of `code`, for tests: the documented status, title and type, request id
/// `req_2c9a0jf23l4k567`, a detail naming the code, and one validation error when the code
/// carries the `errors` array.
///
/// ```
/// use unkey_errors::{assert_problem, testing, ErrorCode};
/// for &code in ErrorCode::ALL {
///     assert_problem!(testing::sample(code), code, request_id = "req_2c9a0jf23l4k567");
/// }
/// ```
#[must_use]
pub fn sample(code: ErrorCode) -> Problem {
    let problem = Problem::new(code, format!("A sample {code} problem"))
        .with_request_id("req_2c9a0jf23l4k567");
    if code.has_errors_array() {
        problem.with_validation_error(
            ValidationError::new("body.example", "is a sample validation error")
                .with_fix("Nothing to fix: it is a sample"),
        )
    } else {
        problem
    }
}
