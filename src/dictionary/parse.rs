//! Reading dictionary TSV: the header (reserved columns and attribute columns), rows with their
//! `file:line` origin, and the cells that hold several forms (`|`-separated).

use std::collections::{BTreeMap, BTreeSet};

use super::{CasePolicy, Entity};
use crate::error::{Error, Result};

const RESERVED: [&str; 7] = ["type", "name", "aliases", "id", "ambiguous", "case", "cues"];

/// Parses the rows of a dictionary given as TSV text, one entity per row (rows are not merged), each with its
/// `origin` set to `file:line`. A malformed row gives an error naming its line and parsing goes on with the
/// next row; a malformed header gives one error and nothing else.
///
/// A large text is parsed in parallel, in blocks of lines, on the current rayon pool: the embedded
/// dictionaries are most of graphex's startup. The rows come out in text order either way.
pub fn parse_rows(origin: &str, text: &str) -> Vec<Result<Entity>> {
    let err = |line: usize, message: String| Error::Dictionary {
        origin: origin.to_string(),
        line,
        message,
    };
    let Some((header_line, header)) = content_lines(text).next() else {
        if text.trim().is_empty() {
            return Vec::new();
        }
        return vec![Err(err(
            1,
            "no header line (expected tab-separated columns including type and name)".into(),
        ))];
    };
    let cols = match parse_header(header) {
        Ok(cols) => cols,
        Err(m) => return vec![Err(err(header_line, m))],
    };
    // The body starts after the header line; `first_line` is the number of its first line.
    let body_start = text
        .split('\n')
        .take(header_line)
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(text.len());
    let body = &text[body_start..];
    let blocks = line_blocks(body, PARALLEL_BLOCK_BYTES);
    let parse_block = |(first_line, block): &(usize, &str)| {
        let mut out = Vec::new();
        let mut cells: Vec<&str> = Vec::with_capacity(cols.len() + 1);
        for (i, line) in content_lines_from(block, *first_line) {
            cells.clear();
            cells.extend(line.split('\t').map(str::trim));
            if cells.len() > cols.len() {
                out.push(Err(err(
                    i,
                    format!(
                        "row has {} cells but the header has {} columns",
                        cells.len(),
                        cols.len()
                    ),
                )));
                continue;
            }
            out.push(parse_row(&cols, &cells, origin, i).map_err(|m| err(i, m)));
        }
        out
    };
    let first_body_line = header_line + 1;
    let blocks: Vec<(usize, &str)> = {
        let mut line = first_body_line;
        blocks
            .into_iter()
            .map(|b| {
                let start = line;
                line += b.bytes().filter(|&c| c == b'\n').count();
                (start, b)
            })
            .collect()
    };
    if blocks.len() == 1 {
        return parse_block(&blocks[0]);
    }
    use rayon::prelude::*;
    let parsed: Vec<Vec<Result<Entity>>> = blocks.par_iter().map(parse_block).collect();
    parsed.into_iter().flatten().collect()
}

/// Texts longer than this are parsed in blocks of about this size, in parallel.
const PARALLEL_BLOCK_BYTES: usize = 256 << 10;

/// `text` cut into blocks of whole lines of about `size` bytes (one block if it is smaller).
fn line_blocks(text: &str, size: usize) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        let cut = rest[size..].find('\n').map_or(rest.len(), |i| size + i + 1);
        let (block, tail) = rest.split_at(cut);
        blocks.push(block);
        rest = tail;
    }
    if !rest.is_empty() || blocks.is_empty() {
        blocks.push(rest);
    }
    blocks
}

/// The content lines of a block whose first line is line `first` of its file (no byte-order mark): see
/// [`content_lines`].
fn content_lines_from(block: &str, first: usize) -> impl Iterator<Item = (usize, &str)> {
    block.split('\n').enumerate().filter_map(move |(i, raw)| {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        (!line.trim().is_empty() && !line.starts_with('#')).then_some((first + i, line))
    })
}

/// One data row of a dictionary, read with the header's columns.
fn parse_row(cols: &[String], cells: &[&str], origin: &str, line: usize) -> Result<Entity, String> {
    let mut entity = Entity {
        id: String::new(),
        entity_type: String::new(),
        name: String::new(),
        aliases: Vec::new(),
        external_id: None,
        attributes: BTreeMap::new(),
        origin: origin_of(origin, line),
        ambiguous: BTreeSet::new(),
        case: CasePolicy::Auto,
        cues: Vec::new(),
    };
    let mut ambiguous = Vec::new();
    for (col, cell) in cols.iter().zip(cells.iter().copied()) {
        match col.as_str() {
            "type" => entity.entity_type = cell.to_string(),
            "name" => entity.name = cell.to_string(),
            "aliases" => entity.aliases = split_forms(cell),
            "id" if !cell.is_empty() => entity.external_id = Some(cell.to_string()),
            "ambiguous" => ambiguous = split_forms(cell),
            "cues" => entity.cues = split_forms(cell),
            "case" => {
                entity.case = match cell {
                    "" => CasePolicy::Auto,
                    "sensitive" => CasePolicy::Sensitive,
                    "insensitive" => CasePolicy::Insensitive,
                    other => {
                        return Err(format!(
                            "column case: {other:?} is not sensitive or insensitive"
                        ))
                    }
                }
            }
            _ if !cell.is_empty() => {
                entity.attributes.insert(col.clone(), cell.to_string());
            }
            _ => {}
        }
    }
    if entity.entity_type.is_empty() {
        return Err("empty type".into());
    }
    if !valid_type(&entity.entity_type) {
        return Err(format!(
            "type {:?} is not a lowercase identifier (person, organization, product, place, ...)",
            entity.entity_type
        ));
    }
    if entity.name.is_empty() {
        return Err("empty name".into());
    }
    if !entity.name.chars().any(char::is_alphanumeric) {
        return Err(format!("name {:?} has no letter or digit", entity.name));
    }
    let name = entity.name.clone();
    entity.aliases.retain(|a| *a != name);
    for a in ambiguous {
        if a != entity.name && !entity.aliases.contains(&a) {
            entity.aliases.push(a.clone());
        }
        entity.ambiguous.insert(a);
    }
    dedup_in_order(&mut entity.aliases);
    let mut id = String::with_capacity(entity.entity_type.len() + 1 + entity.name.len());
    id.push_str(&entity.entity_type);
    id.push(':');
    id.push_str(&entity.name);
    entity.id = id;
    Ok(entity)
}

/// `origin:line`, without the formatting machinery (one per row of every dictionary at startup).
fn origin_of(origin: &str, line: usize) -> String {
    let mut numbers = itoa::Buffer::new();
    let number = numbers.format(line);
    let mut s = String::with_capacity(origin.len() + 1 + number.len());
    s.push_str(origin);
    s.push(':');
    s.push_str(number);
    s
}

fn parse_header(line: &str) -> Result<Vec<String>, String> {
    let cols: Vec<String> = line.split('\t').map(|c| c.trim().to_lowercase()).collect();
    for required in ["type", "name"] {
        if !cols.iter().any(|c| c == required) {
            return Err(format!(
                "header has no {required:?} column (found: {})",
                cols.join(", ")
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for c in &cols {
        if c.is_empty() {
            return Err("header has an empty column name".into());
        }
        if !seen.insert(c) {
            return Err(format!("header names column {c:?} twice"));
        }
    }
    debug_assert!(RESERVED.contains(&"type"));
    Ok(cols)
}

pub(super) fn split_forms(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

pub(super) fn dedup_in_order(v: &mut Vec<String>) {
    // Alias lists are short: a quadratic scan beats building a set.
    let mut i = 1;
    while i < v.len() {
        if v[..i].contains(&v[i]) {
            v.remove(i);
        } else {
            i += 1;
        }
    }
}

pub(super) fn valid_type(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The lines of a TSV dictionary that carry content, with their 1-based numbers: a final `\r` and a leading
/// byte-order mark removed, blank and `#` comment lines skipped.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    content_lines_from(text.strip_prefix('\u{FEFF}').unwrap_or(text), 1)
}

/// Names of the reserved dictionary columns; every other column becomes a node attribute.
pub fn reserved_columns() -> &'static [&'static str] {
    &RESERVED
}
