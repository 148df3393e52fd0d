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
/// match unkey_errors::client::reqwest::send(client.post("https://api.unkey.com/v2/keys.verifyKey")).await {
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
    /// Whether Unkey's own SDK would send the call again: exactly what
    /// [`Retry::unkey_sdk`] retries. The API's [`ApiError::is_retryable`] (every 5xx); for a
    /// transport error, a connection error or a timeout, or a body cut off from a 5xx.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        retries(self, true, false)
    }

    /// When to try again, if the API said ([`ApiError::retry_after`]).
    #[must_use]
    pub fn retry_after(&self) -> Option<RetryAfter> {
        match self {
            Self::Api(err) => err.retry_after(),
            Self::Transport { .. } => None,
        }
    }

    /// The delay to wait before trying again: what the API advised, else `fallback`. Advice
    /// of zero, or of a time already past, is no advice: `fallback` then, so that a loop that
    /// sleeps this long never spins.
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::{client::reqwest::Error, ApiError};
    /// let err = Error::from(ApiError::from_parts(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b""));
    /// assert_eq!(err.delay_or(Duration::from_millis(50)), Duration::from_millis(50));
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("0"));
    /// let err = Error::from(ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b""));
    /// assert_eq!(err.delay_or(Duration::from_millis(50)), Duration::from_millis(50));
    /// ```
    #[must_use]
    pub fn delay_or(&self, fallback: Duration) -> Duration {
        self.as_api_error()
            .and_then(ApiError::advised_delay)
            .unwrap_or(fallback)
    }

    /// The response's status: the API's failure's, or the one a transport error came after
    /// (`None` when no response came).
    ///
    /// ```
    /// use unkey_errors::{client::reqwest::Error, ApiError};
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
            Self::Transport { source, .. } => {
                // The host called, whichever it is (Unkey's API or any other service).
                f.write_str("the call")?;
                if let Some(host) = source.url().and_then(|url| url.host_str()) {
                    write!(f, " to {host}")?;
                }
                f.write_str(if source.is_timeout() {
                    " timed out"
                } else if source.is_connect() {
                    " could not connect"
                } else {
                    " failed"
                })
            }
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
/// # async fn run() -> Result<(), unkey_errors::client::reqwest::Error> {
/// let response = reqwest::get("http://127.0.0.1:8080/v2/keys.verifyKey").await?;
/// let response = unkey_errors::client::reqwest::error_for_status(response).await?;
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
    match read_body_with_limit(&mut response, limit).await {
        Ok((body, truncated)) => {
            Err(ApiError::from_read_body(status, &headers, &body, truncated).into())
        }
        Err(source) => Err(Error::Transport {
            status: Some(status),
            request_id: header_request_id(&headers),
            source,
        }),
    }
}

/// A response's body, read chunk by chunk up to `limit` bytes and never past them: the bytes,
/// and whether the body went on beyond the limit (then the bytes are its first `limit`, and
/// the rest is left unread). [`error_for_status`] reads an error's body with it; read a
/// success's with it where a body may be longer than it should be.
///
/// # Errors
///
/// The body could not be read (to its end, or to the limit).
///
/// ```no_run
/// # async fn run() -> Result<(), reqwest::Error> {
/// let mut response = reqwest::get("http://127.0.0.1:8080/v2/keys.verifyKey").await?;
/// let (body, truncated) = unkey_errors::client::reqwest::read_body_with_limit(&mut response, 4096).await?;
/// assert!(body.len() <= 4096);
/// if truncated {
///     eprintln!("the body was longer than 4 KiB");
/// }
/// # Ok(())
/// # }
/// ```
pub async fn read_body_with_limit(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(body.len());
        if chunk.len() > room {
            #[allow(clippy::indexing_slicing)] // room < chunk.len()
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// The one rule of which failures are tried again ([`Error::is_retryable`] is Unkey's SDK's
/// settings of it): a retryable status ([`retryable_status`]), a 429 when asked, and a
/// connection error or a timeout when asked.
fn retries(err: &Error, connection_errors: bool, rate_limits: bool) -> bool {
    match err {
        Error::Api(err) => {
            retryable_status(err.status())
                || (rate_limits && err.status() == StatusCode::TOO_MANY_REQUESTS)
        }
        Error::Transport { status, source, .. } => {
            (connection_errors && (source.is_connect() || source.is_timeout()))
                || status.is_some_and(|status| !source.is_status() && retryable_status(status))
        }
    }
}

/// A retry policy for calls to Unkey: which failures to try again, how long to wait between
/// tries, and a total budget. [`Retry::unkey_sdk`] is the policy of Unkey's own generated SDK.
///
/// [`send`](Retry::send) never calls before the server allows, never spins and never
/// oversleeps; each wait is [`delay`](Retry::delay):
/// - what the response advised (`retry-after-ms`, else `Retry-After`), in full, when that is
///   positive; else the policy's own backoff after try `n` (from 0), `initial × n^exponent`
///   plus a random jitter below `jitter`, capped at `max_interval`;
/// - it gives up, returning the last error, when the wait would end after the budget
///   (`max_elapsed`) is spent, so at once when the server advised a wait longer than what is
///   left of it: the advice stays on the error ([`Error::retry_after`]).
///
/// Where it differs from Unkey's SDK: the SDK caps every wait at 1 s, the server's advice
/// included, so that after `Retry-After: 5` it calls again four times inside the window the
/// server refused. Here advice is waited in full (or the call given up), and only the policy's
/// own backoff is capped. Which failures are retried is the SDK's rule exactly
/// ([`Error::is_retryable`]).
///
/// The schedule is usable without `send`: [`delay`](Retry::delay) for a loop of your own, and
/// [`schedule`](Retry::schedule), an `Iterator<Item = Duration>` of the backoff, for tower's
/// retry or backon.
///
/// ```no_run
/// use std::time::Duration;
/// use unkey_errors::client::reqwest::Retry;
///
/// # async fn run() -> Result<(), unkey_errors::client::reqwest::Error> {
/// let client = reqwest::Client::new();
/// let retry = Retry::unkey_sdk().max_elapsed(Duration::from_secs(2));
/// let response = retry
///     .send(|| client.post("https://api.unkey.com/v2/keys.verifyKey").body("{}"))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Retry {
    initial_interval: Duration,
    max_interval: Duration,
    exponent: f64,
    jitter: Duration,
    max_elapsed: Duration,
    connection_errors: bool,
    rate_limits: bool,
}

impl Retry {
    /// The policy of Unkey's generated TypeScript SDK (its `lib/retries.ts` and the defaults
    /// every operation passes it): every 5xx status, and connection errors and timeouts, are
    /// tried again; the backoff is 50 ms × n^1.5 plus up to 1 s of jitter, each delay capped
    /// at 1 s; 10 s in all. A positive `retry-after-ms` or `Retry-After` replaces the backoff.
    /// Like the SDK, it does not retry 429s: see [`retry_rate_limits`](Self::retry_rate_limits).
    #[must_use]
    pub fn unkey_sdk() -> Self {
        Self {
            initial_interval: Duration::from_millis(50),
            max_interval: Duration::from_secs(1),
            exponent: 1.5,
            jitter: Duration::from_secs(1),
            max_elapsed: Duration::from_secs(10),
            connection_errors: true,
            rate_limits: false,
        }
    }

    /// The total budget: no try starts after it, and no wait runs past it.
    #[must_use]
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// The cap of the policy's own backoff (not of the server's advice, which is waited in
    /// full or not at all).
    #[must_use]
    pub fn max_interval(mut self, cap: Duration) -> Self {
        self.max_interval = cap;
        self
    }

    /// The backoff's first step: the delay before try `n` is `initial × n^exponent`.
    #[must_use]
    pub fn initial_interval(mut self, initial: Duration) -> Self {
        self.initial_interval = initial;
        self
    }

    /// The backoff's exponent.
    #[must_use]
    pub fn exponent(mut self, exponent: f64) -> Self {
        self.exponent = exponent;
        self
    }

    /// The most random time added to each backoff (zero: none, for tests).
    #[must_use]
    pub fn jitter(mut self, jitter: Duration) -> Self {
        self.jitter = jitter;
        self
    }

    /// Whether connection errors and timeouts are tried again (Unkey's SDK: yes).
    #[must_use]
    pub fn retry_connection_errors(mut self, retry: bool) -> Self {
        self.connection_errors = retry;
        self
    }

    /// Whether a 429 is tried again (Unkey's SDK: no), after its advice in full when it gave
    /// one that fits the budget.
    #[must_use]
    pub fn retry_rate_limits(mut self, retry: bool) -> Self {
        self.rate_limits = retry;
        self
    }

    /// Whether this policy tries `err` again.
    ///
    /// ```
    /// use http::{HeaderMap, StatusCode};
    /// use unkey_errors::{client::reqwest::{Error, Retry}, ApiError};
    /// let failed = |status| Error::from(ApiError::from_parts(status, &HeaderMap::new(), b""));
    /// let sdk = Retry::unkey_sdk();
    /// assert!(sdk.retries(&failed(StatusCode::SERVICE_UNAVAILABLE)));
    /// assert!(!sdk.retries(&failed(StatusCode::TOO_MANY_REQUESTS)));
    /// assert!(sdk.retry_rate_limits(true).retries(&failed(StatusCode::TOO_MANY_REQUESTS)));
    /// ```
    #[must_use]
    pub fn retries(&self, err: &Error) -> bool {
        retries(err, self.connection_errors, self.rate_limits)
    }

    /// The backoff before try `attempt` (from 0), without advice: `initial × attempt^exponent`
    /// plus a random jitter, capped at `max_interval`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::client::reqwest::Retry;
    /// let retry = Retry::unkey_sdk().jitter(Duration::ZERO);
    /// assert_eq!(retry.backoff(0), Duration::ZERO);
    /// assert_eq!(retry.backoff(1), Duration::from_millis(50));
    /// assert_eq!(retry.backoff(4), Duration::from_millis(400));
    /// assert_eq!(retry.backoff(100), Duration::from_secs(1));
    /// ```
    #[must_use]
    pub fn backoff(&self, attempt: u32) -> Duration {
        let steps = f64::from(attempt).powf(self.exponent);
        let base = self.initial_interval.as_secs_f64() * steps;
        // A uniform fraction of the jitter, from the crate's per-thread generator.
        #[allow(clippy::cast_precision_loss)] // 53 bits of randomness are plenty
        let fraction = (crate::util::next_random() >> 11) as f64 / (1u64 << 53) as f64;
        let jitter = self.jitter.as_secs_f64() * fraction;
        let cap = self.max_interval.as_secs_f64();
        Duration::try_from_secs_f64((base + jitter).min(cap)).unwrap_or(self.max_interval)
    }

    /// The wait before trying again after `err`, the failure of try `attempt` (from 0), with
    /// `elapsed` of the budget spent since the first; `None` to give up: a failure this policy
    /// does not retry, or a wait that would end after the budget. The wait is the server's
    /// positive advice in full, else [`backoff`](Self::backoff). [`send`](Self::send) is this
    /// in a loop; call it from a loop of your own.
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use unkey_errors::{client::reqwest::{Error, Retry}, ApiError};
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("5"));
    /// let limited = Error::from(ApiError::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b""));
    /// let retry = Retry::unkey_sdk().retry_rate_limits(true);
    /// // Five seconds, not the backoff's cap of one: never before the server allows.
    /// assert_eq!(retry.delay(&limited, 0, Duration::ZERO), Some(Duration::from_secs(5)));
    /// // With 6 of the 10 seconds spent, the server's time is past the budget: give up now.
    /// assert_eq!(retry.delay(&limited, 3, Duration::from_secs(6)), None);
    /// ```
    #[must_use]
    pub fn delay(&self, err: &Error, attempt: u32, elapsed: Duration) -> Option<Duration> {
        if !self.retries(err) {
            return None;
        }
        let left = self.max_elapsed.saturating_sub(elapsed);
        let delay = err
            .as_api_error()
            .and_then(ApiError::advised_delay)
            .unwrap_or_else(|| self.backoff(attempt));
        (delay <= left).then_some(delay)
    }

    /// The policy's own backoff as waits, for code that retries with tower's retry, backon or a
    /// loop of its own: [`backoff`](Self::backoff) after try 0, 1, 2, ... for as long as their
    /// sum stays within the budget (the time the calls themselves take is not known to it).
    /// It knows nothing of the server's advice: [`delay`](Self::delay) does.
    ///
    /// Waits that add nothing never reach the budget: with a zero
    /// [`initial_interval`](Self::initial_interval) and zero [`jitter`](Self::jitter) the
    /// schedule is zeros without end, as `std::iter::repeat(Duration::ZERO)` is; bound it with
    /// `.take(n)`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::client::reqwest::Retry;
    /// let retry = Retry::unkey_sdk().jitter(Duration::ZERO).max_elapsed(Duration::from_secs(1));
    /// let waits: Vec<Duration> = retry.schedule().collect();
    /// // 50 ms × n^1.5: 0, 50 ms, 141.42 ms, ...
    /// assert_eq!(waits[..2], [Duration::ZERO, Duration::from_millis(50)]);
    /// assert_eq!(waits[2].as_millis(), 141);
    /// assert!(waits.iter().sum::<Duration>() <= Duration::from_secs(1));
    /// // No waits at all: bounded by the caller.
    /// let now = Retry::unkey_sdk().initial_interval(Duration::ZERO).jitter(Duration::ZERO);
    /// assert_eq!(now.schedule().take(1000).filter(|wait| wait.is_zero()).count(), 1000);
    /// ```
    #[must_use]
    pub fn schedule(&self) -> Schedule {
        Schedule {
            retry: self.clone(),
            attempt: 0,
            spent: Duration::ZERO,
        }
    }

    /// Sends the request `request` builds, trying again as this policy says
    /// ([`delay`](Self::delay)); the response of the first try that succeeds, or the last
    /// error.
    ///
    /// # Errors
    ///
    /// The last [`Error`]: one this policy does not retry, or the one it gave up on.
    pub async fn send<F>(&self, mut request: F) -> Result<reqwest::Response, Error>
    where
        F: FnMut() -> reqwest::RequestBuilder,
    {
        let start = tokio::time::Instant::now();
        let mut attempt = 0;
        loop {
            let err = match send(request()).await {
                Ok(response) => return Ok(response),
                Err(err) => err,
            };
            let Some(delay) = self.delay(&err, attempt, start.elapsed()) else {
                return Err(err);
            };
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// The waits of a [`Retry`]'s own backoff, in order, within its budget: see
/// [`Retry::schedule`]. An `Iterator<Item = Duration>`, as backon's and tower's backoffs are.
#[derive(Clone, Debug)]
pub struct Schedule {
    retry: Retry,
    attempt: u32,
    spent: Duration,
}

impl Iterator for Schedule {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let delay = self.retry.backoff(self.attempt);
        let spent = self.spent.checked_add(delay)?;
        if spent > self.retry.max_elapsed {
            return None;
        }
        self.spent = spent;
        self.attempt = self.attempt.checked_add(1)?;
        Some(delay)
    }
}
