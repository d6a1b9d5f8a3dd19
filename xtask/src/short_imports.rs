//! Short names for the main module's imports from its JS glue (`cargo xtask split-web`, release).
//!
//! wasm-bindgen names each function the wasm imports from its glue after the Rust item and a
//! hash (`__wbg_signal_fac908876f45725d`), and the module after the glue's file
//! (`./stargate-explorer-<H>_bg.js`). The names are written twice, in the wasm's import section
//! and as the keys of the glue's import object, and their hashes do not compress: about 250
//! imports cost 6 kB of brotli. This renames them in both (`a`, `b`, … and the module `w`),
//! the way emscripten minifies its imports. Nothing else in the wasm changes (every other
//! section is copied byte for byte), and a key the glue does not hold exactly once stops the
//! build: the glue and the wasm must keep agreeing.

use std::collections::BTreeMap;

use anyhow::{ensure, Context, Result};
use wasm_encoder::{EntityType, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// The module name the glue's imports are renamed to.
const SHORT_MODULE: &str = "w";

/// The wasm with every import from `glue` renamed, and the renaming (old name → new name).
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, BTreeMap<String, String>)> {
    let mut renamed = BTreeMap::new();
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.context("reading the main wasm")?;
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        if let Payload::ImportSection(reader) = payload {
            let mut imports = ImportSection::new();
            for import in reader.into_imports() {
                let import = import?;
                let ty = EntityType::try_from(import.ty)
                    .map_err(|_| anyhow::anyhow!("import {} of an unknown kind", import.name))?;
                if import.module == glue {
                    let short = short_name(renamed.len());
                    imports.import(SHORT_MODULE, &short, ty);
                    renamed.insert(import.name.to_string(), short);
                } else {
                    imports.import(import.module, import.name, ty);
                }
            }
            module.section(&imports);
        } else {
            let (start, end) = (range.start as usize, range.end as usize);
            module.section(&RawSection {
                id,
                data: &wasm[start..end],
            });
        }
    }
    ensure!(
        !renamed.is_empty(),
        "the main wasm imports nothing from {glue}"
    );
    Ok((module.finish(), renamed))
}

/// The glue with its import object keyed by the short names: each key is a line
/// `        <name>: function(…` of `__wbg_get_imports`, and the module is `"<glue>": import0`.
pub fn rename_in_glue(js: &str, glue: &str, renamed: &BTreeMap<String, String>) -> Result<String> {
    let mut js = replace_once(
        js,
        &format!("\"{glue}\": import0,"),
        &format!("\"{SHORT_MODULE}\": import0,"),
    )?;
    for (old, new) in renamed {
        js = replace_once(
            &js,
            &format!("\n        {old}: "),
            &format!("\n        {new}: "),
        )?;
    }
    Ok(js)
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    let found = text.matches(from).count();
    ensure!(
        found == 1,
        "the JS glue holds `{}` {found} times, not once: wasm-bindgen's glue changed shape",
        from.trim()
    );
    Ok(text.replacen(from, to, 1))
}

/// `a` … `z`, `A` … `Z`, then `ba`, `bb`, …: short, and valid JS identifiers.
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction,
        TypeSection, ValType,
    };

    const GLUE: &str = "./app-0123_bg.js";

    /// A module importing two functions from the glue and one from the split loader, with a
    /// function of its own that calls the first import.
    fn sample() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        module.section(&types);
        let mut imports = ImportSection::new();
        imports.import(
            GLUE,
            "__wbg_signal_fac908876f45725d",
            EntityType::Function(0),
        );
        imports.import(
            "./split-0123.js",
            "__wasm_split_load_page",
            EntityType::Function(0),
        );
        imports.import(
            GLUE,
            "__wbg_fetch_0123456789abcdef",
            EntityType::Function(0),
        );
        module.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("main", ExportKind::Func, 3);
        module.section(&exports);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instruction(&Instruction::LocalGet(0));
        body.instruction(&Instruction::Call(0));
        body.instruction(&Instruction::End);
        code.function(&body);
        module.section(&code);
        module.finish()
    }

    fn imports_of(wasm: &[u8]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    found.push((import.module.to_string(), import.name.to_string()));
                }
            }
        }
        found
    }

    #[test]
    fn renames_the_glue_imports_only_and_keeps_the_rest() {
        let wasm = sample();
        let (short, renamed) = shorten(&wasm, GLUE).unwrap();
        assert_eq!(
            imports_of(&short),
            [
                ("w", "a"),
                ("./split-0123.js", "__wasm_split_load_page"),
                ("w", "b")
            ]
            .map(|(m, n)| (m.to_string(), n.to_string()))
        );
        assert_eq!(renamed["__wbg_signal_fac908876f45725d"], "a");
        assert_eq!(renamed["__wbg_fetch_0123456789abcdef"], "b");
        wasmparser::validate(&short).unwrap();
        // the sections after the imports are the same bytes
        let tail = |w: &[u8]| w[w.len() - 20..].to_vec();
        assert_eq!(tail(&short), tail(&wasm));
        assert!(short.len() < wasm.len());
    }

    #[test]
    fn the_glue_is_keyed_by_the_new_names() {
        let js = "function __wbg_get_imports() {\n    const import0 = {\n        __proto__: null,\n        \
                  __wbg_signal_fac908876f45725d: function(arg0) {\n        },\n        \
                  __wbg_fetch_0123456789abcdef: function() { return 1; },\n    };\n    return {\n        \
                  \"./app-0123_bg.js\": import0,\n        \"./split-0123.js\": import1,\n    };\n}\n";
        let renamed = shorten(&sample(), GLUE).unwrap().1;
        let out = rename_in_glue(js, GLUE, &renamed).unwrap();
        assert!(out.contains("\n        a: function(arg0)"));
        assert!(out.contains("\n        b: function() { return 1; }"));
        assert!(out.contains("\"w\": import0,"));
        assert!(out.contains("\"./split-0123.js\": import1,"));
        assert!(!out.contains("fac908876f45725d"));
    }

    #[test]
    fn a_glue_that_does_not_match_the_wasm_stops_the_build() {
        let renamed = shorten(&sample(), GLUE).unwrap().1;
        let js =
            "\"./app-0123_bg.js\": import0,\n        __wbg_signal_fac908876f45725d: function() {}";
        let error = rename_in_glue(js, GLUE, &renamed).unwrap_err().to_string();
        assert!(error.contains("__wbg_fetch_0123456789abcdef"), "{error}");
        assert!(error.contains("0 times"), "{error}");
    }

    #[test]
    fn short_names_are_unique_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(
            (names[0].as_str(), names[51].as_str(), names[52].as_str()),
            ("a", "Z", "ba")
        );
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
    }
}
