//! The zip container: entries looked up as calamine looks them up (case-insensitive, `\` read
//! as `/`, via its `build_zip_path_cache`), and their raw bytes borrowed from the workbook's
//! buffer so that a sheet can be inflated in blocks on another thread (`stream.rs`) without a
//! copy. The `zip` crate reads the central directory and local headers; inflating is done
//! here with `flate2` directly, since `zip`'s reader only offers a `Read` that cannot be
//! split across threads.

use super::{Result, XlsxError};
use crate::Limits;
use crate::limits::RATIO_FLOOR;
use flate2::{Decompress, FlushDecompress, Status};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use zip::{CompressionMethod, ZipArchive};

/// How an entry's bytes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Stored,
    Deflated,
}

/// One entry's stored bytes.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    /// The bytes as stored (compressed when `Deflated`).
    pub data: &'a [u8],
    pub method: Method,
    /// Uncompressed size according to the central directory (a hint only).
    pub size: u64,
    /// CRC-32 of the uncompressed bytes, checked once they have all been read (zip's own
    /// reader checks it at the end of the entry, so calamine fails on a mismatch too).
    pub crc32: u32,
    /// The entry's name, for messages.
    pub name: String,
    /// The caps its inflating is bound by.
    pub limits: Limits,
}

/// The archive over the workbook's bytes.
pub(crate) struct Archive<'a> {
    bytes: &'a [u8],
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased, `/`-separated name -> name as stored (the last one wins, as in calamine).
    names: HashMap<String, String>,
    limits: Limits,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| XlsxError::new(format!("not a readable zip archive: {e}")))?;
        let mut names = HashMap::with_capacity(zip.len());
        for name in zip.file_names() {
            let name = name.map_err(|e| XlsxError::new(format!("bad zip entry name: {e}")))?;
            names.insert(
                name.replace('\\', "/").to_ascii_lowercase(),
                name.into_owned(),
            );
        }
        Ok(Archive {
            bytes,
            zip,
            names,
            limits,
        })
    }

    /// The entry at `path`, or `None` when there is none (calamine's `FileNotFound`).
    pub fn entry(&self, path: &str) -> Result<Option<Entry<'a>>> {
        let key = path.to_ascii_lowercase();
        let name = self.names.get(&key).map_or(path, String::as_str);
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        // `by_index_raw` needs `&mut` to read the local header; the clone shares the parsed
        // central directory and only copies a cursor.
        let mut zip = self.zip.clone();
        let file = zip
            .by_index_raw(index)
            .map_err(|e| XlsxError::new(format!("cannot read zip entry {name:?}: {e}")))?;
        if file.encrypted() {
            return Err(XlsxError::new(format!("zip entry {name:?} is encrypted")));
        }
        let method = match file.compression() {
            CompressionMethod::Stored => Method::Stored,
            CompressionMethod::Deflated => Method::Deflated,
            other => {
                return Err(XlsxError::new(format!(
                    "zip entry {name:?} uses unsupported compression {other:?}"
                )));
            }
        };
        let start = file
            .data_start()
            .ok_or_else(|| XlsxError::new(format!("zip entry {name:?} has no data offset")))?;
        let len = file.compressed_size();
        let data = usize::try_from(start)
            .ok()
            .zip(usize::try_from(len).ok())
            .and_then(|(s, l)| self.bytes.get(s..s.checked_add(l)?))
            .ok_or_else(|| {
                XlsxError::new(format!("zip entry {name:?} runs past the end of the file"))
            })?;
        Ok(Some(Entry {
            data,
            method,
            size: file.size(),
            crc32: file.crc32(),
            name: name.to_string(),
            limits: self.limits,
        }))
    }

    /// The uncompressed bytes of the part at `path`, or `None` when there is none.
    pub fn read(&self, path: &str) -> Result<Option<Cow<'a, [u8]>>> {
        let Some(entry) = self.entry(path)? else {
            return Ok(None);
        };
        Ok(Some(entry.bytes()?))
    }
}

impl<'a> Entry<'a> {
    /// The uncompressed bytes, CRC-checked.
    pub fn bytes(&self) -> Result<Cow<'a, [u8]>> {
        let bytes = match self.method {
            Method::Stored => Cow::Borrowed(self.data),
            Method::Deflated => {
                Cow::Owned(inflate_all(self.data, self.size, &self.limits, &self.name)?)
            }
        };
        check_crc(&bytes, self.crc32)?;
        Ok(bytes)
    }
}

/// Compares the CRC-32 of `bytes` with the one the archive records.
pub(crate) fn check_crc(bytes: &[u8], expected: u32) -> Result<()> {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    if crc.sum() != expected {
        return Err(XlsxError::new("a zip entry fails its CRC-32 check"));
    }
    Ok(())
}

/// Refuses a part that has inflated `out` bytes from `used` compressed bytes when that goes
/// past the `unzipped-mb` cap, or past the `zip-ratio` cap once over [`RATIO_FLOOR`] bytes.
pub(crate) fn check_inflated(out: u64, used: u64, limits: &Limits, name: &str) -> Result<()> {
    if out > limits.unzipped_bytes {
        return Err(XlsxError::over(
            "unzipped-mb",
            format!(
                "zip part {name:?} decompresses to more than {} MiB",
                limits.unzipped_bytes >> 20
            ),
        ));
    }
    if out > RATIO_FLOOR && out / used.max(1) > limits.zip_ratio {
        return Err(XlsxError::over(
            "zip-ratio",
            format!(
                "zip part {name:?} decompresses more than {} times its compressed size ({out} bytes from {used}): a zip bomb",
                limits.zip_ratio
            ),
        ));
    }
    Ok(())
}

/// Inflates a whole raw-deflate stream, within the caps.
pub(crate) fn inflate_all(
    raw: &[u8],
    size_hint: u64,
    limits: &Limits,
    name: &str,
) -> Result<Vec<u8>> {
    // Trust the declared size only as far as deflate's maximum ratio and the caps allow.
    let ratio = usize::try_from(limits.zip_ratio).unwrap_or(usize::MAX);
    let hint = usize::try_from(size_hint)
        .unwrap_or(usize::MAX)
        .min(raw.len().saturating_mul(ratio.min(1032)))
        .min(usize::try_from(limits.unzipped_bytes).unwrap_or(usize::MAX))
        .min(1 << 30);
    let mut out = Vec::with_capacity(hint.max(64));
    let mut inflater = Decompress::new(false);
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(1 << 16));
        }
        let in_before = inflater.total_in();
        let out_before = out.len();
        let consumed = usize::try_from(in_before).unwrap_or(usize::MAX);
        let input = raw.get(consumed..).unwrap_or_default();
        let step = inflater.decompress_vec(input, &mut out, FlushDecompress::None);
        check_inflated(inflater.total_out(), inflater.total_in(), limits, name)?;
        match step {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(Status::Ok | Status::BufError) => {
                if inflater.total_in() == in_before && out.len() == out_before {
                    return Err(XlsxError::new("a zip entry's deflate stream is truncated"));
                }
            }
            Err(e) => return Err(XlsxError::new(format!("cannot inflate a zip entry: {e}"))),
        }
    }
}
