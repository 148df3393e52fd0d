//! A crate that turns on the feature `axum` beside `additive-a`.

pub use additive_a::AppError;

/// A problem of `a`'s error, through the conversion the derive wrote.
pub fn problem() -> unkey_errors::Problem {
    AppError::KeyNotFound("key_1".into()).into()
}
