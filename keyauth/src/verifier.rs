//! Who verifies a key: the [`Verifier`] trait, [`UnkeyApi`] (Unkey's `keys.verifyKey` over
//! reqwest) and [`InMemoryVerifier`] (tests, and caches of one's own).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use unkey_errors::client::reqwest::{read_body_with_limit, Error as CallError, Retry};
use unkey_errors::verify::KeyVerification;

use crate::policy::VerifyRequest;

/// Verifies keys: given the request's key and what the policy asks, what Unkey says.
///
/// An error is Unkey failing, not a denied key (a denied key is an `Ok` verification that is
/// not valid); the layer answers it as the gateway answers its own failure, and never lets the
/// request through.
pub trait Verifier: Send + Sync + 'static {
    /// Verifies `request`'s key.
    fn verify(
        &self,
        request: &VerifyRequest,
    ) -> impl Future<Output = Result<KeyVerification, VerifyError>> + Send;
}

impl<V: Verifier> Verifier for Arc<V> {
    fn verify(
        &self,
        request: &VerifyRequest,
    ) -> impl Future<Output = Result<KeyVerification, VerifyError>> + Send {
        (**self).verify(request)
    }
}

/// Why a key could not be verified. Its text never holds the key or the root key; a call's
/// failure is its [`source`](std::error::Error::source) (a report walks the chain), not
/// repeated in its text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// Unkey answered with an error of its own (a 5xx, a 401 or 403 for the root key, a 412
    /// for a rate limit that does not exist, ...) or could not be reached.
    #[error("keys.verifyKey failed")]
    Call(#[from] CallError),
    /// No answer within the time allowed.
    #[error("keys.verifyKey did not answer within {0:?}")]
    Timeout(Duration),
    /// The answer was not the documented verification.
    #[error("keys.verifyKey answered with a body that is not a verification: {0}")]
    InvalidResponse(String),
    /// The answer's body was longer than the cap.
    #[error("keys.verifyKey answered with a body over {0} bytes")]
    TooLarge(usize),
}

/// Keys and their verifications, in memory: for tests, and as the store behind a cache of
/// one's own. A key it does not hold is `NOT_FOUND`.
#[derive(Clone, Debug, Default)]
pub struct InMemoryVerifier {
    keys: HashMap<String, KeyVerification>,
}

impl InMemoryVerifier {
    /// An empty one: every key is not found.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The same, answering `verification` for `key`.
    #[must_use]
    pub fn with_key(mut self, key: impl Into<String>, verification: KeyVerification) -> Self {
        self.keys.insert(key.into(), verification);
        self
    }
}

impl Verifier for InMemoryVerifier {
    fn verify(
        &self,
        request: &VerifyRequest,
    ) -> impl Future<Output = Result<KeyVerification, VerifyError>> + Send {
        let found = match self.keys.get(request.key()) {
            Some(verification) => Ok(verification.clone()),
            None => KeyVerification::from_slice(br#"{"data":{"valid":false,"code":"NOT_FOUND"}}"#)
                .map_err(|err| VerifyError::InvalidResponse(err.to_string())),
        };
        std::future::ready(found)
    }
}

/// Unkey's API by default.
pub const DEFAULT_BASE_URL: &str = "https://api.unkey.com";

/// A verification's time by default: 5 s, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The most of a verification's body read by default: 64 KiB (a verification is well under
/// 4 KiB; anything longer is not one).
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// Unkey's `POST /v2/keys.verifyKey`, over one reqwest client (its connection pool reused
/// across requests), the root key as bearer, within a timeout per verification, retried only as
/// [`Retry::unkey_sdk`] allows and within that timeout. Its `Debug` never shows the root key.
///
/// TLS (to reach `https://api.unkey.com`) is reqwest's `rustls`, through this package's default
/// feature `rustls`; with it off, enable another reqwest TLS feature in your own build, or only
/// `http://` base URLs are reached. The platform's CA certificates are trusted: an image without
/// them fails every verification (closed) until it has them, or until [`client`](Self::client)
/// gives a client with roots of its own.
#[derive(Clone)]
pub struct UnkeyApi {
    client: reqwest::Client,
    url: String,
    root_key: Arc<str>,
    timeout: Duration,
    retry: Retry,
    body_limit: usize,
}

impl std::fmt::Debug for UnkeyApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnkeyApi")
            .field("url", &self.url)
            .field("root_key", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

impl UnkeyApi {
    /// Verifies with Unkey's API ([`DEFAULT_BASE_URL`]) and this root key.
    #[must_use]
    pub fn new(root_key: impl Into<String>) -> Self {
        Self {
            client: reqwest::Client::new(),
            url: verify_url(DEFAULT_BASE_URL),
            root_key: Arc::from(root_key.into()),
            timeout: DEFAULT_TIMEOUT,
            retry: Retry::unkey_sdk(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The same at another base URL (`http://127.0.0.1:8080`, a proxy, a stand-in in tests).
    #[must_use]
    pub fn base_url(mut self, base: &str) -> Self {
        self.url = verify_url(base);
        self
    }

    /// The same with this time for a verification, retries included.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same with this client (its pool, proxy and TLS settings).
    #[must_use]
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = client;
        self
    }

    /// The same reading at most `limit` bytes of a verification's body.
    #[must_use]
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// One verification: `body` (shared, not copied, by each attempt) posted until an answer or
    /// the retry rule stops, then the answer read up to the cap.
    async fn call(&self, body: bytes::Bytes) -> Result<KeyVerification, VerifyError> {
        let mut response = self
            .retry
            .clone()
            .max_elapsed(self.timeout)
            .send(|| {
                self.client
                    .post(&self.url)
                    .bearer_auth(&*self.root_key)
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .body(body.clone())
            })
            .await?;
        let (read, truncated) = read_body_with_limit(&mut response, self.body_limit)
            .await
            .map_err(|err| VerifyError::Call(CallError::from(err)))?;
        if truncated {
            return Err(VerifyError::TooLarge(self.body_limit));
        }
        KeyVerification::from_slice(&read)
            .map_err(|err| VerifyError::InvalidResponse(err.to_string()))
    }
}

fn verify_url(base: &str) -> String {
    format!("{}/v2/keys.verifyKey", base.trim_end_matches('/'))
}

impl Verifier for UnkeyApi {
    fn verify(
        &self,
        request: &VerifyRequest,
    ) -> impl Future<Output = Result<KeyVerification, VerifyError>> + Send {
        let body = bytes::Bytes::from(request.to_json_vec());
        let timeout = self.timeout;
        async move {
            tokio::time::timeout(timeout, self.call(body))
                .await
                .map_err(|_| VerifyError::Timeout(timeout))?
        }
    }
}

#[cfg(all(test, feature = "rustls"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use tokio::io::AsyncReadExt as _;

    use super::{UnkeyApi, Verifier as _, VerifyError};
    use crate::policy::KeyAuth;

    /// With the default features `UnkeyApi` speaks TLS to an `https://` base URL (Unkey's API
    /// is one): the first bytes a server gets are a TLS handshake record, not an HTTP request;
    /// a server that then hangs up is a failed call, never a verification.
    #[tokio::test]
    async fn an_https_base_url_is_spoken_to_in_tls() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let first_bytes = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut record = [0_u8; 3];
            stream.read_exact(&mut record).await.unwrap();
            record
        });
        let api = UnkeyApi::new("unkey_root")
            .base_url(&format!("https://{addr}"))
            .timeout(std::time::Duration::from_millis(300));
        let mut headers = http::HeaderMap::new();
        headers.insert("authorization", "Bearer sk_1".parse().unwrap());
        let request = KeyAuth::new().request(&headers, None).unwrap();
        let result = api.verify(&request).await;
        // A handshake record (0x16) of TLS (0x03 0x01, the ClientHello's record version).
        assert_eq!(first_bytes.await.unwrap(), [0x16, 0x03, 0x01]);
        assert!(
            matches!(result, Err(VerifyError::Call(_) | VerifyError::Timeout(_))),
            "{result:?}"
        );
    }
}
