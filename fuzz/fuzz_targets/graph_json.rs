//! The graph reader behind `graphex merge`, `render` and `stats` on arbitrary bytes: an error or a graph,
//! never a panic; a graph read merges with itself and has statistics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(g) = graphex::export::json::read(text, "fuzz.json") {
        let mut twice = g.clone();
        twice.merge(g.clone());
        let _ = graphex::graph::stats::Stats::of(&twice, 10);
        let mut out = Vec::new();
        graphex::export::json::write(&twice, &mut out).unwrap();
    }
});
