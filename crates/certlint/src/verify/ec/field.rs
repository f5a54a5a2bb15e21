//! The base fields of P-256 and P-384 for the verifier: fiat-crypto's formally verified
//! Montgomery arithmetic, with 32-bit limbs on 32-bit targets and 64-bit limbs elsewhere.
//!
//! Why not the `p256` crate's field: on wasm32 it converts to 64-bit limbs and multiplies them as
//! 128-bit integers, which wasm has no instruction for, so every limb product is a call to the
//! software routine `__multi3` (half of a verification's time in the browser). With 32-bit
//! limbs every product is one `i64.mul`.

use std::fmt::Debug;
use std::ops::{Add, Mul, MulAssign, Neg, Sub};

/// What the point arithmetic needs of a field element. Values are kept fully reduced, so `==`
/// compares field elements.
pub(in crate::verify) trait FieldElement:
    Copy
    + Debug
    + Eq
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + MulAssign
    + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    fn square(&self) -> Self;
    fn double(&self) -> Self;
    fn is_zero(&self) -> bool;
    /// 1/self; `None` for zero.
    fn invert(&self) -> Option<Self>;
    /// The element with these big-endian bytes (exactly the field's size), if below p.
    fn from_be(bytes: &[u8]) -> Option<Self>;
}

macro_rules! fiat_field {
    (
        $(#[$doc:meta])*
        $name:ident: $prefix:ident, [$limb:ty; $limbs:literal], $bytes:literal,
        one = $one:expr,
        modulus = $modulus:literal $(,)?
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        // The other limb size is compiled for the tests only.
        #[cfg_attr(not(test), allow(dead_code))]
        pub(in crate::verify) struct $name([$limb; $limbs]);

        #[cfg_attr(not(test), allow(dead_code))]
        impl $name {
            /// p, big-endian.
            const MODULUS: [u8; $bytes] = hex_bytes($modulus);

            fn montgomery(&self) -> fiat::$prefix::montgomery_domain_field_element {
                fiat::$prefix::montgomery_domain_field_element(self.0)
            }

            fn with(f: impl FnOnce(&mut fiat::$prefix::montgomery_domain_field_element)) -> Self {
                let mut out = fiat::$prefix::montgomery_domain_field_element([0; $limbs]);
                f(&mut out);
                Self(out.0)
            }

            /// Big-endian bytes (for tests and messages).
            #[cfg(test)]
            pub(in crate::verify) fn to_be(self) -> [u8; $bytes] {
                let mut plain = fiat::$prefix::non_montgomery_domain_field_element([0; $limbs]);
                fiat::$prefix::from_montgomery(&mut plain, &self.montgomery());
                let mut out = [0u8; $bytes];
                fiat::$prefix::to_bytes(&mut out, &plain.0);
                out.reverse();
                out
            }
        }

        impl Add for $name {
            type Output = Self;
            fn add(self, other: Self) -> Self {
                Self::with(|out| fiat::$prefix::add(out, &self.montgomery(), &other.montgomery()))
            }
        }

        impl Sub for $name {
            type Output = Self;
            fn sub(self, other: Self) -> Self {
                Self::with(|out| fiat::$prefix::sub(out, &self.montgomery(), &other.montgomery()))
            }
        }

        impl Mul for $name {
            type Output = Self;
            fn mul(self, other: Self) -> Self {
                Self::with(|out| fiat::$prefix::mul(out, &self.montgomery(), &other.montgomery()))
            }
        }

        impl MulAssign for $name {
            fn mul_assign(&mut self, other: Self) {
                *self = *self * other;
            }
        }

        impl Neg for $name {
            type Output = Self;
            fn neg(self) -> Self {
                Self::with(|out| fiat::$prefix::opp(out, &self.montgomery()))
            }
        }

        impl FieldElement for $name {
            const ZERO: Self = Self([0; $limbs]);
            /// R mod p, one in the Montgomery domain.
            const ONE: Self = Self($one);

            fn square(&self) -> Self {
                Self::with(|out| fiat::$prefix::square(out, &self.montgomery()))
            }

            fn double(&self) -> Self {
                *self + *self
            }

            fn is_zero(&self) -> bool {
                self.0.iter().all(|limb| *limb == 0)
            }

            /// Fermat: self^(p−2). Only the table of G needs it, once per process.
            fn invert(&self) -> Option<Self> {
                if self.is_zero() {
                    return None;
                }
                // p − 2: p ends in 0xff for both curves, so no borrow.
                let mut exponent = Self::MODULUS;
                exponent[$bytes - 1] -= 2;
                let mut acc = Self::ONE;
                for byte in exponent {
                    for bit in (0..8).rev() {
                        acc = acc.square();
                        if byte >> bit & 1 == 1 {
                            acc *= *self;
                        }
                    }
                }
                Some(acc)
            }

            fn from_be(bytes: &[u8]) -> Option<Self> {
                let be: [u8; $bytes] = bytes.try_into().ok()?;
                // Big-endian arrays of one length compare as the numbers they spell.
                if be >= Self::MODULUS {
                    return None;
                }
                let mut le = be;
                le.reverse();
                let mut plain = fiat::$prefix::non_montgomery_domain_field_element([0; $limbs]);
                fiat::$prefix::from_bytes(&mut plain.0, &le);
                Some(Self::with(|out| fiat::$prefix::to_montgomery(out, &plain)))
            }
        }
    };
}

/// fiat-crypto's functions under short names, for both limb sizes (the 32-bit ones ship in the
/// wasm, the 64-bit ones natively; the tests check both everywhere).
mod fiat {
    /// One module a limb size, each with the same short names for the curve's functions.
    macro_rules! short_names {
        ($($module:ident),+ => $names:tt, test $test_names:tt) => {
            $(
                pub(in crate::verify) mod $module {
                    pub(in crate::verify) use fiat_crypto::$module::$names;
                    #[cfg(test)]
                    pub(in crate::verify) use fiat_crypto::$module::$test_names;
                }
            )+
        };
    }

    short_names!(p256_32, p256_64 => {
        fiat_p256_add as add, fiat_p256_from_bytes as from_bytes,
        fiat_p256_montgomery_domain_field_element as montgomery_domain_field_element,
        fiat_p256_mul as mul,
        fiat_p256_non_montgomery_domain_field_element as non_montgomery_domain_field_element,
        fiat_p256_opp as opp, fiat_p256_square as square, fiat_p256_sub as sub,
        fiat_p256_to_montgomery as to_montgomery,
    }, test {
        fiat_p256_from_montgomery as from_montgomery, fiat_p256_to_bytes as to_bytes,
    });

    short_names!(p384_32, p384_64 => {
        fiat_p384_add as add, fiat_p384_from_bytes as from_bytes,
        fiat_p384_montgomery_domain_field_element as montgomery_domain_field_element,
        fiat_p384_mul as mul,
        fiat_p384_non_montgomery_domain_field_element as non_montgomery_domain_field_element,
        fiat_p384_opp as opp, fiat_p384_square as square, fiat_p384_sub as sub,
        fiat_p384_to_montgomery as to_montgomery,
    }, test {
        fiat_p384_from_montgomery as from_montgomery, fiat_p384_to_bytes as to_bytes,
    });
}

/// Bytes from hex digits, at compile time.
const fn hex_bytes<const N: usize>(hex: &str) -> [u8; N] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a hex digit"),
        }
    }
    let hex = hex.as_bytes();
    assert!(hex.len() == 2 * N, "wrong length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]);
        i += 1;
    }
    out
}

fiat_field! {
    /// An element of the P-256 base field (Montgomery form, eight 32-bit limbs).
    P256Field32: p256_32, [u32; 8], 32,
    one = [0x1, 0x0, 0x0, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_fffe, 0x0],
    modulus = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
}

fiat_field! {
    /// An element of the P-256 base field (Montgomery form, four 64-bit limbs).
    P256Field64: p256_64, [u64; 4], 32,
    one = [0x1, 0xffff_ffff_0000_0000, 0xffff_ffff_ffff_ffff, 0xffff_fffe],
    modulus = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
}

fiat_field! {
    /// An element of the P-384 base field (Montgomery form, twelve 32-bit limbs).
    P384Field32: p384_32, [u32; 12], 48,
    one = [0x1, 0xffff_ffff, 0xffff_ffff, 0x0, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0],
    modulus = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
}

fiat_field! {
    /// An element of the P-384 base field (Montgomery form, six 64-bit limbs).
    P384Field64: p384_64, [u64; 6], 48,
    one = [0xffff_ffff_0000_0001, 0xffff_ffff, 0x1, 0x0, 0x0, 0x0],
    modulus = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
}

/// The P-256 field with the target's limb size.
#[cfg(target_pointer_width = "32")]
pub(in crate::verify) type P256Field = P256Field32;
#[cfg(not(target_pointer_width = "32"))]
pub(in crate::verify) type P256Field = P256Field64;
/// The P-384 field with the target's limb size.
#[cfg(target_pointer_width = "32")]
pub(in crate::verify) type P384Field = P384Field32;
#[cfg(not(target_pointer_width = "32"))]
pub(in crate::verify) type P384Field = P384Field64;
/// The P-256 field with the other limb size, for tests of the whole verifier on both.
#[cfg(all(test, target_pointer_width = "32"))]
pub(in crate::verify) type P256FieldOther = P256Field64;
#[cfg(all(test, not(target_pointer_width = "32")))]
pub(in crate::verify) type P256FieldOther = P256Field32;
/// The P-384 field with the other limb size.
#[cfg(all(test, target_pointer_width = "32"))]
pub(in crate::verify) type P384FieldOther = P384Field64;
#[cfg(all(test, not(target_pointer_width = "32")))]
pub(in crate::verify) type P384FieldOther = P384Field32;

#[cfg(test)]
mod tests {
    //! Every operation against plain big-integer arithmetic modulo p.

    use super::*;
    use rsa::BigUint;
    use sha2::{Digest, Sha512};

    /// Big-endian bytes of `x`, left-padded to `len`.
    fn be(x: &BigUint, len: usize) -> Vec<u8> {
        let bytes = x.to_bytes_be();
        let mut out = vec![0u8; len - bytes.len()];
        out.extend_from_slice(&bytes);
        out
    }

    macro_rules! field_tests {
        ($name:ident, $field:ty, $bytes:literal) => {
            mod $name {
                use super::*;

                fn p() -> BigUint {
                    BigUint::from_bytes_be(&<$field>::MODULUS)
                }

                fn element(x: &BigUint) -> $field {
                    <$field>::from_be(&be(x, $bytes)).expect("below p")
                }

                fn value(e: &$field) -> BigUint {
                    BigUint::from_bytes_be(&e.to_be())
                }

                /// Edge values, then pseudo-random ones below p.
                fn samples() -> Vec<BigUint> {
                    let p = p();
                    let one = BigUint::from(1u8);
                    let mut out = vec![
                        BigUint::from(0u8),
                        one.clone(),
                        BigUint::from(2u8),
                        &p - &one,
                        &p - BigUint::from(2u8),
                        (&p - &one) / BigUint::from(2u8),
                        one.clone() << (8 * $bytes - 1),
                        (one.clone() << (8 * $bytes - 32)) - &one,
                    ];
                    for i in 0u32..120 {
                        let digest = Sha512::digest(i.to_be_bytes());
                        out.push(BigUint::from_bytes_be(&digest[..$bytes]) % &p);
                    }
                    out
                }

                #[test]
                fn constants_and_decoding() {
                    let p = p();
                    assert_eq!(value(&<$field>::ONE), BigUint::from(1u8));
                    assert_eq!(value(&<$field>::ZERO), BigUint::from(0u8));
                    assert!(<$field>::ZERO.is_zero() && !<$field>::ONE.is_zero());
                    assert_eq!(<$field>::from_be(&be(&p, $bytes)), None);
                    assert_eq!(<$field>::from_be(&[0xff; $bytes]), None);
                    assert_eq!(<$field>::from_be(&[0; $bytes - 1]), None);
                    assert_eq!(<$field>::from_be(&[0; $bytes + 1]), None);
                    let top = &p - BigUint::from(1u8);
                    assert_eq!(value(&element(&top)), top);
                    assert!((element(&top) + <$field>::ONE).is_zero());
                    assert_eq!(<$field>::ZERO.invert(), None);
                }

                #[test]
                fn operations_match_big_integers() {
                    let p = p();
                    let all = samples();
                    for (i, a) in all.iter().enumerate() {
                        let b = &all[(i * 7 + 3) % all.len()];
                        let (ea, eb) = (element(a), element(b));
                        assert_eq!(value(&(ea + eb)), (a + b) % &p, "{a} + {b}");
                        assert_eq!(value(&(ea - eb)), (a + &p - b) % &p, "{a} - {b}");
                        assert_eq!(value(&(ea * eb)), (a * b) % &p, "{a} * {b}");
                        assert_eq!(value(&ea.square()), (a * a) % &p, "{a}²");
                        assert_eq!(value(&ea.double()), (a * 2u8) % &p, "2·{a}");
                        assert_eq!(value(&-ea), (&p - a) % &p, "−{a}");
                        let mut product = ea;
                        product *= eb;
                        assert_eq!(product, ea * eb);
                        match ea.invert() {
                            Some(inverse) => {
                                assert_eq!(value(&(inverse * ea)), BigUint::from(1u8), "1/{a}")
                            }
                            None => assert_eq!(*a, BigUint::from(0u8)),
                        }
                    }
                }
            }
        };
    }

    /// The verifier's field follows the target's pointer width: 32-bit limbs on wasm32 and i686.
    #[test]
    fn limb_size_follows_the_target() {
        use std::any::TypeId;
        let thirty_two = cfg!(target_pointer_width = "32");
        assert_eq!(
            TypeId::of::<P256Field>() == TypeId::of::<P256Field32>(),
            thirty_two
        );
        assert_eq!(
            TypeId::of::<P384Field>() == TypeId::of::<P384Field32>(),
            thirty_two
        );
        assert_ne!(TypeId::of::<P256Field>(), TypeId::of::<P256FieldOther>());
        assert_ne!(TypeId::of::<P384Field>(), TypeId::of::<P384FieldOther>());
    }

    field_tests!(p256_32, P256Field32, 32);
    field_tests!(p256_64, P256Field64, 32);
    field_tests!(p384_32, P384Field32, 48);
    field_tests!(p384_64, P384Field64, 48);
}
