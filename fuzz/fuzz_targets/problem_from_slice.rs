//! `Problem::from_slice` on arbitrary bytes: never panics; its derived first pass reads
//! nothing the second pass (the `Deserialize` impl) would read otherwise; what parses writes
//! back to JSON that parses to the same problem, and the fast writer agrees with serde.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unkey_errors::Problem;

fuzz_target!(|data: &[u8]| {
    assert_eq!(
        Problem::from_slice(data).ok(),
        serde_json::from_slice::<Problem>(data).ok()
    );
    match Problem::from_slice(data) {
        Ok(problem) => {
            let compact = problem.to_json_vec();
            assert_eq!(compact, serde_json::to_vec(&problem).expect("serializable"));
            let again = Problem::from_slice(&compact).expect("own output parses");
            assert_eq!(again, problem);
            let response = problem.clone().into_http_response();
            assert_eq!(response.status(), problem.status());
        }
        Err(err) => {
            assert!(!err.to_string().is_empty());
        }
    }
});
