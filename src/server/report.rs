//! Reporting internal errors and panics: each exactly once, with the request id when a server
//! layer knows it, through a hook the service can set.
//!
//! A problem made from an internal error ([`Problem::internal`]) or a panic carries a pending
//! [`Report`]. When the problem becomes a response, the report moves into the response's
//! extensions; the server layers ([`UnkeyLayer`](crate::axum::UnkeyLayer),
//! [`UnkeyMiddleware`](crate::actix::UnkeyMiddleware)) take it from there and report it with the
//! request id. A report nobody takes is made when the last copy of it is dropped, without the
//! request id; so each is reported once, layer or not.

use std::error::Error;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use http::StatusCode;

use crate::{ErrorCode, Problem};

/// An internal error or a panic that was answered with a generic 500, as the server log should
/// see it. What it says never reaches a response body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    kind: ReportKind,
    message: String,
    request_id: Option<String>,
    status: StatusCode,
    code: Option<ErrorCode>,
}

/// What a [`Report`] is about.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ReportKind {
    /// An error the service could not answer better than 500: its source chain.
    Internal,
    /// A panic in a handler: its message.
    Panic,
}

impl Report {
    /// An internal error or a panic; `message` is the error's source chain or the panic's
    /// message.
    fn new(kind: ReportKind, message: String, problem: &Problem) -> Self {
        Self {
            kind,
            message,
            request_id: None,
            status: problem.status(),
            code: problem.code(),
        }
    }

    /// Internal error or panic.
    #[must_use]
    pub fn kind(&self) -> ReportKind {
        self.kind
    }

    /// The error and each of its sources, joined by `": "`, or the panic's message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request's id, when a server layer reported it; `None` when the report was made
    /// without one (no layer, or the problem was dropped before it became a response).
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
        let what = match self.kind {
            ReportKind::Internal => "internal error",
            ReportKind::Panic => "panic",
        };
        write!(f, "{what} answered with {}", self.status.as_u16())?;
        if let Some(code) = self.code {
            write!(f, " {code}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        f.write_str(": ")?;
        for c in self.message.chars() {
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                c => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

type Hook = Arc<dyn Fn(&Report) + Send + Sync>;

static HOOK: RwLock<Option<Hook>> = RwLock::new(None);

/// Sends every [`Report`] to `hook` from now on, instead of the default.
///
/// The default: with the feature `tracing` and a subscriber set, an `error` event with the
/// fields `kind`, `status`, `code`, `request_id` and `error`; otherwise one line on standard
/// error, the report's [`Display`](fmt::Display) after `unkey-errors: `.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use unkey_errors::{ErrorCode, Problem, Report};
///
/// let seen: Arc<Mutex<Vec<Report>>> = Arc::default();
/// let sink = Arc::clone(&seen);
/// unkey_errors::set_report_hook(move |report| sink.lock().unwrap().push(report.clone()));
///
/// let io = std::io::Error::other("connection reset");
/// drop(Problem::internal(&io).into_http_response()); // no layer: reported when dropped
/// let reports = seen.lock().unwrap();
/// assert_eq!(reports[0].message(), "connection reset");
/// assert_eq!(reports[0].code(), Some(ErrorCode::ApplicationUnexpectedError));
/// # unkey_errors::reset_report_hook();
/// ```
pub fn set_report_hook(hook: impl Fn(&Report) + Send + Sync + 'static) {
    *HOOK.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(hook));
}

/// Goes back to the default of [`set_report_hook`].
pub fn reset_report_hook() {
    *HOOK.write().unwrap_or_else(PoisonError::into_inner) = None;
}

fn emit(report: &Report) {
    let hook = HOOK.read().unwrap_or_else(PoisonError::into_inner).clone();
    match hook {
        Some(hook) => hook(report),
        None => default_hook(report),
    }
}

fn default_hook(report: &Report) {
    #[cfg(feature = "tracing")]
    if tracing::dispatcher::has_been_set() {
        let kind = match report.kind {
            ReportKind::Internal => "internal error",
            ReportKind::Panic => "panic",
        };
        tracing::error!(
            kind,
            status = report.status.as_u16(),
            code = report.code.map(ErrorCode::as_str),
            request_id = report.request_id.as_deref(),
            error = %report.message,
            "{kind} answered with {}",
            report.status.as_u16()
        );
        return;
    }
    eprintln!("unkey-errors: {report}");
}

/// A report not made yet, shared by every copy of the problem or response that carries it:
/// whoever takes it first reports it; if nobody does, the last copy to go reports it.
#[derive(Clone, Debug)]
pub(crate) struct PendingReport(
    // Without a server integration a report is never taken, only dropped (which reports it).
    #[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))] Arc<Pending>,
);

#[derive(Debug)]
struct Pending(Mutex<Option<Report>>);

impl PendingReport {
    pub(crate) fn internal(error: &dyn Error, problem: &Problem) -> Self {
        let chain = crate::util::source_chain(error);
        Self::new(Report::new(ReportKind::Internal, chain, problem))
    }

    /// An internal error known only by what it said, e.g. the body of a bare 500.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn message(message: String, problem: &Problem) -> Self {
        Self::new(Report::new(ReportKind::Internal, message, problem))
    }

    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn panic(message: String, problem: &Problem) -> Self {
        Self::new(Report::new(ReportKind::Panic, message, problem))
    }

    fn new(report: Report) -> Self {
        Self(Arc::new(Pending(Mutex::new(Some(report)))))
    }

    /// Reports now, with the request id, unless it was reported already.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn report(&self, request_id: &str) {
        let taken = self
            .0
             .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(mut report) = taken {
            report.request_id = Some(request_id.to_owned());
            emit(&report);
        }
    }
}

impl PartialEq for PendingReport {
    /// A pending report does not make two problems different: it is not part of what they say.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for PendingReport {}

impl Drop for Pending {
    fn drop(&mut self) {
        let taken = self
            .0
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(report) = taken {
            emit(&report);
        }
    }
}
