//! `-` as an input path: standard input. It is read once, whole, into memory and then served
//! to every reader of `-`: a pipe cannot be read twice, and the readers sniff the first bytes
//! (zip, OLE, SPSS signatures) before they choose how to parse, so they need the whole file.

use std::io::{self, Read};
use std::path::Path;
use std::sync::OnceLock;

/// The path that names standard input (for inputs) or standard output (for outputs).
pub const DASH: &str = "-";

/// Whether a path is `-`.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == DASH
}

/// Standard input, read on first use. The error is kept as its kind and text, as
/// `io::Error` cannot be cloned for a second reader.
static STDIN: OnceLock<Result<Vec<u8>, (io::ErrorKind, String)>> = OnceLock::new();

/// The bytes of standard input (the same bytes on every call).
pub fn bytes() -> io::Result<Vec<u8>> {
    let read = STDIN.get_or_init(|| {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| (e.kind(), e.to_string()))
    });
    match read {
        Ok(b) => Ok(b.clone()),
        Err((kind, text)) => Err(io::Error::new(*kind, text.clone())),
    }
}

/// `std::fs::read`, with `-` read from standard input.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    if is_dash(path) {
        bytes()
    } else {
        std::fs::read(path)
    }
}

/// `std::fs::read_to_string`, with `-` read from standard input.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
