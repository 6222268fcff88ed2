//! Text folded for matching identities, with the way back to the original text: compatibility
//! decomposition (full-width `ＬＥＱＵ`, `（`, `＠` and digits become ASCII), lower case,
//! accents and zero-width characters dropped, and, in the compact form, every space removed
//! (so that "乐 趣 玩 具" and "LeQu  Toys" meet "乐趣玩具" and "lequtoys"). Free text itself is
//! never stored folded: only where a match lies is taken from the folded form.

// Indexing is in range here: `from` has one entry per byte of the folded text; callers pass a non-
// empty match range inside it.
#![allow(clippy::indexing_slicing)]

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded text and, for each of its bytes, the byte range of the original character it
/// came from.
pub(super) struct Folded {
    pub text: String,
    from: Vec<(usize, usize)>,
}

impl Folded {
    /// The original byte range of the folded range `start..end` (non-empty).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.from[start].0, self.from[end - 1].1)
    }
}

/// Characters that carry nothing a reader sees: zero-width spaces and joiners, the word
/// joiner, a BOM, the soft hyphen (typed, or pasted, to break up a name).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// `s` folded; `compact` drops whitespace, otherwise each whitespace character is one space.
pub(super) fn fold(s: &str, compact: bool) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(s.len()),
        from: Vec::with_capacity(s.len()),
    };
    for (i, c) in s.char_indices() {
        let range = (i, i + c.len_utf8());
        if c.is_whitespace() {
            if !compact {
                out.text.push(' ');
                out.from.push(range);
            }
            continue;
        }
        fold_char(c, |f| {
            out.text.push(f);
            out.from.extend(std::iter::repeat_n(range, f.len_utf8()));
        });
    }
    out
}

/// The compact folded form, the key identities are searched under.
pub(super) fn key(s: &str) -> String {
    fold(s, true).text
}

/// The folded characters of one character (none for invisible ones and accents).
pub(super) fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if invisible(c) {
        return;
    }
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) && !invisible(d) {
            // Decomposition can give a space (U+3000 -> ' '), which is still a space.
            d.to_lowercase().for_each(&mut emit);
        }
    });
}

/// Whether a character reads as part of an ASCII word or number once folded (`Ｌ`, `é`, `7`).
pub(super) fn is_ascii_word_char(c: char) -> bool {
    let mut first = None;
    fold_char(c, |f| {
        first.get_or_insert(f);
    });
    first.is_some_and(|f| f.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_case_spacing_and_accents_fold_away() {
        assert_eq!(key("ＬＥＱＵ Toys"), "lequtoys");
        assert_eq!(key("乐 趣\u{3000}玩\u{200b}具"), "乐趣玩具");
        assert_eq!(key("乐趣玩具（深圳）"), "乐趣玩具(深圳)");
        assert_eq!(key("Maison Lumière"), "maisonlumiere");
        assert_eq!(fold("Ａ＠Ｂ", false).text, "a@b");
    }

    #[test]
    fn folded_ranges_lead_back_to_the_original() {
        let s = "我们 ＬＥＱＵ toys!";
        let f = fold(s, true);
        let at = f.text.find("lequtoys").unwrap();
        let (a, b) = f.original(at, at + "lequtoys".len());
        assert_eq!(&s[a..b], "ＬＥＱＵ toys");
    }
}
