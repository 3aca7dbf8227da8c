//! Splitting documents into paragraphs and sentences (French and English news).
//!
//! Paragraphs end at blank lines, and at single line breaks unless the next line visibly continues the
//! previous one (it starts in lowercase, or the previous line ends with a comma or an opening bracket).
//! Headlines and list items therefore stand alone. Sentences end at `.`, `!`, `?`, `…` (and the CJK full
//! stops) followed by closing quotes or brackets, white space and a plausible sentence start; abbreviations
//! (`M.`, `Mme`, `Dr.`, initials, `Inc.`, `U.S.`), decimals (`1,5`, `2.7`), list numbers and ellipses inside a
//! sentence do not end one. Spans are byte offsets into the original text, trimmed of surrounding white space.

/// A byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A sentence and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence is.
    pub span: Span,
    /// Index of its paragraph in [`Segmentation::paragraphs`].
    pub paragraph: usize,
}

/// Paragraphs and sentences of one text, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Paragraph spans.
    pub paragraphs: Vec<Span>,
    /// Sentences, each inside one paragraph.
    pub sentences: Vec<Sentence>,
}

impl Segmentation {
    /// Index of the sentence containing byte `offset` (or the last one starting before it).
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        match self.sentences.partition_point(|s| s.span.start <= offset) {
            0 => None,
            k => Some(k - 1),
        }
    }
}

/// Segments `text` into paragraphs and sentences.
pub fn segment(text: &str) -> Segmentation {
    let mut seg = Segmentation::default();
    for para in paragraphs(text) {
        let idx = seg.paragraphs.len();
        seg.paragraphs.push(para);
        split_sentences(text, para, |span| {
            seg.sentences.push(Sentence {
                span,
                paragraph: idx,
            })
        });
    }
    seg
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{FEFF}')
}

fn trim_span(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let t = s.trim_matches(is_space);
    (!t.is_empty()).then(|| Span {
        start: start + lead,
        end: start + lead + t.len(),
    })
}

fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '•' | '*' | '–' | '—' | '·' | '▪' | '►') => {
            chars.next().is_some_and(is_space)
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            line.len() - rest.len() <= 3 && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

/// Whether `next` (a trimmed line) continues the paragraph whose last line is `prev`.
fn continues(prev: &str, next: &str) -> bool {
    if is_list_item(next) {
        return false;
    }
    let last = prev.chars().next_back().unwrap_or('.');
    if matches!(last, '.' | '!' | '?' | '…' | ':' | '»' | '"' | '”') {
        return false;
    }
    let first = next.chars().next().unwrap_or('A');
    first.is_lowercase() || matches!(last, ',' | ';' | '(' | '-' | '‐')
}

fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    let mut prev_line: &str = "";
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let Some(span) = trim_span(text, line_start, line_start + raw.len()) else {
            out.extend(current.take());
            continue;
        };
        let line = &text[span.start..span.end];
        current = match current {
            Some(p) if continues(prev_line, line) => Some(Span {
                start: p.start,
                end: span.end,
            }),
            Some(p) => {
                out.push(p);
                Some(span)
            }
            None => Some(span),
        };
        prev_line = line;
    }
    out.extend(current);
    out
}

const TERMINALS: [char; 7] = ['.', '!', '?', '…', '。', '！', '？'];
const CLOSERS: [char; 8] = ['»', '”', '’', ')', ']', '"', '\'', '›'];

/// Abbreviations that never end a sentence.
const NEVER_FINAL: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Me", "Mgr", "Mr", "Mrs", "Ms",
    "Messrs", "Prof", "St", "Ste", "Sr", "Jr", "Gen", "Gén", "Sen", "Rep", "Gov", "Lt", "Col",
    "Capt", "Sgt", "Hon", "Rev", "Fr", "vs", "cf", "Cf", "p", "pp", "no", "No", "n°", "vol", "Vol",
    "ch", "art", "fig", "éd", "ed", "env", "approx", "av", "apr", "janv", "févr", "avr", "juil",
    "sept", "déc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "tél", "Tél", "e.g", "i.e", "Ph.D", "ex", "resp",
];

/// Abbreviations that may end a sentence: they end one only when a common sentence-opening word follows.
const MAYBE_FINAL: &[&str] = &[
    "Inc", "Corp", "Co", "Ltd", "Cie", "Bros", "Ltée", "etc", "al", "Plc", "plc", "LLC", "Ltd",
    "a.m", "p.m",
];

/// Words that commonly open a sentence, used after an abbreviation that may end one.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "For",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Although",
    "However",
    "Meanwhile",
    "Still",
    "Also",
    "His",
    "Her",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "All",
    "No",
    "Not",
    "According",
    "Le",
    "La",
    "Les",
    "L",
    "Un",
    "Une",
    "Des",
    "Du",
    "De",
    "D",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Ce",
    "Cet",
    "Cette",
    "Ces",
    "C",
    "Cela",
    "Son",
    "Sa",
    "Ses",
    "Leur",
    "Leurs",
    "En",
    "Dans",
    "Pour",
    "Par",
    "Sur",
    "Avec",
    "Mais",
    "Et",
    "Ou",
    "Donc",
    "Or",
    "Selon",
    "Depuis",
    "Après",
    "Avant",
    "Lors",
    "Alors",
    "Cependant",
    "Pourtant",
    "Enfin",
    "Ainsi",
    "Toutefois",
    "Néanmoins",
    "Si",
    "Quand",
    "Lorsque",
    "Comme",
    "Au",
    "Aux",
    "Qui",
    "Que",
    "Nous",
    "Vous",
    "Je",
];

/// The char starting at byte `pos` of `p` (a char boundary), if any.
#[inline]
fn char_at(p: &str, pos: usize) -> Option<char> {
    p.get(pos..)?.chars().next()
}

// Positions are byte offsets into the paragraph, walked char by char: collecting the chars of a paragraph
// first cost 16 bytes per char, gigabytes for a text of a few hundred megabytes without a line break.
fn split_sentences(text: &str, para: Span, mut emit: impl FnMut(Span)) {
    let p = &text[para.start..para.end];
    let mut sent_start = 0; // relative to p
    let mut i = 0;
    while let Some(c) = char_at(p, i) {
        if !TERMINALS.contains(&c) {
            i += c.len_utf8();
            continue;
        }
        let pos = i;
        // The run of terminal punctuation ("...", "?!").
        let mut j = i;
        while let Some(t) = char_at(p, j).filter(|t| TERMINALS.contains(t)) {
            j += t.len_utf8();
        }
        let single_period = c == '.' && j == i + 1;
        let cjk = matches!(c, '。' | '！' | '？');
        // Closing quotes and brackets, possibly after a (non-breaking) space: « Il est temps. »
        let mut k = j;
        loop {
            let mut m = k;
            while let Some(s) = char_at(p, m).filter(|&s| is_space(s) && s != '\n') {
                m += s.len_utf8();
            }
            match char_at(p, m) {
                Some(q) if CLOSERS.contains(&q) && closes(p, m, q) => k = m + q.len_utf8(),
                _ => break,
            }
        }
        let end = k;
        // Next non-space char.
        let mut n = k;
        while let Some(s) = char_at(p, n).filter(|&s| is_space(s)) {
            n += s.len_utf8();
        }
        i = j;
        let Some(next) = char_at(p, n) else {
            break; // the paragraph's end closes the sentence
        };
        if n == k && !cjk {
            continue; // no space after: "2.7", "xAI.com", "U.S.A"
        }
        if next.is_lowercase() || matches!(next, ',' | ';' | ':' | ')' | ']' | '%' | '.') {
            continue;
        }
        if single_period {
            let token = token_before(p, pos);
            let next_word = word_at(p, n);
            if is_abbreviation(token, next_word, pos - token.len() == sent_start) {
                continue;
            }
        }
        if let Some(span) = trim_span(text, para.start + sent_start, para.start + end) {
            emit(span);
        }
        sent_start = n;
        i = n;
    }
    if let Some(span) = trim_span(text, para.start + sent_start, para.end) {
        emit(span);
    }
}

/// Whether the quote or bracket `q` at byte `m` of `p` closes rather than opens (an ASCII quote followed by
/// a letter opens).
fn closes(p: &str, m: usize, q: char) -> bool {
    match q {
        '"' | '\'' => char_at(p, m + q.len_utf8()).is_none_or(|c| !c.is_alphanumeric()),
        _ => true,
    }
}

/// The word-ish token that ends right before byte `pos` of `p` (the period).
fn token_before(p: &str, pos: usize) -> &str {
    let before = &p[..pos];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c) || matches!(c, '(' | '[' | '«' | '"' | '“' | '\'' | '’'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

fn word_at(p: &str, pos: usize) -> &str {
    let rest = &p[pos..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn is_abbreviation(token: &str, next_word: &str, at_sentence_start: bool) -> bool {
    if token.is_empty() {
        return false;
    }
    // Initials: "E. Musk", "J.-C. Decaux".
    let last_part = token.rsplit(['.', '-']).next().unwrap_or(token);
    let mut lc = last_part.chars();
    if matches!((lc.next(), lc.next()), (Some(c), None) if c.is_uppercase())
        && !is_dotted_acronym(token)
    {
        return true;
    }
    if NEVER_FINAL.contains(&token) {
        return true;
    }
    // List numbering at the start of a sentence: "1. Premier point".
    if at_sentence_start && token.len() <= 3 && token.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if is_dotted_acronym(token) || MAYBE_FINAL.contains(&token) {
        return !SENTENCE_OPENERS.contains(&next_word);
    }
    false
}

/// "U.S", "U.K", "S.A", "e.g": letters separated by periods (the final period is not part of the token).
fn is_dotted_acronym(token: &str) -> bool {
    token.contains('.')
        && token
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn french_titles_and_initials() {
        assert_eq!(
            sentences("M. Dupont est arrivé. Mme Durand aussi. E. Musk a répondu."),
            vec![
                "M. Dupont est arrivé.",
                "Mme Durand aussi.",
                "E. Musk a répondu."
            ]
        );
    }

    #[test]
    fn english_titles_and_corporate_suffixes() {
        assert_eq!(
            sentences(
                "Dr. Smith met Mr. Jones at Apple Inc. in May. Apple Inc. The company declined."
            ),
            vec![
                "Dr. Smith met Mr. Jones at Apple Inc. in May.",
                "Apple Inc.",
                "The company declined."
            ]
        );
    }

    #[test]
    fn dotted_acronyms() {
        assert_eq!(
            sentences(
                "The U.S. Federal Trade Commission sued. It won in the U.S. The appeal failed."
            ),
            vec![
                "The U.S. Federal Trade Commission sued.",
                "It won in the U.S.",
                "The appeal failed."
            ]
        );
    }

    #[test]
    fn decimals_do_not_split() {
        assert_eq!(
            sentences("Il a proposé 97,4 milliards. Puis 2.7 billion dollars en 2015. Fin."),
            vec![
                "Il a proposé 97,4 milliards.",
                "Puis 2.7 billion dollars en 2015.",
                "Fin."
            ]
        );
    }

    #[test]
    fn guillemets_and_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences(
                "Il a dit : « Il est temps. » Le milliardaire a ajouté. \"We won.\" She left."
            ),
            vec![
                "Il a dit : « Il est temps. »",
                "Le milliardaire a ajouté.",
                "\"We won.\"",
                "She left."
            ]
        );
        assert_eq!(
            sentences("« Il est temps\u{00A0}! » Le milliardaire rit."),
            vec!["« Il est temps\u{00A0}! »", "Le milliardaire rit."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sentences("Attendez... Non. Il hésite… puis repart."),
            vec!["Attendez...", "Non.", "Il hésite… puis repart."]
        );
    }

    #[test]
    fn questions_with_french_spacing() {
        assert_eq!(
            sentences("X a-t-il les moyens ? Rien n’est sûr."),
            vec!["X a-t-il les moyens ?", "Rien n’est sûr."]
        );
    }

    #[test]
    fn paragraphs_headlines_and_lists() {
        let text = "Titre sans point\nPremier paragraphe. Deuxième phrase.\n\n- Grok 3\n- ChatGPT\n1. Premier point. Suite de\nla ligne coupée,\nEn deux.";
        let seg = segment(text);
        let paras: Vec<&str> = seg
            .paragraphs
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            paras,
            vec![
                "Titre sans point",
                "Premier paragraphe. Deuxième phrase.",
                "- Grok 3",
                "- ChatGPT",
                "1. Premier point. Suite de\nla ligne coupée,\nEn deux."
            ]
        );
        assert_eq!(
            sentences(text),
            vec![
                "Titre sans point",
                "Premier paragraphe.",
                "Deuxième phrase.",
                "- Grok 3",
                "- ChatGPT",
                "1. Premier point.",
                "Suite de\nla ligne coupée,\nEn deux."
            ]
        );
    }

    #[test]
    fn crlf_and_empty_text() {
        assert!(segment("").sentences.is_empty());
        assert!(segment(" \n\n \r\n").sentences.is_empty());
        assert_eq!(sentences("Un.\r\nDeux."), vec!["Un.", "Deux."]);
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            sentences("马斯克创立了xAI。它发布了Grok。"),
            vec!["马斯克创立了xAI。", "它发布了Grok。"]
        );
        let s = sentences("Elon Musk 🚀 a parlé. مرحبا بكم.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn sentence_lookup() {
        let seg = segment("Un deux. Trois quatre.");
        assert_eq!(seg.sentence_at(0), Some(0));
        assert_eq!(seg.sentence_at(10), Some(1));
    }
}
