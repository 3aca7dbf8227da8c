//! The relation rule parser on arbitrary text: an error names a line, never a panic, and compiled rules
//! run on a sentence.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut builder = graphex::RuleSetBuilder::new();
    builder.entity_types(["person", "organization", "product", "place"]);
    match builder.add_rules("fuzz.rules", &text) {
        Err(graphex::Error::Rule { line, .. }) => {
            assert!(line >= 1 && line <= text.split('\n').count());
        }
        Err(e) => panic!("unexpected error kind: {e}"),
        Ok(()) => {
            if let Ok(rules) = builder.build() {
                let candidates = [
                    graphex::relations::Candidate::mention(0, 5, "organization"),
                    graphex::relations::Candidate::mention(20, 25, "person"),
                ];
                let sentence = "Tesla, fondée par Musk, a été rachetée.";
                for lang in [None, Some("fr"), Some("en")] {
                    let t = graphex::relations::Template::new(sentence, 0, &candidates, lang);
                    let _ = rules.apply(&t, &candidates, lang);
                }
            }
        }
    }
});
