//! Dictionaries: entities with their names, aliases and attributes, loaded from TSV files.
//!
//! The format is documented in `docs/dictionary-format.md`. This module parses and validates rows, merges rows
//! that describe the same entity, and resolves forms claimed by several entities, so that every surface form
//! handed to the matcher belongs to exactly one entity. It never looks at documents.
//!
//! ```
//! use graphex::dictionary::DictionaryBuilder;
//!
//! let mut builder = DictionaryBuilder::new();
//! builder.add_tsv("example.tsv", "type\tname\taliases\tambiguous\nperson\tElon Musk\tMusk\tMusk\n").unwrap();
//! let dict = builder.build();
//! assert_eq!(dict.entities().len(), 1);
//! assert_eq!(dict.entities()[0].id, "person:Elon Musk");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

use crate::error::{Error, Result};
use crate::text::{fold, fold_punct_str};

/// Index of an entity in a [`Dictionary`].
pub type EntityIndex = u32;

/// How the forms of an entry match letter case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CasePolicy {
    /// A form containing an uppercase letter matches case-sensitively, an all-lowercase form in any case.
    #[default]
    Auto,
    /// Every form matches exactly (modulo apostrophe, space and dash variants).
    Sensitive,
    /// Every form matches in any case.
    Insensitive,
}

/// One entity of the dictionary.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable graph id: `type:name`.
    pub id: String,
    /// Entity type (`person`, `organization`, `product`, `place` or a user-defined lowercase identifier).
    pub entity_type: String,
    /// Canonical name, used as the node label.
    pub name: String,
    /// Other forms, in file order, without duplicates.
    pub aliases: Vec<String>,
    /// External identifier (e.g. a Wikidata QID).
    pub external_id: Option<String>,
    /// Further columns of the dictionary row.
    pub attributes: BTreeMap<String, String>,
    /// Where the entity was first defined (`file:line`).
    pub origin: String,
    /// Forms that count only where a non-ambiguous form of the entity appears in the same document.
    pub ambiguous: BTreeSet<String>,
    /// Case policy of the entry.
    pub case: CasePolicy,
    /// Context words that support an ambiguous form when they appear next to it ("réseau social" for `X`).
    pub cues: Vec<String>,
}

impl Entity {
    /// The canonical name followed by the aliases.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A surface form handed to the matcher.
#[derive(Debug, Clone)]
pub struct Form {
    /// The form as written in the dictionary.
    pub text: String,
    /// The entity it names.
    pub entity: EntityIndex,
    /// Counts only with support from a non-ambiguous form in the same document.
    pub ambiguous: bool,
    /// Must match letter case exactly.
    pub case_sensitive: bool,
    /// The form is the entity's canonical name.
    pub is_name: bool,
    /// The form folded for matching ([`crate::text::fold`]): the automaton pattern.
    pub folded: String,
}

/// A form claimed by two entities, and how it was resolved.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The contested form (as the loser wrote it).
    pub form: String,
    /// The entity that keeps the form.
    pub winner: EntityIndex,
    /// The entity that loses it.
    pub loser: EntityIndex,
    /// Both entries come from one file and use the form as an alias: neither loses it, it counts for the
    /// entity named in full in the document.
    pub shared: bool,
}

/// One entity's claim on a folded form, while conflicts are resolved.
struct Claim {
    entity: EntityIndex,
    any_case: bool,
    is_name: bool,
    /// Index of the claim's form in the form list.
    form: usize,
}

/// The claims on one folded form: the first one (the key is its form's folded text) and any others.
struct Claims {
    first: Claim,
    more: Vec<Claim>,
    /// The folded form's number among the distinct folded forms (see [`Dictionary::folded_ids`]).
    id: u32,
}

impl Claims {
    fn iter(&self) -> impl Iterator<Item = &Claim> {
        std::iter::once(&self.first).chain(&self.more)
    }
}

/// A set of entities and their forms, ready for matching. Built with [`DictionaryBuilder`].
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entities: Vec<Entity>,
    forms: Vec<Form>,
    /// Per form, the number of its folded text among the distinct ones (see [`Dictionary::folded_ids`]).
    folded_ids: Vec<u32>,
    folded_count: usize,
    conflicts: Vec<Conflict>,
    warnings: Vec<String>,
}

impl Dictionary {
    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity at `index`.
    pub fn entity(&self, index: EntityIndex) -> &Entity {
        &self.entities[index as usize]
    }

    /// All forms kept after conflict resolution.
    pub fn forms(&self) -> &[Form] {
        &self.forms
    }

    /// Per form (same order as [`Dictionary::forms`]), the number of its folded text among the distinct
    /// folded texts, numbered in order of first appearance: forms that fold alike share a number, which is
    /// the automaton pattern they all match as. Known from conflict resolution, so no one hashes the folded
    /// texts again (millions in a large dictionary).
    pub fn folded_ids(&self) -> &[u32] {
        &self.folded_ids
    }

    /// The number of distinct folded texts among the forms (one more than the largest of
    /// [`Dictionary::folded_ids`]).
    pub fn folded_count(&self) -> usize {
        self.folded_count
    }

    /// Forms claimed by two entities, with the resolution applied.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Other problems found while building (duplicate external ids, entities that can never match).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Human-readable description of a conflict, naming both entities and where they come from.
    pub fn describe_conflict(&self, c: &Conflict) -> String {
        let w = self.entity(c.winner);
        let l = self.entity(c.loser);
        if c.shared {
            return format!(
                "form {:?} is an alias of {} ({}) and {} ({}); shared: it counts for the one named in full in a document",
                c.form, w.id, w.origin, l.id, l.origin
            );
        }
        format!(
            "form {:?} is claimed by {} ({}) and {} ({}); kept for {}",
            c.form, w.id, w.origin, l.id, l.origin, w.id
        )
    }
}

/// Counts describing a [`Dictionary`] (see [`Dictionary::stats`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictionaryStats {
    /// Number of entities.
    pub entities: usize,
    /// Entities per type.
    pub types: BTreeMap<String, usize>,
    /// Entities per source: the `source` column of generated rows (an entity with several comma-separated
    /// sources counts once for each), `curated` for `curated/` files, otherwise the file name.
    pub sources: BTreeMap<String, usize>,
    /// Forms kept for matching (names and aliases, after conflict resolution).
    pub forms: usize,
    /// Of which ambiguous.
    pub ambiguous_forms: usize,
    /// Forms claimed by several entities (see [`Dictionary::conflicts`]).
    pub conflicts: usize,
}

impl Dictionary {
    /// Counts entities by type and source, and forms.
    pub fn stats(&self) -> DictionaryStats {
        let mut stats = DictionaryStats {
            entities: self.entities.len(),
            forms: self.forms.len(),
            ambiguous_forms: self.forms.iter().filter(|f| f.ambiguous).count(),
            conflicts: self.conflicts.len(),
            ..DictionaryStats::default()
        };
        for e in &self.entities {
            *stats.types.entry(e.entity_type.clone()).or_default() += 1;
            for source in e.sources() {
                *stats.sources.entry(source).or_default() += 1;
            }
        }
        stats
    }
}

impl Entity {
    /// Where the entity comes from, for statistics: `curated` when it was first defined in a `curated/`
    /// dictionary, plus the entries of its `source` attribute (comma-separated; generated rows have one);
    /// otherwise the name of the file it was first defined in.
    pub fn sources(&self) -> Vec<String> {
        let file = self.origin_file();
        let mut list: Vec<String> = Vec::new();
        if file.contains("curated/") {
            list.push("curated".into());
        }
        if let Some(s) = self.attributes.get("source") {
            list.extend(
                s.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
        }
        if list.is_empty() {
            list.push(file.rsplit(['/', '\\']).next().unwrap_or(file).to_string());
        }
        list
    }

    /// The file part of [`Entity::origin`] (without `:line`).
    pub fn origin_file(&self) -> &str {
        self.origin
            .rsplit_once(':')
            .filter(|(_, line)| line.bytes().all(|b| b.is_ascii_digit()))
            .map_or(self.origin.as_str(), |(file, _)| file)
    }
}

/// Builds a [`Dictionary`] from TSV sources. Sources added first have priority on conflicts.
#[derive(Debug, Default)]
pub struct DictionaryBuilder {
    entities: Vec<Entity>,
    by_key: HashMap<(String, String), usize>,
}

const RESERVED: [&str; 7] = ["type", "name", "aliases", "id", "ambiguous", "case", "cues"];

impl DictionaryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the dictionaries embedded in the binary (`dictionaries/` of the source tree).
    pub fn add_embedded_defaults(&mut self) -> Result<()> {
        for (name, text) in crate::embedded::DICTIONARIES {
            self.add_tsv(&format!("embedded:dictionaries/{name}"), text)?;
        }
        Ok(())
    }

    /// Adds a dictionary file, or every `*.tsv` file below a folder (in sorted path order).
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        for f in source_files(path, "tsv", ".tsv dictionary")? {
            self.add_file(&f)?;
        }
        Ok(())
    }

    fn add_file(&mut self, path: &Path) -> Result<()> {
        let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
        let origin = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => self.add_tsv(&origin, &text),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..valid]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                Err(Error::Dictionary {
                    origin,
                    line,
                    message: "invalid UTF-8".into(),
                })
            }
        }
    }

    /// Adds a dictionary given as TSV text; `origin` names it in messages. Stops at the first malformed row.
    pub fn add_tsv(&mut self, origin: &str, text: &str) -> Result<()> {
        for row in parse_rows(origin, text) {
            self.add_row(row?);
        }
        Ok(())
    }

    /// Adds one parsed row (see [`parse_rows`]): a new entity, or more forms and attributes for an entity
    /// of the same type and name.
    pub fn add_row(&mut self, row: Entity) {
        self.merge_row(row);
    }

    fn parse_row(
        cols: &[String],
        cells: &[&str],
        origin: &str,
        line: usize,
    ) -> Result<Entity, String> {
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

    fn merge_row(&mut self, row: Entity) {
        let key = (row.entity_type.clone(), row.name.clone());
        match self.by_key.get(&key) {
            None => {
                self.by_key.insert(key, self.entities.len());
                self.entities.push(row);
            }
            Some(&i) => {
                let e = &mut self.entities[i];
                e.aliases.extend(row.aliases);
                dedup_in_order(&mut e.aliases);
                e.ambiguous.extend(row.ambiguous);
                e.cues.extend(row.cues);
                dedup_in_order(&mut e.cues);
                if e.external_id.is_none() {
                    e.external_id = row.external_id;
                }
                if e.case == CasePolicy::Auto {
                    e.case = row.case;
                }
                for (k, v) in row.attributes {
                    e.attributes.entry(k).or_insert(v);
                }
            }
        }
    }

    /// Resolves conflicts and returns the dictionary.
    pub fn build(self) -> Dictionary {
        let entities = self.entities;
        // Sized for every name and alias up front: a large dictionary has millions of forms, and growing
        // the table rehashes (and the list copies) them several times over.
        let form_count: usize = entities.iter().map(|e| 1 + e.aliases.len()).sum();
        let mut forms: Vec<Form> = Vec::with_capacity(form_count);
        let mut folded_ids: Vec<u32> = Vec::with_capacity(form_count);
        let mut folded_count: u32 = 0;
        let mut conflicts = Vec::new();
        let mut warnings = Vec::new();
        // Folded form -> claims on it. Two case-sensitive forms that differ in case ("Oyo", "OYO") match
        // different texts and do not conflict; a form that matches in any case conflicts with every form of
        // the same folding.
        // Keyed by the folded text of the first claim's form: no copy of any text (millions of forms in a
        // large dictionary). Punctuation-folded texts are compared only when two forms fold alike.
        let mut owner: HashTable<Claims> = HashTable::with_capacity(form_count);
        let hasher = FxBuildHasher;

        // Pass 1: canonical names claim their forms first (a name beats an alias), in load order.
        // Pass 2: aliases, in load order.
        for pass_names in [true, false] {
            for (idx, e) in entities.iter().enumerate() {
                let idx = idx as EntityIndex;
                let texts: &[String] = if pass_names {
                    std::slice::from_ref(&e.name)
                } else {
                    &e.aliases
                };
                for text in texts {
                    let is_name = pass_names;
                    let has_upper = text.chars().any(char::is_uppercase);
                    let case_sensitive = match e.case {
                        CasePolicy::Auto => has_upper,
                        CasePolicy::Sensitive => true,
                        CasePolicy::Insensitive => false,
                    };
                    let key = fold(text);
                    let hash = hasher.hash_one(key.as_str());
                    let claims = owner.find_mut(hash, |c| forms[c.first.form].folded == key);
                    let taken_by = claims.as_deref().and_then(|claims| {
                        let mut exact: Option<String> = None;
                        claims
                            .iter()
                            .find(|c| {
                                c.entity != idx
                                    && (c.any_case
                                        || !case_sensitive
                                        || fold_punct_str(&forms[c.form].text)
                                            == *exact.get_or_insert_with(|| fold_punct_str(text)))
                            })
                            .map(|c| (c.entity, c.is_name, c.form))
                    });
                    let mut shared = false;
                    if let Some((o, o_is_name, o_form)) = taken_by {
                        // Two entries of one file giving the same alias (two people named Dubois) share it:
                        // it becomes ambiguous for both and counts for the one named in full in the document.
                        shared = !is_name
                            && !o_is_name
                            && entities[o as usize].origin_file() == e.origin_file();
                        conflicts.push(Conflict {
                            form: text.to_string(),
                            winner: o,
                            loser: idx,
                            shared,
                        });
                        if !shared {
                            continue;
                        }
                        forms[o_form].ambiguous = true;
                    }
                    let claim = Claim {
                        entity: idx,
                        any_case: !case_sensitive,
                        is_name,
                        form: forms.len(),
                    };
                    forms.push(Form {
                        text: text.to_string(),
                        entity: idx,
                        ambiguous: shared || e.ambiguous.contains(text.as_str()),
                        case_sensitive,
                        is_name,
                        folded: key,
                    });
                    match claims {
                        Some(claims) => {
                            folded_ids.push(claims.id);
                            claims.more.push(claim);
                        }
                        None => {
                            folded_ids.push(folded_count);
                            owner.insert_unique(
                                hash,
                                Claims {
                                    first: claim,
                                    more: Vec::new(),
                                    id: folded_count,
                                },
                                |c| hasher.hash_one(forms[c.first.form].folded.as_str()),
                            );
                            folded_count += 1;
                        }
                    }
                }
            }
        }

        let mut by_external: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for e in &entities {
            if let Some(x) = &e.external_id {
                by_external
                    .entry(x.as_str())
                    .or_default()
                    .push(e.id.as_str());
            }
        }
        for (x, ids) in by_external {
            if ids.len() > 1 {
                warnings.push(format!(
                    "external id {x} is used by several entities: {}",
                    ids.join(", ")
                ));
            }
        }
        let mut matchable = vec![false; entities.len()];
        for f in &forms {
            if !f.ambiguous || !entities[f.entity as usize].cues.is_empty() {
                matchable[f.entity as usize] = true;
            }
        }
        for (e, ok) in entities.iter().zip(matchable) {
            if !ok {
                warnings.push(format!(
                    "{} ({}): every form is ambiguous or taken by another entity, so it can never match",
                    e.id, e.origin
                ));
            }
        }
        Dictionary {
            entities,
            forms,
            folded_ids,
            folded_count: folded_count as usize,
            conflicts,
            warnings,
        }
    }
}

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
        out.push(
            DictionaryBuilder::parse_row(cols, &cells, origin, lineno).map_err(|m| err(lineno, m)),
        );
    }
    if header.is_none() && !text.trim().is_empty() {
        out.push(Err(err(
            1,
            "no header line (expected tab-separated columns including type and name)".into(),
        )));
    }
    out
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

fn split_forms(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn dedup_in_order(v: &mut Vec<String>) {
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

fn valid_type(t: &str) -> bool {
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

/// The files a `--dict` or `--rules` argument names: the path itself when it is a file, else every file with
/// extension `ext` below the folder, in sorted path order. A folder without any is an error naming it (`what`
/// describes the files in the message, e.g. ".tsv dictionary").
pub(crate) fn source_files(path: &Path, ext: &str, what: &str) -> Result<Vec<PathBuf>> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_files(path, ext, &mut files)?;
    if files.is_empty() {
        return Err(Error::Config(format!(
            "{}: no {what} files in this folder",
            path.display()
        )));
    }
    Ok(files)
}

fn collect_files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(dir, err)))
        .collect::<Result<_>>()?;
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_files(&p, ext, out)?;
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
    Ok(())
}

/// Names of the reserved dictionary columns; every other column becomes a node attribute.
pub fn reserved_columns() -> &'static [&'static str] {
    &RESERVED
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(tsv: &str) -> Dictionary {
        let mut b = DictionaryBuilder::new();
        b.add_tsv("t.tsv", tsv).unwrap();
        b.build()
    }

    #[test]
    fn parses_rows_aliases_attributes_and_comments() {
        let d = build(
            "# comment\ntype\tname\taliases\tid\tcountry\nperson\tElon Musk\tMusk|E. Musk\tQ317521\tUS\n\norganization\tOpenAI\t\t\t\n",
        );
        assert_eq!(d.entities().len(), 2);
        let musk = &d.entities()[0];
        assert_eq!(musk.aliases, vec!["Musk", "E. Musk"]);
        assert_eq!(musk.external_id.as_deref(), Some("Q317521"));
        assert_eq!(
            musk.attributes.get("country").map(String::as_str),
            Some("US")
        );
        assert_eq!(d.forms().len(), 4);
    }

    /// Forms that fold alike (case, accents, apostrophes) share a number, numbered in order of first
    /// appearance among the forms, whether or not their entities conflict.
    #[test]
    fn folded_ids_number_distinct_folded_forms_in_order() {
        let d = build(
            "type\tname\taliases\tcase\n\
             organization\tOpenAI\tOPENAI|Open AI\tsensitive\n\
             organization\tL’Oréal\tL'Oréal\t\n\
             person\tAndrew Ng\tNg\t\n\
             organization\tNG\t\tsensitive\n\
             product\topenai\t\tsensitive\n",
        );
        assert_eq!(d.folded_ids().len(), d.forms().len());
        let mut first: Vec<&str> = Vec::new();
        for (form, &id) in d.forms().iter().zip(d.folded_ids()) {
            match first.get(id as usize) {
                Some(&folded) => assert_eq!(folded, form.folded, "{}", form.text),
                None => {
                    assert_eq!(id as usize, first.len(), "numbered in order: {}", form.text);
                    first.push(&form.folded);
                }
            }
        }
        assert_eq!(d.folded_count(), first.len());
        let mut distinct = first.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), first.len(), "one number per folded text");
        // OpenAI, OPENAI and openai fold alike; so do L’Oréal and L'Oréal, Ng and NG.
        assert_eq!((d.forms().len(), first.len()), (9, 5), "{:?}", d.forms());
    }

    #[test]
    fn malformed_rows_name_file_and_line() {
        let mut b = DictionaryBuilder::new();
        let e = b
            .add_tsv("d.tsv", "type\tname\nperson\tA\textra\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "d.tsv:2: row has 3 cells but the header has 2 columns");
        let e = b
            .add_tsv("d.tsv", "type\tname\n\nperson\t\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "d.tsv:3: empty name");
        let e = b.add_tsv("d.tsv", "name\tthing\n").unwrap_err().to_string();
        assert!(
            e.starts_with("d.tsv:1: header has no \"type\" column"),
            "{e}"
        );
        let e = b
            .add_tsv("d.tsv", "type\tname\nPerson\tA\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.tsv:2: type \"Person\""), "{e}");
        let e = b
            .add_tsv("d.tsv", "type\tname\tcase\nperson\tA\tmaybe\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.tsv:2: column case"), "{e}");
    }

    #[test]
    fn same_type_and_name_merge() {
        let d = build(
            "type\tname\taliases\nperson\tElon Musk\tMusk\nperson\tElon Musk\tE. Musk|Musk\n",
        );
        assert_eq!(d.entities().len(), 1);
        assert_eq!(d.entities()[0].aliases, vec!["Musk", "E. Musk"]);
    }

    #[test]
    fn name_beats_alias_then_first_loaded_wins() {
        let mut b = DictionaryBuilder::new();
        b.add_tsv(
            "user.tsv",
            "type\tname\taliases\norganization\tMeta Platforms\tMeta\n",
        )
        .unwrap();
        b.add_tsv(
            "default.tsv",
            "type\tname\taliases\norganization\tMeta\t\norganization\tAlphabet\tGoogle\n",
        )
        .unwrap();
        b.add_tsv(
            "other.tsv",
            "type\tname\taliases\norganization\tGoogle LLC\tGoogle\n",
        )
        .unwrap();
        let d = b.build();
        assert_eq!(d.conflicts().len(), 2);
        let meta = d.forms().iter().find(|f| f.text == "Meta").unwrap();
        assert_eq!(
            d.entity(meta.entity).id,
            "organization:Meta",
            "a canonical name beats an alias"
        );
        let google = d.forms().iter().find(|f| f.text == "Google").unwrap();
        assert_eq!(
            d.entity(google.entity).id,
            "organization:Alphabet",
            "first loaded wins among aliases"
        );
        assert!(d
            .describe_conflict(&d.conflicts()[0])
            .contains("user.tsv:2"));
    }

    #[test]
    fn forms_differing_only_in_case_do_not_conflict_when_both_are_case_sensitive() {
        let d = build("type\tname\taliases\nplace\tOyo\t\norganization\tOYO\t\nproduct\tclip\t\norganization\tClip\t\n");
        assert_eq!(
            d.conflicts().len(),
            1,
            "an any-case form conflicts with every casing"
        );
        assert_eq!(d.entity(d.conflicts()[0].loser).id, "organization:Clip");
        assert_eq!(d.forms().len(), 3);
    }

    #[test]
    fn case_policy_and_ambiguity() {
        let d = build(
            "type\tname\taliases\tambiguous\tcase\nperson\tElon Musk\tMusk\tMusk\t\nproduct\tiphone\t\t\t\norganization\tXYZ\t\t\tinsensitive\n",
        );
        let f = |t: &str| d.forms().iter().find(|f| f.text == t).unwrap().clone();
        assert!(f("Musk").ambiguous && f("Musk").case_sensitive);
        assert!(!f("Elon Musk").ambiguous);
        assert!(!f("iphone").case_sensitive);
        assert!(!f("XYZ").case_sensitive);
    }

    #[test]
    fn entity_with_only_ambiguous_forms_is_warned() {
        let d = build("type\tname\tambiguous\tcues\norganization\tX\tX\tréseau social\n");
        assert!(
            d.warnings().is_empty(),
            "cues make an ambiguous-only entity matchable"
        );
        let d = build("type\tname\tambiguous\norganization\tX\tX\n");
        assert_eq!(d.warnings().len(), 1);
        assert!(d.warnings()[0].contains("can never match"));
    }

    #[test]
    fn invalid_utf8_file_names_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.tsv");
        fs::write(&p, b"type\tname\nperson\tA\xff\n").unwrap();
        let e = DictionaryBuilder::new()
            .add_path(&p)
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("bad.tsv:2: invalid UTF-8"), "{e}");
    }
}
