//! Number parsing with exactly the acceptance and rounding of the two parsers calamine uses:
//!
//! * `<v>` of numeric cells: `fast_float2::parse::<f64>` (whole input, optional sign, digits
//!   with an optional `.`, optional exponent, or `inf`/`infinity`/`nan` in any case). Both it
//!   and std's `f64::from_str` round correctly, so the value is the same; the fast path below
//!   covers the common short decimals (Clinger's exact case) and the rest goes to std after
//!   the syntax check that makes std accept exactly what fast-float2 accepts.
//! * style and shared-string indices: `atoi_simd::parse::<usize, true, false>` (leading zeros
//!   skipped, no sign, digits only, no overflow); calamine maps a failure to index 0.

/// Exact powers of ten representable in an `f64` (10^0 ..= 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a `<v>` number as calamine does, or `None` where fast-float2 fails.
#[inline]
pub(crate) fn parse_f64(s: &[u8]) -> Option<f64> {
    // Fast path: [-]digits[.digits], at most 15 significant digits in all, so the mantissa is
    // exact and so is the single multiply/divide by an exact power of ten (Clinger 1990): the
    // result is the correctly rounded value, i.e. what any correct parser returns.
    let (negative, body) = match s {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, s),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut frac_digits = 0usize;
    let mut seen_dot = false;
    let mut simple = !body.is_empty() && body.len() <= 16;
    if simple {
        for &b in body {
            match b {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    digits += 1;
                    if seen_dot {
                        frac_digits += 1;
                    }
                }
                b'.' if !seen_dot => seen_dot = true,
                _ => {
                    simple = false;
                    break;
                }
            }
        }
    }
    // `frac_digits <= digits <= 15`, so the power is always in the table.
    if simple
        && digits > 0
        && digits <= 15
        && let Some(&pow) = POW10.get(frac_digits)
    {
        let m = mantissa as f64;
        let v = if frac_digits == 0 { m } else { m / pow };
        return Some(if negative { -v } else { v });
    }
    parse_slow(s)
}

/// Full syntax check as fast-float2, then std's (correctly rounded) conversion.
fn parse_slow(s: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(s).ok()?;
    let (negative, body) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    // inf / infinity / nan, any case, after an optional sign.
    if body.first().is_some_and(u8::is_ascii_alphabetic) {
        let v = if body.eq_ignore_ascii_case(b"nan") {
            f64::NAN
        } else if body.eq_ignore_ascii_case(b"inf") || body.eq_ignore_ascii_case(b"infinity") {
            f64::INFINITY
        } else {
            return None;
        };
        return Some(if negative { -v } else { v });
    }
    // digits [. digits] [(e|E) [+|-] digits], at least one mantissa digit.
    let (mut rest, mut mantissa_digits) = skip_digits(body);
    if let [b'.', frac @ ..] = rest {
        let (after, n) = skip_digits(frac);
        rest = after;
        mantissa_digits += n;
    }
    if mantissa_digits == 0 {
        return None;
    }
    if let [b'e' | b'E', exp @ ..] = rest {
        let exp = match exp {
            [b'+' | b'-', digits @ ..] => digits,
            _ => exp,
        };
        let (after, n) = skip_digits(exp);
        // An `e` without exponent digits is left unconsumed (and so refused below).
        if n > 0 {
            rest = after;
        }
    }
    if !rest.is_empty() {
        return None;
    }
    text.parse::<f64>().ok()
}

/// `s` without its leading ASCII digits, and how many there were.
fn skip_digits(mut s: &[u8]) -> (&[u8], usize) {
    let mut n = 0;
    while let [d, rest @ ..] = s
        && d.is_ascii_digit()
    {
        s = rest;
        n += 1;
    }
    (s, n)
}

/// `atoi_simd::parse::<usize, true, false>`: digits only (leading zeros allowed), no sign, no
/// overflow.
#[inline]
pub(crate) fn parse_index(s: &[u8]) -> Option<usize> {
    if s.is_empty() {
        return None;
    }
    let mut value: usize = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(usize::from(b - b'0'))?;
    }
    Some(value)
}
