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

mod builder;
mod parse;

pub mod check;

use std::collections::{BTreeMap, BTreeSet};

pub use builder::{DictionaryBuilder, GENERATED_ORIGIN};
pub(crate) use parse::content_lines;
pub use parse::{parse_rows, reserved_columns};

/// Index of an entity in a [`Dictionary`].
pub type EntityIndex = u32;

/// The bit set in the [`EntityIndex`] of an entity discovered in a document rather than listed in the
/// dictionary (see [`crate::discovery`]); the other bits are its index in the document's discovered list.
pub const DISCOVERED: EntityIndex = 1 << 31;

/// The entities the mentions of a document refer to: the dictionary's, and the ones discovered in it.
#[derive(Debug, Clone, Copy)]
pub struct Entities<'a> {
    /// The dictionary.
    pub dictionary: &'a Dictionary,
    /// The entities discovered in the document: `DISCOVERED | i` is `discovered[i]`.
    pub discovered: &'a [Entity],
}

impl<'a> Entities<'a> {
    /// The dictionary's entities only.
    pub fn of(dictionary: &'a Dictionary) -> Self {
        Entities {
            dictionary,
            discovered: &[],
        }
    }

    /// The entity at `index`, from the dictionary or, with the [`DISCOVERED`] bit, from the document.
    pub fn entity(&self, index: EntityIndex) -> &'a Entity {
        if index & DISCOVERED != 0 {
            &self.discovered[(index & !DISCOVERED) as usize]
        } else {
            self.dictionary.entity(index)
        }
    }
}

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
#[derive(Debug, Clone, PartialEq)]
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
    /// The form folded for matching ([`fold`](fn@crate::text::fold)): the automaton pattern.
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

#[cfg(test)]
mod tests;
