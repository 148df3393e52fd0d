//! Helpers for tests that check error shapes: [`assert_problem!`](crate::assert_problem), for
//! the API's problems and the gateway's errors alike, and sample problems.

use std::fmt::Write as _;

use http::StatusCode;

use crate::gateway::GatewayError;
use crate::problem::ValidationError;
use crate::{ApiError, ErrorCode, Problem};

/// What a test checks: an answer in the API's envelope or in the gateway's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Checked {
    /// The API's problem details.
    Problem(Problem),
    /// The gateway's error ([`GatewayError`]).
    Gateway(GatewayError),
}

impl Checked {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Problem(problem) => problem.code(),
            Self::Gateway(error) => error.code(),
        }
    }

    /// The code as a path when known, else as sent.
    fn code_text(&self) -> String {
        match (self.code(), self) {
            (Some(code), _) => code.to_string(),
            (None, Self::Problem(problem)) => problem.type_url().to_owned(),
            (None, Self::Gateway(error)) => error.urn().to_owned(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Problem(problem) => problem.status(),
            Self::Gateway(error) => error.status(),
        }
    }

    fn title(&self) -> &str {
        match self {
            Self::Problem(problem) => problem.title(),
            Self::Gateway(error) => error.title(),
        }
    }

    /// The problem's detail, the gateway's message.
    fn detail(&self) -> &str {
        match self {
            Self::Problem(problem) => problem.detail(),
            Self::Gateway(error) => error.message(),
        }
    }

    fn request_id(&self) -> &str {
        match self {
            Self::Problem(problem) => problem.request_id(),
            Self::Gateway(error) => error.request_id(),
        }
    }

    /// The status `code` is answered with in this envelope: its documented status in the
    /// API's, the gateway's own in the gateway's.
    fn status_of(&self, code: ErrorCode) -> StatusCode {
        match self {
            Self::Problem(_) => code.status(),
            Self::Gateway(_) => GatewayError::new(code).status(),
        }
    }
}

/// Something a test can read an answer from: a [`Problem`] or a [`GatewayError`], raw bytes or
/// text, an `http::Response` (its status is checked too) or an [`ApiError`].
pub trait AnswerSource {
    /// The answer, and the HTTP status it came with if there was one; or why there is none.
    ///
    /// # Errors
    ///
    /// A short report when the source holds neither a problem nor a gateway error.
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String>;
}

impl AnswerSource for Problem {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        Ok((Checked::Problem(self.clone()), None))
    }
}

impl AnswerSource for GatewayError {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        Ok((Checked::Gateway(self.clone()), None))
    }
}

impl AnswerSource for [u8] {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        let problem_error = match Problem::from_slice(self) {
            Ok(problem) => return Ok((Checked::Problem(problem), None)),
            Err(err) => err,
        };
        if let Ok(error) = GatewayError::from_slice(self) {
            return Ok((Checked::Gateway(error), None));
        }
        let shown = String::from_utf8_lossy(self.get(..120).unwrap_or(self)).into_owned();
        if self.trim_ascii_start().starts_with(b"<!DOCTYPE html") {
            return Err(format!(
                "an HTML page, not a JSON answer (the gateway's page for a client that does not \
                 prefer JSON: ask with `Accept: application/json` to check the answer)\n  body \
                 starts: {shown:?}"
            ));
        }
        Err(format!(
            "neither an Unkey problem nor a gateway error: {problem_error}\n  body starts: {shown:?}"
        ))
    }
}

impl AnswerSource for Vec<u8> {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        self.as_slice().read_answer()
    }
}

impl AnswerSource for str {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        self.as_bytes().read_answer()
    }
}

impl AnswerSource for String {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        self.as_bytes().read_answer()
    }
}

impl<B: AsRef<[u8]>> AnswerSource for http::Response<B> {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        let (answer, _) = self.body().as_ref().read_answer()?;
        Ok((answer, Some(self.status())))
    }
}

impl AnswerSource for ApiError {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        if let Some(problem) = self.as_problem() {
            return Ok((Checked::Problem(problem.clone()), Some(self.status())));
        }
        match self.as_gateway() {
            Some(error) => Ok((Checked::Gateway(error.clone()), Some(self.status()))),
            None => Err(format!(
                "neither an Unkey problem nor a gateway error: {self}"
            )),
        }
    }
}

#[cfg(feature = "reqwest")]
impl AnswerSource for crate::client::reqwest::Error {
    /// The API's failure; a transport error fails the check with its message.
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        match self.as_api_error() {
            Some(api) => api.read_answer(),
            None => Err(format!("no answer to check: {self}")),
        }
    }
}

impl<T: AnswerSource, E: std::fmt::Display> AnswerSource for Result<T, E> {
    /// The answer of `Ok`; an `Err` (a body that could not be read) fails the check with its
    /// message.
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        match self {
            Ok(source) => source.read_answer(),
            Err(err) => Err(format!("no answer to check: {err}")),
        }
    }
}

impl<T: AnswerSource + ?Sized> AnswerSource for &T {
    fn read_answer(&self) -> Result<(Checked, Option<StatusCode>), String> {
        (**self).read_answer()
    }
}

/// What [`assert_problem!`](crate::assert_problem) expects: a code and the status it is
/// answered with (its documented status in the API's envelope, the gateway's own in the
/// gateway's), and optionally more; or, for answers outside the catalogue, only what is named.
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
    /// The code, with the status it is answered with.
    #[must_use]
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code: Some(code),
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

    /// Expects this status (with a code: another than the one it is answered with, e.g. the
    /// live server's).
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

    /// Expects this detail (a gateway error's message).
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
pub fn check<S: AnswerSource + ?Sized>(actual: &S, expected: &Expected) -> Result<(), String> {
    let (answer, http_status) = actual.read_answer()?;
    let mut report = String::new();
    let code = answer.code_text();
    if let Some(expected_code) = expected.code.filter(|c| answer.code() != Some(*c)) {
        let _ = writeln!(
            report,
            "  code:       expected {expected_code}, found {code}"
        );
    }
    let status = answer.status();
    let expected_status = expected
        .status
        .or_else(|| expected.code.map(|code| answer.status_of(code).as_u16()));
    if let Some(expected_status) = expected_status.filter(|s| *s != status.as_u16()) {
        let _ = writeln!(
            report,
            "  status:     expected {expected_status}, found {}",
            status.as_u16()
        );
    }
    if let Some(title) = expected.title.as_deref().filter(|t| *t != answer.title()) {
        let _ = writeln!(
            report,
            "  title:      expected {title:?}, found {:?}",
            answer.title()
        );
    }
    if let Some(http_status) = http_status.filter(|s| *s != status) {
        let _ = writeln!(
            report,
            "  HTTP status {} differs from the body's {}",
            http_status.as_u16(),
            status.as_u16()
        );
    }
    if let Some(detail) = expected.detail.as_deref().filter(|d| *d != answer.detail()) {
        let _ = writeln!(
            report,
            "  detail:     expected {detail:?}, found {:?}",
            answer.detail()
        );
    }
    if let Some(id) = expected
        .request_id
        .as_deref()
        .filter(|id| *id != answer.request_id())
    {
        let _ = writeln!(
            report,
            "  request id: expected {id:?}, found {:?}",
            answer.request_id()
        );
    }
    if let Some(errors) = &expected.errors {
        let found: Vec<(&str, &str)> = match &answer {
            Checked::Problem(problem) => problem.validation_errors().unwrap_or_default(),
            Checked::Gateway(_) => &[],
        }
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
        status.as_u16(),
        code,
        answer.title(),
        answer.detail()
    );
    Err(format!("not the expected problem:\n{report}"))
}

/// Asserts that a response, body, problem or gateway error is Unkey's answer of a code, with
/// the status it is answered with (the code's documented status in the API's envelope, the
/// gateway's own in the gateway's); more can be checked with `status = `, `title = `, `detail = `,
/// `request_id = ` and `errors = [(location, message), ...]` or `errors = [location, ...]`.
/// Without a code (`assert_problem!(x, status = 409, title = "Conflict")`), for answers
/// outside the catalogue, only what is named is checked.
///
/// Works on a [`Problem`], a [`GatewayError`], bytes, text, an `http::Response` with its body
/// in memory (whose status must agree with the body's), an [`ApiError`](crate::ApiError), the crate's
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
/// The gateway's answer, checked the same way (its message is the `detail`):
///
/// ```
/// use unkey_errors::{assert_problem, verify, ErrorCode};
/// let body = verify::missing_credentials().to_json_vec();
/// assert_problem!(body, ErrorCode::ClientMissingCredentials, status = 401,
///     detail = "Authentication required. Please provide a valid API key.");
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
