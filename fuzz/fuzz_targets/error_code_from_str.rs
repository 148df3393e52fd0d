//! `ErrorCode::from_str` on arbitrary strings: never panics; a parsed code parses back from each
//! of its forms; an error quotes a prefix of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unkey_errors::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<ErrorCode>() {
        Ok(code) => {
            for form in code.forms() {
                assert_eq!(form.parse::<ErrorCode>(), Ok(code));
            }
        }
        Err(err) => {
            assert!(text.starts_with(err.input()));
            assert!(!err.to_string().is_empty());
        }
    }
});
