//! The mention list (`.jsonl`): one JSON line per mention, for analysis downstream (which sentences name
//! whom, alias usage, offsets to highlight). The graph keeps only counts, so this list is collected from
//! the pipeline while it runs ([`crate::Pipeline::run_observed`] with [`MentionRecord::of_document`]), and
//! nothing is collected when it is not asked for.
//!
//! Output is deterministic: records are sorted by document id, then offsets, whatever the thread count.
//! The records of the whole run are held in memory until written (about 100 bytes per mention).
//!
//! ```text
//! {"doc":"a.txt","start":12,"end":21,"surface":"Elon Musk","entity":"person:Elon Musk","type":"person"}
//! ```

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::extract::{Analysis, Extractor};
use crate::text::input::Document;

/// One mention of an entity in a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Document id.
    pub doc: String,
    /// Byte offset of the mention in the document text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The text as written.
    pub surface: String,
    /// Node id of the entity.
    pub entity: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub entity_type: String,
}

impl MentionRecord {
    /// The records of one analysed document, in text order.
    pub fn of_document(
        extractor: &Extractor,
        doc: &Document,
        analysis: &Analysis,
    ) -> Vec<MentionRecord> {
        let entities = analysis.entities(extractor.matcher().dictionary());
        analysis
            .mentions
            .iter()
            .map(|m| {
                let e = entities.entity(m.entity);
                MentionRecord {
                    doc: doc.id.clone(),
                    start: m.start,
                    end: m.end,
                    surface: doc.text.get(m.start..m.end).unwrap_or("").to_string(),
                    entity: e.id.clone(),
                    entity_type: e.entity_type.clone(),
                }
            })
            .collect()
    }
}

/// Sorts the records by document, offsets and entity, and writes them as JSON Lines.
pub fn write_jsonl(records: &mut [MentionRecord], out: &mut dyn Write) -> io::Result<()> {
    records.sort_unstable();
    for r in records.iter() {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
