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

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
mod client;
mod code;
mod de;
mod httpdate;
mod internal;
mod problem;
mod request_id;
#[cfg(feature = "reqwest")]
pub mod reqwest;
mod response;
pub mod schema;
mod ser;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod server;
pub mod testing;
mod util;

pub use client::{
    ApiError, ApiErrorBody, GatewayError, LegacyCode, LegacyError, RetryAfter, Unrecognised,
    DEFAULT_BODY_LIMIT, UNRECOGNISED_PREFIX_LIMIT,
};
pub use code::{
    CodeForm, ErrorCode, ParseCodeError, StatusSource, CURRENT_DOCS_URL_PREFIX,
    DOCUMENTED_TYPE_URL_PREFIX, URN_PREFIX,
};
pub use de::{Category, ParseError};
pub use internal::{InternalError, INTERNAL_ERROR_DETAIL};
pub use problem::{ExtraMember, Problem, Scope, ValidationError};
pub use request_id::{InvalidRequestId, RequestId, MAX_REQUEST_ID_LEN};
pub use response::ContentType;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use server::DEFAULT_REQUEST_ID_HEADER;
