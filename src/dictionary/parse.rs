//! Reading dictionary TSV: the header (reserved columns and attribute columns), rows with their
//! `file:line` origin, and the cells that hold several forms (`|`-separated).

use std::collections::{BTreeMap, BTreeSet};

use super::{CasePolicy, Entity};
use crate::error::{Error, Result};

const RESERVED: [&str; 7] = ["type", "name", "aliases", "id", "ambiguous", "case", "cues"];

/// Parses the rows of a dictionary given as TSV text, one entity per row (rows are not merged), each with its
/// `origin` set to `file:line`. A malformed row gives an error naming its line and parsing goes on with the
/// next row; a malformed header gives one error and nothing else.
pub fn parse_rows(origin: &str, text: &str) -> Vec<Result<Entity>> {
    let err = |line: usize, message: String| Error::Dictionary {
        origin: origin.to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for (lineno, line) in content_lines(text) {
        let Some(cols) = &header else {
            match parse_header(line) {
                Ok(cols) => header = Some(cols),
                Err(m) => return vec![Err(err(lineno, m))],
            }
            continue;
        };
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() > cols.len() {
            out.push(Err(err(
                lineno,
                format!(
                    "row has {} cells but the header has {} columns",
                    cells.len(),
                    cols.len()
                ),
            )));
            continue;
        }
        out.push(parse_row(cols, &cells, origin, lineno).map_err(|m| err(lineno, m)));
    }
    if header.is_none() && !text.trim().is_empty() {
        out.push(Err(err(
            1,
            "no header line (expected tab-separated columns including type and name)".into(),
        )));
    }
    out
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
        origin: format!("{origin}:{line}"),
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
    entity.id = format!("{}:{}", entity.entity_type, entity.name);
    Ok(entity)
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
    text.split('\n').enumerate().filter_map(|(i, raw)| {
        let mut line = raw.strip_suffix('\r').unwrap_or(raw);
        if i == 0 {
            line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        }
        (!line.trim().is_empty() && !line.starts_with('#')).then_some((i + 1, line))
    })
}

/// Names of the reserved dictionary columns; every other column becomes a node attribute.
pub fn reserved_columns() -> &'static [&'static str] {
    &RESERVED
}
