//! Answering a key verification as Unkey's gateway does.
//!
//! A service that protects its own API with Unkey calls `keys.verifyKey` and must answer its
//! client when the key is denied. [`KeyVerification`] reads the response's `data`, and
//! [`KeyVerification::gateway_error`] is what Unkey's own gateway (frontline) answers for
//! it, in the gateway's own envelope ([`GatewayError`]): the `frontline/client/*` code, its
//! public message, and the gateway's rate-limit headers
//! (`svc/frontline/internal/policies/keyauth/executor.go` and `headers.go`, and the messages of
//! `svc/frontline/middleware/observability.go`, in Unkey's repository). A request without a key
//! is [`missing_credentials`].
//!
//! ```
//! use unkey_errors::verify::KeyVerification;
//! use unkey_errors::ErrorCode;
//!
//! let body = br#"{"meta":{"requestId":"req_1"},"data":{"valid":false,"code":"RATE_LIMITED",
//!     "keyId":"key_1","ratelimits":[{"id":"rl_1","name":"requests","limit":10,"remaining":0,
//!     "reset":1700000030000,"exceeded":true,"duration":60000,"autoApply":true}]}}"#;
//! let verification = KeyVerification::from_slice(body)?;
//! let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
//! let denied = verification.gateway_error_at(now).expect("a denied key");
//! assert_eq!(denied.code(), Some(ErrorCode::ClientRateLimited));
//! assert_eq!(denied.status(), 429);
//! assert_eq!(denied.message(), "Rate limit exceeded. Please try again later.");
//! let headers: Vec<(&str, &str)> = denied
//!     .headers()
//!     .map(|(name, value)| (name.as_str(), value.to_str().unwrap()))
//!     .collect();
//! assert_eq!(headers, [
//!     ("x-ratelimit-limit", "10"),
//!     ("x-ratelimit-remaining", "0"),
//!     ("x-ratelimit-reset", "1700000030"),
//!     ("retry-after", "30"),
//! ]);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderValue};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::gateway::{GatewayError, Meta};
use crate::ErrorCode;

/// The `code` of a `keys.verifyKey` response: why a key is valid or not.
///
/// A code this version does not know is kept as [`VerifyCode::Unknown`], as sent;
/// [`FromStr`] never fails.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum VerifyCode {
    /// `VALID`
    Valid,
    /// `NOT_FOUND`: no such key.
    NotFound,
    /// `FORBIDDEN`: the key may not be used here.
    Forbidden,
    /// `INSUFFICIENT_PERMISSIONS`: the key lacks the permissions asked for.
    InsufficientPermissions,
    /// `USAGE_EXCEEDED`: the key has no credits left.
    UsageExceeded,
    /// `RATE_LIMITED`: a rate limit of the key is exceeded.
    RateLimited,
    /// `DISABLED`: the key is disabled.
    Disabled,
    /// `EXPIRED`: the key has expired.
    Expired,
    /// A code this version does not know, as sent.
    Unknown(String),
}

impl VerifyCode {
    /// The code as Unkey writes it, e.g. `RATE_LIMITED`.
    ///
    /// ```
    /// use unkey_errors::verify::VerifyCode;
    /// assert_eq!(VerifyCode::RateLimited.as_str(), "RATE_LIMITED");
    /// assert_eq!("SOMETHING_NEW".parse::<VerifyCode>().unwrap().as_str(), "SOMETHING_NEW");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Valid => "VALID",
            Self::NotFound => "NOT_FOUND",
            Self::Forbidden => "FORBIDDEN",
            Self::InsufficientPermissions => "INSUFFICIENT_PERMISSIONS",
            Self::UsageExceeded => "USAGE_EXCEEDED",
            Self::RateLimited => "RATE_LIMITED",
            Self::Disabled => "DISABLED",
            Self::Expired => "EXPIRED",
            Self::Unknown(code) => code,
        }
    }
}

impl fmt::Display for VerifyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VerifyCode {
    type Err = Infallible;

    /// The code of that name; any other is kept as [`VerifyCode::Unknown`].
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(match s {
            "VALID" => Self::Valid,
            "NOT_FOUND" => Self::NotFound,
            "FORBIDDEN" => Self::Forbidden,
            "INSUFFICIENT_PERMISSIONS" => Self::InsufficientPermissions,
            "USAGE_EXCEEDED" => Self::UsageExceeded,
            "RATE_LIMITED" => Self::RateLimited,
            "DISABLED" => Self::Disabled,
            "EXPIRED" => Self::Expired,
            other => Self::Unknown(other.to_owned()),
        })
    }
}

impl Serialize for VerifyCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for VerifyCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(code
            .parse()
            .unwrap_or_else(|never: Infallible| match never {}))
    }
}

/// One rate limit a verification checked: an entry of the response's `ratelimits`.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyRateLimit {
    #[serde(default)]
    id: String,
    name: String,
    limit: u64,
    remaining: u64,
    /// When the window resets, a Unix time in milliseconds.
    reset: u64,
    exceeded: bool,
    #[serde(default)]
    duration: u64,
    #[serde(default)]
    auto_apply: bool,
}

impl VerifyRateLimit {
    /// The rate limit's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Requests allowed per window.
    #[must_use]
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Requests left in this window.
    #[must_use]
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// When the window resets, as the API sends it: a Unix time (here the time since the Unix
    /// epoch; `UNIX_EPOCH + reset` where the platform's `SystemTime` can hold it).
    #[must_use]
    pub fn reset(&self) -> Duration {
        Duration::from_millis(self.reset)
    }

    /// Whether this verification exceeded it.
    #[must_use]
    pub fn exceeded(&self) -> bool {
        self.exceeded
    }

    /// The window's length.
    #[must_use]
    pub fn duration(&self) -> Duration {
        Duration::from_millis(self.duration)
    }

    /// Whether it applies to every verification of the key.
    #[must_use]
    pub fn auto_apply(&self) -> bool {
        self.auto_apply
    }
}

/// The `data` of a `keys.verifyKey` response (`V2KeysVerifyKeyResponseData` in Unkey's
/// `svc/api/openapi/gen.go`): whether the key is valid, why, the rate limits checked, and what
/// the key carries (credits, expiry, identity, meta, name, permissions, roles). Members it does
/// not define are ignored.
#[derive(Clone, PartialEq, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyVerification {
    valid: bool,
    code: VerifyCode,
    #[serde(default)]
    key_id: Option<String>,
    #[serde(default)]
    credits: Option<i64>,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    ratelimits: Vec<VerifyRateLimit>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    expires: Option<i64>,
    #[serde(default)]
    identity: Option<VerifyIdentity>,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    meta: Meta,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    permissions: Vec<String>,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    roles: Vec<String>,
}

/// The identity a verified key is linked to: the verification's `identity`.
#[derive(Clone, PartialEq, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyIdentity {
    #[serde(default)]
    id: String,
    external_id: String,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    meta: Meta,
}

impl VerifyIdentity {
    /// The identity's id in Unkey.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `externalId`: the id its owner gave it.
    #[must_use]
    pub fn external_id(&self) -> &str {
        &self.external_id
    }

    /// `meta` (empty when none was set).
    #[must_use]
    pub fn meta(&self) -> &Meta {
        &self.meta
    }
}

/// The numbers of the gateway's rate-limit headers for a verification
/// ([`KeyVerification::gateway_rate_limit`]): its most restrictive limit.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct GatewayRateLimit {
    limit: u64,
    remaining: u64,
    reset_at: Duration,
    exceeded: bool,
}

impl GatewayRateLimit {
    /// Writes `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (a Unix time in
    /// seconds) and, when the limit is exceeded, `Retry-After` (seconds to the reset from
    /// `now`, rounded up, at least 1), over any of the same names in `headers`.
    pub fn write_at(&self, headers: &mut HeaderMap, now: SystemTime) {
        crate::ratelimit::write_gateway(headers, self.limit, self.remaining, self.reset_at);
        if self.exceeded {
            let left = crate::util::until_unix_time(self.reset_at, now);
            let seconds = crate::util::seconds_up(left).max(1);
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
}

/// The whole response: only `data` is read.
#[derive(Deserialize)]
struct Response {
    data: KeyVerification,
}

impl KeyVerification {
    /// Reads a whole `keys.verifyKey` response body (`{"meta": ..., "data": {...}}`).
    ///
    /// # Errors
    ///
    /// `serde_json`'s error, naming where the body is not a verification.
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice::<Response>(body).map(|response| response.data)
    }

    /// Whether the key is valid.
    #[must_use]
    pub fn valid(&self) -> bool {
        self.valid
    }

    /// Whether the key is valid by both fields, `valid` and the code `VALID`, as the gateway
    /// reads it: a "valid" whose code says otherwise is not trusted. The one rule for a denial
    /// ([`gateway_error_at`](Self::gateway_error_at)) and a caller
    /// ([`Principal::from_verification`](crate::gateway::Principal::from_verification)).
    pub(crate) fn is_valid(&self) -> bool {
        self.valid && self.code == VerifyCode::Valid
    }

    /// Why.
    #[must_use]
    pub fn code(&self) -> &VerifyCode {
        &self.code
    }

    /// The key's id, when the key exists.
    #[must_use]
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    /// The key's credits left, when it has a limit.
    #[must_use]
    pub fn credits(&self) -> Option<i64> {
        self.credits
    }

    /// The rate limits checked.
    #[must_use]
    pub fn ratelimits(&self) -> &[VerifyRateLimit] {
        &self.ratelimits
    }

    /// `enabled`, when the response says it.
    #[must_use]
    pub fn enabled(&self) -> Option<bool> {
        self.enabled
    }

    /// `expires`: when the key expires, a Unix time in milliseconds; `None` when it does not.
    #[must_use]
    pub fn expires_at(&self) -> Option<i64> {
        self.expires
    }

    /// The identity the key is linked to, if any.
    #[must_use]
    pub fn identity(&self) -> Option<&VerifyIdentity> {
        self.identity.as_ref()
    }

    /// The key's `meta` (empty when none was set).
    #[must_use]
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The key's name, when it has one.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The key's permissions, when the response lists them (permissions were checked).
    #[must_use]
    pub fn permissions(&self) -> &[String] {
        &self.permissions
    }

    /// The key's roles, when the response lists them.
    #[must_use]
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// The rate limit the gateway shows the client: a denied one first, else the one with the
    /// lowest remaining (`findMostRestrictive` in the gateway's `headers.go`).
    #[must_use]
    pub fn most_restrictive(&self) -> Option<&VerifyRateLimit> {
        self.ratelimits
            .iter()
            .min_by_key(|limit| (!limit.exceeded, limit.remaining))
    }

    /// The gateway's rate-limit headers for the most restrictive limit, on a success and a
    /// denial alike: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (a
    /// Unix time in seconds) and, when that limit is exceeded, `Retry-After` (seconds to the
    /// reset from `now`, rounded up, at least 1). Empty without rate limits.
    ///
    /// ```
    /// use unkey_errors::verify::KeyVerification;
    /// let body = br#"{"data":{"valid":true,"code":"VALID","ratelimits":[
    ///     {"name":"a","limit":10,"remaining":7,"reset":1700000030000,"exceeded":false},
    ///     {"name":"b","limit":5,"remaining":2,"reset":1700000060000,"exceeded":false}]}}"#;
    /// let verification = KeyVerification::from_slice(body)?;
    /// let headers = verification.rate_limit_headers_at(std::time::SystemTime::now());
    /// assert_eq!(headers["x-ratelimit-remaining"], "2");
    /// assert!(headers.get("retry-after").is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn rate_limit_headers_at(&self, now: SystemTime) -> HeaderMap {
        let mut headers = HeaderMap::new();
        self.write_rate_limit_headers_at(&mut headers, now);
        headers
    }

    /// [`rate_limit_headers_at`](Self::rate_limit_headers_at), written into `headers` (a
    /// response's), over any of the same names there: no map of their own on the way.
    pub fn write_rate_limit_headers_at(&self, headers: &mut HeaderMap, now: SystemTime) {
        if let Some(limit) = self.gateway_rate_limit() {
            limit.write_at(headers, now);
        }
    }

    /// What the gateway's rate-limit headers say for this verification (the most restrictive
    /// limit's numbers), kept apart from it: a layer that hands the verification to the
    /// handler writes them on the response after. `None` without rate limits.
    #[must_use]
    pub fn gateway_rate_limit(&self) -> Option<GatewayRateLimit> {
        self.most_restrictive().map(|limit| GatewayRateLimit {
            limit: limit.limit,
            remaining: limit.remaining,
            reset_at: Duration::from_millis(limit.reset),
            exceeded: limit.exceeded,
        })
    }

    /// [`rate_limit_headers_at`](Self::rate_limit_headers_at) now: the headers for a valid
    /// verification's success response.
    #[must_use]
    pub fn rate_limit_headers(&self) -> HeaderMap {
        self.rate_limit_headers_at(SystemTime::now())
    }

    /// What Unkey's gateway answers for this verification, with its rate-limit headers;
    /// `None` when the key is valid. See [`gateway_error_at`](Self::gateway_error_at).
    #[must_use]
    pub fn gateway_error(&self) -> Option<GatewayError> {
        self.gateway_error_at(SystemTime::now())
    }

    /// What Unkey's gateway answers for this verification, `Retry-After` counted from `now`;
    /// `None` when the key is valid:
    ///
    /// | code | answer |
    /// |---|---|
    /// | `INSUFFICIENT_PERMISSIONS` | 403 `frontline/client/insufficient_permissions` |
    /// | `RATE_LIMITED` | 429 `frontline/client/rate_limited` |
    /// | `USAGE_EXCEEDED` | 429 `frontline/client/usage_exceeded` |
    /// | any other (`NOT_FOUND`, `DISABLED`, `EXPIRED`, `FORBIDDEN`, unknown) | 401 `frontline/client/invalid_key` |
    ///
    /// each with the gateway's public message, and the headers of
    /// [`rate_limit_headers_at`](Self::rate_limit_headers_at) (`svc/frontline/internal/policies/keyauth/executor.go`).
    #[must_use]
    pub fn gateway_error_at(&self, now: SystemTime) -> Option<GatewayError> {
        if self.is_valid() {
            return None;
        }
        let code = match &self.code {
            VerifyCode::InsufficientPermissions => ErrorCode::ClientInsufficientPermissions,
            VerifyCode::RateLimited => ErrorCode::ClientRateLimited,
            VerifyCode::UsageExceeded => ErrorCode::ClientUsageExceeded,
            _ => ErrorCode::ClientInvalidKey,
        };
        let mut error = GatewayError::new(code);
        self.write_rate_limit_headers_at(error.headers_mut(), now);
        Some(error)
    }
}

/// The gateway's answer to a request that carries no key: 401
/// `frontline/client/missing_credentials`, "Authentication required. Please provide a valid
/// API key."
///
/// ```
/// use unkey_errors::{assert_problem, verify, ErrorCode};
/// assert_problem!(verify::missing_credentials(), ErrorCode::ClientMissingCredentials, status = 401);
/// ```
#[must_use]
pub fn missing_credentials() -> GatewayError {
    GatewayError::new(ErrorCode::ClientMissingCredentials)
}
