//! The certificate worker's analysis: the engine, with the bundle's ECDSA signatures verified
//! first by the browser's WebCrypto (`crypto.subtle.verify`, native code) where that is worth it.
//!
//! Why: a P-256 signature takes the engine's own verifier about 1 ms in the worker's wasm and
//! WebCrypto about 0.1 ms (`make bench`, "signatures in the worker"). How the two meet is
//! `certlint`'s `verify/host.rs`: the engine stays synchronous and decides; it takes a "verified"
//! from here only for a check whose exact bytes were verified, and verifies anything else itself.
//! The command-line tool and native tests never come here.

use std::collections::HashMap;

use certlint::{Bundle, EcdsaCheck, HostVerdicts, Options, Report};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, EcKeyImportParams, EcdsaParams, SubtleCrypto};

use crate::state::clock::monotonic_ms;

/// Bundles with more signature checks than this are left to the engine alone. The engine checks
/// only the signatures its path search needs (2 of a 900-certificate bundle's 900 pairs), and
/// handing over every pair of a large bundle would cost more than it saves; a chain of up to a
/// few dozen certificates is handed over whole.
pub const MAX_HANDED_OVER: usize = 64;

/// What WebCrypto did for one analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HandedOver {
    /// ECDSA checks given to WebCrypto.
    pub checks: u32,
    /// Those it verified (the engine verifies the others itself).
    pub verified: u32,
    /// Time from the first `importKey` to the last verdict, in milliseconds.
    pub ms: f64,
}

/// Analyses `inputs` as one bundle, with WebCrypto's verdicts where it has any.
pub async fn analyze(inputs: &[&[u8]], options: &Options) -> (Report, HandedOver) {
    let bundle = Bundle::read(inputs, options);
    let (verdicts, handed) = match subtle() {
        Some(subtle) => verify(&subtle, &bundle).await,
        None => (HostVerdicts::default(), HandedOver::default()),
    };
    (bundle.analyze(&verdicts), handed)
}

/// `crypto.subtle` of the global scope (a worker's or, in tests, a window's).
fn subtle() -> Option<SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    crypto
        .dyn_into::<web_sys::Crypto>()
        .ok()
        .map(|c| c.subtle())
}

async fn verify(subtle: &SubtleCrypto, bundle: &Bundle) -> (HostVerdicts, HandedOver) {
    let mut verdicts = HostVerdicts::default();
    let Some(checks) = bundle.signature_checks(MAX_HANDED_OVER) else {
        return (verdicts, HandedOver::default());
    };
    let checks: Vec<EcdsaCheck<'_>> = checks.iter().filter_map(|c| c.ecdsa()).collect();
    if checks.is_empty() {
        return (verdicts, HandedOver::default());
    }
    let started = monotonic_ms();
    // Every call is made before any is awaited, so that WebCrypto works on all of them at once.
    let mut keys: HashMap<(&str, &[u8]), Option<Promise>> = HashMap::new();
    for check in &checks {
        keys.entry((check.curve, check.public_key))
            .or_insert_with(|| import(subtle, check).ok());
    }
    let mut imported: HashMap<(&str, &[u8]), CryptoKey> = HashMap::new();
    for (id, promise) in keys {
        if let Some(key) = settle(promise)
            .await
            .and_then(|k| k.dyn_into::<CryptoKey>().ok())
        {
            imported.insert(id, key);
        }
    }
    let pending: Vec<Option<Promise>> = checks
        .iter()
        .map(|check| {
            let key = imported.get(&(check.curve, check.public_key))?;
            let params = EcdsaParams::new_with_str("ECDSA", check.hash);
            subtle
                .verify_with_object_and_u8_array_and_u8_array(
                    &params,
                    key,
                    &check.signature,
                    check.message,
                )
                .ok()
        })
        .collect();
    let mut handed = HandedOver {
        checks: u32::try_from(checks.len()).unwrap_or(u32::MAX),
        ..HandedOver::default()
    };
    for (check, promise) in checks.iter().zip(pending) {
        // A rejection (a key WebCrypto refused, an unsupported hash) is no verdict.
        let valid = settle(promise).await.and_then(|v| v.as_bool()) == Some(true);
        verdicts.record(check, valid);
        handed.verified = handed.verified.saturating_add(u32::from(valid));
    }
    handed.ms = monotonic_ms() - started;
    (verdicts, handed)
}

/// `importKey("raw", point, {name: "ECDSA", namedCurve}, false, ["verify"])`.
fn import(subtle: &SubtleCrypto, check: &EcdsaCheck<'_>) -> Result<Promise, JsValue> {
    let params = EcKeyImportParams::new("ECDSA");
    params.set_named_curve(check.curve);
    let usages = Array::of1(&"verify".into());
    subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(check.public_key),
        &params,
        false,
        &usages,
    )
}

async fn settle(promise: Option<Promise>) -> Option<JsValue> {
    JsFuture::from(promise?).await.ok()
}
