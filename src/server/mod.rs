//! The server side: request ids, internal errors, and the framework integrations, which share
//! [`framework`] and are leaves of this module. The core (`code`, `problem`) imports none of it.

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod framework;
mod internal;
mod into_problem;
pub(crate) mod request_id;

#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use framework::DEFAULT_REQUEST_ID_HEADER;
pub use internal::{InternalError, INTERNAL_ERROR_DETAIL};
pub use into_problem::{Answer, IntoProblem};
pub use request_id::{InvalidRequestId, RequestId, MAX_REQUEST_ID_LEN};
