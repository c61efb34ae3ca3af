//! The shape of the house, checked on every test run (issue 21): no file of `core/src` or
//! `shell/src` imports another in a loop; every core file sits on a floor and imports nothing
//! from a floor above its own; no source file outgrows one sitting (700 lines).
//!
//! Imports are read the way `../shared/tools/module-cycles` reads them: every `crate::…` or
//! `super::…` path a file names (in `use` lines and in code), resolved to the longest module path
//! that exists, test modules (`#[cfg(test)] mod … { … }`) and comments left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The core's floors, bottom to top (ARCHITECTURE.md, "Floors"). A new file must be given one.
const FLOORS: [(&str, &[&str]); 6] = [
    (
        "vocabulary",
        &[
            "account_id",
            "action",
            "api_key",
            "catalogue",
            "command",
            "device",
            "event",
            "intraday",
            "kept",
            "lang",
            "money",
            "names",
            "openrouter",
            "palette",
            "phrase",
            "sent",
            "settings",
            "stored_account",
            "streamdeck",
            "strip",
            "timestamp",
            "view",
            "words",
        ],
    ),
    (
        "domain rules",
        &[
            "alarm",
            "budget",
            "key_ledger",
            "model_name",
            "monthly",
            "opens",
            "press",
            "runway",
            "shape_learning",
            "spend",
            "spike",
            "spike_study",
            "top_models",
            "trend",
            "usage_log",
        ],
    ),
    (
        "machines",
        &[
            "accounts",
            "board",
            "copies",
            "deadlines",
            "dial",
            "inspector",
            "key_survey",
            "keys",
            "numbers",
            "poll",
            "requests",
        ],
    ),
    ("projections", &["tile"]),
    ("plugin", &["plugin"]),
    ("testkit", &["demo", "gallery", "sim"]),
];

const MAX_LINES: usize = 700;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("read a source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b.rs` and `a/b/mod.rs` are module `a::b`; `lib.rs`, `main.rs` the crate root.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("lib" | "main" | "mod")
    ) {
        parts.pop();
    }
    parts
}

/// The text without comments and without `#[cfg(test)] mod … { … }` blocks.
fn without_tests(text: &str) -> String {
    let no_comments: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = no_comments.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_mod = trimmed.starts_with("mod ") || trimmed.starts_with("pub(crate) mod ");
        let brace = after.find('{');
        let semicolon = after.find(';');
        match (is_mod, brace) {
            (true, Some(open)) if semicolon.is_none_or(|s| s > open) => {
                out.push_str(&rest[..at]);
                let mut depth = 0usize;
                let mut end = after.len();
                for (i, c) in after[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end.min(after.len())..];
            }
            _ => {
                out.push_str(&rest[..at + "#[cfg(test)]".len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (enough to resolve modules).
fn expand(body: &str) -> Vec<String> {
    // `x as y`: the path is `x` (the alias, and only it, is dropped).
    let mut body = body.to_owned();
    while let Some(at) = body.find(" as ") {
        let alias = body[at + 4..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(body.len(), |e| at + 4 + e);
        body.replace_range(at..alias, "");
    }
    let body: String = body.split_whitespace().collect();
    let Some(open) = body.find('{') else {
        return vec![body];
    };
    let prefix = &body[..open];
    let inner = &body[open + 1..body.len().saturating_sub(1)];
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0i32, String::new());
    for c in inner.chars() {
        match c {
            ',' if depth == 0 => parts.push(std::mem::take(&mut current)),
            '{' => {
                depth += 1;
                current.push(c)
            }
            '}' => {
                depth -= 1;
                current.push(c)
            }
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// Every path a file names that starts with `crate::` or `super::`.
fn paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("use ") {
        let before_ok = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = &rest[at + 4..];
        if before_ok {
            if let Some(end) = after.find(';') {
                out.extend(expand(&after[..end]));
            }
        }
        rest = after;
    }
    let bytes = text.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(start) {
            let at = from + at;
            let boundary =
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            let end = text[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(text.len(), |e| at + e);
            if boundary {
                out.push(text[at..end].trim_end_matches(':').to_owned());
            }
            from = end.max(at + 1);
        }
    }
    out
}

type Graph = BTreeMap<Vec<String>, BTreeMap<Vec<String>, BTreeSet<String>>>;

fn graph(src: &Path) -> (BTreeMap<Vec<String>, PathBuf>, Graph) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_of(src, f), f.clone()))
        .collect();
    let mut edges: Graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = without_tests(&std::fs::read_to_string(file).expect("read a source file"));
        let is_folder_face = file.ends_with("mod.rs") || file.ends_with("lib.rs");
        for path in paths(&text) {
            let mut segs: Vec<&str> = path.split("::").collect();
            let mut base: Vec<String> = match segs.first() {
                Some(&"crate") => Vec::new(),
                Some(&"super") => {
                    let mut b = module.clone();
                    if !is_folder_face || b.len() > 1 {
                        b.pop();
                    }
                    b
                }
                _ => continue,
            };
            segs.remove(0);
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
            let target = (1..=segs.len()).rev().find_map(|k| {
                let mut candidate = base.clone();
                candidate.extend(segs[..k].iter().map(|s| s.to_string()));
                modules.contains_key(&candidate).then_some(candidate)
            });
            if let Some(target) = target.filter(|t| t != module && !t.is_empty()) {
                let name = segs.last().copied().unwrap_or("").to_owned();
                edges
                    .entry(module.clone())
                    .or_default()
                    .entry(target)
                    .or_default()
                    .insert(name);
            }
        }
    }
    (modules, edges)
}

/// The files that import each other in a loop (Tarjan's strongly connected components of more
/// than one file).
fn loops(modules: &BTreeMap<Vec<String>, PathBuf>, edges: &Graph) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a Graph,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit(s: &mut State, v: &Vec<String>) {
        let n = s.index.len();
        s.index.insert(v.clone(), n);
        s.low.insert(v.clone(), n);
        s.stack.push(v.clone());
        s.on.insert(v.clone());
        let next: Vec<Vec<String>> = s
            .edges
            .get(v)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for w in next {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let low = s.low[v].min(s.low[&w]);
                s.low.insert(v.clone(), low);
            } else if s.on.contains(&w) {
                let low = s.low[v].min(s.index[&w]);
                s.low.insert(v.clone(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(&w);
                let done = &w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        found: Vec::new(),
    };
    for module in modules.keys() {
        if !state.index.contains_key(module) {
            visit(&mut state, module);
        }
    }
    state.found
}

fn describe(
    modules: &BTreeMap<Vec<String>, PathBuf>,
    edges: &Graph,
    component: &[Vec<String>],
) -> String {
    let members: BTreeSet<&Vec<String>> = component.iter().collect();
    let mut lines = Vec::new();
    for a in component {
        for (b, names) in edges.get(a).into_iter().flatten() {
            if members.contains(b) {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                lines.push(format!(
                    "  {} -> {}: {}",
                    modules[a].display(),
                    modules[b].display(),
                    names.join(", ")
                ));
            }
        }
    }
    lines.join("\n")
}

#[test]
fn no_file_imports_another_in_a_loop() {
    let mut report = Vec::new();
    for dir in ["core/src", "shell/src"] {
        let src = root().join(dir);
        let (modules, edges) = graph(&src);
        assert!(modules.len() > 10, "{dir} was read");
        for component in loops(&modules, &edges) {
            report.push(format!(
                "a loop of {} files in {dir}:\n{}",
                component.len(),
                describe(&modules, &edges, &component)
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn no_core_file_imports_a_floor_above_its_own() {
    let src = root().join("core/src");
    let (modules, edges) = graph(&src);
    let floor_of = |module: &Vec<String>| -> Option<usize> {
        let top = module.first()?;
        FLOORS
            .iter()
            .position(|(_, names)| names.contains(&top.as_str()))
    };
    let mut report = Vec::new();
    for module in modules.keys().filter(|m| !m.is_empty()) {
        if floor_of(module).is_none() {
            report.push(format!(
                "{} is on no floor: give it one in tests/architecture.rs (and ARCHITECTURE.md)",
                modules[module].display()
            ));
        }
    }
    for (a, targets) in &edges {
        let (Some(fa), true) = (floor_of(a), !a.is_empty()) else {
            continue;
        };
        for (b, names) in targets {
            let Some(fb) = floor_of(b) else { continue };
            if fb > fa {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                report.push(format!(
                    "{} ({}) imports {} ({}): {}",
                    modules[a].display(),
                    FLOORS[fa].0,
                    modules[b].display(),
                    FLOORS[fb].0,
                    names.join(", ")
                ));
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn every_source_file_is_read_in_one_sitting() {
    let mut long = Vec::new();
    for dir in ["core/src", "shell/src"] {
        let mut files = Vec::new();
        rust_files(&root().join(dir), &mut files);
        for file in files {
            let lines = std::fs::read_to_string(&file)
                .unwrap_or_default()
                .lines()
                .count();
            if lines > MAX_LINES {
                long.push(format!("{}: {lines} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

/// The checker itself notices a loop and an upward import (so the tests above can fail).
#[test]
fn the_checker_sees_a_loop_and_an_upward_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(
        src.join("b.rs"),
        "use crate::a::{A, self};\npub struct B;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("c.rs"),
        "#[cfg(test)]\nmod tests {\n    use crate::a::A;\n}\npub fn c() -> super::b::B { todo!() }\n",
    )
    .unwrap();
    let (modules, edges) = graph(src);
    let found = loops(&modules, &edges);
    assert_eq!(found.len(), 1, "{edges:?}");
    assert!(edges[&vec!["c".to_owned()]].contains_key(&vec!["b".to_owned()]));
    assert_eq!(
        expand("a::{b as c, d::{e, f as g}}"),
        ["a::b", "a::d::e", "a::d::f"]
    );
    assert!(
        !edges[&vec!["c".to_owned()]].contains_key(&vec!["a".to_owned()]),
        "a test module's imports do not count"
    );
}
