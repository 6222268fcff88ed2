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
    if simple && digits > 0 && digits <= 15 {
        let m = mantissa as f64;
        let v = if frac_digits == 0 {
            m
        } else {
            m / POW10[frac_digits]
        };
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
    if body[0].is_ascii_alphabetic() {
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
    let mut i = 0;
    let mut mantissa_digits = 0;
    while i < body.len() && body[i].is_ascii_digit() {
        i += 1;
        mantissa_digits += 1;
    }
    if i < body.len() && body[i] == b'.' {
        i += 1;
        while i < body.len() && body[i].is_ascii_digit() {
            i += 1;
            mantissa_digits += 1;
        }
    }
    if mantissa_digits == 0 {
        return None;
    }
    if i < body.len() && matches!(body[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < body.len() && matches!(body[j], b'+' | b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < body.len() && body[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    if i != body.len() {
        return None;
    }
    text.parse::<f64>().ok()
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
