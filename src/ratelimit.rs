//! Unkey's rate-limit headers, both dialects, written and read in one place:
//!
//! | dialect | headers | reset |
//! |---|---|---|
//! | the API's (its workspace rate limit) | `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` | seconds until the window resets |
//! | the gateway's (a key's rate limits) | `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` | a Unix time, in seconds |
//!
//! [`RateLimit`] holds either as numbers with the reset as a duration; a problem writes the
//! API's ([`Problem::with_rate_limit`](crate::Problem::with_rate_limit)), a key verification
//! the gateway's (`verify::KeyVerification`), and
//! [`RateLimit::from_headers`] reads both.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderName, HeaderValue};

/// Unkey's rate-limit headers, set on its 429s (and on successful calls): `RateLimit-Limit`,
/// `RateLimit-Remaining` and `RateLimit-Reset`, the seconds until the window resets.
///
/// ```
/// use std::time::Duration;
/// use unkey_errors::ratelimit::RateLimit;
///
/// let rate_limit = RateLimit::new(100, 0, Duration::from_secs(30));
/// assert_eq!((rate_limit.limit(), rate_limit.remaining()), (100, 0));
/// assert_eq!(rate_limit.reset(), Duration::from_secs(30));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RateLimit {
    limit: u64,
    remaining: u64,
    reset: Duration,
}

/// `RateLimit-Limit`
pub(crate) const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
/// `RateLimit-Remaining`
pub(crate) const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
/// `RateLimit-Reset`
pub(crate) const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
/// The gateway's `X-RateLimit-Limit`
pub(crate) const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// The gateway's `X-RateLimit-Remaining`
pub(crate) const X_RATELIMIT_REMAINING: HeaderName =
    HeaderName::from_static("x-ratelimit-remaining");
/// The gateway's `X-RateLimit-Reset` (a Unix time in seconds)
pub(crate) const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

impl RateLimit {
    /// `limit` requests per window, `remaining` of them left, the window resetting in `reset`
    /// (sent in whole seconds, rounded up).
    #[must_use]
    pub const fn new(limit: u64, remaining: u64, reset: Duration) -> Self {
        Self {
            limit,
            remaining,
            reset,
        }
    }

    /// Requests allowed per window: `RateLimit-Limit`.
    #[must_use]
    pub const fn limit(&self) -> u64 {
        self.limit
    }

    /// Requests left in this window: `RateLimit-Remaining`.
    #[must_use]
    pub const fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Time until the window resets: `RateLimit-Reset`.
    #[must_use]
    pub const fn reset(&self) -> Duration {
        self.reset
    }

    /// Writes the three headers of the gateway's dialect, the reset as the Unix time `now` plus
    /// [`reset`](Self::reset), in whole seconds.
    pub(crate) fn write_gateway_at(self, headers: &mut HeaderMap, now: std::time::SystemTime) {
        let reset_at = crate::util::unix_time(now).saturating_add(self.reset);
        write_gateway(headers, self.limit, self.remaining, reset_at);
    }

    /// Writes the three headers of the API's dialect.
    pub(crate) fn write(self, headers: &mut HeaderMap) {
        let reset = crate::util::seconds_up(self.reset);
        headers.insert(RATELIMIT_LIMIT, HeaderValue::from(self.limit));
        headers.insert(RATELIMIT_REMAINING, HeaderValue::from(self.remaining));
        headers.insert(RATELIMIT_RESET, HeaderValue::from(reset));
    }
}

/// Why Unkey's rate-limit headers were not read.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRateLimit {
    /// One of the three is there without the others.
    #[error("incomplete rate limit: {missing} is missing")]
    Incomplete {
        /// The header that is missing.
        missing: &'static str,
    },
    /// A value is not a whole number.
    #[error("invalid {header} {value:?}: expected a whole number")]
    NotANumber {
        /// The header.
        header: &'static str,
        /// The value, quoted (at most 64 bytes, invalid UTF-8 replaced).
        value: String,
    },
}

impl RateLimit {
    /// Reads Unkey's rate-limit headers, in either dialect: the API's `RateLimit-Limit`,
    /// `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window resets), or the
    /// gateway's `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the reset
    /// as a Unix time in seconds, read against the clock now; one in the past is a reset of
    /// zero). `Ok(None)` when neither is there; the API's wins when both are.
    ///
    /// # Errors
    ///
    /// [`InvalidRateLimit`] when one of a dialect's three is missing or not a whole number.
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue};
    /// use unkey_errors::ratelimit::RateLimit;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("ratelimit-limit", HeaderValue::from_static("100"));
    /// headers.insert("ratelimit-remaining", HeaderValue::from_static("0"));
    /// headers.insert("ratelimit-reset", HeaderValue::from_static("30"));
    /// assert_eq!(RateLimit::from_headers(&headers), Ok(Some(RateLimit::new(100, 0, Duration::from_secs(30)))));
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, InvalidRateLimit> {
        Self::from_headers_at(headers, SystemTime::now())
    }

    /// [`RateLimit::from_headers`], with the gateway's Unix reset read against `now`.
    ///
    /// # Errors
    ///
    /// As [`RateLimit::from_headers`].
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use http::{HeaderMap, HeaderValue};
    /// use unkey_errors::ratelimit::RateLimit;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-ratelimit-limit", HeaderValue::from_static("10"));
    /// headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
    /// headers.insert("x-ratelimit-reset", HeaderValue::from_static("1700000030"));
    /// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// assert_eq!(RateLimit::from_headers_at(&headers, now), Ok(Some(RateLimit::new(10, 0, Duration::from_secs(30)))));
    /// ```
    pub fn from_headers_at(
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<Option<Self>, InvalidRateLimit> {
        if let Some(api) = Self::dialect(headers, &API_DIALECT)? {
            let [limit, remaining, reset] = api;
            return Ok(Some(Self::new(
                limit,
                remaining,
                Duration::from_secs(reset),
            )));
        }
        let Some([limit, remaining, reset_at]) = Self::dialect(headers, &GATEWAY_DIALECT)? else {
            return Ok(None);
        };
        let reset = crate::util::until_unix_time(Duration::from_secs(reset_at), now);
        Ok(Some(Self::new(limit, remaining, reset)))
    }

    /// The three numbers of one dialect, `None` when none of its headers is there.
    fn dialect(
        headers: &HeaderMap,
        fields: &[(HeaderName, &'static str); 3],
    ) -> Result<Option<[u64; 3]>, InvalidRateLimit> {
        if fields.iter().all(|(name, _)| !headers.contains_key(name)) {
            return Ok(None);
        }
        let mut values = [0u64; 3];
        for ((name, header), slot) in fields.iter().zip(&mut values) {
            let value = headers
                .get(name)
                .ok_or(InvalidRateLimit::Incomplete { missing: header })?;
            *slot = number(value).ok_or_else(|| InvalidRateLimit::NotANumber {
                header,
                value: crate::util::truncate(&String::from_utf8_lossy(value.as_bytes()), 64)
                    .to_owned(),
            })?;
        }
        Ok(Some(values))
    }
}

/// The API's rate-limit headers: the reset in seconds from now.
const API_DIALECT: [(HeaderName, &str); 3] = [
    (RATELIMIT_LIMIT, "RateLimit-Limit"),
    (RATELIMIT_REMAINING, "RateLimit-Remaining"),
    (RATELIMIT_RESET, "RateLimit-Reset"),
];

/// The gateway's rate-limit headers: the reset as a Unix time in seconds.
const GATEWAY_DIALECT: [(HeaderName, &str); 3] = [
    (X_RATELIMIT_LIMIT, "X-RateLimit-Limit"),
    (X_RATELIMIT_REMAINING, "X-RateLimit-Remaining"),
    (X_RATELIMIT_RESET, "X-RateLimit-Reset"),
];

fn number(value: &HeaderValue) -> Option<u64> {
    let text = value.to_str().ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Writes the gateway's dialect: `limit` per window, `remaining` left, the window resetting at
/// `reset_at` (a Unix time, written in whole seconds).
pub(crate) fn write_gateway(
    headers: &mut HeaderMap,
    limit: u64,
    remaining: u64,
    reset_at: Duration,
) {
    headers.insert(X_RATELIMIT_LIMIT, HeaderValue::from(limit));
    headers.insert(X_RATELIMIT_REMAINING, HeaderValue::from(remaining));
    headers.insert(X_RATELIMIT_RESET, HeaderValue::from(reset_at.as_secs()));
}
