//! Values that reach a response header never produce an invalid or injected header: a request
//! id that breaks the rule is refused with a reason, and the body stays correct whatever the id.

use http::HeaderValue;
use proptest::prelude::*;
use unkey_errors::{server::InvalidRequestId, server::RequestId, ErrorCode, Problem};

#[test]
fn header_breaking_ids_are_refused_with_the_offending_byte() {
    let cases: &[(&str, InvalidRequestId)] = &[
        ("", InvalidRequestId::Empty),
        (
            "req_1\r\nset-cookie: a=b",
            InvalidRequestId::Byte {
                byte: b'\r',
                offset: 5,
            },
        ),
        (
            "req_1\nx",
            InvalidRequestId::Byte {
                byte: b'\n',
                offset: 5,
            },
        ),
        ("req\0", InvalidRequestId::Byte { byte: 0, offset: 3 }),
        (
            "req 1",
            InvalidRequestId::Byte {
                byte: b' ',
                offset: 3,
            },
        ),
        (
            "req\t1",
            InvalidRequestId::Byte {
                byte: b'\t',
                offset: 3,
            },
        ),
        (
            "req_é",
            InvalidRequestId::Byte {
                byte: 0xc3,
                offset: 4,
            },
        ),
        (
            "a,b",
            InvalidRequestId::Byte {
                byte: b',',
                offset: 1,
            },
        ),
        (
            "\"q\"",
            InvalidRequestId::Byte {
                byte: b'"',
                offset: 0,
            },
        ),
        (
            "\u{7f}",
            InvalidRequestId::Byte {
                byte: 0x7f,
                offset: 0,
            },
        ),
    ];
    for (id, expected) in cases {
        assert_eq!(RequestId::parse(*id).as_ref(), Err(expected), "{id:?}");
    }
    let long = "a".repeat(129);
    assert_eq!(
        RequestId::parse(long),
        Err(InvalidRequestId::TooLong { len: 129 })
    );
    assert!(RequestId::parse("a".repeat(128)).is_ok());
    assert_eq!(
        RequestId::parse("req\r\n").unwrap_err().to_string(),
        "invalid request id: byte 0x0d at offset 3, allowed are ASCII letters, digits and - _ . : ~"
    );
}

#[test]
fn generated_ids_are_unkey_style_and_distinct() {
    let ids: std::collections::HashSet<String> = (0..10_000)
        .map(|_| RequestId::generate().to_string())
        .collect();
    assert_eq!(ids.len(), 10_000);
    for id in &ids {
        assert!(id.starts_with("req_") && id.len() == 20, "{id}");
        assert!(RequestId::parse(id.clone()).is_ok());
    }
}

proptest! {
    #[test]
    fn an_accepted_id_is_always_a_valid_header_and_any_id_keeps_the_body_correct(
        // Half the cases are ids the rule accepts, half any string: both branches run.
        id in prop_oneof!["[A-Za-z0-9._:~-]{1,128}", any::<String>()]
    ) {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-_.:~".contains(&b);
        let follows_the_rule =
            !id.is_empty() && id.len() <= 128 && id.bytes().all(allowed);
        match RequestId::parse(id.clone()) {
            Ok(request_id) => {
                prop_assert!(follows_the_rule, "accepted {:?}", id);
                let value = request_id.header_value();
                prop_assert_eq!(value.as_bytes(), id.as_bytes());
                prop_assert!(HeaderValue::from_str(&id).is_ok());
                prop_assert!(!id.contains(['\r', '\n', '\0']));
            }
            Err(err) => {
                prop_assert!(!follows_the_rule, "refused {:?}: {}", id, err);
                prop_assert!(!err.to_string().is_empty());
            }
        }
        let problem = Problem::new(ErrorCode::AuthorizationForbidden, "no").with_request_id(id.clone());
        let response = problem.into_http_response();
        prop_assert_eq!(response.headers().len(), 1);
        let parsed = Problem::from_slice(response.body()).unwrap();
        prop_assert_eq!(parsed.request_id(), id.as_str());
    }
}
