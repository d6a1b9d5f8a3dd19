//! `paths` → one query struct per operation with query parameters (`generated/params.rs`), one
//! pure URL function per operation (`generated/paths.rs`) and one browser method per operation on
//! `Client` over gloo-net (`generated/client.rs`).
//!
//! Path parameters are arguments (`height: &str`): they are required, so the compiler must ask
//! for them. Query parameters are optional, so each operation that has some takes ONE struct of
//! `Option` fields with `Default` (`&OpenContractsQuery { status: Some(..), ..Default::default() }`),
//! instead of a row of `None`s whose meaning depends on their position. A `Default` struct that
//! also held the path parameters would let `..Default::default()` fill a path with `""`.
//!
//! The code is built as text and parsed with syn (so a generator mistake fails here, not in the
//! crate), then formatted by the caller.

use std::fmt::Write as _;

use anyhow::{bail, Context, Result};
use serde_json::Value;

const METHODS: &[&str] = &["get", "post", "put", "delete", "patch"];

/// One operation of the spec, as the generators need it.
#[derive(Debug)]
pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub params: Vec<Param>,
    /// Schema name of the JSON request body.
    pub body: Option<String>,
    /// The request body is `multipart/form-data`: the operation gets its URL builder, and its
    /// browser method is written by hand in the crate (a form holds files, not a schema's JSON).
    pub multipart: bool,
    pub response: Response,
    /// The operation accepts the key in the `X-API-Key` header (its `security` names an
    /// `apiKey` scheme `in: header`): the client then sends the key it was given.
    pub key_header: bool,
}

#[derive(Debug)]
pub struct Param {
    pub name: String,
    pub in_path: bool,
    pub description: Option<String>,
    pub kind: ParamKind,
}

/// The schema of a parameter, as far as Rust cares.
#[derive(Debug)]
pub enum ParamKind {
    Integer,
    Number,
    Boolean,
    Text,
    /// A `$ref` to a string enum of `components/schemas` (its typify type, `Display`s the wire
    /// value).
    Enum(String),
}

/// Rust keywords a parameter may be named after (`type`): written as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield", "abstract", "become",
];

impl Param {
    /// The Rust identifier of the parameter: its name, or `r#name` for a keyword (`r#type`).
    fn ident(&self) -> String {
        if KEYWORDS.contains(&self.name.as_str()) {
            format!("r#{}", self.name)
        } else {
            self.name.clone()
        }
    }
}

impl ParamKind {
    /// Type of a query struct field (inside its `Option`).
    fn field_type(&self) -> &str {
        match self {
            Self::Integer => "i64",
            Self::Number => "f64",
            Self::Boolean => "bool",
            Self::Text => "String",
            Self::Enum(name) => name,
        }
    }

    /// Type of a path-parameter argument (enums are `Copy`).
    fn argument_type(&self) -> &str {
        match self {
            Self::Text => "&str",
            other => other.field_type(),
        }
    }
}

#[derive(Debug)]
pub enum Response {
    /// `200 application/json` with this schema: an async method returning it.
    Json(String),
    /// `200` with a non-JSON body (bytes): a URL builder for `<img src>` / `<iframe src>`.
    Binary,
}

/// Reads every operation from `paths`, ordered as `path_order` lists the paths (the spec's
/// order), then by method.
pub fn operations(spec: &Value, path_order: &[String]) -> Result<Vec<Operation>> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .context("the spec has no paths")?;
    let mut ops = Vec::new();
    for (path, item) in paths {
        let shared = item.get("parameters").and_then(Value::as_array);
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let at = format!("{} {path}", method.to_uppercase());
            ops.push(operation(spec, path, method, op, shared, &at).with_context(|| at.clone())?);
        }
    }
    let position = |path: &str| {
        path_order
            .iter()
            .position(|p| p == path)
            .unwrap_or(usize::MAX)
    };
    ops.sort_by_key(|op| position(&op.path)); // stable: methods stay in METHODS order
    let mut seen = std::collections::BTreeSet::new();
    let mut structs = std::collections::BTreeSet::new();
    for op in &ops {
        if !seen.insert(op.id.as_str()) {
            bail!("operationId {:?} is used twice", op.id);
        }
        if let Some(name) = op.query_struct() {
            if !structs.insert(name.clone()) {
                bail!(
                    "{}: its query struct {name} is another operation's too",
                    op.id
                );
            }
            if spec
                .pointer(&format!("/components/schemas/{name}"))
                .is_some()
            {
                bail!(
                    "{}: its query struct {name} has the name of a schema; rename one of them",
                    op.id
                );
            }
        }
    }
    Ok(ops)
}

impl Operation {
    /// `get_open_contracts` → `OpenContractsQuery`; `None` without query parameters.
    pub fn query_struct(&self) -> Option<String> {
        self.query_params().next()?; // no query parameters, no struct
        let words = self.id.strip_prefix("get_").unwrap_or(&self.id);
        let mut name: String = words
            .split('_')
            .filter(|w| !w.is_empty())
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .collect();
        name.push_str("Query");
        Some(name)
    }

    fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.in_path)
    }

    fn query_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.in_path)
    }
}

fn operation(
    spec: &Value,
    path: &str,
    method: &str,
    op: &Value,
    shared: Option<&Vec<Value>>,
    at: &str,
) -> Result<Operation> {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .context("no operationId")?
        .to_owned();
    if !is_snake_case_ident(&id) {
        bail!("operationId {id:?} is not a snake_case Rust identifier");
    }

    let mut params = Vec::new();
    let own = op.get("parameters").and_then(Value::as_array);
    for raw in shared
        .into_iter()
        .flatten()
        .chain(own.into_iter().flatten())
    {
        let p = resolve(spec, raw)?;
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .context("parameter without name")?;
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
        let in_path = match location {
            "path" => true,
            "query" => false,
            other => bail!("parameter {name:?}: `in: {other}` is not supported"),
        };
        if !is_snake_case_ident(name) {
            bail!("parameter {name:?} is not a snake_case Rust identifier");
        }
        let kind = match p.get("schema") {
            Some(schema) => {
                param_kind(spec, schema).with_context(|| format!("parameter {name:?}"))?
            }
            None => ParamKind::Text,
        };
        params.push(Param {
            name: name.to_owned(),
            in_path,
            description: p
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            kind,
        });
    }
    // Path parameters first (in spec order), then query parameters (in spec order).
    params.sort_by_key(|p| !p.in_path);
    for p in params.iter().filter(|p| p.in_path) {
        if !path.contains(&format!("{{{}}}", p.name)) {
            bail!("path parameter {:?} is not in the path", p.name);
        }
    }

    let multipart = op
        .pointer("/requestBody/content/multipart~1form-data")
        .is_some();
    let body = match op.get("requestBody") {
        None => None,
        Some(_) if multipart => None,
        Some(body) => {
            let schema = body
                .pointer("/content/application~1json/schema")
                .context("request body is not application/json")?;
            Some(schema_name(schema).context("request body schema must be a $ref")?)
        }
    };

    // The success answer: 200, or 201 for the calls that create something (proposals, rework).
    let ok = op
        .pointer("/responses/200")
        .or_else(|| op.pointer("/responses/201"))
        .map(|r| resolve(spec, r))
        .transpose()?
        .with_context(|| format!("{at}: no 200 or 201 response"))?;
    let content = ok.get("content").and_then(Value::as_object);
    let response = match content.and_then(|c| c.get("application/json")) {
        Some(json) => Response::Json(
            json.get("schema")
                .and_then(schema_name)
                .context("200 application/json schema must be a $ref")?,
        ),
        None => Response::Binary,
    };

    Ok(Operation {
        id,
        method: method.to_owned(),
        path: path.to_owned(),
        summary: op.get("summary").and_then(Value::as_str).map(str::to_owned),
        params,
        body,
        multipart,
        response,
        key_header: takes_header_key(spec, op),
    })
}

/// Does one of the operation's security requirements name an `apiKey` scheme `in: header`?
fn takes_header_key(spec: &Value, op: &Value) -> bool {
    let Some(requirements) = op.get("security").and_then(Value::as_array) else {
        return false;
    };
    requirements
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|r| r.keys())
        .filter_map(|name| spec.pointer(&format!("/components/securitySchemes/{name}")))
        .any(|scheme| {
            scheme.get("type").and_then(Value::as_str) == Some("apiKey")
                && scheme.get("in").and_then(Value::as_str) == Some("header")
        })
}

/// A parameter's schema: a plain type, or a `$ref` to a string enum of `components/schemas`.
fn param_kind(spec: &Value, schema: &Value) -> Result<ParamKind> {
    if let Some(name) = schema_name(schema) {
        let target = resolve(spec, schema)?;
        let is_string_enum = target.get("type").and_then(Value::as_str) == Some("string")
            && target.get("enum").is_some_and(Value::is_array);
        if !is_string_enum {
            bail!("$ref to {name}: only string enums are supported as parameter schemas");
        }
        return Ok(ParamKind::Enum(name));
    }
    Ok(match schema.get("type").and_then(Value::as_str) {
        Some("integer") => ParamKind::Integer,
        Some("number") => ParamKind::Number,
        Some("boolean") => ParamKind::Boolean,
        Some("string") | None => ParamKind::Text,
        Some(other) => bail!("type {other} is not supported"),
    })
}

/// Follows a local `$ref` (`#/components/...`), once.
fn resolve(spec: &Value, value: &Value) -> Result<Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .with_context(|| format!("only local $refs are supported: {reference}"))?;
            spec.pointer(pointer)
                .cloned()
                .with_context(|| format!("dangling $ref {reference}"))
        }
        None => Ok(value.clone()),
    }
}

fn schema_name(schema: &Value) -> Option<String> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
}

fn is_snake_case_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The pieces of a path template: literal text, or a parameter name.
enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

fn pieces(path: &str) -> Result<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').context("unclosed { in path")? + open;
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    for piece in &out {
        if let Piece::Literal(text) = piece {
            let safe = |c: char| c.is_ascii_alphanumeric() || "/-._~".contains(c);
            if !text.chars().all(safe) {
                bail!("path {path:?}: literal {text:?} would need percent-encoding");
            }
        }
    }
    Ok(out)
}

/// Rust text of an argument list: the path parameters, then the query struct
/// (`height: &str, query: &BlockInscriptionsQuery`).
fn arguments(op: &Operation) -> String {
    op.path_params()
        .map(|p| format!("{}: {}", p.ident(), p.kind.argument_type()))
        .chain(op.query_struct().map(|name| format!("query: &{name}")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn argument_names(op: &Operation) -> String {
    op.path_params()
        .map(Param::ident)
        .chain(op.query_struct().map(|_| "query".to_owned()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `use crate::params::{..};` for the query structs of `ops` (empty when there are none).
fn use_params<'a>(ops: impl IntoIterator<Item = &'a Operation>) -> String {
    let names: Vec<String> = ops
        .into_iter()
        .filter_map(Operation::query_struct)
        .collect();
    if names.is_empty() {
        return String::new();
    }
    format!("use crate::params::{{{}}};\n", names.join(", "))
}

fn doc(text: &str) -> String {
    text.lines().map(|l| format!("/// {l}\n")).collect()
}

/// `generated/params.rs`: one struct of optional query parameters per operation that has any.
pub fn generate_params(ops: &[Operation]) -> Result<syn::File> {
    let enums: std::collections::BTreeSet<&str> = ops
        .iter()
        .flat_map(|op| op.query_params())
        .filter_map(|p| match &p.kind {
            ParamKind::Enum(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let mut code = String::new();
    if !enums.is_empty() {
        let list = enums.into_iter().collect::<Vec<_>>().join(", ");
        writeln!(code, "use crate::types::{{{list}}};")?;
    }
    for op in ops {
        let Some(name) = op.query_struct() else {
            continue;
        };
        write!(
            code,
            "{}#[derive(Clone, Debug, Default, PartialEq)]\npub struct {name} {{\n",
            doc(&format!(
                "Query parameters of `{} {}` (`{}`); `None` leaves a parameter out of the URL.",
                op.method.to_uppercase(),
                op.path,
                op.id
            )),
        )?;
        for p in op.query_params() {
            let docs = p.description.as_deref().map(doc).unwrap_or_default();
            writeln!(
                code,
                "{docs}pub {}: Option<{}>,",
                p.ident(),
                p.kind.field_type()
            )?;
        }
        code.push_str("}\n");
    }
    syn::parse_str(&code).context("generated params.rs does not parse")
}

/// `generated/paths.rs`: pure URL builders, compiled everywhere (host-testable).
pub fn generate_paths(ops: &[Operation]) -> Result<syn::File> {
    let mut code = use_params(ops);
    code.push_str("use crate::url::UrlBuilder;\n");
    for op in ops {
        let mut chain = String::from("UrlBuilder::new(base)");
        for piece in pieces(&op.path)? {
            match piece {
                Piece::Literal(text) => write!(chain, ".path({text:?})")?,
                Piece::Param(name) => {
                    let p = op
                        .params
                        .iter()
                        .find(|p| p.in_path && p.name == name)
                        .with_context(|| {
                            format!("{}: {{{name}}} is not a path parameter", op.path)
                        })?;
                    let ident = p.ident();
                    if matches!(p.kind, ParamKind::Text) {
                        write!(chain, ".segment({ident})")?;
                    } else {
                        write!(chain, ".segment(&{ident}.to_string())")?;
                    }
                }
            }
        }
        for p in op.query_params() {
            write!(chain, ".query({:?}, query.{}.as_ref())", p.name, p.ident())?;
        }
        let args = arguments(op);
        let sep = if args.is_empty() { "" } else { ", " };
        writeln!(
            code,
            "{}pub fn {}(base: &str{sep}{args}) -> String {{ {chain}.finish() }}",
            doc(&format!(
                "URL of `{} {}` (`{}`), below `base` (\"\" = same origin).",
                op.method.to_uppercase(),
                op.path,
                op.id
            )),
            op.id,
        )?;
    }
    syn::parse_str(&code).context("generated paths.rs does not parse")
}

/// `generated/client.rs`: the browser client (feature `client`).
pub fn generate_client(ops: &[Operation]) -> Result<syn::File> {
    let mut types = std::collections::BTreeSet::new();
    let ops: Vec<&Operation> = ops.iter().filter(|op| !op.multipart).collect();
    for op in &ops {
        if let Response::Json(name) = &op.response {
            types.insert(name.as_str());
        }
        if let Some(body) = &op.body {
            types.insert(body.as_str());
        }
    }
    let mut code = format!(
        "use crate::error::{{decode_answer, ApiError}};\n\
         {}use crate::paths;\n\
         use crate::types::{{{}}};\n",
        use_params(ops.iter().copied()),
        types.into_iter().collect::<Vec<_>>().join(", ")
    );
    code.push_str(CLIENT_PRELUDE);

    for op in ops {
        let args = arguments(op);
        let names = argument_names(op);
        let sep = if names.is_empty() { "" } else { ", " };
        let mut docs = String::new();
        if let Some(summary) = &op.summary {
            docs.push_str(&doc(summary));
            docs.push_str("///\n");
        }
        docs.push_str(&doc(&format!("`{} {}`", op.method.to_uppercase(), op.path)));
        match &op.response {
            Response::Binary => {
                if op.body.is_some() || op.method != "get" {
                    bail!(
                        "{}: a binary answer is only supported for GET without body",
                        op.id
                    );
                }
                write!(
                    code,
                    "{docs}///\n/// The answer is bytes: use this URL in `<img src>` / `<iframe src>`.\n\
                     pub fn {id}_url(&self{sep}{args}) -> String {{\n\
                         paths::{id}(&self.base_url{sep}{names})\n\
                     }}\n",
                    id = op.id,
                )?;
            }
            Response::Json(answer) => {
                let (body_arg, body_value) = match &op.body {
                    Some(body) => (format!(", body: &{body}"), "Some(body)"),
                    None => (String::new(), "None::<&()>"),
                };
                let args_sep = if args.is_empty() { "" } else { ", " };
                write!(
                    code,
                    "{docs}pub async fn {id}(&self{args_sep}{args}{body_arg}) -> Result<{answer}, ApiError> {{\n\
                         let url = paths::{id}(&self.base_url{sep}{names});\n\
                         self.send(gloo_net::http::Request::{method}(&url), {body_value}, {key_header}).await\n\
                     }}\n",
                    id = op.id,
                    method = op.method,
                    key_header = op.key_header,
                )?;
            }
        }
    }
    code.push_str("}\n");
    syn::parse_str(&code).context("generated client.rs does not parse")
}

const CLIENT_PRELUDE: &str = r#"
/// The Stargate backend, from the browser. Cheap to clone.
///
/// Every request is sent with `credentials: include` (the httpOnly `X-API-Key` cookie crosses
/// origins), `Accept: application/json`, and the abort signal given to [`Client::with_signal`].
/// Operations whose spec accepts the key in the `X-API-Key` header send the key given to
/// [`Client::with_api_key`] there (the smart-contract routes read no other place). Every
/// answer must come within the client's timeout (30 s unless [`Client::with_timeout_ms`]) and
/// be at most 16 MB (`limits.rs`, `transport.rs`). Answers are read as text and decoded by
/// [`decode_answer`], so every failure is one [`ApiError`] (a 429 with its `Retry-After`).
#[derive(Clone)]
pub struct Client {
    base_url: String,
    signal: Option<web_sys::AbortSignal>,
    api_key: Option<String>,
    timeout_ms: u32,
}

impl Default for Client {
    fn default() -> Self {
        Self::new("")
    }
}

/// Never prints the key.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the backend at `base_url` (trailing `/` trimmed); `""` means the page's own
    /// origin (relative URLs).
    pub fn new(base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        base_url.truncate(base_url.trim_end_matches('/').len());
        Self { base_url, signal: None, api_key: None, timeout_ms: crate::limits::DEFAULT_TIMEOUT_MS }
    }

    /// The base URL, without trailing `/` (`""` = same origin).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A client whose requests are aborted with `signal` (they then fail with
    /// [`ApiError::Network`]).
    pub fn with_signal(&self, signal: web_sys::AbortSignal) -> Self {
        Self { signal: Some(signal), ..self.clone() }
    }

    /// A client that sends `key` as the `X-API-Key` header to the operations that read it
    /// there (`None`: no header).
    pub fn with_api_key(&self, key: Option<String>) -> Self {
        Self { api_key: key, ..self.clone() }
    }

    /// A client whose requests fail with [`ApiError::Network`] when no whole answer came
    /// within `timeout_ms` (at least 1 ms).
    pub fn with_timeout_ms(&self, timeout_ms: u32) -> Self {
        Self { timeout_ms: timeout_ms.max(1), ..self.clone() }
    }

    /// The key given to [`Client::with_api_key`], for hand-written operations of this crate.
    pub(crate) fn api_key(&self) -> Option<&str> {
        self.api_key.as_deref()
    }

    /// The limits of one exchange (the client's signal and timeout), for hand-written
    /// operations of this crate.
    pub(crate) fn limit(&self) -> crate::transport::Limit {
        crate::transport::Limit::new(self.signal.as_ref(), self.timeout_ms)
    }

    /// One operation: the body as JSON, the exchange, the answer decoded as `T`. Only the
    /// encoding and the decoding depend on the types; the exchange is one function for all
    /// operations, so its code is not repeated per operation in the wasm.
    pub(crate) async fn send<B, T>(&self, request: gloo_net::http::RequestBuilder, body: Option<&B>, key_header: bool) -> Result<T, ApiError>
    where
        B: serde::Serialize + ?Sized,
        T: serde::de::DeserializeOwned,
    {
        let json = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| ApiError::Network(format!("the request could not be encoded: {e}")))?;
        let answer = self.exchange(request, json, key_header).await?;
        decode_answer(answer.status, answer.content_type.as_deref(), answer.retry_after.as_deref(), &answer.text)
    }

    /// Sends `request` with the client's credentials, signal and (where the operation reads
    /// it) key, and reads the answer whatever its status, within the time and size limits.
    async fn exchange(&self, request: gloo_net::http::RequestBuilder, json: Option<String>, key_header: bool) -> Result<crate::transport::Answer, ApiError> {
        let limit = crate::transport::Limit::new(self.signal.as_ref(), self.timeout_ms);
        let mut request = request
            .credentials(web_sys::RequestCredentials::Include)
            .header("Accept", "application/json")
            .abort_signal(limit.signal().as_ref());
        if let (true, Some(key)) = (key_header, &self.api_key) {
            request = request.header("X-API-Key", key);
        }
        let request = match json {
            Some(json) => request.header("Content-Type", "application/json").body(json),
            None => request.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        limit.exchange(request).await
    }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(parameters: Value) -> Value {
        json!({
            "paths": {"/api/things/{id}": {"get": {
                "operationId": "get_things",
                "parameters": parameters,
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Things"}}}}}
            }}},
            "components": {"schemas": {
                "Things": {"type": "object"},
                "Colour": {"type": "string", "enum": ["red", "blue"]},
            }}
        })
    }

    fn ops(spec: &Value) -> Result<Vec<Operation>> {
        operations(spec, &["/api/things/{id}".to_owned()])
    }

    #[test]
    fn query_parameters_become_one_struct_and_path_parameters_stay_arguments() {
        let spec = spec(json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "colour", "in": "query", "description": "Which one.",
             "schema": {"$ref": "#/components/schemas/Colour"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
        ]));
        let ops = ops(&spec).unwrap();
        assert_eq!(ops[0].query_struct().as_deref(), Some("ThingsQuery"));
        assert_eq!(arguments(&ops[0]), "id: &str, query: &ThingsQuery");

        let params = prettyplease::unparse(&generate_params(&ops).unwrap());
        assert!(params.contains("use crate::types::Colour;"), "{params}");
        assert!(params.contains("#[derive(Clone, Debug, Default, PartialEq)]"));
        assert!(params.contains("/// Which one.\n    pub colour: Option<Colour>,"));
        assert!(params.contains("pub limit: Option<i64>,"));

        let paths = prettyplease::unparse(&generate_paths(&ops).unwrap());
        assert!(paths.contains("pub fn get_things(base: &str, id: &str, query: &ThingsQuery)"));
        assert!(
            paths.contains(".query(\"colour\", query.colour.as_ref())"),
            "{paths}"
        );
    }

    #[test]
    fn keyword_parameters_become_raw_identifiers() {
        let spec = spec(json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "type", "in": "query", "schema": {"type": "string"}},
        ]));
        let ops = ops(&spec).unwrap();
        let params = prettyplease::unparse(&generate_params(&ops).unwrap());
        assert!(params.contains("pub r#type: Option<String>,"), "{params}");
        let paths = prettyplease::unparse(&generate_paths(&ops).unwrap());
        assert!(
            paths.contains(".query(\"type\", query.r#type.as_ref())"),
            "{paths}"
        );
    }

    #[test]
    fn operations_without_query_parameters_take_no_struct() {
        let spec = spec(json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
        ]));
        let ops = ops(&spec).unwrap();
        assert_eq!(ops[0].query_struct(), None);
        assert_eq!(arguments(&ops[0]), "id: i64");
        let params = prettyplease::unparse(&generate_params(&ops).unwrap());
        assert!(!params.contains("struct"), "{params}");
    }

    #[test]
    fn a_ref_to_a_schema_that_is_not_a_string_enum_is_refused() {
        let spec = spec(json!([
            {"name": "thing", "in": "query", "schema": {"$ref": "#/components/schemas/Things"}},
        ]));
        let error = format!("{:#}", ops(&spec).unwrap_err());
        assert!(error.contains("only string enums"), "{error}");
    }

    #[test]
    fn a_query_struct_may_not_shadow_a_schema() {
        let mut spec =
            spec(json!([{"name": "limit", "in": "query", "schema": {"type": "integer"}}]));
        spec["components"]["schemas"]["ThingsQuery"] = json!({"type": "object"});
        let error = format!("{:#}", ops(&spec).unwrap_err());
        assert!(error.contains("has the name of a schema"), "{error}");
    }

    #[test]
    fn only_operations_whose_security_reads_a_header_key_send_it() {
        let mut spec = spec(json!([]));
        spec["components"]["securitySchemes"] = json!({
            "Header": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "Cookie": {"type": "apiKey", "in": "cookie", "name": "X-API-Key"},
        });
        let op = |spec: &Value| ops(spec).unwrap().remove(0).key_header;
        assert!(!op(&spec), "no security");
        spec["paths"]["/api/things/{id}"]["get"]["security"] = json!([{"Cookie": []}]);
        assert!(!op(&spec), "cookie only");
        spec["paths"]["/api/things/{id}"]["get"]["security"] =
            json!([{"Cookie": []}, {"Header": []}]);
        assert!(op(&spec), "header among others");
        let client = prettyplease::unparse(&generate_client(&ops(&spec).unwrap()).unwrap());
        assert!(client.contains("None::<&()>, true)"), "{client}");
    }

    #[test]
    fn a_multipart_body_gets_a_url_builder_and_no_generated_method() {
        let mut spec = spec(json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
        ]));
        spec["paths"]["/api/things/{id}"]["get"]["requestBody"] = json!({"content": {
            "multipart/form-data": {"schema": {"type": "object"}}}});
        let ops = ops(&spec).unwrap();
        assert!(ops[0].multipart && ops[0].body.is_none());
        let paths = prettyplease::unparse(&generate_paths(&ops).unwrap());
        assert!(
            paths.contains("pub fn get_things(base: &str, id: &str)"),
            "{paths}"
        );
        let client = prettyplease::unparse(&generate_client(&ops).unwrap());
        assert!(!client.contains("fn get_things"), "{client}");
        assert!(!client.contains("Things"), "no unused import: {client}");
    }
}
