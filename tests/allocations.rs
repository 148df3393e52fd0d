//! Allocation counts, exact where times are not: a counting global allocator, per thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use unkey_errors::{problem::ContentType, ErrorCode, Problem};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// thread-local `Cell` that never allocates.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (and reallocations) made by `f` on this thread, with its result.
fn count<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    (ALLOCATIONS.with(Cell::get) - before, value)
}

#[test]
fn building_a_problem_with_static_strings_allocates_nothing() {
    for &code in ErrorCode::ALL {
        let (n, problem) =
            count(|| Problem::new(code, "static detail").with_request_id("req_2c9a0jf23l4k567"));
        // Codes with an errors array get an empty Vec, which does not allocate either.
        assert_eq!(n, 0, "{code}");
        drop(problem);
    }
}

#[test]
fn serializing_allocates_only_the_output_buffer() {
    for &code in ErrorCode::ALL {
        let problem =
            Problem::new(code, "The key was not found").with_request_id("req_2c9a0jf23l4k567");
        let (n, json) = count(|| problem.to_json_vec());
        assert_eq!(n, 1, "{code}: the buffer is sized once, never grown");
        assert_eq!(
            json.len(),
            json.capacity(),
            "{code}: the size estimate is exact without escapes"
        );
    }
}

#[test]
fn into_http_response_adds_only_what_http_response_needs() {
    // What `http::Response` itself needs for one header: measured, not assumed.
    let (http_own, response) = count(|| {
        let mut response = http::Response::new(Vec::<u8>::new());
        response
            .headers_mut()
            .insert(http::header::CONTENT_TYPE, ContentType::Json.header_value());
        response
    });
    drop(response);
    for code in [
        ErrorCode::AuthorizationForbidden,
        ErrorCode::TooManyRequestsWorkspaceRateLimited,
    ] {
        let (n, response) = count(|| {
            Problem::new(code, "static detail")
                .with_request_id("req_2c9a0jf23l4k567")
                .into_http_response()
        });
        assert_eq!(
            n,
            1 + http_own,
            "{code}: the body and the header map, nothing else"
        );
        drop(response);
    }
}

#[test]
fn looking_up_a_code_allocates_nothing_in_any_exact_form() {
    for &code in ErrorCode::ALL {
        for form in code.forms() {
            let (n, parsed) = count(|| form.parse::<ErrorCode>());
            assert_eq!((n, parsed), (0, Ok(code)), "{form}");
        }
    }
}

#[test]
fn parsing_allocates_one_buffer_per_string_and_nothing_else() {
    // The floor: what a plain derive into owned strings costs serde_json for the same body.
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Envelope {
        meta: Meta,
        error: Error,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    struct Meta {
        request_id: String,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Error {
        detail: String,
        status: u16,
        title: String,
        r#type: String,
    }
    let body = Problem::new(
        ErrorCode::AuthorizationForbidden,
        "This operation is not allowed",
    )
    .with_request_id("req_2c9a0jf23l4k567")
    .to_json_vec();
    let (n, problem) = count(|| Problem::from_slice(&body));
    assert!(problem.is_ok());
    let (floor, envelope) = count(|| serde_json::from_slice::<Envelope>(&body));
    assert!(envelope.is_ok());
    // requestId, detail, title, type: no more than the floor (a bound on serde_json's part,
    // which is its own).
    assert!(n <= floor, "{n} allocations against the floor's {floor}");
}

#[test]
fn the_size_estimate_is_exact_for_validation_errors_and_custom_fields() {
    let problem = Problem::new(ErrorCode::ApplicationInvalidInput, "invalid")
        .with_request_id("req_1")
        .with_validation_error(
            unkey_errors::problem::ValidationError::new("body.limit", "too small")
                .with_fix("raise it"),
        )
        .with_validation_error(unkey_errors::problem::ValidationError::new(
            "body.apiId",
            "required",
        ));
    let (n, json) = count(|| problem.to_json_vec());
    assert_eq!((n, json.len()), (1, json.capacity()));
    let custom = Problem::new_live(ErrorCode::ApplicationProtectedResource, "protected");
    let (n, json) = count(|| custom.to_json_vec());
    assert_eq!((n, json.len()), (1, json.capacity()));
    let with_extra = Problem::from_slice(
        br#"{"meta":{"requestId":"r","x":[1, 2]},"error":{"detail":"d","status":403,"title":"t","type":"x","instance":"/a"}}"#,
    )
    .unwrap();
    let (n, json) = count(|| with_extra.to_json_vec());
    assert_eq!((n, json.len()), (1, json.capacity()));
}

/// Runs a future that needs no runtime (an in-process axum call is ready at once).
#[cfg(feature = "axum")]
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// Allocations of one 200 through `router` (after a first call, so that lazily made state is
/// made), with the response dropped.
#[cfg(feature = "axum")]
fn allocations_of_a_200(router: &axum::Router) -> usize {
    use tower::ServiceExt as _;
    let call = || {
        let request = axum::http::Request::get("/ok")
            .header("x-request-id", "req_fromclient")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = block_on(router.clone().oneshot(request)).unwrap();
        assert_eq!(response.status(), 200);
    };
    call();
    count(call).0
}

/// A layer that does nothing and, like [`ProblemLayer`](unkey_errors::server::axum::ProblemLayer),
/// holds one pointer: axum keeps a handler route's layers as boxed closures, and boxing one
/// that is not zero-sized allocates, for any layer.
#[cfg(feature = "axum")]
#[derive(Clone)]
struct Noop(std::sync::Arc<()>);

#[cfg(feature = "axum")]
impl<S> tower::Layer<S> for Noop {
    type Service = NoopService<S>;
    fn layer(&self, inner: S) -> NoopService<S> {
        NoopService(inner, std::sync::Arc::clone(&self.0))
    }
}

#[cfg(feature = "axum")]
#[derive(Clone)]
struct NoopService<S>(S, #[allow(dead_code)] std::sync::Arc<()>); // held for its size

#[cfg(feature = "axum")]
impl<S: tower::Service<R>, R> tower::Service<R> for NoopService<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;
    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }
    fn call(&mut self, request: R) -> S::Future {
        self.0.call(request)
    }
}

#[cfg(feature = "axum")]
#[test]
fn the_problem_layer_adds_no_allocation_to_a_success() {
    use axum::routing::get;
    use unkey_errors::server::axum::{ProblemLayer, UnkeyLayer};
    let router = || axum::Router::new().route("/ok", get(|| async { "ok" }));
    // axum boxes a route again for any layer (a clone and a future per request): the baseline
    // is the same router with a layer that does nothing.
    let bare = allocations_of_a_200(&router());
    let noop = allocations_of_a_200(&router().layer(Noop(std::sync::Arc::default())));
    let with_problems = allocations_of_a_200(&router().layer(ProblemLayer::new()));
    assert_eq!(with_problems, noop, "ProblemLayer on the success path");
    // The whole UnkeyLayer, with a request id from the request, allocates no more than the
    // same jobs done by tower-http alone (SetRequestId, PropagateRequestId, CatchPanic): its
    // allocations are tower-http's or axum's (traced with a backtrace per allocation;
    // BENCHMARKS.md lists them): SetRequestId's request extension and its clone of an id made
    // in process, CatchPanic's box of the body, which axum boxes again. A bound, not a pin of
    // their internals.
    let tower_http_alone = allocations_of_a_200(
        &router()
            .layer(tower_http::catch_panic::CatchPanicLayer::new())
            .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
            .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
                unkey_errors::server::axum::MakeUnkeyRequestId,
            )),
    );
    let with_unkey = allocations_of_a_200(&router().layer(UnkeyLayer::new()));
    assert!(
        with_unkey <= tower_http_alone && with_unkey - noop <= 4,
        "UnkeyLayer: {with_unkey} against tower-http alone {tower_http_alone}, noop {noop}, bare {bare}"
    );
}
