//! A crate that derives `ToProblem` with only the feature `derive`, and answers with its own
//! axum response: the derive must not write one too, whatever features others turn on.

use axum::response::{IntoResponse, Response};

/// This crate's errors.
#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
pub enum AppError {
    /// A key that is not there.
    #[error("key {0} was not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (axum::http::StatusCode::NOT_FOUND, self.to_string()).into_response()
    }
}
