//! [`InternalError`]: the error type of a handler that uses `?` on anything. A problem keeps
//! its answer; any other error is answered as a generic 500 and reported.

use std::any::Any;
use std::error::Error;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use http::StatusCode;

use super::to_problem::ToProblem;
use crate::problem::Cause;
use crate::Problem;

/// The error type of a handler that uses `?` on anything: a [`Problem`], the service's own
/// error type `A`, or any other error.
///
/// - A [`Problem`] keeps its status, code, detail and everything else.
/// - An `A` answers as its [`ToProblem`] says: with `InternalError<AppError>` as the error
///   type, `?` on an `AppError` keeps its answer too.
/// - Any other `std::error::Error + Send + Sync + 'static` is answered with 500
///   `unkey/application/unexpected_error` and the generic [`INTERNAL_ERROR_DETAIL`](crate::problem::INTERNAL_ERROR_DETAIL); the error
///   itself is the problem's [`cause`](Problem::cause), reported once where it is answered
///   (see [`report`](crate::report)), never written to the response.
///
/// Which of the three an error is, is decided by its type when it is converted: Rust has no
/// way to see, inside one blanket `From`, that some other type implements [`ToProblem`]. So
/// an error type of yours answers as it says only as the `A` of the handler's `InternalError`,
/// or converted first (`.map_err(Problem::from)?`).
///
/// `InternalError` is not itself a `std::error::Error`, which is what lets `?` convert every
/// error into it (as with `anyhow::Error`).
///
/// ```
/// use unkey_errors::{ErrorCode, InternalError, Problem, problem::INTERNAL_ERROR_DETAIL};
///
/// fn lookup(id: &str) -> Result<String, Problem> {
///     Err(Problem::new(ErrorCode::DataKeyNotFound, format!("no key {id}")))
/// }
///
/// fn handler(id: &str) -> Result<String, InternalError> {
///     let _config = std::env::var("HOME")?; // any error: a generic 500 if it fails
///     Ok(lookup(id)?) // a problem: answered as it is
/// }
///
/// let problem = handler("key_1").unwrap_err().into_problem();
/// assert_eq!((problem.status().as_u16(), problem.detail()), (404, "no key key_1"));
///
/// let problem = InternalError::<Problem>::from(std::io::Error::other("disk /var/lib/db full")).into_problem();
/// assert_eq!((problem.status().as_u16(), problem.detail()), (500, INTERNAL_ERROR_DETAIL));
/// assert_eq!(problem.cause().unwrap().to_string(), "disk /var/lib/db full");
/// ```
pub struct InternalError<A = Problem> {
    inner: Inner,
    answers: PhantomData<fn() -> A>,
}

enum Inner {
    /// A problem, or an `A`'s answer.
    Answer(Problem),
    /// Any other error, shared with the problems made of it.
    Internal(Arc<dyn Error + Send + Sync + 'static>),
}

/// Takes the value out of `slot` if `E` is `T`.
fn take_as<T: 'static, E: 'static>(slot: &mut Option<E>) -> Option<T> {
    (slot as &mut dyn Any)
        .downcast_mut::<Option<T>>()
        .and_then(Option::take)
}

impl<A> InternalError<A> {
    /// Wraps an error, or a message (`&str`, `String`), or an already boxed error; a
    /// [`Problem`] keeps its answer, as with `?`.
    ///
    /// For every `A`: `InternalError::<AppError>::new(e)` as well.
    ///
    /// ```
    /// use unkey_errors::InternalError;
    /// let err: InternalError = InternalError::new("pool exhausted");
    /// assert!(err.is_internal());
    /// assert_eq!(err.source_chain(), "pool exhausted");
    /// ```
    pub fn new(error: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Self::from_boxed(error.into())
    }

    fn from_boxed(error: Box<dyn Error + Send + Sync + 'static>) -> Self {
        let inner = match error.downcast::<Problem>() {
            Ok(problem) => Inner::Answer(*problem),
            Err(error) => Inner::Internal(error.into()),
        };
        Self {
            inner,
            answers: PhantomData,
        }
    }

    /// Whether this is an internal error, answered with a generic 500 (not a problem or an
    /// `A`).
    #[must_use]
    pub fn is_internal(&self) -> bool {
        matches!(self.inner, Inner::Internal(_))
    }

    /// The internal error, if this is one.
    #[must_use]
    pub fn error(&self) -> Option<&(dyn Error + Send + Sync + 'static)> {
        match &self.inner {
            Inner::Internal(error) => Some(&**error),
            Inner::Answer(_) => None,
        }
    }

    /// For logs: the internal error and each of its sources, joined by `": "`; or the
    /// problem's [`Display`](fmt::Display).
    ///
    /// ```
    /// use unkey_errors::InternalError;
    ///
    /// #[derive(Debug, thiserror::Error)]
    /// #[error("loading key")]
    /// struct Load(#[source] std::io::Error);
    ///
    /// let err: InternalError = Load(std::io::Error::other("connection reset")).into();
    /// assert_eq!(err.source_chain(), "loading key: connection reset");
    /// ```
    #[must_use]
    pub fn source_chain(&self) -> String {
        match &self.inner {
            Inner::Answer(problem) => problem.to_string(),
            Inner::Internal(error) => crate::util::source_chain(&**error),
        }
    }

    /// The problem to answer with; an internal error is its [`cause`](Problem::cause),
    /// reported once where it is answered.
    #[must_use]
    pub fn into_problem(self) -> Problem {
        match self.inner {
            Inner::Answer(problem) => problem,
            Inner::Internal(error) => Problem::with_cause(Cause::owned(error)),
        }
    }
}

impl<A> ToProblem for InternalError<A> {
    /// The problem to answer with; see [`into_problem`](InternalError::into_problem).
    fn to_problem(&self) -> Problem {
        match &self.inner {
            Inner::Answer(problem) => problem.clone(),
            Inner::Internal(error) => Problem::with_cause(Cause::owned(Arc::clone(error))),
        }
    }

    fn status(&self) -> StatusCode {
        match &self.inner {
            Inner::Answer(problem) => problem.status(),
            Inner::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The generic 500 (the answers of a problem or an `A` it holds are theirs to list).
    fn answers() -> Vec<super::Answer> {
        vec![super::Answer::for_code(
            crate::ErrorCode::ApplicationUnexpectedError,
        )]
    }
}

impl<A, E> From<E> for InternalError<A>
where
    A: ToProblem + 'static,
    E: Error + Send + Sync + 'static,
{
    /// A [`Problem`] or an `A` keeps its answer; any other error is internal.
    fn from(error: E) -> Self {
        let mut slot = Some(error);
        let answer = take_as::<Problem, E>(&mut slot)
            .or_else(|| take_as::<A, E>(&mut slot).map(|a| a.to_problem()));
        let inner = match (answer, slot) {
            (Some(problem), _) => Inner::Answer(problem),
            (None, Some(error)) => Inner::Internal(Arc::new(error)),
            #[allow(clippy::unreachable)]
            (None, None) => {
                unreachable!("invariant: `take_as` empties the slot only when it gives a value")
            }
        };
        Self {
            inner,
            answers: PhantomData,
        }
    }
}

impl<A> fmt::Debug for InternalError<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Answer(problem) => f.debug_tuple("InternalError").field(problem).finish(),
            Inner::Internal(error) => f.debug_tuple("InternalError").field(error).finish(),
        }
    }
}

impl<A> fmt::Display for InternalError<A> {
    /// `internal error: ` and the source chain, or the problem; for logs, never for a response.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Answer(problem) => problem.fmt(f),
            Inner::Internal(_) => write!(f, "internal error: {}", self.source_chain()),
        }
    }
}

impl<A> From<InternalError<A>> for Problem {
    /// See [`InternalError::into_problem`].
    fn from(error: InternalError<A>) -> Self {
        error.into_problem()
    }
}
