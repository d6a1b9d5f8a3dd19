//! `components/schemas` → Rust types, with typify.

use anyhow::{Context, Result};
use schemars::schema::Schema;
use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings};

use super::schema;

/// Generates the (unformatted) items of `generated/types.rs`.
pub fn generate(spec: &Value) -> Result<syn::File> {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .context("the spec has no components/schemas")?;

    let mut definitions = Vec::with_capacity(schemas.len());
    for (name, openapi_schema) in schemas {
        let json_schema = schema::convert(openapi_schema, &format!("components/schemas/{name}"))?;
        let schema: Schema = serde_json::from_value(json_schema)
            .with_context(|| format!("components/schemas/{name} is not a valid JSON schema"))?;
        definitions.push((name.clone(), schema));
    }

    let mut settings = TypeSpaceSettings::default();
    settings
        .with_struct_builder(false)
        .with_derive("PartialEq".to_string());
    let mut type_space = TypeSpace::new(&settings);
    type_space
        .add_ref_types(definitions)
        .context("typify could not convert components/schemas")?;

    let file: syn::File =
        syn::parse2(type_space.to_stream()).context("typify produced unparsable code")?;
    Ok(plainer(file))
}

/// Drops what typify always emits but this crate does not need: the `error` module when nothing
/// uses it (it is the error of `FromStr`/`TryFrom`, which only string enums and constrained types
/// have) and the `impl From<&T> for T` clone shims.
fn plainer(mut file: syn::File) -> syn::File {
    file.items.retain(|item| !is_ref_clone_impl(item));
    let uses_error_mod = file.items.iter().any(|item| {
        !matches!(item, syn::Item::Mod(m) if m.ident == "error")
            && quote_string(item).contains("error :: ConversionError")
    });
    if !uses_error_mod {
        file.items
            .retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "error"));
    }
    file
}

/// `impl ::std::convert::From<&Foo> for Foo { fn from(value: &Foo) -> Self { value.clone() } }`
fn is_ref_clone_impl(item: &syn::Item) -> bool {
    let syn::Item::Impl(imp) = item else {
        return false;
    };
    let Some((_, trait_path, _)) = &imp.trait_ else {
        return false;
    };
    let is_from = trait_path
        .segments
        .last()
        .is_some_and(|s| s.ident == "From");
    let body = quote_string(item);
    is_from && body.contains("value . clone ()") && body.contains("From < & ")
}

fn quote_string(item: &syn::Item) -> String {
    use quote::ToTokens;
    item.to_token_stream().to_string()
}
