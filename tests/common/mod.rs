//! Shared helpers of the integration tests: the binary, the fixture corpus, and real consumers.
//!
//! A consumer (Graphviz, a Python package) that is not installed makes its test print a loud
//! `SKIPPED: <consumer> not installed` line and pass, unless `GRAPHEX_REQUIRE_CONSUMERS=1` (set by CI),
//! which makes it a failure. `.ci/install-consumers.sh` installs them all.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// The `graphex` binary.
pub fn graphex() -> Command {
    Command::cargo_bin("graphex").expect("graphex binary")
}

/// `tests/fixtures/...`
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// `graphex extract` with the fixture dictionary only.
pub fn extract() -> Command {
    let mut c = graphex();
    c.arg("extract")
        .arg("-q")
        .arg("--no-default-dicts")
        .arg("--dict")
        .arg(fixture("exports/dict.tsv"));
    c
}

/// Whether a consumer can be used; prints `SKIPPED` or panics (under `GRAPHEX_REQUIRE_CONSUMERS=1`) if
/// not.
pub fn require(consumer: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var("GRAPHEX_REQUIRE_CONSUMERS").is_ok_and(|v| v == "1") {
        panic!(
            "{consumer} is not installed and GRAPHEX_REQUIRE_CONSUMERS=1 (run .ci/install-consumers.sh)"
        );
    }
    eprintln!("\n************************************************************");
    eprintln!("SKIPPED: {consumer} not installed (run .ci/install-consumers.sh)");
    eprintln!("************************************************************\n");
    false
}

/// Whether Python 3 can import all of `modules`.
pub fn python_has(modules: &[&str]) -> bool {
    Command::new("python3")
        .arg("-c")
        .arg(format!("import {}", modules.join(", ")))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether Graphviz's `dot` runs.
pub fn graphviz_installed() -> bool {
    Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `tests/consumers/<script>` on `dir`, failing the test with its output if it fails.
pub fn run_python_check(script: &str, dir: &Path) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/consumers")
        .join(script);
    let out = Command::new("python3")
        .arg(&path)
        .arg(dir)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    eprint!("{stdout}");
}

/// Runs a command, asserts success and returns its standard output.
pub fn ok(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("command runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Whether CI asked for every consumer to be present (`GRAPHEX_REQUIRE_CONSUMERS=1`).
pub fn consumers_required() -> bool {
    std::env::var("GRAPHEX_REQUIRE_CONSUMERS").is_ok_and(|v| v == "1")
}

/// Returns true when `program args...` runs successfully; otherwise [`require`] decides (skip or fail).
pub fn consumer_available(what: &str, program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    require(what, ok)
}

/// Python with networkx importable.
pub fn networkx_available() -> bool {
    require("Python networkx", python_has(&["networkx"]))
}

/// Python with jsonschema importable.
pub fn jsonschema_available() -> bool {
    require("Python jsonschema", python_has(&["jsonschema"]))
}

/// Graphviz's dot.
pub fn graphviz_available() -> bool {
    require("Graphviz dot", graphviz_installed())
}

/// The shared evaluation folder beside the repository, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("eval/score.py").is_file().then_some(p)
}
