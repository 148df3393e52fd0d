//! Reports of internal errors and panics: what the server log should see of an error that was
//! answered with a generic 500, and where it goes.
//!
//! A [`Problem`] made for an internal error ([`Problem::internal`]) or a panic carries its
//! cause as plain data: building, cloning, comparing or dropping it does nothing. The report is
//! made at the edge, exactly once per answer:
//!
//! - under [`UnkeyLayer`](crate::axum::UnkeyLayer) or
//!   [`UnkeyMiddleware`](crate::actix::UnkeyMiddleware), by the layer, with the request id, to
//!   the [`ReportSink`] set on it ([`DefaultReportSink`] unless told otherwise);
//! - without one, where the response is made (axum's `IntoResponse`, actix-web's
//!   `ResponseError::error_response`), without an id, to [`DefaultReportSink`];
//! - with neither (a plain [`Problem::into_http_response`]), by the caller, from
//!   [`Problem::to_report`].
//!
//! ```
//! use unkey_errors::report::ReportKind;
//! use unkey_errors::{ErrorCode, Problem};
//!
//! let io = std::io::Error::other("connection reset");
//! let problem = Problem::internal(&io); // nothing is reported here, or when it is dropped
//! let report = problem.to_report().expect("an internal error has a report");
//! assert_eq!(report.kind(), ReportKind::Internal);
//! assert_eq!(report.message(), "connection reset");
//! assert_eq!(report.code(), Some(ErrorCode::ApplicationUnexpectedError));
//! assert_eq!(report.request_id(), None);
//! ```

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use http::StatusCode;

use crate::{ErrorCode, Problem};

/// An internal error or a panic that was answered with a generic 500, as the server log should
/// see it. What it says never reaches a response body.
#[derive(Clone, Debug)]
pub struct Report {
    kind: ReportKind,
    error: Arc<dyn Error + Send + Sync + 'static>,
    request_id: Option<String>,
    status: StatusCode,
    code: Option<ErrorCode>,
}

/// What a [`Report`] is about.
///
/// Non-exhaustive: a later version may report other kinds of answers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ReportKind {
    /// An error the service could not answer better than 500.
    Internal,
    /// A panic in a handler.
    Panic,
}

impl ReportKind {
    /// `internal error` or `panic`, as reports say it.
    ///
    /// ```
    /// use unkey_errors::report::ReportKind;
    /// assert_eq!(ReportKind::Panic.as_str(), "panic");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal error",
            Self::Panic => "panic",
        }
    }
}

/// The cause a problem carries to where it is answered: an internal error or a panic.
#[derive(Clone, Debug)]
pub(crate) struct Cause {
    pub(crate) kind: ReportKind,
    pub(crate) error: Arc<dyn Error + Send + Sync + 'static>,
}

impl Cause {
    /// An error known only by reference: its message and each source's, kept as a chain of
    /// errors of their own (the originals may be borrowed, or neither `Send` nor `Sync`).
    pub(crate) fn snapshot(error: &dyn Error) -> Self {
        Self::owned(Arc::new(Snapshot::of(error)))
    }

    /// An error owned as it is.
    pub(crate) fn owned(error: Arc<dyn Error + Send + Sync + 'static>) -> Self {
        Self {
            kind: ReportKind::Internal,
            error,
        }
    }

    /// A panic, by its message.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn panic(message: String) -> Self {
        Self {
            kind: ReportKind::Panic,
            error: Arc::new(Snapshot {
                message,
                source: None,
            }),
        }
    }
}

/// An error's message and its sources', copied.
#[derive(Debug)]
struct Snapshot {
    message: String,
    source: Option<Box<Snapshot>>,
}

impl Snapshot {
    fn of(error: &dyn Error) -> Self {
        Self {
            message: error.to_string(),
            source: error.source().map(|source| Box::new(Self::of(source))),
        }
    }
}

impl fmt::Display for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for Snapshot {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

impl Report {
    pub(crate) fn new(cause: &Cause, problem: &Problem) -> Self {
        Self {
            kind: cause.kind,
            error: Arc::clone(&cause.error),
            request_id: None,
            status: problem.status(),
            code: problem.code(),
        }
    }

    /// The same report, for the request with this id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Internal error or panic.
    #[must_use]
    pub fn kind(&self) -> ReportKind {
        self.kind
    }

    /// The error, with its sources; for a panic, an error whose message is the panic's.
    #[must_use]
    pub fn error(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.error
    }

    /// The error and each of its sources, joined by `": "`, or the panic's message.
    #[must_use]
    pub fn message(&self) -> String {
        crate::util::source_chain(&*self.error)
    }

    /// The request's id, when a server layer reported it.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The status the client was answered with.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The code the client was answered with.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }
}

impl fmt::Display for Report {
    /// One line: `internal error answered with 500 unkey/application/unexpected_error
    /// [request req_1]: loading key: connection reset`. Line breaks in the message are written
    /// `\n`, so that the report stays one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} answered with {}",
            self.kind.as_str(),
            self.status.as_u16()
        )?;
        if let Some(code) = self.code {
            write!(f, " {code}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        f.write_str(": ")?;
        for c in self.message().chars() {
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                c => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

/// Where a server layer sends its [`Report`]s: set with `report_to` on
/// [`UnkeyLayer`](crate::axum::UnkeyLayer) or [`UnkeyMiddleware`](crate::actix::UnkeyMiddleware).
/// Any `Fn(&Report) + Send + Sync + 'static` is one.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use unkey_errors::report::{Report, ReportSink};
///
/// let seen: Arc<Mutex<Vec<Report>>> = Arc::default();
/// let sink = Arc::clone(&seen);
/// let sink = move |report: &Report| sink.lock().unwrap().push(report.clone());
/// # fn is_sink(_: impl ReportSink) {}
/// is_sink(sink);
/// ```
pub trait ReportSink: Send + Sync + 'static {
    /// Sends one report.
    fn report(&self, report: &Report);
}

impl<F: Fn(&Report) + Send + Sync + 'static> ReportSink for F {
    fn report(&self, report: &Report) {
        self(report);
    }
}

/// The sink reports go to unless a layer is told otherwise: with the feature `tracing` and a
/// subscriber set, one `ERROR` event with the fields `kind`, `status`, `code`, `request_id`
/// and `error` (the error itself, so that the subscriber sees its source chain); otherwise one
/// line on standard error, the report's [`Display`](fmt::Display) after `unkey-errors: `.
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultReportSink;

impl ReportSink for DefaultReportSink {
    fn report(&self, report: &Report) {
        #[cfg(feature = "tracing")]
        if tracing::dispatcher::has_been_set() {
            let error: &(dyn Error + 'static) = report.error();
            tracing::error!(
                kind = report.kind.as_str(),
                status = report.status.as_u16(),
                code = report.code.map(ErrorCode::as_str),
                request_id = report.request_id.as_deref(),
                error,
                "{} answered with {}",
                report.kind.as_str(),
                report.status.as_u16()
            );
            return;
        }
        eprintln!("unkey-errors: {report}");
    }
}

#[cfg(test)]
mod tests {
    use super::Cause;

    #[test]
    fn a_snapshot_keeps_the_source_chain_as_errors() {
        #[derive(Debug, thiserror::Error)]
        #[error("loading key")]
        struct Load(#[source] std::io::Error);

        let cause = Cause::snapshot(&Load(std::io::Error::other("connection reset")));
        assert_eq!(cause.error.to_string(), "loading key");
        let source = cause.error.source().map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("connection reset"));
        assert_eq!(
            crate::util::source_chain(&*cause.error),
            "loading key: connection reset"
        );
    }
}
