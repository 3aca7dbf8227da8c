//! Deciding: rejections, types and confidences from the evidence of all a name's mentions, short forms resolved.

use super::*;

/// The cue of a name that no evidence types.
const CAPITALISED: &str = "capitalised name";

impl Discoverer {
    /// Why a name is not an entity, whatever its cues; `None` when it may be one.
    pub(super) fn rejection(
        &self,
        name: &str,
        n_words: usize,
        first: &str,
        range: &std::ops::Range<usize>,
        words: &Words<'_>,
        licensed: bool,
    ) -> Option<String> {
        let lex = &self.lexicon;
        if !licensed && self.known_forms.contains_key(&text_hash(name, false)) {
            return Some("a dictionary form, not accepted here by the matcher".into());
        }
        if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return Some("too short".into());
        }
        if name.len() > MAX_NAME_BYTES || n_words > MAX_NAME_WORDS {
            return Some("too long for a name".into());
        }
        if n_words == 1 {
            if let Some(c) = lex
                .stopword(name)
                .filter(|&c| !licensed || c != Category::Generic)
            {
                return Some(format!("a stopword ({c:?})").to_lowercase());
            }
            if is_common_word(name) && !licensed {
                return Some("a common word".into());
            }
            // `U.S`, `D.G`: abbreviations, which the dictionaries spell out when they are names.
            if name.contains('.') && name.split('.').all(|p| p.chars().count() <= 2) {
                return Some("an abbreviation".into());
            }
            if !has_upper(first) {
                return Some("no capital".into());
            }
        }
        // Every word a legal form or a head (`Ltd.`, `Group Inc`), or a common word (`Big Three`,
        // `Series B`): not a name by itself.
        let all = |f: &dyn Fn(&str) -> bool| {
            range
                .clone()
                .map(|i| words.word(i))
                .filter(|w| !is_model_code(w) && w.chars().any(char::is_alphabetic))
                .all(f)
        };
        if all(&|w| self.ends_in_org_head(w.trim_end_matches('.'))) {
            return Some("only a legal form or head".into());
        }
        let institution = range.clone().skip(1).any(|i| {
            let w = words.word(i);
            INSTITUTION_WORDS.contains(&w) || self.ends_in_org_head(w)
        });
        if n_words >= 2 && !institution && all(&|w| is_common_word(w) || lex.stopword(w).is_some())
        {
            return Some("only common words".into());
        }
        // `CC BY-NC-ND`: codes and acronyms side by side, without a head that makes them a name.
        if n_words >= 2 && !institution && all(&|w| !w.chars().any(char::is_lowercase)) {
            return Some("a string of codes or acronyms".into());
        }
        None
    }

    /// Groups the occurrences by name, types and scores each name, resolves short forms, and builds the
    /// document's entities and mention list.
    pub(super) fn decide(
        &self,
        text: &str,
        dict: &Dictionary,
        dictionary_mentions: Vec<Mention>,
        occurrences: Vec<Occurrence>,
        mut notes: Vec<Note>,
    ) -> Discovery {
        // A name resolved to a dictionary entity once is that entity everywhere in the document, and so
        // is an acronym given in parentheses for a name.
        let keys: Vec<String> = occurrences
            .iter()
            .map(|o| normalized(&text[o.start..o.end]))
            .collect();
        let mut resolved: HashMap<&str, EntityIndex> = HashMap::default();
        for (o, key) in occurrences.iter().zip(&keys) {
            if let Some(e) = o.resolved {
                resolved.entry(key.as_str()).or_insert(e);
            }
        }
        let acronyms: HashSet<&str> = occurrences
            .iter()
            .zip(&keys)
            .filter(|(o, _)| o.acronym_of.is_some())
            .map(|(_, key)| key.as_str())
            .collect();
        // Names in order of first occurrence.
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut order: Vec<&str> = Vec::new();
        for (i, (o, key)) in occurrences.iter().zip(&keys).enumerate() {
            let key = key.as_str();
            if o.resolved.is_some() || resolved.contains_key(key) || acronyms.contains(key) {
                continue;
            }
            let list = by_name.entry(key).or_default();
            if list.is_empty() {
                order.push(key);
            }
            list.push(i);
        }
        let scored: Vec<Scored<'_>> = order
            .iter()
            .map(|&name| {
                let (kind, confidence, cue) =
                    self.score(by_name[name].iter().map(|&i| &occurrences[i]));
                Scored {
                    name,
                    kind,
                    confidence,
                    cue,
                    single: !name.contains(char::is_whitespace),
                }
            })
            .collect();
        let scored = extend_products(scored, self.config.min_confidence);
        // Full names that give short forms: the document's dictionary entities of several words, and
        // the discovered names of several words that pass.
        let mut full_names: Vec<(&str, Kind, Option<EntityIndex>)> = Vec::new();
        // The document's dictionary entities, each once, in order of first mention.
        let mut seen: HashSet<EntityIndex> = HashSet::default();
        let entities_here: Vec<EntityIndex> = dictionary_mentions
            .iter()
            .map(|m| m.entity)
            .filter(|&e| seen.insert(e))
            .collect();
        for &index in &entities_here {
            let info = self.info(index);
            // The matcher already links a dictionary person's surname to the one named in full.
            if !info.several_words() || info.is(Kind::Person) {
                continue;
            }
            if let Some(kind) = info.kind() {
                let e = dict.entity(index);
                if !full_names.iter().any(|(n, _, _)| *n == e.name) {
                    full_names.push((e.name.as_str(), kind, Some(index)));
                }
            }
        }
        let min = self.config.min_confidence;
        let mut entities: Vec<Entity> = Vec::new();
        let mut verdicts: HashMap<&str, Verdict> = HashMap::default();
        let discover = |s: &Scored<'_>, entities: &mut Vec<Entity>| -> EntityIndex {
            let index = DISCOVERED | entities.len() as EntityIndex;
            let mut attributes = BTreeMap::new();
            attributes.insert("source".to_string(), SOURCE.to_string());
            attributes.insert("cue".to_string(), s.cue.clone());
            attributes.insert("confidence".to_string(), format!("{:.2}", s.confidence));
            entities.push(Entity {
                id: format!("{}:{}", s.kind.as_str(), s.name),
                entity_type: s.kind.as_str().to_string(),
                name: s.name.to_string(),
                aliases: Vec::new(),
                external_id: None,
                attributes,
                origin: SOURCE.to_string(),
                ambiguous: Default::default(),
                case: Default::default(),
                cues: Vec::new(),
            });
            index
        };
        // The entities of the document by their names in lowercase: a name written with other capitals
        // (`Playstation` after `PlayStation`) is the same entity. `None` when two entities share it.
        let mut by_lowercase: HashMap<u64, Option<EntityIndex>> = HashMap::default();
        for m in &dictionary_mentions {
            note_case(&mut by_lowercase, &text[m.start..m.end], m.entity);
        }
        // Names of several words first: they give the short forms.
        for s in scored.iter().filter(|s| !s.single && s.confidence >= min) {
            let index = discover(s, &mut entities);
            verdicts.insert(s.name, Verdict::Discovered(index));
            // `PlayStation` alone is the parent, not `PlayStation Japan`.
            if s.cue != NAME_AND_COUNTRY {
                full_names.push((s.name, s.kind, Some(index)));
            }
            note_case(&mut by_lowercase, s.name, index);
        }
        // People named in full in the document, by first name: a first name alone (`Dario`, after `Dario
        // Amodei`) is that person when no other person of the document bears it.
        let mut first_names: Vec<(&str, EntityIndex)> = Vec::new();
        for &index in &entities_here {
            let info = self.info(index);
            if !info.is(Kind::Person) || !info.several_words() {
                continue;
            }
            if let Some(first) = dict.entity(index).name.split_whitespace().next() {
                if !first_names.contains(&(first, index)) {
                    first_names.push((first, index));
                }
            }
        }
        for (full, kind, index) in &full_names {
            if let (Kind::Person, Some(index), Some(first)) =
                (kind, index, full.split_whitespace().next())
            {
                if full.contains(char::is_whitespace) && !first_names.contains(&(first, *index)) {
                    first_names.push((first, *index));
                }
            }
        }
        let by_first_name = |name: &str| -> Option<EntityIndex> {
            let mut found = first_names.iter().filter(|(f, _)| *f == name);
            match (found.next(), found.next()) {
                (Some(&(_, e)), None) => Some(e),
                _ => None,
            }
        };
        // The first and last words of each full name, which its short forms are.
        let ends: Vec<(Option<&str>, Option<&str>)> = full_names
            .iter()
            .map(|(full, _, _)| {
                (
                    full.split_whitespace().next(),
                    full.split_whitespace().last(),
                )
            })
            .collect();
        let short_form = |name: &str| -> Option<EntityIndex> {
            if self.lexicon.is_first_name(name) || self.lexicon.ambiguous_first_name(name).is_some()
            {
                if let Some(e) = by_first_name(name) {
                    return Some(e);
                }
            }
            full_names
                .iter()
                .zip(&ends)
                .find_map(|((_, kind, index), (first, last))| {
                    let hit = match kind {
                        Kind::Person => *last == Some(name),
                        Kind::Place => false,
                        _ => *first == Some(name) && !self.lexicon.is_first_name(name),
                    };
                    if hit {
                        *index
                    } else {
                        None
                    }
                })
        };
        for s in scored.iter().filter(|s| s.single) {
            let cased = || by_lowercase.get(&lowercase_key(s.name)).copied().flatten();
            let verdict = match short_form(s.name).or_else(cased) {
                Some(e) => Verdict::ShortForm(e),
                None if s.confidence >= min => {
                    let index = discover(s, &mut entities);
                    note_case(&mut by_lowercase, s.name, index);
                    Verdict::Discovered(index)
                }
                None => Verdict::Rejected(format!(
                    "confidence {:.2} below {min:.2} ({})",
                    s.confidence, s.cue
                )),
            };
            verdicts.insert(s.name, verdict);
        }
        for s in scored.iter().filter(|s| !s.single && s.confidence < min) {
            verdicts.insert(
                s.name,
                Verdict::Rejected(format!(
                    "confidence {:.2} below {min:.2} ({})",
                    s.confidence, s.cue
                )),
            );
        }
        // Mentions: the dictionary's, minus those a name replaced, plus the names and short forms.
        let mut replaced = vec![false; dictionary_mentions.len()];
        let mut mentions = Vec::with_capacity(dictionary_mentions.len() + occurrences.len());
        for (o, key) in occurrences.iter().zip(&keys) {
            if acronyms.contains(key.as_str()) {
                continue;
            }
            let verdict = match o.resolved.or_else(|| resolved.get(key.as_str()).copied()) {
                Some(e) => Verdict::ShortForm(e),
                None => verdicts
                    .get(key.as_str())
                    .cloned()
                    .unwrap_or_else(|| Verdict::Rejected(String::new())),
            };
            if let Verdict::Discovered(e) | Verdict::ShortForm(e) = verdict {
                for &m in &o.replaces {
                    replaced[m] = true;
                }
                mentions.push(Mention {
                    start: o.start,
                    end: o.end,
                    entity: e,
                    form: u32::MAX,
                });
            }
            notes.push(Note {
                start: o.start,
                end: o.end,
                verdict,
            });
        }
        mentions.extend(
            dictionary_mentions
                .into_iter()
                .zip(replaced)
                .filter(|(_, r)| !r)
                .map(|(m, _)| m),
        );
        mentions.sort_by_key(|m| (m.start, m.end));
        // Acronyms: the entity of the name they follow, at every mention of the acronym.
        let mut acronym_entity: HashMap<&str, EntityIndex> = HashMap::default();
        for (o, key) in occurrences.iter().zip(&keys) {
            if let Some(at) = o.acronym_of {
                if let Some(m) = mentions.iter().find(|m| m.start == at) {
                    acronym_entity.entry(key.as_str()).or_insert(m.entity);
                }
            }
        }
        for (o, key) in occurrences.iter().zip(&keys) {
            if !acronyms.contains(key.as_str()) {
                continue;
            }
            let verdict = match acronym_entity.get(key.as_str()) {
                Some(&e) => {
                    mentions.push(Mention {
                        start: o.start,
                        end: o.end,
                        entity: e,
                        form: u32::MAX,
                    });
                    Verdict::ShortForm(e)
                }
                None => Verdict::Rejected("an acronym of a name that is not an entity".into()),
            };
            notes.push(Note {
                start: o.start,
                end: o.end,
                verdict,
            });
        }
        mentions.sort_by_key(|m| (m.start, m.end));
        // A replaced mention may overlap a name that was rejected after all: keep the first of any
        // overlapping pair (they are sorted by start).
        let mut last_end = 0;
        mentions.retain(|m| {
            let keep = m.start >= last_end;
            if keep {
                last_end = m.end;
            }
            keep
        });
        notes.sort_by_key(|n| (n.start, n.end));
        Discovery {
            entities,
            mentions,
            notes,
        }
    }

    /// The type, confidence and main cue of a name from the evidence of its occurrences.
    pub(super) fn score<'a>(
        &self,
        occurrences: impl Iterator<Item = &'a Occurrence>,
    ) -> (Kind, f64, String) {
        let mut score: BTreeMap<Kind, u32> = BTreeMap::new();
        let mut best_cue: BTreeMap<Kind, (u8, String)> = BTreeMap::new();
        let (mut count, mut inside, mut extends) = (0, 0, false);
        for o in occurrences {
            count += 1;
            if !o.initial {
                inside += 1;
            }
            extends |= !o.replaces.is_empty();
            // Repeated cues count once per occurrence and kind, so a long article does not inflate them.
            let mut here: BTreeMap<Kind, u8> = BTreeMap::new();
            for (kind, weight, why) in &o.evidence {
                let w = here.entry(*kind).or_insert(0);
                *w = (*w).max(*weight).min(4);
                let best = best_cue.entry(*kind).or_insert((0, String::new()));
                if *weight > best.0 {
                    *best = (*weight, why.clone());
                }
            }
            for (kind, w) in here {
                *score.entry(kind).or_insert(0) += u32::from(w);
            }
        }
        let mut ranked: Vec<(Kind, u32)> = score.into_iter().filter(|(_, s)| *s > 0).collect();
        // Highest score first; on a tie, organization (the usual unlisted name), person, product, place.
        let tie = |k: Kind| match k {
            Kind::Organization => 0,
            Kind::Person => 1,
            Kind::Product => 2,
            Kind::Place => 3,
        };
        ranked.sort_by_key(|&(k, s)| (std::cmp::Reverse(s), tie(k)));
        let (kind, top, second) = match ranked.as_slice() {
            [] => (Kind::Organization, 0, 0),
            [(k, s)] => (*k, *s, 0),
            [(k, s), (_, t), ..] => (*k, *s, *t),
        };
        let cue = best_cue
            .get(&kind)
            .map(|(_, why)| why.clone())
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| CAPITALISED.into());
        let mut confidence: f64 = match top {
            0 => 0.55,
            1 => 0.6,
            2 => 0.7,
            3 => 0.8,
            4 => 0.85,
            5 => 0.9,
            _ => 0.95,
        };
        if second > 0 && top - second < 2 {
            confidence -= 0.1;
        }
        if inside == 0 && !extends {
            // Only ever at the start of a sentence: its capital proves nothing.
            confidence -= if top >= 3 { 0.1 } else { 0.2 };
        }
        if inside >= 2 || count >= 3 {
            confidence += 0.05;
        }
        (kind, confidence.clamp(0.05, 0.95), cue)
    }
}

/// A name with no evidence of its own that extends a product the document names (`Demon's Souls` +
/// `Remake`, `Grok` + `Imagine`) is a version or an edition of it: a product.
fn extend_products(mut scored: Vec<Scored<'_>>, min: f64) -> Vec<Scored<'_>> {
    let products: Vec<&str> = scored
        .iter()
        .filter(|s| s.kind == Kind::Product && s.confidence >= min && s.cue != CAPITALISED)
        .map(|s| s.name)
        .collect();
    if products.is_empty() {
        return scored;
    }
    for s in scored
        .iter_mut()
        .filter(|s| !s.single && s.cue == CAPITALISED)
    {
        let base = products.iter().find(|p| {
            s.name.len() > p.len() + 1
                && s.name.starts_with(**p)
                && s.name.as_bytes()[p.len()] == b' '
        });
        if let Some(base) = base {
            s.kind = Kind::Product;
            s.cue = format!("extends \"{base}\"");
            s.confidence = s.confidence.max(0.7);
        }
    }
    scored
}

/// Records that `name`, in lowercase, names entity `e`; two entities of one lowercase name cancel it.
fn note_case(by_lowercase: &mut HashMap<u64, Option<EntityIndex>>, name: &str, e: EntityIndex) {
    let slot = by_lowercase.entry(lowercase_key(name)).or_insert(Some(e));
    if *slot != Some(e) {
        *slot = None;
    }
}

/// The hash of a name [`normalized`] and in lowercase, without building either string when it is ASCII
/// (most names: this runs on every mention of a document).
fn lowercase_key(name: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    if name.is_ascii() {
        // `split_whitespace` on ASCII: these six bytes separate words.
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        let mut words = name.as_bytes().split(space).filter(|w| !w.is_empty());
        if let Some(first) = words.next() {
            first
                .iter()
                .for_each(|b| h.write_u8(b.to_ascii_lowercase()));
            for w in words {
                h.write_u8(b' ');
                w.iter().for_each(|b| h.write_u8(b.to_ascii_lowercase()));
            }
        }
    } else {
        normalized(name)
            .to_lowercase()
            .bytes()
            .for_each(|b| h.write_u8(b));
    }
    h.finish()
}

/// A name of the document with its type and confidence.
pub(super) struct Scored<'t> {
    name: &'t str,
    kind: Kind,
    confidence: f64,
    cue: String,
    single: bool,
}
