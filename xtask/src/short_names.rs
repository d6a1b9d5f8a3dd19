//! Short names for what the main module and its JS glue call each other by (`cargo xtask
//! split-web`, release).
//!
//! wasm-bindgen names each function the wasm imports from its glue after the Rust item and a
//! hash (`__wbg_signal_fac908876f45725d`), and the module after the glue's file
//! (`./stargate-explorer-<H>_bg.js`). The names are written twice, in the wasm's import section
//! and as the keys of the glue's import object, and their hashes do not compress: about 250
//! imports cost 6 kB of brotli. This renames them in both (`a`, `b`, … and the module `w`),
//! the way emscripten minifies its imports. Likewise the exports that carry a mangled Rust
//! symbol (wasm-bindgen's closure shims, `_RINvNv…` of up to 180 characters, 0.5 kB of brotli):
//! `_a`, `_b`, … in the export section and in the glue's `wasm.<name>(` calls. The chunks
//! import only the split's own names (`__wasm_split`), which stay. Nothing else in the wasm
//! changes (every other section is copied byte for byte), and a name the glue does not hold as
//! expected stops the build: the glue and the wasm must keep agreeing.

use std::collections::BTreeMap;

use anyhow::{ensure, Context, Result};
use wasm_encoder::{EntityType, ExportKind, ExportSection, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// The module name the glue's imports are renamed to.
const SHORT_MODULE: &str = "w";

/// Old name → new name, for the imports from the glue and the mangled exports.
#[derive(Debug, Default)]
pub struct Renamed {
    pub imports: BTreeMap<String, String>,
    pub exports: BTreeMap<String, String>,
}

/// The wasm with every import from `glue` and every mangled export renamed, and the renaming.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, Renamed)> {
    let mut renamed = Renamed::default();
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.context("reading the main wasm")?;
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        match payload {
            Payload::ImportSection(reader) => {
                let mut imports = ImportSection::new();
                for import in reader.into_imports() {
                    let import = import?;
                    let ty = EntityType::try_from(import.ty).map_err(|_| {
                        anyhow::anyhow!("import {} of an unknown kind", import.name)
                    })?;
                    if import.module == glue {
                        let short = short_name(renamed.imports.len());
                        imports.import(SHORT_MODULE, &short, ty);
                        renamed.imports.insert(import.name.to_string(), short);
                    } else {
                        imports.import(import.module, import.name, ty);
                    }
                }
                module.section(&imports);
            }
            Payload::ExportSection(reader) => {
                let mut exports = ExportSection::new();
                let all: Vec<_> = reader.into_iter().collect::<Result<_, _>>()?;
                for export in &all {
                    let mut name = export.name.to_string();
                    if is_mangled(export.name) {
                        name = format!("_{}", short_name(renamed.exports.len()));
                        ensure!(
                            all.iter().all(|other| other.name != name),
                            "the main wasm already exports {name}, the short name of {}",
                            export.name
                        );
                        renamed
                            .exports
                            .insert(export.name.to_string(), name.clone());
                    }
                    exports.export(&name, ExportKind::from(export.kind), export.index);
                }
                module.section(&exports);
            }
            _ => {
                let (start, end) = (range.start as usize, range.end as usize);
                module.section(&RawSection {
                    id,
                    data: &wasm[start..end],
                });
            }
        }
    }
    ensure!(
        !renamed.imports.is_empty(),
        "the main wasm imports nothing from {glue}"
    );
    Ok((module.finish(), renamed))
}

/// A Rust symbol as the compiler mangles it (v0 `_R…`, legacy `_ZN…`).
fn is_mangled(name: &str) -> bool {
    name.starts_with("_R") || name.starts_with("_ZN")
}

/// The glue with its import object keyed by the short names (each key is a line
/// `        <name>: function(…` of `__wbg_get_imports`, and the module is `"<glue>": import0`)
/// and its calls of the renamed exports (`wasm.<name>(`) by theirs.
pub fn rename_in_glue(js: &str, glue: &str, renamed: &Renamed) -> Result<String> {
    let mut js = replace_once(
        js,
        &format!("\"{glue}\": import0,"),
        &format!("\"{SHORT_MODULE}\": import0,"),
    )?;
    for (old, new) in &renamed.imports {
        js = replace_once(
            &js,
            &format!("\n        {old}: "),
            &format!("\n        {new}: "),
        )?;
    }
    for (old, new) in &renamed.exports {
        let calls = format!("wasm.{old}(");
        let count = js.matches(&calls).count();
        ensure!(
            count > 0 && uses(&js, &format!("wasm.{old}")) == count,
            "the JS glue calls the export {old} {count} times and uses it otherwise: \
             wasm-bindgen's glue changed shape"
        );
        js = js.replace(&calls, &format!("wasm.{new}("));
    }
    Ok(js)
}

/// How often `name` occurs in `js` as a whole name (not the start of a longer one: some mangled
/// exports begin with another's name).
fn uses(js: &str, name: &str) -> usize {
    js.match_indices(name)
        .filter(|(at, _)| {
            js[at + name.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        })
        .count()
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
    const MANGLED: &str =
        "_RINvNvNtNtCs1BdppsvwZY7_12wasm_bindgen7convert8closuress_1__6invokeuKb1_E";

    /// A module importing two functions from the glue and one from the split loader, with a
    /// function of its own that calls the first import, exported as `main` and by a mangled name.
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
        exports.export(MANGLED, ExportKind::Func, 3);
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

    fn exports_of(wasm: &[u8]) -> Vec<String> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ExportSection(reader) = payload.unwrap() {
                found.extend(reader.into_iter().map(|e| e.unwrap().name.to_string()));
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
        assert_eq!(renamed.imports["__wbg_signal_fac908876f45725d"], "a");
        assert_eq!(renamed.imports["__wbg_fetch_0123456789abcdef"], "b");
        assert_eq!(exports_of(&short), ["main", "_a"]);
        assert_eq!(renamed.exports[MANGLED], "_a");
        wasmparser::validate(&short).unwrap();
        // the sections after the exports are the same bytes
        let tail = |w: &[u8]| w[w.len() - 8..].to_vec();
        assert_eq!(tail(&short), tail(&wasm));
        assert!(short.len() < wasm.len());
    }

    #[test]
    fn the_glue_is_keyed_by_the_new_names() {
        let js = "function __wbg_get_imports() {\n    const import0 = {\n        __proto__: null,\n        \
                  __wbg_signal_fac908876f45725d: function(arg0) {\n        },\n        \
                  __wbg_fetch_0123456789abcdef: function() { return 1; },\n    };\n    return {\n        \
                  \"./app-0123_bg.js\": import0,\n        \"./split-0123.js\": import1,\n    };\n}\n\
                  function MANGLED(a) {\n    wasm.MANGLED(a);\n}\nconst f = MANGLED;\n"
            .replace("MANGLED", MANGLED);
        let renamed = shorten(&sample(), GLUE).unwrap().1;
        let out = rename_in_glue(&js, GLUE, &renamed).unwrap();
        // the call, not the glue's own function of that name (the minifier renames that)
        assert!(out.contains(&format!("function {MANGLED}(a) {{\n    wasm._a(a);")));
        assert!(out.contains(&format!("const f = {MANGLED};")));
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
        // an export the glue reads other than by calling it
        let imports = "\"./app-0123_bg.js\": import0,\n        __wbg_signal_fac908876f45725d: \
                       1,\n        __wbg_fetch_0123456789abcdef: 2,\n";
        let longer = format!("{imports}wasm.{MANGLED}(1); wasm.{MANGLED}2(2);");
        let out = rename_in_glue(&longer, GLUE, &renamed).unwrap();
        assert!(
            out.ends_with(&format!("wasm._a(1); wasm.{MANGLED}2(2);")),
            "{out}"
        );
        let read = format!("{imports}wasm.{MANGLED}(1); const g = wasm.{MANGLED};");
        let error = rename_in_glue(&read, GLUE, &renamed)
            .unwrap_err()
            .to_string();
        assert!(error.contains("uses it otherwise"), "{error}");
        let never = rename_in_glue(imports, GLUE, &renamed)
            .unwrap_err()
            .to_string();
        assert!(never.contains("0 times"), "{never}");
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
