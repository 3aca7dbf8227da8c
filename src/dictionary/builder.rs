//! Building a [`Dictionary`]: rows from TSV files, folders and the embedded defaults are merged by entity id,
//! and every surface form claimed by several entities is resolved (the first source wins; shared
//! aliases count for the entity named in full in a document), so that each form the matcher sees has one
//! owner.

use std::collections::BTreeMap;
use std::fs;
use std::hash::BuildHasher;
use std::path::Path;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

use super::parse::{dedup_in_order, parse_rows};
use super::{CasePolicy, Claim, Claims, Conflict, Dictionary, Entity, EntityIndex, Form};
use crate::error::{Error, Result};
use crate::files::source_files;
use crate::text::{fold, fold_punct_str};

/// Origin prefix of the generated default dictionaries (built from open data by
/// `scripts/build_dictionaries.py`): they lose every conflict with a curated or user dictionary.
pub const GENERATED_ORIGIN: &str = "embedded:dictionaries/generated/";

/// Builds a [`Dictionary`] from TSV sources. Sources added first have priority on conflicts.
#[derive(Debug, Default)]
pub struct DictionaryBuilder {
    entities: Vec<Entity>,
    by_key: HashMap<(String, String), usize>,
}

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

        // Curated and user dictionaries claim their forms before the generated lists, whatever the
        // form: a curated alias ("Meta" of Meta Platforms) beats a generated name ("Meta"). Within each
        // tier, canonical names claim first (a name beats an alias), then aliases, in load order.
        let generated = |e: &Entity| e.origin.starts_with(GENERATED_ORIGIN);
        for (tier_generated, pass_names) in
            [(false, true), (false, false), (true, true), (true, false)]
        {
            for (idx, e) in entities.iter().enumerate() {
                if generated(e) != tier_generated {
                    continue;
                }
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
