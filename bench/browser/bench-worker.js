// The benchmark's worker: the engine built from crates/certlint/examples/bench_worker.rs (by
// build-worker.sh), served by run.mjs under /__bench/worker/, plus WebCrypto. Each request is
// {op, id, bytes, now, ...}; each answer {id, ...} with the times measured here, in the worker.
// Ops:
//   parse       the engine reads and parses the bundle: {ms, count}
//   signatures  the bundle's signatures (each certificate by its issuer by name) verified by the
//               engine's verifier, by p256 0.14 and by WebCrypto (crypto.subtle.verify, all at
//               once as @peculiar/x509 makes them, and one after the other): times and counts
//   transport   the bundle's report carried as a JSON string and as a serde-wasm-bindgen object
//               (serialise, structured clone, deserialise): {json_ms, object_ms}
importScripts('/__bench/worker/bench_worker.js');

const ready = wasm_bindgen('/__bench/worker/bench_worker_bg.wasm');
const { Bundle, Carried, parse } = wasm_bindgen;

const time = (f) => {
  const t0 = performance.now();
  const value = f();
  return [performance.now() - t0, value];
};
const timeAsync = async (f) => {
  const t0 = performance.now();
  const value = await f();
  return [performance.now() - t0, value];
};

// One importKey per distinct key (as a page would keep them), then verify.
async function webcrypto(checks, parallel) {
  const keys = new Map();
  const keyOf = (c) => {
    const id = c.curve + ':' + Array.prototype.join.call(c.key, ',');
    if (!keys.has(id)) {
      keys.set(
        id,
        crypto.subtle.importKey('raw', c.key, { name: 'ECDSA', namedCurve: c.curve }, false, ['verify']),
      );
    }
    return keys.get(id);
  };
  const one = async (c) =>
    crypto.subtle.verify({ name: 'ECDSA', hash: c.hash }, await keyOf(c), c.signature, c.message).catch(() => false);
  let results = [];
  if (parallel) results = await Promise.all(checks.map(one));
  else for (const c of checks) results.push(await one(c));
  return results.filter(Boolean).length;
}

self.onmessage = async (event) => {
  const { op, id, bytes, now } = event.data;
  try {
    await ready;
    if (op === 'parse') {
      const [ms, count] = time(() => parse(bytes, now));
      self.postMessage({ id, ms, count });
    } else if (op === 'signatures') {
      const [parse_ms, bundle] = time(() => new Bundle(bytes, now));
      const [engine_ms, engine_verified] = time(() => bundle.verify_engine());
      const [p256_ms, p256_verified] = time(() => bundle.verify_p256_014());
      const [list_ms, checks] = time(() => bundle.ecdsa());
      const [webcrypto_ms, webcrypto_verified] = await timeAsync(() => webcrypto(checks, true));
      const [webcrypto_serial_ms, webcrypto_serial_verified] = await timeAsync(() => webcrypto(checks, false));
      self.postMessage({
        id,
        certs: bundle.certificates(),
        checks: bundle.checks(),
        p256_checks: bundle.p256_checks(),
        ecdsa_checks: checks.length,
        parse_ms,
        engine_ms,
        engine_verified,
        p256_ms,
        p256_verified,
        list_ms,
        webcrypto_ms,
        webcrypto_verified,
        webcrypto_serial_ms,
        webcrypto_serial_verified,
      });
      bundle.free();
    } else if (op === 'transport') {
      const carried = new Carried(bytes, now);
      const [json_ms, json_certs] = time(() => carried.json());
      const [object_ms, object_certs] = time(() => carried.object());
      carried.free();
      self.postMessage({ id, json_ms, object_ms, json_certs, object_certs });
    } else {
      self.postMessage({ id, error: `unknown op ${op}` });
    }
  } catch (e) {
    self.postMessage({ id, error: String(e && e.stack ? e.stack : e) });
  }
};
