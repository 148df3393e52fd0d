//! [`InternalError`]: any error, answered as a generic 500 with its source chain kept for logs.

use std::error::Error;
use std::fmt;

use crate::{ErrorCode, Problem};

/// The public detail of every internal error: the documented example's, and nothing more.
pub const INTERNAL_ERROR_DETAIL: &str =
    "An unexpected error occurred while processing your request";

/// Any error a service cannot answer better than "500": the error and its whole source chain
/// are kept for logging, and the response is a [`Problem`] with code
/// `unkey/application/unexpected_error` and a generic detail. Nothing of the error reaches the
/// response body.
///
/// `?` converts any `std::error::Error + Send + Sync + 'static` into it, so a handler can
/// return `Result<T, InternalError>`. (It is not itself a `std::error::Error`, which is what
/// makes that conversion possible, as with `anyhow::Error`.) With the feature `tracing`, turning
/// it into a response emits an `error` event with the chain.
///
/// ```
/// use unkey_errors::{ErrorCode, InternalError};
///
/// let io = std::io::Error::other("disk /var/lib/db full");
/// let err = InternalError::from(io);
/// assert_eq!(err.source_chain(), "disk /var/lib/db full");
/// let problem = err.problem();
/// assert_eq!(problem.code(), Some(ErrorCode::ApplicationUnexpectedError));
/// assert!(!problem.to_json_string().contains("/var/lib"));
/// ```
pub struct InternalError {
    error: Box<dyn Error + Send + Sync + 'static>,
}

impl InternalError {
    /// Wraps an error, or a message (`&str`, `String`), or an already boxed error.
    ///
    /// ```
    /// use unkey_errors::InternalError;
    /// assert_eq!(InternalError::new("pool exhausted").source_chain(), "pool exhausted");
    /// ```
    pub fn new(error: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self {
            error: error.into(),
        }
    }

    /// The error.
    #[must_use]
    pub fn error(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.error
    }

    /// The error and each of its sources, joined by `": "`; for logs only.
    ///
    /// ```
    /// use unkey_errors::InternalError;
    ///
    /// #[derive(Debug, thiserror::Error)]
    /// #[error("loading key")]
    /// struct Load(#[source] std::io::Error);
    ///
    /// let err = InternalError::from(Load(std::io::Error::other("connection reset")));
    /// assert_eq!(err.source_chain(), "loading key: connection reset");
    /// ```
    #[must_use]
    pub fn source_chain(&self) -> String {
        let mut chain = self.error.to_string();
        let mut source = self.error.source();
        while let Some(error) = source {
            chain.push_str(": ");
            chain.push_str(&error.to_string());
            source = error.source();
        }
        chain
    }

    /// The public problem: 500 `unkey/application/unexpected_error` with the generic detail.
    #[must_use]
    pub fn problem(&self) -> Problem {
        Problem::new(ErrorCode::ApplicationUnexpectedError, INTERNAL_ERROR_DETAIL)
    }

    /// Logs the chain (with the feature `tracing`) and returns the public problem.
    #[must_use]
    pub fn into_problem(self) -> Problem {
        self.report();
        self.problem()
    }

    /// Emits the chain as a `tracing` error event (feature `tracing`); without the feature,
    /// nothing.
    pub fn report(&self) {
        #[cfg(feature = "tracing")]
        tracing::error!(error = %self.source_chain(), "internal error answered with 500 unkey/application/unexpected_error");
    }
}

impl<E: Error + Send + Sync + 'static> From<E> for InternalError {
    fn from(error: E) -> Self {
        Self {
            error: Box::new(error),
        }
    }
}

impl fmt::Debug for InternalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InternalError")
            .field("error", &self.error)
            .finish()
    }
}

impl fmt::Display for InternalError {
    /// `internal error: ` and the source chain; for logs, never for a response.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internal error: {}", self.source_chain())
    }
}

impl From<InternalError> for Problem {
    /// Logs (feature `tracing`) and gives the public problem; see [`InternalError::into_problem`].
    fn from(error: InternalError) -> Self {
        error.into_problem()
    }
}
