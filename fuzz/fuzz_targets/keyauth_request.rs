//! Hostile requests through `unkey-keyauth`'s key search: arbitrary header values (the
//! `Authorization` header, a named header with a prefix), arbitrary query strings, huge keys.
//! Never panics (overflow checks are on, see Cargo.toml); a key found is never empty, comes
//! from where the policy looks, its verification body is JSON that names it, and its `Debug`
//! shows nothing of it.
#![no_main]

use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use unkey_keyauth::{KeyAuth, KeyLocation};

#[derive(Arbitrary, Debug)]
struct Input {
    authorization: Vec<Vec<u8>>,
    api_key: Vec<Vec<u8>>,
    prefix: String,
    query: String,
    huge: u16,
}

fuzz_target!(|input: Input| {
    let mut headers = HeaderMap::new();
    for value in &input.authorization {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(http::header::AUTHORIZATION, value);
        }
    }
    let name = HeaderName::from_static("x-api-key");
    for value in &input.api_key {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name.clone(), value);
        }
    }
    // A huge key, now and then.
    if input.huge > 60_000 {
        let key = format!("Bearer {}", "k".repeat(usize::from(input.huge) * 4));
        if let Ok(value) = HeaderValue::from_str(&key) {
            headers.insert(http::header::AUTHORIZATION, value);
        }
    }
    let policy = KeyAuth::new()
        .location(KeyLocation::Header {
            name,
            strip_prefix: Some(input.prefix.clone()),
        })
        .location(KeyLocation::Query("api_key".to_owned()))
        .permissions("docs.read");
    if let Some(request) = policy.request(&headers, Some(&input.query)) {
        assert!(!request.key().is_empty());
        let body: serde_json::Value =
            serde_json::from_slice(&request.to_json_vec()).expect("the body is JSON");
        assert_eq!(body["key"], request.key());
        // Its Debug shows nothing of the key: the same as another key's.
        let mut other = HeaderMap::new();
        other.insert(http::header::AUTHORIZATION, HeaderValue::from_static("Bearer other"));
        let other = policy.request(&other, None).expect("a key");
        assert_eq!(format!("{request:?}"), format!("{other:?}"));
    }
});
