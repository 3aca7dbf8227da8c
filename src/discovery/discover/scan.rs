//! Finding candidate names: the sentences that may hold one, the capitalised runs in them, trimmed to names.

use super::*;

impl Discoverer {
    /// Whether a sentence has a capitalised word outside the dictionary's mentions that could start a
    /// name: any but its first word, or a first word that is not a common word. A byte scan, no
    /// allocation: most sentences of a corpus stop here.
    pub(super) fn may_hold_a_name(
        &self,
        text: &str,
        span: &std::ops::Range<usize>,
        mentions: &[Mention],
    ) -> bool {
        let bytes = text.as_bytes();
        let mut m = 0;
        let mut first = true;
        let mut i = span.start;
        while i < span.end {
            let b = bytes[i];
            // A word starts here: a letter after a non-word byte (or at the sentence start).
            let starts =
                i == span.start || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80);
            if starts && (b.is_ascii_alphabetic() || b >= 0xC0) {
                while m < mentions.len() && mentions[m].end <= i {
                    m += 1;
                }
                let inside = m < mentions.len() && mentions[m].start <= i;
                let word_end = text[i..span.end]
                    .find(|c: char| {
                        !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
                    })
                    .map_or(span.end, |e| i + e);
                let word = &text[i..word_end];
                if !inside && word.chars().any(char::is_uppercase) && cap_like(word) {
                    if !first {
                        return true;
                    }
                    let bare = word.trim_end_matches(['.', '-', '\'', '’']);
                    if !(is_common_word(bare)
                        || self.lexicon.stopword(bare) == Some(Category::Function))
                    {
                        return true;
                    }
                }
                first = false;
                i = word_end.max(i + 1);
                continue;
            }
            i += 1;
        }
        false
    }

    /// Finds the name runs of one sentence and their evidence.
    pub(super) fn sentence_names(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        mentions: &[Mention],
        dict: &Dictionary,
        out: &mut Vec<Occurrence>,
        notes: &mut Vec<Note>,
    ) {
        let lex = &self.lexicon;
        let (first, last) = (sentence.words.start, sentence.words.end);
        let free = |i: usize| words.covered[i].is_none() && !words.list[i].elision;
        let mut i = first;
        while i < last {
            if !free(i) || !cap_like(words.word(i)) {
                i += 1;
                continue;
            }
            // The run: capitalised words, and joiners between two of them.
            let mut end = i + 1;
            loop {
                // An initial or `St.` inside a name: `William P. Carey`, `St. Louis`.
                let initial_dot = |j: usize| {
                    let prev = words.word(j - 1);
                    let short =
                        prev.chars().count() == 1 || matches!(prev, "St" | "Mt" | "Ft" | "Ste");
                    short
                        && prev.chars().next().is_some_and(char::is_uppercase)
                        && lex.stopword(&format!("{prev}.")) != Some(Category::Title)
                        && words.gap(j).starts_with('.')
                        && joins(&words.gap(j)[1..])
                };
                if end < last
                    && free(end)
                    && (joins(words.gap(end)) || initial_dot(end))
                    && (cap_like(words.word(end)) || is_code_in_name(words.word(end)))
                    && !(initial_dot(end) && lex.stopword(words.word(end)).is_some())
                {
                    end += 1;
                    continue;
                }
                // One or two lowercase joiners, then a capitalised word: `de la`, `von der`, `of the`.
                let mut joined = false;
                for k in 1..=2 {
                    let next = end + k;
                    if next >= last || !free(next) {
                        break;
                    }
                    // Joiners are short lowercase words: most runs end at a longer one.
                    if (end..next).any(|j| {
                        let w = words.word(j);
                        w.len() > 4 || w.starts_with(char::is_uppercase)
                    }) {
                        break;
                    }
                    let joiner: Vec<&str> = (end..next).map(|j| words.word(j)).collect();
                    let joiner = fold(&joiner.join(" "));
                    let ok_gaps =
                        (end..=next).all(|j| joins(words.gap(j)) || words.list[j - 1].elision);
                    if ok_gaps
                        && cap_like(words.word(next))
                        && (lex.is_particle(&joiner) || NAME_JOINERS.contains(&joiner.as_str()))
                        && lex.stopword(words.word(next)).is_none()
                    {
                        end = next + 1;
                        joined = true;
                        break;
                    }
                }
                if !joined {
                    break;
                }
            }
            // One capitalised word before a one-word dictionary organization or product: a person
            // (`Thierry Bolloré`) or a longer name (`Louis Delhaize`) that the dictionary only partly
            // knows.
            let mut absorbed = None;
            if end == i + 1 && end < last && joins(words.gap(end)) {
                if let Some(m) = words.covered[end] {
                    let mention = &mentions[m];
                    let one_word = mention.start == words.list[end].start
                        && mention.end == words.list[end].end;
                    let entity = dict.entity(mention.entity);
                    let kind = kind_of_type(&entity.entity_type);
                    let w = words.word(i);
                    // Another first name before a dictionary person's surname is another person
                    // (`Charlie Guillemot` beside `Yves Guillemot`).
                    let other_person = kind == Some(Kind::Person)
                        && entity.name.split_whitespace().next() != Some(w)
                        && entity.name.contains(char::is_whitespace);
                    if one_word
                        && (matches!(kind, Some(Kind::Organization | Kind::Product))
                            || other_person)
                        && (lex.is_first_name(w) || lex.ambiguous_first_name(w).is_some())
                        && lex.stopword(w).is_none()
                        && cap_like(words.word(end))
                    {
                        absorbed = Some(m);
                        end += 1;
                    }
                }
            }
            let run = i..end;
            i = end;
            self.candidate(words, sentence, run, absorbed, mentions, dict, out, notes);
        }
    }

    /// Trims a run to a candidate name, collects its evidence and pushes it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn candidate(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        run: std::ops::Range<usize>,
        absorbed: Option<usize>,
        mentions: &[Mention],
        dict: &Dictionary,
        out: &mut Vec<Occurrence>,
        notes: &mut Vec<Note>,
    ) {
        let lex = &self.lexicon;
        let text = words.text;
        let word = |i: usize| words.word(i);
        let mut evidence: Vec<(Kind, u8, String)> = Vec::new();
        let (mut a, mut b) = (run.start, run.end);
        // The first word of the sentence (after an opening quote or dash).
        let sentence_initial = |i: usize| {
            i == sentence.words.start
                && text[sentence.span.start..words.list[i].start]
                    .chars()
                    .all(|c| !c.is_alphanumeric())
        };
        let mut initial = sentence_initial(a);
        // A title or role inside the run: the name is what follows the last one (`Prime Minister
        // Sheikh Hasina`, `Leader of the Opposition Khaleda Zia`).
        if let Some(j) = (a..b.saturating_sub(1)).rev().find(|&j| {
            matches!(
                lex.stopword(word(j)),
                Some(Category::Title | Category::Role)
            ) && cap_like(word(j + 1))
                && joins(words.gap(j + 1))
        }) {
            if j > a {
                let w = word(j);
                let weight = if lex.stopword(w) == Some(Category::Title) {
                    3
                } else {
                    2
                };
                evidence.push((Kind::Person, weight, format!("title \"{w}\"")));
                a = j + 1;
                initial = false;
            }
        }
        // A common word starting the sentence is dropped, unless it starts a longer name that ends in
        // a head (`Quantum Widget Systems`, `General Electric Company`).
        let headed = b - a >= 2 && {
            let last = word(b - 1);
            self.ends_in_org_head(last) || INSTITUTION_WORDS.contains(&last)
        };
        if initial {
            let w = word(a);
            let function = lex.stopword(w) == Some(Category::Function);
            if function || (is_common_word(w) && !headed) {
                a += 1;
                initial = false;
            }
        }
        // Titles, roles, months, function words… at the ends are not part of the name.
        while a < b {
            let w = word(a);
            // `Prince of Persia`, `Duke of York`: a title followed by a joiner starts a name.
            if a + 1 < b && !cap_like(word(a + 1)) && lex.stopword(w) == Some(Category::Title) {
                break;
            }
            match lex.stopword(w) {
                Some(Category::Title) => {
                    evidence.push((Kind::Person, 3, format!("title \"{w}\"")));
                }
                Some(Category::Role) => {
                    if a + 1 < b && cap_like(word(a + 1)) {
                        evidence.push((Kind::Person, 2, format!("role \"{w}\"")));
                    }
                }
                Some(Category::Demonym | Category::Group)
                    if b - a > 1 && self.ends_in_org_head(word(b - 1)) =>
                {
                    break
                }
                // A generic noun alone may be a name its cues license (`models like Accord`).
                Some(Category::Generic) if b - a == 1 => break,
                Some(_) => {}
                None => break,
            }
            a += 1;
            initial = false;
            // The joiner after a stripped word goes with it (`CEO of Finix`).
            while a < b && !cap_like(word(a)) {
                a += 1;
            }
        }
        while b > a {
            let w = word(b - 1);
            let strip = match lex.stopword(w) {
                Some(Category::Month | Category::Day | Category::Function | Category::Title) => {
                    true
                }
                Some(Category::Role | Category::Acronym) => b - a > 1,
                _ => !cap_like(w) && !is_model_code(w),
            };
            if !strip {
                break;
            }
            b -= 1;
        }
        if a >= b {
            return;
        }
        let mut replaces: Vec<usize> = (a..b).filter_map(|i| words.inner[i]).collect();
        let mut same_entity = None;
        if let Some(m) = absorbed.filter(|_| b == run.end) {
            replaces.push(m);
        }
        let mut start = words.list[a].start;
        let mut end = words.list[b - 1].end;
        // English possessive: `Sequoia's portfolio` names Sequoia.
        let last_surface = word(b - 1);
        for apostrophe in ["'s", "’s"] {
            if last_surface.len() > apostrophe.len() && last_surface.ends_with(apostrophe) {
                end -= apostrophe.len();
            }
        }
        let n_words = b - a;
        let first = word(a);
        let last_word = &text[words.list[b - 1].start..end];
        // A dictionary organization right before the name, with only a space between: the name may
        // extend it (`Bain Capital` + `Ventures`) or be its model (`Airbus` + `A320`).
        if let Some(m) = a
            .checked_sub(1)
            .and_then(|p| words.covered[p])
            .filter(|&m| mentions[m].end <= start && joins(&text[mentions[m].end..start]))
        {
            let maker = dict.entity(mentions[m].entity);
            let product_suffix = n_words == 1
                && (lex
                    .last_word_cues(first)
                    .iter()
                    .any(|c| c.kind == Kind::Product)
                    || (is_acronym(first) && first.len() <= 5)
                    || is_code_in_name(first));
            if maker.entity_type == "organization"
                && (a..b).all(|i| LEGAL_FORMS.contains(&word(i).trim_end_matches('.')))
            {
                // Its legal form after a listed company (`… Manufacturing Co.` + `Ltd.`): the same
                // company, named in full.
                replaces.push(m);
                same_entity = Some(mentions[m].entity);
            } else if maker.entity_type == "product" && product_suffix {
                // A version of a listed product: `Boeing 737` + `MAX`, `Galaxy S24` + `Ultra`.
                replaces.push(m);
                evidence.push((Kind::Product, 4, format!("extends \"{}\"", maker.name)));
            } else if maker.entity_type == "organization" && self.ends_in_org_head(last_word) {
                replaces.push(m);
                evidence.push((Kind::Organization, 3, format!("extends \"{}\"", maker.name)));
            } else if maker.entity_type == "place"
                && n_words >= 2
                && INSTITUTION_WORDS.contains(&last_word)
            {
                // A place names the institution it starts (`Taiwan District Court`).
                replaces.push(m);
                evidence.push((
                    Kind::Organization,
                    3,
                    format!("place \"{}\" + institution", maker.name),
                ));
            } else if maker.entity_type == "organization"
                && is_model_code(first)
                && !self.followed_by_unit(text, end)
            {
                replaces.push(m);
                evidence.push((
                    Kind::Product,
                    3,
                    format!("maker \"{}\" + model", maker.name),
                ));
            } else {
                // A one-word dictionary name that is also a first name, then a surname: a person
                // (`Izumi Kawanishi`, where `Izumi` is also a company).
                let surface = &text[mentions[m].start..mentions[m].end];
                if maker.entity_type != "person"
                    && n_words == 1
                    && !surface.contains(char::is_whitespace)
                    && (lex.is_first_name(surface) || lex.ambiguous_first_name(surface).is_some())
                    && !self.ends_in_org_head(last_word)
                    && !is_acronym(last_word)
                    && lex.stopword(last_word).is_none()
                    && !brand_or_division(last_word)
                {
                    replaces.push(m);
                    evidence.push((Kind::Person, 3, format!("first name \"{surface}\"")));
                }
            }
            if replaces.contains(&m) {
                start = mentions[m].start;
                initial = false;
            }
        }
        let extends = replaces
            .iter()
            .any(|&m| mentions[m].start < words.list[a].start);
        if !extends && is_model_code(first) {
            // A number or code alone is not a name.
            return;
        }
        let name = &text[start..end];
        let plain = !extends && absorbed.is_none();
        // Even at the start of a sentence: the name is neither a common word nor a first name.
        let mut resolved = if plain {
            self.dictionary_name(name)
        } else {
            same_entity
        };
        let span = Span { a, b, start, end };
        let mut licensed = false;
        // A generic noun trimmed off the run's start is not a cue for what is left (`the Bank One
        // deal` says nothing of `One`); a title is (`Princess Emma`).
        let cue_ok = (run.start..a).all(|i| lex.stopword(word(i)) != Some(Category::Generic));
        if plain && resolved.is_none() && !initial && n_words == 1 && cue_ok {
            match self.cue_licence(name, text, sentence, span) {
                Licence::None => {}
                Licence::Discover => licensed = true,
                Licence::Resolve(e) => resolved = Some(e),
            }
        }
        if plain && resolved.is_none() && names_a_disease(&text[end..]) {
            notes.push(Note {
                start,
                end,
                verdict: Verdict::Rejected("a disease named after a person".into()),
            });
            return;
        }
        if plain && resolved.is_none() {
            if let Some(reason) = self.rejection(name, n_words, first, &(a..b), words, licensed) {
                notes.push(Note {
                    start,
                    end,
                    verdict: Verdict::Rejected(reason),
                });
                return;
            }
        }
        if resolved.is_none() {
            self.name_evidence(words, sentence, span, mentions, dict, out, &mut evidence);
        }
        let acronym_of = match resolved {
            None => self.acronym_of(words, sentence, span, out),
            Some(_) => None,
        };
        out.push(Occurrence {
            start,
            end,
            initial,
            evidence,
            replaces,
            resolved,
            acronym_of,
        });
    }
}
