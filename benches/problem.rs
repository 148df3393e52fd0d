//! `cargo bench --bench problem`: the crate beside its floor and its peers, on the same input.
//! See BENCHMARKS.md for the results and how to read them.

use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use unkey_errors::{ErrorCode, Problem};
use unkey_errors_benches::{
    all_forms, flat_body, floor_403, floor_429, http_api_problem_403, problem_400, problem_403,
    problem_429, problem_details_403, Details, OwnedEnvelope, DETAIL_403, DETAIL_429, REQUEST_ID,
};

/// Group 1: a 403 problem to compact JSON bytes.
fn serialize(c: &mut Criterion) {
    let mut group = c.benchmark_group("serialize_403");
    let problem = problem_403();
    let floor = floor_403();
    assert_eq!(serde_json::to_vec(&floor).unwrap(), problem.to_json_vec());
    let hap = http_api_problem_403();
    let pd = problem_details_403();
    group.bench_function("floor (derive, borrowed)", |b| {
        b.iter(|| serde_json::to_vec(black_box(&floor)));
    });
    group.bench_function("unkey-errors serde", |b| {
        b.iter(|| serde_json::to_vec(black_box(&problem)));
    });
    group.bench_function("unkey-errors to_json_vec", |b| {
        b.iter(|| black_box(&problem).to_json_vec());
    });
    group.bench_function("unkey-errors new+to_json_vec", |b| {
        b.iter(|| {
            Problem::new(black_box(ErrorCode::AuthorizationForbidden), DETAIL_403)
                .with_request_id(REQUEST_ID)
                .to_json_vec()
        });
    });
    group.bench_function("http-api-problem", |b| {
        b.iter(|| serde_json::to_vec(black_box(&hap)));
    });
    group.bench_function("problem_details", |b| {
        b.iter(|| serde_json::to_vec(black_box(&pd)));
    });
    group.finish();
}

/// Group 2: parse a 403 body and a 400 body with three validation errors.
fn parse(c: &mut Criterion) {
    for (name, problem) in [
        ("parse_403", problem_403()),
        ("parse_400_3_errors", problem_400()),
    ] {
        let mut group = c.benchmark_group(name);
        let body = problem.to_json_vec();
        let flat = flat_body(&problem);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("floor (derive, owned, no lookup)", |b| {
            b.iter(|| {
                serde_json::from_slice::<OwnedEnvelope>(black_box(&body)).map(|e| e.error.status)
            });
        });
        group.bench_function("unkey-errors from_slice", |b| {
            b.iter(|| Problem::from_slice(black_box(&body)).map(|p| p.code()));
        });
        group.bench_function("http-api-problem", |b| {
            b.iter(|| {
                serde_json::from_slice::<http_api_problem::HttpApiProblem>(black_box(&flat))
                    .map(|p| p.status)
            });
        });
        group.bench_function("problem_details", |b| {
            b.iter(|| serde_json::from_slice::<Details>(black_box(&flat)).map(|p| p.status));
        });
        group.finish();
    }
}

/// Group 3: `ErrorCode` from each of its four forms, over all codes, vs a plain `match` on the
/// path (`ErrorCode::from_path` is exactly that: one `match` arm per path literal).
fn lookup(c: &mut Criterion) {
    let mut group = c.benchmark_group("code_lookup_all_89");
    let [paths, urns, documented, current] = all_forms();
    group.throughput(Throughput::Elements(paths.len() as u64));
    group.bench_function("plain match on path", |b| {
        b.iter(|| {
            black_box(&paths)
                .iter()
                .filter_map(|s| ErrorCode::from_path(s))
                .count()
        });
    });
    for (name, forms) in [
        ("path", &paths),
        ("urn", &urns),
        ("documented url", &documented),
        ("current url", &current),
    ] {
        group.bench_function(format!("from_str {name}"), |b| {
            b.iter(|| {
                black_box(forms)
                    .iter()
                    .filter_map(|s| ErrorCode::from_str(s).ok())
                    .count()
            });
        });
    }
    group.finish();
}

/// Group 4: a whole 429 response, built from the code and a static detail, and the 403 beside
/// the floor's serialization alone.
fn response(c: &mut Criterion) {
    let mut group = c.benchmark_group("http_response");
    let floor_403 = floor_403();
    let floor_429 = floor_429();
    group.bench_function("floor 403 serialize only", |b| {
        b.iter(|| serde_json::to_vec(black_box(&floor_403)));
    });
    group.bench_function("unkey-errors 403 new+into_http_response", |b| {
        b.iter(|| {
            Problem::new(black_box(ErrorCode::AuthorizationForbidden), DETAIL_403)
                .with_request_id(REQUEST_ID)
                .into_http_response()
        });
    });
    group.bench_function("floor 429 serialize only", |b| {
        b.iter(|| serde_json::to_vec(black_box(&floor_429)));
    });
    group.bench_function("unkey-errors 429 new+into_http_response", |b| {
        b.iter(|| {
            Problem::new(
                black_box(ErrorCode::TooManyRequestsWorkspaceRateLimited),
                DETAIL_429,
            )
            .with_request_id(REQUEST_ID)
            .into_http_response()
        });
    });
    group.bench_function("unkey-errors 429 into_http_response (built)", |b| {
        b.iter_batched(
            problem_429,
            Problem::into_http_response,
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

criterion_group! { name = benches; config = config(); targets = serialize, parse, lookup, response }
criterion_main!(benches);
