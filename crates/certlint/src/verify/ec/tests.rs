//! The verifier of `ec` against RustCrypto's (`verify_prehash`, and the whole `verify::ecdsa`
//! against its former RustCrypto-only body), and its point arithmetic against
//! `p256::ProjectivePoint` / `p384::ProjectivePoint`. All inputs are derived deterministically
//! from counters.

use super::*;
use crate::cert::{Curve as KeyCurve, Hash};
use crate::model::{SignatureProblem, SignatureStatus};
use crate::verify::{digest, ecdsa};
use sha2::{Digest, Sha512};

/// `len` bytes derived from a label and a counter.
fn bytes(label: &str, i: u64, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 64);
    let mut block = 0u32;
    while out.len() < len {
        let mut h = Sha512::new();
        h.update(label.as_bytes());
        h.update(i.to_be_bytes());
        h.update(block.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        block += 1;
    }
    out.truncate(len);
    out
}

/// The hash left-padded to the field size, as `verify::ecdsa` passes it on.
fn padded(hash: &[u8], field: usize) -> Vec<u8> {
    let mut out = vec![0u8; field.saturating_sub(hash.len())];
    out.extend_from_slice(hash);
    out
}

/// DER of the INTEGER with these big-endian magnitude bytes.
fn der_integer(magnitude: &[u8]) -> Vec<u8> {
    let mut m: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
    if m.first().is_none_or(|b| *b >= 0x80) {
        m.insert(0, 0);
    }
    let mut out = vec![0x02, m.len() as u8];
    out.extend(m);
    out
}

/// DER of ECDSA-Sig-Value (RFC 3279 §2.2.3) from r and s bytes, whatever their values.
fn der_signature(r: &[u8], s: &[u8]) -> Vec<u8> {
    let body = [der_integer(r), der_integer(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(body.len() as u8);
    out.extend(body);
    out
}

/// `verify::ecdsa` as it was before the `ec` module, RustCrypto only (P-256 and P-384).
fn reference(
    curve: &KeyCurve,
    point: &[u8],
    hash: Hash,
    tbs: &[u8],
    sig: &[u8],
) -> SignatureStatus {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let Some(hashed) = digest(hash, tbs) else {
        return SignatureStatus::NotVerified(SignatureProblem::HashNotChecked {
            hash: hash.name().to_string(),
        });
    };
    let bad_key = SignatureStatus::NotVerified(SignatureProblem::InvalidEcPoint);
    let bad_sig = SignatureStatus::Broken(SignatureProblem::MalformedEcdsa);
    let result = match curve {
        KeyCurve::P256 => {
            let hashed = padded(&hashed, 32);
            let Ok(key) = p256::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                return bad_key;
            };
            let Ok(sig) = p256::ecdsa::Signature::from_der(sig) else {
                return bad_sig;
            };
            key.verify_prehash(&hashed, &sig)
        }
        KeyCurve::P384 => {
            let hashed = padded(&hashed, 48);
            let Ok(key) = p384::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                return bad_key;
            };
            let Ok(sig) = p384::ecdsa::Signature::from_der(sig) else {
                return bad_sig;
            };
            key.verify_prehash(&hashed, &sig)
        }
        _ => unreachable!("only P-256 and P-384 are compared"),
    };
    match result {
        Ok(()) => SignatureStatus::Verified,
        Err(_) => SignatureStatus::Broken(SignatureProblem::Mismatch {
            scheme: "ECDSA".to_string(),
        }),
    }
}

const HASHES: [Hash; 6] = [
    Hash::Sha1,
    Hash::Sha224,
    Hash::Sha256,
    Hash::Sha384,
    Hash::Sha512,
    Hash::Md5,
];

/// The same tests for both curves: `$krate` is `p256` or `p384`.
macro_rules! curve_tests {
    ($name:ident, $krate:ident, $curve:ty, $key_curve:expr, $verify:path, $field:expr, $keys:expr) => {
        mod $name {
            use super::*;
            use $krate::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
            use $krate::ecdsa::{Signature, SigningKey, VerifyingKey};
            use $krate::elliptic_curve::group::Group;
            use $krate::elliptic_curve::point::AffineCoordinates;
            use $krate::elliptic_curve::sec1::FromEncodedPoint;
            use $krate::{AffinePoint, EncodedPoint, FieldBytes, ProjectivePoint, Scalar};

            type Fe = <$curve as Curve>::Fe;
            const FIELD: usize = $field;

            fn field_bytes(b: &[u8]) -> FieldBytes {
                let mut f = FieldBytes::default();
                f.copy_from_slice(b);
                f
            }

            fn scalar(b: &[u8]) -> Scalar {
                <$curve>::reduce(field_bytes(&padded(b, FIELD)[..FIELD]))
            }

            fn order_minus(k: u64) -> Scalar {
                -Scalar::from(k)
            }

            fn coords(p: &AffinePoint) -> Affine<Fe> {
                let e = p.to_encoded_point(false);
                affine(e.x(), e.y()).expect("a finite point")
            }

            fn jacobian(p: &ProjectivePoint) -> Jacobian<Fe> {
                let a = p.to_affine();
                if bool::from(a.is_identity()) {
                    Jacobian::IDENTITY
                } else {
                    Jacobian::from_affine(&coords(&a))
                }
            }

            /// The same point with Z multiplied by λ.
            fn rescaled(p: &Jacobian<Fe>, lambda: u64) -> Jacobian<Fe> {
                let l = Fe::from_be(&padded(&lambda.to_be_bytes(), FIELD)).expect("λ < p");
                let ll = l.square();
                Jacobian {
                    x: p.x * ll,
                    y: p.y * ll * l,
                    z: p.z * l,
                }
            }

            fn same(mine: &Jacobian<Fe>, theirs: &ProjectivePoint) -> bool {
                let theirs = theirs.to_affine();
                if mine.is_identity() || bool::from(theirs.is_identity()) {
                    return mine.is_identity() && bool::from(theirs.is_identity());
                }
                let z_inv: Fe = mine.z.invert().expect("Z is not zero");
                let zz_inv = z_inv.square();
                let mine = Affine {
                    x: mine.x * zz_inv,
                    y: mine.y * zz_inv * z_inv,
                };
                mine == coords(&theirs)
            }

            fn neg(p: &Jacobian<Fe>) -> Jacobian<Fe> {
                Jacobian { y: -p.y, ..*p }
            }

            /// Scalars with the patterns that trouble recodings and ladders.
            fn special_scalars() -> Vec<Scalar> {
                let mut v = vec![
                    Scalar::ZERO,
                    Scalar::ONE,
                    Scalar::from(2u64),
                    Scalar::from(3u64),
                    Scalar::from(0x7fu64),
                    Scalar::from(0x80u64),
                    Scalar::from(u64::MAX),
                    order_minus(1),
                    order_minus(2),
                    order_minus(0x80),
                    scalar(&[0xff; 64]),
                    scalar(&[0x55; 64]),
                    scalar(&[0xaa; 64]),
                    scalar(&[0x80; 1]),
                ];
                // 2^k − 1 and 2^k for a spread of k.
                for k in [63usize, 64, 127, 128, 200, FIELD * 8 - 2, FIELD * 8 - 1] {
                    let mut b = [0u8; FIELD];
                    b[FIELD - 1 - k / 8] = 1 << (k % 8);
                    let two_k = scalar(&b);
                    v.push(two_k);
                    v.push(two_k - Scalar::ONE);
                }
                v
            }

            #[test]
            fn wnaf_digits_rebuild_the_scalar() {
                let mut scalars = special_scalars();
                scalars.extend((0..200).map(|i| scalar(&bytes("wnaf", i, FIELD))));
                for k in &scalars {
                    for w in [2, 3, 4, Q_WINDOW, 6, 7, G_WINDOW] {
                        let digits = wnaf(k.to_repr().as_ref(), w);
                        let mut rebuilt = Scalar::ZERO;
                        let mut last_nonzero: Option<usize> = None;
                        for (i, d) in digits.iter().enumerate().rev() {
                            rebuilt = rebuilt.double();
                            if *d == 0 {
                                continue;
                            }
                            assert!(d % 2 != 0 && i32::from(d.unsigned_abs()) < 1 << (w - 1));
                            assert!(i <= FIELD * 8, "digit beyond the scalar's length + 1");
                            if let Some(j) = last_nonzero {
                                assert!(j - i >= w as usize, "digits closer than w");
                            }
                            last_nonzero = Some(i);
                            let m = Scalar::from(u64::from(d.unsigned_abs()));
                            rebuilt += if *d > 0 { m } else { -m };
                        }
                        assert_eq!(rebuilt, *k, "w = {w}");
                    }
                }
            }

            #[test]
            fn scalar_inversion() {
                assert!(<$curve>::invert(&Scalar::ZERO).is_none());
                let mut scalars = special_scalars();
                scalars.extend((0..200).map(|i| scalar(&bytes("inv", i, FIELD))));
                for s in scalars.iter().filter(|s| !bool::from(s.is_zero())) {
                    let inv = <$curve>::invert(s).expect("non-zero scalars are invertible");
                    assert_eq!(inv * s, Scalar::ONE);
                    assert_eq!(Some(inv), Option::from(s.invert()));
                }
            }

            #[test]
            fn point_special_cases_match_projective_point() {
                let g = ProjectivePoint::GENERATOR;
                let mut points: Vec<ProjectivePoint> = vec![g, -g, g.double(), g * order_minus(1)];
                points.extend((0..12).map(|i| g * scalar(&bytes("point", i, FIELD))));
                let o = Jacobian::<Fe>::IDENTITY;
                assert!(o.double().is_identity());
                assert!(o.add(&o).is_identity());
                for (i, p) in points.iter().enumerate() {
                    let pj = jacobian(p);
                    let pa = coords(&p.to_affine());
                    // Representations with Z ≠ 1, as the accumulator has them.
                    let ps = rescaled(&pj, 7 + i as u64);
                    let twice = p.double();
                    assert!(same(&pj.double(), &twice));
                    assert!(same(&ps.double(), &twice));
                    // P + P: the addition formulas fall back to doubling.
                    assert!(same(&pj.add(&pj), &twice));
                    assert!(same(&ps.add(&pj), &twice));
                    assert!(same(&pj.add(&ps), &twice));
                    assert!(same(&ps.add(&rescaled(&pj, 3)), &twice));
                    assert!(same(&ps.add_affine(&pa), &twice));
                    assert!(same(&pj.add_affine(&pa), &twice));
                    // P + (−P) = O.
                    assert!(pj.add(&neg(&pj)).is_identity());
                    assert!(ps.add(&neg(&rescaled(&pj, 5))).is_identity());
                    assert!(ps.add_cached(&pj.cached().neg()).is_identity());
                    assert!(ps.add_affine(&pa.neg()).is_identity());
                    // The identity on either side.
                    assert!(same(&o.add(&ps), p));
                    assert!(same(&ps.add(&o), p));
                    assert!(same(&o.add_affine(&pa), p));
                    assert!(same(&o.add_cached(&ps.cached()), p));
                    // General additions, with Z ≠ 1 on both sides.
                    for (j, q) in points.iter().enumerate() {
                        if i == j || *q == -*p {
                            continue;
                        }
                        let qj = jacobian(q);
                        let qs = rescaled(&qj, 11 + j as u64);
                        let sum = *p + q;
                        assert!(same(&ps.add(&qs), &sum));
                        assert!(same(&ps.add_cached(&qs.cached()), &sum));
                        assert!(same(&ps.add_affine(&coords(&q.to_affine())), &sum));
                        assert!(same(&ps.add_cached(&qs.cached().neg()), &(*p - q)));
                        assert!(same(
                            &ps.add_affine(&coords(&q.to_affine()).neg()),
                            &(*p - q)
                        ));
                    }
                }
            }

            #[test]
            fn tables_hold_the_odd_multiples() {
                let g = ProjectivePoint::GENERATOR;
                for (k, entry) in <$curve>::base_table().iter().enumerate() {
                    let expected = g * Scalar::from(2 * k as u64 + 1);
                    assert_eq!(*entry, coords(&expected.to_affine()), "{}G", 2 * k + 1);
                }
                let q = g * scalar(&bytes("table", 0, FIELD));
                let table: [Affine<Fe>; 9] = odd_multiples(&coords(&q.to_affine()));
                for (k, entry) in table.iter().enumerate() {
                    let expected = q * Scalar::from(2 * k as u64 + 1);
                    assert_eq!(*entry, coords(&expected.to_affine()));
                }
            }

            #[test]
            fn lincomb_matches_projective_point() {
                let g = ProjectivePoint::GENERATOR;
                let mut keys = vec![g, -g, g.double()];
                keys.extend((0..8).map(|i| g * scalar(&bytes("lincomb-key", i, FIELD))));
                let specials = special_scalars();
                let mut pairs: Vec<(Scalar, Scalar)> = Vec::new();
                for a in &specials {
                    for b in [Scalar::ZERO, Scalar::ONE, order_minus(1), *a] {
                        pairs.push((*a, b));
                        pairs.push((b, *a));
                    }
                }
                pairs.extend((0..40).map(|i| {
                    (
                        scalar(&bytes("u1", i, FIELD)),
                        scalar(&bytes("u2", i, FIELD)),
                    )
                }));
                for (k, q) in keys.iter().enumerate() {
                    let qa = coords(&q.to_affine());
                    for (u1, u2) in pairs.iter().skip(k % 6).step_by(6) {
                        let mine = lincomb::<$curve>(u1, &qa, u2);
                        assert!(same(&mine, &(g * u1 + *q * u2)), "u1 = {u1:?}, u2 = {u2:?}");
                    }
                }
            }

            fn signing_key(i: u64) -> SigningKey {
                SigningKey::from_slice(&bytes("key", i, FIELD)).expect("a key below n")
            }

            /// Both verifiers on the same input; RustCrypto's verdict.
            fn check(key: &VerifyingKey, prehash: &[u8], sig: &Signature) -> bool {
                let theirs = key.verify_prehash(prehash, sig).is_ok();
                assert_eq!($verify(key, prehash, sig), Some(theirs), "{key:?} {sig:?}");
                theirs
            }

            fn flip_bit(b: &[u8], bit: usize) -> Vec<u8> {
                let mut b = b.to_vec();
                let len = b.len();
                b[len - 1 - (bit / 8) % len] ^= 1 << (bit % 8);
                b
            }

            #[test]
            fn random_signatures_and_their_tamperings() {
                // Hash lengths of SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512, left-padded to
                // the field size when shorter (as `verify::ecdsa` does) or left as they are.
                let lengths = [20usize, 28, 32, 48, 64];
                let mut accepted = 0;
                let mut tampered = 0;
                for i in 0..$keys {
                    let sk = signing_key(i);
                    let vk = *sk.verifying_key();
                    let hash = bytes("msg", i, lengths[i as usize % lengths.len()]);
                    let prehash = padded(&hash, FIELD);
                    let sig: Signature = sk.sign_prehash(&prehash).expect("signed");
                    assert!(check(&vk, &prehash, &sig));
                    accepted += 1;
                    let (r, s) = sig.split_bytes();
                    let bit = (i as usize * 37) % (FIELD * 8);
                    let mut variants = Vec::new();
                    if let Ok(t) = Signature::from_scalars(field_bytes(&flip_bit(&r, bit)), s) {
                        variants.push((vk, prehash.clone(), t));
                    }
                    if let Ok(t) = Signature::from_scalars(r, field_bytes(&flip_bit(&s, bit))) {
                        variants.push((vk, prehash.clone(), t));
                    }
                    if let Ok(t) = Signature::from_scalars(s, r) {
                        variants.push((vk, prehash.clone(), t));
                    }
                    if i % 4 == 0 {
                        // (r, n − s) is the other valid signature: both must accept it.
                        let t = Signature::from_scalars(r, (-*sig.s()).to_repr()).expect("r, s");
                        assert!(check(&vk, &prehash, &t));
                    }
                    // A bit of the leftmost FIELD bytes, the ones that count.
                    let mut flipped = prehash.clone();
                    flipped[(i as usize * 13) % FIELD] ^= 1 << (i % 8);
                    variants.push((vk, flipped, sig));
                    variants.push((*signing_key(i + 1).verifying_key(), prehash.clone(), sig));
                    // Two of the tamperings per key, in turn (debug builds of RustCrypto are slow).
                    let count = variants.len();
                    for (key, prehash, sig) in
                        variants.iter().cycle().skip(2 * i as usize % count).take(2)
                    {
                        assert!(!check(key, prehash, sig));
                        tampered += 1;
                    }
                    // Hashes longer than the field: only the leftmost bytes count.
                    if hash.len() > FIELD {
                        let mut longer = hash.clone();
                        longer[FIELD..].iter_mut().for_each(|b| *b ^= 0xff);
                        assert!(check(&vk, &longer, &sig));
                    }
                }
                assert_eq!(accepted, $keys);
                assert_eq!(tampered, 2 * $keys);
            }

            #[test]
            fn odd_hashes() {
                let sk = signing_key(1000);
                let vk = *sk.verifying_key();
                for len in [FIELD, 64] {
                    let ones = vec![0xffu8; len];
                    let sig: Signature = sk.sign_prehash(&ones).expect("signed");
                    assert!(check(&vk, &ones, &sig));
                    let mut flipped = ones.clone();
                    flipped[0] ^= 8;
                    assert!(!check(&vk, &flipped, &sig));
                }
                // A hash that is n itself reduces to zero, like an all-zero one.
                let n = <$curve>::order();
                let sig: Signature = sk.sign_prehash(&n).expect("signed");
                assert!(check(&vk, &n, &sig));
                assert!(check(&vk, &[0u8; FIELD], &sig));
                // Shorter than half the field: refused by both (`verify::ecdsa` pads before).
                let short = [0x5au8; FIELD / 2 - 1];
                assert!(!check(&vk, &short, &sig));
                let half = [0x5au8; FIELD / 2];
                let sig: Signature = sk.sign_prehash(&padded(&half, FIELD)).expect("signed");
                assert!(check(&vk, &half, &sig));
            }

            #[test]
            fn x_between_n_and_p_is_accepted_as_r_plus_n() {
                // R with x = n + t < p, then keys for which (r, s) = (t, t) is a valid signature
                // (u2 = r/s = 1): Q = R − u1·G.
                let n = <$curve>::order();
                let mut found = 0;
                for t in 1u8..=30 {
                    let mut x = n;
                    assert!(!add_be(x.as_mut(), &padded(&[t], FIELD)));
                    let compressed = [&[0x02][..], x.as_ref()].concat();
                    let Ok(encoded) = EncodedPoint::from_bytes(&compressed) else {
                        continue;
                    };
                    let Some(r_point) =
                        Option::<AffinePoint>::from(AffinePoint::from_encoded_point(&encoded))
                    else {
                        continue;
                    };
                    found += 1;
                    let rt = Scalar::from(u64::from(t));
                    let sig = Signature::from_scalars(rt.to_repr(), rt.to_repr()).expect("r, s");
                    for e in [vec![0u8; FIELD], bytes("e", u64::from(t), FIELD)] {
                        let u1 = scalar(&e) * Option::<Scalar>::from(rt.invert()).expect("t ≠ 0");
                        let q = ProjectivePoint::from(r_point) - ProjectivePoint::GENERATOR * u1;
                        let key = VerifyingKey::from_affine(q.to_affine()).expect("Q ≠ O");
                        assert!(check(&key, &e, &sig), "t = {t}");
                        // −R has the same x: accepted too.
                        let q = -ProjectivePoint::from(r_point) - ProjectivePoint::GENERATOR * u1;
                        let key = VerifyingKey::from_affine(q.to_affine()).expect("Q ≠ O");
                        assert!(check(&key, &e, &sig), "t = {t}");
                        // R + G has not.
                        let q = ProjectivePoint::from(r_point) - ProjectivePoint::GENERATOR * u1
                            + ProjectivePoint::GENERATOR;
                        let key = VerifyingKey::from_affine(q.to_affine()).expect("Q ≠ O");
                        assert!(!check(&key, &e, &sig), "t = {t}");
                    }
                }
                assert!(found >= 5, "{found}");
            }

            #[test]
            fn sums_at_infinity_and_doublings_inside_the_loop() {
                let g = ProjectivePoint::GENERATOR;
                // e = −r·d: u1·G + u2·Q = (e + r·d)/s · G = O, refused.
                for i in 0..20 {
                    let d = scalar(&bytes("d", i, FIELD));
                    let r = scalar(&bytes("r", i, FIELD));
                    let s = scalar(&bytes("s", i, FIELD));
                    let e = -(r * d);
                    let key = VerifyingKey::from_affine((g * d).to_affine()).expect("Q ≠ O");
                    let sig = Signature::from_scalars(r.to_repr(), s.to_repr()).expect("r, s");
                    assert!(!check(&key, e.to_repr().as_ref(), &sig));
                }
                let x_mod_n = |p: ProjectivePoint| scalar(&p.to_affine().x());
                // Q = G, e = r = s: u1 = u2 = 1, R = G + G (the first addition is a doubling).
                let r = x_mod_n(g.double());
                let sig = Signature::from_scalars(r.to_repr(), r.to_repr()).expect("r, s");
                let key_g = VerifyingKey::from_affine(g.to_affine()).expect("G");
                assert!(check(&key_g, r.to_repr().as_ref(), &sig));
                // Q = −G: u1·G + u2·Q = G − G = O.
                let key_neg_g = VerifyingKey::from_affine((-g).to_affine()).expect("−G");
                assert!(!check(&key_neg_g, r.to_repr().as_ref(), &sig));
                for j in 1..=5u64 {
                    let two_j = Scalar::from(1u64 << j);
                    let two_j_inv = Option::<Scalar>::from(two_j.invert()).expect("2^j ≠ 0");
                    // Q = ±2^j·G, u1 = 2^j, u2 = 1 (s = r, e = 2^j·r): the accumulator is 2^j·G
                    // (Z ≠ 1) when Q's digit comes: a doubling, or the identity, in the
                    // addition of a table entry.
                    for sign in [Scalar::ONE, -Scalar::ONE] {
                        let q = g * (sign * two_j);
                        let key = VerifyingKey::from_affine(q.to_affine()).expect("Q ≠ O");
                        let r = x_mod_n(g * (two_j + two_j));
                        let sig = Signature::from_scalars(r.to_repr(), r.to_repr()).expect("r, s");
                        let e = two_j * r;
                        assert_eq!(check(&key, e.to_repr().as_ref(), &sig), sign == Scalar::ONE);
                    }
                    // Q = ±2^−j·G, u1 = 1, u2 = 2^j (s = r/2^j, e = s): the accumulator is
                    // ±G when G's digit comes, a doubling or the identity in the affine addition.
                    for sign in [Scalar::ONE, -Scalar::ONE] {
                        let q = g * (sign * two_j_inv);
                        let key = VerifyingKey::from_affine(q.to_affine()).expect("Q ≠ O");
                        let r = x_mod_n(g.double());
                        let s = r * two_j_inv;
                        let sig = Signature::from_scalars(r.to_repr(), s.to_repr()).expect("r, s");
                        assert_eq!(check(&key, s.to_repr().as_ref(), &sig), sign == Scalar::ONE);
                    }
                }
            }

            #[test]
            fn whole_ecdsa_matches_the_reference() {
                // Every hash of `verify::ecdsa`, through DER and SEC 1 encodings, then tampered
                // encodings of the signature, the key and the message.
                for (i, hash) in HASHES.iter().enumerate() {
                    for j in 0..2u64 {
                        let n = 100 * i as u64 + j;
                        let sk = signing_key(2000 + n);
                        let tbs = bytes("tbs", n, 40 + j as usize);
                        let uncompressed = sk.verifying_key().to_encoded_point(false);
                        let compressed = sk.verifying_key().to_encoded_point(true);
                        let der = match digest(*hash, &tbs) {
                            Some(h) => {
                                let sig: Signature =
                                    sk.sign_prehash(&padded(&h, FIELD)).expect("signed");
                                sig.to_der().as_bytes().to_vec()
                            }
                            None => bytes("no signature", n, 70),
                        };
                        let run = |point: &[u8], tbs: &[u8], der: &[u8]| {
                            let status = ecdsa(&$key_curve, point, *hash, tbs, der);
                            assert_eq!(status, reference(&$key_curve, point, *hash, tbs, der));
                            status
                        };
                        let ok = run(uncompressed.as_bytes(), &tbs, &der);
                        assert_eq!(ok == SignatureStatus::Verified, *hash != Hash::Md5);
                        run(compressed.as_bytes(), &tbs, &der);
                        run(uncompressed.as_bytes(), &flip_bit(&tbs, 5), &der);
                        run(&flip_bit(uncompressed.as_bytes(), 9), &tbs, &der);
                        run(&compressed.as_bytes()[1..], &tbs, &der);
                        for bit in (0..der.len() * 8).step_by(29) {
                            run(uncompressed.as_bytes(), &tbs, &flip_bit(&der, bit));
                        }
                        run(uncompressed.as_bytes(), &tbs, &der[..der.len() - 1]);
                        run(
                            uncompressed.as_bytes(),
                            &tbs,
                            &[der.as_slice(), &[0]].concat(),
                        );
                    }
                }
            }

            #[test]
            fn r_and_s_at_the_ends_of_their_range() {
                let sk = signing_key(3000);
                let point = sk.verifying_key().to_encoded_point(false);
                let tbs = b"edge values";
                let hashed = padded(&digest(Hash::Sha256, tbs).expect("sha256"), FIELD);
                let good: Signature = sk.sign_prehash(&hashed).expect("signed");
                let (r, s) = good.split_bytes();
                let n = <$curve>::order();
                let n_plus_1 = {
                    let mut b = n;
                    add_be(b.as_mut(), &padded(&[1], FIELD));
                    b
                };
                let values: Vec<Vec<u8>> = vec![
                    vec![0],
                    vec![1],
                    vec![2],
                    order_minus(2).to_repr().to_vec(),
                    order_minus(1).to_repr().to_vec(),
                    n.to_vec(),
                    n_plus_1.to_vec(),
                    vec![0xff; FIELD],
                    [&[1u8][..], &[0u8; FIELD][..]].concat(),
                    r.to_vec(),
                    s.to_vec(),
                ];
                let not_der = SignatureStatus::Broken(SignatureProblem::MalformedEcdsa);
                for a in &values {
                    for b in &values {
                        let der = der_signature(a, b);
                        let status = ecdsa(&$key_curve, point.as_bytes(), Hash::Sha256, tbs, &der);
                        let expected =
                            reference(&$key_curve, point.as_bytes(), Hash::Sha256, tbs, &der);
                        assert_eq!(status, expected, "r = {a:02x?}, s = {b:02x?}");
                        let zero_or_beyond = |v: &Vec<u8>| {
                            v.iter().all(|b| *b == 0)
                                || v.len() > FIELD
                                || *v == n.to_vec()
                                || *v == n_plus_1.to_vec()
                                || *v == vec![0xff; FIELD]
                        };
                        if zero_or_beyond(a) || zero_or_beyond(b) {
                            assert_eq!(status, not_der, "r = {a:02x?}, s = {b:02x?}");
                        }
                        if *a == r.to_vec() && *b == s.to_vec() {
                            assert_eq!(status, SignatureStatus::Verified);
                        }
                    }
                }
            }
        }
    };
}

curve_tests!(p256_tests, p256, P256, KeyCurve::P256, verify_p256, 32, 300);
curve_tests!(p384_tests, p384, P384, KeyCurve::P384, verify_p384, 48, 200);

// The same tests with the other limb size: 32-bit limbs on a 64-bit host and the reverse.
fn verify_p256_other_limbs(
    key: &p256::ecdsa::VerifyingKey,
    prehash: &[u8],
    sig: &p256::ecdsa::Signature,
) -> Option<bool> {
    verify_p256_on::<P256OtherLimbs>(key, prehash, sig)
}

fn verify_p384_other_limbs(
    key: &p384::ecdsa::VerifyingKey,
    prehash: &[u8],
    sig: &p384::ecdsa::Signature,
) -> Option<bool> {
    verify_p384_on::<P384OtherLimbs>(key, prehash, sig)
}

curve_tests!(
    p256_other_limbs_tests,
    p256,
    P256OtherLimbs,
    KeyCurve::P256,
    verify_p256_other_limbs,
    32,
    300
);
curve_tests!(
    p384_other_limbs_tests,
    p384,
    P384OtherLimbs,
    KeyCurve::P384,
    verify_p384_other_limbs,
    48,
    200
);

#[test]
fn inversion_refuses_zero_and_values_beyond_the_modulus() {
    let n = p256::NistP256::ORDER;
    assert!(invert_mod_vartime(&Uint::ZERO, &n).is_none());
    assert!(invert_mod_vartime(&n, &n).is_none());
    assert!(invert_mod_vartime(&n.wrapping_add(&Uint::ONE), &n).is_none());
    assert_eq!(invert_mod_vartime(&Uint::ONE, &n), Some(Uint::ONE));
    // An even modulus, and x sharing a factor with the modulus.
    assert!(invert_mod_vartime(&Uint::from_u64(3), &p256::U256::from_u64(10)).is_none());
    assert!(invert_mod_vartime(&Uint::from_u64(3), &p256::U256::from_u64(9)).is_none());
    assert_eq!(
        invert_mod_vartime(&Uint::from_u64(4), &p256::U256::from_u64(9)),
        Some(p256::U256::from_u64(7))
    );
}

#[test]
fn big_endian_addition() {
    let mut a = [0x00, 0xff, 0xff];
    assert!(!add_be(&mut a, &[0x00, 0x00, 0x01]));
    assert_eq!(a, [0x01, 0x00, 0x00]);
    let mut a = [0xff, 0xff];
    assert!(add_be(&mut a, &[0x00, 0x01]));
    assert_eq!(a, [0x00, 0x00]);
}
