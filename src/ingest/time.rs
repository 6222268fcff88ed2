//! Submission times and completion times as exports write them, without a date crate: the
//! handful of formats survey platforms use is small and a civil-date formula is enough.

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds since 1970-01-01 UTC of a timestamp as exports write it, times without an offset
/// taken as UTC (the run's `timezone` applies through [`parse_timestamp_local`]).
/// Accepted: `2025/03/10 14:02:35`, `2025-03-10 14:02:35`, `2025-03-10T14:02:35+08:00` (or `Z`),
/// `2025年3月10日 14:02`, `3/10/2025 2:02:35 PM`, and dates alone.
#[cfg(test)]
fn parse_timestamp(s: &str) -> Option<i64> {
    parse_timestamp_in(s, DateOrder::Auto)
}

/// Order of the parts of a date written with a two-digit or shorter first part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DateOrder {
    /// Year first when the first part has 4 digits, else US month/day/year.
    #[default]
    Auto,
    Ymd,
    Mdy,
    Dmy,
}

impl DateOrder {
    pub fn from_name(name: &str) -> DateOrder {
        match name {
            "ymd" => DateOrder::Ymd,
            "mdy" => DateOrder::Mdy,
            "dmy" => DateOrder::Dmy,
            _ => DateOrder::Auto,
        }
    }
}

/// As `parse_timestamp`, with the order of day and month settled by the source.
#[cfg(test)]
fn parse_timestamp_in(s: &str, order: DateOrder) -> Option<i64> {
    parse_timestamp_local(s, order, 0)
}

/// Seconds since the epoch (UTC) of a timestamp; one written without an offset is local time
/// `local_offset` seconds east of UTC (问卷星 and 腾讯问卷 write Beijing time without saying so).
pub(super) fn parse_timestamp_local(s: &str, order: DateOrder, local_offset: i64) -> Option<i64> {
    iso_timestamp(s.as_bytes(), local_offset)
        .or_else(|| parse_timestamp_general(s, order, local_offset))
}

/// [`parse_timestamp_local`] of every shape it reads.
fn parse_timestamp_general(s: &str, order: DateOrder, local_offset: i64) -> Option<i64> {
    let s = s.trim();
    let (s, ampm) = strip_ampm(s);
    let s = s.trim();
    let (date, time) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let days = parse_date(date, order)?;
    let (secs, offset) = if time.is_empty() && ampm.is_none() {
        (0, None)
    } else {
        parse_time_of_day(time, ampm)?
    };
    Some(days * 86_400 + secs - offset.unwrap_or(local_offset))
}

/// The common shape `YYYY-MM-DD[T ]HH:MM:SS[Z|±HH:MM]`, read byte by byte (a million-row
/// file has as many times to read): the general parser's result for every text it accepts,
/// None for anything else (which the general parser then reads).
fn iso_timestamp(b: &[u8], local_offset: i64) -> Option<i64> {
    let digits = |at: usize, n: usize| -> Option<i64> {
        let part = b.get(at..at + n)?;
        part.iter().try_fold(0i64, |v, &c| {
            c.is_ascii_digit().then(|| v * 10 + i64::from(c - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-')
        && at(7, b'-')
        && (at(10, b'T') || at(10, b' '))
        && at(13, b':')
        && at(16, b':'))
    {
        return None;
    }
    let (y, m, d) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (h, mi, sec) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let offset = match b.get(19..).unwrap_or_default() {
        [] => local_offset,
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hh, mm) = (digits(20, 2)?, digits(23, 2)?);
            if hh > 14 || mm > 59 {
                return None;
            }
            (hh * 3600 + mm * 60) * if *sign == b'-' { -1 } else { 1 }
        }
        _ => return None,
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// "PM"/"AM" at the end (US exports such as SurveyMonkey): Some(true) for PM.
fn strip_ampm(s: &str) -> (&str, Option<bool>) {
    let upper = s.len() >= 2 && s.is_char_boundary(s.len() - 2);
    if upper {
        let (head, tail) = s.split_at(s.len() - 2);
        if tail.eq_ignore_ascii_case("pm") {
            return (head, Some(true));
        }
        if tail.eq_ignore_ascii_case("am") {
            return (head, Some(false));
        }
    }
    (s, None)
}

/// Days since the epoch of `Y-M-D`, `Y/M/D`, `Y.M.D`, `Y年M月D日`, US `M/D/Y` or (by order)
/// `D/M/Y`.
fn parse_date(s: &str, order: DateOrder) -> Option<i64> {
    let s = s.replace(['年', '月'], "-").replace('日', "");
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else { return None };
    let (y, m, d) = match order {
        _ if a.len() == 4 => (a, b, c),
        DateOrder::Dmy if c.len() == 4 => (c, b, a),
        DateOrder::Auto | DateOrder::Mdy if c.len() == 4 => (c, a, b),
        _ => return None,
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Seconds into the day of `H:MM[:SS[.fff]][Z|+HH:MM|+HHMM|+HH]`, and the UTC offset when one
/// is written.
fn parse_time_of_day(s: &str, pm: Option<bool>) -> Option<(i64, Option<i64>)> {
    let (clock, offset) = split_offset(s)?;
    let mut fields = clock.split(':');
    let h = num(fields.next()?)?;
    let m = num(fields.next()?)?;
    let sec = match fields.next() {
        // Fractions of a second do not matter for ordering submissions: drop them.
        Some(f) => num(f.split('.').next()?)?,
        None => 0,
    };
    if fields.next().is_some() || m > 59 || sec > 60 {
        return None;
    }
    let h = match pm {
        None if h <= 23 => h,
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        _ => return None,
    };
    Some((h * 3600 + m * 60 + sec, offset))
}

/// Split a trailing zone designator off a clock time; the offset is in seconds east of UTC,
/// None when the time carries none.
fn split_offset(s: &str) -> Option<(&str, Option<i64>)> {
    if let Some(clock) = s.strip_suffix(['Z', 'z']) {
        return Some((clock.trim(), Some(0)));
    }
    let Some(i) = s.rfind(['+', '-']) else {
        return Some((s, None));
    };
    let (clock, zone) = (s[..i].trim(), &s[i + 1..]);
    let sign = if s[i..].starts_with('-') { -1 } else { 1 };
    let digits: String = zone.chars().filter(|c| *c != ':').collect();
    let (hh, mm) = match digits.len() {
        2 => (num(&digits)?, 0),
        4 => (num(&digits[..2])?, num(&digits[2..])?),
        _ => return None,
    };
    if hh > 14 || mm > 59 {
        return None;
    }
    Some((clock, Some(sign * (hh * 3600 + mm * 60))))
}

/// Seconds since the epoch of an Excel serial date (days since 1899-12-30; fractions are the
/// time of day). Serials before 1900-03-01 are off by Excel's 1900 leap-year bug and before any
/// survey, so they are rejected.
pub(super) fn excel_serial_to_epoch(x: f64) -> Option<i64> {
    if !(61.0..2_958_466.0).contains(&x) {
        return None;
    }
    Some(((x - 25_569.0) * 86_400.0).round() as i64)
}

/// A calendar date and time from Excel serial parts, as Excel shows a date cell.
pub(super) fn display_datetime(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8) -> String {
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// A completion time in seconds: `1764秒`, `1分38秒`, `1时2分3秒`, `1小时2分钟3秒`, `98`, `98s`,
/// `1:38`, `0:01:38`, ISO `PT1M38S`. None for anything else, including negative values.
pub(super) fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(x) = s.parse::<f64>() {
        return (x.is_finite() && x >= 0.0).then_some(x);
    }
    if s.contains(':') {
        return parse_clock_duration(s);
    }
    let s = s
        .strip_prefix("PT")
        .or_else(|| s.strip_prefix("pt"))
        .unwrap_or(s);
    parse_unit_duration(s)
}

/// `M:SS` or `H:MM:SS`.
fn parse_clock_duration(s: &str) -> Option<f64> {
    let mut total = 0.0;
    for part in s.split(':') {
        let v: f64 = part.trim().parse().ok()?;
        if !v.is_finite() || v < 0.0 {
            return None;
        }
        total = total * 60.0 + v;
    }
    Some(total)
}

/// A sequence of number + unit pairs; every unit must be known and at least one present.
fn parse_unit_duration(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = s.trim();
    let mut pairs = 0;
    while !rest.is_empty() {
        let n_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest[..n_end].parse().ok()?;
        rest = rest[n_end..].trim_start();
        let u_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        total += value * unit_seconds(rest[..u_end].trim())?;
        rest = rest[u_end..].trim_start();
        pairs += 1;
    }
    (pairs > 0).then_some(total)
}

fn unit_seconds(unit: &str) -> Option<f64> {
    let u = unit.to_ascii_lowercase();
    Some(match u.as_str() {
        "小时" | "时" | "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "分钟" | "分" | "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "秒钟" | "秒" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-by-byte reading of the common shape agrees with the general parser wherever it
    /// answers, valid or not (bad days, hours, seconds, zones, separators).
    #[test]
    fn iso_fast_path_agrees_with_the_general_parser() {
        let mut n = 0;
        for date in [
            "2025-03-10",
            "2024-02-29",
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-04-31",
            "0999-01-01",
            "2025-3-10",
        ] {
            for sep in ["T", " ", "t", "  "] {
                for clock in [
                    "14:02:35", "00:00:00", "23:59:60", "24:00:00", "12:60:00", "9:05:00", "14:02",
                ] {
                    for zone in [
                        "", "Z", "z", "+08:00", "-05:30", "+14:00", "+15:00", "+08:60", "+0800",
                        "+08", " +08:00",
                    ] {
                        let s = format!("{date}{sep}{clock}{zone}");
                        if let Some(fast) = iso_timestamp(s.as_bytes(), 3600) {
                            assert_eq!(
                                Some(fast),
                                parse_timestamp_general(&s, DateOrder::Auto, 3600),
                                "{s}"
                            );
                            n += 1;
                        }
                    }
                }
            }
        }
        assert!(n > 40, "the fast path answered only {n} times");
    }

    const T0: i64 = 1_741_615_355; // 2025-03-10 14:02:35 UTC

    #[test]
    fn wjx_and_iso_timestamps() {
        assert_eq!(parse_timestamp("2025/03/10 14:02:35"), Some(T0));
        assert_eq!(parse_timestamp("2025-03-10 14:02:35"), Some(T0));
        assert_eq!(parse_timestamp("2025-03-10T14:02:35Z"), Some(T0));
        assert_eq!(parse_timestamp("2025-03-10T22:02:35+08:00"), Some(T0));
        assert_eq!(parse_timestamp("2025-03-10T22:02:35.250+0800"), Some(T0));
        // A local time without an offset is read in the run's zone; an explicit offset wins.
        let beijing = 8 * 3600;
        assert_eq!(
            parse_timestamp_local("2025/03/10 22:02:35", DateOrder::Auto, beijing),
            Some(T0)
        );
        assert_eq!(
            parse_timestamp_local("2025-03-10T14:02:35Z", DateOrder::Auto, beijing),
            Some(T0)
        );
        assert_eq!(parse_timestamp("2025-03-10T09:02:35-05"), Some(T0));
        assert_eq!(parse_timestamp("2025年3月10日 14:02:35"), Some(T0));
        assert_eq!(parse_timestamp("2025-03-10"), Some(T0 - 14 * 3600 - 155));
    }

    #[test]
    fn us_timestamps_with_am_pm() {
        assert_eq!(parse_timestamp("3/10/2025 2:02:35 PM"), Some(T0));
        assert_eq!(parse_timestamp("03/10/2025 02:02:35 pm"), Some(T0));
        assert_eq!(
            parse_timestamp("03/10/2025 12:05:00 AM"),
            Some(T0 - 14 * 3600 - 155 + 300)
        );
        assert_eq!(parse_timestamp("03/10/2025 13:05:00 PM"), None);
    }

    #[test]
    fn day_month_order_from_the_source() {
        assert_eq!(
            parse_timestamp_in("10/03/2025 14:02:35", DateOrder::Dmy),
            Some(T0)
        );
        assert_eq!(
            parse_timestamp_in("3/10/2025 2:02:35 PM", DateOrder::Mdy),
            Some(T0)
        );
        assert_eq!(parse_timestamp_in("3/10/2025 14:02", DateOrder::Ymd), None);
        assert_eq!(
            parse_timestamp_in("2025-03-10 14:02:35", DateOrder::Dmy),
            Some(T0)
        );
    }

    #[test]
    fn bad_timestamps_are_none() {
        for s in [
            "",
            "yesterday",
            "2025/02/30 10:00:00",
            "2025/13/01",
            "2025/03/10 25:00:00",
            "3-5",
            "2025-03-10T10:00:00+99:00",
        ] {
            assert_eq!(parse_timestamp(s), None, "{s}");
        }
    }

    #[test]
    fn excel_serials() {
        // 45726.5848958333 = 2025-03-10 14:02:15 (Excel)
        assert_eq!(excel_serial_to_epoch(45_726.0), Some(T0 - 14 * 3600 - 155));
        assert_eq!(excel_serial_to_epoch(12.0), None);
        assert_eq!(excel_serial_to_epoch(f64::NAN), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1764秒"), Some(1764.0));
        assert_eq!(parse_duration("98秒"), Some(98.0));
        assert_eq!(parse_duration("1分38秒"), Some(98.0));
        assert_eq!(parse_duration("1时2分3秒"), Some(3723.0));
        assert_eq!(parse_duration("1小时 2分钟 3秒"), Some(3723.0));
        assert_eq!(parse_duration("98"), Some(98.0));
        assert_eq!(parse_duration(" 98.5 "), Some(98.5));
        assert_eq!(parse_duration("98s"), Some(98.0));
        assert_eq!(parse_duration("1:38"), Some(98.0));
        assert_eq!(parse_duration("0:01:38"), Some(98.0));
        assert_eq!(parse_duration("PT1M38S"), Some(98.0));
        for bad in ["", "-5", "fast", "12 parsecs", "秒", "1:-2", "NaN", "inf"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
