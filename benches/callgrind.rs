//! A driver for `valgrind --tool=callgrind`: runs one case N times. `benches/callgrind.sh` runs
//! every case with N = 0 and N = 1000 and reports instructions per iteration (the difference
//! over N), which is stable where wall times on a shared machine are not.
//!
//! `cargo bench --bench callgrind -- CASE N` runs it without valgrind.

use std::hint::black_box;
use std::str::FromStr;

use unkey_errors::server::axum::{ProblemLayer, UnkeyLayer};
use unkey_errors::{ErrorCode, Problem};
use unkey_errors_benches::{
    all_forms, body_400, body_403, flat_body, floor_403, floor_429, http_api_problem_403, keyauth,
    keyauth_static, oneshot, oneshot_accepting, oneshot_with_key, problem_400, problem_403,
    problem_details_403, router, tower_http_alone, Details, Noop, OwnedEnvelope, BENCH_KEY,
    BROWSER_ACCEPT, DETAIL_403, DETAIL_429, REQUEST_ID,
};

const CASES: &[&str] = &[
    "serialize_403/floor",
    "serialize_403/unkey-errors serde",
    "serialize_403/unkey-errors to_json_vec",
    "serialize_403/http-api-problem",
    "serialize_403/problem_details",
    "response_403/unkey-errors new+into_http_response",
    "response_429/floor serialize only",
    "response_429/unkey-errors new+into_http_response",
    "parse_403/floor",
    "parse_403/unkey-errors",
    "parse_403/http-api-problem",
    "parse_403/problem_details",
    "parse_400/floor",
    "parse_400/unkey-errors",
    "parse_400/http-api-problem",
    "parse_400/problem_details",
    "lookup/plain match on path",
    "lookup/from_str path",
    "lookup/from_str urn",
    "lookup/from_str documented url",
    "lookup/from_str current url",
    "layer_200/bare router",
    "layer_200/router + a no-op layer",
    "layer_200/router + ProblemLayer",
    "layer_200/router + UnkeyLayer",
    "layer_200/router + tower-http alone",
    "layer_403/bare router",
    "layer_403/router + UnkeyLayer",
    "layer_403/router + tower-http alone",
    "layer_200/router + UnkeyLayer, a browser's Accept",
    "layer_200/router + tower-http alone, a browser's Accept",
    "layer_401/router + UnkeyLayer, a gateway error, a browser's Accept",
    "layer_401/router + UnkeyLayer, a gateway error, JSON",
    "layer_401/bare router, a gateway error",
    "keyauth_200/router + tower-http static bearer and headers",
    "keyauth_200/router + KeyAuthLayer, in-memory verifier",
    "keyauth_429/router + KeyAuthLayer, in-memory verifier, a denied key",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(case), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        // `cargo bench` with no arguments: list the cases.
        for case in CASES {
            println!("{case}");
        }
        return;
    };
    run(case, n);
}

fn run(case: &str, n: usize) {
    let problem_403 = problem_403();
    let floor_403 = floor_403();
    let floor_429 = floor_429();
    let hap = http_api_problem_403();
    let pd = problem_details_403();
    let body_403 = body_403();
    let body_400 = body_400();
    let flat_403 = flat_body(&problem_403);
    let flat_400 = flat_body(&problem_400());
    let [paths, urns, documented, current] = all_forms();
    if let Some(work) = layer_case(case) {
        for _ in 0..n {
            work();
        }
        return;
    }
    let work: Box<dyn Fn()> = match case {
        "serialize_403/floor" => Box::new(|| keep(serde_json::to_vec(black_box(&floor_403)))),
        "serialize_403/unkey-errors serde" => {
            Box::new(|| keep(serde_json::to_vec(black_box(&problem_403))))
        }
        "serialize_403/unkey-errors to_json_vec" => {
            Box::new(|| keep(black_box(&problem_403).to_json_vec()))
        }
        "serialize_403/http-api-problem" => Box::new(|| keep(serde_json::to_vec(black_box(&hap)))),
        "serialize_403/problem_details" => Box::new(|| keep(serde_json::to_vec(black_box(&pd)))),
        "response_403/unkey-errors new+into_http_response" => Box::new(|| {
            keep(
                Problem::new(black_box(ErrorCode::AuthorizationForbidden), DETAIL_403)
                    .with_request_id(REQUEST_ID)
                    .into_http_response(),
            );
        }),
        "response_429/floor serialize only" => {
            Box::new(|| keep(serde_json::to_vec(black_box(&floor_429))))
        }
        "response_429/unkey-errors new+into_http_response" => Box::new(|| {
            keep(
                Problem::new(
                    black_box(ErrorCode::TooManyRequestsWorkspaceRateLimited),
                    DETAIL_429,
                )
                .with_request_id(REQUEST_ID)
                .into_http_response(),
            );
        }),
        "parse_403/floor" => Box::new(|| {
            keep(serde_json::from_slice::<OwnedEnvelope>(black_box(
                &body_403,
            )));
        }),
        "parse_403/unkey-errors" => Box::new(|| keep(Problem::from_slice(black_box(&body_403)))),
        "parse_403/http-api-problem" => {
            Box::new(|| keep(serde_json::from_slice::<Hap>(black_box(&flat_403))))
        }
        "parse_403/problem_details" => {
            Box::new(|| keep(serde_json::from_slice::<Details>(black_box(&flat_403))))
        }
        "parse_400/floor" => Box::new(|| {
            keep(serde_json::from_slice::<OwnedEnvelope>(black_box(
                &body_400,
            )));
        }),
        "parse_400/unkey-errors" => Box::new(|| keep(Problem::from_slice(black_box(&body_400)))),
        "parse_400/http-api-problem" => {
            Box::new(|| keep(serde_json::from_slice::<Hap>(black_box(&flat_400))))
        }
        "parse_400/problem_details" => {
            Box::new(|| keep(serde_json::from_slice::<Details>(black_box(&flat_400))))
        }
        "lookup/plain match on path" => Box::new(|| {
            keep(
                black_box(&paths)
                    .iter()
                    .filter_map(|s| ErrorCode::from_path(s))
                    .count(),
            );
        }),
        "lookup/from_str path" => Box::new(|| keep(lookup_all(&paths))),
        "lookup/from_str urn" => Box::new(|| keep(lookup_all(&urns))),
        "lookup/from_str documented url" => Box::new(|| keep(lookup_all(&documented))),
        "lookup/from_str current url" => Box::new(|| keep(lookup_all(&current))),
        other => {
            eprintln!("unknown case {other:?}; run with no arguments for the list");
            std::process::exit(2);
        }
    };
    for _ in 0..n {
        work();
    }
}

/// The work of a `layer_*` case: one request through a router, in process.
fn layer_case(case: &str) -> Option<Box<dyn Fn()>> {
    let bare = router();
    let noop = router().layer(Noop::default());
    let problems = router().layer(ProblemLayer::new());
    let unkey = router().layer(UnkeyLayer::new());
    let tower_http = tower_http_alone(router());
    Some(match case {
        "layer_200/bare router" => Box::new(move || keep(oneshot(&bare, "/ok"))),
        "layer_200/router + a no-op layer" => Box::new(move || keep(oneshot(&noop, "/ok"))),
        "layer_200/router + ProblemLayer" => Box::new(move || keep(oneshot(&problems, "/ok"))),
        "layer_200/router + UnkeyLayer" => Box::new(move || keep(oneshot(&unkey, "/ok"))),
        "layer_403/bare router" => Box::new(move || keep(oneshot(&bare, "/forbidden"))),
        "layer_200/router + tower-http alone" => {
            Box::new(move || keep(oneshot(&tower_http, "/ok")))
        }
        "layer_403/router + UnkeyLayer" => Box::new(move || keep(oneshot(&unkey, "/forbidden"))),
        "layer_403/router + tower-http alone" => {
            Box::new(move || keep(oneshot(&tower_http, "/forbidden")))
        }
        "layer_200/router + UnkeyLayer, a browser's Accept" => {
            Box::new(move || keep(oneshot_accepting(&unkey, "/ok", BROWSER_ACCEPT)))
        }
        "layer_200/router + tower-http alone, a browser's Accept" => {
            Box::new(move || keep(oneshot_accepting(&tower_http, "/ok", BROWSER_ACCEPT)))
        }
        "layer_401/router + UnkeyLayer, a gateway error, a browser's Accept" => {
            Box::new(move || keep(oneshot_accepting(&unkey, "/denied", BROWSER_ACCEPT)))
        }
        "layer_401/router + UnkeyLayer, a gateway error, JSON" => {
            Box::new(move || keep(oneshot_accepting(&unkey, "/denied", "application/json")))
        }
        "layer_401/bare router, a gateway error" => {
            Box::new(move || keep(oneshot_accepting(&bare, "/denied", "application/json")))
        }
        "keyauth_200/router + tower-http static bearer and headers" => {
            let app = keyauth_static(router());
            Box::new(move || keep(oneshot_with_key(&app, BENCH_KEY)))
        }
        "keyauth_200/router + KeyAuthLayer, in-memory verifier" => {
            let app = keyauth(router());
            Box::new(move || keep(oneshot_with_key(&app, BENCH_KEY)))
        }
        "keyauth_429/router + KeyAuthLayer, in-memory verifier, a denied key" => {
            let app = keyauth(router());
            Box::new(move || keep(oneshot_with_key(&app, "sk_bench_denied")))
        }
        _ => return None,
    })
}

type Hap = http_api_problem::HttpApiProblem;

/// Keeps a result from being optimised away, then drops it (the drop is part of the cost).
fn keep<T>(value: T) {
    drop(black_box(value));
}

fn lookup_all(forms: &[&str]) -> usize {
    black_box(forms)
        .iter()
        .filter_map(|s| ErrorCode::from_str(s).ok())
        .count()
}
