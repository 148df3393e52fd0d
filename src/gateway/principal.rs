//! [`Principal`]: the verified caller Unkey's gateway hands to the service behind it, as the
//! JSON header `X-Unkey-Principal` (`svc/frontline/internal/policies/principal/principal.go`
//! in Unkey's repository: the struct tags there are the wire contract).

use std::fmt::{self, Write as _};

use http::HeaderName;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::error::go_escape_into;
use super::GatewayError;
use crate::verify::KeyVerification;
use crate::ErrorCode;

/// `x-unkey-principal`, the header the gateway hands the verified caller on in. The gateway
/// removes every `X-Unkey-*` header a client sent before it sets its own
/// (`svc/frontline/middleware/sanitize_headers.go`).
pub const PRINCIPAL_HEADER: HeaderName = HeaderName::from_static("x-unkey-principal");

/// The version of the principal's schema the gateway writes today, `v1`.
pub const PRINCIPAL_VERSION: &str = "v1";

/// JSON metadata: an object of any values (the key's and the identity's `meta`).
pub type Meta = Map<String, Value>;

/// The verified caller, as Unkey's gateway hands it to the service behind it in the header
/// `X-Unkey-Principal` ([`PRINCIPAL_HEADER`]), or as a key verified in process gives it
/// ([`Principal::from_verification`]): one type for a handler to read either way.
///
/// Read with [`from_slice`](Self::from_slice) (members it does not define are ignored, a
/// type it does not know is kept) and written with [`to_json_string`](Self::to_json_string)
/// byte for byte as the gateway writes it (Go's `encoding/json`: the declared member order,
/// empty options left out, `meta` keys sorted, `<`, `>` and `&` escaped).
///
/// **Trust**: the header says who the caller is only when the gateway set it, that is when the
/// service can be reached through the gateway alone. A service reachable any other way (a
/// public address, a port open to other tenants) must not read it: anyone could send one.
///
/// ```
/// use unkey_errors::gateway::{Principal, PrincipalType};
///
/// let header = br#"{"version":"v1","subject":"user_42","type":"API_KEY","identity":{"externalId":"user_42","meta":{"plan":"pro"}},"source":{"key":{"keyId":"key_1","keySpaceId":"ks_1","meta":{},"permissions":["docs.read"]}}}"#;
/// let principal = Principal::from_slice(header)?;
/// assert_eq!(principal.subject(), "user_42");
/// assert_eq!(principal.principal_type(), &PrincipalType::ApiKey);
/// assert_eq!(principal.identity().unwrap().meta()["plan"], "pro");
/// let key = principal.key().unwrap();
/// assert_eq!((key.key_id(), key.permissions()), ("key_1", &["docs.read".to_owned()][..]));
/// assert_eq!(principal.to_json_string().as_bytes(), header);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    version: String,
    subject: String,
    kind: PrincipalType,
    identity: Option<Identity>,
    key: Option<KeySource>,
    jwt: Option<JwtSource>,
}

/// Which method verified the caller: the principal's `type`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PrincipalType {
    /// `API_KEY`: an Unkey key ([`Principal::key`]).
    ApiKey,
    /// `JWT`: a JSON Web Token ([`Principal::jwt`]).
    Jwt,
    /// A type this version does not know, as sent.
    Unknown(String),
}

impl PrincipalType {
    /// The type as the gateway writes it, e.g. `API_KEY`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::ApiKey => "API_KEY",
            Self::Jwt => "JWT",
            Self::Unknown(other) => other,
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "API_KEY" => Self::ApiKey,
            "JWT" => Self::Jwt,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl fmt::Display for PrincipalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Unkey identity a credential is linked to: the principal's `identity`.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    external_id: String,
    meta: Meta,
}

impl Identity {
    /// An identity of this external id and metadata.
    #[must_use]
    pub fn new(external_id: impl Into<String>, meta: Meta) -> Self {
        Self {
            external_id: external_id.into(),
            meta,
        }
    }

    /// `externalId`: the id the identity was given by its owner.
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

/// The verified key: the principal's `source.key`.
#[derive(Clone, Debug, PartialEq)]
pub struct KeySource {
    key_id: String,
    key_space_id: String,
    name: Option<String>,
    expires_at: Option<i64>,
    credits: Option<i64>,
    meta: Meta,
    roles: Vec<String>,
    permissions: Vec<String>,
}

impl KeySource {
    /// `keyId`.
    #[must_use]
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// `keySpaceId`: the key space the key belongs to (empty for a principal made from a
    /// verification, which does not say it, until [`Principal::with_key_space_id`]).
    #[must_use]
    pub fn key_space_id(&self) -> &str {
        &self.key_space_id
    }

    /// `name`, when the key has one.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `expiresAt`: when the key expires, a Unix time in milliseconds; `None` when it does not.
    #[must_use]
    pub fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// `credits`: left after this request; `None` for a key with unlimited credits.
    #[must_use]
    pub fn credits(&self) -> Option<i64> {
        self.credits
    }

    /// `meta` (empty when none was set).
    #[must_use]
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// `roles` (empty when none).
    #[must_use]
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// `permissions` (empty when none).
    #[must_use]
    pub fn permissions(&self) -> &[String] {
        &self.permissions
    }
}

/// The verified token: the principal's `source.jwt`, its claims as sent.
#[derive(Clone, Debug, PartialEq)]
pub struct JwtSource {
    header: Meta,
    payload: Meta,
    signature: String,
}

impl JwtSource {
    /// The token's decoded header (`alg`, `typ`, `kid`, ...).
    #[must_use]
    pub fn header(&self) -> &Meta {
        &self.header
    }

    /// The token's decoded payload, every claim as sent.
    #[must_use]
    pub fn payload(&self) -> &Meta {
        &self.payload
    }

    /// The token's signature segment, as sent (the gateway verified it).
    #[must_use]
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

impl Principal {
    /// Reads the header's JSON.
    ///
    /// # Errors
    ///
    /// `serde_json`'s error, saying what is wrong and where: not the gateway's shape, or a
    /// type `API_KEY` without `source.key` (`JWT` without `source.jwt`).
    pub fn from_slice(json: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(json)
    }

    /// The principal the gateway set on a request: its one `X-Unkey-Principal` header, read.
    ///
    /// # Errors
    ///
    /// The gateway's answer to a request without a credential (401
    /// `frontline/client/missing_credentials`) when there is no such header, and to an invalid
    /// one (401 `frontline/client/invalid_key`) when there are two or it is not a principal.
    /// The header's value is never part of the answer. Only trust the header when the service
    /// can be reached through the gateway alone (see [`Principal`]).
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use unkey_errors::gateway::{Principal, PRINCIPAL_HEADER};
    /// use unkey_errors::ErrorCode;
    /// let mut headers = HeaderMap::new();
    /// assert_eq!(Principal::from_request_headers(&headers).unwrap_err().code(), Some(ErrorCode::ClientMissingCredentials));
    /// headers.insert(PRINCIPAL_HEADER, HeaderValue::from_static("{not json"));
    /// assert_eq!(Principal::from_request_headers(&headers).unwrap_err().code(), Some(ErrorCode::ClientInvalidKey));
    /// ```
    pub fn from_request_headers(headers: &http::HeaderMap) -> Result<Self, GatewayError> {
        Self::from_header_values(
            headers
                .get_all(PRINCIPAL_HEADER)
                .iter()
                .map(http::HeaderValue::as_bytes),
        )
    }

    /// The caller of a request as the framework extractors read it: a `Principal` a layer put
    /// in the request's extensions, else one made from a `KeyVerification` there (a key
    /// verified in process: made only when a handler asks), else the gateway's header.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn of_request<'a>(
        principal: Option<&Principal>,
        verification: Option<&KeyVerification>,
        header_values: impl Iterator<Item = &'a [u8]>,
    ) -> Result<Self, GatewayError> {
        if let Some(principal) = principal {
            return Ok(principal.clone());
        }
        if let Some(verification) = verification {
            return Self::from_verification(verification)
                .ok_or_else(|| GatewayError::new(ErrorCode::ClientInvalidKey));
        }
        Self::from_header_values(header_values)
    }

    /// [`from_request_headers`](Self::from_request_headers) from the values of the request's
    /// `X-Unkey-Principal` headers.
    pub(crate) fn from_header_values<'a>(
        mut values: impl Iterator<Item = &'a [u8]>,
    ) -> Result<Self, GatewayError> {
        let Some(value) = values.next() else {
            return Err(GatewayError::new(ErrorCode::ClientMissingCredentials));
        };
        if values.next().is_some() {
            return Err(GatewayError::new(ErrorCode::ClientInvalidKey));
        }
        Self::from_slice(value).map_err(|_| GatewayError::new(ErrorCode::ClientInvalidKey))
    }

    /// The principal of a valid key verified in process, as the gateway makes it
    /// (`KeyPrincipalFromVerifier`): the subject is the identity's external id when the key has
    /// an identity, else the key id. `None` when the key is not valid (`valid` true and code
    /// `VALID`, as [`KeyVerification::gateway_error`] reads it) or the verification names no
    /// key id. The key space id is empty: see [`with_key_space_id`](Self::with_key_space_id).
    ///
    /// ```
    /// use unkey_errors::gateway::Principal;
    /// use unkey_errors::verify::KeyVerification;
    /// let body = br#"{"data":{"valid":true,"code":"VALID","keyId":"key_1","credits":9,
    ///     "identity":{"id":"id_1","externalId":"user_42","meta":{}},"roles":["admin"]}}"#;
    /// let principal = Principal::from_verification(&KeyVerification::from_slice(body)?).unwrap();
    /// assert_eq!(principal.subject(), "user_42");
    /// assert_eq!(principal.key().unwrap().credits(), Some(9));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn from_verification(verification: &KeyVerification) -> Option<Self> {
        if !verification.is_valid() {
            return None;
        }
        let key_id = verification.key_id()?.to_owned();
        let identity = verification
            .identity()
            .filter(|identity| !identity.external_id().is_empty())
            .map(|identity| Identity::new(identity.external_id(), identity.meta().clone()));
        let subject = identity
            .as_ref()
            .map_or_else(|| key_id.clone(), |identity| identity.external_id.clone());
        Some(Self {
            version: PRINCIPAL_VERSION.to_owned(),
            subject,
            kind: PrincipalType::ApiKey,
            identity,
            key: Some(KeySource {
                key_id,
                key_space_id: String::new(),
                name: verification.name().map(str::to_owned),
                expires_at: verification.expires_at(),
                credits: verification.credits(),
                meta: verification.meta().clone(),
                roles: verification.roles().to_vec(),
                permissions: verification.permissions().to_vec(),
            }),
            jwt: None,
        })
    }

    /// The same principal with the key space its key belongs to.
    #[must_use]
    pub fn with_key_space_id(mut self, key_space_id: impl Into<String>) -> Self {
        if let Some(key) = &mut self.key {
            key.key_space_id = key_space_id.into();
        }
        self
    }

    /// `version`: the schema's version, `v1` today ([`PRINCIPAL_VERSION`]).
    #[must_use]
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `subject`: who the caller is, the identity's external id for a key linked to one, else
    /// the key id; a token's subject claim.
    #[must_use]
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// `type`.
    #[must_use]
    pub fn principal_type(&self) -> &PrincipalType {
        &self.kind
    }

    /// `identity`, when the credential is linked to one.
    #[must_use]
    pub fn identity(&self) -> Option<&Identity> {
        self.identity.as_ref()
    }

    /// `source.key`, for a principal of type `API_KEY`.
    #[must_use]
    pub fn key(&self) -> Option<&KeySource> {
        self.key.as_ref()
    }

    /// `source.jwt`, for a principal of type `JWT`.
    #[must_use]
    pub fn jwt(&self) -> Option<&JwtSource> {
        self.jwt.as_ref()
    }

    /// The JSON the gateway writes in the header, byte for byte.
    #[must_use]
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str(r#"{"version":"#);
        string(&mut out, &self.version);
        out.push_str(r#","subject":"#);
        string(&mut out, &self.subject);
        out.push_str(r#","type":"#);
        string(&mut out, self.kind.as_str());
        if let Some(identity) = &self.identity {
            out.push_str(r#","identity":{"externalId":"#);
            string(&mut out, &identity.external_id);
            out.push_str(r#","meta":"#);
            object(&mut out, &identity.meta);
            out.push('}');
        }
        out.push_str(r#","source":{"#);
        if let Some(key) = &self.key {
            out.push_str(r#""key":{"keyId":"#);
            string(&mut out, &key.key_id);
            out.push_str(r#","keySpaceId":"#);
            string(&mut out, &key.key_space_id);
            if let Some(name) = &key.name {
                out.push_str(r#","name":"#);
                string(&mut out, name);
            }
            if let Some(expires_at) = key.expires_at {
                let _ = write!(out, r#","expiresAt":{expires_at}"#);
            }
            if let Some(credits) = key.credits {
                let _ = write!(out, r#","credits":{credits}"#);
            }
            out.push_str(r#","meta":"#);
            object(&mut out, &key.meta);
            for (name, list) in [("roles", &key.roles), ("permissions", &key.permissions)] {
                if !list.is_empty() {
                    let _ = write!(out, r#","{name}":["#);
                    for (i, item) in list.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        string(&mut out, item);
                    }
                    out.push(']');
                }
            }
            out.push('}');
        }
        if let Some(jwt) = &self.jwt {
            if self.key.is_some() {
                out.push(',');
            }
            out.push_str(r#""jwt":{"header":"#);
            object(&mut out, &jwt.header);
            out.push_str(r#","payload":"#);
            object(&mut out, &jwt.payload);
            out.push_str(r#","signature":"#);
            string(&mut out, &jwt.signature);
            out.push('}');
        }
        out.push_str("}}");
        out
    }
}

/// A JSON string as Go writes it.
fn string(out: &mut String, s: &str) {
    out.push('"');
    go_escape_into(out, s);
    out.push('"');
}

/// A JSON object as Go writes a `map[string]any`: keys sorted, at every depth.
fn object(out: &mut String, map: &Meta) {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (i, (name, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, name);
        out.push(':');
        go_value(out, value);
    }
    out.push('}');
}

/// A JSON value as Go's `encoding/json` writes what it read into `any`: numbers are
/// `float64` there, written in Go's shortest form (`1e+21`, `1.5e-7`, `100`).
fn go_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::String(s) => string(out, s),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => out.push_str(&u.to_string()),
            (None, Some(i), _) => out.push_str(&i.to_string()),
            (None, None, Some(f)) => out.push_str(&go_float(f)),
            (None, None, None) => out.push_str(&n.to_string()),
        },
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => object(out, map),
    }
}

/// A `float64` as Go's `encoding/json` writes it: shortest digits, plain notation from 1e-6 up
/// to 1e21, else an exponent with its sign (`1e+21`, `1.5e-7`).
fn go_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let text = format!("{f:e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        }
    } else {
        format!("{f}")
    }
}

impl Serialize for Principal {
    /// The principal as [`to_json_string`](Principal::to_json_string) writes it (through the
    /// serializer, so its escaping is the serializer's).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: Value = serde_json::from_str(&self.to_json_string()).map_err(|err| {
            serde::ser::Error::custom(format!("invariant: the principal writes JSON: {err}"))
        })?;
        value.serialize(serializer)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    version: String,
    subject: String,
    #[serde(rename = "type")]
    principal_type: String,
    #[serde(default)]
    identity: Option<WireIdentity>,
    source: WireSource,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireIdentity {
    external_id: String,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    meta: Meta,
}

#[derive(Deserialize)]
struct WireSource {
    #[serde(default)]
    key: Option<WireKey>,
    #[serde(default)]
    jwt: Option<WireJwt>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireKey {
    key_id: String,
    key_space_id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    expires_at: Option<i64>,
    #[serde(default)]
    credits: Option<i64>,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    meta: Meta,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    roles: Vec<String>,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    permissions: Vec<String>,
}

#[derive(Deserialize)]
struct WireJwt {
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    header: Meta,
    #[serde(default, deserialize_with = "crate::util::null_as_default")]
    payload: Meta,
    signature: String,
}

impl<'de> Deserialize<'de> for Principal {
    /// Reads the header's JSON as [`Principal::from_slice`] does.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let principal_type = PrincipalType::parse(&wire.principal_type);
        match principal_type {
            PrincipalType::ApiKey if wire.source.key.is_none() => {
                return Err(D::Error::custom(
                    "a principal of type API_KEY without source.key",
                ))
            }
            PrincipalType::Jwt if wire.source.jwt.is_none() => {
                return Err(D::Error::custom(
                    "a principal of type JWT without source.jwt",
                ))
            }
            _ => {}
        }
        Ok(Self {
            version: wire.version,
            subject: wire.subject,
            kind: principal_type,
            identity: wire.identity.map(|identity| Identity {
                external_id: identity.external_id,
                meta: identity.meta,
            }),
            key: wire.source.key.map(|key| KeySource {
                key_id: key.key_id,
                key_space_id: key.key_space_id,
                name: key.name,
                expires_at: key.expires_at,
                credits: key.credits,
                meta: key.meta,
                roles: key.roles,
                permissions: key.permissions,
            }),
            jwt: wire.source.jwt.map(|jwt| JwtSource {
                header: jwt.header,
                payload: jwt.payload,
                signature: jwt.signature,
            }),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{go_float, Principal};

    #[test]
    fn floats_are_written_as_go_writes_them() {
        let cases = [
            (1.5, "1.5"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (1e20, "100000000000000000000"),
            (0.000_001, "0.000001"),
            (-2.5e22, "-2.5e+22"),
        ];
        for (f, text) in cases {
            assert_eq!(go_float(f), text, "{f}");
        }
    }

    #[test]
    fn a_jwt_principal_round_trips_byte_for_byte() {
        // As Go writes it: meta keys sorted at every depth, HTML characters escaped.
        let header = r#"{"version":"v1","subject":"auth0|1","type":"JWT","source":{"jwt":{"header":{"alg":"RS256","kid":"k1","typ":"JWT"},"payload":{"aud":["a","b"],"exp":1700000000,"nested":{"a":1.5,"z":null},"note":"\u003cb\u003e \u0026","sub":"auth0|1"},"signature":"c2ln"}}}"#;
        let principal = Principal::from_slice(header.as_bytes()).unwrap();
        assert_eq!(principal.jwt().unwrap().payload()["note"], "<b> &");
        assert_eq!(principal.to_json_string(), header);
    }

    #[test]
    fn a_type_without_its_source_is_refused() {
        let err = Principal::from_slice(
            br#"{"version":"v1","subject":"s","type":"API_KEY","source":{}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("without source.key"), "{err}");
        // An unknown type is kept, whatever its source.
        let other = Principal::from_slice(
            br#"{"version":"v1","subject":"s","type":"MTLS","source":{"mtls":{}}}"#,
        )
        .unwrap();
        assert_eq!(other.principal_type().as_str(), "MTLS");
    }
}
