//! OpenAPI 3.0 schema objects → JSON Schema (draft 7 as schemars 0.8 reads it), for typify.
//!
//! OpenAPI 3.0 is not JSON Schema. The differences that matter for this spec:
//!
//! * `nullable: true` has no JSON-Schema meaning: it becomes a `null` member of the type
//!   (`type: [array, "null"]`), or — when the schema has no `type` (a `$ref` or an `allOf`) —
//!   `anyOf: [<schema>, {type: "null"}]`. typify turns both into `Option<T>`.
//! * `$ref: '#/components/schemas/X'` becomes `#/definitions/X`.
//! * OpenAPI-only keywords (`example`, `xml`, `externalDocs`, `discriminator`, `readOnly`,
//!   `writeOnly`, `deprecated`) are dropped.
//! * A property that is NOT required and is a free-form object (`additionalProperties: true`,
//!   no `properties`) is made nullable as well, so typify emits `Option<Map>` for it (like every
//!   other optional field) instead of a `Map` that drops empty maps when serialising. This only
//!   widens what is accepted (an explicit `null` for an optional field).

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};

const OPENAPI_PREFIX: &str = "#/components/schemas/";
const JSON_SCHEMA_PREFIX: &str = "#/definitions/";

/// Keywords that OpenAPI 3.0 adds to schema objects and JSON Schema does not know.
const OPENAPI_ONLY: &[&str] = &[
    "nullable",
    "example",
    "xml",
    "externalDocs",
    "discriminator",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Converts one OpenAPI schema object (recursively). `at` names it in error messages.
pub fn convert(schema: &Value, at: &str) -> Result<Value> {
    let Value::Object(object) = schema else {
        if schema.is_boolean() {
            return Ok(schema.clone());
        }
        bail!("{at}: a schema must be an object, found {schema}");
    };
    let mut out = Map::new();
    for (key, value) in object {
        if OPENAPI_ONLY.contains(&key.as_str()) {
            continue;
        }
        let converted = match key.as_str() {
            "$ref" => Value::String(convert_ref(value, at)?),
            "properties" => {
                let props = value
                    .as_object()
                    .with_context(|| format!("{at}: `properties` must be a map"))?;
                let required: Vec<&str> = object
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut converted = Map::new();
                for (name, prop) in props {
                    let path = format!("{at}.{name}");
                    let mut prop = prop.clone();
                    if !required.contains(&name.as_str()) && is_free_form_object(&prop) {
                        prop["nullable"] = Value::Bool(true);
                    }
                    converted.insert(name.clone(), convert(&prop, &path)?);
                }
                Value::Object(converted)
            }
            "items" | "not" => convert(value, &format!("{at}.{key}"))?,
            "additionalProperties" if value.is_object() => {
                convert(value, &format!("{at}.additionalProperties"))?
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = value
                    .as_array()
                    .with_context(|| format!("{at}: `{key}` must be a list"))?;
                Value::Array(
                    list.iter()
                        .enumerate()
                        .map(|(i, s)| convert(s, &format!("{at}.{key}[{i}]")))
                        .collect::<Result<_>>()?,
                )
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }

    if object.get("nullable").and_then(Value::as_bool) == Some(true) {
        return Ok(make_nullable(out));
    }
    Ok(Value::Object(out))
}

fn convert_ref(value: &Value, at: &str) -> Result<String> {
    let reference = value
        .as_str()
        .with_context(|| format!("{at}: `$ref` must be a string"))?;
    match reference.strip_prefix(OPENAPI_PREFIX) {
        Some(name) => Ok(format!("{JSON_SCHEMA_PREFIX}{name}")),
        None => bail!("{at}: unsupported $ref {reference:?} (only {OPENAPI_PREFIX}… is supported)"),
    }
}

/// `type: object`, `additionalProperties: true` (or a schema), and no `properties`.
fn is_free_form_object(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        && schema.get("properties").is_none()
        && schema
            .get("additionalProperties")
            .is_some_and(|a| a.as_bool() == Some(true) || a.is_object())
}

fn make_nullable(mut schema: Map<String, Value>) -> Value {
    match schema.get("type") {
        Some(Value::String(t)) => {
            let t = t.clone();
            schema.insert("type".into(), json!([t, "null"]));
            Value::Object(schema)
        }
        Some(Value::Array(types)) => {
            let mut types = types.clone();
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            schema.insert("type".into(), Value::Array(types));
            Value::Object(schema)
        }
        _ => {
            // `$ref` / `allOf` without a type: a union with null. The description stays on
            // the outer schema so it ends up on the field.
            let mut outer = Map::new();
            if let Some(description) = schema.remove("description") {
                outer.insert("description".into(), description);
            }
            let inner = match (schema.len(), schema.get("allOf")) {
                // `allOf: [one]` (the OpenAPI 3.0 idiom for a described/nullable $ref)
                (1, Some(Value::Array(all))) if all.len() == 1 => all[0].clone(),
                _ => Value::Object(schema),
            };
            outer.insert("anyOf".into(), json!([inner, {"type": "null"}]));
            Value::Object(outer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_array_gets_a_null_type() {
        let s =
            json!({"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/X"}});
        assert_eq!(
            convert(&s, "t").unwrap(),
            json!({"type": ["array", "null"], "items": {"$ref": "#/definitions/X"}})
        );
    }

    #[test]
    fn nullable_all_of_becomes_any_of_with_null() {
        let s = json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]});
        assert_eq!(
            convert(&s, "t").unwrap(),
            json!({"anyOf": [{"$ref": "#/definitions/X"}, {"type": "null"}]})
        );
    }

    #[test]
    fn optional_free_form_objects_become_nullable() {
        let s = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "object", "additionalProperties": true},
            "b": {"type": "object", "additionalProperties": true},
        }});
        let out = convert(&s, "t").unwrap();
        assert_eq!(out["properties"]["a"]["type"], json!("object"));
        assert_eq!(out["properties"]["b"]["type"], json!(["object", "null"]));
    }

    #[test]
    fn foreign_refs_are_refused() {
        let s = json!({"$ref": "other.yaml#/X"});
        assert!(convert(&s, "t")
            .unwrap_err()
            .to_string()
            .contains("unsupported $ref"));
    }
}
