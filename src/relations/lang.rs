//! The language of a document (declared, or guessed from stop words) and the per-language word lists that are
//! grammar rather than vocabulary: negation particles and hedge markers.
//!
//! Only French and English have word lists; a document in another language gets the rules written for `*`
//! and no negation or hedge handling.

use std::sync::OnceLock;

use regex::Regex;

/// How many bytes of a document are looked at to guess its language.
const SAMPLE_BYTES: usize = 4096;

const FR_STOP: &[&str] = &[
    "le", "la", "les", "des", "une", "et", "est", "du", "dans", "pour", "qui", "que", "sur",
    "avec", "pas", "au", "aux", "par", "ses", "sont", "été", "cette", "mais", "ont", "son", "sa",
];
const EN_STOP: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "was", "for", "with", "on", "as", "by", "it",
    "are", "from", "has", "his", "her", "its", "which", "were", "be", "an", "this", "at",
];

/// The language code rules are selected by: the declared `lang` (`"fr-FR"` → `"fr"`), else a guess from
/// stop words (`"fr"` or `"en"`), else `None` (every rule applies).
pub fn detect(declared: Option<&str>, text: &str) -> Option<String> {
    if let Some(code) = declared {
        let code = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !code.is_empty() {
            return Some(code);
        }
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text[..end]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        // Elided articles and pronouns (d', l', qu', n') are French too.
        fr += usize::from(
            FR_STOP.contains(&w.as_str()) || matches!(w.as_str(), "d" | "l" | "qu" | "n" | "j"),
        );
        en += usize::from(EN_STOP.contains(&w.as_str()));
    }
    if fr > en {
        Some("fr".into())
    } else if en > fr {
        Some("en".into())
    } else {
        None
    }
}

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    // The patterns are constants tested below; a failure would be a bug, reported as "no match", not a panic.
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// French negation: `ne`/`n'` with a closing particle up to three words later (`n'a pas racheté`,
/// `ne dirige plus`), and `sans`. `ne … que` (restriction, "only") is not a negation.
fn negation_fr() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &R,
        r"(?i)\b(?P<ne>n'|ne )(?P<mid>(?:[^ ⟦⟧,.;:]+ ){0,3}?)(?P<pas>pas|plus|jamais|point|guère|nullement)\b ?|\b(?P<sans>sans) |\b(?P<only>n'|ne )(?P<keep>(?:[^ ⟦⟧,.;:]+ ){1,3}?(?:que|qu'))",
    )
}

/// English negation: `not`, `n't`, `never`, `no longer`.
fn negation_en() -> Option<&'static Regex> {
    static R: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &R,
        r"(?i)\b(?P<not>not|never|no longer) |(?P<nt>n't)\b|\b(?P<cannot>can)not\b|\b(?P<wont>wo)n't\b",
    )
}

/// Removes negation particles from a normalised sentence (so rules need not spell them out) and returns the
/// new text with the byte positions, in the new text, where a negation was removed. A rule match that
/// spans one of these positions is negated.
pub fn strip_negation(lang: Option<&str>, text: &str) -> (String, Vec<usize>) {
    if lang.is_none() {
        // Unknown language: French particles, else English ones, so that a negation is never read as an
        // assertion.
        let (fr, marks) = strip_negation(Some("fr"), text);
        if !marks.is_empty() {
            return (fr, marks);
        }
        return strip_negation(Some("en"), text);
    }
    let re = match lang {
        Some("fr") => negation_fr(),
        Some("en") => negation_en(),
        _ => None,
    };
    let Some(re) = re else {
        return (text.to_string(), Vec::new());
    };
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(text) {
        let Some(all) = caps.get(0) else { continue };
        out.push_str(&text[last..all.start()]);
        if let Some(keep) = caps.name("keep") {
            // "n'a publié qu'une version": a restriction, not a negation; only the particle goes.
            out.push_str(keep.as_str());
            last = all.end();
            continue;
        }
        marks.push(out.len());
        if let Some(mid) = caps.name("mid") {
            out.push_str(mid.as_str());
        } else if let Some(can) = caps.name("cannot") {
            out.push_str(can.as_str());
        } else if caps.name("wont").is_some() {
            out.push_str("will");
        }
        last = all.end();
    }
    out.push_str(&text[last..]);
    (out, marks)
}

/// Hedge markers that count only inside the words a rule matched: the French conditional (`aurait proposé`,
/// `fourniraient`), English modals and `reportedly`-type adverbs.
fn hedge_span(lang: Option<&str>) -> Option<&'static Regex> {
    static FR: OnceLock<Option<Regex>> = OnceLock::new();
    static EN: OnceLock<Option<Regex>> = OnceLock::new();
    match lang {
        Some("fr") => regex(
            &FR,
            r"(?i)\b(?:[a-zàâçéèêëîïôûùüÿœ]{2,}r(?:ait|aient)|prétendument|présumée?s?|supposée?s?|envisage(?:rait)?|pourrai(?:t|ent)|semble(?:rait)?)\b",
        ),
        Some("en") => regex(
            &EN,
            r"\b(?:would|could|might|(?-i:may)|reportedly|allegedly|rumou?red|(?:is|are|was|were) said to|(?:is|are|was|were) believed to|(?:is|are|was|were) expected to|plans? to|planning to|in talks to|considering|possibly|apparently)\b",
        ),
        _ => None,
    }
}

/// Hedge markers that make the whole sentence reported speech (`selon`, `according to`).
fn hedge_sentence(lang: Option<&str>) -> Option<&'static Regex> {
    static FR: OnceLock<Option<Regex>> = OnceLock::new();
    static EN: OnceLock<Option<Regex>> = OnceLock::new();
    match lang {
        Some("fr") => regex(&FR, r"(?i)\b(?:selon|d'après|dit-on|rumeurs?)\b"),
        Some("en") => regex(
            &EN,
            r"(?i)\b(?:reportedly|allegedly|according to|rumou?rs?|rumou?red)\b",
        ),
        _ => None,
    }
}

/// Words a conditional-looking French form may end with without being a verb.
const NOT_CONDITIONAL: &[&str] = &[
    "portrait",
    "retrait",
    "attrait",
    "extrait",
    "abstrait",
    "distrait",
    "soustrait",
    "trait",
];

/// Whether a rule match is hedged: a hedge marker in the matched words, or a reported-speech marker
/// anywhere in the sentence. Both texts are the normalised sentence with placeholders.
pub fn is_hedged(lang: Option<&str>, sentence: &str, matched: &str) -> bool {
    is_hedged_match(lang, matched) || is_reported(lang, sentence)
}

/// Whether the words a rule matched hold a hedge marker (a conditional, a modal, `reportedly`). Every
/// language's markers count when `lang` is `None`.
pub fn is_hedged_match(lang: Option<&str>, matched: &str) -> bool {
    if lang.is_none() {
        return is_hedged_match(Some("fr"), matched) || is_hedged_match(Some("en"), matched);
    }
    hedge_span(lang).is_some_and(|re| {
        re.find_iter(matched)
            .any(|m| !NOT_CONDITIONAL.contains(&m.as_str().to_lowercase().as_str()))
    })
}

/// Whether the whole sentence is reported speech (`selon`, `according to`). A conditional in another
/// clause ("…, qui aurait perdu") does not hedge a match; only reporting words count outside it. It
/// depends on the sentence only, so callers compute it once per sentence, not once per match: on a
/// sentence of megabytes (a text without punctuation) per-match scans were quadratic.
pub fn is_reported(lang: Option<&str>, sentence: &str) -> bool {
    if lang.is_none() {
        return is_reported(Some("fr"), sentence) || is_reported(Some("en"), sentence);
    }
    hedge_sentence(lang).is_some_and(|re| re.is_match(sentence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_language_wins_and_is_normalised() {
        assert_eq!(detect(Some("fr-FR"), "The company"), Some("fr".into()));
        assert_eq!(
            detect(
                None,
                "La société a été fondée par un ingénieur et elle est rentable."
            ),
            Some("fr".into())
        );
        assert_eq!(
            detect(
                None,
                "The company was founded by an engineer and it is profitable."
            ),
            Some("en".into())
        );
        assert_eq!(detect(None, "xAI Grok"), None);
    }

    #[test]
    fn french_negation_is_removed_and_marked() {
        let (t, marks) = strip_negation(Some("fr"), "X n'a pas racheté Y");
        assert_eq!(t, "X a racheté Y");
        assert_eq!(marks, vec![2]);
        let (t, _) = strip_negation(Some("fr"), "X ne dirige plus Y");
        assert_eq!(t, "X dirige Y");
        let (t, marks) = strip_negation(Some("fr"), "X n'a publié qu'une version");
        assert_eq!(t, "X a publié qu'une version", "ne … que is not a negation");
        assert!(marks.is_empty());
    }

    #[test]
    fn english_negation_is_removed_and_marked() {
        let (t, marks) = strip_negation(Some("en"), "X did not acquire Y");
        assert_eq!(t, "X did acquire Y");
        assert_eq!(marks.len(), 1);
        assert_eq!(
            strip_negation(Some("en"), "X didn't buy Y").0,
            "X did buy Y"
        );
        assert_eq!(
            strip_negation(Some("en"), "X won't buy Y").0,
            "X will buy Y"
        );
    }

    #[test]
    fn hedges() {
        assert!(is_hedged(
            Some("fr"),
            "X aurait proposé de racheter Y",
            "X aurait proposé de racheter Y"
        ));
        assert!(is_hedged(
            Some("fr"),
            "Selon le journal, X a racheté Y",
            "X a racheté Y"
        ));
        assert!(!is_hedged(
            Some("fr"),
            "X a racheté Y, qui aurait perdu",
            "X a racheté Y"
        ));
        assert!(!is_hedged(
            Some("fr"),
            "le portrait de X",
            "le portrait de X"
        ));
        assert!(is_hedged(
            Some("en"),
            "X reportedly bought Y",
            "X reportedly bought Y"
        ));
        assert!(!is_hedged(Some("en"), "In May, X bought Y", "X bought Y"));
    }
}
