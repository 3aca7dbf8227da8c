//! Text folding for matching. Typographic and ASCII apostrophes and quotes are treated alike, Unicode spaces as
//! spaces, Unicode dashes as `-`, and letters are lowercased, so that one automaton over folded forms finds
//! every variant. Folding maps each char to exactly one char, so a folded offset maps back to an offset in the
//! original text through a short list of shift points; offsets reported to users are always original ones.

use std::borrow::Cow;

/// Folds punctuation variants (apostrophes, quotes, spaces, dashes) to their ASCII form; other chars unchanged.
#[inline]
pub fn fold_punct(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '\u{00B4}'
        | '\u{2032}' | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
        '\u{00A0}'
        | '\u{2007}'
        | '\u{202F}'
        | '\u{2000}'..='\u{2006}'
        | '\u{2008}'..='\u{200A}'
        | '\u{205F}'
        | '\u{3000}' => ' ',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Folds punctuation variants and lowercases, as long as lowercasing gives a single char.
#[inline]
pub fn fold_char(c: char) -> char {
    // No ASCII char is a punctuation variant: lowercase it and be done.
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let c = fold_punct(c);
    if c.is_ascii() {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Folds a whole string with [`fold_char`].
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(fold_char).collect()
}

/// Folds a whole string with [`fold_punct`] only (case kept).
pub fn fold_punct_str(s: &str) -> String {
    s.chars().map(fold_punct).collect()
}

/// A folded view of a text for the automaton, with the map back to original byte offsets.
///
/// Folding lowercases ASCII with a byte-wise copy (pure ASCII texts need no offset map) and folds other chars
/// one by one. Folding the text once is cheaper than an ASCII case-insensitive automaton, which has about
/// twice the transitions: slower to build and to scan.
#[derive(Debug)]
pub struct FoldedText<'a> {
    /// The text to scan.
    pub text: Cow<'a, str>,
    /// `(folded_offset, original_offset)` after each char whose byte length changed, in increasing order.
    shifts: Vec<(usize, usize)>,
}

impl<'a> FoldedText<'a> {
    /// Folds `text` for scanning.
    pub fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return FoldedText {
                text: Cow::Owned(text.to_ascii_lowercase()),
                shifts: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            // News text is mostly ASCII: copy each ASCII run in one go, fold the other chars one by one.
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                let start = out.len();
                out.push_str(&text[i..i + run]);
                // Lowercasing ASCII letters in place keeps the string valid UTF-8.
                out[start..].make_ascii_lowercase();
                i += run;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let f = fold_char(c);
            out.push(f);
            i += c.len_utf8();
            if f.len_utf8() != c.len_utf8() {
                shifts.push((out.len(), i));
            }
        }
        FoldedText {
            text: Cow::Owned(out),
            shifts,
        }
    }

    /// [`FoldedText::original`] for a sequence of offsets that mostly increase (the ends of the automaton's
    /// matches): `cursor` remembers where the last lookup ended in the shift list, so that a lookup costs a
    /// step or two instead of a binary search. Start `cursor` at 0.
    #[inline]
    pub fn original_from(&self, folded: usize, cursor: &mut usize) -> usize {
        if self.shifts.is_empty() {
            return folded;
        }
        let mut k = (*cursor).min(self.shifts.len());
        while k < self.shifts.len() && self.shifts[k].0 <= folded {
            k += 1;
        }
        while k > 0 && self.shifts[k - 1].0 > folded {
            k -= 1;
        }
        *cursor = k;
        match k {
            0 => folded,
            k => {
                let (f, o) = self.shifts[k - 1];
                o + (folded - f)
            }
        }
    }

    /// Maps a byte offset of the folded text (on a char boundary) to the original text.
    #[inline]
    pub fn original(&self, folded: usize) -> usize {
        if self.shifts.is_empty() {
            return folded;
        }
        match self.shifts.partition_point(|&(f, _)| f <= folded) {
            0 => folded,
            k => {
                let (f, o) = self.shifts[k - 1];
                o + (folded - f)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_apostrophes_spaces_dashes_and_case() {
        assert_eq!(fold("d\u{2019}OpenAI"), "d'openai");
        assert_eq!(fold("Elon\u{00A0}Musk"), "elon musk");
        assert_eq!(fold("Mercedes\u{2011}Benz"), "mercedes-benz");
        assert_eq!(fold("ÉTATS-UNIS"), "états-unis");
    }

    #[test]
    fn offsets_map_back_through_multibyte_folds() {
        let text = "l\u{2019}OpenAI et\u{00A0}Grok";
        let f = FoldedText::new(text);
        assert_eq!(f.text, "l'openai et grok");
        let start = f.text.find("openai").unwrap();
        assert_eq!(&text[f.original(start)..f.original(start + 6)], "OpenAI");
        let g = f.text.find("grok").unwrap();
        assert_eq!(&text[f.original(g)..f.original(g + 4)], "Grok");
    }

    #[test]
    fn cursor_lookups_agree_with_binary_search() {
        let text = "l\u{2019}OpenAI et\u{00A0}Grok \u{2014} d\u{2019}xAI, « Grok\u{202F}3 »";
        let f = FoldedText::new(text);
        let offsets: Vec<usize> = (0..=f.text.len())
            .filter(|&i| f.text.is_char_boundary(i))
            .collect();
        let mut cursor = 0;
        // Increasing, then jumping back and forth as overlapping match starts do.
        for &i in offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(offsets.iter().step_by(3))
        {
            assert_eq!(f.original_from(i, &mut cursor), f.original(i), "{i}");
        }
    }

    #[test]
    fn ascii_text_needs_no_offset_map() {
        let f = FoldedText::new("Elon Musk");
        assert_eq!(f.text, "elon musk");
        assert!(f.shifts.is_empty());
        assert_eq!(f.original(5), 5);
    }
}
