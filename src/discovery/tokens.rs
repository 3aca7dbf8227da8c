//! Words of a text as name discovery sees them: word chars with their joiners (`Jean-Luc`, `AT&T`,
//! `McDonald's`, `1.5`), French elisions split from the next word (`d’OpenAI` → `d’` + `OpenAI`), and the
//! shape tests on a word (capitals, acronym, version number, a headline in Title Case).

use super::cues::ELISIONS;
use crate::matching::is_word_char;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Elided particle (`d’`), stored apart from the word it precedes.
    pub(crate) elision: bool,
}

pub(crate) fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let s = &text[start..end];
    let bytes = s.as_bytes();
    // About one word in six bytes of news text.
    let mut out = Vec::with_capacity(s.len() / 6 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(s, i);
        if c == '&' {
            out.push(Token {
                start: start + i,
                end: start + i + 1,
                elision: false,
            });
            i += 1;
            continue;
        }
        if !word_char(c) {
            i += len;
            continue;
        }
        // A word, with joiners between word chars: Jean-Luc, U.S, AT&T, McDonald's, 1.5, d’OpenAI.
        let mut j = i + len;
        while j < bytes.len() {
            let (d, dl) = char_at(s, j);
            let joiner = matches!(d, '-' | '.' | '&' | '\'' | '\u{2019}')
                && j + dl < bytes.len()
                && word_char(char_at(s, j + dl).0);
            if !word_char(d) && !joiner {
                break;
            }
            j += dl;
        }
        let word = &s[i..j];
        // French elision: d’OpenAI -> d’ + OpenAI.
        let split = word
            .contains(['\'', '\u{2019}'])
            .then(|| {
                word.char_indices().find_map(|(k, d)| {
                    (matches!(d, '\'' | '\u{2019}') && is_elision(&word[..k]))
                        .then_some(k + d.len_utf8())
                })
            })
            .flatten();
        match split {
            Some(k) => {
                out.push(Token {
                    start: start + i,
                    end: start + i + k,
                    elision: true,
                });
                out.push(Token {
                    start: start + i + k,
                    end: start + j,
                    elision: false,
                });
            }
            None => out.push(Token {
                start: start + i,
                end: start + j,
                elision: false,
            }),
        }
        i = j;
    }
    out
}

/// The char at byte `i` of `s` and its length, without decoding an ASCII byte.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (char::from(b), 1);
    }
    let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// [`is_word_char`], with ASCII answered first.
#[inline]
fn word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_word_char(c)
    }
}

/// Whether a word before an apostrophe is a French elided particle (`d`, `l`, `qu`), in any case.
fn is_elision(w: &str) -> bool {
    if w.is_ascii() {
        ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(w))
    } else {
        ELISIONS.contains(&w.to_lowercase().as_str())
    }
}

pub(crate) fn has_upper(w: &str) -> bool {
    w.chars().any(char::is_uppercase)
}

pub(crate) fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

pub(crate) fn is_version(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.len() <= 6
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Whether a sentence is written in Title Case (an English headline): most longer words capitalised.
pub(crate) fn title_case(words: &[&str]) -> bool {
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    let caps = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    long.len() >= 3 && caps * 10 >= long.len() * 7
}
