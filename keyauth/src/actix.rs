//! [`KeyAuthMiddleware`]: the policy as actix-web middleware.

use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::rc::Rc;

use crate::guard::{check, is_reserved, Guard};
use crate::policy::{Decision, KeyAuth};
use crate::verifier::Verifier;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{forward_ready, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::HeaderName as ActixName;
use actix_web::{HttpMessage as _, Responder as _};
use unkey_errors::server::actix::replace_headers;

/// Verifies every request's key before the service sees it, as
/// [`KeyAuthLayer`](crate::KeyAuthLayer) does for tower (see there): no key, a denied key and
/// Unkey failing are answered as the gateway answers them, the service not called; a valid key
/// reaches it with the `KeyVerification` in the request's extensions (the `Principal`
/// extractor of `unkey-errors` makes the caller of it; `web::ReqData<KeyVerification>` reads
/// the rest), and the response gets `X-RateLimit-*`. Client-sent `X-Unkey-*` headers are
/// removed first. Wrap `UnkeyMiddleware` outside it for request ids and the page.
///
/// ```
/// use actix_web::{test, web, App};
/// use unkey_errors::gateway::Principal;
/// use unkey_errors::server::actix::UnkeyMiddleware;
/// use unkey_errors::verify::KeyVerification;
/// use unkey_keyauth::{InMemoryVerifier, KeyAuth, KeyAuthMiddleware};
///
/// async fn whoami(principal: Principal) -> String {
///     principal.subject().to_owned()
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// // `UnkeyApi::new(root_key)` in a real service.
/// let valid = br#"{"data":{"valid":true,"code":"VALID","keyId":"key_1"}}"#;
/// let verifier = InMemoryVerifier::new().with_key("sk_1", KeyVerification::from_slice(valid)?);
/// let app = test::init_service(
///     App::new()
///         .wrap(KeyAuthMiddleware::new(verifier, KeyAuth::new()))
///         .wrap(UnkeyMiddleware::new()) // outermost: request ids, JSON or the page
///         .route("/whoami", web::get().to(whoami)),
/// )
/// .await;
///
/// let request = test::TestRequest::get()
///     .uri("/whoami")
///     .insert_header(("authorization", "Bearer sk_1"))
///     .to_request();
/// assert_eq!(test::call_and_read_body(&app, request).await, "key_1");
///
/// let request = test::TestRequest::get()
///     .uri("/whoami")
///     .insert_header(("accept", "application/json"))
///     .to_request();
/// let response = test::call_service(&app, request).await;
/// assert_eq!(response.status(), 401); // frontline/client/missing_credentials
/// # Ok::<(), serde_json::Error>(())
/// # }).unwrap();
/// ```
#[derive(Debug)]
pub struct KeyAuthMiddleware<V> {
    guard: Guard<V>,
}

impl<V> Clone for KeyAuthMiddleware<V> {
    fn clone(&self) -> Self {
        Self {
            guard: self.guard.clone(),
        }
    }
}

impl<V: Verifier> KeyAuthMiddleware<V> {
    /// Verifies with `verifier` under `policy`.
    #[must_use]
    pub fn new(verifier: V, policy: KeyAuth) -> Self {
        Self {
            guard: Guard::new(verifier, policy),
        }
    }

    /// The same verifier under another policy: for a scope or resource that asks more.
    #[must_use]
    pub fn with_policy(&self, policy: KeyAuth) -> Self {
        Self {
            guard: self.guard.with_policy(policy),
        }
    }
}

impl<S, B, V> Transform<S, ServiceRequest> for KeyAuthMiddleware<V>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
    V: Verifier,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = actix_web::Error;
    type Transform = KeyAuthMiddlewareService<S, V>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(KeyAuthMiddlewareService {
            service: Rc::new(service),
            guard: self.guard.clone(),
        }))
    }
}

/// The service of [`KeyAuthMiddleware`].
#[derive(Debug)]
pub struct KeyAuthMiddlewareService<S, V> {
    service: Rc<S>,
    guard: Guard<V>,
}

impl<S, B, V> Service<ServiceRequest> for KeyAuthMiddlewareService<S, V>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
    V: Verifier,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, actix_web::Error>>>>;

    forward_ready!(service);

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        strip_unkey_headers(&mut req);
        let verify = {
            let headers = req.headers();
            let header = |name: &http::HeaderName| {
                headers
                    .get(name.as_str())
                    .and_then(|value| value.to_str().ok())
            };
            self.guard.request(&header, Some(req.query_string()))
        };
        let service = Rc::clone(&self.service);
        let verifier = self.guard.verifier();
        Box::pin(async move {
            let (decision, now) = check(&*verifier, verify).await;
            match decision {
                Decision::Deny(answer) => {
                    let answer = (*answer).respond_to(req.request());
                    Ok(req.into_response(answer).map_into_right_body())
                }
                Decision::Allow(verification) => {
                    let rate_limit = verification.gateway_rate_limit();
                    req.extensions_mut().insert(*verification);
                    let mut response = service.call(req).await?;
                    if let Some(rate_limit) = rate_limit {
                        let mut written = http::HeaderMap::new();
                        rate_limit.write_at(&mut written, now);
                        replace_headers(response.headers_mut(), &written);
                    }
                    Ok(response.map_into_left_body())
                }
            }
        })
    }
}

/// Removes every `X-Unkey-*` header, as the gateway does before its policies run.
fn strip_unkey_headers(req: &mut ServiceRequest) {
    let headers = req.headers_mut();
    let reserved: Vec<ActixName> = headers
        .keys()
        .filter(|name| is_reserved(name.as_str()))
        .cloned()
        .collect();
    for name in reserved {
        headers.remove(name);
    }
}
