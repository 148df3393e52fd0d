//! Extraction: reading request bodies, query strings and paths, a failure named by the field
//! at fault (`body.limit`, `query.page`, `path`).

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::problem::ValidationError;
use crate::util::without_position;
use crate::{ErrorCode, Problem};

/// 400 `unkey/application/invalid_input` with one validation error.
pub(crate) fn invalid_input(
    location: impl Into<Cow<'static, str>>,
    message: impl Into<Cow<'static, str>>,
) -> Problem {
    Problem::new(
        ErrorCode::ApplicationInvalidInput,
        "The request contains invalid input that failed validation",
    )
    .with_validation_error(ValidationError::new(location, message))
}

/// `prefix.path`, or `prefix` alone for the root.
pub(crate) fn location(prefix: &str, path: &serde_path_to_error::Path) -> String {
    // serde_path_to_error writes `.` for the root and `?` for a key it never got to read.
    let path = path.to_string();
    let path = path.strip_suffix(".?").unwrap_or(&path);
    if matches!(path, "" | "." | "?") {
        prefix.to_owned()
    } else {
        format!("{prefix}.{path}")
    }
}

/// `location` with the field a "missing field `x`" message names appended: serde reports a
/// missing field at its parent object.
pub(crate) fn with_missing_field(location: String, message: &str) -> String {
    match message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        Some(field) => format!("{location}.{field}"),
        None => location,
    }
}

/// Whether a request's content type is JSON (`application/json`, `application/*+json`).
pub(crate) fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|v| v.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .is_some_and(|media| {
            media == "application/json"
                || (media.starts_with("application/") && media.ends_with("+json"))
        })
}

/// The problem for a JSON body that did not deserialize: the field at fault as the location,
/// serde's message without its position (the location says where).
pub(crate) fn json_error(err: &serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let message = without_position(err.inner());
    let location = with_missing_field(location("body", err.path()), &message);
    invalid_input(location, message)
}

/// Reads a JSON request body; a failure names the field (`body.limit`).
pub(crate) fn json_body<T: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, Problem> {
    if !is_json(content_type) {
        return Err(invalid_input(
            "header.content-type",
            "must be application/json",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| json_error(&e))?;
    deserializer
        .end()
        .map_err(|err| invalid_input("body", without_position(&err)))?;
    Ok(value)
}

/// The problem for a query string that did not deserialize: the parameter at fault.
pub(crate) fn query_error(
    err: &serde_path_to_error::Error<serde_urlencoded::de::Error>,
) -> Problem {
    let message = err.inner().to_string();
    invalid_input(
        with_missing_field(location("query", err.path()), &message),
        message,
    )
}

/// Reads a query string; a failure names the parameter (`query.page`).
pub(crate) fn query<T: DeserializeOwned>(query: Option<&str>) -> Result<T, Problem> {
    let parse = form_urlencoded::parse(query.unwrap_or_default().as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(parse))
        .map_err(|e| query_error(&e))
}

/// The problem for a request body that could not be read: too large (413) or unreadable.
pub(crate) fn unreadable_body(too_large: bool) -> Problem {
    if too_large {
        Problem::new(
            ErrorCode::BadRequestRequestBodyTooLarge,
            "The request body exceeds the maximum allowed size.",
        )
    } else {
        Problem::new(
            ErrorCode::BadRequestRequestBodyUnreadable,
            "The request body could not be read.",
        )
    }
}
