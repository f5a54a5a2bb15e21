//! Signature verification in pure Rust (RFC 5280 §6.1.3 (a)(1)): RSA PKCS#1 v1.5 and RSASSA-PSS,
//! ECDSA on P-256, P-384 and P-521, Ed25519. Anything else is reported as not verified, never as
//! valid.

use crate::cert::{Curve, Hash, ParsedCert, PubKey, SigAlg};
use crate::model::{SignatureProblem, SignatureStatus};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

pub(crate) mod checks;
mod ec;
pub(crate) mod host;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod wycheproof_vectors;

fn digest(hash: Hash, data: &[u8]) -> Option<Vec<u8>> {
    Some(match hash {
        Hash::Sha1 => Sha1::digest(data).to_vec(),
        Hash::Sha224 => Sha224::digest(data).to_vec(),
        Hash::Sha256 => Sha256::digest(data).to_vec(),
        Hash::Sha384 => Sha384::digest(data).to_vec(),
        Hash::Sha512 => Sha512::digest(data).to_vec(),
        Hash::Md2 | Hash::Md5 => return None,
    })
}

fn not_verified(problem: SignatureProblem) -> SignatureStatus {
    SignatureStatus::NotVerified(problem)
}

fn broken(problem: SignatureProblem) -> SignatureStatus {
    SignatureStatus::Broken(problem)
}

fn mismatch(scheme: &str) -> SignatureStatus {
    broken(SignatureProblem::Mismatch {
        scheme: scheme.to_string(),
    })
}

fn hash_not_checked(hash: Hash) -> SignatureStatus {
    not_verified(SignatureProblem::HashNotChecked {
        hash: hash.name().to_string(),
    })
}

fn key_name(key: &PubKey) -> &'static str {
    match key {
        PubKey::Rsa { .. } => "RSA",
        PubKey::Ec { .. } => "EC",
        PubKey::Ed25519(_) => "Ed25519",
        PubKey::Ed448 => "Ed448",
        PubKey::Dsa { .. } => "DSA",
        PubKey::Unknown(_) => "unknown",
    }
}

fn rsa_key(modulus: &[u8], exponent: &[u8]) -> Result<RsaPublicKey, SignatureStatus> {
    RsaPublicKey::new_with_max_size(
        BigUint::from_bytes_be(modulus),
        BigUint::from_bytes_be(exponent),
        16_384,
    )
    .map_err(|e| {
        not_verified(SignatureProblem::RsaKeyUnusable {
            detail: e.to_string(),
        })
    })
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of `tbs` with the issuer's key, by the rsa
/// crate: it compares the whole k-octet encoded message with the one expected (step 4), so a
/// non-canonical encoding such as 00 00 ff… never passes. (A fast path for e = 65537, sixteen
/// squarings and a multiplication with the same big integers, was no faster: natively 395–455 µs
/// against 315–355 µs for a 2048-bit key, 580–600 µs against 690 µs for 3072 bits.)
fn rsa_pkcs1(key: &RsaPublicKey, hash: Hash, tbs: &[u8], sig: &[u8]) -> SignatureStatus {
    let Some(hashed) = digest(hash, tbs) else {
        return hash_not_checked(hash);
    };
    let scheme = match hash {
        Hash::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
        Hash::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
        Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
        Hash::Md2 | Hash::Md5 => return hash_not_checked(hash),
    };
    match key.verify(scheme, &hashed, sig) {
        Ok(()) => SignatureStatus::Verified,
        Err(_) => mismatch("RSA"),
    }
}

/// RSASSA-PSS parameters of a signature (RFC 4055 §3.1), as read from its AlgorithmIdentifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PssParams {
    hash: Hash,
    /// The MGF1 hash; `None` for another mask generation function or an unknown hash.
    mgf_hash: Option<Hash>,
    salt: u32,
    trailer: u32,
}

/// RSASSA-PSS verification (RFC 8017 §8.1.2). The parameters come from the certificate, so they
/// are checked here before the rsa crate sees them: its length arithmetic (`hLen + sLen + 2`)
/// wraps for a salt length near `usize::MAX` on 32-bit targets and then indexes out of bounds.
fn rsa_pss(key: &RsaPublicKey, params: PssParams, tbs: &[u8], sig: &[u8]) -> SignatureStatus {
    let PssParams {
        hash,
        mgf_hash,
        salt,
        trailer,
    } = params;
    // RFC 4055 §3.1: trailerField 1 (0xbc) is the only one defined.
    if trailer != 1 {
        return not_verified(SignatureProblem::PssTrailer { trailer });
    }
    if mgf_hash != Some(hash) {
        return not_verified(SignatureProblem::PssMaskGeneration);
    }
    let Some(hashed) = digest(hash, tbs) else {
        return hash_not_checked(hash);
    };
    // RFC 8017 §9.1.2 step 3: emLen < hLen + sLen + 2 is "inconsistent", with emLen =
    // ⌈(modBits − 1)/8⌉ (§8.1.2 step 2c).
    let em_len = key.n().bits().saturating_sub(1).div_ceil(8);
    let max_salt = em_len.checked_sub(hashed.len().saturating_add(2));
    let Some(salt_len) = usize::try_from(salt)
        .ok()
        .filter(|s| max_salt.is_some_and(|max| *s <= max))
    else {
        return broken(SignatureProblem::PssSaltTooLong { salt });
    };
    let scheme = match hash {
        Hash::Sha1 => Pss::new_with_salt::<Sha1>(salt_len),
        Hash::Sha224 => Pss::new_with_salt::<Sha224>(salt_len),
        Hash::Sha256 => Pss::new_with_salt::<Sha256>(salt_len),
        Hash::Sha384 => Pss::new_with_salt::<Sha384>(salt_len),
        Hash::Sha512 => Pss::new_with_salt::<Sha512>(salt_len),
        Hash::Md2 | Hash::Md5 => return hash_not_checked(hash),
    };
    match key.verify(scheme, &hashed, sig) {
        Ok(()) => SignatureStatus::Verified,
        Err(_) => mismatch("RSA-PSS"),
    }
}

fn ecdsa(curve: &Curve, point: &[u8], hash: Hash, tbs: &[u8], sig: &[u8]) -> SignatureStatus {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let Some(hashed) = digest(hash, tbs) else {
        return hash_not_checked(hash);
    };
    // A hash shorter than the curve order is used whole as an integer (SEC 1 §4.1.4 step 5);
    // left-padding it to the field size keeps that integer and satisfies the verifier's minimum
    // prehash length (P-521 with SHA-256, P-384 with SHA-1).
    let field = match curve {
        Curve::P256 => 32,
        Curve::P384 => 48,
        _ => 66,
    };
    let hashed = if hashed.len() < field {
        let mut padded = vec![0u8; field - hashed.len()];
        padded.extend_from_slice(&hashed);
        padded
    } else {
        hashed
    };
    let bad_key = |_| not_verified(SignatureProblem::InvalidEcPoint);
    let bad_sig = |_| broken(SignatureProblem::MalformedEcdsa);
    // P-256 and P-384 take the variable-time verifier of `ec` (same results, about three times
    // faster); P-521 stays with RustCrypto's.
    let verified = match curve {
        Curve::P256 => {
            let key = match p256::ecdsa::VerifyingKey::from_sec1_bytes(point) {
                Ok(k) => k,
                Err(e) => return bad_key(e),
            };
            let sig = match p256::ecdsa::Signature::from_der(sig) {
                Ok(s) => s,
                Err(e) => return bad_sig(e),
            };
            ec::verify_p256(&key, &hashed, &sig)
                .unwrap_or_else(|| key.verify_prehash(&hashed, &sig).is_ok())
        }
        Curve::P384 => {
            let key = match p384::ecdsa::VerifyingKey::from_sec1_bytes(point) {
                Ok(k) => k,
                Err(e) => return bad_key(e),
            };
            let sig = match p384::ecdsa::Signature::from_der(sig) {
                Ok(s) => s,
                Err(e) => return bad_sig(e),
            };
            ec::verify_p384(&key, &hashed, &sig)
                .unwrap_or_else(|| key.verify_prehash(&hashed, &sig).is_ok())
        }
        Curve::P521 => {
            let key = match p521::ecdsa::VerifyingKey::from_sec1_bytes(point) {
                Ok(k) => k,
                Err(e) => return bad_key(e),
            };
            let sig = match p521::ecdsa::Signature::from_der(sig) {
                Ok(s) => s,
                Err(e) => return bad_sig(e),
            };
            key.verify_prehash(&hashed, &sig).is_ok()
        }
        Curve::Other(_) => return not_verified(SignatureProblem::CurveNotChecked),
    };
    if verified {
        SignatureStatus::Verified
    } else {
        mismatch("ECDSA")
    }
}

fn ed25519(key: &[u8], tbs: &[u8], sig: &[u8]) -> SignatureStatus {
    use ed25519_dalek::Verifier;
    let Ok(key_bytes) = <[u8; 32]>::try_from(key) else {
        return not_verified(SignatureProblem::Ed25519KeyLength);
    };
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key_bytes) else {
        return not_verified(SignatureProblem::Ed25519KeyInvalid);
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
        return broken(SignatureProblem::Ed25519Length);
    };
    match key.verify(tbs, &sig) {
        Ok(()) => SignatureStatus::Verified,
        Err(_) => mismatch("Ed25519"),
    }
}

/// Checks that `child`'s signature was made by `issuer`'s key, taking the host's verdict when it
/// verified exactly this ECDSA check ([`host`]) and verifying it here otherwise.
pub fn verify_with(
    child: &ParsedCert,
    issuer: &ParsedCert,
    host: &host::HostVerdicts,
) -> SignatureStatus {
    if !host.is_empty()
        && checks::ecdsa_check(child, issuer).is_some_and(|check| host.verified(&check))
    {
        return SignatureStatus::Verified;
    }
    verify(child, issuer)
}

/// Checks that `child`'s signature was made by `issuer`'s key.
pub fn verify(child: &ParsedCert, issuer: &ParsedCert) -> SignatureStatus {
    let key = &issuer.key;
    let (tbs, sig) = (child.tbs.as_slice(), child.sig_value.as_slice());
    match (&child.sig, key) {
        (
            SigAlg::RsaPkcs1(hash),
            PubKey::Rsa {
                modulus,
                exponent,
                pss_only: false,
                ..
            },
        ) => match rsa_key(modulus, exponent) {
            Ok(k) => rsa_pkcs1(&k, *hash, tbs, sig),
            Err(status) => status,
        },
        (
            SigAlg::RsaPss {
                hash,
                mgf_hash,
                salt,
                trailer,
            },
            PubKey::Rsa {
                modulus, exponent, ..
            },
        ) => match rsa_key(modulus, exponent) {
            Ok(k) => {
                let params = PssParams {
                    hash: *hash,
                    mgf_hash: *mgf_hash,
                    salt: *salt,
                    trailer: *trailer,
                };
                rsa_pss(&k, params, tbs, sig)
            }
            Err(status) => status,
        },
        (SigAlg::RsaPssInvalid, _) => broken(SignatureProblem::PssParametersUnreadable),
        (SigAlg::Ecdsa(hash), PubKey::Ec { curve, point }) => ecdsa(curve, point, *hash, tbs, sig),
        (SigAlg::Ed25519, PubKey::Ed25519(k)) => ed25519(k, tbs, sig),
        (SigAlg::Ed448, PubKey::Ed448) => not_verified(SignatureProblem::AlgorithmNotChecked {
            algorithm: "Ed448".to_string(),
        }),
        (SigAlg::Dsa(_), PubKey::Dsa { .. }) => {
            not_verified(SignatureProblem::AlgorithmNotChecked {
                algorithm: "DSA".to_string(),
            })
        }
        (SigAlg::Unknown(oid), _) => {
            not_verified(SignatureProblem::UnsupportedSignatureAlgorithm {
                oid: oid.to_string(),
            })
        }
        (_, PubKey::Unknown(oid)) => not_verified(SignatureProblem::UnsupportedKeyAlgorithm {
            oid: oid.to_string(),
        }),
        (alg, key) => broken(SignatureProblem::AlgorithmKeyMismatch {
            algorithm: alg.name().to_string(),
            key: key_name(key).to_string(),
        }),
    }
}
