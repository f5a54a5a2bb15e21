//! The browser benchmark's worker (`bench/browser`), a separate build of the engine for
//! measurements the page never makes: parsing alone, signature verification by each means on
//! the same signatures, and the cost of carrying a report across `postMessage` as a JSON string
//! or as a `serde-wasm-bindgen` object. `bench/browser/bench-worker.js` runs it in a web worker
//! and adds WebCrypto; `bench/browser/build-worker.sh` builds it with the worker's profile
//! (`wasm-engine`). Built natively it is an empty library.

#[cfg(target_arch = "wasm32")]
mod exports {
    use certlint::{Options, SignatureCheck, SignatureStatus};
    use js_sys::{Array, Function, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;

    /// Reads and parses `bytes`; the number of certificates.
    #[wasm_bindgen]
    pub fn parse(bytes: &[u8], now: f64) -> usize {
        certlint::parse_only(bytes, &Options::at(now as i64))
            .certificates
            .len()
    }

    /// A bundle read once, its signature checks measured by each means.
    #[wasm_bindgen]
    pub struct Bundle {
        bundle: certlint::Bundle,
    }

    #[wasm_bindgen]
    impl Bundle {
        /// Reads `bytes` and pairs each certificate with its issuer by name.
        #[wasm_bindgen(constructor)]
        pub fn new(bytes: &[u8], now: f64) -> Bundle {
            Bundle {
                bundle: certlint::Bundle::read(&[bytes], &Options::at(now as i64)),
            }
        }

        /// Every check, however many (the benchmark's inputs have one issuer name each).
        fn all(&self) -> impl Iterator<Item = SignatureCheck<'_>> {
            self.bundle
                .signature_checks(usize::MAX)
                .into_iter()
                .flat_map(|checks| checks.iter().collect::<Vec<_>>())
        }

        pub fn certificates(&self) -> usize {
            self.bundle
                .signature_checks(usize::MAX)
                .map_or(0, |checks| checks.certificates())
        }

        pub fn checks(&self) -> usize {
            self.all().count()
        }

        /// Every check by the engine's verifier (as an analysis makes it); how many verified.
        pub fn verify_engine(&self) -> usize {
            self.all()
                .filter(|c| c.verify() == SignatureStatus::Verified)
                .count()
        }

        /// The P-256 checks by RustCrypto's p256 0.14 (the message hashed with SHA-256 and the
        /// signature decoded as for WebCrypto, as the engine's verifier does both); how many
        /// verified.
        pub fn verify_p256_014(&self) -> usize {
            use p256_014::ecdsa::signature::Verifier;
            self.all()
                .filter_map(|c| {
                    let e = c
                        .ecdsa()
                        .filter(|e| e.curve == "P-256" && e.hash == "SHA-256")?;
                    let key = p256_014::ecdsa::VerifyingKey::from_sec1_bytes(e.public_key).ok()?;
                    let sig = p256_014::ecdsa::Signature::from_slice(&e.signature).ok()?;
                    key.verify(e.message, &sig).ok()
                })
                .count()
        }

        /// The P-256 checks the engine's verifier makes (for per-signature figures).
        pub fn p256_checks(&self) -> usize {
            self.all()
                .filter(|c| {
                    c.ecdsa()
                        .is_some_and(|e| e.curve == "P-256" && e.hash == "SHA-256")
                })
                .count()
        }

        /// The ECDSA checks as WebCrypto takes them: `[{curve, hash, key, message, signature}]`.
        pub fn ecdsa(&self) -> Array {
            let list = Array::new();
            for check in self.all() {
                let Some(e) = check.ecdsa() else { continue };
                let entry = Object::new();
                let set = |k: &str, v: &JsValue| {
                    let _ = Reflect::set(&entry, &k.into(), v);
                };
                set("curve", &e.curve.into());
                set("hash", &e.hash.into());
                set("key", &Uint8Array::from(e.public_key).into());
                set("message", &Uint8Array::from(e.message).into());
                set(
                    "signature",
                    &Uint8Array::from(e.signature.as_slice()).into(),
                );
                list.push(&entry);
            }
            list
        }
    }

    /// An analysis's report, to time the two ways of carrying it to the page.
    #[wasm_bindgen]
    pub struct Carried {
        report: certlint::Report,
        clone: Function,
    }

    #[wasm_bindgen]
    impl Carried {
        #[wasm_bindgen(constructor)]
        pub fn new(bytes: &[u8], now: f64) -> Result<Carried, JsValue> {
            let clone = Reflect::get(&js_sys::global(), &"structuredClone".into())?;
            Ok(Carried {
                report: certlint::analyze(bytes, &Options::at(now as i64)),
                clone: clone.into(),
            })
        }

        /// Serialise to a JSON string, structured-clone it (what `postMessage` does), read it
        /// back; the number of certificates read back.
        pub fn json(&self) -> Result<usize, JsValue> {
            let text = serde_json::to_string(&self.report).map_err(|e| e.to_string())?;
            let copy = self.clone.call1(&JsValue::NULL, &text.into())?;
            let text = copy.as_string().unwrap_or_default();
            let back: certlint::Report = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            Ok(back.certificates.len())
        }

        /// The same through a JS object made by `serde-wasm-bindgen` (JSON-compatible: maps as
        /// plain objects).
        pub fn object(&self) -> Result<usize, JsValue> {
            use serde::Serialize;
            let serializer = serde_wasm_bindgen::Serializer::json_compatible();
            let value = self.report.serialize(&serializer)?;
            let copy = self.clone.call1(&JsValue::NULL, &value)?;
            let back: certlint::Report = serde_wasm_bindgen::from_value(copy)?;
            Ok(back.certificates.len())
        }
    }
}
