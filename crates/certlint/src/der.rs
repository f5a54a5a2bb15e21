//! A small, bounded DER/BER walker (X.690 §8.1) used to recognise what an object is before handing
//! certificates to the X.509 parser, and to walk PKCS#7 bundles. It never indexes past a slice end
//! and limits nesting depth.

pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const OID: u8 = 0x06;
pub const CONTEXT_0: u8 = 0xA0;

const MAX_DEPTH: usize = 24;

/// One tag-length-value.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// The contents (without the end-of-contents octets of an indefinite length).
    pub content: &'a [u8],
    /// The whole encoding, header included.
    pub raw: &'a [u8],
}

/// Reads one TLV from the start of `input`; returns it and the rest.
pub fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    read_depth(input, 0)
}

fn read_depth(input: &[u8], depth: usize) -> Option<(Tlv<'_>, &[u8])> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        // Multi-byte tags do not occur in the structures we read.
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let header_len;
    let len = if first < 0x80 {
        header_len = 2;
        first as usize
    } else if first == 0x80 {
        // Indefinite length (BER): only for constructed encodings; contents end with 00 00.
        if tag & 0x20 == 0 {
            return None;
        }
        let start = rest;
        let mut consumed = 0usize;
        loop {
            if rest.len() >= 2 && rest.first() == Some(&0) && rest.get(1) == Some(&0) {
                let content = start.get(..consumed)?;
                let raw = input.get(..2 + consumed + 2)?;
                return Some((Tlv { tag, content, raw }, rest.get(2..)?));
            }
            let (child, after) = read_depth(rest, depth + 1)?;
            consumed += child.raw.len();
            rest = after;
        }
    } else {
        let n = (first & 0x7f) as usize;
        if n > 4 {
            return None;
        }
        let bytes = rest.get(..n)?;
        rest = rest.get(n..)?;
        header_len = 2 + n;
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize)
    };
    let content = rest.get(..len)?;
    let raw = input.get(..header_len + len)?;
    Some((Tlv { tag, content, raw }, rest.get(len..)?))
}

/// The children of a constructed TLV, up to `max`; `None` if any child is malformed.
pub fn children(content: &[u8], max: usize) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        if out.len() >= max {
            break;
        }
        let (tlv, after) = read_depth(rest, 1)?;
        out.push(tlv);
        rest = after;
    }
    Some(out)
}

/// What a DER object appears to be, judged from its outer structure only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }: a certificate, CRL or CSR.
    SignedObject,
    Pkcs7SignedData,
    Pkcs12,
    PrivateKeyPkcs8,
    EncryptedPrivateKey,
    RsaPrivateKey,
    EcPrivateKey,
    DsaPrivateKey,
    PublicKey,
    Unknown,
}

// 1.2.840.113549.1.7.2 and 1.2.840.113549.1.7.1
const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

fn small_int(t: &Tlv<'_>) -> Option<u8> {
    if t.tag == INTEGER && t.content.len() == 1 {
        t.content.first().copied()
    } else {
        None
    }
}

/// Recognises the outer structure of one DER object.
pub fn classify(tlv: &Tlv<'_>) -> Kind {
    if tlv.tag != SEQUENCE {
        return Kind::Unknown;
    }
    let Some(kids) = children(tlv.content, 12) else {
        return Kind::Unknown;
    };
    let tags: Vec<u8> = kids.iter().map(|k| k.tag).collect();
    let first = kids.first();
    let second = kids.get(1);
    match tags.as_slice() {
        [SEQUENCE, SEQUENCE, BIT_STRING] => return Kind::SignedObject,
        [SEQUENCE, BIT_STRING] => return Kind::PublicKey,
        [SEQUENCE, OCTET_STRING] => return Kind::EncryptedPrivateKey,
        [OID, CONTEXT_0, ..] if first.map(|k| k.content) == Some(OID_SIGNED_DATA) => {
            return Kind::Pkcs7SignedData
        }
        _ => {}
    }
    let version = first.and_then(small_int);
    // PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData OPTIONAL } (RFC 7292 §4)
    if version == Some(3) {
        if let Some(auth) = second.filter(|s| s.tag == SEQUENCE) {
            let oid = children(auth.content, 1)
                .and_then(|c| c.first().copied())
                .filter(|o| o.tag == OID)
                .map(|o| o.content);
            if oid == Some(OID_DATA) || oid == Some(OID_SIGNED_DATA) {
                return Kind::Pkcs12;
            }
        }
    }
    match (version, tags.as_slice()) {
        (Some(0) | Some(1), [INTEGER, SEQUENCE, OCTET_STRING, ..]) => Kind::PrivateKeyPkcs8,
        (Some(1), [INTEGER, OCTET_STRING, ..]) => Kind::EcPrivateKey,
        (Some(0), t) if t.len() >= 9 && t.iter().all(|&x| x == INTEGER) => Kind::RsaPrivateKey,
        (Some(0), t) if t.len() == 6 && t.iter().all(|&x| x == INTEGER) => Kind::DsaPrivateKey,
        _ => Kind::Unknown,
    }
}

/// The certificates of a PKCS#7 SignedData ContentInfo (RFC 2315 §9.1, RFC 5652 §5.1):
/// `SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
/// certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL, … }`.
/// Other certificate choices (attribute certificates…) are skipped.
pub fn pkcs7_certificates<'a>(content_info: &Tlv<'a>) -> Result<Vec<&'a [u8]>, &'static str> {
    let kids = children(content_info.content, 2).ok_or("unreadable ContentInfo")?;
    let explicit = kids
        .get(1)
        .filter(|k| k.tag == CONTEXT_0)
        .ok_or("no content")?;
    let (signed_data, _) = read(explicit.content).ok_or("unreadable SignedData")?;
    if signed_data.tag != SEQUENCE {
        return Err("SignedData is not a SEQUENCE");
    }
    let fields = children(signed_data.content, 8).ok_or("unreadable SignedData fields")?;
    let Some(certs) = fields.iter().skip(3).find(|f| f.tag == CONTEXT_0) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut rest = certs.content;
    while !rest.is_empty() {
        let (c, after) = read(rest).ok_or("unreadable certificate entry")?;
        if c.tag == SEQUENCE {
            out.push(c.raw);
        }
        rest = after;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_and_nested_lengths_do_not_panic() {
        for input in [
            &[][..],
            &[0x30],
            &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
            &[0x30, 0x80, 0x30, 0x80],
            &[0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00],
            &[0x1f, 0x01, 0x00],
        ] {
            let _ = read(input);
        }
        let (t, rest) = read(&[0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0xff]).unwrap();
        assert_eq!(t.content, &[0x02, 0x01, 0x05]);
        assert_eq!(rest, &[0xff]);
    }

    #[test]
    fn deep_indefinite_nesting_is_bounded() {
        let input: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 10_000)
            .flatten()
            .collect();
        assert!(read(&input).is_none());
    }
}
