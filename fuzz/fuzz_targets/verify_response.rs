//! A `keys.verifyKey` response as `unkey-keyauth` reads it: `KeyVerification::from_slice` on
//! arbitrary bodies, then what the gateway answers for it. Never panics (overflow checks are
//! on, see Cargo.toml); a denial is never a pass: only a valid `VALID` verification has no
//! gateway error, and only one with a key id gives a principal; the rate-limit headers are
//! whole numbers.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use unkey_errors::gateway::Principal;
use unkey_errors::verify::{KeyVerification, VerifyCode};

fuzz_target!(|body: &[u8]| {
    let Ok(verification) = KeyVerification::from_slice(body) else {
        return;
    };
    let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let allowed = verification.valid() && *verification.code() == VerifyCode::Valid;
    let denied = verification.gateway_error_at(now);
    assert_eq!(denied.is_none(), allowed, "{verification:?}");
    let principal = Principal::from_verification(&verification);
    if principal.is_some() {
        assert!(allowed && verification.key_id().is_some());
    }
    for (name, value) in &verification.rate_limit_headers_at(now) {
        let text = value.to_str().expect("ASCII");
        assert!(text.parse::<u64>().is_ok(), "{name}: {text}");
    }
    if let Some(principal) = principal {
        let written = principal.to_json_string();
        assert_eq!(Principal::from_slice(written.as_bytes()).expect("reads").to_json_string(), written);
    }
});
