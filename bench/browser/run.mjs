// Browser benchmark (issue 7, "Measured, not assumed"): in one headless Chromium page, the portal's
// certificate engine (wasm, in its web worker) against @peculiar/x509 (bundled here with esbuild,
// signatures verified through WebCrypto), parse only and full analysis, cold and warm; then the
// first-load transfer size and the demo page's first contentful paint.
//
// Then, in a separate benchmark build of the engine (build-worker.sh, bench-worker.js), the work
// the page never asks for alone: parsing only, and every signature of a bundle verified by the
// engine's verifier, by p256 0.14 and by WebCrypto in the same worker (the like-for-like row
// against @peculiar/x509, which verifies every certificate's signature), and what carrying the
// report as a JSON string costs against a serde-wasm-bindgen object.
//
// Needs: a release build (`make build`: dist/ and target/release/portal-server), the generated
// inputs (`cargo run --release -p certlint --example bench_inputs -- target/bench`) and the
// benchmark worker (`bench/browser/build-worker.sh`, into target/bench/worker).
// Run: `cd bench/browser && npm ci && node run.mjs`. It measures and reports; the exit code is 0
// whether targets are met or not, and non-zero only when something fails to run.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_INPUTS (default target/bench),
// BENCH_WORKER (default target/bench/worker), BENCH_DIST (default dist), PORTAL_SERVER (default
// $CARGO_TARGET_DIR/release/portal-server, target/ without it), BENCH_JSON (default target/bench/browser.json;
// empty to skip), BENCH_ENGINES_ONLY=1 to skip the first-load and paint measurements.

import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const inputsDir = path.resolve(root, process.env.BENCH_INPUTS ?? 'target/bench');
const workerDir = path.resolve(root, process.env.BENCH_WORKER ?? 'target/bench/worker');
const distDir = path.resolve(root, process.env.BENCH_DIST ?? 'dist');
const serverBin =
  process.env.PORTAL_SERVER ?? path.join(path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target'), 'release/portal-server');
const jsonOut = process.env.BENCH_JSON ?? path.join(root, 'target/bench/browser.json');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const WARM_RUNS = { small: 15, large: 7 };
// Before the warm runs, each engine repeats the operation for this long (at least 3 times), so
// that both JITs have tiered up and the medians are steady state (V8 first runs wasm in its
// baseline compiler and JS in its interpreter).
const WARM_UP_MS = 400;
const FCP_LOADS = 5;
// The page the engines are timed in: an empty document of the portal's origin, answered by the
// browser context (so the app itself does not run beside the measurements), cross-origin isolated
// as portal-server serves the portal, so that timers resolve to microseconds, not 0.1 ms.
const BLANK = '/__bench/blank.html';
// The benchmark worker's files (bench-worker.js and build-worker.sh's output), served from disk.
const BENCH_WORKER = '/__bench/worker/';
const NAV = 'nav[aria-label="Main"]';

const TARGETS = { analysisRatio: 5, parseRatio: 20, coldChainMs: 16, p256SignatureUs: 150, firstLoadGzipBytes: 165_000, firstLoadBrotliBytes: 150_000 };

// ---------------------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x == null || Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (a, b) => (a > 0 && b > 0 ? a / b : NaN);
const times = (r) => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×` : 'n/a');
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

async function loadInputs() {
  const files = [
    ['chain3', path.join(root, 'crates/certlint/tests/fixtures/chain-good.pem'), 3],
    ['chain10', path.join(inputsDir, 'chain10.pem'), 10],
    ['bundle900', path.join(inputsDir, 'bundle900.pem'), 900],
  ];
  const inputs = [];
  for (const [name, file, certs] of files) {
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new Error(
        `${file}: ${e.code ?? e.message} (generate the inputs with ` +
          '`cargo run --release -p certlint --example bench_inputs -- target/bench`)',
      );
    }
    inputs.push({ name, file: path.basename(file), text, certs });
  }
  return inputs;
}

async function bundlePeculiar() {
  const out = await esbuild.build({
    entryPoints: [path.join(here, 'peculiar.js')],
    bundle: true,
    format: 'iife',
    globalName: 'peculiar',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

let stopping = false;

function startServer() {
  const bin = serverBin;
  const child = spawn(bin, ['--demo', '--addr', '127.0.0.1:0', '--dist', distDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its request log is kept, not printed; it is shown if the server stops on its own.
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-8000);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`portal-server stopped (${code ?? signal}):\n${log}`);
  });
  const origin = new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('portal-server did not start in 20 s')), 20_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${bin}: ${e.message} (run \`make build\` first)`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`portal-server exited (${code}) before listening`));
    });
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n')[0];
      const m = /portal-server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      } else if (buffered.includes('\n')) {
        clearTimeout(timer);
        reject(new Error(`unexpected first line from portal-server: ${line}`));
      }
    });
  });
  // Keep draining stdout so the server never blocks on a full pipe.
  origin.then(() => child.stdout.resume(), () => {});
  return { child, origin };
}

// ---------------------------------------------------------------------------------------------
// In the page.

const PAGE_HELPERS = `
window.__bench = {
  inputs: {},
  id: 0,
  now: Math.floor(Date.now() / 1000),
  // warmUp false: the worker skips the engine warm-up it runs before reporting ready.
  startWorker(warmUp = true) {
    const started = performance.now();
    const worker = new Worker('/certlint-worker_loader.js' + (warmUp ? '' : '?nowarmup'));
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error('worker failed: ' + (e.message || 'error')));
      worker.onmessage = (e) => {
        if (typeof e.data === 'string' && JSON.parse(e.data).kind === 'ready') {
          const slot = 'w' + (++this.id);
          this[slot] = worker;
          resolve({ slot, startup_ms: performance.now() - started });
        }
      };
    });
  },
  stopWorker(slot) {
    this[slot].terminate();
    delete this[slot];
  },
  // One request as the page makes it (src/analysis/protocol.rs: the header JSON, then the file
  // bytes, transferred); the round trip is postMessage -> answer received and JSON.parse'd.
  call(slot, input) {
    const worker = this[slot];
    const id = ++this.id;
    const bytes = this.inputs[input].slice();
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error('worker failed: ' + (e.message || 'error')));
      // A large report comes in parts: the report, then "more" certificates and findings.
      let whole = null;
      let missing = 0;
      worker.onmessage = (e) => {
        const { kind, data: d = {} } = JSON.parse(e.data);
        if (d.id !== id) return;
        if (kind === 'more' && whole) {
          whole.report.certificates.push(...d.certificates);
          whole.report.findings.push(...d.findings);
          missing -= 1;
        } else if (kind === 'report') {
          whole = d;
          missing = (d.parts ?? 1) - 1;
        } else {
          return reject(new Error(d.error ?? kind));
        }
        if (missing > 0) return;
        const rt_ms = performance.now() - started;
        const report = whole.report;
        const verified = report.links.filter((l) => l.signature.status === 'verified').length;
        resolve({ engine_ms: whole.engine_ms, rt_ms, certs: report.certificates.length, verified, verdict: report.verdict, webcrypto: whole.webcrypto });
      };
      const started = performance.now();
      const header = JSON.stringify({ id, now: this.now, purpose: 'client_auth_truststore', names: [input + '.pem'] });
      worker.postMessage([header, bytes], [bytes.buffer]);
    });
  },
  // The benchmark worker (bench-worker.js): one op on one input, answered with its own times.
  bench(op, input) {
    const worker = (this.benchWorker ??= new Worker('/__bench/worker/bench-worker.js'));
    const id = ++this.id;
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error('bench worker failed: ' + (e.message || 'error')));
      worker.onmessage = (e) => {
        const d = e.data;
        if (d.id !== id) return;
        if (d.error) return reject(new Error(d.error));
        resolve(d);
      };
      worker.postMessage({ op, id, bytes: this.inputs[input], now: this.now });
    });
  },
  async peculiar(op, input) {
    const text = this.texts[input];
    const started = performance.now();
    const n = op === 'parse' ? peculiar.parse(text) : await peculiar.analyze(text);
    return { ms: performance.now() - started, n };
  },
  texts: {},
};
`;

async function blankPage(context, origin, inputs, peculiarCode) {
  const page = await context.newPage();
  await page.goto(origin + BLANK);
  await page.addScriptTag({ content: PAGE_HELPERS });
  await page.evaluate((list) => {
    for (const { name, text } of list) {
      window.__bench.texts[name] = text;
      window.__bench.inputs[name] = new TextEncoder().encode(text);
    }
  }, inputs.map(({ name, text }) => ({ name, text })));
  if (peculiarCode) await page.addScriptTag({ content: peculiarCode });
  return page;
}

function check(what, got, want) {
  if (got !== want) throw new Error(`${what}: expected ${want}, got ${got}`);
}

async function measureEngines(browser, origin, inputs, peculiarCode) {
  const context = await browser.newContext();
  await context.route(`${origin}${BLANK}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      },
      body: '<!doctype html><html lang="en"><title>bench</title><body></body></html>',
    }),
  );
  await context.route(`${origin}${BENCH_WORKER}*`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice(BENCH_WORKER.length);
    const file = name === 'bench-worker.js' ? path.join(here, name) : path.join(workerDir, path.basename(name));
    let body;
    try {
      body = await readFile(file);
    } catch (e) {
      throw new Error(`${file}: ${e.code ?? e.message} (build it with bench/browser/build-worker.sh)`);
    }
    await route.fulfill({
      status: 200,
      contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
      headers: { 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' },
      body,
    });
  });
  const results = {};
  try {
    // The one page: the portal's worker (cold in fresh workers, warm in a kept one) and
    // @peculiar/x509 warm.
    const page = await blankPage(context, origin, inputs, peculiarCode);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    const startups = [];
    for (const input of inputs) {
      const r = (results[input.name] = { certs: input.certs, file: input.file });
      // Cold: the first request in a fresh worker (after it posted ready), as the page makes it
      // (the worker has warmed its engine up on a built-in chain), and with an engine that has
      // never run (?nowarmup).
      const { slot, startup_ms } = await page.evaluate(() => window.__bench.startWorker());
      startups.push(startup_ms);
      const cold = await page.evaluate(([s, i]) => window.__bench.call(s, i), [slot, input.name]);
      await page.evaluate((s) => window.__bench.stopWorker(s), slot);
      check(`${input.name} analysis: certificates`, cold.certs, input.certs);
      const bare = await page.evaluate(() => window.__bench.startWorker(false));
      const unwarmed = await page.evaluate(([s, i]) => window.__bench.call(s, i), [bare.slot, input.name]);
      await page.evaluate((s) => window.__bench.stopWorker(s), bare.slot);
      r.portal_analyze = {
        cold_engine_ms: cold.engine_ms,
        cold_rt_ms: cold.rt_ms,
        cold_startup_ms: startup_ms,
        unwarmed_engine_ms: unwarmed.engine_ms,
        unwarmed_rt_ms: unwarmed.rt_ms,
        unwarmed_startup_ms: bare.startup_ms,
      };
      r.portal_verdict = cold.verdict;
      r.portal_verified = cold.verified;
      // Parsing alone, in the benchmark worker: its first call for this input is "cold".
      const first = await page.evaluate((i) => window.__bench.bench('parse', i), input.name);
      check(`${input.name} parse: certificates`, first.count, input.certs);
      r.portal_parse = { cold_engine_ms: first.ms };
    }
    // Warm: one worker kept for all requests; WARM_UP_MS of discarded requests per input and
    // mode first.
    const { slot } = await page.evaluate(() => window.__bench.startWorker());
    for (const input of inputs) {
      const r = results[input.name];
      const n = input.certs > 100 ? WARM_RUNS.large : WARM_RUNS.small;
      const runs = await page.evaluate(
        async ([s, i, count, warmUp]) => {
          for (let k = 0, t0 = performance.now(); k < 3 || performance.now() - t0 < warmUp; k++) {
            await window.__bench.call(s, i);
          }
          const out = [];
          for (let k = 0; k < count; k++) out.push(await window.__bench.call(s, i));
          return out;
        },
        [slot, input.name, n, WARM_UP_MS],
      );
      Object.assign(r.portal_analyze, {
        runs: n,
        median_engine_ms: median(runs.map((x) => x.engine_ms)),
        median_rt_ms: median(runs.map((x) => x.rt_ms)),
        // The signatures the worker handed to WebCrypto within the analysis (src/analysis/webcrypto.rs).
        webcrypto_checks: runs[0]?.webcrypto?.checks ?? 0,
        webcrypto_verified: runs[0]?.webcrypto?.verified ?? 0,
        median_webcrypto_ms: median(runs.map((x) => x.webcrypto?.ms ?? NaN)),
      });
      // The benchmark worker: parse, signatures by each means, report transport.
      for (const op of ['parse', 'signatures', 'transport']) {
        if (op === 'transport' && input.certs < 100) continue;
        const out = await page.evaluate(
          async ([o, i, count, warmUp]) => {
            for (let k = 0, t0 = performance.now(); k < 3 || performance.now() - t0 < warmUp; k++) {
              await window.__bench.bench(o, i);
            }
            const all = [];
            for (let k = 0; k < count; k++) all.push(await window.__bench.bench(o, i));
            return all;
          },
          [op, input.name, n, WARM_UP_MS],
        );
        const med = (k) => median(out.map((x) => x[k]));
        if (op === 'parse') {
          Object.assign(r.portal_parse, { runs: n, median_engine_ms: med('ms') });
        } else if (op === 'signatures') {
          const x = out[0];
          check(`${input.name} signatures: certificates`, x.certs, input.certs);
          // Every means must agree on every signature, or its time means nothing.
          check(`${input.name} signatures verified by the engine`, x.engine_verified, x.checks);
          check(`${input.name} signatures verified by p256 0.14`, x.p256_verified, x.p256_checks);
          check(`${input.name} signatures verified by WebCrypto`, x.webcrypto_verified, x.ecdsa_checks);
          check(`${input.name} signatures verified by WebCrypto, one by one`, x.webcrypto_serial_verified, x.ecdsa_checks);
          r.signatures = {
            runs: n,
            checks: x.checks,
            p256_checks: x.p256_checks,
            ecdsa_checks: x.ecdsa_checks,
            parse_ms: med('parse_ms'),
            engine_ms: med('engine_ms'),
            p256_014_ms: med('p256_ms'),
            list_ms: med('list_ms'),
            webcrypto_ms: med('webcrypto_ms'),
            webcrypto_serial_ms: med('webcrypto_serial_ms'),
          };
        } else {
          check(`${input.name} transport`, out[0].json_certs, input.certs);
          check(`${input.name} transport (object)`, out[0].object_certs, input.certs);
          r.transport = { runs: n, json_ms: med('json_ms'), object_ms: med('object_ms') };
        }
      }
      for (const op of ['parse', 'analyze']) {
        const runs = await page.evaluate(
          async ([o, i, count, warmUp]) => {
            for (let k = 0, t0 = performance.now(); k < 3 || performance.now() - t0 < warmUp; k++) {
              await window.__bench.peculiar(o, i);
            }
            const out = [];
            for (let k = 0; k < count; k++) out.push(await window.__bench.peculiar(o, i));
            return out;
          },
          [op, input.name, n, WARM_UP_MS],
        );
        check(`${input.name} @peculiar/x509 ${op}`, runs[0].n, input.certs);
        r[`peculiar_${op}`] = { runs: n, median_ms: median(runs.map((x) => x.ms)) };
      }
    }
    await page.evaluate((s) => window.__bench.stopWorker(s), slot);
    await page.close();

    // @peculiar/x509 cold: the first call after the bundle is loaded, each in a fresh page.
    for (const input of inputs) {
      for (const op of ['parse', 'analyze']) {
        const fresh = await blankPage(context, origin, inputs, peculiarCode);
        const cold = await fresh.evaluate(([o, i]) => window.__bench.peculiar(o, i), [op, input.name]);
        await fresh.close();
        check(`${input.name} @peculiar/x509 ${op} (cold)`, cold.n, input.certs);
        results[input.name][`peculiar_${op}`].cold_ms = cold.ms;
      }
    }
    return { results, crossOriginIsolated: isolated, worker_startup_ms: median(startups) };
  } finally {
    await context.close();
  }
}

// First load of `/` in a fresh context, asking for `acceptEncoding`: what the page needs before it
// runs (the main wasm, its js and the css; not the worker, which loads on the Certificates page
// only).
async function measureFirstLoad(browser, origin, acceptEncoding) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Encoding': acceptEncoding } });
  try {
    const page = await context.newPage();
    const encodings = new Map();
    page.on('response', (res) => encodings.set(res.url(), res.headers()['content-encoding'] ?? 'identity'));
    await page.goto(origin + '/', { waitUntil: 'load' });
    await page.waitForSelector(NAV);
    await page.waitForLoadState('networkidle');
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => ({
        url: e.name,
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize,
      })),
    );
    const files = [];
    for (const e of entries) {
      const p = new URL(e.url).pathname;
      if (new URL(e.url).origin !== origin || !/\.(wasm|js|css)$/.test(p) || p.includes('certlint-worker')) continue;
      const onDisk = await readFile(path.join(distDir, decodeURIComponent(p)));
      files.push({
        path: p,
        encoding: encodings.get(e.url) ?? '?',
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize,
        raw: onDisk.length,
        gzip9: gzipSync(onDisk, { level: 9 }).length,
        brotli11: brotliCompressSync(onDisk, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: onDisk.length },
        }).length,
      });
    }
    const workerLoaded = entries.some((e) => e.url.includes('certlint-worker'));
    const sum = (k) => files.reduce((a, f) => a + f[k], 0);
    return {
      acceptEncoding,
      files,
      workerLoaded,
      total: {
        transferSize: sum('transferSize'),
        encodedBodySize: sum('encodedBodySize'),
        raw: sum('raw'),
        gzip9: sum('gzip9'),
        brotli11: sum('brotli11'),
      },
    };
  } finally {
    await context.close();
  }
}

// First contentful paint and the time until the app's navigation is in the DOM, fresh loads.
async function measurePaint(browser, origin) {
  const fcp = [];
  const nav = [];
  for (let k = 0; k < FCP_LOADS; k++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript((selector) => {
        const seen = () => {
          if (window.__navAt == null && document.querySelector(selector)) {
            window.__navAt = performance.now();
            return true;
          }
          return false;
        };
        new MutationObserver((_, obs) => seen() && obs.disconnect()).observe(document, {
          childList: true,
          subtree: true,
        });
      }, NAV);
      await page.goto(origin + '/', { waitUntil: 'load' });
      await page.waitForSelector(NAV);
      const got = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const read = () => {
              const e = performance.getEntriesByName('first-contentful-paint')[0];
              if (e) resolve({ fcp: e.startTime, nav: window.__navAt });
              else requestAnimationFrame(read);
            };
            read();
          }),
      );
      fcp.push(got.fcp);
      nav.push(got.nav);
    } finally {
      await context.close();
    }
  }
  return { loads: FCP_LOADS, fcp_ms: fcp, nav_ms: nav, median_fcp_ms: median(fcp), median_nav_ms: median(nav) };
}

// ---------------------------------------------------------------------------------------------

function report({ engines, firstLoads, paint, meta }) {
  const { results } = engines;
  const out = [];
  const line = (s = '') => out.push(s);
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);

  line(`Chromium ${meta.chromium}; ${meta.origin}; crossOriginIsolated=${engines.crossOriginIsolated}` +
    ` (timer resolution ${engines.crossOriginIsolated ? '5 µs' : '0.1 ms'}); inputs ${meta.inputsDir}`);
  line(`Worker start (new Worker → ready, including the engine's warm-up), median of ${Object.keys(results).length * 2}: ${ms(engines.worker_startup_ms)} ms`);
  line();
  line('Timings in ms: cold = first call (portal: in a fresh worker, after it warmed its engine up on a built-in');
  line('3-certificate chain as it does in the page; "unwarmed engine": a worker started with ?nowarmup; peculiar: in a fresh page);');
  line(`median of N warm calls, after ${WARM_UP_MS} ms of discarded calls. engine = inside the worker; round trip = postMessage → reply (report JSON.parse'd).`);
  line();
  line(`${pad('input', 16)} ${pad('what', 30)} ${lpad('cold', 9)} ${lpad('median', 9)}  N`);
  line('-'.repeat(70));
  for (const [name, r] of Object.entries(results)) {
    const rows = [
      ['portal parse       engine *', r.portal_parse.cold_engine_ms, r.portal_parse.median_engine_ms, r.portal_parse.runs],
      ['portal analysis    engine', r.portal_analyze.cold_engine_ms, r.portal_analyze.median_engine_ms, r.portal_analyze.runs],
      ['portal analysis    round trip', r.portal_analyze.cold_rt_ms, r.portal_analyze.median_rt_ms, r.portal_analyze.runs],
      ['  unwarmed engine, round trip', r.portal_analyze.unwarmed_rt_ms, null, ''],
      ['@peculiar/x509 parse', r.peculiar_parse.cold_ms, r.peculiar_parse.median_ms, r.peculiar_parse.runs],
      ['@peculiar/x509 parse+verify', r.peculiar_analyze.cold_ms, r.peculiar_analyze.median_ms, r.peculiar_analyze.runs],
    ];
    rows.forEach(([what, cold, med, n], i) =>
      line(`${pad(i === 0 ? `${name} (${r.certs})` : '', 16)} ${pad(what, 30)} ${lpad(ms(cold), 9)} ${lpad(ms(med), 9)}  ${n}`),
    );
    line(`${pad('', 16)} portal report: verdict ${r.portal_verdict}, ${r.portal_verified} chain link(s) verified`);
    const a = r.portal_analyze;
    line(`${pad('', 16)} in the analysis, WebCrypto verified ${a.webcrypto_verified} of ${a.webcrypto_checks} ECDSA check(s) handed to it` +
      (a.webcrypto_checks > 0 ? ` in ${ms(a.median_webcrypto_ms)} ms (median; ${((a.median_webcrypto_ms * 1000) / a.webcrypto_checks).toFixed(0)} µs each)` : ' (more than 64 checks: the engine verifies what its path search needs)'));
  }
  line('* parse alone runs in the benchmark worker (build-worker.sh); cold there is its first call for the input.');
  line();
  line('Signatures in the worker: every certificate\'s signature by its issuer by name (as @peculiar/x509 checks them),');
  line('medians; per signature in µs. WebCrypto: crypto.subtle importKey (one per key) + verify, called from the worker,');
  line('all at once (Promise.all) and one after the other.');
  line(`${pad('input', 10)} ${lpad('checks', 6)} ${lpad('engine', 16)} ${lpad('p256 0.14', 16)} ${lpad('WebCrypto all', 16)} ${lpad('WebCrypto 1 by 1', 18)}`);
  const us = (total, n) => (n > 0 ? `${((total * 1000) / n).toFixed(0)} µs` : '—');
  for (const [name, r] of Object.entries(results)) {
    const g = r.signatures;
    line(`${pad(name, 10)} ${lpad(g.checks, 6)} ${lpad(us(g.engine_ms, g.checks), 16)} ${lpad(us(g.p256_014_ms, g.p256_checks), 16)} ${lpad(us(g.webcrypto_ms, g.ecdsa_checks), 16)} ${lpad(us(g.webcrypto_serial_ms, g.ecdsa_checks), 18)}`);
  }
  const b9 = results.bundle900;
  line();
  line('bundle900 like for like (the same 900 signatures verified on both sides), medians in ms:');
  const likeEngine = b9.signatures.parse_ms + b9.signatures.engine_ms;
  const likeWebCrypto = b9.signatures.parse_ms + b9.signatures.list_ms + b9.signatures.webcrypto_ms;
  line(`  portal parse + every signature, engine's verifier   ${lpad(ms(likeEngine), 9)}`);
  line(`  portal parse + every signature, WebCrypto           ${lpad(ms(likeWebCrypto), 9)}`);
  line(`  @peculiar/x509 parse + every signature (WebCrypto)  ${lpad(ms(b9.peculiar_analyze.median_ms), 9)}`);
  line(`  ratio (@peculiar/x509 / portal): ${times(ratio(b9.peculiar_analyze.median_ms, likeEngine))} engine's verifier, ${times(ratio(b9.peculiar_analyze.median_ms, likeWebCrypto))} WebCrypto`);
  line(`  (the analysis row above verifies only the chain's ${b9.portal_verified} link(s): the rest are unrelated to the chain)`);
  line();
  line(`Report transport, bundle900 (serialise → structured clone → deserialise, in the worker), medians: JSON string ${ms(b9.transport.json_ms)} ms, serde-wasm-bindgen object ${ms(b9.transport.object_ms)} ms`);
  line();
  line('Ratios (@peculiar/x509 time / portal time), medians; cold in brackets:');
  line(`${pad('input', 10)} ${pad('', 22)} ${lpad('vs engine', 18)} ${lpad('vs round trip', 18)}`);
  const ratios = {};
  for (const [name, r] of Object.entries(results)) {
    const p = r.peculiar_parse;
    const a = r.peculiar_analyze;
    const q = (ratios[name] = {
      parse_engine: ratio(p.median_ms, r.portal_parse.median_engine_ms),
      analyze_engine: ratio(a.median_ms, r.portal_analyze.median_engine_ms),
      analyze_rt: ratio(a.median_ms, r.portal_analyze.median_rt_ms),
      cold_parse_engine: ratio(p.cold_ms, r.portal_parse.cold_engine_ms),
      cold_analyze_engine: ratio(a.cold_ms, r.portal_analyze.cold_engine_ms),
      cold_analyze_rt: ratio(a.cold_ms, r.portal_analyze.cold_rt_ms),
    });
    line(`${pad(name, 10)} ${pad('parse', 22)} ${lpad(`${times(q.parse_engine)} (${times(q.cold_parse_engine)})`, 18)}`);
    line(`${pad('', 10)} ${pad('analysis / parse+verify', 22)} ${lpad(`${times(q.analyze_engine)} (${times(q.cold_analyze_engine)})`, 18)} ${lpad(`${times(q.analyze_rt)} (${times(q.cold_analyze_rt)})`, 18)}`);
  }
  line();
  for (const firstLoad of firstLoads) {
    line(`First load of / (fresh context, Accept-Encoding: ${firstLoad.acceptEncoding}${firstLoad.workerLoaded ? '; NOTE: the worker was loaded too' : '; worker not loaded'}):`);
    line(`${pad('file', 44)} ${lpad('encoding', 8)} ${lpad('transfer', 9)} ${lpad('body', 9)} ${lpad('raw', 9)} ${lpad('gzip -9', 9)} ${lpad('brotli', 9)}`);
    for (const f of firstLoad.files) {
      line(`${pad(f.path, 44)} ${lpad(f.encoding, 8)} ${lpad(f.transferSize, 9)} ${lpad(f.encodedBodySize, 9)} ${lpad(f.raw, 9)} ${lpad(f.gzip9, 9)} ${lpad(f.brotli11, 9)}`);
    }
    const t = firstLoad.total;
    line(`${pad('total (wasm + js + css)', 44)} ${lpad('', 8)} ${lpad(t.transferSize, 9)} ${lpad(t.encodedBodySize, 9)} ${lpad(t.raw, 9)} ${lpad(t.gzip9, 9)} ${lpad(t.brotli11, 9)}`);
    line();
  }
  if (paint) {
    line(`First contentful paint of /, median of ${paint.loads} fresh loads: ${ms(paint.median_fcp_ms)} ms` +
      ` (${paint.fcp_ms.map(ms).join(', ')}); navigation rendered: ${ms(paint.median_nav_ms)} ms (${paint.nav_ms.map(ms).join(', ')})`);
    line();
  }

  const checks = [];
  for (const name of Object.keys(results)) {
    const q = ratios[name];
    checks.push([`full analysis ≥ ${TARGETS.analysisRatio}× faster than @peculiar/x509 parse+verify, ${name}, engine`, q.analyze_engine >= TARGETS.analysisRatio, times(q.analyze_engine)]);
    checks.push([`full analysis ≥ ${TARGETS.analysisRatio}× faster than @peculiar/x509 parse+verify, ${name}, round trip`, q.analyze_rt >= TARGETS.analysisRatio, times(q.analyze_rt)]);
  }
  for (const name of Object.keys(results)) {
    const q = ratios[name];
    checks.push([`parsing ≥ ${TARGETS.parseRatio}× faster than @peculiar/x509, ${name}, engine`, q.parse_engine >= TARGETS.parseRatio, times(q.parse_engine)]);
  }
  const g10 = results.chain10.signatures;
  const perSig = (total, n) => (n > 0 ? (total * 1000) / n : NaN);
  for (const [what, total, n] of [
    ["engine's verifier", g10.engine_ms, g10.checks],
    ['p256 0.14', g10.p256_014_ms, g10.p256_checks],
    ['WebCrypto, all at once', g10.webcrypto_ms, g10.ecdsa_checks],
    ['WebCrypto, one by one', g10.webcrypto_serial_ms, g10.ecdsa_checks],
  ]) {
    const u = perSig(total, n);
    checks.push([`P-256 signature ≤ ${TARGETS.p256SignatureUs} µs in the worker (chain10), ${what}`, u <= TARGETS.p256SignatureUs, `${u.toFixed(0)} µs`]);
  }
  const a10 = results.chain10.portal_analyze;
  const inAnalysis = perSig(a10.median_webcrypto_ms, a10.webcrypto_checks);
  checks.push([`P-256 signature ≤ ${TARGETS.p256SignatureUs} µs in the portal's worker (chain10, WebCrypto within the analysis)`, inAnalysis <= TARGETS.p256SignatureUs && a10.webcrypto_verified === a10.webcrypto_checks, `${inAnalysis.toFixed(0)} µs`]);
  const c10 = results.chain10.portal_analyze;
  checks.push([`10-certificate chain reported < ${TARGETS.coldChainMs} ms cold (first request in a fresh worker, round trip)`, c10.cold_rt_ms < TARGETS.coldChainMs, `${ms(c10.cold_rt_ms)} ms`]);
  checks.push([`  same, engine not warmed up (?nowarmup)`, c10.unwarmed_rt_ms < TARGETS.coldChainMs, `${ms(c10.unwarmed_rt_ms)} ms`]);
  checks.push([`  same, counting the worker's start (new Worker → report)`, c10.cold_rt_ms + c10.cold_startup_ms < TARGETS.coldChainMs, `${ms(c10.cold_rt_ms + c10.cold_startup_ms)} ms`]);
  const [gzipLoad, brotliLoad] = firstLoads;
  if (gzipLoad && brotliLoad) {
    checks.push([`first load ≤ ${TARGETS.firstLoadGzipBytes / 1000} kB transferred, gzip only`, gzipLoad.total.transferSize <= TARGETS.firstLoadGzipBytes, kb(gzipLoad.total.transferSize)]);
    checks.push([`first load ≤ ${TARGETS.firstLoadBrotliBytes / 1000} kB transferred, brotli accepted`, brotliLoad.total.transferSize <= TARGETS.firstLoadBrotliBytes, kb(brotliLoad.total.transferSize)]);
  }
  line('Targets:');
  for (const [what, ok, got] of checks) line(`  ${verdict(ok)}  ${pad(what, 96)} ${got}`);
  return { text: out.join('\n'), ratios, checks: checks.map(([what, ok, got]) => ({ what, pass: ok, got })) };
}

async function main() {
  const inputs = await loadInputs();
  const peculiarCode = await bundlePeculiar();
  const server = startServer();
  let browser;
  const stop = () => {
    stopping = true;
    if (server.child.exitCode == null && !server.child.killed) server.child.kill('SIGTERM');
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    const origin = await server.origin;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: false, args: chromiumArgs });
    const engines = await measureEngines(browser, origin, inputs, peculiarCode);
    const enginesOnly = process.env.BENCH_ENGINES_ONLY === '1';
    const firstLoads = enginesOnly
      ? []
      : [await measureFirstLoad(browser, origin, 'gzip'), await measureFirstLoad(browser, origin, 'gzip, deflate, br')];
    const paint = enginesOnly ? null : await measurePaint(browser, origin);
    const meta = { chromium: browser.version(), origin, inputsDir: path.relative(root, inputsDir), date: new Date().toISOString() };
    const { text, ratios, checks } = report({ engines, firstLoads, paint, meta });
    console.log(text);
    if (jsonOut) {
      await mkdir(path.dirname(jsonOut), { recursive: true });
      await writeFile(jsonOut, JSON.stringify({ meta, engines, ratios, firstLoads, paint, checks }, null, 2) + '\n');
      console.log(`\nwritten: ${path.relative(process.cwd(), jsonOut)}`);
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    stop();
  }
}

main().catch((e) => {
  console.error(`bench/browser: ${e.stack ?? e}`);
  process.exitCode = 1;
});
