//! The schemas match Unkey's OpenAPI error components (tests/data/openapi-error-schemas.json,
//! the components stripped of prose) field by field.

use serde_json::Value;

fn unkey_components() -> serde_json::Map<String, Value> {
    let text = include_str!("data/openapi-error-schemas.json");
    match serde_json::from_str(text).unwrap() {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The substance of a schema: type, required (as a set), properties (recursively),
/// additionalProperties, items, $ref, allOf; prose and formats aside.
fn substance(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = serde_json::Map::new();
    for (key, value) in map {
        let kept = match key.as_str() {
            "type" | "additionalProperties" | "$ref" => value.clone(),
            "required" => {
                let mut names: Vec<String> = value
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect();
                names.sort();
                Value::from(names)
            }
            "properties" => Value::Object(
                value
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), substance(v)))
                    .collect(),
            ),
            "items" => substance(value),
            "allOf" => Value::from(
                value
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(substance)
                    .collect::<Vec<_>>(),
            ),
            _ => continue,
        };
        out.insert(key.clone(), kept);
    }
    Value::Object(out)
}

#[test]
fn components_equal_unkeys_exactly() {
    let ours = unkey_errors::schema::components();
    let theirs = unkey_components();
    let mut names: Vec<&String> = ours.keys().collect();
    names.sort();
    let mut expected: Vec<&String> = theirs.keys().collect();
    expected.sort();
    assert_eq!(names, expected);
    for (name, schema) in &theirs {
        assert_eq!(&ours[name], schema, "{name}");
    }
}

#[test]
fn every_error_status_of_the_catalogue_has_a_response_component_or_is_a_gateway_status() {
    for code in unkey_errors::ErrorCode::ALL {
        let component = unkey_errors::schema::response_component(code.status());
        let gateway_only = matches!(code.status().as_u16(), 402 | 408 | 413 | 499 | 502 | 504);
        assert!(
            component.is_some() || gateway_only,
            "{code}: {}",
            code.status()
        );
    }
}

#[cfg(feature = "utoipa")]
#[test]
fn utoipa_components_match_in_substance() {
    use unkey_errors::schema::UnkeyErrorComponents;
    use unkey_errors::Problem;
    use utoipa::OpenApi;

    #[derive(OpenApi)]
    #[openapi(modifiers(&UnkeyErrorComponents), components(schemas(Problem)))]
    struct ApiDoc;

    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for (name, schema) in unkey_components() {
        assert_eq!(substance(&schemas[&name]), substance(&schema), "{name}");
    }
    // The envelope itself: BaseError's fields with an optional errors array of ValidationError.
    let problem = &schemas["UnkeyProblem"];
    assert_eq!(problem["required"], serde_json::json!(["meta", "error"]));
    assert_eq!(problem["additionalProperties"], false);
    assert_eq!(
        substance(&problem["properties"]["meta"]),
        substance(&unkey_components()["Meta"])
    );
    let error = &problem["properties"]["error"];
    assert_eq!(
        substance(&error["required"]),
        substance(&unkey_components()["BaseError"]["required"])
    );
    assert_eq!(
        error["properties"]["errors"]["items"]["$ref"],
        "#/components/schemas/ValidationError"
    );
    assert_eq!(
        substance(&schemas["ValidationError"]),
        substance(&unkey_components()["ValidationError"])
    );
}

#[cfg(feature = "schemars")]
#[test]
fn schemars_schema_matches_in_substance() {
    let schema = schemars::schema_for!(unkey_errors::Problem).to_value();
    let theirs = unkey_components();
    assert_eq!(schema["required"], serde_json::json!(["meta", "error"]));
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        substance(&schema["properties"]["meta"]),
        substance(&theirs["Meta"])
    );
    let error = &schema["properties"]["error"];
    let mut base = substance(&theirs["BaseError"]);
    base["properties"]["errors"] =
        serde_json::json!({"type": "array", "items": {"$ref": "#/$defs/ValidationError"}});
    assert_eq!(substance(error), base);
    assert_eq!(
        substance(&schema["$defs"]["ValidationError"]),
        substance(&theirs["ValidationError"])
    );
}

/// With `utoipa`, a derived error type is `IntoResponses`: an OpenAPI document lists the
/// errors a handler can answer, each status with its codes and Unkey's response component.
#[cfg(all(feature = "utoipa", feature = "derive"))]
#[test]
fn a_derived_error_lists_its_answers_in_an_openapi_document() {
    use unkey_errors::schema::UnkeyErrorComponents;
    use utoipa::OpenApi;

    #[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
    #[problem(responses(utoipa))]
    #[allow(dead_code)]
    enum AppError {
        #[error("key {0} was not found")]
        #[problem(DataKeyNotFound)]
        KeyNotFound(String),
        #[error("api {0} was not found")]
        #[problem(DataApiNotFound)]
        ApiNotFound(String),
        #[error("slow down")]
        #[problem(TooManyRequestsWorkspaceRateLimited, retry_after = wait, rate_limit = limit)]
        RateLimited {
            wait: std::time::Duration,
            limit: unkey_errors::ratelimit::RateLimit,
        },
        #[error(transparent)]
        #[problem(transparent)]
        Billing(Billing),
        #[error("database failed")]
        #[problem(internal)]
        Db(#[from] std::io::Error),
    }

    #[derive(Debug, thiserror::Error, unkey_errors::ToProblem)]
    #[problem(responses(utoipa))]
    #[error("spend limit reached")]
    #[problem(CapacitySpendLimitReached)]
    struct Billing;

    #[utoipa::path(get, path = "/v2/keys.getKey", responses((status = 200, description = "The key"), AppError))]
    #[allow(dead_code)]
    fn get_key() {}

    #[derive(OpenApi)]
    #[openapi(paths(get_key), modifiers(&UnkeyErrorComponents))]
    struct ApiDoc;

    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
    // A complete document: every `$ref` in it resolves within it.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let pointer = reference.strip_prefix('#').unwrap();
        assert!(doc.pointer(pointer).is_some(), "dangling {reference}");
    }
    let responses = &doc["paths"]["/v2/keys.getKey"]["get"]["responses"];
    assert_eq!(responses["200"]["description"], "The key");
    assert_eq!(
        responses["404"]["description"],
        "Not Found: unkey/data/key_not_found, unkey/data/api_not_found"
    );
    assert_eq!(
        responses["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NotFoundErrorResponse"
    );
    assert_eq!(
        responses["429"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/TooManyRequestsErrorResponse"
    );
    // The headers a 429 variant sends are declared; a 404 sends none.
    let headers = responses["429"]["headers"].as_object().unwrap();
    let names: Vec<&str> = headers.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "Retry-After"
        ]
    );
    assert_eq!(headers["Retry-After"]["schema"]["type"], "integer");
    assert!(responses["404"].get("headers").is_none());
    assert!(responses["500"]["description"]
        .as_str()
        .unwrap()
        .contains("unkey/application/unexpected_error"));
    // A transparent field's answers are listed; a status Unkey's spec has no component for has
    // the envelope inline.
    assert_eq!(
        responses["402"]["description"],
        "Payment Required: frontline/capacity/spend_limit_reached"
    );
    assert_eq!(
        responses["402"]["content"]["application/json"]["schema"]["type"],
        "object"
    );
    // Every referenced component is in the document.
    let schemas = &doc["components"]["schemas"];
    for status in ["404", "429", "500"] {
        let reference = responses[status]["content"]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()["schema"]["$ref"]
            .as_str()
            .unwrap();
        let name = reference.trim_start_matches("#/components/schemas/");
        assert!(schemas.get(name).is_some(), "{name}");
    }
}

/// Every `$ref` in a JSON document.
#[cfg(all(feature = "utoipa", feature = "derive"))]
fn collect_refs(value: &serde_json::Value, refs: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", serde_json::Value::String(reference)) => refs.push(reference.clone()),
                    _ => collect_refs(value, refs),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}
