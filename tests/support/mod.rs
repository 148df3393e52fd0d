//! Helpers the server tests share: a real HTTP call that checks the problem it gets back, and
//! a thousand failing requests at once.
#![allow(dead_code)] // each test crate uses its own part

use std::collections::HashSet;
use std::net::SocketAddr;

use serde::Deserialize;
use unkey_errors::Problem;

/// A service's own error type, as the derive's users write it.
#[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
#[problem(responses(axum, actix_web))]
pub enum AppError {
    #[error("key {0} was not found")]
    #[problem(DataKeyNotFound)]
    KeyNotFound(String),
    #[error("api {id} is protected")]
    #[problem(
        ApplicationProtectedResource,
        detail = "the api {id} cannot be deleted"
    )]
    Protected { id: String },
    #[error("database failed")]
    #[problem(internal)]
    Db(#[from] std::io::Error),
    #[error(transparent)]
    #[problem(transparent)]
    Upstream(unkey_errors::Problem),
}

/// The error of `/derived/{case}`: `missing`, `protected`, `db`, `upstream`.
pub fn derived(case: &str) -> AppError {
    match case {
        "missing" => AppError::KeyNotFound("key_1".to_owned()),
        "protected" => AppError::Protected {
            id: "api_1".to_owned(),
        },
        "db" => AppError::Db(std::io::Error::other(
            "connection to db-7.internal:5432 refused",
        )),
        // An answer of Unkey's passed on: its own request id gives way to the request's.
        _ => AppError::Upstream(
            unkey_errors::Problem::new(
                unkey_errors::ErrorCode::ApplicationPreconditionFailed,
                "upstream precondition",
            )
            .with_request_id("req_fromunkey"),
        ),
    }
}

/// The handler of `/mixed/{step}`: `?` on a problem (0), the service's own error (1) and any
/// other error (2), in one handler.
pub fn mixed(step: u8) -> Result<String, unkey_errors::InternalError<AppError>> {
    fn lookup() -> Result<(), Problem> {
        Err(Problem::new(
            unkey_errors::ErrorCode::DataKeyNotFound,
            "no such key",
        ))
    }
    match step {
        0 => lookup()?,
        1 => Err(derived("protected"))?,
        _ => {
            let _: u32 = "secret-config-value".parse()?;
        }
    }
    Ok("unreachable".to_owned())
}

#[cfg(feature = "tracing")]
pub mod reports;
#[cfg(feature = "tracing")]
pub use reports::reports_for;

/// The problem of `/rate-limited`: with Unkey's rate-limit headers.
pub fn rate_limited() -> Problem {
    Problem::new(
        unkey_errors::ErrorCode::TooManyRequestsWorkspaceRateLimited,
        "Slow down",
    )
    .with_retry_after(std::time::Duration::from_millis(1500))
    .with_rate_limit(unkey_errors::ratelimit::RateLimit::new(
        100,
        0,
        std::time::Duration::from_secs(30),
    ))
}

/// The gateway's answer of `/gateway/{case}`: `denied` (a rate-limited verification, with
/// the gateway's headers), `internal` (a verifier failure, reported, never shown) and
/// `hostile` (a message that tries to break out of the page).
pub fn gateway(case: &str) -> unkey_errors::gateway::GatewayError {
    use unkey_errors::gateway::GatewayError;
    match case {
        "denied" => {
            let body = br#"{"meta":{"requestId":"req_v"},"data":{"valid":false,"code":"RATE_LIMITED","ratelimits":[{"name":"requests","limit":10,"remaining":0,"reset":4102444800000,"exceeded":true}]}}"#;
            unkey_errors::verify::KeyVerification::from_slice(body)
                .unwrap()
                .gateway_error()
                .unwrap()
        }
        "internal" => GatewayError::internal_owned(std::io::Error::other(
            "unkey.internal:443 refused the verification",
        )),
        _ => GatewayError::new(unkey_errors::ErrorCode::ApplicationInvalidInput)
            .with_message("</p><script>alert(1)</script>"),
    }
}

/// The problem `/built/{how}` builds without this crate's response types.
pub fn built() -> Problem {
    Problem::new(unkey_errors::ErrorCode::DataKeyNotFound, "built by hand")
}

/// The body of `/built/pretty`: a problem written pretty, with its own id and a member the
/// schema does not define; it goes out with the request's id and the member kept.
pub fn pretty_body() -> Vec<u8> {
    let problem = Problem::from_slice(
        br#"{"meta":{"requestId":"req_pretty"},"error":{"detail":"pretty","status":404,"title":"Not Found","type":"https://unkey.com/docs/errors/unkey/data/key_not_found","instance":"/built/pretty"}}"#,
    )
    .unwrap();
    serde_json::to_vec_pretty(&problem).unwrap()
}

/// The body the contract's `/v2/keys.create` takes.
#[derive(Deserialize)]
pub struct CreateKey {
    pub name: String,
    pub limit: u32,
}

/// The query the contract's `/v2/keys/{id}` takes.
#[derive(Deserialize)]
pub struct Page {
    pub page: u32,
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub request_id: String,
    pub problem: Problem,
}

/// Sends the request; the answer must be a problem whose status and request id agree with the
/// response's.
pub async fn call(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (content_type, request_id) = (header("content-type"), header("x-request-id"));
    let body = response.bytes().await.unwrap();
    let problem = Problem::from_slice(&body).unwrap_or_else(|e| panic!("{status} {body:?}: {e}"));
    assert_eq!(problem.status().as_u16(), status);
    assert_eq!(
        problem.request_id(),
        request_id,
        "meta.requestId and the header agree"
    );
    Reply {
        status,
        content_type,
        request_id,
        problem,
    }
}

/// The response head of a GET sent with no `Accept` header at all.
pub async fn raw_get_without_accept(addr: SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap().to_ascii_lowercase();
    text.split("\r\n\r\n").next().unwrap().to_owned() + "\r\n"
}

/// The first validation error as (location, message).
pub fn validation(problem: &Problem) -> (String, String) {
    let error = &problem.validation_errors().unwrap_or_default()[0];
    (error.location().to_owned(), error.message().to_owned())
}

/// A thousand failing requests in flight at once: every answer is a problem and every request id
/// is distinct.
pub async fn thousand_failing_requests(addr: SocketAddr) {
    let client = reqwest::Client::new();
    let requests = (0..1000).map(|i| {
        let client = client.clone();
        let path = if i % 2 == 0 { "/forbidden" } else { "/nope" };
        tokio::spawn(async move {
            client
                .get(format!("http://{addr}{path}"))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
    let bodies = futures_util::future::join_all(requests).await;
    let mut ids = HashSet::new();
    for body in bodies {
        let problem = Problem::from_slice(&body.unwrap()).unwrap();
        assert!(
            ids.insert(problem.request_id().to_owned()),
            "duplicate id {}",
            problem.request_id()
        );
    }
    assert_eq!(ids.len(), 1000);
}

/// One test per behaviour of the contract both server integrations keep, each against a fresh
/// server from `$serve` (an expression giving its `SocketAddr`) with the same routes:
/// `/forbidden` (a handler's 403), `/rate-limited` (a 429), `/id` (echoes the request id a
/// handler sees), `/v2/keys.create` (this crate's `Json<CreateKey>`), `/v2/keys/{id}?page=`
/// (path `u32`, this crate's `Query<Page>`), `/panic`, `/internal` (an `InternalError`),
/// `/bare-500` (a plain-text 500) and a 404 fallback.
macro_rules! contract_tests {
    ($serve:expr) => {
        support::contract_tests!(@ $serve;
            a_handlers_problem_keeps_its_code_status_and_gets_a_request_id,
            the_content_type_is_negotiated_from_accept,
            without_accept_the_content_type_is_what_the_spec_declares,
            a_valid_request_id_is_echoed_and_an_invalid_one_replaced,
            handlers_see_the_request_id_of_the_response,
            json_body_errors_name_the_field,
            a_body_that_is_not_json_is_refused_by_its_content_type,
            validation_failures_stay_application_json_whatever_accept_says,
            query_and_path_errors_name_the_parameter,
            an_unknown_route_is_a_404_problem,
            panics_internal_errors_and_bare_500s_leak_nothing,
            a_derived_error_answers_as_its_attributes_say,
            a_problem_however_built_goes_out_as_it_is,
            a_problems_own_request_id_gives_way_to_the_requests,
            a_handlers_own_request_id_on_a_2xx_is_kept,
            a_handlers_own_4xx_keeps_its_text_and_no_route_is_for_unmatched_routes_only,
            a_panic_while_calling_the_service_is_caught_and_reported,
            a_problems_headers_go_out,
            an_internal_variant_leaks_nothing_and_is_reported_once_with_the_request_id,
            question_mark_on_a_problem_a_derived_error_and_any_error_in_one_handler,
            a_gateway_error_is_json_or_the_page_by_the_gateways_rule,
            a_gateway_internal_error_is_reported_once_and_never_shown,
            the_principal_header_is_read_and_a_bad_one_answered_as_the_gateway_does,
        );
    };
    (@ $serve:expr; $($behaviour:ident,)*) => {
        $(
            #[tokio::test]
            async fn $behaviour() {
                support::contract::$behaviour($serve).await;
            }
        )*
    };
}
pub(crate) use contract_tests;

/// The behaviours [`contract_tests`] runs, one function each.
pub mod contract {
    use std::net::SocketAddr;

    use unkey_errors::{problem::INTERNAL_ERROR_DETAIL, ErrorCode};

    use super::{call, raw_get_without_accept, validation};
    #[cfg(feature = "tracing")]
    use super::{reports, reports_for};

    fn url(addr: SocketAddr, path: &str) -> String {
        format!("http://{addr}{path}")
    }

    pub async fn a_gateway_error_is_json_or_the_page_by_the_gateways_rule(addr: SocketAddr) {
        use unkey_errors::gateway::GatewayError;
        let client = reqwest::Client::new();
        let get = |accept: Option<&str>| {
            let mut request = client
                .get(url(addr, "/gateway/denied"))
                .header("x-request-id", "req_gw1");
            if let Some(accept) = accept {
                request = request.header("accept", accept);
            }
            async move {
                let response = request.send().await.unwrap();
                let head = (
                    response.status().as_u16(),
                    response.headers()["content-type"]
                        .to_str()
                        .unwrap()
                        .to_owned(),
                    response.headers()["x-request-id"]
                        .to_str()
                        .unwrap()
                        .to_owned(),
                    response.headers()["retry-after"]
                        .to_str()
                        .unwrap()
                        .to_owned(),
                    response.headers()["x-ratelimit-reset"]
                        .to_str()
                        .unwrap()
                        .to_owned(),
                );
                (head, response.text().await.unwrap())
            }
        };
        for accept in ["application/json", "application/*", "*/*"] {
            let ((status, content_type, id, _, reset), body) = get(Some(accept)).await;
            assert_eq!(
                (status, content_type.as_str(), id.as_str(), reset.as_str()),
                (429, "application/json", "req_gw1", "4102444800"),
                "{accept}"
            );
            // Byte for byte the gateway's envelope, with the request's id.
            let expected =
                GatewayError::new(ErrorCode::ClientRateLimited).with_request_id("req_gw1");
            assert_eq!(body, expected.to_json_string(), "{accept}");
        }
        // A browser gets the page.
        let accept = Some("text/html,application/xhtml+xml,*/*;q=0.8");
        let ((status, content_type, _, retry_after, _), body) = get(accept).await;
        assert_eq!(
            (status, content_type.as_str()),
            (429, "text/html; charset=utf-8")
        );
        assert!(retry_after.parse::<u64>().unwrap() > 0);
        assert!(body.contains("err:frontline:client:rate_limited"), "{body}");
        assert!(body.contains("req_gw1"), "{body}");
        // So does a request with no Accept at all (reqwest always sends one).
        let head = raw_get_without_accept(addr, "/gateway/denied").await;
        assert!(head.starts_with("http/1.1 429"), "{head}");
        assert!(
            head.contains("content-type: text/html; charset=utf-8\r\n"),
            "{head}"
        );
        // A hostile message stays text on the page.
        let page = client
            .get(url(addr, "/gateway/hostile"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("&lt;/p&gt;&lt;script&gt;"), "{page}");
    }

    pub async fn a_gateway_internal_error_is_reported_once_and_never_shown(addr: SocketAddr) {
        #[cfg(feature = "tracing")]
        reports::install();
        let id = format!("req_gwinternal{}", addr.port());
        let response = reqwest::Client::new()
            .get(url(addr, "/gateway/internal"))
            .header("x-request-id", &id)
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        let body = response.text().await.unwrap();
        assert!(!body.contains("refused"), "{body}");
        let error = unkey_errors::gateway::GatewayError::from_slice(body.as_bytes()).unwrap();
        assert_eq!(
            (error.code(), error.request_id()),
            (Some(ErrorCode::PlatformInternalServerError), id.as_str())
        );
        #[cfg(feature = "tracing")]
        {
            let reports = reports_for(&id);
            assert_eq!(reports.len(), 1, "{reports:?}");
            assert_eq!(
                reports[0].message(),
                "unkey.internal:443 refused the verification"
            );
            assert_eq!(
                reports[0].code(),
                "frontline/platform/internal_server_error"
            );
        }
    }

    pub async fn the_principal_header_is_read_and_a_bad_one_answered_as_the_gateway_does(
        addr: SocketAddr,
    ) {
        let client = reqwest::Client::new();
        let whoami = |principal: Option<&'static str>| {
            let mut request = client
                .get(url(addr, "/whoami"))
                .header("accept", "application/json");
            if let Some(principal) = principal {
                request = request.header("x-unkey-principal", principal);
            }
            async move {
                let response = request.send().await.unwrap();
                (response.status().as_u16(), response.text().await.unwrap())
            }
        };
        let valid = r#"{"version":"v1","subject":"user_42","type":"API_KEY","source":{"key":{"keyId":"key_1","keySpaceId":"ks_1","meta":{}}}}"#;
        assert_eq!(whoami(Some(valid)).await, (200, "user_42 key_1".to_owned()));
        let (status, body) = whoami(None).await;
        let error = unkey_errors::gateway::GatewayError::from_slice(body.as_bytes()).unwrap();
        assert_eq!(
            (status, error.code()),
            (401, Some(ErrorCode::ClientMissingCredentials))
        );
        for bad in [
            "{\"secret-token-123\"",
            r#"{"version":"v1","subject":"s","type":"API_KEY","source":{}}"#,
        ] {
            let (status, body) = whoami(Some(bad)).await;
            let error = unkey_errors::gateway::GatewayError::from_slice(body.as_bytes()).unwrap();
            assert_eq!(
                (status, error.code()),
                (401, Some(ErrorCode::ClientInvalidKey))
            );
            assert!(
                !body.contains("secret-token") && !body.contains("source"),
                "{body}"
            );
        }
    }

    pub async fn a_handlers_problem_keeps_its_code_status_and_gets_a_request_id(addr: SocketAddr) {
        let reply = call(reqwest::Client::new().get(url(addr, "/forbidden"))).await;
        assert_eq!(
            (reply.status, reply.problem.code()),
            (403, Some(ErrorCode::AuthorizationForbidden))
        );
        assert!(reply.request_id.starts_with("req_"), "{}", reply.request_id);
    }

    /// As the live server does.
    pub async fn the_content_type_is_negotiated_from_accept(addr: SocketAddr) {
        let client = reqwest::Client::new();
        for (accept, expected) in [
            ("application/problem+json", "application/problem+json"),
            ("*/*", "application/problem+json"),
            ("application/*", "application/problem+json"),
            ("application/json", "application/json"),
            ("text/html", "application/json"),
        ] {
            for path in ["/forbidden", "/rate-limited"] {
                let reply = call(client.get(url(addr, path)).header("accept", accept)).await;
                assert_eq!(reply.content_type, expected, "{path} {accept}");
            }
        }
    }

    /// reqwest always sends `Accept`: a raw request here.
    pub async fn without_accept_the_content_type_is_what_the_spec_declares(addr: SocketAddr) {
        for (path, expected) in [
            ("/forbidden", "application/json"),
            ("/rate-limited", "application/problem+json"),
        ] {
            let head = raw_get_without_accept(addr, path).await;
            assert!(
                head.contains(&format!("content-type: {expected}\r\n")),
                "{path}: {head}"
            );
        }
    }

    pub async fn a_valid_request_id_is_echoed_and_an_invalid_one_replaced(addr: SocketAddr) {
        let client = reqwest::Client::new();
        let forbidden = || client.get(url(addr, "/forbidden"));
        let reply = call(forbidden().header("x-request-id", "req_fromclient1")).await;
        assert_eq!(reply.request_id, "req_fromclient1");
        let reply = call(forbidden().header("x-request-id", "bad id, with spaces")).await;
        assert!(
            reply.request_id.starts_with("req_") && reply.request_id.len() == 20,
            "{}",
            reply.request_id
        );
    }

    pub async fn handlers_see_the_request_id_of_the_response(addr: SocketAddr) {
        let echoed = reqwest::Client::new()
            .get(url(addr, "/id"))
            .header("x-request-id", "req_handler")
            .send()
            .await
            .unwrap();
        assert_eq!(echoed.headers()["x-request-id"], "req_handler");
        assert_eq!(echoed.text().await.unwrap(), "req_handler");
    }

    /// Bad JSON, a wrong field type, a missing field, a negative number, trailing garbage:
    /// the location says where, the message what, without serde's position.
    pub async fn json_body_errors_name_the_field(addr: SocketAddr) {
        let client = reqwest::Client::new();
        for (body, location, message) in [
            (
                r#"{"name":"a","limit":"ten"}"#,
                "body.limit",
                "invalid type: string \"ten\", expected u32",
            ),
            (r#"{"name":"a"}"#, "body.limit", "missing field `limit`"),
            (
                r#"{"name":"a","limit":-1}"#,
                "body.limit",
                "invalid value: integer `-1`, expected u32",
            ),
            (r#"{"name":"a","#, "body", "EOF while parsing a value"),
            (r#"{"name":"a","limit":1} x"#, "body", "trailing characters"),
        ] {
            let post = client
                .post(url(addr, "/v2/keys.create"))
                .header("content-type", "application/json")
                .body(body);
            let reply = call(post).await;
            assert_eq!(
                (reply.status, reply.problem.code()),
                (400, Some(ErrorCode::ApplicationInvalidInput)),
                "{body}"
            );
            assert_eq!(
                validation(&reply.problem),
                (location.to_owned(), message.to_owned()),
                "{body}"
            );
            assert_eq!(reply.content_type, "application/json");
        }
    }

    pub async fn a_body_that_is_not_json_is_refused_by_its_content_type(addr: SocketAddr) {
        let post = reqwest::Client::new()
            .post(url(addr, "/v2/keys.create"))
            .body(r#"{"name":"a","limit":1}"#);
        let reply = call(post).await;
        assert_eq!(validation(&reply.problem).0, "header.content-type");
    }

    pub async fn validation_failures_stay_application_json_whatever_accept_says(addr: SocketAddr) {
        let post = reqwest::Client::new()
            .post(url(addr, "/v2/keys.create"))
            .header("content-type", "application/json")
            .header("accept", "application/problem+json")
            .body("{}");
        assert_eq!(call(post).await.content_type, "application/json");
    }

    pub async fn query_and_path_errors_name_the_parameter(addr: SocketAddr) {
        let client = reqwest::Client::new();
        let reply = call(client.get(url(addr, "/v2/keys/12?page=x"))).await;
        assert_eq!(
            validation(&reply.problem),
            (
                "query.page".to_owned(),
                "invalid digit found in string".to_owned()
            )
        );
        let reply = call(client.get(url(addr, "/v2/keys/12"))).await;
        assert_eq!(
            validation(&reply.problem),
            ("query.page".to_owned(), "missing field `page`".to_owned())
        );
        let reply = call(client.get(url(addr, "/v2/keys/abc?page=1"))).await;
        let (location, message) = validation(&reply.problem);
        assert_eq!(location, "path");
        assert!(
            message.contains("abc"),
            "the message names the value: {message}"
        );
        let ok = client
            .get(url(addr, "/v2/keys/12?page=3"))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.text().await.unwrap(), "key 12 page 3");
    }

    pub async fn an_unknown_route_is_a_404_problem(addr: SocketAddr) {
        let reply = call(reqwest::Client::new().get(url(addr, "/nope"))).await;
        assert_eq!(
            (
                reply.status,
                reply.problem.type_url(),
                reply.problem.title()
            ),
            (404, "about:blank", "Not Found")
        );
        assert_eq!(reply.problem.detail(), "No route for GET /nope");
    }

    /// Generic, nothing internal in the body; the request id is in the header and in
    /// `meta.requestId` here too.
    pub async fn panics_internal_errors_and_bare_500s_leak_nothing(addr: SocketAddr) {
        for path in ["/panic", "/internal", "/bare-500"] {
            let problem = call(reqwest::Client::new().get(url(addr, path)))
                .await
                .problem;
            let body = problem.to_json_string();
            for secret in ["secret", "passwd", "db.internal", "5432", "stack"] {
                assert!(!body.contains(secret), "{path}: {body}");
            }
            assert_eq!(
                (problem.status().as_u16(), problem.code()),
                (500, Some(ErrorCode::ApplicationUnexpectedError)),
                "{path}"
            );
            assert_eq!(
                problem.detail(),
                unkey_errors::problem::INTERNAL_ERROR_DETAIL
            );
        }
    }

    /// The same derived enum on both servers: status, code, detail, request id, content type.
    pub async fn a_derived_error_answers_as_its_attributes_say(addr: SocketAddr) {
        let client = reqwest::Client::new();
        for (case, status, code, detail) in [
            (
                "missing",
                404,
                ErrorCode::DataKeyNotFound,
                "key key_1 was not found",
            ),
            (
                "protected",
                403,
                ErrorCode::ApplicationProtectedResource,
                "the api api_1 cannot be deleted",
            ),
            (
                "upstream",
                412,
                ErrorCode::ApplicationPreconditionFailed,
                "upstream precondition",
            ),
        ] {
            let id = format!("req_derived{case}");
            let request = client
                .get(url(addr, &format!("/derived/{case}")))
                .header("x-request-id", &id)
                .header("accept", "application/problem+json");
            let reply = call(request).await;
            assert_eq!(
                (reply.status, reply.problem.code(), reply.problem.detail()),
                (status, Some(code), detail),
                "{case}"
            );
            assert_eq!(reply.request_id, id);
            assert_eq!(reply.content_type, "application/problem+json");
        }
    }

    pub async fn an_internal_variant_leaks_nothing_and_is_reported_once_with_the_request_id(
        addr: SocketAddr,
    ) {
        #[cfg(feature = "tracing")]
        reports::install();
        let id = format!("req_deriveddb{}", addr.port());
        let request = reqwest::Client::new()
            .get(url(addr, "/derived/db"))
            .header("x-request-id", &id);
        let reply = call(request).await;
        assert_eq!(
            (reply.status, reply.problem.code(), reply.problem.detail()),
            (
                500,
                Some(ErrorCode::ApplicationUnexpectedError),
                INTERNAL_ERROR_DETAIL
            )
        );
        let body = reply.problem.to_json_string();
        assert!(
            !body.contains("db-7") && !body.contains("database"),
            "{body}"
        );
        #[cfg(feature = "tracing")]
        {
            let reports = reports_for(&id);
            assert_eq!(reports.len(), 1, "{reports:?}");
            assert_eq!(
                reports[0].message(),
                "database failed: connection to db-7.internal:5432 refused"
            );
            assert_eq!(reports[0].code(), "unkey/application/unexpected_error");
        }
    }

    pub async fn question_mark_on_a_problem_a_derived_error_and_any_error_in_one_handler(
        addr: SocketAddr,
    ) {
        #[cfg(feature = "tracing")]
        reports::install();
        let client = reqwest::Client::new();
        for (step, status, detail) in [
            (0, 404, "no such key"),
            (1, 403, "the api api_1 cannot be deleted"),
            (2, 500, INTERNAL_ERROR_DETAIL),
        ] {
            let id = format!("req_mixed{step}x{}", addr.port());
            let request = client
                .get(url(addr, &format!("/mixed/{step}")))
                .header("x-request-id", &id);
            let reply = call(request).await;
            assert_eq!(
                (reply.status, reply.problem.detail()),
                (status, detail),
                "step {step}"
            );
            // Only the internal error is reported.
            #[cfg(feature = "tracing")]
            assert_eq!(
                reports_for(&id).len(),
                usize::from(step == 2),
                "step {step}"
            );
        }
    }

    /// A problem built without this crate's response types: its code and detail kept, the
    /// request id filled in; a body with its own id takes the request's, and keeps the rest.
    pub async fn a_problem_however_built_goes_out_as_it_is(addr: SocketAddr) {
        let client = reqwest::Client::new();
        for how in ["http", "json"] {
            let reply = call(client.get(url(addr, &format!("/built/{how}")))).await;
            assert_eq!(
                (reply.status, reply.problem.code(), reply.problem.detail()),
                (404, Some(ErrorCode::DataKeyNotFound), "built by hand"),
                "{how}"
            );
            assert!(
                reply.request_id.starts_with("req_"),
                "{how}: {}",
                reply.request_id
            );
            assert_eq!(reply.problem.title(), "Not Found", "{how}: not about:blank");
        }
        let response = client
            .get(url(addr, "/built/pretty"))
            .header("accept", "application/problem+json")
            .send()
            .await
            .unwrap();
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(id.starts_with("req_") && id != "req_pretty", "{id}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let sent = unkey_errors::Problem::from_slice(&response.bytes().await.unwrap()).unwrap();
        let pretty = unkey_errors::Problem::from_slice(&super::pretty_body()).unwrap();
        assert_eq!(sent, pretty.with_request_id(id));
    }

    /// One id per answer, the request's: a problem's own (made by the handler, or passed on
    /// from another server) gives way, in header and body.
    pub async fn a_problems_own_request_id_gives_way_to_the_requests(addr: SocketAddr) {
        let request = reqwest::Client::new()
            .get(url(addr, "/own-id"))
            .header("x-request-id", "req_fromclient");
        let reply = call(request).await;
        assert_eq!(reply.request_id, "req_fromclient");
        assert_eq!(reply.problem.request_id(), "req_fromclient");
    }

    /// A handler's own request id header on a success is kept, as tower-http keeps it.
    pub async fn a_handlers_own_request_id_on_a_2xx_is_kept(addr: SocketAddr) {
        let response = reqwest::Client::new()
            .get(url(addr, "/own-id-ok"))
            .header("x-request-id", "req_fromclient")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-request-id"], "req_handler");
    }

    pub async fn a_handlers_own_4xx_keeps_its_text_and_no_route_is_for_unmatched_routes_only(
        addr: SocketAddr,
    ) {
        let client = reqwest::Client::new();
        for (path, status, title, detail) in [
            ("/conflict", 409, "Conflict", "name already taken"),
            ("/gone", 404, "Not Found", "no such thing here"),
            ("/empty-404", 404, "Not Found", "Not Found"),
            ("/nope", 404, "Not Found", "No route for GET /nope"),
        ] {
            let reply = call(client.get(url(addr, path))).await;
            assert_eq!(
                (reply.status, reply.problem.title(), reply.problem.detail()),
                (status, title, detail),
                "{path}"
            );
            assert_eq!(reply.problem.type_url(), "about:blank", "{path}");
        }
    }

    pub async fn a_panic_while_calling_the_service_is_caught_and_reported(addr: SocketAddr) {
        #[cfg(feature = "tracing")]
        reports::install();
        let reply = call(reqwest::Client::new().get(url(addr, "/panic-in-call"))).await;
        assert_eq!(
            (reply.status, reply.problem.code(), reply.problem.detail()),
            (
                500,
                Some(ErrorCode::ApplicationUnexpectedError),
                INTERNAL_ERROR_DETAIL
            )
        );
        #[cfg(feature = "tracing")]
        {
            let reports = reports_for(&reply.request_id);
            assert_eq!(reports.len(), 1, "{reports:?}");
            assert_eq!(reports[0].message(), "panicked while calling the service");
            assert_eq!(reports[0].kind(), "panic");
        }
    }

    /// `Retry-After` and Unkey's rate-limit headers, as the problem carries them.
    pub async fn a_problems_headers_go_out(addr: SocketAddr) {
        let response = reqwest::Client::new()
            .get(url(addr, "/rate-limited"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        let headers = response.headers();
        for (name, value) in [
            ("retry-after", "2"),
            ("ratelimit-limit", "100"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", "30"),
        ] {
            assert_eq!(headers[name], value, "{name}");
        }
    }
}
