//! E-mail addresses and telephone numbers inside free text, found without knowing whose they
//! are (a respondent may quote a colleague's or a platform agent's). Both work on the folded
//! text (`fold.rs`), so full-width `＠` and digits are found too, and return byte ranges of it.
//!
//! Telephone numbers: a run of digits with single separators (space, `-`, brackets around an
//! area code), not glued to a digit before or after, that is
//! * a Chinese mobile: 11 digits `1[3-9]…`, optionally after `86` / `0086` / `+86`;
//! * a Chinese landline: `0` + area code + local number, 10 to 12 digits (`010-12345678`,
//!   `(0755) 1234 5678`);
//! * international: `+` and 8 to 15 digits (E.164), or `00` and 8 to 15 more.
//!
//! Dots are not separators (`3.14159265358` is not a mobile), and a digit run that is none of
//! these (dates, amounts, 48小时) is left alone.

/// Byte ranges of e-mail addresses: `local@domain.tld`, the domain with a dot and a
/// top-level label of two or more letters.
pub(super) fn emails(t: &str) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut out = Vec::new();
    let byte = |i: Option<usize>| i.and_then(|i| b.get(i)).copied();
    for (at, _) in t.match_indices('@') {
        let mut s = at;
        while byte(s.checked_sub(1)).is_some_and(local) {
            s -= 1;
        }
        while s < at && byte(Some(s)) == Some(b'.') {
            s += 1;
        }
        let mut e = at + 1;
        while byte(Some(e)).is_some_and(domain) {
            e += 1;
        }
        while e > at + 1 && matches!(byte(e.checked_sub(1)), Some(b'.' | b'-')) {
            e -= 1;
        }
        // `@` and the domain bytes are ASCII, so both ends are character boundaries.
        let host = t.get(at + 1..e).unwrap_or("");
        let tld = host.rsplit('.').next().unwrap_or("");
        let labelled = host.contains('.') && host.split('.').all(|l| !l.is_empty());
        if s < at && labelled && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()) {
            out.push((s, e));
        }
    }
    out
}

/// Byte ranges of telephone numbers (see the module comment).
pub(super) fn phones(t: &str) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let plus = c == b'+' && digit(i + 1);
        let open = c == b'(' && digit(i + 1);
        if !(plus || open || digit(i)) {
            i += 1;
            continue;
        }
        // Glued to a number before it (a longer number, or the decimals of one).
        let glued = i > 0
            && (digit(i - 1)
                || (matches!(b.get(i - 1), Some(b'.' | b',')) && i > 1 && digit(i - 2)));
        let (digits, ends) = run(b, if plus || open { i + 1 } else { i });
        let next = ends.last().map_or(i + 1, |&(end, _)| end);
        if !glued
            && let Some(&(end, _)) = ends
                .iter()
                .rev()
                .find(|&&(_, n)| digits.get(..n).is_some_and(|d| is_phone(plus, d)))
        {
            out.push((i, end));
            i = end;
        } else {
            i = next;
        }
    }
    out
}

/// The digits of a run of digit groups from `i`, and after each group the byte where it ends
/// and the number of digits so far.
fn run(b: &[u8], mut i: usize) -> (String, Vec<(usize, usize)>) {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut digits = String::new();
    let mut ends = Vec::new();
    loop {
        while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            digits.push(d as char);
            i += 1;
        }
        ends.push((i, digits.len()));
        // One separator, or a bracket with a space: "0755) 1234", "010 (1234"
        let mut j = i;
        let mut seps = 0;
        while matches!(b.get(j), Some(b' ' | b'-' | b'(' | b')')) && seps < 2 {
            j += 1;
            seps += 1;
        }
        if seps == 0 || !digit(j) || digits.len() > 17 {
            return (digits, ends);
        }
        i = j;
    }
}

fn is_phone(plus: bool, d: &str) -> bool {
    let n = d.len();
    let mobile = |m: &str| {
        m.len() == 11 && m.starts_with('1') && matches!(m.as_bytes().get(1), Some(b'3'..=b'9'))
    };
    if plus {
        return (8..=15).contains(&n);
    }
    if let Some(rest) = d.strip_prefix("00") {
        return (8..=15).contains(&rest.len());
    }
    mobile(d)
        || d.strip_prefix("86").is_some_and(mobile)
        || (d.starts_with('0') && (10..=12).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(f: fn(&str) -> Vec<(usize, usize)>, t: &str) -> Vec<String> {
        f(t).into_iter().map(|(a, b)| t[a..b].to_string()).collect()
    }

    #[test]
    fn emails_in_text() {
        assert_eq!(
            found(emails, "请联系zhang.wei@lequ-toys.com.cn。或 a@b"),
            ["zhang.wei@lequ-toys.com.cn"]
        );
        assert_eq!(found(emails, "ip@qbpc, x@y.z, @home"), Vec::<String>::new());
    }

    #[test]
    fn chinese_and_international_numbers() {
        for (t, want) in [
            ("电话13812345678。", "13812345678"),
            ("手机 138-1234-5678 谢谢", "138-1234-5678"),
            ("138 1234 5678 9 份", "138 1234 5678"),
            ("+86 139 1234 5678", "+86 139 1234 5678"),
            ("8613912345678", "8613912345678"),
            ("座机010-12345678转", "010-12345678"),
            ("(0755) 8888 6666", "(0755) 8888 6666"),
            ("call +44 20 7946 0958", "+44 20 7946 0958"),
            ("0044 20 7946 0958", "0044 20 7946 0958"),
        ] {
            assert_eq!(found(phones, t), [want], "{t}");
        }
    }

    #[test]
    fn numbers_that_are_not_phones() {
        for t in [
            "2025-03-10 提交",
            "48小时内处理",
            "3.14159265358",
            "12345678901",
            "1,000,000,000",
            "订单号 213812345678",
            "共 1000 2000 3000 4000 件",
        ] {
            assert_eq!(found(phones, t), Vec::<String>::new(), "{t}");
        }
    }
}
