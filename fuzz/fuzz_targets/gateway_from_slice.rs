//! The gateway's side: `Principal::from_request_headers` on arbitrary `X-Unkey-Principal`
//! values and `GatewayError::from_slice` on arbitrary bodies. Never panics (overflow checks
//! are on, see Cargo.toml); a refused header is answered with one of the gateway's two fixed
//! answers, never an echo of it; what is read writes JSON that reads back the same; the page
//! of anything read shows no markup of its own.
#![no_main]

use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use unkey_errors::gateway::{GatewayError, Principal, PRINCIPAL_HEADER};
use unkey_errors::ErrorCode;

#[derive(Arbitrary, Debug)]
struct Input {
    principals: Vec<Vec<u8>>,
    body: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let mut headers = HeaderMap::new();
    for value in &input.principals {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(PRINCIPAL_HEADER, value);
        }
    }
    match Principal::from_request_headers(&headers) {
        Ok(principal) => {
            let written = principal.to_json_string();
            let again = Principal::from_slice(written.as_bytes()).expect("what it writes reads");
            assert_eq!(again.to_json_string(), written, "writing is stable");
        }
        Err(refused) => {
            let code = if headers.is_empty() {
                ErrorCode::ClientMissingCredentials
            } else {
                ErrorCode::ClientInvalidKey
            };
            assert_eq!(refused, GatewayError::new(code), "a fixed answer, nothing echoed");
        }
    }
    if let Ok(error) = GatewayError::from_slice(&input.body) {
        let json = error.to_json_vec();
        assert_eq!(GatewayError::from_slice(&json).expect("what it writes reads"), error);
        let page = error.to_html();
        assert_eq!(page.matches("<script").count(), 0);
        assert_eq!(page.matches("<a ").count(), usize::from(error.page_url().is_some()));
        let _ = (error.status(), error.title(), error.to_string());
    }
});
