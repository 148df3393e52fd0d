//! Helpers for tests that check error shapes: [`assert_problem!`](crate::assert_problem) and
//! sample problems.

use std::fmt::Write as _;

use http::StatusCode;

use crate::{ApiError, ErrorCode, Problem, ValidationError};

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

impl<T: ProblemSource + ?Sized> ProblemSource for &T {
    fn read_problem(&self) -> Result<(Problem, Option<StatusCode>), String> {
        (**self).read_problem()
    }
}

/// What [`assert_problem!`](crate::assert_problem) expects: a code and its documented status,
/// and optionally more.
#[derive(Clone, Debug)]
pub struct Expected {
    code: ErrorCode,
    status: u16,
    detail: Option<String>,
    request_id: Option<String>,
    errors: Option<Vec<(String, String)>>,
}

impl Expected {
    /// The code, with its documented status.
    #[must_use]
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            status: code.status().as_u16(),
            detail: None,
            request_id: None,
            errors: None,
        }
    }

    /// Expects another status than the documented one (e.g. the live server's).
    #[must_use]
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
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

    /// Expects exactly these validation errors, as `(location, message)`.
    #[must_use]
    pub fn errors<L: Into<String>, M: Into<String>>(
        mut self,
        errors: impl IntoIterator<Item = (L, M)>,
    ) -> Self {
        self.errors = Some(
            errors
                .into_iter()
                .map(|(l, m)| (l.into(), m.into()))
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
    if problem.code() != Some(expected.code) {
        let _ = writeln!(
            report,
            "  code:       expected {}, found {code}",
            expected.code
        );
    }
    if problem.status().as_u16() != expected.status {
        let _ = writeln!(
            report,
            "  status:     expected {}, found {}",
            expected.status,
            problem.status().as_u16()
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
        let found: Vec<(String, String)> = problem
            .validation_errors()
            .iter()
            .map(|e| (e.location().to_owned(), e.message().to_owned()))
            .collect();
        if *errors != found {
            let _ = writeln!(report, "  errors:     expected {errors:?}, found {found:?}");
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
/// documented status; more can be checked with `status = `, `detail = `, `request_id = ` and
/// `errors = [(location, message), ...]`.
///
/// Works on a [`Problem`], bytes, text, an `http::Response` (whose status must agree with the
/// body's) or an [`ApiError`](crate::ApiError). A failure prints a short expected-versus-actual
/// report of code, status, title and detail, not the bytes.
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
/// ```should_panic
/// use unkey_errors::{assert_problem, ErrorCode, Problem};
/// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no");
/// assert_problem!(problem, ErrorCode::DataKeyNotFound); // panics: code and status differ
/// ```
#[macro_export]
macro_rules! assert_problem {
    ($actual:expr, $code:expr $(, $field:ident = $value:expr)* $(,)?) => {{
        let expected = $crate::testing::Expected::new($code) $(.$field($value))*;
        if let ::core::result::Result::Err(report) = $crate::testing::check(&$actual, &expected) {
            ::core::panic!("{}", report);
        }
    }};
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
