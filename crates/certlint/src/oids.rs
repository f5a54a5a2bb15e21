//! Object identifiers the engine matches, in dotted form.

use asn1_rs::Oid;

/// The dotted form of an OID ("1.2.840.10045.4.3.2"). `Oid::to_id_string` goes through a big
/// integer per arc; this reads arcs as u64 and falls back to it only for an arc that does not fit.
pub fn dotted(oid: &Oid<'_>) -> String {
    let Some(arcs) = oid.iter() else {
        return oid.to_id_string();
    };
    let mut s = String::with_capacity(oid.as_bytes().len() * 3 + 2);
    for (i, arc) in arcs.enumerate() {
        if i > 0 {
            s.push('.');
        }
        push_decimal(&mut s, arc);
    }
    s
}

fn push_decimal(s: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        s.push(d as char);
    }
}

pub const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
pub const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
pub const MGF1: &str = "1.2.840.113549.1.1.8";
pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub const DSA: &str = "1.2.840.10040.4.1";
pub const ED25519: &str = "1.3.101.112";
pub const ED448: &str = "1.3.101.113";

pub const P256: &str = "1.2.840.10045.3.1.7";
pub const P384: &str = "1.3.132.0.34";
pub const P521: &str = "1.3.132.0.35";

pub const SHA1: &str = "1.3.14.3.2.26";
pub const SHA224: &str = "2.16.840.1.101.3.4.2.4";
pub const SHA256: &str = "2.16.840.1.101.3.4.2.1";
pub const SHA384: &str = "2.16.840.1.101.3.4.2.2";
pub const SHA512: &str = "2.16.840.1.101.3.4.2.3";
pub const MD5: &str = "1.2.840.113549.2.5";
pub const MD2: &str = "1.2.840.113549.2.2";

pub const KEY_USAGE: &str = "2.5.29.15";
pub const SUBJECT_ALT_NAME: &str = "2.5.29.17";
pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
pub const NAME_CONSTRAINTS: &str = "2.5.29.30";
pub const EXT_KEY_USAGE: &str = "2.5.29.37";

/// The extensions the engine processes when it validates a path, the set rustls-webpki processes
/// (`remember_extension` in its `src/cert.rs`) less cRLDistributionPoints (no revocation here).
/// RFC 5280 §4.2: a certificate with any other extension marked critical must be rejected.
pub const PROCESSED_EXTENSIONS: &[&str] = &[
    KEY_USAGE,
    SUBJECT_ALT_NAME,
    BASIC_CONSTRAINTS,
    NAME_CONSTRAINTS,
    EXT_KEY_USAGE,
];

/// Names of well-known curves that are not allowed, for messages.
pub fn curve_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        P256 => "P-256",
        P384 => "P-384",
        P521 => "P-521",
        "1.3.132.0.33" => "P-224",
        "1.2.840.10045.3.1.1" => "P-192",
        "1.3.132.0.10" => "secp256k1",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1",
        "1.2.156.10197.1.301" => "SM2",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_matches_the_library_form() {
        for der in [
            &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02][..],
            &[0x2b, 0x81, 0x04, 0x00, 0x22],
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
            &[0x55, 0x1d, 0x13],
            &[0x00],
            &[0x88, 0x37, 0x03],
            // An arc of 2^64 - 1 and one of 2^64, which no longer fits a u64.
            &[
                0x2a, 0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
            ],
            &[
                0x2a, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
            ],
        ] {
            let oid = Oid::new(der.into());
            assert_eq!(dotted(&oid), oid.to_id_string(), "{der:02x?}");
        }
        assert_eq!(
            dotted(&Oid::new(
                (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02][..]).into()
            )),
            "1.2.840.10045.4.3.2"
        );
    }
}
