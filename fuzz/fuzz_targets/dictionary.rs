//! The dictionary parser and builder on arbitrary text: errors name a line of the input, never a panic;
//! whatever parses builds an automaton.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.split('\n').count();
    for row in graphex::dictionary::parse_rows("fuzz.tsv", &text) {
        if let Err(graphex::Error::Dictionary { line, .. }) = &row {
            assert!(*line >= 1 && *line <= lines, "line {line} of {lines}");
        }
    }
    let mut builder = graphex::DictionaryBuilder::new();
    if builder.add_tsv("fuzz.tsv", &text).is_ok() {
        let dict = builder.build();
        if let Ok(matcher) = graphex::Matcher::new(dict) {
            // Its own forms are found in a text made of them.
            let forms: Vec<String> = matcher
                .dictionary()
                .forms()
                .iter()
                .map(|f| f.text.clone())
                .collect();
            let text = forms.join(" , ");
            for m in matcher.find(&text) {
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            }
        }
    }
});
