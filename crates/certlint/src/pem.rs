//! A tolerant PEM scanner (RFC 7468): any text around blocks (`Bag Attributes`, `subject=` lines…),
//! CRLF or LF, a leading BOM, header lines (`Proc-Type:`), base64 lines of any length, trailing
//! whitespace. Linear in the input size.

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

pub const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// One `-----BEGIN label-----` … `-----END label-----` block, not yet decoded.
#[derive(Debug)]
pub struct Block<'a> {
    pub label: String,
    /// 1-based line of the BEGIN marker.
    pub line: usize,
    /// The text between the BEGIN and END lines; `None` when the block is not closed.
    pub body: Option<&'a [u8]>,
    /// Why the block is not closed properly, if it is not.
    pub problem: Option<String>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| from + i)
}

fn count_lines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// Reads the label after a BEGIN/END marker up to the closing dashes on the same line.
fn label_at(input: &[u8], start: usize) -> Option<(String, usize)> {
    let line_end = input
        .get(start..)?
        .iter()
        .position(|&b| b == b'\n')
        .map_or(input.len(), |i| start + i);
    let line = input.get(start..line_end)?;
    let close = find(line, DASHES, 0)?;
    let label = String::from_utf8_lossy(line.get(..close)?)
        .trim()
        .to_string();
    Some((label, line_end))
}

/// True when the input contains at least one BEGIN marker.
pub fn looks_like_pem(input: &[u8]) -> bool {
    find(input, BEGIN, 0).is_some()
}

/// All blocks in order. A block whose END is missing is returned with `body: None`.
pub fn blocks(input: &[u8]) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line = 1;
    let mut counted_to = 0;
    // Cached searches keep a run of unclosed blocks linear: each marker is found once.
    let mut next_end: Option<Option<usize>> = None;
    let mut next_begin: Option<Option<usize>> = None;
    let cached = |cache: &mut Option<Option<usize>>, needle: &[u8], from: usize| match *cache {
        Some(Some(found)) if found >= from => Some(found),
        Some(None) => None,
        _ => {
            let found = find(input, needle, from);
            *cache = Some(found);
            found
        }
    };
    while let Some(begin) = cached(&mut next_begin, BEGIN, pos) {
        line += count_lines(input.get(counted_to..begin).unwrap_or_default());
        counted_to = begin;
        let Some((label, header_end)) = label_at(input, begin + BEGIN.len()) else {
            out.push(Block {
                label: String::from("(unlabelled)"),
                line,
                body: None,
                problem: Some("the BEGIN line has no closing dashes".into()),
            });
            pos = begin + BEGIN.len();
            continue;
        };
        let body_start = (header_end + 1).min(input.len());
        let following = cached(&mut next_begin, BEGIN, body_start);
        let end = cached(&mut next_end, END, body_start);
        match end {
            Some(end) if following.is_none_or(|nb| end < nb) => {
                let end_label = label_at(input, end + END.len()).map(|(l, _)| l);
                let body = input.get(body_start..end);
                let problem = match end_label {
                    Some(l) if l == label => None,
                    Some(l) => Some(format!("it ends with END {l}")),
                    None => Some("the END line has no closing dashes".into()),
                };
                out.push(Block {
                    label,
                    line,
                    body: if problem.is_none() { body } else { None },
                    problem,
                });
                pos = end + END.len();
            }
            _ => {
                out.push(Block {
                    label,
                    line,
                    body: None,
                    problem: Some("no END line".into()),
                });
                pos = body_start;
            }
        }
    }
    out
}

/// Decodes a block body: header lines (`Name: value`) are skipped, whitespace ignored.
pub fn decode_body(body: &[u8]) -> Option<Vec<u8>> {
    let headers = memchr::memchr(b':', body).is_some();
    let mut b64 = Vec::with_capacity(body.len());
    let mut start = 0;
    // Line by line: a line of base64 is copied whole; only a line with whitespace inside it
    // (rare) is filtered byte by byte.
    for end in memchr::memchr_iter(b'\n', body).chain(std::iter::once(body.len())) {
        let line = body.get(start..end).unwrap_or_default().trim_ascii();
        start = end + 1;
        if headers && line.contains(&b':') {
            continue;
        }
        if line.iter().any(u8::is_ascii_whitespace) {
            b64.extend(line.iter().copied().filter(|b| !b.is_ascii_whitespace()));
        } else {
            b64.extend_from_slice(line);
        }
    }
    if b64.is_empty() {
        return None;
    }
    LENIENT.decode(&b64).ok()
}

/// Encodes DER as a PEM block with 64-character lines.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 64);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let mut rest = b64.as_str();
    while !rest.is_empty() {
        let (line, after) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = after;
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_text_and_crlf() {
        let input = b"\xef\xbb\xbfBag Attributes\r\nsubject=CN = x\r\n-----BEGIN CERTIFICATE-----\r\nAAEC\r\n-----END CERTIFICATE-----\r\n-----BEGIN X509 CRL-----\r\n";
        let b = blocks(input);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].label, "CERTIFICATE");
        assert_eq!(b[0].line, 3);
        assert_eq!(decode_body(b[0].body.unwrap()).unwrap(), vec![0, 1, 2]);
        assert!(b[1].body.is_none());
        assert_eq!(b[1].line, 6);
    }

    #[test]
    fn decodes_bodies_with_headers_odd_whitespace_and_no_final_newline() {
        assert_eq!(decode_body(b"AAEC").unwrap(), vec![0, 1, 2]);
        assert_eq!(decode_body(b"  AA EC \t\r\n").unwrap(), vec![0, 1, 2]);
        assert_eq!(decode_body(b"AA\r\n\r\nEC\r\n").unwrap(), vec![0, 1, 2]);
        assert_eq!(
            decode_body(b"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES\n\nAAEC\n").unwrap(),
            vec![0, 1, 2]
        );
        assert_eq!(decode_body(b" \r\n\t"), None);
        assert_eq!(decode_body(b"A!EC"), None);
    }
}
