//! The server side: request ids ([`RequestId`]), and the framework integrations
//! ([`axum`], [`actix`]), which share `framework` and are leaves of
//! this module. The core (`code`, `problem`, `answer`, `report`) imports none of it.

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod framework;
pub(crate) mod request_id;

#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use framework::DEFAULT_REQUEST_ID_HEADER;
pub use request_id::{InvalidRequestId, RequestId, MAX_REQUEST_ID_LEN};
