//! What a client reads from a failed response's headers: when to retry ([`RetryAfter`]) and
//! the request id (Unkey's rate limit: [`crate::ratelimit`]).

use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderName};

use crate::util::truncate;

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
