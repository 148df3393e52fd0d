//! What the framework adapters share, knowing no framework: the verifier and policy they hold,
//! the check of a request, and which request headers are the gateway's own. The adapters only
//! read the request, apply the [`Decision`] and convert types.

use std::sync::Arc;
use std::time::SystemTime;

use http::HeaderName;
use unkey_errors::verify::missing_credentials;

use crate::policy::{decide, Decision, KeyAuth, VerifyRequest};
use crate::verifier::Verifier;

/// The verifier (its connection pool shared by every clone) and the policy of a layer.
#[derive(Debug)]
pub(crate) struct Guard<V> {
    verifier: Arc<V>,
    policy: Arc<KeyAuth>,
}

impl<V> Clone for Guard<V> {
    fn clone(&self) -> Self {
        Self {
            verifier: Arc::clone(&self.verifier),
            policy: Arc::clone(&self.policy),
        }
    }
}

impl<V: Verifier> Guard<V> {
    pub(crate) fn new(verifier: V, policy: KeyAuth) -> Self {
        Self {
            verifier: Arc::new(verifier),
            policy: Arc::new(policy),
        }
    }

    /// The same verifier under another policy.
    pub(crate) fn with_policy(&self, policy: KeyAuth) -> Self {
        Self {
            verifier: Arc::clone(&self.verifier),
            policy: Arc::new(policy),
        }
    }

    /// The verification a request asks for, its key found now (`header` gives a header's
    /// first value as text); `None` when it carries none.
    pub(crate) fn request<'a>(
        &self,
        header: &impl Fn(&HeaderName) -> Option<&'a str>,
        query: Option<&'a str>,
    ) -> Option<VerifyRequest> {
        self.policy.request_with(header, query)
    }

    /// The verifier, to take into the request's future.
    pub(crate) fn verifier(&self) -> Arc<V> {
        Arc::clone(&self.verifier)
    }
}

/// The decision for a request, and the time it was made (rate-limit times count from it): no
/// key is the gateway's `missing_credentials`, without a call; else what the verification
/// means ([`decide`]).
pub(crate) async fn check<V: Verifier>(
    verifier: &V,
    request: Option<VerifyRequest>,
) -> (Decision, SystemTime) {
    let Some(request) = request else {
        let answer = Decision::Deny(Box::new(missing_credentials()));
        return (answer, SystemTime::now());
    };
    let result = verifier.verify(&request).await;
    let now = SystemTime::now();
    (decide(result, now), now)
}

/// Whether a request header is the gateway's own (`X-Unkey-*`), which the gateway removes from
/// every request before its policies run (`svc/frontline/middleware/sanitize_headers.go`).
pub(crate) fn is_reserved(name: &str) -> bool {
    name.starts_with("x-unkey-")
}
