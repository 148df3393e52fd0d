//! `reqwest` support (feature `reqwest`): turn a response into `Ok` for 2xx, or an
//! [`ApiError`] that keeps the body, read with a cap.

use crate::client::{ApiError, DEFAULT_BODY_LIMIT};

/// `Ok(response)` for a 2xx response; otherwise the [`ApiError`] its body describes.
///
/// Unlike `reqwest::Response::error_for_status`, the body is kept: at most
/// [`DEFAULT_BODY_LIMIT`] bytes of it are read, and a longer or endless body is not buffered
/// whole (the error is then [`Unrecognised`](crate::Unrecognised) and truncated).
///
/// # Errors
///
/// The [`ApiError`] of any response whose status is not 2xx.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let response = reqwest::get("http://127.0.0.1:8080/v2/keys.verifyKey").await?;
/// match unkey_errors::reqwest::error_for_status(response).await {
///     Ok(response) => println!("ok: {}", response.status()),
///     Err(err) if err.is_retryable() => println!("try again: {err}"),
///     Err(err) => println!("failed: {err}"),
/// }
/// # Ok(())
/// # }
/// ```
pub async fn error_for_status(response: reqwest::Response) -> Result<reqwest::Response, ApiError> {
    error_for_status_with_limit(response, DEFAULT_BODY_LIMIT).await
}

/// [`error_for_status`] with a body limit of `limit` bytes.
///
/// # Errors
///
/// The [`ApiError`] of any response whose status is not 2xx.
pub async fn error_for_status_with_limit(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<reqwest::Response, ApiError> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    let mut truncated = false;
    // A failed read ends the body where it is: what was read is still examined.
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit.saturating_sub(body.len());
        if chunk.len() > room {
            body.extend_from_slice(chunk.get(..room).unwrap_or_default());
            truncated = true;
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Err(ApiError::from_read_body(status, &headers, &body, truncated))
}
