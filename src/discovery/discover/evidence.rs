//! The evidence for a name's type: its own words, the acronym it stands for, the cues around it.

use super::*;

impl Discoverer {
    /// The evidence of a name's own words, of the words around it and of the list it belongs to.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn name_evidence(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        span: Span,
        mentions: &[Mention],
        dict: &Dictionary,
        out: &[Occurrence],
        evidence: &mut Vec<(Kind, u8, String)>,
    ) {
        let Span { a, b, start, end } = span;
        let lex = &self.lexicon;
        let text = words.text;
        let word = |i: usize| words.word(i);
        let name = &text[start..end];
        let n_words = b - a;
        let first = word(a);
        let last_word = &text[words.list[b - 1].start..end];
        // Words of the name.
        let institution = (a + 1..b).any(|i| INSTITUTION_WORDS.contains(&word(i)));
        if institution {
            evidence.push((Kind::Organization, 3, "institution word".into()));
        }
        // Partners' names joined by an ampersand make a firm (`Keker & Van Nest`, `Marks & Spencer`).
        if (a + 1..b).any(|i| word(i) == "&") {
            evidence.push((Kind::Organization, 3, "ampersand".into()));
        }
        if let Some(w) = (a + 1..b)
            .map(word)
            .find(|w| PLACE_LAST_WORDS.contains(w))
            .or_else(|| Some(first).filter(|w| n_words >= 2 && PLACE_FIRST_WORDS.contains(w)))
        {
            evidence.push((Kind::Place, 3, format!("place word \"{w}\"")));
        }
        if last_word.len() > 5 && last_word.ends_with("shire") {
            evidence.push((Kind::Place, 3, "ending \"shire\"".into()));
        }
        // `Harrogate, North Yorkshire`: a place named right after, after a comma.
        if b < sentence.words.end
            && words.gap(b).trim() == ","
            && words.covered[b]
                .is_some_and(|m| dict.entity(mentions[m].entity).entity_type == "place")
        {
            evidence.push((Kind::Place, 2, "a place after a comma".into()));
        }
        if n_words >= 2
            && !self.ends_in_org_head(last_word)
            && !is_acronym(last_word)
            && !brand_or_division(last_word)
            && !institution
        {
            let first_part = first.split('-').next().unwrap_or(first);
            if lex.is_first_name(first) || (first.contains('-') && lex.is_first_name(first_part)) {
                evidence.push((Kind::Person, 3, format!("first name \"{first}\"")));
            } else if lex.ambiguous_first_name(first).is_some()
                || (first.contains('-') && lex.ambiguous_first_name(first_part).is_some())
            {
                evidence.push((
                    Kind::Person,
                    1,
                    format!("first name \"{first}\" (also a word)"),
                ));
            }
        }
        // The words of a name are cues in any language: an English name in a French text keeps its head
        // (`Riot Games`).
        for c in lex.first_word_cues(first) {
            if n_words >= 2 {
                evidence.push((c.kind, c.weight + 1, format!("first word \"{first}\"")));
            }
        }
        for c in lex.last_word_cues(last_word) {
            if n_words >= 2 || c.kind == Kind::Organization {
                evidence.push((c.kind, c.weight + 1, format!("last word \"{last_word}\"")));
            }
        }
        if let Some(c) = lex.affix_cue(last_word) {
            evidence.push((c.kind, c.weight, format!("ending \"{}\"", c.phrase)));
        }
        if n_words == 1 && is_acronym(first) {
            evidence.push((Kind::Organization, 1, "acronym".into()));
        }
        if lex.is_city(name) {
            // A city of several words (`San Francisco`) outweighs a first name.
            let weight = if n_words >= 2 { 4 } else { 2 };
            evidence.push((Kind::Place, weight, "city".into()));
        }
        self.context_evidence(text, sentence, start, end, evidence);
        // `les séries X, Y et Z`: a member of a list takes the cues around the one before it.
        if let Some(prev) = out
            .last()
            .filter(|p| p.end <= start && p.start >= sentence.span.start)
        {
            let between = text[prev.end..start].trim();
            if matches!(
                between,
                "," | "et"
                    | "and"
                    | "ou"
                    | "or"
                    | ", et"
                    | ", and"
                    | "&"
                    | "et de"
                    | "et d'"
                    | "et d’"
                    | "ou de"
                    | "and of"
                    | "or of"
                    | ", et de"
                    | ", and of"
            ) {
                let inherited: Vec<(Kind, u8, String)> = prev
                    .evidence
                    .iter()
                    .filter(|(_, w, why)| {
                        *w >= 2
                            && ["noun", "cue", "apposition", "listed"]
                                .iter()
                                .any(|k| why.starts_with(k))
                    })
                    .map(|(kind, w, why)| {
                        let why = why.strip_prefix("listed with ").unwrap_or(why);
                        (*kind, *w, format!("listed with {why}"))
                    })
                    .collect();
                evidence.extend(inherited);
            }
        }
        // A member of a list with a listed name (`Fortnite, Minecraft et Roblox` with `Minecraft` in a
        // dictionary) is weakly of its type: enough to type a name nothing else types.
        let sep_before = |between: &str| {
            matches!(
                between,
                "," | "et" | "and" | "ou" | "or" | ", et" | ", and" | ", ou" | ", or"
            )
        };
        let sep_after = |between: &str| matches!(between, "et" | "and" | "ou" | "or");
        let at = mentions.partition_point(|m| m.end <= start);
        let before = at
            .checked_sub(1)
            .map(|i| &mentions[i])
            .filter(|m| m.start >= sentence.span.start && sep_before(text[m.end..start].trim()));
        let after = mentions[at..]
            .iter()
            .find(|m| m.start >= end)
            .filter(|m| m.end <= sentence.span.end && sep_after(text[end..m.start].trim()));
        for m in before.into_iter().chain(after) {
            let e = dict.entity(m.entity);
            // Not a place: `À Paris, X a dit` fronts a place before a clause, it lists nothing.
            if let Some(kind) = kind_of_type(&e.entity_type).filter(|&k| k != Kind::Place) {
                evidence.push((kind, 1, format!("listed with \"{}\"", e.name)));
            }
        }
    }

    /// The start of the name an acronym in parentheses abbreviates: `X (ACR)` where the capitals of
    /// `X`'s words, in order, include the acronym's letters.
    pub(super) fn acronym_of(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        span: Span,
        out: &[Occurrence],
    ) -> Option<usize> {
        let Span { a, b, start, end } = span;
        let text = words.text;
        let acronym = &text[start..end];
        if b - a != 1 || !is_acronym(acronym) || a == sentence.words.start {
            return None;
        }
        if text[..start].trim_end().strip_suffix('(').is_none()
            || !text[end..].trim_start().starts_with(')')
        {
            return None;
        }
        let before_paren = text[..start].trim_end();
        let before_paren = before_paren[..before_paren.len() - 1].trim_end();
        let name_start = match words.covered[a - 1] {
            Some(_) => {
                // The mention ending right before the parenthesis.
                let w = &words.list[a - 1];
                (w.end == before_paren.len()).then_some(w.start)
            }
            None => out
                .iter()
                .rev()
                .find(|o| o.end == before_paren.len())
                .map(|o| o.start),
        }?;
        let name = &text[name_start..before_paren.len()];
        let capitals: String = name
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let mut letters = acronym.chars().filter(|c| c.is_alphabetic());
        let mut rest = capitals.chars();
        let ok = letters.all(|l| rest.any(|c| c == l));
        ok.then_some(name_start)
    }

    /// Cues around a name, within its sentence: phrases before and after it, a noun that names what
    /// follows (`fintech start-up X`, `le jeu mobile X`), an apposition (`X, the studio behind…`).
    pub(super) fn context_evidence(
        &self,
        text: &str,
        sentence: &Sentence<'_>,
        start: usize,
        end: usize,
        evidence: &mut Vec<(Kind, u8, String)>,
    ) {
        self.before_evidence(text, sentence, start, evidence);
        self.after_evidence(text, sentence, end, evidence);
    }

    /// Cues before a name starting at `start`: phrases (`la société`, `CEO of`) and a noun that
    /// names what follows (`fintech start-up X`, `le jeu mobile X`).
    pub(super) fn before_evidence(
        &self,
        text: &str,
        sentence: &Sentence<'_>,
        start: usize,
        evidence: &mut Vec<(Kind, u8, String)>,
    ) {
        let lex = &self.lexicon;
        let lang = sentence.lang;
        // A window before the name is enough for the longest cue, and keeps long sentences linear.
        let from =
            floor_char_boundary(text, start.saturating_sub(CONTEXT_BYTES)).max(sentence.span.start);
        let before_text = &text[from..start];
        // A word cut by the window is not a word.
        let before_text = if from > sentence.span.start {
            before_text.split_once(' ').map_or("", |(_, rest)| rest)
        } else {
            before_text
        };
        // Only the last words can be cues: fold and split no more of them.
        let before_text = last_words(before_text, lex.max_before_words().max(4));
        let spaced = spaced_context(&fold(before_text), true);
        let before: Vec<&str> = spaced.split_whitespace().collect();
        // Each phrase of the last k words is a suffix of one joined string.
        let k_max = lex.max_before_words().min(before.len());
        // Two words at least: the place cues below read them too.
        let joined = before[before.len() - k_max.max(2.min(before.len()))..].join(" ");
        let mut at = joined.len();
        for k in 1..=k_max {
            at -= before[before.len() - k].len();
            for c in lex.before_cues(&joined[at..]) {
                if applies(c, lang) {
                    evidence.push((c.kind, c.weight, format!("cue \"{}\"", c.phrase)));
                }
            }
            at = at.saturating_sub(1);
        }
        // The noun right before the name, or before one adjective after it (French order), written in
        // lowercase (a capitalised word before the name is part of another name); a colon may stand
        // between the noun and the name (`ses trois séries : X, Y et Z`). The words as written are split
        // only when a noun is found, to see its case.
        let raw = std::cell::OnceCell::new();
        let raw = || raw.get_or_init(|| context_words(before_text, true));
        let n = before.len() - usize::from(before.last().is_some_and(|w| *w == ":"));
        let lowercase = |i: usize| {
            let raw = raw();
            raw.len() == before.len()
                && raw
                    .get(i)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_lowercase)
        };
        let noun_at = |i: usize| {
            before
                .get(i)
                .filter(|w| w.chars().count() >= 3 && !is_stop(lex, w))
                .and_then(|w| lex.head_noun(w))
                .filter(|_| lowercase(i))
        };
        let noun = n
            .checked_sub(1)
            .and_then(|i| noun_at(i).map(|k| (i, k)))
            .or_else(|| {
                // An adjective after its noun is French order: `the studio showed X` has no noun.
                n.checked_sub(2)
                    .filter(|_| lang != Some("en") && is_adjective(lex, before[n - 1]))
                    .and_then(|i| noun_at(i).map(|k| (i, k)))
            });
        if let Some((i, (kind, weight))) = noun {
            evidence.push((kind, weight.max(2), format!("noun \"{}\"", before[i])));
        }
        // `joined` holds the last words, enough for the two-word place cues.
        for (phrase, weight) in PLACE_BEFORE {
            if joined == *phrase
                || joined
                    .strip_suffix(phrase)
                    .is_some_and(|head| head.ends_with(' '))
            {
                evidence.push((Kind::Place, *weight, format!("cue \"{phrase}\"")));
            }
        }
    }

    /// Cues after a name ending at `end`: phrases (`said`, `'s CEO`) and an apposition (`X, the
    /// studio behind…`).
    pub(super) fn after_evidence(
        &self,
        text: &str,
        sentence: &Sentence<'_>,
        end: usize,
        evidence: &mut Vec<(Kind, u8, String)>,
    ) {
        let lex = &self.lexicon;
        let lang = sentence.lang;
        let to = ceil_char_boundary(text, (end + CONTEXT_BYTES).min(sentence.span.end.max(end)));
        let after_text = &text[end..to];
        let after_text = if to < sentence.span.end {
            after_text.rsplit_once(' ').map_or("", |(head, _)| head)
        } else {
            after_text
        };
        let spaced = spaced_context(&fold(after_text), false);
        let after: Vec<&str> = spaced.split_whitespace().collect();
        // Each phrase of the first k words is a prefix of one joined string.
        let k_max = lex.max_after_words().min(after.len());
        let joined = after[..k_max].join(" ");
        let mut at = 0;
        for (k, w) in after[..k_max].iter().enumerate() {
            at += w.len() + usize::from(k > 0);
            for c in lex.after_cues(&joined[..at]) {
                if applies(c, lang) {
                    evidence.push((c.kind, c.weight, format!("cue \"{}\"", c.phrase)));
                }
            }
        }
        // `X, the studio behind …`: a determiner after a comma, up to four words, then a noun.
        // The French determiner may be elided into the noun: `X, l'héroïne de …`.
        let elided = after
            .get(1)
            .and_then(|w| w.strip_prefix("l'"))
            .filter(|noun| !noun.is_empty());
        if after.first().is_some_and(|w| *w == ",")
            && (elided.is_some() || after.get(1).is_some_and(|w| APPOSITION.contains(w)))
        {
            let mut found = false;
            let phrase = elided.into_iter().chain(after.iter().skip(2).copied());
            for w in phrase.take(5) {
                if let Some((kind, weight)) = lex.head_noun(w) {
                    evidence.push((kind, weight.max(2), format!("apposition \"{w}\"")));
                    found = true;
                    break;
                }
                if !is_adjective(lex, w) {
                    break;
                }
            }
            // English puts the head last, after compound modifiers that may be names themselves
            // (`X, a Food and Drug Administration-approved treatment for …`): the noun right before
            // the preposition, relative or punctuation that ends the noun phrase.
            let english = lang.is_none_or(|l| l == "en");
            if !found && english {
                let phrase = &after[2..];
                let stop = phrase
                    .iter()
                    .take(9)
                    .position(|w| APPOSITION_END.contains(w));
                let whole = phrase.len() <= 9 && to >= sentence.span.end;
                if let Some(n) = stop.or(whole.then_some(phrase.len())).filter(|&n| n >= 2) {
                    let w = &phrase[n - 1];
                    if let Some((kind, weight)) = lex.head_noun(w).filter(|_| !is_stop(lex, w)) {
                        evidence.push((kind, weight.max(2), format!("apposition \"{w}\"")));
                    }
                }
            }
        }
    }

    /// Whether the cues around a one-word name mid-sentence outweigh what its form says on its own:
    /// a form the dictionary only holds as ambiguous, or a common word. A strong cue of a kind that
    /// no dictionary entity of the form has makes it a name to discover (`publisher Thomson`, where
    /// `Thomson` is a surname); of the kind of the one entity named so, that entity (`l'enseigne
    /// Casino`); before a common word, a product or organisation cue makes it a name (`models like
    /// Accord`).
    pub(super) fn cue_licence(
        &self,
        name: &str,
        text: &str,
        sentence: &Sentence<'_>,
        span: Span,
    ) -> Licence {
        let known = self.known_forms.get(&text_hash(name, false));
        let common = known.is_none()
            && is_common_word(name)
            && matches!(self.lexicon.stopword(name), None | Some(Category::Generic))
            && self.lexicon.ambiguous_first_name(name).is_none();
        // A short capitalised code (`XXL` in `une levée de fonds XXL`) is too often a word.
        if is_short_code(name) || !known.map_or(common, |k| k.ambiguous) {
            return Licence::None;
        }
        // A noun right before the name is a cue in English; in French an adjective may follow a
        // noun, so only cue phrases count there.
        let english = sentence.lang.is_none_or(|l| l == "en");
        let mut evidence = Vec::new();
        self.before_evidence(text, sentence, span.start, &mut evidence);
        if known.is_some() {
            self.after_evidence(text, sentence, span.end, &mut evidence);
        }
        let min = if common { 2 } else { 3 };
        let mut kinds = evidence
            .iter()
            .filter(|(kind, weight, why)| {
                *weight >= min
                    && (why.starts_with("cue")
                        || why.starts_with("apposition")
                        || (english && why.starts_with("noun")))
                    && (!common || matches!(kind, Kind::Organization | Kind::Product))
            })
            .map(|(kind, _, _)| *kind);
        let Some(kind) = kinds.next() else {
            return Licence::None;
        };
        if kinds.any(|k| k != kind) {
            return Licence::None;
        }
        match known {
            None => Licence::Discover,
            Some(k) if k.kinds & KnownForm::bit(kind) == 0 => Licence::Discover,
            Some(k) if k.kinds == KnownForm::bit(kind) && k.is_name => {
                k.entity.map_or(Licence::None, Licence::Resolve)
            }
            Some(_) => Licence::None,
        }
    }

    pub(super) fn ends_in_org_head(&self, word: &str) -> bool {
        FINANCE_HEADS.contains(&word)
            || self
                .lexicon
                .last_word_cues(word)
                .iter()
                .any(|c| c.kind == Kind::Organization)
    }

    pub(super) fn followed_by_unit(&self, text: &str, end: usize) -> bool {
        let next = text[end..]
            .split(char::is_whitespace)
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let next = next.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '%');
        next.starts_with('%') || UNITS.contains(&next.to_lowercase().as_str())
    }

    /// The dictionary entity a capitalised name is, when the matcher left it alone because its form is
    /// ambiguous: a unique entity name that is neither a common word, a first name nor a short code.
    pub(super) fn dictionary_name(&self, name: &str) -> Option<EntityIndex> {
        // A short capitalised code (`XXL`, `EA`) is too often something else to be trusted alone.
        if is_short_code(name)
            || is_common_word(name)
            || self.lexicon.is_first_name(name)
            || self.lexicon.ambiguous_first_name(name).is_some()
            || self.lexicon.stopword(name).is_some()
        {
            return None;
        }
        self.names.get(&text_hash(name, true)).copied().flatten()
    }
}
