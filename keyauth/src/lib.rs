//! Unkey's key policy in process: take the key from the request, verify it with Unkey's
//! `keys.verifyKey`, answer a denial as Unkey's gateway answers it, and hand the caller on to
//! the handler, as the gateway's keyauth policy does (`svc/frontline/internal/policies/keyauth/`
//! in Unkey's repository).
//!
//! - [`KeyAuth`]: the policy. Where the key is ([`KeyLocation`]: `Authorization: Bearer` by
//!   default, a header with a prefix, a query parameter; the first non-empty wins) and what a
//!   verification asks (a permission query, a credits cost, rate limits, tags).
//! - [`Verifier`]: who verifies. [`UnkeyApi`] calls Unkey's API over one pooled client, within
//!   a timeout, retrying only as Unkey's SDK does; [`InMemoryVerifier`] answers from memory.
//! - [`decide`]: what a verification means: [`Decision::Allow`] with the verification (the
//!   caller, `unkey_errors::gateway::Principal`, is made of it), or [`Decision::Deny`] with the
//!   gateway's answer (`unkey_errors::gateway::GatewayError`). Unkey failing is a denial,
//!   always.
//! - `KeyAuthLayer` (feature `axum`): all of it as a tower layer; `KeyAuthMiddleware`
//!   (feature `actix-web`): the same as actix-web middleware.
//!
//! ```
//! use unkey_keyauth::{decide, Decision, InMemoryVerifier, KeyAuth, Verifier};
//! use unkey_errors::verify::KeyVerification;
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let valid = KeyVerification::from_slice(br#"{"data":{"valid":true,"code":"VALID","keyId":"key_1"}}"#)?;
//! let verifier = InMemoryVerifier::new().with_key("sk_1", valid);
//! let mut headers = http::HeaderMap::new();
//! headers.insert("authorization", "Bearer sk_1".parse().unwrap());
//! let request = KeyAuth::new().request(&headers, None).expect("a key");
//! match decide(verifier.verify(&request).await, std::time::SystemTime::now()) {
//!     Decision::Allow(verification) => {
//!         let principal = unkey_errors::gateway::Principal::from_verification(&verification);
//!         assert_eq!(principal.unwrap().subject(), "key_1");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), serde_json::Error>(())
//! # }).unwrap();
//! ```
#![cfg_attr(feature = "axum", doc = "")]
#![cfg_attr(feature = "axum", doc = include_str!("../README.md"))]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(unreachable_pub)]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[cfg(feature = "actix-web")]
mod actix;
#[cfg(feature = "axum")]
mod axum;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod guard;
mod policy;
mod verifier;

#[cfg(feature = "actix-web")]
pub use crate::actix::{KeyAuthMiddleware, KeyAuthMiddlewareService};
#[cfg(feature = "axum")]
pub use crate::axum::{KeyAuthLayer, KeyAuthService};
pub use policy::{decide, Decision, KeyAuth, KeyLocation, RateLimitCheck, VerifyRequest};
pub use verifier::{
    InMemoryVerifier, UnkeyApi, Verifier, VerifyError, DEFAULT_BASE_URL, DEFAULT_BODY_LIMIT,
    DEFAULT_TIMEOUT,
};
