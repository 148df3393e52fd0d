#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(unreachable_pub)]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented
)]

mod client;
mod code;
mod problem;
pub mod schema;
mod server;
pub mod testing;
mod util;

#[cfg(feature = "reqwest")]
pub use client::reqwest;
pub use client::{
    ApiError, ApiErrorBody, GatewayError, LegacyCode, LegacyError, RetryAfter, Unrecognised,
    DEFAULT_BODY_LIMIT, UNRECOGNISED_PREFIX_LIMIT,
};
pub use code::{
    CodeForm, ErrorCode, ParseCodeError, StatusSource, CURRENT_DOCS_URL_PREFIX,
    DOCUMENTED_TYPE_URL_PREFIX, URN_PREFIX,
};
pub use problem::{
    Category, ContentType, ExtraMember, ParseError, Problem, Scope, ValidationError,
};
#[cfg(feature = "actix-web")]
pub use server::actix;
#[cfg(feature = "axum")]
pub use server::axum;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use server::DEFAULT_REQUEST_ID_HEADER;
pub use server::{
    InternalError, InvalidRequestId, RequestId, INTERNAL_ERROR_DETAIL, MAX_REQUEST_ID_LEN,
};
