//! The actix-web integration on a real server (127.0.0.1:0) called with a real HTTP client.
#![cfg(all(feature = "actix-web", feature = "derive"))]

use std::net::SocketAddr;

use std::future::{ready, Ready};

use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::{web, App, HttpResponse, HttpServer};
mod support;

use support::{call, thousand_failing_requests, validation, CreateKey, Page};
use unkey_errors::server::actix::{self as unkey, Json, Query, UnkeyMiddleware};
use unkey_errors::{server::RequestId, ErrorCode, InternalError, Problem};

async fn create(Json(body): Json<CreateKey>) -> Result<String, Problem> {
    Ok(format!("created with limit {}", body.limit))
}

async fn create_with_actix_json(body: web::Json<CreateKey>) -> String {
    format!("limit {}", body.limit)
}

async fn key(path: unkey::Path<u32>, Query(page): Query<Page>) -> String {
    format!("key {} page {}", path.0, page.page)
}

async fn forbidden() -> Result<String, Problem> {
    Err(Problem::new(
        ErrorCode::AuthorizationForbidden,
        "This operation is not allowed",
    ))
}

async fn rate_limited() -> Problem {
    support::rate_limited()
}

async fn conflict() -> HttpResponse {
    HttpResponse::Conflict().body("name already taken")
}

async fn gone() -> HttpResponse {
    HttpResponse::NotFound().body("no such thing here")
}

async fn empty_404() -> HttpResponse {
    HttpResponse::NotFound().finish()
}

async fn built(how: web::Path<String>) -> HttpResponse {
    let problem = support::built();
    match how.as_str() {
        "http" => HttpResponse::NotFound()
            .content_type("application/problem+json")
            .body(problem.to_json_vec()),
        "json" => HttpResponse::NotFound().json(problem),
        _ => HttpResponse::NotFound()
            .content_type("application/json")
            .body(support::pretty_body()),
    }
}

async fn own_id_ok() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "req_handler"))
        .body("ok")
}

async fn own_id() -> Problem {
    Problem::new(ErrorCode::DataKeyNotFound, "mine").with_request_id("req_mine")
}

/// A middleware whose service panics in `call`, before any future exists.
struct PanicInCall;

impl<S: 'static> Transform<S, ServiceRequest> for PanicInCall
where
    S: Service<ServiceRequest, Response = ServiceResponse, Error = actix_web::Error>,
{
    type Response = ServiceResponse;
    type Error = actix_web::Error;
    type Transform = PanicInCallService;
    type InitError = ();
    type Future = Ready<Result<PanicInCallService, ()>>;

    fn new_transform(&self, _: S) -> Self::Future {
        ready(Ok(PanicInCallService))
    }
}

struct PanicInCallService;

impl Service<ServiceRequest> for PanicInCallService {
    type Response = ServiceResponse;
    type Error = actix_web::Error;
    type Future = Ready<Result<ServiceResponse, actix_web::Error>>;

    actix_web::dev::always_ready!();

    fn call(&self, _: ServiceRequest) -> Self::Future {
        panic!("panicked while calling the service")
    }
}

async fn internal() -> Result<String, InternalError> {
    Err(std::io::Error::other(
        "connection to db.internal:5432 refused",
    ))?
}

#[allow(clippy::unused_async)]
async fn panics() -> String {
    panic!("secret panic message with /etc/passwd")
}

async fn bare_500() -> HttpResponse {
    HttpResponse::InternalServerError().body("stack trace: at secret.rs:42")
}

async fn derived(case: web::Path<String>) -> Result<String, support::AppError> {
    Err(support::derived(&case))
}

async fn mixed(step: web::Path<u8>) -> Result<String, InternalError<support::AppError>> {
    support::mixed(*step)
}

async fn echo_id(id: RequestId, data: web::ReqData<RequestId>) -> String {
    assert_eq!(id, *data);
    id.to_string()
}

async fn gateway(case: web::Path<String>) -> unkey_errors::gateway::GatewayError {
    support::gateway(&case)
}

async fn whoami(principal: unkey_errors::gateway::Principal) -> String {
    format!(
        "{} {}",
        principal.subject(),
        principal.key().unwrap().key_id()
    )
}

fn serve() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(|| {
                App::new()
                    .wrap(UnkeyMiddleware::new())
                    .app_data(unkey::json_config())
                    .app_data(unkey::query_config())
                    .app_data(unkey::path_config())
                    .route("/v2/keys.create", web::post().to(create))
                    .route("/actix-json", web::post().to(create_with_actix_json))
                    .route("/v2/keys/{id}", web::get().to(key))
                    .route("/forbidden", web::get().to(forbidden))
                    .route("/rate-limited", web::get().to(rate_limited))
                    .route("/internal", web::get().to(internal))
                    .route("/panic", web::get().to(panics))
                    .route("/bare-500", web::get().to(bare_500))
                    .route("/id", web::get().to(echo_id))
                    .route("/derived/{case}", web::get().to(derived))
                    .route("/mixed/{step}", web::get().to(mixed))
                    .route("/conflict", web::get().to(conflict))
                    .route("/gone", web::get().to(gone))
                    .route("/empty-404", web::get().to(empty_404))
                    .route("/built/{how}", web::get().to(built))
                    .route("/own-id", web::get().to(own_id))
                    .route("/gateway/{case}", web::get().to(gateway))
                    .route("/whoami", web::get().to(whoami))
                    .route("/own-id-ok", web::get().to(own_id_ok))
                    .service(
                        web::resource("/panic-in-call")
                            .wrap(PanicInCall)
                            .route(web::get().to(empty_404)),
                    )
                    .default_service(web::to(unkey::not_found))
            })
            .workers(2)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    addr
}

support::contract_tests!(serve());

#[tokio::test]
async fn the_frameworks_own_rejections_become_problems() {
    let addr = serve();

    // actix's own web::Json through json_config(): a missing field is located, others at body.
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");
    let post = |body: &'static str| {
        client
            .post(url("/actix-json"))
            .header("content-type", "application/json")
            .body(body)
    };
    let reply = call(post(r#"{"name":"a"}"#)).await;
    assert_eq!(validation(&reply.problem).0, "body.limit");
    let reply = call(post(r#"{"name":"a","limit":"x"}"#)).await;
    assert_eq!(validation(&reply.problem).0, "body");
    let reply = call(client.post(url("/actix-json")).body("{}")).await;
    assert_eq!(validation(&reply.problem).0, "header.content-type");
    // A wrong method: actix routes it to the default service, a 404 problem.
    let reply = call(client.post(url("/forbidden"))).await;
    assert_eq!(
        (reply.status, reply.problem.type_url()),
        (404, "about:blank")
    );
}

#[tokio::test]
async fn a_thousand_failing_requests_at_once() {
    thousand_failing_requests(serve()).await;
}

/// With foreign errors left alone, a body that cannot be a problem goes out untouched, however
/// long; a problem still gets its request id.
#[test]
fn with_rewriting_off_a_long_foreign_body_is_kept_whole() {
    use actix_web::test;
    actix_web::rt::System::new().block_on(async {
        let app = test::init_service(
            App::new()
                .wrap(UnkeyMiddleware::new().rewrite_foreign_errors(false))
                .route(
                    "/long",
                    web::get()
                        .to(|| async { HttpResponse::Conflict().body("x".repeat(100 * 1024)) }),
                )
                .route("/problem", web::get().to(forbidden)),
        )
        .await;
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/long").to_request()).await;
        assert_eq!(response.status(), 409);
        let body = test::read_body(response).await;
        assert_eq!(body.len(), 100 * 1024);
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/problem").to_request()).await;
        let id = response
            .headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let response = unkey_errors::testing::collect_actix(response).await;
        unkey_errors::assert_problem!(
            response,
            ErrorCode::AuthorizationForbidden,
            request_id = id.as_str()
        );
    });
}

/// Two middlewares, one inside the other: the inner answers, the outer passes its answer on
/// without reading it again (here it would negotiate the content type the inner was told not
/// to), and the internal error is reported once, with the request id.
#[test]
fn nested_middlewares_answer_once_and_report_once() {
    actix_web::rt::System::new().block_on(async {
        use actix_web::test;
        #[cfg(feature = "tracing")]
        support::reports::install();
        let app = test::init_service(
            App::new()
                .wrap(UnkeyMiddleware::new().negotiate(false))
                .wrap(UnkeyMiddleware::new())
                .route(
                    "/",
                    web::get().to(|| async { Err::<String, _>(support::derived("db")) }),
                ),
        )
        .await;
        let request = test::TestRequest::get()
            .uri("/")
            .insert_header(("x-request-id", "req_nestedactix"))
            .insert_header(("accept", "application/problem+json"))
            .to_request();
        let response = test::call_service(&app, request).await;
        let header = |name| response.headers().get(name).unwrap().to_str().unwrap();
        assert_eq!(header("content-type"), "application/json");
        assert_eq!(header("x-request-id"), "req_nestedactix");
        let problem = Problem::from_slice(&test::read_body(response).await).unwrap();
        assert_eq!(
            (problem.code(), problem.request_id()),
            (
                Some(ErrorCode::ApplicationUnexpectedError),
                "req_nestedactix"
            )
        );
        #[cfg(feature = "tracing")]
        assert_eq!(support::reports_for("req_nestedactix").len(), 1);
    });
}

/// A problem made into a response on another task, instrumented the usual way: answered by the
/// middleware with the request id, and reported once, in the request's span.
#[cfg(feature = "tracing")]
#[test]
fn a_problem_converted_on_a_spawned_task_is_answered_and_reported_with_the_id() {
    async fn spawned() -> HttpResponse {
        use actix_web::ResponseError as _;
        use tracing::Instrument as _;
        let task = async { support::derived("db").error_response() }.in_current_span();
        actix_web::rt::spawn(task).await.unwrap()
    }
    actix_web::rt::System::new().block_on(async {
        use actix_web::test;
        support::reports::install();
        let app = test::init_service(
            App::new()
                .wrap(UnkeyMiddleware::new())
                .route("/", web::get().to(spawned)),
        )
        .await;
        let request = test::TestRequest::get()
            .uri("/")
            .insert_header(("x-request-id", "req_spawnedactix"))
            .to_request();
        let response = test::call_service(&app, request).await;
        let problem = Problem::from_slice(&test::read_body(response).await).unwrap();
        assert_eq!(problem.request_id(), "req_spawnedactix");
        let reports = support::reports_for("req_spawnedactix");
        assert_eq!(reports.len(), 1, "{reports:?}");
    });
}
