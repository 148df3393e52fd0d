//! OpenAPI / JSON Schema descriptions of the envelope, matching Unkey's OpenAPI components.
//!
//! [`components`] gives Unkey's error components as JSON (`Meta`, `BaseError`,
//! `ValidationError`, `BadRequestErrorDetails` and one `...ErrorResponse` per status), with
//! references in OpenAPI form (`#/components/schemas/...`). The feature `utoipa` adds
//! `ToSchema` for [`Problem`](crate::Problem) and [`ValidationError`](crate::problem::ValidationError)
//! and [`UnkeyErrorComponents`], a `utoipa::Modify` that adds every component to a document;
//! the feature `schemars` adds `JsonSchema` for both types. Both are built from the same JSON.

use http::StatusCode;
use serde_json::{json, Map, Value};

/// The response components, by status: Unkey's OpenAPI spec names one per error status.
const RESPONSES: [(u16, &str); 11] = [
    (400, "BadRequestErrorResponse"),
    (401, "UnauthorizedErrorResponse"),
    (403, "ForbiddenErrorResponse"),
    (404, "NotFoundErrorResponse"),
    (409, "ConflictErrorResponse"),
    (410, "GoneErrorResponse"),
    (412, "PreconditionFailedErrorResponse"),
    (422, "UnprocessableEntityErrorResponse"),
    (429, "TooManyRequestsErrorResponse"),
    (500, "InternalServerErrorResponse"),
    (503, "ServiceUnavailableErrorResponse"),
];

/// The name of Unkey's response component for `status`, e.g. `ForbiddenErrorResponse`.
///
/// ```
/// use http::StatusCode;
/// use unkey_errors::schema::response_component;
/// assert_eq!(response_component(StatusCode::FORBIDDEN), Some("ForbiddenErrorResponse"));
/// assert_eq!(response_component(StatusCode::IM_A_TEAPOT), None);
/// ```
#[must_use]
pub fn response_component(status: StatusCode) -> Option<&'static str> {
    RESPONSES
        .iter()
        .find(|(code, _)| *code == status.as_u16())
        .map(|(_, name)| *name)
}

/// The API's rate-limit headers, as OpenAPI describes them.
#[cfg(feature = "utoipa")]
const API_RATE_LIMIT_HEADERS: [(&str, &str); 3] = [
    ("RateLimit-Limit", "Requests allowed per window"),
    ("RateLimit-Remaining", "Requests left in this window"),
    ("RateLimit-Reset", "Seconds until the window resets"),
];

/// The gateway's rate-limit headers, as OpenAPI describes them.
#[cfg(feature = "utoipa")]
const GATEWAY_RATE_LIMIT_HEADERS: [(&str, &str); 3] = [
    ("X-RateLimit-Limit", "Requests allowed per window"),
    ("X-RateLimit-Remaining", "Requests left in this window"),
    (
        "X-RateLimit-Reset",
        "When the window resets, a Unix time in seconds",
    ),
];

/// The JSON Schema of the gateway's error envelope ([`GatewayError`](crate::gateway::GatewayError)),
/// `{meta: {requestId}, error: {code, message}}`.
///
/// ```
/// let schema = unkey_errors::schema::gateway_error();
/// assert_eq!(schema["properties"]["error"]["required"], serde_json::json!(["code", "message"]));
/// ```
#[must_use]
pub fn gateway_error() -> Value {
    json!({
        "type": "object",
        "required": ["meta", "error"],
        "properties": {
            "meta": meta(),
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "The error's URN, e.g. err:frontline:client:rate_limited",
                    },
                    "message": { "type": "string" },
                },
            },
        },
    })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn meta() -> Value {
    json!({
        "type": "object",
        "required": ["requestId"],
        "properties": { "requestId": { "type": "string" } },
        "additionalProperties": false
    })
}

fn base_error() -> Value {
    json!({
        "type": "object",
        "required": ["title", "detail", "status", "type"],
        "properties": {
            "detail": { "type": "string" },
            "status": { "type": "integer", "format": "int" },
            "title": { "type": "string" },
            "type": { "type": "string" }
        },
        "additionalProperties": false
    })
}

fn validation_error() -> Value {
    json!({
        "type": "object",
        "required": ["location", "message"],
        "properties": {
            "location": { "type": "string" },
            "message": { "type": "string" },
            "fix": { "type": "string" }
        },
        "additionalProperties": false
    })
}

/// Unkey's error components, by name, as OpenAPI schema objects.
///
/// ```
/// let components = unkey_errors::schema::components();
/// assert_eq!(components["ForbiddenErrorResponse"]["required"], serde_json::json!(["meta", "error"]));
/// assert_eq!(components["ValidationError"]["additionalProperties"], false);
/// ```
#[must_use]
pub fn components() -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("Meta".to_owned(), meta());
    map.insert("BaseError".to_owned(), base_error());
    map.insert("ValidationError".to_owned(), validation_error());
    map.insert(
        "BadRequestErrorDetails".to_owned(),
        json!({
            "allOf": [
                reference("BaseError"),
                {
                    "type": "object",
                    "properties": {
                        "errors": { "type": "array", "items": reference("ValidationError") }
                    },
                    "required": ["errors"]
                }
            ]
        }),
    );
    for (status, name) in RESPONSES {
        let error = if status == 400 {
            "BadRequestErrorDetails"
        } else {
            "BaseError"
        };
        map.insert(
            name.to_owned(),
            json!({
                "type": "object",
                "required": ["meta", "error"],
                "properties": { "meta": reference("Meta"), "error": reference(error) }
            }),
        );
    }
    map
}

/// The schema of the whole envelope as [`Problem`](crate::Problem) reads and writes it, inlined:
/// `error` is `BaseError` with an optional `errors` array.
#[cfg(any(feature = "utoipa", feature = "schemars"))]
fn problem_inline(validation_error_ref: &Value) -> Value {
    let mut error = base_error();
    if let Some(properties) = error.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "errors".to_owned(),
            json!({ "type": "array", "items": validation_error_ref }),
        );
    }
    json!({
        "type": "object",
        "required": ["meta", "error"],
        "properties": { "meta": meta(), "error": error },
        "additionalProperties": false
    })
}

#[cfg(feature = "utoipa")]
mod utoipa_impls {
    use std::borrow::Cow;

    use std::collections::BTreeMap;

    use utoipa::openapi::response::{Response, ResponseBuilder};
    use utoipa::openapi::schema::Schema;
    use utoipa::openapi::{Content, ObjectBuilder, OpenApi, Ref, RefOr};

    use super::{components, problem_inline, reference, response_component, validation_error};
    use crate::answer::Answer;
    use crate::gateway::GatewayError;
    use crate::problem::{ContentType, ValidationError};
    use crate::Problem;

    /// A header whose value is a whole number.
    fn integer_header(description: &str) -> utoipa::openapi::header::Header {
        utoipa::openapi::header::HeaderBuilder::new()
            .schema(Some(
                ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::Integer),
            ))
            .description(Some(description))
            .build()
    }

    /// The OpenAPI responses of `answers` (see [`ToProblem::answers`](crate::ToProblem)),
    /// one per status: described by the status's reason and the codes answered with it, with
    /// Unkey's response component for the status (e.g. `NotFoundErrorResponse`, which
    /// [`UnkeyErrorComponents`] adds to a document) or, for a status Unkey's spec has none for,
    /// the envelope inline, in the content type the spec declares. `#[derive(ToProblem)]`
    /// implements `utoipa::IntoResponses` with it.
    ///
    /// ```
    /// use unkey_errors::{answer::Answer, ErrorCode};
    ///
    /// let responses = unkey_errors::schema::responses(&[
    ///     Answer::for_code(ErrorCode::DataKeyNotFound),
    ///     Answer::for_code(ErrorCode::DataApiNotFound),
    ///     Answer::for_code(ErrorCode::TooManyRequestsWorkspaceRateLimited),
    /// ]);
    /// let json = serde_json::to_value(&responses)?;
    /// assert_eq!(
    ///     json["404"]["description"],
    ///     "Not Found: unkey/data/key_not_found, unkey/data/api_not_found",
    /// );
    /// assert_eq!(
    ///     json["404"]["content"]["application/json"]["schema"]["$ref"],
    ///     "#/components/schemas/NotFoundErrorResponse",
    /// );
    /// assert!(json["429"]["content"]["application/problem+json"].is_object());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn responses(answers: &[Answer]) -> BTreeMap<String, RefOr<Response>> {
        let mut by_status: BTreeMap<http::StatusCode, Vec<&Answer>> = BTreeMap::new();
        for answer in answers {
            let entry = by_status.entry(answer.status()).or_default();
            if !entry.contains(&answer) {
                entry.push(answer);
            }
        }
        by_status
            .into_iter()
            .map(|(status_code, answers)| {
                let reason = status_code.canonical_reason().unwrap_or("Error");
                let codes: Vec<&str> = answers
                    .iter()
                    .filter_map(|answer| answer.code().map(crate::ErrorCode::as_str))
                    .collect();
                let description = if codes.is_empty() {
                    reason.to_owned()
                } else {
                    format!("{reason}: {}", codes.join(", "))
                };
                let schema: RefOr<Schema> = match response_component(status_code) {
                    Some(name) => Ref::from_schema_name(name).into(),
                    None => <Problem as utoipa::PartialSchema>::schema(),
                };
                let mut response = ResponseBuilder::new().description(description).content(
                    ContentType::for_status(status_code).as_str(),
                    Content::new(Some(schema)),
                );
                // The headers the answers of this status send, as Unkey's 429s carry them.
                if answers.iter().any(|answer| answer.sends_retry_after()) {
                    response = response.header(
                        "Retry-After",
                        integer_header("Seconds to wait before trying again"),
                    );
                }
                if answers.iter().any(|answer| answer.sends_rate_limit()) {
                    for (name, description) in super::API_RATE_LIMIT_HEADERS {
                        response = response.header(name, integer_header(description));
                    }
                }
                if answers
                    .iter()
                    .any(|answer| answer.sends_gateway_rate_limit())
                {
                    for (name, description) in super::GATEWAY_RATE_LIMIT_HEADERS {
                        response = response.header(name, integer_header(description));
                    }
                }
                let response = response.build();
                (status_code.as_str().to_owned(), RefOr::T(response))
            })
            .collect()
    }

    /// Converts a JSON schema to utoipa's type. Every schema here is one utoipa reads (the
    /// crate's tests convert each), so the fallback, an empty object schema, is never used.
    fn to_utoipa(value: serde_json::Value) -> RefOr<Schema> {
        serde_json::from_value(value)
            .unwrap_or_else(|_| RefOr::T(Schema::Object(ObjectBuilder::new().build())))
    }

    impl utoipa::PartialSchema for Problem {
        fn schema() -> RefOr<Schema> {
            to_utoipa(problem_inline(&reference("ValidationError")))
        }
    }

    impl utoipa::ToSchema for Problem {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("UnkeyProblem")
        }

        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.push((
                "ValidationError".to_owned(),
                <ValidationError as utoipa::PartialSchema>::schema(),
            ));
        }
    }

    impl utoipa::PartialSchema for ValidationError {
        fn schema() -> RefOr<Schema> {
            to_utoipa(validation_error())
        }
    }

    impl utoipa::ToSchema for ValidationError {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("ValidationError")
        }
    }

    /// Adds Unkey's error components ([`components`](super::components)) to an OpenAPI
    /// document, under their names.
    ///
    /// ```
    /// use unkey_errors::schema::UnkeyErrorComponents;
    /// use utoipa::OpenApi;
    ///
    /// #[derive(OpenApi)]
    /// #[openapi(modifiers(&UnkeyErrorComponents))]
    /// struct ApiDoc;
    ///
    /// let doc = ApiDoc::openapi();
    /// let schemas = &doc.components.as_ref().unwrap().schemas;
    /// assert!(schemas.contains_key("TooManyRequestsErrorResponse"));
    /// ```
    #[derive(Clone, Copy, Debug, Default)]
    pub struct UnkeyErrorComponents;

    impl utoipa::PartialSchema for GatewayError {
        fn schema() -> RefOr<Schema> {
            to_utoipa(super::gateway_error())
        }
    }

    impl utoipa::ToSchema for GatewayError {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("UnkeyGatewayError")
        }
    }

    /// The answers of a route protected as Unkey's gateway protects it (a key checked with
    /// [`verify`](crate::verify)): 401 (`missing_credentials`, `invalid_key`), 403
    /// (`insufficient_permissions`) and 429 (`rate_limited`, `usage_exceeded`) with the
    /// gateway's `X-RateLimit-Limit`, `-Remaining`, `-Reset` and `Retry-After`, each as the
    /// gateway's JSON envelope or its HTML page. One entry in a path's `responses(...)`:
    ///
    /// ```
    /// use unkey_errors::schema::GatewayAnswers;
    /// use utoipa::OpenApi;
    ///
    /// #[utoipa::path(get, path = "/whoami", responses((status = 200, body = String), GatewayAnswers))]
    /// async fn whoami() {}
    ///
    /// #[derive(OpenApi)]
    /// #[openapi(paths(whoami))]
    /// struct ApiDoc;
    ///
    /// let doc = serde_json::to_value(ApiDoc::openapi())?;
    /// let responses = &doc["paths"]["/whoami"]["get"]["responses"];
    /// assert_eq!(responses["401"]["description"], "Unauthorized: frontline/client/missing_credentials, frontline/client/invalid_key");
    /// assert!(responses["429"]["headers"]["Retry-After"].is_object());
    /// assert!(responses["429"]["headers"]["X-RateLimit-Reset"].is_object());
    /// assert!(responses["403"]["content"]["text/html"].is_object());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Copy, Debug, Default)]
    pub struct GatewayAnswers;

    impl utoipa::IntoResponses for GatewayAnswers {
        fn responses() -> BTreeMap<String, RefOr<Response>> {
            use crate::ErrorCode;
            let statuses: [(u16, &[ErrorCode]); 3] = [
                (
                    401,
                    &[
                        ErrorCode::ClientMissingCredentials,
                        ErrorCode::ClientInvalidKey,
                    ],
                ),
                (403, &[ErrorCode::ClientInsufficientPermissions]),
                (
                    429,
                    &[ErrorCode::ClientRateLimited, ErrorCode::ClientUsageExceeded],
                ),
            ];
            statuses
                .into_iter()
                .map(|(status, codes)| {
                    let reason = http::StatusCode::from_u16(status)
                        .ok()
                        .and_then(|status| status.canonical_reason())
                        .unwrap_or("Error");
                    let codes: Vec<&str> = codes.iter().map(|code| code.as_str()).collect();
                    let page = ObjectBuilder::new()
                        .schema_type(utoipa::openapi::schema::Type::String)
                        .build();
                    let mut response = ResponseBuilder::new()
                        .description(format!("{reason}: {}", codes.join(", ")))
                        .content(
                            crate::gateway::JSON_CONTENT_TYPE,
                            Content::new(Some(<GatewayError as utoipa::PartialSchema>::schema())),
                        )
                        .content("text/html", Content::new(Some(page)));
                    for (name, description) in super::GATEWAY_RATE_LIMIT_HEADERS {
                        response = response.header(name, integer_header(description));
                    }
                    if status == 429 {
                        response = response.header(
                            "Retry-After",
                            integer_header("Seconds until the window resets"),
                        );
                    }
                    (status.to_string(), RefOr::T(response.build()))
                })
                .collect()
        }
    }

    impl utoipa::Modify for UnkeyErrorComponents {
        fn modify(&self, openapi: &mut OpenApi) {
            let target = openapi.components.get_or_insert_with(Default::default);
            for (name, schema) in components() {
                target.schemas.insert(name, to_utoipa(schema));
            }
        }
    }
}

#[cfg(feature = "utoipa")]
pub use utoipa_impls::{responses, GatewayAnswers, UnkeyErrorComponents};

#[cfg(feature = "schemars")]
mod schemars_impls {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};

    use super::{problem_inline, validation_error};
    use crate::problem::ValidationError;
    use crate::Problem;

    /// Converts a JSON object to schemars' type; every schema here is an object.
    fn to_schemars(value: serde_json::Value) -> Schema {
        match value {
            serde_json::Value::Object(map) => Schema::from(map),
            _ => Schema::default(),
        }
    }

    impl JsonSchema for Problem {
        fn schema_name() -> Cow<'static, str> {
            Cow::Borrowed("UnkeyProblem")
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let item = generator.subschema_for::<ValidationError>();
            to_schemars(problem_inline(item.as_value()))
        }
    }

    impl JsonSchema for ValidationError {
        fn schema_name() -> Cow<'static, str> {
            Cow::Borrowed("ValidationError")
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            to_schemars(validation_error())
        }
    }
}
