//! What a client reads from a failed response's headers: when to retry ([`RetryAfter`]),
//! Unkey's rate limit ([`RateLimit`]) and the request id.

use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::problem::{
    RATELIMIT_LIMIT, RATELIMIT_REMAINING, RATELIMIT_RESET, X_RATELIMIT_LIMIT,
    X_RATELIMIT_REMAINING, X_RATELIMIT_RESET,
};
use crate::util::truncate;
use crate::RateLimit;

/// `retry-after-ms`: the delay in milliseconds, which Unkey's generated SDK reads before
/// `Retry-After`.
pub(crate) const RETRY_AFTER_MS: HeaderName = HeaderName::from_static("retry-after-ms");

/// The headers a request id is read from when the body has none, in this order: Unkey's
/// gateway (`X-Unkey-Request-Id`), the retired v1 API (`Unkey-Request-Id`), then
/// `X-Request-Id` (services built with this crate, and many proxies). The v2 API sends none:
/// its id is only in the body.
pub const REQUEST_ID_HEADERS: [HeaderName; 3] = [
    HeaderName::from_static("x-unkey-request-id"),
    HeaderName::from_static("unkey-request-id"),
    HeaderName::from_static("x-request-id"),
];

/// When to try again: a delay, or a point in time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum RetryAfter {
    /// `Retry-After: 120`, or `retry-after-ms: 1500`.
    Delay(Duration),
    /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`.
    At(SystemTime),
}

/// Why a `Retry-After` or `retry-after-ms` value was not read. The value is quoted (at most 64
/// bytes).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRetryAfter {
    /// The value is empty.
    #[error("invalid {header}: empty")]
    Empty {
        /// `Retry-After` or `retry-after-ms`.
        header: &'static str,
    },
    /// The value is not visible ASCII text.
    #[error("invalid {header}: not visible ASCII text")]
    NotText {
        /// `Retry-After` or `retry-after-ms`.
        header: &'static str,
    },
    /// Delay digits too large for a duration.
    #[error("invalid {header} {value:?}: the delay is out of range")]
    OutOfRange {
        /// `Retry-After` or `retry-after-ms`.
        header: &'static str,
        /// The value, quoted.
        value: String,
    },
    /// Neither a delay nor an HTTP date (IMF-fixdate, RFC 850 or asctime; a date that does
    /// not exist, such as 31 Feb or a wrong weekday, is not one).
    #[error("invalid {header} {value:?}: expected delay-seconds or an HTTP date")]
    Malformed {
        /// `Retry-After` or `retry-after-ms`.
        header: &'static str,
        /// The value, quoted.
        value: String,
    },
}

fn quoted(value: &str) -> String {
    truncate(value, 64).to_owned()
}

impl RetryAfter {
    /// Parses a `Retry-After` value: delay-seconds or an HTTP date, read by the `httpdate`
    /// crate (what hyper uses), which refuses a date that does not exist.
    ///
    /// # Errors
    ///
    /// [`InvalidRetryAfter`] saying why the value is neither.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use unkey_errors::{client::InvalidRetryAfter, client::RetryAfter};
    ///
    /// assert_eq!(RetryAfter::parse("120"), Ok(RetryAfter::Delay(Duration::from_secs(120))));
    /// assert_eq!(
    ///     RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"),
    ///     Ok(RetryAfter::At(UNIX_EPOCH + Duration::from_secs(784_111_777))),
    /// );
    /// assert!(matches!(RetryAfter::parse("soon"), Err(InvalidRetryAfter::Malformed { .. })));
    /// ```
    pub fn parse(value: &str) -> Result<Self, InvalidRetryAfter> {
        const HEADER: &str = "Retry-After";
        let value = value.trim();
        if value.is_empty() {
            return Err(InvalidRetryAfter::Empty { header: HEADER });
        }
        if value.bytes().all(|b| b.is_ascii_digit()) {
            return value
                .parse()
                .map(|seconds| Self::Delay(Duration::from_secs(seconds)))
                .map_err(|_| InvalidRetryAfter::OutOfRange {
                    header: HEADER,
                    value: quoted(value),
                });
        }
        httpdate::parse_http_date(value)
            .map(Self::At)
            .map_err(|_| InvalidRetryAfter::Malformed {
                header: HEADER,
                value: quoted(value),
            })
    }

    /// Parses a `retry-after-ms` value: a delay in milliseconds, decimals allowed, as Unkey's
    /// generated SDK reads it.
    ///
    /// # Errors
    ///
    /// [`InvalidRetryAfter`] when it is not a finite number of milliseconds from 0 up.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_errors::client::RetryAfter;
    /// assert_eq!(RetryAfter::parse_ms("1500"), Ok(RetryAfter::Delay(Duration::from_millis(1500))));
    /// assert_eq!(RetryAfter::parse_ms("2.5"), Ok(RetryAfter::Delay(Duration::from_micros(2500))));
    /// assert!(RetryAfter::parse_ms("-1").is_err());
    /// ```
    pub fn parse_ms(value: &str) -> Result<Self, InvalidRetryAfter> {
        const HEADER: &str = "retry-after-ms";
        let value = value.trim();
        if value.is_empty() {
            return Err(InvalidRetryAfter::Empty { header: HEADER });
        }
        let malformed = || InvalidRetryAfter::Malformed {
            header: HEADER,
            value: quoted(value),
        };
        let milliseconds: f64 = value.parse().map_err(|_| malformed())?;
        if !milliseconds.is_finite() || milliseconds < 0.0 {
            return Err(malformed());
        }
        Duration::try_from_secs_f64(milliseconds / 1000.0)
            .map(Self::Delay)
            .map_err(|_| InvalidRetryAfter::OutOfRange {
                header: HEADER,
                value: quoted(value),
            })
    }

    /// When a response says to retry: `retry-after-ms` first, as Unkey's SDK reads it, then
    /// `Retry-After`. `Ok(None)` when neither is there; an invalid one gives way to a valid
    /// other.
    ///
    /// # Errors
    ///
    /// [`InvalidRetryAfter`] when a header is there and none is valid (the first one's
    /// reason).
    ///
    /// ```
    /// use std::time::Duration;
    /// use http::{HeaderMap, HeaderValue};
    /// use unkey_errors::client::RetryAfter;
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("3"));
    /// headers.insert("retry-after-ms", HeaderValue::from_static("250"));
    /// assert_eq!(RetryAfter::from_headers(&headers), Ok(Some(RetryAfter::Delay(Duration::from_millis(250)))));
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, InvalidRetryAfter> {
        let read = |name: &HeaderName,
                    header: &'static str,
                    parse: fn(&str) -> Result<Self, InvalidRetryAfter>| {
            headers.get(name).map(|value| {
                value
                    .to_str()
                    .map_err(|_| InvalidRetryAfter::NotText { header })
                    .and_then(parse)
            })
        };
        let ms_error = match read(&RETRY_AFTER_MS, "retry-after-ms", Self::parse_ms) {
            Some(Ok(retry)) => return Ok(Some(retry)),
            Some(Err(err)) => Some(err),
            None => None,
        };
        match (read(&RETRY_AFTER, "Retry-After", Self::parse), ms_error) {
            (Some(Ok(retry)), _) => Ok(Some(retry)),
            (_, Some(err)) | (Some(Err(err)), None) => Err(err),
            (None, None) => Ok(None),
        }
    }

    /// How long to wait from `now`: the delay, or the time until the date (zero if past).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use unkey_errors::client::RetryAfter;
    /// let now = SystemTime::now();
    /// assert_eq!(RetryAfter::At(now + Duration::from_secs(5)).delay_from(now), Duration::from_secs(5));
    /// assert_eq!(RetryAfter::At(now - Duration::from_secs(5)).delay_from(now), Duration::ZERO);
    /// ```
    #[must_use]
    pub fn delay_from(self, now: SystemTime) -> Duration {
        match self {
            Self::Delay(delay) => delay,
            Self::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
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
    /// use unkey_errors::RateLimit;
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
    /// use unkey_errors::RateLimit;
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
                value: quoted(&String::from_utf8_lossy(value.as_bytes())),
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
