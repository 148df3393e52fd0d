//! [`ToProblem`]: a service's own error type answering as an Unkey problem, and
//! [`problem_responses!`](crate::problem_responses), which makes it a response of the
//! frameworks it names (each needing the crate's feature of that name; none unasked).

use http::StatusCode;

use crate::{ErrorCode, Problem};

/// A type that answers as an Unkey [`Problem`]: a service's own error type.
///
/// Derive it with [`#[derive(ToProblem)]`](derive@crate::ToProblem) (feature `derive`),
/// which also writes what [`problem_responses!`](crate::problem_responses) writes. Or implement
/// it by hand and call that macro once:
///
/// ```
/// use unkey_errors::{answer::Answer, ErrorCode, ToProblem, Problem};
///
/// #[derive(Debug)]
/// enum AppError {
///     KeyNotFound(String),
///     Database(std::io::Error),
/// }
///
/// impl ToProblem for AppError {
///     fn to_problem(&self) -> Problem {
///         match self {
///             Self::KeyNotFound(id) => {
///                 Problem::new(ErrorCode::DataKeyNotFound, format!("key {id} was not found"))
///             }
///             // A generic 500; the error's chain is reported, never sent.
///             Self::Database(err) => Problem::internal(err),
///         }
///     }
///
///     // Every answer, for OpenAPI documents.
///     fn answers() -> Vec<Answer> {
///         vec![
///             Answer::for_code(ErrorCode::DataKeyNotFound),
///             Answer::for_code(ErrorCode::ApplicationUnexpectedError),
///         ]
///     }
/// }
///
/// // `From<AppError> for Problem`; `problem_responses!(AppError: axum, actix_web, utoipa)`
/// // adds axum's `IntoResponse`, actix-web's `ResponseError` (which needs `Debug` and
/// // `Display`) and utoipa's `IntoResponses`.
/// # impl std::fmt::Display for AppError {
/// #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("app error") }
/// # }
/// unkey_errors::problem_responses!(AppError);
///
/// let problem = Problem::from(AppError::KeyNotFound("key_1".into()));
/// assert_eq!(problem.status().as_u16(), 404);
/// assert_eq!(problem.detail(), "key key_1 was not found");
/// ```
pub trait ToProblem {
    /// The problem this value answers with. A problem made for an internal error
    /// ([`Problem::internal`]) reports the error once, when it is answered.
    fn to_problem(&self) -> Problem;

    /// The status of [`to_problem`](Self::to_problem), without making the problem (the
    /// derive knows it without making it).
    fn status(&self) -> StatusCode {
        self.to_problem().status()
    }

    /// Every answer a value of this type can give, for documentation such as an OpenAPI
    /// document (the `utoipa` feature turns it into responses; a `#[problem(transparent)]`
    /// variant lists its field's). Required, so that no answer is left out of a document
    /// without a word; the derive lists each variant's.
    #[must_use]
    fn answers() -> Vec<Answer>
    where
        Self: Sized;
}

/// One answer an [`ToProblem`] type can give: a status and the code it answers with.
///
/// ```
/// use unkey_errors::{answer::Answer, ErrorCode};
/// let answer = Answer::for_code(ErrorCode::DataKeyNotFound);
/// assert_eq!((answer.status().as_u16(), answer.code()), (404, Some(ErrorCode::DataKeyNotFound)));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Answer {
    status: StatusCode,
    code: Option<ErrorCode>,
    retry_after: bool,
    rate_limit: bool,
    gateway_rate_limit: bool,
}

impl Answer {
    /// The answer of `code` with its documented status (also `Answer::from(code)`).
    #[must_use]
    pub fn for_code(code: ErrorCode) -> Self {
        Self::new(code.status(), Some(code))
    }

    /// An answer with `status` and, if any, a code.
    #[must_use]
    pub fn new(status: StatusCode, code: Option<ErrorCode>) -> Self {
        Self {
            status,
            code,
            retry_after: false,
            rate_limit: false,
            gateway_rate_limit: false,
        }
    }

    /// The same answer, sending `Retry-After` ([`Problem::with_retry_after`]).
    ///
    /// ```
    /// use unkey_errors::{answer::Answer, ErrorCode};
    /// let answer = Answer::for_code(ErrorCode::TooManyRequestsWorkspaceRateLimited).with_retry_after();
    /// assert!(answer.sends_retry_after() && !answer.sends_rate_limit());
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self) -> Self {
        self.retry_after = true;
        self
    }

    /// The same answer, sending Unkey's `RateLimit-Limit`, `-Remaining` and `-Reset`
    /// ([`Problem::with_rate_limit`]).
    #[must_use]
    pub fn with_rate_limit(mut self) -> Self {
        self.rate_limit = true;
        self
    }

    /// The same answer, sending the gateway's `X-RateLimit-Limit`, `-Remaining` and `-Reset`
    /// ([`Problem::with_gateway_rate_limit`]).
    #[must_use]
    pub fn with_gateway_rate_limit(mut self) -> Self {
        self.gateway_rate_limit = true;
        self
    }

    /// Whether it sends the gateway's `X-RateLimit-*` headers.
    #[must_use]
    pub fn sends_gateway_rate_limit(&self) -> bool {
        self.gateway_rate_limit
    }

    /// Whether it sends `Retry-After`.
    #[must_use]
    pub fn sends_retry_after(&self) -> bool {
        self.retry_after
    }

    /// Whether it sends the `RateLimit-*` headers.
    #[must_use]
    pub fn sends_rate_limit(&self) -> bool {
        self.rate_limit
    }

    /// The status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The code, if the answer has one.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }
}

impl From<ErrorCode> for Answer {
    /// [`Answer::for_code`].
    fn from(code: ErrorCode) -> Self {
        Self::for_code(code)
    }
}

impl ToProblem for Problem {
    /// A copy of the problem.
    fn to_problem(&self) -> Problem {
        self.clone()
    }

    fn status(&self) -> StatusCode {
        Problem::status(self)
    }

    /// None: a problem can be any answer, which no document can list.
    fn answers() -> Vec<Answer> {
        Vec::new()
    }
}

impl ToProblem for ErrorCode {
    /// The problem of [`From<ErrorCode>`](Problem#impl-From<ErrorCode>-for-Problem).
    fn to_problem(&self) -> Problem {
        Problem::from(*self)
    }

    fn status(&self) -> StatusCode {
        ErrorCode::status(*self)
    }

    fn answers() -> Vec<Answer> {
        ErrorCode::ALL
            .iter()
            .map(|code| Answer::for_code(*code))
            .collect()
    }
}

/// Makes an [`ToProblem`] type a response: `From<T> for Problem`, and for each framework
/// named after a colon, its response trait: `axum` (`IntoResponse`), `actix_web`
/// (`ResponseError`; the type must be `Debug` and `Display`), `utoipa` (`IntoResponses`, from
/// [`ToProblem::answers`]). Each needs the crate's feature of that name; none is written
/// unasked, so that a feature another crate of the graph turns on never adds an impl that
/// could clash with one of yours. `#[derive(ToProblem)]` writes the same, with the
/// frameworks named by `#[problem(responses(...))]`; this is for types that implement the
/// trait by hand.
///
/// `problem_responses!(AppError)`, `problem_responses!(AppError: axum, utoipa)`, or for a
/// generic type the generics in brackets and optionally a where clause:
/// `problem_responses!([T: Send] AppError<T>: axum where T: Debug)`. See [`ToProblem`] for
/// an example.
#[macro_export]
macro_rules! problem_responses {
    ([$($generics:tt)*] $ty:ty $(: $($framework:ident),+ $(,)?)? $(where $($bounds:tt)*)?) => {
        $crate::__problem_responses!({<$($generics)*>} {$ty} {$($($bounds)*)?} [$($($framework)+)?]);
    };
    ($ty:ty $(: $($framework:ident),+ $(,)?)? $(where $($bounds:tt)*)?) => {
        $crate::__problem_responses!({} {$ty} {$($($bounds)*)?} [$($($framework)+)?]);
    };
}

/// What [`problem_responses!`] and the derive expand to:
/// `{impl generics} {type} {bounds} [frameworks]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __problem_responses {
    (@each [] $($rest:tt)*) => {};
    (@each [$first:ident $($more:ident)*] $generics:tt $ty:tt $bounds:tt) => {
        $crate::__response!($first $generics $ty $bounds);
        $crate::__problem_responses!(@each [$($more)*] $generics $ty $bounds);
    };
    ({$($generics:tt)*} {$ty:ty} {$($bounds:tt)*} [$($framework:ident)*]) => {
        impl $($generics)* ::core::convert::From<$ty> for $crate::Problem
        where
            $ty: $crate::ToProblem,
            $($bounds)*
        {
            fn from(value: $ty) -> Self {
                $crate::ToProblem::to_problem(&value)
            }
        }
        $crate::__problem_responses!(@each [$($framework)*] {$($generics)*} {$ty} {$($bounds)*});
    };
}

/// One framework's response impl, by its name.
#[doc(hidden)]
#[macro_export]
macro_rules! __response {
    (axum $($rest:tt)*) => { $crate::__axum_response!($($rest)*); };
    (actix_web $($rest:tt)*) => { $crate::__actix_response!($($rest)*); };
    (utoipa $($rest:tt)*) => { $crate::__utoipa_responses!($($rest)*); };
    ($other:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "unknown framework `", ::core::stringify!($other),
            "`: the frameworks are `axum`, `actix_web` and `utoipa`"
        ));
    };
}

#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __axum_response {
    ({$($generics:tt)*} {$ty:ty} {$($bounds:tt)*}) => {
        impl $($generics)* $crate::__private::axum::response::IntoResponse for $ty
        where
            $ty: $crate::ToProblem,
            $($bounds)*
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum::response::IntoResponse::into_response(
                    $crate::ToProblem::to_problem(&self),
                )
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __axum_response {
    ($($input:tt)*) => {
        ::core::compile_error!("responses for `axum` need the feature `axum` of unkey-errors");
    };
}

#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __actix_response {
    ({$($generics:tt)*} {$ty:ty} {$($bounds:tt)*}) => {
        impl $($generics)* $crate::__private::actix_web::ResponseError for $ty
        where
            $ty: $crate::ToProblem + ::core::fmt::Debug + ::core::fmt::Display,
            $($bounds)*
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::__private::actix_status($crate::ToProblem::status(self))
            }

            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                $crate::__private::actix_web::ResponseError::error_response(
                    &$crate::ToProblem::to_problem(self),
                )
            }
        }
    };
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __actix_response {
    ($($input:tt)*) => {
        ::core::compile_error!(
            "responses for `actix_web` need the feature `actix-web` of unkey-errors"
        );
    };
}

#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __utoipa_responses {
    ({$($generics:tt)*} {$ty:ty} {$($bounds:tt)*}) => {
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $ty
        where
            $ty: $crate::ToProblem,
            $($bounds)*
        {
            fn responses() -> ::std::collections::BTreeMap<
                ::std::string::String,
                $crate::__private::utoipa::openapi::RefOr<
                    $crate::__private::utoipa::openapi::response::Response,
                >,
            > {
                $crate::schema::responses(&<$ty as $crate::ToProblem>::answers())
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __utoipa_responses {
    ($($input:tt)*) => {
        ::core::compile_error!("responses for `utoipa` need the feature `utoipa` of unkey-errors");
    };
}
