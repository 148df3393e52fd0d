//! The gateway's (frontline's) error envelope.

use crate::ErrorCode;

/// The gateway's (frontline's) error envelope:
/// `{"meta":{"requestId":"..."},"error":{"code":"err:frontline:client:rate_limited","message":"..."}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    pub(super) request_id: String,
    pub(super) code_str: String,
    pub(super) code: Option<ErrorCode>,
    pub(super) message: String,
}

impl GatewayError {
    /// The code, when this version knows it.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }

    /// The code as sent, usually a URN.
    #[must_use]
    pub fn code_str(&self) -> &str {
        &self.code_str
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `meta.requestId`.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }
}
