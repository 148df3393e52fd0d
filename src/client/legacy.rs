//! The retired v1 API's error envelope and its codes.

use std::fmt;
use std::str::FromStr;

use http::StatusCode;

use crate::util::truncate;

/// The retired v1 API's error envelope:
/// `{"error":{"code":"NOT_FOUND","docs":"...","message":"...","requestId":"req_..."}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyError {
    pub(super) code_str: String,
    pub(super) code: Option<LegacyCode>,
    pub(super) docs: String,
    pub(super) message: String,
    pub(super) request_id: String,
}

impl LegacyError {
    /// The code, when it is one of the v1 codes.
    #[must_use]
    pub fn code(&self) -> Option<LegacyCode> {
        self.code
    }

    /// The code as sent, e.g. `NOT_FOUND`.
    #[must_use]
    pub fn code_str(&self) -> &str {
        &self.code_str
    }

    /// The documentation URL.
    #[must_use]
    pub fn docs(&self) -> &str {
        &self.docs
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// Defines [`LegacyCode`] from one table: variant, name as sent, status.
macro_rules! legacy_codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $status:ident,)*) => {
        /// A code of the retired v1 API, with its status. [`Display`](fmt::Display) and
        /// [`FromStr`] use the name as sent.
        ///
        /// ```
        /// use unkey_errors::client::LegacyCode;
        /// assert_eq!("NOT_FOUND".parse(), Ok(LegacyCode::NotFound));
        /// assert_eq!(LegacyCode::NotFound.status(), 404);
        /// assert_eq!(LegacyCode::NotFound.to_string(), "NOT_FOUND");
        /// # Ok::<(), unkey_errors::client::UnknownLegacyCode>(())
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum LegacyCode {
            $($(#[$doc])* $variant,)*
        }

        impl LegacyCode {
            /// Every v1 code.
            ///
            /// ```
            /// use unkey_errors::client::LegacyCode;
            /// assert_eq!(LegacyCode::ALL.len(), 14);
            /// ```
            pub const ALL: &'static [LegacyCode] = &[$(Self::$variant),*];

            /// The code whose name is exactly `name`, as [`ErrorCode::from_path`] looks up a
            /// path; [`FromStr`] gives an error that quotes the name instead.
            ///
            /// [`ErrorCode::from_path`]: crate::ErrorCode::from_path
            ///
            /// ```
            /// use unkey_errors::client::LegacyCode;
            /// assert_eq!(LegacyCode::from_name("RATE_LIMITED"), Some(LegacyCode::RateLimited));
            /// assert_eq!(LegacyCode::from_name("not_found"), None);
            /// let err = "not_found".parse::<LegacyCode>().unwrap_err();
            /// assert_eq!(err.to_string(), r#"unknown v1 error code "not_found""#);
            /// ```
            #[must_use]
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// The name as sent, e.g. `NOT_FOUND`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The status the v1 API answered with.
            #[must_use]
            pub const fn status(self) -> StatusCode {
                match self {
                    $(Self::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

legacy_codes! {
    /// `BAD_REQUEST`: 400.
    BadRequest = "BAD_REQUEST" => BAD_REQUEST,
    /// `FORBIDDEN`: 403.
    Forbidden = "FORBIDDEN" => FORBIDDEN,
    /// `DISABLED`: 403.
    Disabled = "DISABLED" => FORBIDDEN,
    /// `UNAUTHORIZED`: 403, or 401 when the framework raised it.
    Unauthorized = "UNAUTHORIZED" => FORBIDDEN,
    /// `INSUFFICIENT_PERMISSIONS`: 403.
    InsufficientPermissions = "INSUFFICIENT_PERMISSIONS" => FORBIDDEN,
    /// `USAGE_EXCEEDED`: 403.
    UsageExceeded = "USAGE_EXCEEDED" => FORBIDDEN,
    /// `EXPIRED`: 403.
    Expired = "EXPIRED" => FORBIDDEN,
    /// `NOT_FOUND`: 404.
    NotFound = "NOT_FOUND" => NOT_FOUND,
    /// `METHOD_NOT_ALLOWED`: 405.
    MethodNotAllowed = "METHOD_NOT_ALLOWED" => METHOD_NOT_ALLOWED,
    /// `CONFLICT`: 409.
    Conflict = "CONFLICT" => CONFLICT,
    /// `DELETE_PROTECTED`: 412.
    DeleteProtected = "DELETE_PROTECTED" => PRECONDITION_FAILED,
    /// `PRECONDITION_FAILED`: 412.
    PreconditionFailed = "PRECONDITION_FAILED" => PRECONDITION_FAILED,
    /// `RATE_LIMITED`: 429.
    RateLimited = "RATE_LIMITED" => TOO_MANY_REQUESTS,
    /// `INTERNAL_SERVER_ERROR`: 500.
    InternalServerError = "INTERNAL_SERVER_ERROR" => INTERNAL_SERVER_ERROR,
}

impl fmt::Display for LegacyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LegacyCode {
    type Err = UnknownLegacyCode;

    /// [`LegacyCode::from_name`], or an error quoting the name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| UnknownLegacyCode(truncate(s, 64).into()))
    }
}

/// A name that is no v1 error code; it quotes the name (at most 64 bytes).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("unknown v1 error code {0:?}")]
pub struct UnknownLegacyCode(Box<str>);

impl UnknownLegacyCode {
    /// The name, as given (at most its first 64 bytes).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.0
    }
}
