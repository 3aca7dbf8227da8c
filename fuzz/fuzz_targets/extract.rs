//! The whole extraction (default dictionaries and rules) on arbitrary bytes, decoded as the reader does:
//! no panic, mentions and sentences on char boundaries, mention text folding to its form.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use graphex::{DictionaryBuilder, Document, Extractor, ExtractorConfig, Matcher, RuleSetBuilder};

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| {
        let mut d = DictionaryBuilder::new();
        d.add_embedded_defaults().unwrap();
        let dict = d.build();
        let mut r = RuleSetBuilder::new();
        r.entity_types(dict.entities().iter().map(|e| e.entity_type.as_str()));
        r.add_embedded_defaults().unwrap();
        Extractor::new(Matcher::new(dict).unwrap(), ExtractorConfig::default())
            .with_rules(r.build().unwrap())
    })
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = graphex::text::input::decode(data.to_vec(), "fuzz", false).unwrap();
    let ex = extractor();
    let analysis = ex.analyze(&text);
    let forms = ex.matcher().dictionary().forms();
    for m in &analysis.mentions {
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(
            graphex::text::fold(&text[m.start..m.end]),
            forms[m.form as usize].folded
        );
    }
    for s in &graphex::text::segment::segment(&text).sentences {
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        assert!(s.span.start < s.span.end && s.span.end <= text.len());
    }
    let _ = ex.extract(&Document::new("fuzz", text));
});
