//! Inputs the fuzzers found (tests/data/fuzz), each checked as the fuzz target checks it. Each
//! input parses: a test that passed because its input stopped parsing would prove nothing.

use unkey_errors::Problem;

fn check(body: &[u8]) {
    let problem = Problem::from_slice(body).expect("the regression input parses");
    assert_eq!(
        serde_json::from_slice::<Problem>(body).ok().as_ref(),
        Some(&problem),
        "both passes read it the same"
    );
    let compact = problem.to_json_vec();
    assert_eq!(compact, serde_json::to_vec(&problem).unwrap());
    assert_eq!(Problem::from_slice(&compact).unwrap(), problem);
}

#[test]
fn extra_members_of_the_envelope_before_those_of_error_keep_one_order() {
    let body = include_bytes!("data/fuzz/problem-1a93666.json");
    check(body);
    // What the fuzzer found: the envelope's extra member comes before `error`, whose own extra
    // members must still be written back first.
    let problem = Problem::from_slice(body).unwrap();
    let scopes: Vec<_> = problem
        .extra_members()
        .iter()
        .map(unkey_errors::problem::ExtraMember::scope)
        .collect();
    assert!(scopes.len() >= 2, "{scopes:?}");
    let mut sorted = scopes.clone();
    sorted.sort_by_key(|scope| match scope {
        unkey_errors::problem::Scope::Meta => 0,
        unkey_errors::problem::Scope::Envelope => 2,
        _ => 1,
    });
    assert_eq!(scopes, sorted);
}
