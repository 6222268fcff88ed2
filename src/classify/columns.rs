//! Classification at scale. A survey column holds a handful of distinct answers repeated over
//! a million rows, so the columnar path classifies each distinct spelling once:
//! * [`FieldMemo`]: raw field text -> code, a small open-addressing table per column;
//! * [`ClassDict`]: code -> the spelling as read and its [`CellClass`];
//! * [`Codes`]: the codes of a column's cells, one byte each while a column has at most 255
//!   distinct spellings (widening to 2 or 4 bytes when it has more).

use super::CellClass;
use crate::ingest::RawValue;

/// A code as stored: one, two or four bytes.
pub trait CodeUnit: Copy {
    fn code(self) -> u32;
}

impl CodeUnit for u8 {
    #[inline]
    fn code(self) -> u32 {
        self as u32
    }
}

impl CodeUnit for u16 {
    #[inline]
    fn code(self) -> u32 {
        self as u32
    }
}

impl CodeUnit for u32 {
    #[inline]
    fn code(self) -> u32 {
        self
    }
}

/// Small unsigned codes, as narrow as the largest code pushed so far allows.
#[derive(Debug, Clone)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::U8(Vec::new())
    }
}

impl Codes {
    pub fn with_capacity(n: usize) -> Self {
        Codes::U8(Vec::with_capacity(n))
    }

    // Called once per cell of a large file: inlined, with the rare widening out of line.
    #[inline(always)]
    pub fn push(&mut self, code: u32) {
        match self {
            Codes::U8(v) if code <= u8::MAX as u32 => v.push(code as u8),
            Codes::U16(v) if code <= u16::MAX as u32 => v.push(code as u16),
            Codes::U32(v) => v.push(code),
            _ => self.push_wider(code),
        }
    }

    #[cold]
    #[inline(never)]
    fn push_wider(&mut self, code: u32) {
        self.widen(code);
        self.push(code);
    }

    fn widen(&mut self, code: u32) {
        *self = match std::mem::take(self) {
            Codes::U8(v) if code <= u16::MAX as u32 => {
                Codes::U16(v.into_iter().map(u16::from).collect())
            }
            Codes::U8(v) => Codes::U32(v.into_iter().map(u32::from).collect()),
            Codes::U16(v) => Codes::U32(v.into_iter().map(u32::from).collect()),
            Codes::U32(v) => Codes::U32(v),
        };
    }

    /// Append the codes of `other`.
    pub fn extend(&mut self, other: &Codes) {
        match (&mut *self, other) {
            (Codes::U8(a), Codes::U8(b)) => a.extend_from_slice(b),
            (Codes::U16(a), Codes::U16(b)) => a.extend_from_slice(b),
            (Codes::U32(a), Codes::U32(b)) => a.extend_from_slice(b),
            _ => (0..other.len()).for_each(|i| self.push(other.get(i))),
        }
    }

    /// Set the code at `i`, padding with zeros up to it.
    pub fn set(&mut self, i: usize, code: u32) {
        self.pad_to(i + 1);
        // `pad_to` made slot `i`, so each `get_mut` finds it.
        match self {
            Codes::U8(v) if code <= u8::MAX as u32 => v.get_mut(i).map_or((), |c| *c = code as u8),
            Codes::U16(v) if code <= u16::MAX as u32 => {
                v.get_mut(i).map_or((), |c| *c = code as u16)
            }
            Codes::U32(v) => v.get_mut(i).map_or((), |c| *c = code),
            _ => {
                self.widen(code);
                self.set(i, code);
            }
        }
    }

    /// The code at `i`; 0 past the end (columns are padded lazily).
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Codes::U8(v) => v.get(i).map_or(0, |&c| c as u32),
            Codes::U16(v) => v.get(i).map_or(0, |&c| c as u32),
            Codes::U32(v) => v.get(i).copied().unwrap_or(0),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pad with zeros up to `n` codes.
    pub fn pad_to(&mut self, n: usize) {
        match self {
            Codes::U8(v) => v.resize(n.max(v.len()), 0),
            Codes::U16(v) => v.resize(n.max(v.len()), 0),
            Codes::U32(v) => v.resize(n.max(v.len()), 0),
        }
    }

    /// Bytes held (for the memory figures of the benchmarks).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Codes::U8(v) => v.capacity(),
            Codes::U16(v) => v.capacity() * 2,
            Codes::U32(v) => v.capacity() * 4,
        }
    }
}

/// The spellings seen in one column, each with its class; a cell stores the position of its
/// spelling here. Keeping spellings apart (not merging equal classes) lets findings quote a
/// cell as it was written.
#[derive(Debug, Clone, Default)]
pub struct ClassDict {
    classes: Vec<CellClass>,
    raws: Vec<RawValue>,
}

impl ClassDict {
    /// The code of a new spelling and its class.
    pub fn push(&mut self, class: CellClass, raw: RawValue) -> u32 {
        self.classes.push(class);
        self.raws.push(raw);
        self.classes.len() as u32 - 1
    }

    /// The class of `code`; a code this dictionary did not issue reads as no answer.
    #[inline]
    pub fn get(&self, code: u32) -> &CellClass {
        self.classes
            .get(code as usize)
            .unwrap_or(&CellClass::NoAnswer)
    }

    /// The cell as read (markers recognised, multi-select split); blank for a code this
    /// dictionary did not issue.
    pub fn raw(&self, code: u32) -> &RawValue {
        self.raws.get(code as usize).unwrap_or(&RawValue::Blank)
    }

    pub fn classes(&self) -> &[CellClass] {
        &self.classes
    }

    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

/// Raw field text -> code for one column. Open addressing with linear probing over a hash of
/// the bytes; keys live in one arena. It stops growing at `MAX_ENTRIES` (a free-text column
/// of a million different answers is classified without the memo).
#[derive(Debug, Clone)]
pub struct FieldMemo {
    /// Codes of the empty key (index 256) and of one-byte keys (a Likert digit), looked up
    /// without hashing; `EMPTY` when not seen yet.
    short: Box<[u32; 257]>,
    slots: Vec<Slot>,
    arena: Vec<u8>,
    len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    /// The first eight bytes of the key (zero-padded): short keys compare without the arena.
    head: u64,
    start: u32,
    len: u32,
    code: u32,
}

const EMPTY: u32 = u32::MAX;
const EMPTY_SLOT: Slot = Slot {
    hash: 0,
    head: 0,
    start: 0,
    len: 0,
    code: EMPTY,
};

/// The first eight bytes of a key, zero-padded, little-endian. Built from two overlapping
/// loads rather than a byte copy: this runs once per cell of a large file.
/// Each load is taken only in the match arm whose length bounds it (n >= 8, 4..=7, 2..=3), so
/// the zero fallbacks are never used.
#[inline]
fn head(key: &[u8]) -> u64 {
    let n = key.len();
    let load = |at: usize, len: usize| key.get(at..at + len).unwrap_or_default();
    let word = |at: usize| load(at, 8).try_into().map_or(0, u64::from_le_bytes);
    let half = |at: usize| load(at, 4).try_into().map_or(0, u32::from_le_bytes) as u64;
    let quarter = |at: usize| load(at, 2).try_into().map_or(0, u16::from_le_bytes) as u64;
    match n {
        8.. => word(0),
        // The second load overlaps the first; the overlapping bytes are equal.
        4..=7 => half(0) | half(n - 4) << ((n - 4) * 8),
        2..=3 => quarter(0) | quarter(n - 2) << ((n - 2) * 8),
        _ => key.first().map_or(0, |&b| b as u64),
    }
}
const MAX_ENTRIES: usize = 1 << 14;
/// Keys longer than this are not memoised (long free text is rarely repeated).
const MAX_KEY: usize = 256;

impl Default for FieldMemo {
    fn default() -> Self {
        FieldMemo {
            short: Box::new([EMPTY; 257]),
            slots: vec![EMPTY_SLOT; 64],
            arena: Vec::new(),
            len: 0,
        }
    }
}

/// [`hash_bytes`] of a key whose [`head`] is known: for keys of up to eight bytes (most
/// survey answers) the head is the whole key, so the hash is one multiply.
#[inline]
fn key_hash(key: &[u8], head: u64) -> u64 {
    if key.len() <= 8 {
        let h = ((key.len() as u64).rotate_left(5) ^ head).wrapping_mul(HASH_K);
        h ^ (h >> 29)
    } else {
        hash_bytes(key)
    }
}

const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

/// FxHash-style mixing, eight bytes at a time: fast on the short fields of survey exports.
#[inline]
fn hash_bytes(key: &[u8]) -> u64 {
    const K: u64 = HASH_K;
    let mut h = key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let w = c.try_into().map_or(0, u64::from_le_bytes);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf.iter_mut().zip(rest).for_each(|(b, &r)| *b = r);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    // Fold the high bits down: the slot index takes the low bits.
    h ^ (h >> 29)
}

impl FieldMemo {
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<u32> {
        if key.len() <= 1 {
            let code = self.short.get(key.first().map_or(256, |&b| b as usize))?;
            return (*code != EMPTY).then_some(*code);
        }
        let first = head(key);
        let h = key_hash(key, first);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            // `mask` is the slot count (a power of two) minus one.
            let s = self.slots.get(i)?;
            if s.code == EMPTY {
                return None;
            }
            if s.hash == h
                && s.head == first
                && s.len as usize == key.len()
                && (key.len() <= 8
                    || self
                        .arena
                        .get(s.start as usize + 8..s.start as usize + key.len())
                        == key.get(8..))
            {
                return Some(s.code);
            }
            i = (i + 1) & mask;
        }
    }

    /// Remember `key -> code`; a no-op once the memo is full or for very long keys.
    pub fn insert(&mut self, key: &[u8], code: u32) {
        if key.len() <= 1 {
            if let Some(short) = self.short.get_mut(key.first().map_or(256, |&b| b as usize)) {
                *short = code;
            }
            return;
        }
        if self.len >= MAX_ENTRIES
            || key.len() > MAX_KEY
            || self.arena.len() > u32::MAX as usize / 2
        {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(key);
        self.place(Slot {
            hash: hash_bytes(key),
            head: head(key),
            start,
            len: key.len() as u32,
            code,
        });
        self.len += 1;
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = slot.hash as usize & mask;
        // Half the slots at most are full (`insert` grows first), so an empty one is found.
        while self.slots.get(i).is_some_and(|s| s.code != EMPTY) {
            i = (i + 1) & mask;
        }
        if let Some(empty) = self.slots.get_mut(i) {
            *empty = slot;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![EMPTY_SLOT; old.len() * 2];
        for s in old.into_iter().filter(|s| s.code != EMPTY) {
            self.place(s);
        }
    }
}

#[cfg(test)]
mod memo_key_tests {
    use super::*;

    /// The two-load head is the zero-padded key, and the short hash equals the general one,
    /// for every length.
    #[test]
    fn head_and_hash_agree_with_the_plain_forms() {
        let bytes: Vec<u8> = (1..=20).collect();
        for n in 0..=bytes.len() {
            let key = &bytes[..n];
            let mut buf = [0u8; 8];
            buf[..n.min(8)].copy_from_slice(&key[..n.min(8)]);
            assert_eq!(head(key), u64::from_le_bytes(buf), "length {n}");
            assert_eq!(key_hash(key, head(key)), hash_bytes(key), "length {n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::InvalidReason;

    #[test]
    fn codes_widen_and_keep_values() {
        let mut c = Codes::default();
        for i in 0..300u32 {
            c.push(i % 256);
        }
        assert!(matches!(c, Codes::U8(_)));
        c.push(70_000);
        assert!(matches!(c, Codes::U32(_)));
        assert_eq!(c.get(255), 255);
        assert_eq!(c.get(300), 70_000);
        assert_eq!(c.get(301), 0);
        c.pad_to(310);
        assert_eq!(c.len(), 310);
    }

    #[test]
    fn dict_keeps_spellings_apart() {
        let mut d = ClassDict::default();
        let a = d.push(CellClass::Score(100.0), RawValue::Text("5".into()));
        let b = d.push(CellClass::Score(100.0), RawValue::Text("5 ".into()));
        assert_ne!(a, b);
        assert_eq!(d.get(b), &CellClass::Score(100.0));
        assert_eq!(d.raw(b).display(), "5 ");
        let inv = d.push(
            CellClass::Invalid(InvalidReason::Range),
            RawValue::Text("3-5".into()),
        );
        assert_eq!(d.len(), 3);
        assert_eq!(d.get(inv), &CellClass::Invalid(InvalidReason::Range));
    }

    #[test]
    fn memo_finds_what_it_stored_and_grows() {
        let mut m = FieldMemo::default();
        let keys: Vec<String> = (0..5000).map(|i| format!("k{i}")).collect();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(m.get(k.as_bytes()), None);
            m.insert(k.as_bytes(), i as u32);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(m.get(k.as_bytes()), Some(i as u32));
        }
        assert_eq!(m.get(b""), None);
        m.insert(b"", 7);
        assert_eq!(m.get(b""), Some(7));
        assert_eq!(m.get(b"k50000"), None);
    }
}
