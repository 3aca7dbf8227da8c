//! Hostile input, faults and determinism (docs/robustness.md): nothing crashes, nothing is lost, nothing
//! is injected. Each test names the fault it injects; docs/robustness.md lists them with what happens.
//!
//! The large inputs are generated at a modest size so that `cargo test` stays fast; set
//! `GRAPHEX_ROBUSTNESS_FULL=1` for the sizes of the issue (a 200 MB single line, a 1,000,000-entry
//! dictionary).

mod common;

use std::fs;
use std::io::Write;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;
use predicates::prelude::*;
use proptest::prelude::*;

use graphex::export::{self, Format};
use graphex::graph::{Edge, EdgeKey, EdgeKind, Evidence, Graph, Limits, Node, Window};
use graphex::{DictionaryBuilder, Document, Extractor, ExtractorConfig, Matcher};

use common::graphex;

fn full() -> bool {
    std::env::var("GRAPHEX_ROBUSTNESS_FULL").is_ok_and(|v| v == "1")
}

const DICT: &str = "type\tname\taliases\nperson\tElon Musk\tMusk\norganization\tTesla\t\n\
    organization\tOpenAI\t\nplace\t東京\t\nperson\tإيلون ماسك\t\n";

fn dict_file(dir: &Path) -> PathBuf {
    let p = dir.join("dict.tsv");
    fs::write(&p, DICT).unwrap();
    p
}

/// `graphex extract -q` with the small dictionary above and no rules.
fn extract(dir: &Path) -> Command {
    let mut c = graphex();
    c.args([
        "extract",
        "-q",
        "--no-default-dicts",
        "--no-default-rules",
        "--dict",
    ])
    .arg(dict_file(dir));
    c
}

fn json_of(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON on stdout")
}

// ---------------------------------------------------------------------------------------------------
// 1. Input faults

#[test]
fn invalid_utf8_is_counted_per_file_and_strict_fails() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("a.txt"), b"Elon Musk \xff\xfe\xfd dirige Tesla.").unwrap();
    fs::write(docs.join("b.txt"), b"Tesla \xc3 et Elon Musk.").unwrap();
    let out = extract(dir.path()).arg(&docs).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("a.txt: 3 bytes of invalid UTF-8 replaced"),
        "{err}"
    );
    assert!(
        err.contains("b.txt: 1 bytes of invalid UTF-8 replaced"),
        "{err}"
    );
    let g = json_of(&out.get_output().stdout);
    assert_eq!(
        g["edges"].as_array().unwrap().len(),
        1,
        "lossy text still extracted"
    );
    extract(dir.path())
        .arg(&docs)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a.txt: invalid UTF-8 (3 bytes"))
        .stderr(predicate::str::contains("nothing written"));
}

#[test]
fn binary_empty_files_and_empty_folders_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir_all(docs.join("empty-sub")).unwrap();
    fs::write(docs.join("ok.txt"), "Elon Musk dirige Tesla.").unwrap();
    fs::write(docs.join("bin.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    fs::write(docs.join("zero.txt"), b"").unwrap();
    fs::write(docs.join("blank.md"), b" \n\t\r\n").unwrap();
    extract(dir.path())
        .arg(&docs)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "bin.txt: binary file (NUL byte), skipped",
        ))
        .stderr(predicate::str::contains(
            "zero.txt: empty document, skipped",
        ))
        .stderr(predicate::str::contains(
            "blank.md: empty document, skipped",
        ));
    let empty = dir.path().join("nothing");
    fs::create_dir(&empty).unwrap();
    extract(dir.path())
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no text files in this folder"))
        .stderr(predicate::str::contains("no documents"));
}

#[test]
fn a_huge_single_line_is_extracted() {
    // 200 MB with GRAPHEX_ROBUSTNESS_FULL=1; 24 MB otherwise. No sentence end: one sentence of the whole
    // size, which used to be quadratic in the relation rules and cost 16 bytes per char in segmentation.
    let size = if full() { 200 << 20 } else { 24 << 20 };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("line.txt");
    let unit = "Elon Musk dirige Tesla, OpenAI et 東京 ";
    let text = unit.repeat(size / unit.len());
    fs::write(&p, &text).unwrap();
    let started = Instant::now();
    let mut cmd = graphex();
    // With the default rules: the relation rules must not be quadratic in the sentence length.
    cmd.args(["extract", "-q", "--no-default-dicts", "--dict"])
        .arg(dict_file(dir.path()))
        .arg(&p)
        .arg("-o")
        .arg(dir.path().join("g.json"));
    let out = cmd.assert().success();
    let _ = out;
    let g: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("g.json")).unwrap()).unwrap();
    let musk = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "person:Elon Musk")
        .unwrap();
    assert_eq!(musk["mentions"], (size / unit.len()) as u64);
    eprintln!(
        "{} MB single line: {:.1} s",
        size >> 20,
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn very_long_words_and_lines_without_entities() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("word.txt");
    let mut text = "x".repeat(8 << 20);
    text.push_str(" Elon Musk et Tesla. ");
    text.push_str(&"é".repeat(1 << 20));
    text.push_str("Tesla");
    fs::write(&p, &text).unwrap();
    let out = extract(dir.path()).arg(&p).assert().success();
    let g = json_of(&out.get_output().stdout);
    let nodes: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["organization:Tesla", "person:Elon Musk"]);
    assert_eq!(
        g["nodes"][0]["mentions"], 1,
        "Tesla glued to a word of é is not a mention"
    );
}

#[test]
fn json_lines_with_broken_lines_are_reported_by_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("news.jsonl");
    fs::write(
        &p,
        "{\"id\": \"a\", \"text\": \"Elon Musk dirige Tesla.\"}\n\
         {\"id\": \"b\", \"text\": \"tronqu\n\
         [1, 2]\n\
         \n\
         {\"id\": {}, \"text\": \"x\"}\n\
         {\"id\": \"c\", \"text\": \"OpenAI et Tesla.\", \"lang\": \"fr\"}\n\
         \u{0}\u{1}garbage\n",
    )
    .unwrap();
    let out = extract(dir.path()).arg(&p).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    for line in [2, 3, 5, 7] {
        assert!(
            err.contains(&format!("news.jsonl:{line}: invalid JSON Lines record")),
            "line {line}: {err}"
        );
    }
    assert!(!err.contains("news.jsonl:4:"), "blank lines are not errors");
    let g = json_of(&out.get_output().stdout);
    assert_eq!(g["graph"]["document_count"], 2);
    extract(dir.path())
        .arg(&p)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "news.jsonl:2: invalid JSON Lines record",
        ));
}

#[test]
fn unreadable_files_and_broken_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("ok.txt"), "Elon Musk dirige Tesla.").unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), docs.join("broken.txt")).unwrap();
    // Inside a folder, a broken link is skipped with a warning.
    extract(dir.path())
        .arg(&docs)
        .assert()
        .success()
        .stderr(predicate::str::contains("broken.txt: No such file"));
    // Named on the command line, it is an error: nothing written unless --partial.
    let out = dir.path().join("g.json");
    fs::write(&out, "precious").unwrap();
    extract(dir.path())
        .arg(&docs)
        .arg(docs.join("broken.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.txt"))
        .stderr(predicate::str::contains("nothing written"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious");
    // A file that exists but cannot be read: permissions do not stop root, /proc/self/mem does (EIO).
    std::os::unix::fs::symlink("/proc/self/mem", docs.join("unreadable.txt")).unwrap();
    extract(dir.path())
        .arg(&docs)
        .args(["--partial", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unreadable.txt"))
        .stderr(predicate::str::contains("partial outputs written"));
    assert!(fs::read_to_string(&out).unwrap().contains("Elon Musk"));
}

#[test]
fn a_folder_of_100000_small_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    let n = 100_000;
    for shard in 0..10 {
        let sub = docs.join(format!("s{shard}"));
        fs::create_dir_all(&sub).unwrap();
        for i in 0..n / 10 {
            let text = if i % 2 == 0 {
                "Elon Musk et Tesla."
            } else {
                "OpenAI."
            };
            fs::write(sub.join(format!("{i:05}.txt")), text).unwrap();
        }
    }
    let started = Instant::now();
    let out = extract(dir.path()).arg(&docs).assert().success();
    let g = json_of(&out.get_output().stdout);
    assert_eq!(g["graph"]["document_count"], n);
    let edges = g["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["weight"], n / 2);
    eprintln!("100,000 files: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn other_scripts_keep_offsets_and_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scripts.txt");
    let text = "東京でElon Muskは Teslaを語った。إيلون ماسك وTesla. 🚀Elon Musk👍Tesla\u{200D}🚗 \
        Ｔｅｓｌａ \u{202E}Tesla\u{202C} Elon\u{00A0}Musk، Tesla\u{0301}";
    fs::write(&p, text).unwrap();
    let m = dir.path().join("m.jsonl");
    // The surfaces of the mentions, each checked to point at its text on character boundaries.
    let surfaces = |extra: &[&str]| -> Vec<String> {
        extract(dir.path())
            .arg(&p)
            .args(extra)
            .arg("-o")
            .arg(&m)
            .assert()
            .success();
        let mut seen = Vec::new();
        for line in fs::read_to_string(&m).unwrap().lines() {
            let r: serde_json::Value = serde_json::from_str(line).unwrap();
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{r}");
            assert_eq!(&text[s..e], r["surface"].as_str().unwrap());
            seen.push(r["surface"].as_str().unwrap().to_string());
        }
        seen
    };
    // The dictionary's matches: discovery would add the capitalised words the matcher rightly refuses
    // (`Ｔｅｓｌａ`, `Tesla` + accent) as names of their own.
    let seen = surfaces(&["--no-discover"]);
    assert_eq!(
        seen,
        [
            "Elon Musk",
            "Tesla",
            "إيلون ماسك",
            "Tesla",
            "Elon Musk",
            "Tesla",
            "Tesla",
            "Elon\u{00A0}Musk"
        ],
        "a change of script is a word boundary; a combining accent continues the word; \
         東京 before で is not found (no word segmentation within CJK)"
    );
    // With discovery too, every mention points at its surface on character boundaries.
    surfaces(&[]);
}

// ---------------------------------------------------------------------------------------------------
// 2. Dictionary and rule faults

fn dict_error(tsv: impl AsRef<[u8]>, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("bad.tsv");
    fs::write(&d, tsv).unwrap();
    fs::write(dir.path().join("t.txt"), "Elon Musk").unwrap();
    graphex()
        .args(["extract", "--no-default-dicts", "--dict"])
        .arg(&d)
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("bad.tsv:{expected}")));
}

#[test]
fn dictionary_faults_name_file_and_line() {
    dict_error(
        "type\tname\nperson\tA\nperson\tB\tC\n",
        "3: row has 3 cells but the header has 2 columns",
    );
    dict_error("type\tname\n\nperson\t \n", "3: empty name");
    dict_error(
        "type\tname\nperson\t---\n",
        "2: name \"---\" has no letter or digit",
    );
    dict_error("type\tname\n\tA\n", "2: empty type");
    dict_error("name\taliases\nA\tB\n", "1: header has no \"type\" column");
    dict_error(
        "type\tname\tname\nperson\tA\tB\n",
        "1: header names column \"name\" twice",
    );
    dict_error(b"type\tname\nperson\tA\xff\n", "2: invalid UTF-8");
    dict_error("type\tname\tcase\nperson\tA\tloud\n", "2: column case");
}

#[test]
fn duplicate_ids_and_claimed_aliases_are_documented_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.tsv");
    fs::write(
        &d,
        "type\tname\taliases\tid\nperson\tElon Musk\tMusk\tQ1\nperson\tKimbal Musk\tMusk\tQ1\n\
         organization\tTesla\t\t\norganization\tTesla\tTSLA\t\n",
    )
    .unwrap();
    fs::write(dir.path().join("t.txt"), "Musk et Tesla.").unwrap();
    graphex()
        .args(["extract", "--no-default-dicts", "--dict"])
        .arg(&d)
        .arg(dir.path().join("t.txt"))
        .assert()
        .success()
        // Two entries of one file share the alias: it counts for the one named in full in a document.
        .stderr(predicate::str::contains(
            "form \"Musk\" is an alias of person:Elon Musk",
        ))
        .stderr(predicate::str::contains("shared"))
        .stderr(predicate::str::contains(
            "external id Q1 is used by several entities",
        ));
}

#[test]
fn a_large_dictionary_loads() {
    // 1,000,000 entries with GRAPHEX_ROBUSTNESS_FULL=1 (about 8 s and 2 GB in release); 100,000 otherwise.
    let n = if full() { 1_000_000 } else { 100_000 };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("big.tsv");
    let mut f = std::io::BufWriter::new(fs::File::create(&d).unwrap());
    writeln!(f, "type\tname\taliases\tid").unwrap();
    for i in 0..n {
        writeln!(
            f,
            "person\tPerson{i} Name{}\tP{i}N|Alias {i}\tQ{i}",
            i % 977
        )
        .unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let last = n - 1;
    fs::write(
        dir.path().join("t.txt"),
        format!("Person0 Name0 et Alias {last}."),
    )
    .unwrap();
    let out = graphex()
        .args(["extract", "-q", "--no-default-dicts", "--dict"])
        .arg(&d)
        .arg(dir.path().join("t.txt"))
        .assert()
        .success();
    let g = json_of(&out.get_output().stdout);
    assert_eq!(g["edges"].as_array().unwrap().len(), 1);
}

fn rule_error(rule: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("bad.rules");
    fs::write(&r, format!("# comment\n{rule}\n")).unwrap();
    fs::write(dir.path().join("t.txt"), "Elon Musk").unwrap();
    graphex()
        .args(["extract", "--no-default-rules", "--rules"])
        .arg(&r)
        .arg(dir.path().join("t.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("bad.rules:2: {expected}")));
}

#[test]
fn rule_faults_name_file_and_line() {
    rule_error("x(B -> A) fr: {org:A} ( {person:B}", "invalid regex");
    rule_error(
        "x(B -> A) fr: {spaceship:A} a {person:B}",
        "unknown slot type `spaceship`",
    );
    rule_error(
        "x(B -> A) fr: {org:A} (?:a{1,1000}){1,1000} {person:B}",
        "pattern too large",
    );
    rule_error("garbage", "a rule reads");
    rule_error("x(B -> A) fr: {org:A", "a slot `{` is not closed");
}

// ---------------------------------------------------------------------------------------------------
// 3. Output safety

/// Names that try to break out of every export syntax.
const HOSTILE: [&str; 12] = [
    "Bob's \"Quotes\" \\ Co",
    "x\"]; MATCH (n) DETACH DELETE n; //",
    "x'}) DETACH DELETE n //",
    "=HYPERLINK(\"http://evil\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "<script>alert(1)</script> &amp; ]]>",
    "line\nbreak\r\n\ttab",
    "nul\u{0}bell\u{7}esc\u{1b}[31m del\u{7f} \u{FFFE}",
    "\u{2028}\u{2029}\u{202E}rtl \u{FEFF}bom",
    "}} {{ \\N \\G \\L ${x} %s %n",
];

fn hostile_graph() -> Graph {
    let mut g = Graph::new(Window::Sentence, Limits::default());
    g.document_count = 1;
    for (i, name) in HOSTILE.iter().enumerate() {
        let id = format!("type{}:{name}", i % 3);
        let mut aliases = std::collections::BTreeSet::new();
        aliases.insert(format!("{name} alias"));
        g.nodes.insert(
            id.clone(),
            Node {
                id,
                label: name.to_string(),
                entity_type: format!("type{}", i % 3),
                aliases,
                mentions: 1,
                document_count: 1,
                documents: [((*name).into(), 1)].into_iter().collect(),
                external_id: Some(name.to_string()),
                attributes: [(format!("attr {name}"), name.to_string())]
                    .into_iter()
                    .collect(),
            },
        );
    }
    let ids: Vec<String> = g.nodes.keys().cloned().collect();
    for (i, w) in ids.windows(2).enumerate() {
        let mut e = Edge::new(if i % 2 == 0 {
            EdgeKind::CoOccurrence
        } else {
            EdgeKind::Relation
        });
        e.weight = 1;
        e.evidence.push(Evidence {
            doc: HOSTILE[i].into(),
            sentence: HOSTILE[(i + 1) % HOSTILE.len()].into(),
            start: 0,
            end: 1,
            rule: (i % 2 == 1).then(|| HOSTILE[i].into()),
            hedged: false,
            implicit: false,
        });
        let key = if i % 2 == 0 {
            "co_occurrence".to_string()
        } else {
            HOSTILE[i].to_string()
        };
        g.edges.insert(
            EdgeKey {
                source: w[0].clone().into(),
                target: w[1].clone().into(),
                key: key.into(),
            },
            e,
        );
    }
    g
}

#[test]
fn hostile_names_cannot_break_or_inject_into_any_export() {
    let g = hostile_graph();
    let dir = tempfile::tempdir().unwrap();
    // JSON round-trips exactly.
    let mut json = Vec::new();
    export::write(&g, Format::Json, &mut json).unwrap();
    let back = export::json::read(std::str::from_utf8(&json).unwrap(), "g.json").unwrap();
    assert_eq!(back, g, "JSON round-trips hostile names");
    // DOT parses with graphviz-rust and keeps one node per entity.
    let mut dot = Vec::new();
    export::write(&g, Format::Dot, &mut dot).unwrap();
    let dot = String::from_utf8(dot).unwrap();
    graphviz_rust::parse(&dot).expect("our DOT parses");
    for name in HOSTILE {
        assert!(
            !dot.contains(name) || !name.contains('"'),
            "raw quote in DOT: {name}"
        );
    }
    // GraphML and GEXF are well-formed XML whose texts decode to the names.
    for format in [Format::GraphMl, Format::Gexf] {
        let mut xml = Vec::new();
        export::write(&g, format, &mut xml).unwrap();
        let texts = xml_texts(&xml);
        for name in HOSTILE {
            if !name.contains('\u{0}') && !name.contains('\u{7}') && !name.contains('\u{FFFE}') {
                assert!(texts.iter().any(|t| t == name), "{format:?} lost {name:?}");
            }
        }
        let s = String::from_utf8(xml).unwrap();
        assert!(!s.contains("<script>"), "{format:?} has raw markup");
    }
    // Cyjs is JSON.
    let mut cyjs = Vec::new();
    export::write(&g, Format::Cyjs, &mut cyjs).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&cyjs).unwrap();
    assert!(v.to_string().contains("DETACH DELETE"));
    // CSV: parses back into the right number of rows and columns; no cell starts a formula.
    export::write_path(&g, Format::Csv, &dir.path().join("g.csv")).unwrap();
    for (file, rows) in [
        ("g.nodes.csv", g.nodes.len()),
        ("g.edges.csv", g.edges.len()),
    ] {
        let mut r = csv::Reader::from_path(dir.path().join(file)).unwrap();
        let width = r.headers().unwrap().len();
        let records: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(records.len(), rows, "{file}");
        for rec in &records {
            assert_eq!(rec.len(), width, "{file}: {rec:?}");
            for cell in rec {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: formula cell {cell:?}"
                );
            }
        }
    }
    // Cypher: every statement is one line ending in `;`, and string literals hold every quote.
    for dialect in ["neo4j", "kuzu"] {
        let mut cy = Vec::new();
        let options = export::ExportOptions {
            cypher_dialect: dialect.parse().unwrap(),
            ..Default::default()
        };
        export::write_with(&g, Format::Cypher, &options, &mut cy).unwrap();
        let cy = String::from_utf8(cy).unwrap();
        for line in cy.lines().filter(|l| !l.is_empty() && !l.starts_with("//")) {
            assert!(line.ends_with(';'), "{dialect}: {line}");
            assert_eq!(
                cypher_code_outside_strings(line).matches(';').count(),
                1,
                "{dialect}: a statement was injected: {line}"
            );
            assert!(
                !cypher_code_outside_strings(line).contains("DETACH"),
                "{line}"
            );
        }
    }
    // Turtle: no raw line break or quote escapes a literal (a line-based check; consumers.rs loads it).
    let mut ttl = Vec::new();
    export::write(&g, Format::Turtle, &mut ttl).unwrap();
    let ttl = String::from_utf8(ttl).unwrap();
    assert!(
        !ttl.contains("DETACH DELETE n; //\"]"),
        "raw name in Turtle"
    );
    for line in ttl.lines() {
        assert_eq!(
            line.replace("\\\\", "")
                .replace("\\\"", "")
                .matches('"')
                .count()
                % 2,
            0,
            "unbalanced quotes: {line}"
        );
    }
}

/// The code of a Cypher line with its string literals (single-quoted, backslash escapes) removed.
fn cypher_code_outside_strings(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '\'') => in_string = false,
            (true, _) => {}
            (false, '\'') => in_string = true,
            (false, '`') => {
                for d in chars.by_ref() {
                    if d == '`' {
                        break;
                    }
                }
            }
            (false, c) => out.push(c),
        }
    }
    assert!(!in_string, "unterminated string in {line}");
    out
}

/// Every attribute value and text of an XML document, decoded; fails on malformed XML.
fn xml_texts(xml: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    loop {
        let event = reader.read_event_into(&mut buf).expect("well-formed XML");
        match &event {
            Event::Text(t) => text
                .get_or_insert_with(String::new)
                .push_str(&t.decode().expect("text")),
            Event::GeneralRef(r) => {
                let name = r.decode().expect("reference").into_owned();
                let c = match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    n => n
                        .strip_prefix('#')
                        .and_then(|d| d.parse::<u32>().ok())
                        .and_then(char::from_u32)
                        .expect("known reference"),
                };
                text.get_or_insert_with(String::new).push(c);
            }
            _ => out.extend(text.take()),
        }
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes() {
                    let a = a.expect("well-formed attribute");
                    out.push(
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("valid escapes")
                            .into_owned(),
                    );
                }
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A corpus large enough that writing its graph takes a while (for the signal tests).
fn slow_corpus(dir: &Path) -> (PathBuf, PathBuf) {
    let d = dir.join("big-dict.tsv");
    let mut tsv = String::from("type\tname\n");
    for i in 0..3000 {
        tsv.push_str(&format!("person\tName{i}\n"));
    }
    fs::write(&d, tsv).unwrap();
    let docs = dir.join("docs");
    fs::create_dir(&docs).unwrap();
    for f in 0..40 {
        let mut text = String::new();
        for s in 0..400 {
            let a = (f * 131 + s * 7) % 3000;
            let b = (a * 17 + 5) % 3000;
            let c = (b * 13 + 1) % 3000;
            text.push_str(&format!("Name{a} et Name{b} voient Name{c}. "));
        }
        fs::write(docs.join(format!("{f:03}.txt")), text).unwrap();
    }
    (d, docs)
}

fn spawn_slow(dict: &Path, docs: &Path, out_dir: &Path) -> Child {
    let mut c = graphex();
    c.args([
        "extract",
        "-q",
        "--no-default-dicts",
        "--no-default-rules",
        "--dict",
    ])
    .arg(dict)
    .arg(docs)
    .args(["--max-evidence", "50"])
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    for name in [
        "g.json",
        "g.graphml",
        "g.gexf",
        "g.cypher",
        "g.ttl",
        "g.csv",
        "m.jsonl",
    ] {
        c.arg("-o").arg(out_dir.join(name));
    }
    c.spawn().unwrap()
}

fn precious(out_dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    [
        "g.json",
        "g.graphml",
        "g.gexf",
        "g.cypher",
        "g.ttl",
        "g.nodes.csv",
        "g.edges.csv",
        "m.jsonl",
    ]
    .iter()
    .map(|n| {
        let p = out_dir.join(n);
        let bytes = format!("precious {n}\n").into_bytes();
        fs::write(&p, &bytes).unwrap();
        (p, bytes)
    })
    .collect()
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Waits until a temporary output file appears (the process is writing) or `limit` passes.
fn wait_for_writing(out_dir: &Path, child: &mut Child, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if !temp_files(out_dir).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    false
}

#[test]
fn interrupted_runs_leave_existing_outputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (dict, docs) = slow_corpus(dir.path());
    // Mid-extraction and mid-write, with SIGINT (handled: temporary files removed) and SIGKILL.
    for (signal, delay_ms) in [("INT", 50), ("INT", 0), ("KILL", 50), ("KILL", 0)] {
        let out_dir = dir.path().join(format!("out-{signal}-{delay_ms}"));
        fs::create_dir(&out_dir).unwrap();
        let before = precious(&out_dir);
        let mut child = spawn_slow(&dict, &docs, &out_dir);
        let writing = if delay_ms == 0 {
            wait_for_writing(&out_dir, &mut child, Duration::from_secs(60))
        } else {
            std::thread::sleep(Duration::from_millis(delay_ms));
            false
        };
        let pid = child.id().to_string();
        Command::new("kill")
            .args([format!("-{signal}"), pid])
            .status()
            .unwrap();
        let status = child.wait_with_output().unwrap();
        let finished = status.status.success();
        eprintln!(
            "SIG{signal} {}: {:?}",
            if writing {
                "while writing"
            } else {
                "while extracting"
            },
            status.status
        );
        if finished {
            // The run beat the signal: then every output is complete and new.
            for (p, old) in &before {
                assert_ne!(&fs::read(p).unwrap(), old);
            }
            continue;
        }
        if signal == "INT" {
            assert_eq!(status.status.code(), Some(130), "SIGINT exits with 130");
            assert!(
                temp_files(&out_dir).is_empty(),
                "SIGINT removes temporary files: {:?}",
                temp_files(&out_dir)
            );
        }
        // Each target is either untouched or complete (a later output may be replaced before the
        // signal), never truncated; with SIGKILL, hidden .tmp files may remain (documented).
        for (p, old) in &before {
            let now = fs::read(p).unwrap();
            if &now != old {
                let name = p.file_name().unwrap().to_string_lossy();
                assert!(name.ends_with(".json"), "{name} replaced before g.json?");
                serde_json::from_slice::<serde_json::Value>(&now).expect("complete JSON");
            }
        }
    }
}

/// A tiny tmpfs, unmounted on drop.
struct TinyFs(PathBuf);

impl Drop for TinyFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_existing_outputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("tiny");
    fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("\n************************************************************");
        eprintln!("SKIPPED: a_full_disk_leaves_existing_outputs_untouched: cannot mount a tmpfs (needs root)");
        eprintln!("************************************************************\n");
        return;
    }
    let _guard = TinyFs(mnt.clone());
    let out = mnt.join("g.json");
    fs::write(&out, "precious").unwrap();
    let (dict, docs) = slow_corpus(dir.path());
    graphex()
        .args([
            "extract",
            "-q",
            "--no-default-dicts",
            "--no-default-rules",
            "--dict",
        ])
        .arg(&dict)
        .arg(&docs)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("No space left on device"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious");
    assert!(temp_files(&mnt).is_empty(), "{:?}", temp_files(&mnt));
}

#[test]
fn devices_pipes_and_symlinks_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.txt");
    fs::write(&t, "Elon Musk dirige Tesla.").unwrap();
    // A named pipe stays a pipe (renaming over it would have replaced it with a file; over /dev/null,
    // as root, that destroys /dev/null).
    let fifo = dir.path().join("pipe.json");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    extract(dir.path())
        .arg(&t)
        .arg("-o")
        .arg(&fifo)
        .assert()
        .success();
    let got = reader.wait_with_output().unwrap().stdout;
    assert!(String::from_utf8_lossy(&got).contains("Elon Musk"));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    // A symbolic link stays a link; the file it points to gets the output.
    let real = dir.path().join("real.json");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    extract(dir.path())
        .arg(&t)
        .arg("-o")
        .arg(&link)
        .assert()
        .success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real).unwrap().contains("Elon Musk"));
}

// ---------------------------------------------------------------------------------------------------
// 4. Determinism

#[test]
fn every_format_is_byte_identical_across_runs_threads_and_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let mut files = Vec::new();
    for i in 0..30 {
        let p = docs.join(format!("d{i:02}.txt"));
        let text = match i % 3 {
            0 => "Elon Musk dirige Tesla. OpenAI aussi.",
            1 => "OpenAI et Elon Musk. Tesla à 東京.",
            _ => "Tesla, OpenAI et Elon Musk se rencontrent.",
        };
        fs::write(&p, text).unwrap();
        files.push(p);
    }
    let mut reversed = files.clone();
    reversed.reverse();
    let run = |inputs: &[PathBuf], threads: &str, tag: &str| -> Vec<Vec<u8>> {
        let out = dir.path().join(tag);
        fs::create_dir_all(&out).unwrap();
        let names = [
            "g.json",
            "g.dot",
            "g.graphml",
            "g.gexf",
            "g.cyjs",
            "g.csv",
            "g.neo4j.csv",
            "g.cypher",
            "g.ttl",
            "m.jsonl",
        ];
        let mut c = extract(dir.path());
        c.args(inputs).args(["--threads", threads]);
        for n in names {
            c.arg("-o").arg(out.join(n));
        }
        c.assert().success();
        let mut all: Vec<PathBuf> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        all.sort();
        assert_eq!(all.len(), 12);
        all.iter().map(|p| fs::read(p).unwrap()).collect()
    };
    let first = run(&files, "1", "a");
    assert_eq!(first, run(&files, "1", "b"), "run to run");
    assert_eq!(first, run(&files, "2", "c"), "thread count");
    assert_eq!(first, run(&reversed, "2", "d"), "input order");
    assert_eq!(
        first,
        run(std::slice::from_ref(&docs), "2", "e"),
        "folder vs files"
    );
}

// ---------------------------------------------------------------------------------------------------
// 5. Properties (the fuzz targets in fuzz/ run the same checks on arbitrary bytes)

fn small_extractor() -> Extractor {
    let mut b = DictionaryBuilder::new();
    b.add_tsv(
        "p.tsv",
        "type\tname\taliases\tambiguous\nperson\tElon Musk\tMusk\tMusk\norganization\tTesla\tTSLA\t\n\
         organization\tL’Oréal\t\t\nplace\t東京\t\t\nproduct\tiphone\t\t\nproduct\tGrok 3\t\t\n",
    )
    .unwrap();
    Extractor::new(Matcher::new(b.build()).unwrap(), ExtractorConfig::default())
}

/// Text made of dictionary names, near-misses, punctuation and other scripts.
fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Elon Musk",
        "Musk",
        "Tesla",
        "TSLA",
        "L'Oréal",
        "L’Oréal",
        "東京",
        "iPhone",
        "IPHONE",
        "Grok 3",
        "Grok 3.5",
        "Elon\u{00A0}Musk",
        " ",
        ". ",
        "\n\n",
        "é",
        "\u{0301}",
        "🚀",
        "の",
        "و",
        "x",
        "İ",
        "ß",
        "\u{FFFD}",
        "\u{0}",
        "«",
        "»",
        "’",
        "-",
        "Teslas",
        "d'",
    ]);
    (
        prop::collection::vec(piece, 0..40),
        prop::collection::vec(any::<char>(), 0..6),
    )
        .prop_map(|(pieces, noise)| {
            let mut s: String = pieces.concat();
            for (i, c) in noise.into_iter().enumerate() {
                let mut at = (i * 7919) % (s.len() + 1);
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                s.insert(at, c);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mentions_lie_on_char_boundaries_and_normalise_to_a_form(text in text_strategy()) {
        let ex = small_extractor();
        let dict = ex.matcher().dictionary();
        let mentions = ex.matcher().find(&text);
        let mut last_end = 0;
        for m in &mentions {
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert!(m.start < m.end && m.start >= last_end, "sorted, non-overlapping");
            last_end = m.end;
            let form = &dict.forms()[m.form as usize];
            prop_assert_eq!(form.entity, m.entity);
            prop_assert_eq!(graphex::text::fold(&text[m.start..m.end]), form.folded.clone());
        }
        // The whole pipeline on the same text does not panic, and segmentation spans are valid.
        let seg = graphex::text::segment::segment(&text);
        for s in &seg.sentences {
            prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        }
        let _ = ex.extract(&Document::new("d", text.clone()));
    }

    #[test]
    fn merge_is_associative_and_commutative(
        texts in prop::collection::vec(text_strategy(), 3..4),
        evidence in 1usize..4,
    ) {
        let mut b = DictionaryBuilder::new();
        b.add_tsv("p.tsv", "type\tname\nperson\tElon Musk\norganization\tTesla\nplace\t東京\n").unwrap();
        let config = ExtractorConfig {
            limits: Limits { max_evidence: evidence, max_node_documents: 2, ..Limits::default() },
            ..Default::default()
        };
        let ex = Extractor::new(Matcher::new(b.build()).unwrap(), config);
        let g: Vec<Graph> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| ex.extract(&Document::new(format!("d{i}"), format!("Elon Musk et Tesla. {t}"))))
            .collect();
        let merged = |order: &[usize]| {
            let mut acc = ex.empty_graph();
            for &i in order {
                acc.merge(g[i].clone());
            }
            acc
        };
        let abc = merged(&[0, 1, 2]);
        prop_assert_eq!(&abc, &merged(&[2, 0, 1]));
        prop_assert_eq!(&abc, &merged(&[1, 2, 0]));
        // (a + b) + c == a + (b + c)
        let mut bc = g[1].clone();
        bc.merge(g[2].clone());
        let mut a_bc = g[0].clone();
        a_bc.merge(bc);
        prop_assert_eq!(&abc, &a_bc);
    }

    #[test]
    fn exports_round_trip(texts in prop::collection::vec(text_strategy(), 1..4)) {
        let ex = small_extractor();
        let mut g = ex.empty_graph();
        for (i, t) in texts.iter().enumerate() {
            g.merge(ex.extract(&Document::new(format!("d{i}\"\n"), format!("Elon Musk, Tesla. {t}"))));
        }
        let mut json = Vec::new();
        export::write(&g, Format::Json, &mut json).unwrap();
        let back = export::json::read(std::str::from_utf8(&json).unwrap(), "g").unwrap();
        prop_assert_eq!(&back, &g);
        let mut dot = Vec::new();
        export::write(&g, Format::Dot, &mut dot).unwrap();
        prop_assert!(graphviz_rust::parse(std::str::from_utf8(&dot).unwrap()).is_ok());
        for f in [Format::GraphMl, Format::Gexf] {
            let mut xml = Vec::new();
            export::write(&g, f, &mut xml).unwrap();
            xml_texts(&xml);
        }
    }
}

#[test]
fn merge_saturates_instead_of_overflowing() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = hostile_graph();
    for n in g.nodes.values_mut() {
        n.mentions = u64::MAX - 1;
    }
    for e in g.edges.values_mut() {
        e.weight = u64::MAX;
    }
    let p = dir.path().join("g.json");
    export::write_path(&g, Format::Json, &p).unwrap();
    let out = graphex().arg("merge").arg(&p).arg(&p).assert().success();
    let m = json_of(&out.get_output().stdout);
    assert_eq!(m["nodes"][0]["mentions"], u64::MAX);
    graphex().arg("stats").arg(&p).assert().success();
}

// ---------------------------------------------------------------------------------------------------
// 6. Exit codes and --help

#[test]
fn exit_codes_and_every_help_says_what_bad_input_does() {
    graphex().args(["extract", "--bogus"]).assert().code(2);
    graphex()
        .args(["extract", "x.txt", "--threads", "many"])
        .assert()
        .code(2);
    graphex()
        .args(["extract", "/nonexistent/x.txt"])
        .assert()
        .code(1);
    graphex()
        .args(["merge", "/nonexistent.json"])
        .assert()
        .code(1);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "{\"nodes\": [").unwrap();
    graphex()
        .args(["render"])
        .arg(&bad)
        .args(["-o"])
        .arg(dir.path().join("x.dot"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.json"));
    graphex()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
    for cmd in [
        vec!["extract"],
        vec!["merge"],
        vec!["render"],
        vec!["stats"],
        vec!["demo"],
        vec!["dict", "check"],
        vec!["dict", "stats"],
        vec!["suggest"],
        vec!["explain"],
    ] {
        graphex()
            .args(&cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Bad input:"));
    }
}

#[test]
fn confidences_round_trip_through_json_exactly() {
    // Found by the `exporters` fuzz target: without serde_json's float_roundtrip, reading a graph back
    // moved this confidence by one unit in the last place, so `graphex merge` could differ from one run.
    let mut g = hostile_graph();
    for e in g.edges.values_mut() {
        e.confidence = Some(7.331912811863893e-8);
    }
    let mut json = Vec::new();
    export::write(&g, Format::Json, &mut json).unwrap();
    let back = export::json::read(std::str::from_utf8(&json).unwrap(), "g.json").unwrap();
    assert_eq!(back, g);
}

/// `graphex extract` of the slow corpus under a memory budget (`1`: a spilled run per batch), with its
/// temporary folder in `tmp`.
fn spilling(dict: &Path, docs: &Path, tmp: &Path, budget: &str) -> Command {
    let mut c = graphex();
    c.args([
        "extract",
        "-q",
        "--no-default-dicts",
        "--no-default-rules",
        "--memory-budget",
        budget,
        "--dict",
    ])
    .arg(dict)
    .arg(docs)
    .env("TMPDIR", tmp);
    c
}

fn entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_memory_budget_gives_the_same_outputs_and_leaves_no_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (dict, docs) = slow_corpus(dir.path());
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    // JSON streams from the runs; GraphML (and any filter) merges them into memory first.
    for (name, extra) in [
        ("g.json", &[][..]),
        ("g.graphml", &[][..]),
        ("f.json", &["--min-weight", "2"][..]),
    ] {
        let unbounded = out.join(format!("unbounded-{name}"));
        let bounded = out.join(format!("bounded-{name}"));
        spilling(&dict, &docs, &tmp, "none")
            .args(extra)
            .arg("-o")
            .arg(&unbounded)
            .assert()
            .success();
        let run = spilling(&dict, &docs, &tmp, "1")
            .args(extra)
            .arg("--timings")
            .arg("-o")
            .arg(&bounded)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(stderr.contains("spilled"), "no run was spilled: {stderr}");
        assert!(
            fs::read(&unbounded).unwrap() == fs::read(&bounded).unwrap(),
            "{name}: a memory budget changed the output"
        );
        assert_eq!(entries(&tmp), Vec::<String>::new(), "spill folder left");
    }
    // A failed write (the output is a folder) removes the runs too.
    let folder = dir.path().join("folder.json");
    fs::create_dir(&folder).unwrap();
    spilling(&dict, &docs, &tmp, "1")
        .arg("-o")
        .arg(&folder)
        .assert()
        .failure()
        .stderr(predicate::str::contains("folder.json"));
    assert_eq!(entries(&tmp), Vec::<String>::new(), "spill folder left");
    // A bad size names the flag.
    spilling(&dict, &docs, &tmp, "12X")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--memory-budget"));
}

#[test]
fn an_interrupted_spilling_run_removes_its_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (dict, docs) = slow_corpus(dir.path());
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let mut child = spilling(&dict, &docs, &tmp, "1")
        .arg("-o")
        .arg(dir.path().join("g.json"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first spilled run.
    let started = Instant::now();
    let mut spilled = false;
    while started.elapsed() < Duration::from_secs(60) && child.try_wait().unwrap().is_none() {
        spilled = entries(&tmp).iter().any(|folder| {
            fs::read_dir(tmp.join(folder)).is_ok_and(|mut runs| runs.next().is_some())
        });
        if spilled {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Command::new("kill")
        .args(["-INT".to_string(), child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait_with_output().unwrap();
    if status.status.success() {
        eprintln!("the run finished before the signal");
    } else {
        assert!(spilled, "no run spilled before the signal");
        assert_eq!(status.status.code(), Some(130), "SIGINT exits with 130");
    }
    assert_eq!(entries(&tmp), Vec::<String>::new(), "spill folder left");
}
