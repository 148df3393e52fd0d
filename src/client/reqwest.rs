//! `reqwest` support (feature `reqwest`): one error for a whole call ([`Error`]: the API's
//! failure or the transport's), and [`error_for_status`], which turns a response into `Ok` for
//! 2xx or the [`ApiError`] its body describes, read with a cap.

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};

use super::{header_request_id, retryable_status, ApiError, RetryAfter, DEFAULT_BODY_LIMIT};

/// What went wrong with a call: the API answered with a failure, or the call did not complete.
///
/// ```no_run
/// # async fn run() {
/// let client = reqwest::Client::new();
/// match unkey_errors::reqwest::send(client.post("https://api.unkey.com/v2/keys.verifyKey")).await {
///     Ok(response) => println!("ok: {}", response.status()),
///     Err(err) if err.is_retryable() => println!("try again in {:?}: {err}", err.retry_after()),
///     Err(err) => println!("failed: {err} (request {:?})", err.request_id()),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a failure (boxed: it is much larger than a transport error).
    Api(Box<ApiError>),
    /// The call did not complete: the connection, a timeout, TLS, a redirect, or a failure's
    /// body cut off while it was read.
    Transport {
        /// The response's status, when one came before the failure.
        status: Option<StatusCode>,
        /// The request id the response's headers carried, if any came.
        request_id: Option<String>,
        /// What `reqwest` reported.
        source: reqwest::Error,
    },
}

impl Error {
    /// Whether trying again can succeed, as Unkey's generated SDK decides: the API's
    /// [`ApiError::is_retryable`]; for a transport error, a connection error or a timeout, or
    /// a body cut off from a response whose status is retryable.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(err) => err.is_retryable(),
            Self::Transport { status, source, .. } => {
                source.is_connect()
                    || source.is_timeout()
                    || status.is_some_and(|status| !source.is_status() && retryable_status(status))
            }
        }
    }

    /// When to try again, if the API said ([`ApiError::retry_after`]).
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        match self {
            Self::Api(err) => err.retry_after(),
            Self::Transport { .. } => None,
        }
    }

    /// The delay to wait before trying again: what the API advised, else `fallback`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::{reqwest::Error, ApiError};
    /// let err = Error::from(ApiError::from_parts(http::StatusCode::BAD_GATEWAY, &http::HeaderMap::new(), b""));
    /// assert_eq!(err.delay_or(Duration::from_millis(50)), Duration::from_millis(50));
    /// ```
    #[must_use]
    pub fn delay_or(&self, fallback: Duration) -> Duration {
        self.retry_after().map_or(fallback, |retry| {
            retry.delay_from(std::time::SystemTime::now())
        })
    }

    /// The response's status: the API's failure's, or the one a transport error came after
    /// (`None` when no response came).
    ///
    /// ```
    /// use unkey_errors::{reqwest::Error, ApiError};
    /// let err = Error::from(ApiError::from_parts(http::StatusCode::BAD_GATEWAY, &http::HeaderMap::new(), b""));
    /// assert_eq!(err.status(), Some(http::StatusCode::BAD_GATEWAY));
    /// ```
    #[must_use]
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(err) => Some(err.status()),
            Self::Transport { status, .. } => *status,
        }
    }

    /// The request id, from the failure's body or headers.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(err) => err.request_id(),
            Self::Transport { request_id, .. } => request_id.as_deref(),
        }
    }

    /// The API's failure, if it was one.
    #[must_use]
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(err) => Some(err),
            Self::Transport { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    /// The API's failure, or what the transport failed at; `reqwest`'s error is the
    /// [`source`](std::error::Error::source), not repeated here.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(err) => err.fmt(f),
            Self::Transport {
                status: Some(status),
                ..
            } => write!(
                f,
                "the body of a {} response could not be read",
                status.as_u16()
            ),
            Self::Transport { source, .. } if source.is_timeout() => {
                f.write_str("the call to Unkey timed out")
            }
            Self::Transport { source, .. } if source.is_connect() => {
                f.write_str("the call to Unkey could not connect")
            }
            Self::Transport { .. } => f.write_str("the call to Unkey failed"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(err) => err.source(),
            Self::Transport { source, .. } => Some(source),
        }
    }
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Self {
        Self::Api(Box::new(err))
    }
}

impl From<reqwest::Error> for Error {
    /// A transport error; `reqwest`'s own `error_for_status` errors keep their status.
    fn from(source: reqwest::Error) -> Self {
        Self::Transport {
            status: source.status(),
            request_id: None,
            source,
        }
    }
}

/// Sends the request: `Ok(response)` for a 2xx, else the [`Error`] of the whole call, the
/// transport's or the API's ([`error_for_status`]).
///
/// # Errors
///
/// [`Error::Transport`] when the call does not complete, [`Error::Api`] for a non-2xx.
pub async fn send(request: reqwest::RequestBuilder) -> Result<reqwest::Response, Error> {
    error_for_status(request.send().await?).await
}

/// `Ok(response)` for a 2xx response; otherwise the [`ApiError`] its body describes.
///
/// Unlike `reqwest::Response::error_for_status`, the body is kept: at most
/// [`DEFAULT_BODY_LIMIT`] bytes of it are read, and a longer or endless body is not buffered
/// whole (the error is then [`Unrecognised`](crate::client::Unrecognised) and truncated).
///
/// # Errors
///
/// [`Error::Api`] for a response whose status is not 2xx; [`Error::Transport`] when its body
/// could not be read to the end (or to the cap).
///
/// ```no_run
/// # async fn run() -> Result<(), unkey_errors::reqwest::Error> {
/// let response = reqwest::get("http://127.0.0.1:8080/v2/keys.verifyKey").await?;
/// let response = unkey_errors::reqwest::error_for_status(response).await?;
/// println!("ok: {}", response.status());
/// # Ok(())
/// # }
/// ```
pub async fn error_for_status(response: reqwest::Response) -> Result<reqwest::Response, Error> {
    error_for_status_with_limit(response, DEFAULT_BODY_LIMIT).await
}

/// [`error_for_status`] with a body limit of `limit` bytes.
///
/// # Errors
///
/// As [`error_for_status`].
pub async fn error_for_status_with_limit(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<reqwest::Response, Error> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let headers: HeaderMap = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    let mut truncated = false;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(source) => {
                return Err(Error::Transport {
                    status: Some(status),
                    request_id: header_request_id(&headers),
                    source,
                })
            }
        };
        let room = limit.saturating_sub(body.len());
        if chunk.len() > room {
            #[allow(clippy::indexing_slicing)] // room < chunk.len()
            body.extend_from_slice(&chunk[..room]);
            truncated = true;
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Err(ApiError::from_read_body(status, &headers, &body, truncated).into())
}
