//! SPSS system files: `.sav` (uncompressed or bytecode-compressed) and `.zsav` (zlib), as the
//! survey tools download them ("SPSS" export of 问卷星, Qualtrics, SurveyMonkey). The variable
//! labels hold the question texts and the value labels the answer of each code, so the file
//! is read with its dictionary, not only its cells.
//!
//! A small reader written from the PSPP manual ("System File Format"): header, variable
//! records (long strings and their continuation slots), value labels (records 3/4 and 7/21),
//! user-missing values (in the variable record and 7/22), display parameters (7/11: the
//! measure), long names (7/13), very long strings (7/14), the character encoding (7/20, else
//! the code page of 7/3), both byte orders. Every read is bounds-checked: a damaged or cut
//! file is an error, never a panic.

#![deny(clippy::indexing_slicing)]

use super::table::{Body, Table, format_error};
use super::{IngestError, RawValue};
use std::collections::HashMap;
use std::path::Path;

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests;

/// A code of a value label or of a user-missing value: a number, or the text of a string
/// variable (trailing padding removed).
#[derive(Debug, Clone, PartialEq)]
pub enum SavCode {
    Number(f64),
    Text(String),
}

/// One variable of an SPSS file, as SPSS's Variable View shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavVariable {
    /// The (long) variable name.
    pub name: String,
    /// The variable label: the question text.
    pub label: Option<String>,
    /// Code -> answer text, in file order.
    pub value_labels: Vec<(SavCode, String)>,
    /// Discrete user-missing codes.
    pub missing: Vec<SavCode>,
    /// A user-missing range `lo..=hi` of a numeric variable (`lo` may be -inf, `hi` +inf for
    /// SPSS's LOWEST / HIGHEST).
    pub missing_range: Option<(f64, f64)>,
    pub is_string: bool,
    /// "nominal", "ordinal" or "scale"; `None` when the file does not say.
    pub measure: Option<String>,
}

impl SavVariable {
    /// True when `value` is one of the variable's user-missing codes.
    pub fn is_user_missing(&self, value: &RawValue) -> bool {
        match value {
            RawValue::Number(x) => {
                self.missing.contains(&SavCode::Number(*x))
                    || self
                        .missing_range
                        .is_some_and(|(lo, hi)| lo <= *x && *x <= hi)
            }
            RawValue::Text(s) => self
                .missing
                .iter()
                .any(|m| matches!(m, SavCode::Text(t) if t == s)),
            _ => false,
        }
    }

    /// The answer text of a code, if it has a value label.
    pub fn value_label(&self, value: &RawValue) -> Option<&str> {
        let code = match value {
            RawValue::Number(x) => SavCode::Number(*x),
            RawValue::Text(s) => SavCode::Text(s.clone()),
            _ => return None,
        };
        self.value_labels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| label.as_str())
    }
}

/// The dictionary of an SPSS file without its data.
#[derive(Debug, Clone, PartialEq)]
pub struct SavLabels {
    /// The encoding the text was decoded from (an `encoding_rs` name: "UTF-8", "GBK" ...).
    pub encoding: String,
    pub variables: Vec<SavVariable>,
}

/// An SPSS file read whole.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SavFile {
    /// The encoding the text was decoded from (an `encoding_rs` name).
    pub encoding: String,
    pub variables: Vec<SavVariable>,
    /// One row per case, one value per variable: system-missing numbers and empty strings
    /// are `Blank`, user-missing codes are kept as they are.
    pub rows: Vec<Vec<RawValue>>,
}

const HINT: &str = "the SPSS file is damaged or incomplete: download it again, or open it in SPSS/PSPP and save it again (File > Save As .sav)";

/// A `.sav`/`.zsav` file by its extension or its signature.
pub(super) fn is_sav(path: &Path, bytes: &[u8]) -> bool {
    has_sav_extension(path) || bytes.starts_with(b"$FL2") || bytes.starts_with(b"$FL3")
}

/// `.sav` or `.zsav`, in any case.
pub(super) fn has_sav_extension(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("sav" | "zsav"))
}

/// The file as a table: row 0 of the grid holds the variable names, the cases follow.
/// User-missing codes are blank there, as SPSS treats them as missing in every analysis;
/// the codes themselves stay in [`SavFile::rows`].
pub(super) fn read_table(file: String, bytes: &[u8]) -> Result<Table, IngestError> {
    let sav = read_sav(&file, bytes)?;
    Ok(into_table(file, sav))
}

pub(super) fn into_table(file: String, sav: SavFile) -> Table {
    let headers: Vec<String> = sav.variables.iter().map(|v| v.name.clone()).collect();
    let mut grid = Vec::with_capacity(sav.rows.len() + 1);
    grid.push(headers.iter().cloned().map(RawValue::Text).collect());
    for row in sav.rows {
        let row = row
            .into_iter()
            .zip(&sav.variables)
            .map(|(value, var)| {
                if var.is_user_missing(&value) {
                    RawValue::Blank
                } else {
                    value
                }
            })
            .collect();
        grid.push(row);
    }
    Table {
        file,
        sheet: None,
        encoding: Some(
            encoding_rs::Encoding::for_label(sav.encoding.as_bytes()).map_or("UTF-8", |e| e.name()),
        ),
        headers,
        header_row: 0,
        body: Body::Grid(grid),
        ragged: Default::default(),
    }
}

/// The dictionary of the file at `path`.
pub(super) fn read_labels(path: &Path) -> Result<SavLabels, IngestError> {
    let file = path.display().to_string();
    let bytes = crate::stdin::read(path).map_err(|source| IngestError::Io {
        file: file.clone(),
        source,
    })?;
    let dict = Dictionary::parse(&file, &bytes)?;
    Ok(SavLabels {
        encoding: dict.encoding.name().to_string(),
        variables: dict.variables(&file)?.into_iter().map(|v| v.info).collect(),
    })
}

/// Read a whole SPSS system file.
pub(crate) fn read_sav(file: &str, bytes: &[u8]) -> Result<SavFile, IngestError> {
    let dict = Dictionary::parse(file, bytes)?;
    let vars = dict.variables(file)?;
    let rows = dict.rows(file, bytes, &vars)?;
    Ok(SavFile {
        encoding: dict.encoding.name().to_string(),
        variables: vars.into_iter().map(|v| v.info).collect(),
        rows,
    })
}

fn damaged(file: &str, message: impl Into<String>) -> IngestError {
    format_error(file, message, HINT)
}

/// A bounds-checked reader over the bytes, in the file's byte order.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    big: bool,
    file: &'a str,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], IngestError> {
        match self
            .pos
            .checked_add(n)
            .and_then(|end| Some((end, self.bytes.get(self.pos..end)?)))
        {
            Some((end, out)) => {
                self.pos = end;
                Ok(out)
            }
            _ => Err(damaged(
                self.file,
                format!(
                    "the SPSS file ends inside its {what} (byte {}): it is cut short",
                    self.pos
                ),
            )),
        }
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], IngestError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    fn i32(&mut self, what: &str) -> Result<i32, IngestError> {
        let b = self.array::<4>(what)?;
        Ok(if self.big {
            i32::from_be_bytes(b)
        } else {
            i32::from_le_bytes(b)
        })
    }

    fn i64(&mut self, what: &str) -> Result<i64, IngestError> {
        let b = self.array::<8>(what)?;
        Ok(if self.big {
            i64::from_be_bytes(b)
        } else {
            i64::from_le_bytes(b)
        })
    }

    fn f64(&mut self, what: &str) -> Result<f64, IngestError> {
        let b = self.array::<8>(what)?;
        Ok(f64_of(b, self.big))
    }

    /// A non-negative count or length that must fit in the rest of the file at `unit` bytes
    /// each.
    fn count(&mut self, unit: usize, what: &str) -> Result<usize, IngestError> {
        let at = self.pos;
        let n = self.i32(what)?;
        let left = self.bytes.len() - self.pos;
        match usize::try_from(n) {
            Ok(n) if n.saturating_mul(unit) <= left => Ok(n),
            _ => Err(damaged(
                self.file,
                format!(
                    "the SPSS file has an impossible {what} {n} at byte {at}: it is damaged or cut short"
                ),
            )),
        }
    }
}

fn f64_of(b: [u8; 8], big: bool) -> f64 {
    if big {
        f64::from_be_bytes(b)
    } else {
        f64::from_le_bytes(b)
    }
}

/// One variable record (type 2): one 8-byte slot of a case.
struct Slot {
    /// 0 numeric, 1..=255 string width, -1 continuation of a long string.
    width: i32,
    short_name: Vec<u8>,
    label: Option<Vec<u8>>,
    n_missing: i32,
    missing: Vec<[u8; 8]>,
}

struct LabelSet {
    labels: Vec<([u8; 8], Vec<u8>)>,
    /// 1-based slot indexes.
    slots: Vec<i32>,
}

/// Record 7/21 or 7/22 entry of a long string variable, keyed by its (long) name.
struct LongStringLabels {
    name: Vec<u8>,
    labels: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Record 7/22 entry of a long string variable: its (long) name and missing values.
type LongStringMissing = (Vec<u8>, Vec<Vec<u8>>);

struct Dictionary {
    big: bool,
    compression: i32,
    ncases: Option<usize>,
    bias: f64,
    sysmis: f64,
    slots: Vec<Slot>,
    label_sets: Vec<LabelSet>,
    /// Measure per dictionary variable (slots that are not continuations), 7/11.
    measures: Vec<i32>,
    long_names: Vec<u8>,
    very_long: Vec<u8>,
    long_labels: Vec<LongStringLabels>,
    long_missing: Vec<LongStringMissing>,
    encoding: &'static encoding_rs::Encoding,
    /// Offset of the data, after the dictionary termination record.
    data_start: usize,
}

/// A variable of the file: where its bytes are in a case and what it is.
struct Var {
    info: SavVariable,
    /// `(first slot, slots, bytes used)` per segment (one, except for very long strings).
    segments: Vec<(usize, usize, usize)>,
    width: usize,
}

impl Dictionary {
    fn parse(file: &str, bytes: &[u8]) -> Result<Dictionary, IngestError> {
        if bytes.len() < 176 || !(bytes.starts_with(b"$FL2") || bytes.starts_with(b"$FL3")) {
            let what = if bytes.is_empty() {
                "the file is empty".to_string()
            } else if bytes.len() < 176 && bytes.starts_with(b"$FL") {
                "the SPSS file ends inside its header: it is cut short".to_string()
            } else {
                "the file is not an SPSS system file (it does not start with $FL2 or $FL3)"
                    .to_string()
            };
            return Err(format_error(
                file,
                what,
                "give the .sav/.zsav file as SPSS or the survey tool saved it; SPSS portable files (.por) and syntax files cannot be read",
            ));
        }
        // The layout code (bytes 64..68; the length was checked above).
        let b: [u8; 4] = bytes
            .get(64..68)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                damaged(
                    file,
                    "the SPSS file ends inside its header: it is cut short",
                )
            })?;
        let layout = |big: bool| {
            if big {
                i32::from_be_bytes(b)
            } else {
                i32::from_le_bytes(b)
            }
        };
        let big = match (layout(false), layout(true)) {
            (2 | 3, _) => false,
            (_, 2 | 3) => true,
            _ => {
                return Err(damaged(
                    file,
                    "the SPSS header has no valid layout code: the file is damaged",
                ));
            }
        };
        let mut c = Cursor {
            bytes,
            pos: 68,
            big,
            file,
        };
        let _case_size = c.i32("header")?;
        let compression = c.i32("header")?;
        let _weight = c.i32("header")?;
        let ncases = c.i32("header")?;
        let bias = c.f64("header")?;
        c.pos = 176;
        let mut d = Dictionary {
            big,
            compression,
            ncases: usize::try_from(ncases).ok(),
            bias,
            sysmis: -f64::MAX,
            slots: Vec::new(),
            label_sets: Vec::new(),
            measures: Vec::new(),
            long_names: Vec::new(),
            very_long: Vec::new(),
            long_labels: Vec::new(),
            long_missing: Vec::new(),
            encoding: encoding_rs::UTF_8,
            data_start: 0,
        };
        if !matches!(compression, 0..=2) {
            return Err(damaged(
                file,
                format!("the SPSS file has an unknown compression {compression}"),
            ));
        }
        let mut declared: Option<Vec<u8>> = None;
        let mut codepage = None;
        loop {
            let at = c.pos;
            match c.i32("dictionary")? {
                2 => d.slots.push(variable_record(&mut c)?),
                3 => {
                    let n = c.count(16, "number of value labels")?;
                    let mut labels = Vec::with_capacity(n);
                    for _ in 0..n {
                        let code = c.array::<8>("value labels")?;
                        let len = usize::from(c.array::<1>("value labels")?[0]);
                        let text = c.take(len, "value labels")?.to_vec();
                        c.take((len + 1).next_multiple_of(8) - len - 1, "value labels")?;
                        labels.push((code, text));
                    }
                    if c.i32("value labels")? != 4 {
                        return Err(damaged(
                            file,
                            format!(
                                "the value labels at byte {at} are not followed by their variables (record 4)"
                            ),
                        ));
                    }
                    let n = c.count(4, "number of labelled variables")?;
                    let slots = (0..n)
                        .map(|_| c.i32("value labels"))
                        .collect::<Result<_, _>>()?;
                    d.label_sets.push(LabelSet { labels, slots });
                }
                6 => {
                    let n = c.count(80, "number of document lines")?;
                    c.take(n * 80, "documents")?;
                }
                7 => {
                    let subtype = c.i32("extension record")?;
                    let size = c.i32("extension record")?;
                    let count = c.i32("extension record")?;
                    let len = usize::try_from(size)
                        .ok()
                        .zip(usize::try_from(count).ok())
                        .and_then(|(s, n)| s.checked_mul(n))
                        .ok_or_else(|| {
                            damaged(
                                file,
                                format!(
                                    "the SPSS extension record at byte {at} has an impossible size"
                                ),
                            )
                        })?;
                    let data = c.take(len, "extension records")?;
                    let mut r = Cursor {
                        bytes: data,
                        pos: 0,
                        big,
                        file,
                    };
                    match subtype {
                        3 if size == 4 && count >= 8 => {
                            r.pos = 28;
                            codepage = Some(r.i32("machine integer info")?);
                        }
                        4 if size == 8 && count >= 1 => {
                            d.sysmis = r.f64("machine floating point info")?
                        }
                        11 if size == 4 => {
                            d.measures = (0..count)
                                .map(|_| r.i32("display parameters"))
                                .collect::<Result<_, _>>()?;
                        }
                        13 => d.long_names = data.to_vec(),
                        14 => d.very_long = data.to_vec(),
                        20 => declared = Some(data.to_vec()),
                        21 => d.long_labels = long_string_labels(&mut r)?,
                        22 => d.long_missing = long_string_missing(&mut r)?,
                        _ => {}
                    }
                }
                999 => {
                    c.i32("dictionary end")?;
                    break;
                }
                other => {
                    return Err(damaged(
                        file,
                        format!(
                            "the SPSS dictionary has an unknown record type {other} at byte {at}: the file is damaged"
                        ),
                    ));
                }
            }
        }
        d.data_start = c.pos;
        d.encoding = encoding_of(declared.as_deref(), codepage);
        if d.slots.is_empty() {
            return Err(format_error(
                file,
                "the SPSS file has no variables",
                "export the survey again with its questions",
            ));
        }
        Ok(d)
    }

    fn text(&self, bytes: &[u8]) -> String {
        self.encoding
            .decode_without_bom_handling(trim_padding(bytes))
            .0
            .into_owned()
    }

    /// The variables with their segments, names, labels, missing values and measures.
    fn variables(&self, file: &str) -> Result<Vec<Var>, IngestError> {
        // Dictionary variables: each non-continuation slot, with the slots it spans.
        let mut dict: Vec<(usize, usize)> = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            match (slot.width, dict.last_mut()) {
                (-1, Some((first, n))) if self.slots.get(*first).is_some_and(|s| s.width > 8) => {
                    *n += 1
                }
                (0..=255, _) => dict.push((i, 1)),
                (w, _) => {
                    return Err(damaged(
                        file,
                        format!("SPSS variable record {} has an invalid width {w}", i + 1),
                    ));
                }
            }
        }
        for &(first, n) in &dict {
            let width = self.slot_width(first);
            if n != width.div_ceil(8).max(1) {
                return Err(damaged(
                    file,
                    format!(
                        "SPSS variable record {} spans {n} slots for a width of {width}",
                        first + 1
                    ),
                ));
            }
        }
        let mut very_long: HashMap<Vec<u8>, usize> = HashMap::new();
        for entry in self.very_long.split(|&b| b == b'\t' || b == 0) {
            if let Some((key, value)) = split_at_equals(entry) {
                let width = std::str::from_utf8(value).ok().and_then(|s| {
                    s.trim_matches(|c: char| c == '\0' || c.is_whitespace())
                        .parse::<usize>()
                        .ok()
                });
                if let Some(width) = width {
                    very_long.insert(trim_padding(key).to_ascii_uppercase(), width);
                }
            }
        }
        let long_names: HashMap<Vec<u8>, &[u8]> = self
            .long_names
            .split(|&b| b == b'\t')
            .filter_map(|entry| {
                let (key, value) = split_at_equals(entry)?;
                Some((trim_padding(key).to_ascii_uppercase(), value))
            })
            .collect();
        let per_var = if !self.measures.is_empty() && self.measures.len() == 3 * dict.len() {
            3
        } else if !self.measures.is_empty() && self.measures.len() == 2 * dict.len() {
            2
        } else {
            0
        };

        let mut vars = Vec::new();
        let mut k = 0;
        while let Some(&(first, n)) = dict.get(k) {
            let Some(slot) = self.slots.get(first) else {
                return Err(damaged(
                    file,
                    format!("SPSS variable record {} is missing", first + 1),
                ));
            };
            let short = trim_padding(&slot.short_name).to_ascii_uppercase();
            let mut width = usize::try_from(slot.width).unwrap_or(0);
            let mut segments = vec![(first, n, width)];
            let mut next = k + 1;
            if let Some(&long_width) = very_long
                .get(&short)
                .filter(|&&w| w > 255 && slot.width == 255)
            {
                let count = long_width.div_ceil(252);
                let Some(parts) = k.checked_add(count).and_then(|end| dict.get(k..end)) else {
                    return Err(damaged(
                        file,
                        format!(
                            "the very long string {} needs {count} segments the dictionary does not have",
                            String::from_utf8_lossy(&short)
                        ),
                    ));
                };
                segments = parts
                    .iter()
                    .map(|&(f, n)| (f, n, self.slot_width(f).min(255)))
                    .collect();
                width = long_width;
                next = k + count;
            }
            let name = match long_names.get(&short) {
                Some(long) => self.text(long),
                None => self.text(&slot.short_name),
            };
            let is_string = width > 0;
            let measure = match (per_var, self.measures.get(k * per_var)) {
                (2 | 3, Some(1)) => Some("nominal"),
                (2 | 3, Some(2)) => Some("ordinal"),
                (2 | 3, Some(3)) => Some("scale"),
                _ => None,
            };
            let mut info = SavVariable {
                name,
                label: slot.label.as_deref().map(|l| self.text(l)),
                value_labels: Vec::new(),
                missing: Vec::new(),
                missing_range: None,
                is_string,
                measure: measure.map(str::to_string),
            };
            self.missing_values(slot, &mut info);
            vars.push(Var {
                info,
                segments,
                width,
            });
            k = next;
        }

        // Value labels of numeric and short string variables (records 3/4).
        let by_slot: HashMap<usize, usize> = vars
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((v.segments.first()?.0, i)))
            .collect();
        for set in &self.label_sets {
            for &index in &set.slots {
                // Labels of an index that is no variable's first slot are not for any variable.
                let Some(var) = usize::try_from(index)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| by_slot.get(&i))
                    .and_then(|&v| vars.get_mut(v))
                else {
                    continue;
                };
                let var = &mut var.info;
                var.value_labels = set
                    .labels
                    .iter()
                    .map(|(code, label)| {
                        let code = if var.is_string {
                            SavCode::Text(self.text(code))
                        } else {
                            SavCode::Number(f64_of(*code, self.big))
                        };
                        (code, self.text(label))
                    })
                    .collect();
            }
        }
        // Long string variables: value labels (7/21) and missing values (7/22) by name.
        let find = |vars: &[Var], name: &[u8]| {
            let name = self.text(name);
            vars.iter().position(|v| v.info.name == name).or_else(|| {
                vars.iter()
                    .position(|v| v.info.name.eq_ignore_ascii_case(&name))
            })
        };
        for entry in &self.long_labels {
            if let Some(var) = find(&vars, &entry.name).and_then(|v| vars.get_mut(v)) {
                var.info.value_labels = entry
                    .labels
                    .iter()
                    .map(|(code, label)| (SavCode::Text(self.text(code)), self.text(label)))
                    .collect();
            }
        }
        for (name, values) in &self.long_missing {
            if let Some(var) = find(&vars, name).and_then(|v| vars.get_mut(v)) {
                var.info.missing = values.iter().map(|m| SavCode::Text(self.text(m))).collect();
            }
        }
        Ok(vars)
    }

    fn missing_values(&self, slot: &Slot, info: &mut SavVariable) {
        let number = |b: &[u8; 8]| {
            let x = f64_of(*b, self.big);
            // LOWEST and HIGHEST of a range (-DBL_MAX is SPSS's LO, DBL_MAX its HI).
            if x == -f64::MAX || x == self.sysmis {
                f64::NEG_INFINITY
            } else if x == f64::MAX {
                f64::INFINITY
            } else {
                x
            }
        };
        let discrete: &[[u8; 8]] = match (slot.n_missing, slot.missing.as_slice()) {
            // A range is for numbers only (SPSS writes none for strings): its bounds are
            // ignored on a string variable. (`variable_record` reads 2 or 3 values for -2/-3.)
            (-2 | -3, [lo, hi, rest @ ..]) => {
                if !info.is_string {
                    info.missing_range = Some((number(lo), number(hi)));
                }
                rest
            }
            (_, all) => all,
        };
        info.missing = discrete
            .iter()
            .map(|b| {
                if info.is_string {
                    SavCode::Text(self.text(b))
                } else {
                    SavCode::Number(f64_of(*b, self.big))
                }
            })
            .collect();
    }

    /// The cases, one value per variable.
    fn rows(
        &self,
        file: &str,
        bytes: &[u8],
        vars: &[Var],
    ) -> Result<Vec<Vec<RawValue>>, IngestError> {
        let case_len = self.slots.len() * 8;
        let inflated;
        let data = bytes.get(self.data_start..).ok_or_else(|| {
            damaged(
                file,
                format!(
                    "the SPSS data start at byte {}, past the end of the file: it is cut short",
                    self.data_start
                ),
            )
        })?;
        let mut source = match self.compression {
            0 => Cases::Plain { bytes: data },
            1 => Cases::Bytecode(Bytecode::new(data, self.bias, self.sysmis, self.big)),
            _ => {
                inflated = inflate_zsav(file, bytes, self.data_start, self.big)?;
                Cases::Bytecode(Bytecode::new(&inflated, self.bias, self.sysmis, self.big))
            }
        };
        let mut case = vec![0u8; case_len];
        let mut rows = Vec::new();
        while self.ncases.is_none_or(|n| rows.len() < n) {
            match source.next(&mut case) {
                Step::Case => rows.push(self.row(&case, vars).ok_or_else(|| {
                    damaged(
                        file,
                        format!(
                            "case {} of the SPSS file does not hold all its variables",
                            rows.len() + 1
                        ),
                    )
                })?),
                Step::End => break,
                Step::Partial => {
                    return Err(damaged(
                        file,
                        format!(
                            "the SPSS data end inside case {}: the file is cut short",
                            rows.len() + 1
                        ),
                    ));
                }
            }
        }
        if let Some(n) = self.ncases.filter(|&n| rows.len() < n) {
            return Err(damaged(
                file,
                format!(
                    "the SPSS file announces {n} cases but holds {}: it is cut short",
                    rows.len()
                ),
            ));
        }
        Ok(rows)
    }

    /// The values of one case, or `None` if a variable's slots lie outside it (they cannot:
    /// the case has one 8-byte slot per variable record).
    fn row(&self, case: &[u8], vars: &[Var]) -> Option<Vec<RawValue>> {
        vars.iter()
            .map(|var| {
                if !var.info.is_string {
                    let start = var.segments.first()?.0 * 8;
                    let b: [u8; 8] = case.get(start..start + 8)?.try_into().ok()?;
                    let x = f64_of(b, self.big);
                    return Some(if x == self.sysmis || x.is_nan() {
                        RawValue::Blank
                    } else {
                        RawValue::Number(x)
                    });
                }
                let mut text = Vec::with_capacity(var.width);
                for &(first, n, used) in &var.segments {
                    let start = first * 8;
                    text.extend_from_slice(case.get(start..start + (n * 8).min(used))?);
                }
                text.truncate(var.width);
                let s = self.text(&text);
                Some(if s.is_empty() {
                    RawValue::Blank
                } else {
                    RawValue::Text(s)
                })
            })
            .collect()
    }

    /// The width of variable record `i` (0 for a continuation or a missing record).
    fn slot_width(&self, i: usize) -> usize {
        self.slots
            .get(i)
            .map_or(0, |s| usize::try_from(s.width).unwrap_or(0))
    }
}

fn variable_record(c: &mut Cursor) -> Result<Slot, IngestError> {
    let at = c.pos;
    let width = c.i32("variable record")?;
    let has_label = c.i32("variable record")?;
    let n_missing = c.i32("variable record")?;
    c.take(8, "variable record")?; // print and write formats
    let short_name = c.take(8, "variable record")?.to_vec();
    let label = if has_label == 1 {
        let len = c.count(1, "variable label length")?;
        let text = c.take(len, "variable label")?.to_vec();
        c.take(len.next_multiple_of(4) - len, "variable label")?;
        Some(text)
    } else {
        None
    };
    let n = match n_missing {
        0..=3 => n_missing as usize,
        -2 => 2,
        -3 => 3,
        _ => {
            return Err(damaged(
                c.file,
                format!(
                    "the SPSS variable record at byte {at} has an invalid number of missing values {n_missing}"
                ),
            ));
        }
    };
    let missing = (0..n)
        .map(|_| c.array::<8>("missing values"))
        .collect::<Result<_, _>>()?;
    Ok(Slot {
        width,
        short_name,
        label,
        n_missing,
        missing,
    })
}

/// Record 7/21: per long string variable, its value labels.
fn long_string_labels(r: &mut Cursor) -> Result<Vec<LongStringLabels>, IngestError> {
    let mut out = Vec::new();
    while r.pos < r.bytes.len() {
        let len = r.count(1, "long string value labels")?;
        let name = r.take(len, "long string value labels")?.to_vec();
        let _width = r.i32("long string value labels")?;
        let n = r.count(8, "long string value labels")?;
        let mut labels = Vec::new();
        for _ in 0..n {
            let len = r.count(1, "long string value labels")?;
            let code = r.take(len, "long string value labels")?.to_vec();
            let len = r.count(1, "long string value labels")?;
            let label = r.take(len, "long string value labels")?.to_vec();
            labels.push((code, label));
        }
        out.push(LongStringLabels { name, labels });
    }
    Ok(out)
}

/// Record 7/22: per long string variable, its discrete missing values.
fn long_string_missing(r: &mut Cursor) -> Result<Vec<LongStringMissing>, IngestError> {
    let mut out = Vec::new();
    while r.pos < r.bytes.len() {
        let len = r.count(1, "long string missing values")?;
        let name = r.take(len, "long string missing values")?.to_vec();
        let n = usize::from(r.array::<1>("long string missing values")?[0]);
        let value_len = r.count(1, "long string missing values")?;
        let values = (0..n)
            .map(|_| {
                r.take(value_len, "long string missing values")
                    .map(<[u8]>::to_vec)
            })
            .collect::<Result<_, _>>()?;
        out.push((name, values));
    }
    Ok(out)
}

/// The encoding: record 7/20 when present and known, else the code page of record 7/3,
/// else UTF-8 (what every current writer uses).
fn encoding_of(declared: Option<&[u8]>, codepage: Option<i32>) -> &'static encoding_rs::Encoding {
    if let Some(enc) = declared.and_then(|d| encoding_rs::Encoding::for_label(trim_padding(d))) {
        return enc;
    }
    let label = match codepage {
        Some(65001) | None => return encoding_rs::UTF_8,
        Some(936) => "gbk".to_string(),
        Some(54936) => "gb18030".to_string(),
        Some(950) => "big5".to_string(),
        Some(932) => "shift_jis".to_string(),
        Some(949) => "euc-kr".to_string(),
        Some(866) => "ibm866".to_string(),
        Some(874) => "windows-874".to_string(),
        Some(2 | 3 | 20127 | 28591) => "windows-1252".to_string(),
        Some(cp @ 28592..=28606) => format!("iso-8859-{}", cp - 28590),
        Some(cp) => format!("windows-{cp}"),
    };
    encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8)
}

/// Without SPSS's trailing padding (spaces, and the NULs some writers use).
fn trim_padding(mut bytes: &[u8]) -> &[u8] {
    while let [head @ .., b' ' | 0] = bytes {
        bytes = head;
    }
    bytes
}

/// `key=value` split at the first `=` (records 7/13 and 7/14).
fn split_at_equals(entry: &[u8]) -> Option<(&[u8], &[u8])> {
    let eq = entry.iter().position(|&b| b == b'=')?;
    let (key, rest) = entry.split_at_checked(eq)?;
    Some((key, rest.get(1..)?))
}

enum Step {
    Case,
    End,
    /// The data stopped inside a case.
    Partial,
}

enum Cases<'a> {
    Plain { bytes: &'a [u8] },
    Bytecode(Bytecode<'a>),
}

impl Cases<'_> {
    fn next(&mut self, case: &mut [u8]) -> Step {
        match self {
            Cases::Plain { bytes } => {
                if bytes.is_empty() {
                    Step::End
                } else if bytes.len() < case.len() {
                    Step::Partial
                } else {
                    let (head, tail) = bytes.split_at(case.len());
                    case.copy_from_slice(head);
                    *bytes = tail;
                    Step::Case
                }
            }
            Cases::Bytecode(b) => b.next(case),
        }
    }
}

/// The bytecode decompressor: blocks of 8 command bytes, each followed by the 8-byte values
/// its 253 codes announce.
struct Bytecode<'a> {
    bytes: &'a [u8],
    pos: usize,
    commands: [u8; 8],
    next_command: usize,
    bias: f64,
    sysmis: [u8; 8],
    big: bool,
    ended: bool,
}

impl<'a> Bytecode<'a> {
    fn new(bytes: &'a [u8], bias: f64, sysmis: f64, big: bool) -> Self {
        let sysmis = if big {
            sysmis.to_be_bytes()
        } else {
            sysmis.to_le_bytes()
        };
        Bytecode {
            bytes,
            pos: 0,
            commands: [0; 8],
            next_command: 8,
            bias,
            sysmis,
            big,
            ended: false,
        }
    }

    fn next(&mut self, case: &mut [u8]) -> Step {
        for (i, slot) in case.chunks_exact_mut(8).enumerate() {
            loop {
                if self.ended {
                    return if i == 0 { Step::End } else { Step::Partial };
                }
                // All 8 commands of the block used (`next_command == 8`): read the next block.
                let Some(&code) = self.commands.get(self.next_command) else {
                    let Some(block) = self.bytes.get(self.pos..self.pos + 8) else {
                        self.ended = true;
                        // Trailing bytes shorter than a block are padding at best.
                        continue;
                    };
                    self.commands.copy_from_slice(block);
                    self.pos += 8;
                    self.next_command = 0;
                    continue;
                };
                self.next_command += 1;
                match code {
                    0 => continue,
                    252 => {
                        self.ended = true;
                        continue;
                    }
                    253 => {
                        let Some(raw) = self.bytes.get(self.pos..self.pos + 8) else {
                            self.ended = true;
                            return Step::Partial;
                        };
                        slot.copy_from_slice(raw);
                        self.pos += 8;
                    }
                    254 => slot.copy_from_slice(b"        "),
                    255 => slot.copy_from_slice(&self.sysmis),
                    n => {
                        let x = f64::from(n) - self.bias;
                        slot.copy_from_slice(&if self.big {
                            x.to_be_bytes()
                        } else {
                            x.to_le_bytes()
                        });
                    }
                }
                break;
            }
        }
        Step::Case
    }
}

/// The bytecode stream of a .zsav file: the zlib blocks between the ZLIB header (right after
/// the dictionary) and the ZLIB trailer, inflated one after the other.
fn inflate_zsav(file: &str, bytes: &[u8], start: usize, big: bool) -> Result<Vec<u8>, IngestError> {
    let mut c = Cursor {
        bytes,
        pos: start,
        big,
        file,
    };
    let header_ofs = c.i64("ZLIB header")?;
    let trailer_ofs = c.i64("ZLIB header")?;
    let trailer_len = c.i64("ZLIB header")?;
    let end = usize::try_from(trailer_ofs).ok().filter(|&e| {
        e >= c.pos
            && usize::try_from(trailer_len)
                .ok()
                .and_then(|len| e.checked_add(len))
                .is_some_and(|t| t <= bytes.len())
    });
    let Some(end) = end.filter(|_| usize::try_from(header_ofs).ok() == Some(start)) else {
        return Err(damaged(
            file,
            "the ZLIB header of the .zsav file points outside the file: it is damaged or cut short",
        ));
    };
    let mut out = Vec::new();
    let mut pos = c.pos;
    while pos < end {
        let mut z = flate2::Decompress::new(true);
        loop {
            if out.capacity() - out.len() < 1 << 16 {
                out.reserve(1 << 20);
            }
            let input = bytes.get(pos + z.total_in() as usize..end).ok_or_else(|| {
                damaged(
                    file,
                    "a zlib block of the .zsav file runs past its ZLIB trailer: it is damaged",
                )
            })?;
            let (in_before, out_before) = (z.total_in(), z.total_out());
            let status = z
                .decompress_vec(input, &mut out, flate2::FlushDecompress::None)
                .map_err(|e| {
                    damaged(
                        file,
                        format!("a zlib block of the .zsav file cannot be inflated: {e}"),
                    )
                })?;
            if status == flate2::Status::StreamEnd {
                break;
            }
            if z.total_in() == in_before && z.total_out() == out_before {
                return Err(damaged(file, "a zlib block of the .zsav file is cut short"));
            }
        }
        pos += z.total_in() as usize;
    }
    Ok(out)
}
