//! `graphex merge` of shard graphs equals one run over all shards, byte for byte.

mod common;

use std::fs;
use std::path::Path;

use proptest::prelude::*;

use common::{extract, graphex, ok};

const NAMES: [&str; 7] = [
    "Elon Musk",
    "xAI",
    "OpenAI",
    "Grok",
    "Sam Altman",
    "Montréal",
    "Bob's \"Quotes\" \\ Co",
];

/// A small generated corpus: each document is sentences naming a few entities.
fn corpus() -> impl Strategy<Value = Vec<Vec<Vec<usize>>>> {
    prop::collection::vec(
        prop::collection::vec(prop::collection::vec(0..NAMES.len(), 1..4), 1..4),
        2..8,
    )
}

fn write_doc(dir: &Path, i: usize, sentences: &[Vec<usize>]) {
    let text: Vec<String> = sentences
        .iter()
        .map(|s| {
            let names: Vec<&str> = s.iter().map(|&k| NAMES[k]).collect();
            format!("{} se sont rencontrés.", names.join(" et "))
        })
        .collect();
    fs::write(dir.join(format!("doc{i:02}.txt")), text.join(" ")).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn merge_of_two_halves_equals_one_run(docs in corpus(), split in any::<prop::sample::Index>(),
                                          mask in any::<u64>()) {
        let root = tempfile::tempdir().unwrap();
        let (all, a, b) = (root.path().join("all"), root.path().join("a"), root.path().join("b"));
        for d in [&all, &a, &b] {
            fs::create_dir(d).unwrap();
        }
        // Random split: document i goes to shard a if bit i of the mask is set (at least one per side).
        let cut = split.index(docs.len() - 1) + 1;
        for (i, doc) in docs.iter().enumerate() {
            write_doc(&all, i, doc);
            let in_a = if mask == 0 { i < cut } else { mask >> (i % 64) & 1 == 1 };
            write_doc(if in_a { &a } else { &b }, i, doc);
        }
        let args = ["--max-evidence", "2"];
        ok(extract().arg(&all).args(args).arg("-o").arg(root.path().join("all.json")));
        let mut shards = Vec::new();
        for shard in [&a, &b] {
            if fs::read_dir(shard).unwrap().next().is_none() {
                continue;
            }
            let out = root.path().join(format!("{}.json", shard.file_name().unwrap().to_string_lossy()));
            ok(extract().arg(shard).args(args).arg("-o").arg(&out));
            shards.push(out);
        }
        let merged = root.path().join("merged.json");
        ok(graphex().arg("merge").arg("-q").args(&shards).arg("-o").arg(&merged));
        let one = fs::read_to_string(root.path().join("all.json")).unwrap();
        let two = fs::read_to_string(&merged).unwrap();
        prop_assert_eq!(one, two);
    }
}

#[test]
fn graphs_with_different_windows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (s, p) = (dir.path().join("s.json"), dir.path().join("p.json"));
    ok(extract()
        .arg(common::fixture("exports/corpus/a.txt"))
        .arg("-o")
        .arg(&s));
    ok(extract()
        .arg(common::fixture("exports/corpus/b.txt"))
        .args(["--window", "paragraph", "-o"])
        .arg(&p));
    let out = graphex().arg("merge").arg(&s).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("different windows") && err.contains("p.json"),
        "{err}"
    );
}

/// `--evidence offsets|none` at extraction gives the same bytes as extracting with text and reducing the
/// graph afterwards (`graphex render --evidence`); a merge of shards kept with different modes keeps the
/// least, says so, and gives the same bytes whatever the order.
#[test]
fn evidence_modes_at_extraction_equal_reducing_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::fixture("exports/corpus");
    let full = dir.path().join("text.json");
    ok(extract().arg(&corpus).arg("-o").arg(&full));
    for mode in ["offsets", "none"] {
        let direct = dir.path().join(format!("{mode}.json"));
        ok(extract()
            .arg(&corpus)
            .args(["--evidence", mode, "-o"])
            .arg(&direct));
        let reduced = dir.path().join(format!("{mode}-reduced.json"));
        ok(graphex()
            .args(["render", "-q", "--evidence", mode])
            .arg(&full)
            .arg("-o")
            .arg(&reduced));
        let direct = fs::read_to_string(&direct).unwrap();
        assert_eq!(direct, fs::read_to_string(&reduced).unwrap(), "{mode}");
        assert!(direct.contains(&format!("\"evidence\":\"{mode}\"")));
        assert!(!direct.contains("\"text\":"), "{mode}");
    }
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    ok(extract().arg(corpus.join("a.txt")).arg("-o").arg(&a));
    ok(extract()
        .arg(corpus.join("b.txt"))
        .args(["--evidence", "offsets", "-o"])
        .arg(&b));
    let merged = |first: &Path, second: &Path| {
        let out = graphex()
            .arg("merge")
            .arg(first)
            .arg(second)
            .output()
            .unwrap();
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(err.contains("the merge keeps offsets"), "{err}");
        out.stdout
    };
    let ab = merged(&a, &b);
    assert_eq!(ab, merged(&b, &a));
    let v: serde_json::Value = serde_json::from_slice(&ab).unwrap();
    assert_eq!(v["graph"]["evidence"], "offsets");
    assert!(v["sentences"].as_array().unwrap().is_empty());
}
