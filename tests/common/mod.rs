//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// Whether CI asked for every consumer to be present (`GRAPHEX_REQUIRE_CONSUMERS=1`).
pub fn consumers_required() -> bool {
    std::env::var("GRAPHEX_REQUIRE_CONSUMERS").is_ok_and(|v| v == "1")
}

/// Returns true when `program args...` runs successfully. When it does not: fails the test under
/// `GRAPHEX_REQUIRE_CONSUMERS=1`, otherwise prints a loud skip notice and returns false.
pub fn consumer_available(what: &str, program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !consumers_required(),
            "consumer {what} is required (GRAPHEX_REQUIRE_CONSUMERS=1) but not available"
        );
        eprintln!("\n*** SKIPPED: {what} is not installed; this consumer test did not run (set GRAPHEX_REQUIRE_CONSUMERS=1 to fail instead) ***\n");
    }
    ok
}

/// Python with networkx importable.
pub fn networkx_available() -> bool {
    consumer_available("Python networkx", "python3", &["-c", "import networkx"])
}

/// Graphviz's dot.
pub fn graphviz_available() -> bool {
    consumer_available("Graphviz dot", "dot", &["-V"])
}

/// A path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The shared evaluation folder beside the repository, if present.
pub fn shared_dir() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("eval/score.py").is_file().then_some(p)
}

/// Python with jsonschema importable.
pub fn jsonschema_available() -> bool {
    consumer_available("Python jsonschema", "python3", &["-c", "import jsonschema"])
}
