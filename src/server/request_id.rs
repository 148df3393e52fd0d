//! [`RequestId`]: a request id that is safe in a response header, generated in Unkey's format
//! or checked when taken from a request.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use http::HeaderValue;

/// The longest request id [`RequestId::parse`] accepts, in bytes.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// A request id that can go into a response header as it is.
///
/// The rule: 1 to 128 bytes of ASCII letters, digits and `-`, `_`, `.`, `:`, `~`. That covers
/// Unkey's ids (`req_` and letters and digits), UUIDs and the ids of common proxies, and
/// excludes everything that could break or inject a header: CR, LF, NUL and other control
/// bytes, spaces, quotes, commas, non-ASCII. An id from a request that breaks the rule is not
/// repaired (a repaired id would no longer match the caller's logs); a middleware uses a fresh
/// [`RequestId::generate`] instead.
///
/// In a JSON body any string is safe: [`Problem`](crate::Problem) escapes it.
///
/// ```
/// use unkey_errors::{ErrorCode, Problem, server::RequestId};
///
/// let id: RequestId = "req_2c9a0jf23l4k567".parse()?;
/// assert_eq!(id.header_value(), "req_2c9a0jf23l4k567");
/// assert!("req_1\r\nset-cookie: x".parse::<RequestId>().is_err());
///
/// let fresh = RequestId::generate();
/// assert!(fresh.as_str().starts_with("req_"));
/// let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no").with_request_id(fresh);
/// # Ok::<(), unkey_errors::server::InvalidRequestId>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct RequestId(Cow<'static, str>);

/// Why a string is not a [`RequestId`].
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRequestId {
    /// The string is empty.
    #[error("invalid request id: empty")]
    Empty,
    /// The string is longer than [`MAX_REQUEST_ID_LEN`].
    #[error("invalid request id: {len} bytes, at most 128 allowed")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The string holds a byte outside the rule.
    #[error("invalid request id: byte 0x{byte:02x} at offset {offset}, allowed are ASCII letters, digits and - _ . : ~")]
    Byte {
        /// The first byte outside the rule.
        byte: u8,
        /// Its offset in the string.
        offset: usize,
    },
}

fn allowed(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b':' | b'~')
}

impl RequestId {
    /// Checks `id` against the rule (see [`RequestId`]).
    ///
    /// # Errors
    ///
    /// [`InvalidRequestId`] saying what breaks the rule, and where.
    ///
    /// ```
    /// use unkey_errors::{server::InvalidRequestId, server::RequestId};
    /// assert!(RequestId::parse("9f1c2a54-0d7e-4a59-8d3e-8e3f3c0e6a11").is_ok());
    /// assert_eq!(
    ///     RequestId::parse("req 1").unwrap_err(),
    ///     InvalidRequestId::Byte { byte: b' ', offset: 3 },
    /// );
    /// ```
    pub fn parse(id: impl Into<Cow<'static, str>>) -> Result<Self, InvalidRequestId> {
        let id = id.into();
        check(id.as_bytes())?;
        Ok(Self(id))
    }

    /// A fresh id in Unkey's format: `req_` and 16 letters and digits (about 95 random bits),
    /// different for every call in a process.
    ///
    /// ```
    /// use unkey_errors::server::RequestId;
    /// let (a, b) = (RequestId::generate(), RequestId::generate());
    /// assert_ne!(a, b);
    /// assert_eq!(a.as_str().len(), 20);
    /// assert!(a.as_str()[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    /// ```
    #[must_use]
    pub fn generate() -> Self {
        Self(Cow::Owned(ascii(&Self::generate_bytes())))
    }

    /// The bytes of a fresh id (see [`generate`](Self::generate)), for a header value made
    /// without a copy.
    pub(crate) fn generate_bytes() -> [u8; 20] {
        const ALPHABET: &[u8; 62] =
            b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut id = *b"req_0000000000000000";
        let (_, random) = id.split_at_mut(4);
        // Eight characters from each of two 64-bit numbers (62^8 < 2^64, about 47.6 bits
        // each): a division by a constant that fits 64 bits is a multiplication.
        for chunk in random.chunks_mut(8) {
            let mut bits = crate::util::next_random();
            for byte in chunk {
                #[allow(clippy::expect_used)]
                let letter = usize::try_from(bits % 62)
                    .ok()
                    .and_then(|index| ALPHABET.get(index))
                    .expect("invariant: a remainder of 62 indexes the 62 letters");
                *byte = *letter;
                bits /= 62;
            }
        }
        id
    }

    /// The id.
    ///
    /// ```
    /// use unkey_errors::server::RequestId;
    /// assert_eq!(RequestId::parse("req_1")?.as_str(), "req_1");
    /// # Ok::<(), unkey_errors::server::InvalidRequestId>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a header value; always valid, by the rule.
    ///
    /// # Panics
    ///
    /// Never: a `RequestId` holds only header-safe bytes (the constructors check them).
    ///
    /// ```
    /// use unkey_errors::server::RequestId;
    /// assert_eq!(RequestId::parse("req_1")?.header_value(), "req_1");
    /// # Ok::<(), unkey_errors::server::InvalidRequestId>(())
    /// ```
    #[must_use]
    pub fn header_value(&self) -> HeaderValue {
        // Every byte the rule allows is a valid header byte; the fallback is never taken.
        #[allow(clippy::expect_used)]
        HeaderValue::from_str(&self.0)
            .expect("invariant: a RequestId holds only the header-safe bytes `check` lets through")
    }

    /// Reads the id from a request header value.
    ///
    /// # Errors
    ///
    /// [`InvalidRequestId`] when the value breaks the rule, saying what and where.
    ///
    /// ```
    /// use http::HeaderValue;
    /// use unkey_errors::{server::InvalidRequestId, server::RequestId};
    ///
    /// let id = RequestId::from_header(&HeaderValue::from_static("req_1"))?;
    /// assert_eq!(id.as_str(), "req_1");
    /// assert_eq!(
    ///     RequestId::from_header(&HeaderValue::from_static("a b")),
    ///     Err(InvalidRequestId::Byte { byte: b' ', offset: 1 }),
    /// );
    /// # Ok::<(), InvalidRequestId>(())
    /// ```
    pub fn from_header(value: &HeaderValue) -> Result<Self, InvalidRequestId> {
        Self::from_bytes(value.as_bytes())
    }

    /// Reads the id from a header value's bytes, however a framework holds them.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self, InvalidRequestId> {
        check(bytes)?;
        Ok(Self(Cow::Owned(ascii(bytes))))
    }
}

/// Bytes `check` let through (or a generated id's) as a string: every byte the rule allows is
/// ASCII, so they are UTF-8 as they are.
fn ascii(bytes: &[u8]) -> String {
    #[allow(clippy::expect_used)]
    String::from_utf8(bytes.to_vec())
        .expect("invariant: a request id holds only the ASCII bytes `check` lets through")
}

/// Checks `id` against the rule, without making a [`RequestId`].
pub(crate) fn check(id: &[u8]) -> Result<(), InvalidRequestId> {
    if id.is_empty() {
        return Err(InvalidRequestId::Empty);
    }
    if id.len() > MAX_REQUEST_ID_LEN {
        return Err(InvalidRequestId::TooLong { len: id.len() });
    }
    match id.iter().enumerate().find(|(_, b)| !allowed(**b)) {
        Some((offset, &byte)) => Err(InvalidRequestId::Byte { byte, offset }),
        None => Ok(()),
    }
}

impl FromStr for RequestId {
    type Err = InvalidRequestId;

    /// Same as [`RequestId::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s.to_owned())
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<RequestId> for Cow<'static, str> {
    fn from(id: RequestId) -> Self {
        id.0
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
