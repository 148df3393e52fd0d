//! The typed model of [Unkey](https://unkey.com)'s API errors: the catalogue of error codes,
//! the problem-details envelope Unkey answers every failed call with, its exact JSON, and
//! ready HTTP responses, for services that answer like Unkey, for clients that read Unkey's
//! answers, and for tests that check them.
//!
//! ```json
//! {"meta":{"requestId":"req_2c9a0jf23l4k567"},
//!  "error":{"detail":"This operation is not allowed","status":403,"title":"Forbidden",
//!           "type":"https://unkey.com/docs/api-reference/errors-v2/unkey/authorization/forbidden"}}
//! ```
//!
//! # The parts
//!
//! The root holds what most users need; everything else lives in a module named for its job:
//! [`code`] (the catalogue), [`problem`] (the envelope and its HTTP response), [`answer`] (a
//! service's errors as problems), [`report`] (internal errors and panics for the log),
//! [`server`] (request ids) with [`axum`] and [`actix`], [`verify`] (answering a key
//! verification as Unkey's gateway does), [`client`] (reading failures) with [`reqwest`],
//! [`testing`] and [`schema`].
//!
//! - [`ErrorCode`]: every code of the catalogue, with its status, title, URN and docs URLs,
//!   parsed from any of its four written forms.
//! - [`Problem`]: one error response. [`Problem::new`] builds the documented form byte for
//!   byte; [`Problem::into_http_response`] makes the complete `http::Response`;
//!   [`Problem::from_slice`] reads any body a server sends and reports a bad one as a
//!   [`ParseError`] that names the JSON path at fault.
//! - [`ApiError`]: "the call failed", from any failed response (the v2 envelope, the gateway's,
//!   the retired v1 API's, or anything a proxy sends), with the retry rules of Unkey's SDK.
//! - [`InternalError`] and [`RequestId`]: what a service needs besides problems; the
//!   integrations with `axum` and `actix-web` (features of the same names) build on them.
//! - [`assert_problem!`] and [`testing`]: one line to check that a response is "this code, this
//!   status"; [`schema`]: Unkey's OpenAPI error components.
//!
//! The README walks through each use with examples, which its tests compile; every item below
//! has its own.
//!
//! # Features
//!
//! None is on by default: the default build depends on `serde`, `serde_json`, `thiserror`,
//! `http` and `url` only.
//!
//! | feature | adds |
//! |---|---|
//! | `axum` | [`axum`]: `IntoResponse`, extractors, and a layer that makes every error response a problem |
//! | `actix-web` | [`actix`]: `ResponseError`, extractors and configs, and the same as a middleware |
//! | `reqwest` | [`reqwest`]: a failed `reqwest::Response` as an [`ApiError`], its body read with a cap, and `Retry`, the retry policy of Unkey's SDK |
//! | `utoipa`, `schemars` | schemas of the envelope for either generator |
//! | `tracing` | the default report sink writes `tracing` events |
#![cfg_attr(docsrs, feature(doc_cfg))]
// The catalogue's front end (`code.rs`) recurses a few times per code.
#![recursion_limit = "1024"]
#![forbid(unsafe_code)]
#![warn(unreachable_pub)]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    // `expect` is allowed where a comment beside it says the invariant that makes it
    // unreachable; `#[allow(clippy::expect_used)]` marks each.
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented
)]

/// The README's examples, compiled and run by `cargo test --all-features` (they use every
/// integration), so that the README, read on GitHub and crates.io, shows no rustdoc-only lines.
#[cfg(all(
    doctest,
    feature = "axum",
    feature = "actix-web",
    feature = "reqwest",
    feature = "utoipa",
    feature = "schemars"
))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod answer;
pub mod client;
pub mod code;
pub mod problem;
pub mod report;
pub mod schema;
pub mod server;
pub mod testing;
mod util;
pub mod verify;

/// What the derive and `problem_responses!` expand to refers to: not a public API.
#[doc(hidden)]
pub mod __private {
    /// For `unkey-errors codes --compare`: the fingerprint (64-bit FNV-1a) of the description
    /// on Unkey's page for `code` when the crate's [`ErrorCode::description`] was last checked
    /// against it.
    ///
    /// [`ErrorCode::description`]: crate::ErrorCode::description
    #[must_use]
    pub const fn reviewed_description(code: crate::ErrorCode) -> u64 {
        code.reviewed_description()
    }
    #[cfg(feature = "actix-web")]
    pub use crate::server::actix::actix_status;
    #[cfg(feature = "actix-web")]
    pub use actix_web;
    #[cfg(feature = "axum")]
    pub use axum;
    #[cfg(feature = "utoipa")]
    pub use utoipa;

    /// The field `#[problem(retry_after = ...)]` names, checked to be a `Duration`.
    #[must_use]
    pub fn retry_after(delay: &std::time::Duration) -> &std::time::Duration {
        delay
    }

    /// The field `#[problem(rate_limit = ...)]` names, checked to be a `RateLimit`.
    #[must_use]
    pub fn rate_limit(rate_limit: &crate::RateLimit) -> &crate::RateLimit {
        rate_limit
    }
}

#[cfg(feature = "reqwest")]
pub use client::reqwest;
#[cfg(feature = "actix-web")]
pub use server::actix;
#[cfg(feature = "axum")]
pub use server::axum;

/// The `http` crate (1.x) whose types this crate's API uses (`StatusCode`, `HeaderMap`,
/// `Response`), for code that does not depend on it itself.
pub use http;

pub use answer::{InternalError, IntoProblem, INTERNAL_ERROR_DETAIL};
pub use client::ApiError;
pub use code::ErrorCode;
pub use problem::{ContentType, ParseError, Problem, RateLimit, ValidationError};
pub use server::RequestId;
/// Feature `derive`. The attributes are below; the trait is [`IntoProblem`](trait@IntoProblem).
///
#[cfg(feature = "derive")]
#[doc(inline)]
pub use unkey_errors_derive::IntoProblem;
