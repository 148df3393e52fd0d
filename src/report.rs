//! Reports of internal errors and panics: what the server log should see of an error that was
//! answered with a generic 500, and where it goes.
//!
//! A [`Problem`] made for an internal error ([`Problem::internal`]) or a panic carries its
//! cause as plain data: building, cloning, comparing or dropping it does nothing. The report is
//! made where the answer is made, exactly once per answer, with [`Report::emit`]: axum's
//! `IntoResponse` and actix-web's `ResponseError::error_response` for a problem, the layer or
//! middleware for a panic or a foreign 5xx it answers, the caller for a plain
//! [`Problem::into_http_response`]. The crate keeps no state of its own that decides it: no
//! layer has to be there, and a problem converted on another task is reported like any other.
//!
//! Reports are `tracing` events (feature `tracing`), so tracing is the sink: any subscriber
//! receives them, with the request id from the span they are made in (under
//! [`UnkeyLayer`](crate::server::axum::UnkeyLayer) or [`UnkeyMiddleware`](crate::server::actix::UnkeyMiddleware),
//! the layer's `request` span; a task spawned with `.in_current_span()` keeps it). Where no
//! subscriber is in force, or without the feature, a report is one line on standard error.
//!
//! A Sentry-style subscriber picks them out by their target, `unkey_errors::report`, and finds
//! the request id in the event or its span (the README shows one in full):
//!
//! ```
//! # #[cfg(feature = "tracing")] {
//! use tracing::{Event, Subscriber};
//!
//! fn is_report(event: &Event<'_>) -> bool {
//!     event.metadata().target() == "unkey_errors::report"
//! }
//! # }
//! ```
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

use crate::gateway::GatewayError;
use crate::problem::Cause;
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

impl Problem {
    /// The report to make when this problem is answered, if it was made for an internal error
    /// or a panic: its cause, the status and code answered; no request id (a layer's span, or
    /// [`Report::with_request_id`], gives it).
    ///
    /// ```
    /// use unkey_errors::{ErrorCode, Problem};
    /// let report = Problem::internal(&std::io::Error::other("disk full")).to_report().unwrap();
    /// assert_eq!(report.to_string(), "internal error answered with 500 unkey/application/unexpected_error: disk full");
    /// assert!(Problem::from(ErrorCode::DataKeyNotFound).to_report().is_none());
    /// ```
    #[must_use]
    pub fn to_report(&self) -> Option<Report> {
        self.cause_data()
            .map(|cause| Report::new(cause, self.status(), self.code()))
    }
}

impl GatewayError {
    /// The report to make when this answer is answered, if it was made for an internal error
    /// ([`GatewayError::internal`]): as [`Problem::to_report`].
    ///
    /// ```
    /// use unkey_errors::gateway::GatewayError;
    /// let report = GatewayError::internal(&std::io::Error::other("unkey unreachable")).to_report().unwrap();
    /// assert_eq!(report.to_string(), "internal error answered with 500 frontline/platform/internal_server_error: unkey unreachable");
    /// ```
    #[must_use]
    pub fn to_report(&self) -> Option<Report> {
        self.cause_data()
            .map(|cause| Report::new(cause, self.status(), self.code()))
    }
}

impl Report {
    pub(crate) fn new(cause: &Cause, status: StatusCode, code: Option<ErrorCode>) -> Self {
        Self {
            kind: if cause.panic {
                ReportKind::Panic
            } else {
                ReportKind::Internal
            },
            error: Arc::clone(&cause.error),
            request_id: None,
            status,
            code,
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

    /// The request's id, when the report was given one ([`with_request_id`](Self::with_request_id));
    /// reports the crate makes under a layer carry it in their span instead, except a layer's
    /// own (a panic, a foreign 5xx), which carry it here too.
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

impl Report {
    /// Sends this report where the crate sends its own, at the place the answer is made: with
    /// the feature `tracing` and a subscriber in force here (`tracing`'s current default,
    /// scoped or global), one `ERROR` event of target `unkey_errors::report` with the fields
    /// `kind`, `status`, `code`, `request_id` (when the report has one) and `error` (the error
    /// itself, so that the subscriber sees its source chain); otherwise one line on standard
    /// error, the report's [`Display`](fmt::Display) after `unkey-errors: `.
    ///
    /// The crate calls it where it answers a problem with a cause (axum's `IntoResponse`,
    /// actix-web's `ResponseError::error_response`, a layer answering a panic or a foreign 5xx);
    /// call it where you answer one yourself (after [`Problem::into_http_response`], say). A
    /// request id the report does not carry comes from the span the event is made in: under
    /// [`UnkeyLayer`](crate::server::axum::UnkeyLayer) and
    /// [`UnkeyMiddleware`](crate::server::actix::UnkeyMiddleware) that is the layer's `request` span,
    /// also on a task spawned with `.in_current_span()`.
    ///
    /// ```
    /// use unkey_errors::Problem;
    ///
    /// let problem = Problem::internal(&std::io::Error::other("disk full"));
    /// if let Some(report) = problem.to_report() {
    ///     report.with_request_id("req_1").emit(); // stderr here: no subscriber is set
    /// }
    /// let response = problem.into_http_response();
    /// # assert_eq!(response.status(), 500);
    /// ```
    pub fn emit(&self) {
        #[cfg(feature = "tracing")]
        if tracing::dispatcher::get_default(|dispatch| {
            !dispatch.is::<tracing::subscriber::NoSubscriber>()
        }) {
            let error: &(dyn Error + 'static) = self.error();
            tracing::error!(
                target: "unkey_errors::report",
                kind = self.kind.as_str(),
                status = self.status.as_u16(),
                code = self.code.map(ErrorCode::as_str),
                request_id = self.request_id.as_deref(),
                error,
                "{} answered with {}",
                self.kind.as_str(),
                self.status.as_u16()
            );
            return;
        }
        eprintln!("unkey-errors: {self}");
    }
}

#[cfg(test)]
mod tests {
    use crate::problem::Cause;

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
