//! `paths` → one pure URL function per operation (`generated/paths.rs`) and one browser method
//! per operation on `Client` over gloo-net (`generated/client.rs`).
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
    pub response: Response,
}

#[derive(Debug)]
pub struct Param {
    pub name: String,
    pub in_path: bool,
    /// Rust type of the argument, without the `Option` of query parameters.
    pub rust_type: &'static str,
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
    for op in &ops {
        if !seen.insert(op.id.as_str()) {
            bail!("operationId {:?} is used twice", op.id);
        }
    }
    Ok(ops)
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
        let schema = p.get("schema").map(|s| resolve(spec, s)).transpose()?;
        let ty = schema
            .as_ref()
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str);
        let rust_type = match ty {
            Some("integer") => "i64",
            Some("number") => "f64",
            Some("boolean") => "bool",
            Some("string") | None => "&str",
            Some(other) => bail!("parameter {name:?}: type {other} is not supported"),
        };
        params.push(Param {
            name: name.to_owned(),
            in_path,
            rust_type,
        });
    }
    // Path parameters first (in spec order), then query parameters (in spec order).
    params.sort_by_key(|p| !p.in_path);
    for p in params.iter().filter(|p| p.in_path) {
        if !path.contains(&format!("{{{}}}", p.name)) {
            bail!("path parameter {:?} is not in the path", p.name);
        }
    }

    let body = match op.get("requestBody") {
        None => None,
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
        response,
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

/// Rust text of an argument list (`height: &str, limit: Option<i64>`).
fn arguments(op: &Operation) -> String {
    op.params
        .iter()
        .map(|p| {
            if p.in_path {
                format!("{}: {}", p.name, p.rust_type)
            } else {
                format!("{}: Option<{}>", p.name, p.rust_type)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn argument_names(op: &Operation) -> String {
    op.params
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn doc(text: &str) -> String {
    text.lines().map(|l| format!("/// {l}\n")).collect()
}

/// `generated/paths.rs`: pure URL builders, compiled everywhere (host-testable).
pub fn generate_paths(ops: &[Operation]) -> Result<syn::File> {
    let mut code = String::from("use crate::url::UrlBuilder;\n");
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
                    if p.rust_type == "&str" {
                        write!(chain, ".segment({name})")?;
                    } else {
                        write!(chain, ".segment(&{name}.to_string())")?;
                    }
                }
            }
        }
        for p in op.params.iter().filter(|p| !p.in_path) {
            write!(chain, ".query({:?}, {})", p.name, p.name)?;
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
    for op in ops {
        if let Response::Json(name) = &op.response {
            types.insert(name.as_str());
        }
        if let Some(body) = &op.body {
            types.insert(body.as_str());
        }
    }
    let mut code = format!(
        "use crate::error::{{decode_response, ApiError}};\n\
         use crate::paths;\n\
         use crate::types::{{{}}};\n",
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
                         self.send(gloo_net::http::Request::{method}(&url), {body_value}).await\n\
                     }}\n",
                    id = op.id,
                    method = op.method,
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
/// Answers are read as text and decoded by [`decode_response`], so every failure is one
/// [`ApiError`].
#[derive(Clone, Debug, Default)]
pub struct Client {
    base_url: String,
    signal: Option<web_sys::AbortSignal>,
}

impl Client {
    /// A client for the backend at `base_url` (trailing `/` trimmed); `""` means the page's own
    /// origin (relative URLs).
    pub fn new(base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        base_url.truncate(base_url.trim_end_matches('/').len());
        Self { base_url, signal: None }
    }

    /// The base URL, without trailing `/` (`""` = same origin).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A client whose requests are aborted with `signal` (they then fail with
    /// [`ApiError::Network`]).
    pub fn with_signal(&self, signal: web_sys::AbortSignal) -> Self {
        Self { base_url: self.base_url.clone(), signal: Some(signal) }
    }

    async fn send<B, T>(&self, request: gloo_net::http::RequestBuilder, body: Option<&B>) -> Result<T, ApiError>
    where
        B: serde::Serialize + ?Sized,
        T: serde::de::DeserializeOwned,
    {
        let request = request
            .credentials(web_sys::RequestCredentials::Include)
            .header("Accept", "application/json")
            .abort_signal(self.signal.as_ref());
        let request = match body {
            Some(body) => {
                let json = serde_json::to_string(body)
                    .map_err(|e| ApiError::Network(format!("the request could not be encoded: {e}")))?;
                request.header("Content-Type", "application/json").body(json)
            }
            None => request.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
        let status = response.status();
        let content_type = response.headers().get("content-type");
        let text = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
        decode_response(status, content_type.as_deref(), &text)
    }
"#;
