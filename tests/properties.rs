//! Property tests: for every code and arbitrary Unicode strings (control characters, quotes,
//! backslashes, U+2028, emoji), request ids and validation errors, nothing is lost on the way
//! to JSON or an HTTP response and back. `PROPTEST_CASES` sets the number of cases (default
//! 1024 per property).

use proptest::prelude::*;
use unkey_errors::{problem::ValidationError, ErrorCode, Problem};

/// Strings that stress escaping: mostly awkward characters, some plain text.
fn text() -> impl Strategy<Value = String> {
    let awkward = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('\u{2028}'),
        Just('\u{2029}'),
        Just('\u{7f}'),
        Just('😀'),
        Just('é'),
        Just('<'),
        Just('&'),
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('\0')),
        any::<char>(),
        proptest::char::range('a', 'z'),
    ];
    proptest::collection::vec(awkward, 0..24).prop_map(|chars| chars.into_iter().collect())
}

fn code() -> impl Strategy<Value = ErrorCode> {
    proptest::sample::select(ErrorCode::ALL)
}

fn validation_error() -> impl Strategy<Value = ValidationError> {
    (text(), text(), proptest::option::of(text())).prop_map(|(location, message, fix)| {
        let error = ValidationError::new(location, message);
        match fix {
            Some(fix) => error.with_fix(fix),
            None => error,
        }
    })
}

/// A problem as any of the constructors can make it.
fn problem() -> impl Strategy<Value = Problem> {
    (
        code(),
        text(),
        "req_[a-zA-Z0-9]{0,12}|.{0,8}",
        proptest::option::of(proptest::collection::vec(validation_error(), 0..4)),
        0u8..4,
        text(),
        100u16..1000,
    )
        .prop_map(
            |(code, detail, request_id, errors, variant, other, status)| {
                let mut problem = match variant {
                    0 => Problem::new(code, detail),
                    1 => Problem::new_live(code, detail),
                    2 => Problem::new(code, detail)
                        .with_title(other.clone())
                        .with_type_url(other),
                    _ => Problem::custom(
                        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::IM_A_TEAPOT),
                        other.clone(),
                        other,
                        detail,
                    ),
                }
                .with_request_id(request_id);
                problem.set_validation_errors(errors);
                problem
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1024)
    ))]

    #[test]
    fn json_round_trip_is_the_identity(problem in problem()) {
        let compact = problem.to_json_vec();
        prop_assert_eq!(&Problem::from_slice(&compact).unwrap(), &problem);
        let pretty = serde_json::to_vec_pretty(&problem).unwrap();
        prop_assert_eq!(&Problem::from_slice(&pretty).unwrap(), &problem);
    }

    #[test]
    fn fast_writer_equals_serde(problem in problem()) {
        prop_assert_eq!(problem.to_json_vec(), serde_json::to_vec(&problem).unwrap());
    }

    #[test]
    fn http_response_round_trip_is_the_identity(problem in problem()) {
        let response = problem.clone().into_http_response();
        prop_assert_eq!(response.status(), problem.status());
        let parsed = Problem::from_slice(response.body()).unwrap();
        prop_assert_eq!(parsed, problem);
    }

    #[test]
    fn every_form_of_every_code_parses_back(code in code(), slash in any::<bool>(), query in "[a-z=&]{0,6}", http in any::<bool>()) {
        for form in code.forms() {
            prop_assert_eq!(form.parse::<ErrorCode>(), Ok(code));
        }
        let scheme = if http { "http" } else { "https" };
        let url = format!(
            "{scheme}://unkey.com/docs/errors/{}{}?{query}",
            code.as_str(),
            if slash { "/" } else { "" },
        );
        prop_assert_eq!(url.parse::<ErrorCode>(), Ok(code));
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        prop_assert_eq!(
            Problem::from_slice(&bytes).ok(),
            serde_json::from_slice::<Problem>(&bytes).ok()
        );
        if let Err(err) = Problem::from_slice(&bytes) {
            prop_assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn parsing_a_mutated_body_never_panics_and_what_parses_round_trips(
        problem in problem(),
        position in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut body = problem.to_json_vec();
        let at = position.index(body.len());
        body[at] = byte;
        // The derived first pass reads nothing the second pass (the Deserialize impl) would
        // read otherwise.
        prop_assert_eq!(
            Problem::from_slice(&body).ok(),
            serde_json::from_slice::<Problem>(&body).ok()
        );
        if let Ok(parsed) = Problem::from_slice(&body) {
            prop_assert_eq!(Problem::from_slice(&parsed.to_json_vec()).unwrap(), parsed);
        }
    }

    #[test]
    fn parsing_arbitrary_strings_as_codes_never_panics(s in ".{0,64}") {
        match s.parse::<ErrorCode>() {
            Ok(code) => prop_assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code)),
            Err(err) => prop_assert!(s.starts_with(err.input())),
        }
    }
}

/// Accept values built from the pieces the gateway's rule looks for, cut and joined anyhow.
fn accept() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("application/json"),
        Just("application/*"),
        Just("application/"),
        Just("application"),
        Just("*/*"),
        Just("*/"),
        Just("text/html"),
        Just("text/htm"),
        Just(","),
        Just(";q=0.9"),
        Just("a"),
        Just("t"),
        Just("*"),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// `Accept` values as bytes, from what the API's negotiation looks for, the spaces `str::trim`
/// takes off (ASCII and Unicode), and bytes that are not UTF-8.
fn accept_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces: [&'static [u8]; 17] = [
        b"application/problem+json",
        b"Application/Problem+JSON",
        b"application/problem+jso",
        b"application/*",
        b"APPLICATION/*",
        b"*/*",
        b"*/",
        b"text/html",
        b",",
        b";",
        b";q=0.9",
        b" ",
        b"\t",
        "\u{a0}".as_bytes(),
        "\u{3000}".as_bytes(),
        b"\xff",
        b"a",
    ];
    let piece = proptest::sample::select(pieces.to_vec());
    proptest::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
}

proptest! {
    /// The API's negotiation, read in one pass over an ASCII value, says what the rule says
    /// written with `str` (split at `,`, cut at `;`, `trim`, compared without case; a value
    /// that is not UTF-8 lists nothing), for one `Accept` header or two.
    #[test]
    fn the_api_negotiation_is_its_str_rule(first in accept_bytes(), second in accept_bytes()) {
        use http::header::{HeaderMap, HeaderValue, ACCEPT};
        use unkey_errors::problem::ContentType;

        let lists = |value: &[u8]| {
            std::str::from_utf8(value).is_ok_and(|value| {
                value
                    .split(',')
                    .map(|range| range.split(';').next().unwrap_or_default().trim())
                    .any(|range| {
                        ["application/problem+json", "application/*", "*/*"]
                            .iter()
                            .any(|accepted| range.eq_ignore_ascii_case(accepted))
                    })
            })
        };
        let mut headers = HeaderMap::new();
        for value in [&first, &second] {
            // What a header may hold (no control bytes but the tab).
            prop_assume!(HeaderValue::from_bytes(value).is_ok());
            headers.append(ACCEPT, HeaderValue::from_bytes(value).unwrap());
        }
        let expected = if lists(&first) || lists(&second) {
            ContentType::ProblemJson
        } else {
            ContentType::Json
        };
        prop_assert_eq!(ContentType::negotiate(&headers), expected);
    }

    /// The gateway's rule, read in one pass, says what `strings.Contains` says in frontline's
    /// `observability.go`.
    #[test]
    fn the_accept_rule_is_the_gateways_contains_rule(accept in accept()) {
        let contains = |needle: &str| accept.contains(needle);
        let expected = contains("application/json")
            || contains("application/*")
            || (contains("*/*") && !contains("text/html"));
        prop_assert_eq!(unkey_errors::gateway::prefers_json(accept.as_bytes()), expected);
    }

    /// Whatever the message and request id, the gateway's JSON reads back as what was written,
    /// and the page shows them only as text.
    #[test]
    fn a_gateway_error_round_trips_and_its_page_escapes_everything(
        code in code(),
        message in text(),
        id in text(),
    ) {
        let error = unkey_errors::gateway::GatewayError::new(code)
            .with_message(message.clone())
            .with_request_id(id);
        let json = error.to_json_vec();
        prop_assert_eq!(unkey_errors::gateway::GatewayError::from_slice(&json).unwrap(), error.clone());
        prop_assert!(!json.iter().any(|b| matches!(b, b'<' | b'>' | b'&')));
        // The same markup as for a plain message and id: nothing they hold opened a tag.
        let plain_id = if error.request_id().is_empty() { "" } else { "req_1" };
        let plain = unkey_errors::gateway::GatewayError::new(code)
            .with_message("plain")
            .with_request_id(plain_id);
        prop_assert_eq!(error.to_html().matches('<').count(), plain.to_html().matches('<').count());
    }
}
