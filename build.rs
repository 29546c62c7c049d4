//! Embeds every `rules/*.toml` file into the binary, so adding a language to
//! the shipped packs is adding one file; and computes the necessary literals
//! of their regexes (see `src/rules/literals.rs`), so that start-up does
//! not parse every pattern.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/rules/literals.rs"]
mod literals;

fn main() {
    let dir = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules/literals.rs");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the rules/ folder")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    let mut code = String::from("/// Every file of `rules/`, as (file name, contents).\n");
    code.push_str("pub static EMBEDDED: &[(&str, &str)] = &[\n");
    let mut patterns: BTreeMap<String, Option<Vec<Vec<u8>>>> = BTreeMap::new();
    for name in &files {
        println!("cargo:rerun-if-changed=rules/{name}");
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules")
            .join(name);
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).expect("a pack file");
        // A broken pack is reported by couth itself, with its line.
        if let Ok(table) = text.parse::<toml::Table>() {
            for pattern in pack_patterns(&table) {
                if let Ok(found) = literals::pattern_literals(&pattern) {
                    patterns.insert(pattern, found);
                }
            }
        }
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_rules.rs");
    std::fs::write(out, code).unwrap();

    let mut table = String::from(
        "/// (pattern, its necessary literals), sorted by pattern.\n#[allow(clippy::all)]\npub static PATTERN_LITERALS: &[(&str, Option<&[&[u8]]>)] = &[\n",
    );
    for (pattern, found) in &patterns {
        match found {
            None => writeln!(table, "    ({pattern:?}, None),").unwrap(),
            Some(set) => {
                let items: Vec<String> = set
                    .iter()
                    .map(|l| format!("b\"{}\"", l.escape_ascii()))
                    .collect();
                writeln!(table, "    ({pattern:?}, Some(&[{}])),", items.join(", ")).unwrap();
            }
        }
    }
    table.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("pattern_literals.rs");
    std::fs::write(out, table).unwrap();
}

/// The `patterns` and `raw_patterns` of every rule of a pack.
fn pack_patterns(pack: &toml::Table) -> Vec<String> {
    let Some(rules) = pack.get("rules").and_then(|r| r.as_table()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in rules.values().filter_map(|e| e.as_table()) {
        for key in ["patterns", "raw_patterns"] {
            if let Some(list) = entry.get(key).and_then(|l| l.as_array()) {
                out.extend(list.iter().filter_map(|p| p.as_str()).map(str::to_string));
            }
        }
    }
    out
}
