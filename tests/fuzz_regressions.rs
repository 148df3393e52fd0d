//! Inputs the fuzzers found (tests/data/fuzz), each checked as the fuzz target checks it.

use unkey_errors::Problem;

fn check(body: &[u8]) {
    if let Ok(problem) = Problem::from_slice(body) {
        let compact = problem.to_json_vec();
        assert_eq!(compact, serde_json::to_vec(&problem).unwrap());
        assert_eq!(Problem::from_slice(&compact).unwrap(), problem);
    }
}

#[test]
fn extra_members_of_the_envelope_before_those_of_error_keep_one_order() {
    check(include_bytes!("data/fuzz/problem-1a93666.json"));
}
