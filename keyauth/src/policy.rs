//! The policy: where the key is, what the verification asks for, and what its result means
//! (`svc/frontline/internal/policies/keyauth/` in Unkey's repository: `keyextract.go`,
//! `executor.go`).

use std::time::SystemTime;

use http::header::InvalidHeaderName;
use http::{HeaderMap, HeaderName};
use serde::Serialize;
use unkey_errors::gateway::GatewayError;
#[cfg(doc)]
use unkey_errors::gateway::Principal;
use unkey_errors::verify::KeyVerification;

use crate::verifier::VerifyError;

/// Where a request carries its key.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyLocation {
    /// `Authorization: Bearer <key>`, the scheme in any case (the default).
    Bearer,
    /// A header of this name, with `strip_prefix` (compared in any case) taken off the front;
    /// a value without the prefix carries no key.
    Header {
        /// The header's name.
        name: HeaderName,
        /// What comes before the key, if anything (e.g. `"Key "`).
        strip_prefix: Option<String>,
    },
    /// A query parameter of this name.
    Query(String),
}

impl KeyLocation {
    /// A header of this name (any case; `X-API-Key` is `x-api-key`), its whole value the key.
    ///
    /// # Errors
    ///
    /// `name` is not a header name (a space, a colon, ...).
    ///
    /// ```
    /// use unkey_keyauth::{KeyAuth, KeyLocation};
    /// let policy = KeyAuth::new().locations([
    ///     KeyLocation::header("X-API-Key")?,
    ///     KeyLocation::header_with_prefix("Authorization", "Key ")?,
    ///     KeyLocation::query("api_key"),
    /// ]);
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("authorization", "key sk_1".parse().unwrap());
    /// assert_eq!(policy.find_key(&headers, None).as_deref(), Some("sk_1"));
    /// assert!(KeyLocation::header("x api key").is_err());
    /// # Ok::<(), http::header::InvalidHeaderName>(())
    /// ```
    pub fn header(name: &str) -> Result<Self, InvalidHeaderName> {
        Ok(Self::Header {
            name: HeaderName::from_bytes(name.as_bytes())?,
            strip_prefix: None,
        })
    }

    /// A header of this name (any case) whose value is `prefix` (compared in any case) then the
    /// key; a value without the prefix carries no key.
    ///
    /// # Errors
    ///
    /// `name` is not a header name.
    pub fn header_with_prefix(
        name: &str,
        prefix: impl Into<String>,
    ) -> Result<Self, InvalidHeaderName> {
        Ok(Self::Header {
            name: HeaderName::from_bytes(name.as_bytes())?,
            strip_prefix: Some(prefix.into()),
        })
    }

    /// A query parameter of this name.
    #[must_use]
    pub fn query(name: impl Into<String>) -> Self {
        Self::Query(name.into())
    }

    /// The key at this location, if the request has a non-empty one; `header` gives a
    /// header's first value as text.
    fn find<'a>(
        &self,
        header: &impl Fn(&HeaderName) -> Option<&'a str>,
        query: Option<&'a str>,
    ) -> Option<String> {
        let header = |name: &HeaderName| header(name).filter(|value| !value.is_empty());
        let found = match self {
            Self::Bearer => {
                strip_prefix_ignoring_case(header(&http::header::AUTHORIZATION)?, "Bearer ")?
                    .to_owned()
            }
            Self::Header { name, strip_prefix } => {
                let value = header(name)?;
                match strip_prefix.as_deref().filter(|prefix| !prefix.is_empty()) {
                    Some(prefix) => strip_prefix_ignoring_case(value, prefix)?.to_owned(),
                    None => value.to_owned(),
                }
            }
            Self::Query(name) => form_urlencoded::parse(query?.as_bytes())
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())?,
        };
        (!found.is_empty()).then_some(found)
    }
}

/// `value` without `prefix`, compared in any case, when `value` is longer than it (the
/// gateway's rule: a prefix alone carries no key).
fn strip_prefix_ignoring_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    (value.len() > prefix.len() && head.eq_ignore_ascii_case(prefix))
        .then(|| value.get(prefix.len()..))
        .flatten()
}

/// One rate limit a verification checks: an entry of the request's `ratelimits`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RateLimitCheck {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
    /// The window, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u64>,
}

impl RateLimitCheck {
    /// The key's (or its identity's) rate limit of this name, at its configured cost.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            cost: None,
            limit: None,
            duration: None,
        }
    }

    /// The same check costing `cost` (1 by default, on Unkey's side).
    #[must_use]
    pub fn cost(mut self, cost: u64) -> Self {
        self.cost = Some(cost);
        self
    }

    /// The same check with this limit per `window` (a rate limit the key does not carry).
    #[must_use]
    pub fn limit(mut self, limit: u64, window: std::time::Duration) -> Self {
        self.limit = Some(limit);
        self.duration = Some(u64::try_from(window.as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// The body of `POST /v2/keys.verifyKey` (`V2KeysVerifyKeyRequestBody` in Unkey's
/// `svc/api/openapi/gen.go`): the key and what the verification checks. Its `Debug` never
/// shows the key.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct VerifyRequest {
    key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credits: Option<Credits>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ratelimits: Vec<RateLimitCheck>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
struct Credits {
    cost: u64,
}

impl std::fmt::Debug for VerifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyRequest")
            .field("key", &"<redacted>")
            .field("permissions", &self.permissions)
            .field("credits", &self.credits.map(|credits| credits.cost))
            .field("ratelimits", &self.ratelimits)
            .field("tags", &self.tags)
            .finish()
    }
}

impl VerifyRequest {
    /// The key to verify.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The permission query (`a.read AND b.write`), if any.
    #[must_use]
    pub fn permissions(&self) -> Option<&str> {
        self.permissions.as_deref()
    }

    /// The credits this verification costs, if set (Unkey's default is 1).
    #[must_use]
    pub fn credits_cost(&self) -> Option<u64> {
        self.credits.map(|credits| credits.cost)
    }

    /// The rate limits checked.
    #[must_use]
    pub fn ratelimits(&self) -> &[RateLimitCheck] {
        &self.ratelimits
    }

    /// The tags recorded with the verification.
    #[must_use]
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The JSON body the API takes.
    ///
    /// # Panics
    ///
    /// Never: it holds strings and numbers only, which always serialize.
    #[must_use]
    pub fn to_json_vec(&self) -> Vec<u8> {
        #[allow(clippy::expect_used)]
        serde_json::to_vec(self).expect("invariant: strings and numbers always serialize")
    }
}

/// The key policy: where the key is looked for, in order, and what each verification asks.
///
/// ```
/// use unkey_keyauth::{KeyAuth, KeyLocation};
/// let policy = KeyAuth::new()
///     .location(KeyLocation::query("api_key"))
///     .permissions("documents.read")
///     .credits_cost(2);
/// let mut headers = http::HeaderMap::new();
/// headers.insert("authorization", "bearer sk_123".parse().unwrap());
/// let request = policy.request(&headers, Some("api_key=sk_query")).unwrap();
/// assert_eq!(request.key(), "sk_123"); // Bearer first, then the query
/// assert_eq!(request.permissions(), Some("documents.read"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAuth {
    locations: Vec<KeyLocation>,
    permissions: Option<String>,
    credits_cost: Option<u64>,
    ratelimits: Vec<RateLimitCheck>,
    tags: Vec<String>,
}

impl Default for KeyAuth {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyAuth {
    /// The gateway's default policy: the key in `Authorization: Bearer`, verified with the
    /// key's own settings (credits cost 1, its auto-applied rate limits).
    #[must_use]
    pub fn new() -> Self {
        Self {
            locations: vec![KeyLocation::Bearer],
            permissions: None,
            credits_cost: None,
            ratelimits: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// Also looks for the key at `location`, after the ones before (the first non-empty wins).
    #[must_use]
    pub fn location(mut self, location: KeyLocation) -> Self {
        self.locations.push(location);
        self
    }

    /// Looks for the key at these locations only, in this order.
    #[must_use]
    pub fn locations(mut self, locations: impl IntoIterator<Item = KeyLocation>) -> Self {
        self.locations = locations.into_iter().collect();
        self
    }

    /// Requires the permissions this query names (`documents.read AND documents.write`).
    #[must_use]
    pub fn permissions(mut self, query: impl Into<String>) -> Self {
        self.permissions = Some(query.into());
        self
    }

    /// Each verification costs `cost` credits.
    #[must_use]
    pub fn credits_cost(mut self, cost: u64) -> Self {
        self.credits_cost = Some(cost);
        self
    }

    /// Also checks this rate limit.
    #[must_use]
    pub fn ratelimit(mut self, check: RateLimitCheck) -> Self {
        self.ratelimits.push(check);
        self
    }

    /// Records these tags with each verification.
    #[must_use]
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// The key a request carries (from its headers and query string), at the first location
    /// that has a non-empty one.
    #[must_use]
    pub fn find_key(&self, headers: &HeaderMap, query: Option<&str>) -> Option<String> {
        self.find_key_with(&header_text(headers), query)
    }

    /// [`find_key`](Self::find_key) with `header` giving a header's first value as text (for
    /// a framework whose header map is not `http` 1's).
    pub(crate) fn find_key_with<'a>(
        &self,
        header: &impl Fn(&HeaderName) -> Option<&'a str>,
        query: Option<&'a str>,
    ) -> Option<String> {
        self.locations
            .iter()
            .find_map(|location| location.find(header, query))
    }

    /// The verification a request asks for; `None` when it carries no key, which the gateway
    /// answers with [`missing_credentials`](unkey_errors::verify::missing_credentials) and no
    /// call to Unkey.
    #[must_use]
    pub fn request(&self, headers: &HeaderMap, query: Option<&str>) -> Option<VerifyRequest> {
        self.request_with(&header_text(headers), query)
    }

    /// [`request`](Self::request) with `header` giving a header's first value as text (for a
    /// framework whose header map is not `http` 1's).
    pub(crate) fn request_with<'a>(
        &self,
        header: &impl Fn(&HeaderName) -> Option<&'a str>,
        query: Option<&'a str>,
    ) -> Option<VerifyRequest> {
        let key = self.find_key_with(header, query)?;
        Some(VerifyRequest {
            key,
            permissions: self.permissions.clone(),
            credits: self.credits_cost.map(|cost| Credits { cost }),
            ratelimits: self.ratelimits.clone(),
            tags: self.tags.clone(),
        })
    }
}

/// A header's first value as text, from `http` 1's map: what the key locations read.
pub(crate) fn header_text<'h>(headers: &'h HeaderMap) -> impl Fn(&HeaderName) -> Option<&'h str> {
    |name| headers.get(name).and_then(|value| value.to_str().ok())
}

/// What a verification's result means for the request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Decision {
    /// The key is valid: the whole verification, from which the caller is made
    /// ([`Principal::from_verification`]: the `Principal` extractors of `unkey-errors` make it
    /// from the request's extensions when a handler asks), and the gateway's rate-limit headers
    /// go on the response ([`KeyVerification::write_rate_limit_headers_at`]).
    Allow(Box<KeyVerification>),
    /// The request is answered with this, and the handler is not called: a denied key (the
    /// gateway's answer, with its headers), or Unkey failing (the gateway's own 500, its cause
    /// reported where it is answered). A failure never allows.
    Deny(Box<GatewayError>),
}

/// The decision for a verification's result, rate-limit times counted from `now`: a valid
/// verification that names no key (no principal can be made of it) is a failure too.
#[must_use]
pub fn decide(result: Result<KeyVerification, VerifyError>, now: SystemTime) -> Decision {
    let verification = match result {
        Ok(verification) => verification,
        Err(err) => return Decision::Deny(Box::new(GatewayError::internal_owned(err))),
    };
    if let Some(denied) = verification.gateway_error_at(now) {
        return Decision::Deny(Box::new(denied));
    }
    if verification.key_id().is_none() {
        let err = VerifyError::InvalidResponse("a valid verification without a keyId".to_owned());
        return Decision::Deny(Box::new(GatewayError::internal_owned(err)));
    }
    Decision::Allow(Box::new(verification))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use http::{HeaderMap, HeaderName};

    use super::{KeyAuth, KeyLocation};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn keys_are_found_as_the_gateway_finds_them() {
        let bearer = KeyAuth::new();
        // The scheme in any case; nothing after it, or another scheme, is no key.
        for (value, key) in [
            ("Bearer sk_1", Some("sk_1")),
            ("bEARER sk_1", Some("sk_1")),
            ("Bearer ", None),
            ("Basic sk_1", None),
            ("sk_1", None),
        ] {
            let found = bearer.find_key(&headers(&[("authorization", value)]), None);
            assert_eq!(found.as_deref(), key, "{value:?}");
        }
        let header = KeyLocation::header_with_prefix("X-Api-Key", "Key ").unwrap();
        assert_eq!(
            header,
            KeyLocation::Header {
                name: HeaderName::from_static("x-api-key"),
                strip_prefix: Some("Key ".to_owned()),
            }
        );
        let policy = KeyAuth::new().locations([header, KeyLocation::query("api_key")]);
        let found = |pairs: &[(&str, &str)], query| policy.find_key(&headers(pairs), query);
        assert_eq!(
            found(&[("x-api-key", "key sk_h")], None).as_deref(),
            Some("sk_h")
        );
        // Without its prefix the header carries no key; the query is tried next.
        assert_eq!(
            found(&[("x-api-key", "sk_h")], Some("a=1&api_key=sk%20q")).as_deref(),
            Some("sk q")
        );
        // Bearer is not among these locations.
        assert_eq!(found(&[("authorization", "Bearer sk_1")], None), None);
        assert_eq!(found(&[], Some("api_key=")), None);
    }
}
