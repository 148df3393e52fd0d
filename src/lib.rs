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
//! The root holds what most users need; everything else lives at one path, in a module named
//! for its job. Dependencies point down only: the core first, the edges last.
//!
//! - The core: [`code`] (the catalogue), [`problem`] (the envelope, its JSON and HTTP
//!   response), [`ratelimit`] (Unkey's rate-limit headers, both dialects).
//! - A service's errors: [`answer`] (errors as problems, [`ToProblem`], [`InternalError`]),
//!   [`report`] (internal errors and panics for the log), [`server`] (request ids, and
//!   `server::axum` and `server::actix` with the features of those names).
//! - Behind or beside Unkey's gateway: [`gateway`] (its error envelope and page, and the
//!   principal it hands on), [`verify`] (answering a key verification as the gateway does).
//! - A client's: [`client`] (reading failures, and `client::reqwest` with the feature
//!   `reqwest`).
//! - Tests and documents: [`testing`], [`assert_problem!`], [`schema`].
//!
//! At the root:
//!
//! - [`ErrorCode`]: every code of the catalogue, with its status, title, URN and docs URLs,
//!   parsed from any of its four written forms.
//! - [`Problem`]: one error response. [`Problem::new`] builds the documented form byte for
//!   byte; [`Problem::into_http_response`] makes the complete `http::Response`;
//!   [`Problem::from_slice`] reads any body a server sends and reports a bad one as a
//!   [`ParseError`](problem::ParseError) that names the JSON path at fault.
//! - [`ApiError`]: "the call failed", from any failed response (the v2 envelope, the gateway's,
//!   the retired v1 API's, or anything a proxy sends), with the retry rule of Unkey's SDK.
//! - [`InternalError`] and [`ToProblem`]: a handler's error type; the derive of the same
//!   name (feature `derive`) writes the trait.
//! - [`assert_problem!`]: one line to check that a response is "this code, this status".
//!
//! The README walks through each use with examples, which its tests compile; every item below
//! has its own.
//!
//! # Features
//!
//! None is on by default: the default build depends on `serde`, `serde_json`, `thiserror`,
//! `http`, `url` and `httpdate` only.
//!
//! | feature | adds |
//! |---|---|
//! | `axum` | `server::axum`: `IntoResponse`, extractors, and a layer that makes every error response a problem |
//! | `actix-web` | `server::actix`: `ResponseError`, extractors and configs, and the same as a middleware |
//! | `reqwest` | `client::reqwest`: a failed `reqwest::Response` as an [`ApiError`], its body read with a cap, and `Retry`, the retry rule of Unkey's SDK |
//! | `utoipa`, `schemars` | schemas of the envelope for either generator |
//! | `derive` | `#[derive(ToProblem)]` |
//! | `tracing` | reports as `tracing` events, and a `request` span with the request id under the layers |
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
pub mod gateway;
pub mod problem;
pub mod ratelimit;
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
    pub fn rate_limit(rate_limit: &crate::ratelimit::RateLimit) -> &crate::ratelimit::RateLimit {
        rate_limit
    }
}

/// The `http` crate (1.x) whose types this crate's API uses (`StatusCode`, `HeaderMap`,
/// `Response`), for code that does not depend on it itself.
pub use http;

pub use answer::{InternalError, ToProblem};
pub use client::ApiError;
pub use code::ErrorCode;
pub use problem::Problem;
/// Feature `derive`. The attributes are below; the trait is [`ToProblem`](trait@ToProblem).
///
#[cfg(feature = "derive")]
#[doc(inline)]
pub use unkey_errors_derive::ToProblem;
