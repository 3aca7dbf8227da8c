//! Word boundaries, Unicode-aware: `X` never matches inside `Xavier`, `OpenAI` is found in `d’OpenAI`, a
//! form ending in a digit does not match the start of a decimal, and scripts written without spaces
//! (Chinese, Japanese) or with attached particles (Arabic, Hebrew) end a Latin name.

/// A letter, digit or combining mark: a char that continues a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c`, next to a form whose edge char is of script class `edge`, continues the form's word. A
/// letter of another script class does not: Chinese and Japanese write no spaces (`東京でElon Muskは`), and
/// Arabic and Hebrew attach particles to the next word, Latin names included (`وTesla`).
#[inline]
fn joins(c: char, edge: u8) -> bool {
    is_word_char(c) && (!c.is_alphanumeric() || script_class(c) == edge)
}

/// A coarse script class for word boundaries: 1 Han, kana and Hangul; 2 Arabic; 3 Hebrew; 4 Thai, Lao,
/// Khmer and Myanmar; 0 everything else (Latin, Greek, Cyrillic, digits...).
#[inline]
pub fn script_class(c: char) -> u8 {
    match c {
        c if c.is_ascii() => 0,
        '\u{1100}'..='\u{11FF}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3031}'..='\u{3035}'
        | '\u{3038}'..='\u{303C}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FFDC}'
        | '\u{20000}'..='\u{3FFFF}' => 1,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => 2,
        '\u{0590}'..='\u{05FF}' | '\u{FB1D}'..='\u{FB4F}' => 3,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' => 4,
        _ => 0,
    }
}

/// Whether the occurrence `text[start..end]` stands as whole words. Its edge chars fold to the pattern's, so
/// they carry the pattern's classes (word char, script, digit): the text alone decides.
#[inline]
pub(super) fn boundaries_ok(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let surface = &text[start..end];
    let after = &text[end..];
    let (Some(first), Some(last)) = (surface.chars().next(), surface.chars().next_back()) else {
        return false;
    };
    if is_word_char(first)
        && before
            .chars()
            .next_back()
            .is_some_and(|c| joins(c, script_class(first)))
    {
        return false;
    }
    if is_word_char(last)
        && after
            .chars()
            .next()
            .is_some_and(|c| joins(c, script_class(last)))
    {
        return false;
    }
    // "Grok 1" must not match the start of "Grok 1.5"; "3" must not match the end of "2.3".
    if last.is_ascii_digit() {
        let mut it = after.chars();
        if matches!(it.next(), Some('.' | ',')) && it.next().is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    if first.is_ascii_digit() {
        let mut it = before.chars().rev();
        if matches!(it.next(), Some('.' | ',')) && it.next().is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    true
}
