//! `#[derive(ToProblem)]` for [unkey-errors](https://docs.rs/unkey-errors): a service's own
//! error type answering as an Unkey problem. Use it through the library's `derive` feature,
//! as `unkey_errors::ToProblem`; the library documents the attributes.
//!
//! Four steps, a file each: `ast` reads the input, `attr` its `#[problem(...)]` attributes,
//! `valid` checks them with errors at the offending span, `expand` writes the impls.

mod ast;
mod attr;
mod expand;
mod fallback;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `ToProblem` for a service's own error type, with `From<T> for Problem` and, for
/// each framework named by `#[problem(responses(...))]`, axum's `IntoResponse`, actix-web's
/// `ResponseError` and utoipa's `IntoResponses` (each variant's status and code), so that a
/// handler returns `Result<T, AppError>` and nothing else is written by hand.
///
/// ```
/// #[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
/// enum AppError {
///     #[error("key {0} was not found")]
///     #[problem(DataKeyNotFound)] // detail = the Display text
///     KeyNotFound(String),
///     #[error("api {id} is protected")]
///     #[problem(ApplicationProtectedResource, detail = "the api {id} cannot be deleted")]
///     Protected { id: String },
///     #[error("database failed")]
///     #[problem(internal)] // generic 500, chain reported, never in the body
///     Db(#[from] std::io::Error),
///     #[error(transparent)]
///     #[problem(transparent)] // delegates to the field's own conversion
///     Upstream(unkey_errors::Problem),
/// }
///
/// let problem = unkey_errors::Problem::from(AppError::Protected { id: "api_1".into() });
/// assert_eq!(problem.status().as_u16(), 403);
/// assert_eq!(problem.detail(), "the api api_1 cannot be deleted");
/// ```
///
/// On each variant of an enum, or on a struct, one `#[problem(...)]`:
///
/// | attribute | answers with |
/// |---|---|
/// | `#[problem(DataKeyNotFound)]` | that code (an `ErrorCode` variant, checked by the compiler), its documented status and title; the detail is the value's `Display` text |
/// | `#[problem(DataKeyNotFound, detail = "no key {id}")]` | the same with this detail, a format string over the fields (`{id}`, or `{0}` in a tuple variant) |
/// | `#[problem(internal)]` | 500 `unkey/application/unexpected_error` with the generic detail; the value's `Display` and source chain are the problem's cause, reported once where it is answered (`unkey_errors::report`), never sent |
/// | `#[problem(TooManyRequestsWorkspaceRateLimited, retry_after = wait, rate_limit = limit)]` | the code, with `Retry-After` from the `Duration` field `wait` and `RateLimit-Limit/-Remaining/-Reset` from the `RateLimit` field `limit` (`retry_after = 0` in a tuple variant); the OpenAPI responses declare the headers |
/// | `#[problem(TooManyRequestsWorkspaceRateLimited, gateway_rate_limit = limit)]` | the same from a `RateLimit` field in the gateway's dialect: `X-RateLimit-Limit/-Remaining/-Reset`, the reset a Unix time in seconds |
/// | `#[problem(transparent)]` | the one field's own `ToProblem` (a `Problem`, another derived type, an `InternalError`...) |
///
/// On the type, `#[problem(responses(axum, actix_web, utoipa))]` also writes those frameworks'
/// response traits (axum's `IntoResponse`, actix-web's `ResponseError`, utoipa's
/// `IntoResponses`), each needing the library's feature of that name. None is written unasked:
/// features only add, so a feature turned on by another crate of the graph never gives a type
/// an impl that clashes with its own.
///
/// A field of a variant with a code may be marked `#[problem(errors)]`: its validation errors
/// (any `&field` that iterates `&ValidationError`, such as a `Vec<ValidationError>`) go into
/// the problem's `errors` array.
///
/// The type must be `Debug` and `Display`, whatever the features (actix-web's
/// `ResponseError` needs both, and turning a feature on must not change what compiles);
/// `internal` needs it to be a `std::error::Error` (all three are what `thiserror` derives),
/// and `transparent` needs the field to be `ToProblem`. For a generic type these become
/// bounds of the impls. Generics,
/// lifetimes and `#[non_exhaustive]` enums work. Every misuse is a compile error at its span.
#[proc_macro_derive(ToProblem, attributes(problem))]
pub fn derive_to_problem(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    ast::Input::from_syn(&input)
        .and_then(|parsed| {
            valid::check(&parsed)?;
            Ok(expand::expand(&parsed))
        })
        .unwrap_or_else(|error| fallback::expand(&input, &error))
        .into()
}
