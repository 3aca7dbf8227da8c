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
                if inside && mentions[m].start == i && self.may_be_renamed(text, mentions, m) {
                    return true;
                }
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
            if let Some(m) = words.covered[i].filter(|&m| mentions[m].start == words.list[i].start)
            {
                self.mention_in_context(words, sentence, i, m, mentions, out);
            }
            if !free(i) || !cap_like(words.word(i)) {
                i += 1;
                continue;
            }
            // The run: capitalised words, and joiners between two of them.
            let mut end = i + 1;
            // A one-word dictionary name after `&`, inside the run (`Keker & Van Nest`, where `Van` is a
            // city): the word index and the mention.
            let mut amp: Option<(usize, usize)> = None;
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
                    if next >= last {
                        break;
                    }
                    // Partners' names are often listed words of their own: `Keker & Van Nest`,
                    // `Brandt & Keller`. One such word after `&` goes into the name.
                    let over = if free(next) {
                        None
                    } else {
                        match words.covered[next].filter(|&m| {
                            k == 1
                                && amp.is_none()
                                && words.word(end) == "&"
                                && !words.list[next].elision
                                && mentions[m].start == words.list[next].start
                                && mentions[m].end == words.list[next].end
                        }) {
                            Some(m) => Some(m),
                            None => break,
                        }
                    };
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
                        && (lex.stopword(words.word(next)).is_none()
                            // Partners' names after `&` may start with a particle: `Keker & Van Nest`.
                            || (joiner == "&" && lex.is_particle(&fold(words.word(next)))))
                    {
                        if let Some(m) = over {
                            amp = Some((next, m));
                        }
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
                    let kind = self.info(mention.entity).kind();
                    let w = words.word(i);
                    // Another first name before a dictionary person's surname is another person
                    // (`Charlie Guillemot` beside `Yves Guillemot`).
                    let other_person = kind == Some(Kind::Person) && {
                        let name = &dict.entity(mention.entity).name;
                        name.split_whitespace().next() != Some(w)
                            && name.contains(char::is_whitespace)
                    };
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
            // A country right after a name ends it and makes it the organization's subsidiary there
            // (`PlayStation Japan`).
            if absorbed.is_none() && end < last && joins(words.gap(end)) {
                absorbed = words.covered[end].filter(|&p| {
                    mentions[p].start == words.list[end].start
                        && country_ending_a_name(
                            words.text,
                            &mentions[p],
                            self.info(mentions[p].entity),
                        )
                });
                if let Some(p) = absorbed {
                    while end < last && words.covered[end] == Some(p) {
                        end += 1;
                    }
                }
            }
            let run = i..end;
            i = end;
            self.candidate(
                words, sentence, run, absorbed, amp, mentions, dict, out, notes,
            );
        }
    }

    /// Whether `mention_in_context` may turn a dictionary mention into another name: an organization
    /// whose first word is a first name, or one a country follows after a space. No allocation.
    pub(super) fn may_be_renamed(&self, text: &str, mentions: &[Mention], m: usize) -> bool {
        let mention = &mentions[m];
        if !self.info(mention.entity).is(Kind::Organization) {
            return false;
        }
        let surface = &text[mention.start..mention.end];
        let person = surface
            .split_once(' ')
            .is_some_and(|(first, _)| self.lexicon.is_first_name(first));
        person
            || mentions.get(m + 1).is_some_and(|next| {
                joins(&text[mention.end..next.start.max(mention.end)])
                    && country_ending_a_name(text, next, self.info(next.entity))
            })
    }

    /// A dictionary mention that its context makes another name: an organization named after a person,
    /// where the words around it speak of the person (`la styliste britannique Stella McCartney`), or an
    /// organization followed by a country, its subsidiary there (`PlayStation Japan`, `Google France`).
    /// Pushes the name, replacing the mention(s), when it is one.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn mention_in_context(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        i: usize,
        m: usize,
        mentions: &[Mention],
        out: &mut Vec<Occurrence>,
    ) {
        let lex = &self.lexicon;
        let text = words.text;
        let mention = &mentions[m];
        if !self.info(mention.entity).is(Kind::Organization) {
            return;
        }
        let (start, end) = (mention.start, mention.end);
        // The word after the mention.
        let next = (i + 1..sentence.words.end).find(|&j| words.covered[j] != Some(m));
        let initial = i == sentence.words.start;
        if let Some(k) = next.filter(|&k| joins(words.gap(k))) {
            let country = words.covered[k].filter(|&p| {
                mentions[p].start == words.list[k].start
                    && country_ending_a_name(text, &mentions[p], self.info(mentions[p].entity))
            });
            if let Some(p) = country {
                out.push(Occurrence {
                    start,
                    end: mentions[p].end,
                    initial: false,
                    evidence: vec![(Kind::Organization, 4, NAME_AND_COUNTRY.into())],
                    replaces: vec![m, p],
                    resolved: None,
                    acronym_of: None,
                });
                return;
            }
        }
        // A person's name: two words or more, all capitalised, the first a first name.
        let surface = &text[start..end];
        let mut parts = surface.split_whitespace();
        let (Some(first), Some(_)) = (parts.next(), parts.next()) else {
            return;
        };
        if !lex.is_first_name(first) || !surface.split_whitespace().all(cap_like) {
            return;
        }
        let mut evidence = Vec::new();
        self.context_evidence(text, sentence, start, end, &mut evidence);
        // What the words around it say of a person: a title, a person's noun or role, an apposition;
        // not `fondée par` / `owned by`, which an organization follows as well.
        let strong = |kind: Kind| {
            evidence.iter().any(|(k, w, why)| {
                *k == kind
                    && *w >= 3
                    && ["cue", "noun", "apposition"]
                        .iter()
                        .any(|p| why.starts_with(p))
                    && !why.ends_with(" by\"")
                    && !why.ends_with(" par\"")
            })
        };
        if !strong(Kind::Person)
            || evidence
                .iter()
                .any(|(k, w, _)| *k != Kind::Person && *w >= 2)
        {
            return;
        }
        evidence.push((Kind::Person, 3, format!("first name \"{first}\"")));
        out.push(Occurrence {
            start,
            end,
            initial,
            evidence,
            replaces: vec![m],
            resolved: None,
            acronym_of: None,
        });
    }

    /// Trims a run to a candidate name, collects its evidence and pushes it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn candidate(
        &self,
        words: &Words<'_>,
        sentence: &Sentence<'_>,
        run: std::ops::Range<usize>,
        absorbed: Option<usize>,
        amp: Option<(usize, usize)>,
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
        if let Some((_, m)) = amp.filter(|&(w, _)| a < w && w < b) {
            replaces.push(m);
        }
        if let Some(m) = absorbed.filter(|_| b == run.end) {
            replaces.push(m);
            if dict.entity(mentions[m].entity).entity_type == "place" {
                evidence.push((Kind::Organization, 4, NAME_AND_COUNTRY.into()));
            }
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
        let mut joint_start = None;
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
            } else if maker.entity_type == "organization"
                && n_words >= 2
                && self
                    .dictionary_name(first)
                    .is_some_and(|e| dict.entity(e).entity_type == "organization")
            {
                // Two listed companies then a word: their joint venture (`Sony` + `Honda Mobility`).
                replaces.push(m);
                evidence.push((
                    Kind::Organization,
                    3,
                    format!("joint name \"{}\"", maker.name),
                ));
            } else if let Some(p) = m.checked_sub(1).filter(|&p| {
                maker.entity_type == "organization"
                    && dict.entity(mentions[p].entity).entity_type == "organization"
                    && mentions[p].end <= mentions[m].start
                    && joins(&text[mentions[p].end..mentions[m].start])
                    && !is_model_code(last_word)
                    && lex.stopword(last_word).is_none()
            }) {
                // The same with both companies listed and matched: `Sony` + `Honda` + `Mobility`.
                replaces.push(p);
                replaces.push(m);
                joint_start = Some(mentions[p].start);
                evidence.push((
                    Kind::Organization,
                    3,
                    format!("joint name \"{}\"", dict.entity(mentions[p].entity).name),
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
                start = joint_start.unwrap_or(mentions[m].start);
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
