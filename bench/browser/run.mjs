// Browser benchmark (issue 7, "Measured, not assumed"): in one headless Chromium page, the portal's
// certificate engine (wasm, in its web worker) against @peculiar/x509 (bundled here with esbuild,
// signatures verified through WebCrypto), parse only and full analysis, cold and warm; then the
// first-load transfer size and the demo page's first contentful paint.
//
// Needs: a release build (`make build`: dist/ and target/release/portal-server) and the generated
// inputs (`cargo run --release -p certlint --example bench_inputs -- target/bench`).
// Run: `cd bench/browser && npm ci && node run.mjs`. It measures and reports; the exit code is 0
// whether targets are met or not, and non-zero only when something fails to run.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_INPUTS (default target/bench),
// BENCH_JSON (default target/bench/browser.json; empty to skip).

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
const NAV = 'nav[aria-label="Main"]';

const TARGETS = { analysisRatio: 5, parseRatio: 20, coldChainMs: 16, firstLoadGzipBytes: 165_000, firstLoadBrotliBytes: 150_000 };

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
  const bin = path.join(root, 'target/release/portal-server');
  const child = spawn(bin, ['--demo', '--addr', '127.0.0.1:0', '--dist', path.join(root, 'dist')], {
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
        if (e.data && e.data.ready) {
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
  // One request: the round trip is postMessage -> reply received (and the report JSON.parse'd).
  call(slot, mode, input) {
    const worker = this[slot];
    const id = ++this.id;
    const bytes = this.inputs[input];
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error('worker failed: ' + (e.message || 'error')));
      worker.onmessage = (e) => {
        const d = e.data;
        if (!d || d.id !== id) return;
        if (d.error) return reject(new Error(d.error));
        let certs;
        let verified;
        let verdict;
        if (mode === 'parse') {
          certs = d.count;
        } else {
          const report = JSON.parse(d.report);
          certs = report.certificates.length;
          verdict = report.verdict;
          verified = report.links.filter((l) => l.signature.status === 'verified').length;
        }
        const rt_ms = performance.now() - started;
        resolve({ engine_ms: d.engine_ms, rt_ms, certs, verified, verdict });
      };
      const started = performance.now();
      worker.postMessage({ id, now: this.now, mode, files: [{ name: input + '.pem', bytes }] });
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
  const results = {};
  try {
    // The one page: the portal's worker (cold in fresh workers, warm in a kept one) and
    // @peculiar/x509 warm.
    const page = await blankPage(context, origin, inputs, peculiarCode);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    const startups = [];
    for (const input of inputs) {
      const r = (results[input.name] = { certs: input.certs, file: input.file });
      for (const mode of ['parse', 'analyze']) {
        // Cold: the first request in a fresh worker (after it posted ready), as the page makes it
        // (the worker has warmed its engine up on a built-in chain), and with an engine that has
        // never run (?nowarmup).
        const { slot, startup_ms } = await page.evaluate(() => window.__bench.startWorker());
        startups.push(startup_ms);
        const cold = await page.evaluate(([s, m, i]) => window.__bench.call(s, m, i), [slot, mode, input.name]);
        await page.evaluate((s) => window.__bench.stopWorker(s), slot);
        check(`${input.name} ${mode}: certificates`, cold.certs, input.certs);
        const bare = await page.evaluate(() => window.__bench.startWorker(false));
        const unwarmed = await page.evaluate(([s, m, i]) => window.__bench.call(s, m, i), [bare.slot, mode, input.name]);
        await page.evaluate((s) => window.__bench.stopWorker(s), bare.slot);
        r[`portal_${mode}`] = {
          cold_engine_ms: cold.engine_ms,
          cold_rt_ms: cold.rt_ms,
          cold_startup_ms: startup_ms,
          unwarmed_engine_ms: unwarmed.engine_ms,
          unwarmed_rt_ms: unwarmed.rt_ms,
          unwarmed_startup_ms: bare.startup_ms,
        };
        if (mode === 'analyze') {
          r.portal_verdict = cold.verdict;
          r.portal_verified = cold.verified;
        }
      }
    }
    // Warm: one worker kept for all requests; WARM_UP_MS of discarded requests per input and
    // mode first.
    const { slot } = await page.evaluate(() => window.__bench.startWorker());
    for (const input of inputs) {
      const r = results[input.name];
      const n = input.certs > 100 ? WARM_RUNS.large : WARM_RUNS.small;
      for (const mode of ['parse', 'analyze']) {
        const runs = await page.evaluate(
          async ([s, m, i, count, warmUp]) => {
            for (let k = 0, t0 = performance.now(); k < 3 || performance.now() - t0 < warmUp; k++) {
              await window.__bench.call(s, m, i);
            }
            const out = [];
            for (let k = 0; k < count; k++) out.push(await window.__bench.call(s, m, i));
            return out;
          },
          [slot, mode, input.name, n, WARM_UP_MS],
        );
        Object.assign(r[`portal_${mode}`], {
          runs: n,
          median_engine_ms: median(runs.map((x) => x.engine_ms)),
          median_rt_ms: median(runs.map((x) => x.rt_ms)),
        });
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
      const onDisk = await readFile(path.join(root, 'dist', decodeURIComponent(p)));
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
      ['portal parse       engine', r.portal_parse.cold_engine_ms, r.portal_parse.median_engine_ms, r.portal_parse.runs],
      ['portal parse       round trip', r.portal_parse.cold_rt_ms, r.portal_parse.median_rt_ms, r.portal_parse.runs],
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
  }
  line();
  line('Ratios (@peculiar/x509 time / portal time), medians; cold in brackets:');
  line(`${pad('input', 10)} ${pad('', 22)} ${lpad('vs engine', 18)} ${lpad('vs round trip', 18)}`);
  const ratios = {};
  for (const [name, r] of Object.entries(results)) {
    const p = r.peculiar_parse;
    const a = r.peculiar_analyze;
    const q = (ratios[name] = {
      parse_engine: ratio(p.median_ms, r.portal_parse.median_engine_ms),
      parse_rt: ratio(p.median_ms, r.portal_parse.median_rt_ms),
      analyze_engine: ratio(a.median_ms, r.portal_analyze.median_engine_ms),
      analyze_rt: ratio(a.median_ms, r.portal_analyze.median_rt_ms),
      cold_parse_engine: ratio(p.cold_ms, r.portal_parse.cold_engine_ms),
      cold_parse_rt: ratio(p.cold_ms, r.portal_parse.cold_rt_ms),
      cold_analyze_engine: ratio(a.cold_ms, r.portal_analyze.cold_engine_ms),
      cold_analyze_rt: ratio(a.cold_ms, r.portal_analyze.cold_rt_ms),
    });
    line(`${pad(name, 10)} ${pad('parse', 22)} ${lpad(`${times(q.parse_engine)} (${times(q.cold_parse_engine)})`, 18)} ${lpad(`${times(q.parse_rt)} (${times(q.cold_parse_rt)})`, 18)}`);
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
  line(`First contentful paint of /, median of ${paint.loads} fresh loads: ${ms(paint.median_fcp_ms)} ms` +
    ` (${paint.fcp_ms.map(ms).join(', ')}); navigation rendered: ${ms(paint.median_nav_ms)} ms (${paint.nav_ms.map(ms).join(', ')})`);
  line();

  const checks = [];
  for (const name of Object.keys(results)) {
    const q = ratios[name];
    checks.push([`full analysis ≥ ${TARGETS.analysisRatio}× faster than @peculiar/x509 parse+verify, ${name}, engine`, q.analyze_engine >= TARGETS.analysisRatio, times(q.analyze_engine)]);
    checks.push([`full analysis ≥ ${TARGETS.analysisRatio}× faster than @peculiar/x509 parse+verify, ${name}, round trip`, q.analyze_rt >= TARGETS.analysisRatio, times(q.analyze_rt)]);
  }
  for (const name of Object.keys(results)) {
    const q = ratios[name];
    checks.push([`parsing ≥ ${TARGETS.parseRatio}× faster than @peculiar/x509, ${name}, engine`, q.parse_engine >= TARGETS.parseRatio, times(q.parse_engine)]);
    checks.push([`parsing ≥ ${TARGETS.parseRatio}× faster than @peculiar/x509, ${name}, round trip`, q.parse_rt >= TARGETS.parseRatio, times(q.parse_rt)]);
  }
  const c10 = results.chain10.portal_analyze;
  checks.push([`10-certificate chain reported < ${TARGETS.coldChainMs} ms cold (first request in a fresh worker, round trip)`, c10.cold_rt_ms < TARGETS.coldChainMs, `${ms(c10.cold_rt_ms)} ms`]);
  checks.push([`  same, engine not warmed up (?nowarmup)`, c10.unwarmed_rt_ms < TARGETS.coldChainMs, `${ms(c10.unwarmed_rt_ms)} ms`]);
  checks.push([`  same, counting the worker's start (new Worker → report)`, c10.cold_rt_ms + c10.cold_startup_ms < TARGETS.coldChainMs, `${ms(c10.cold_rt_ms + c10.cold_startup_ms)} ms`]);
  const [gzipLoad, brotliLoad] = firstLoads;
  checks.push([`first load ≤ ${TARGETS.firstLoadGzipBytes / 1000} kB transferred, gzip only`, gzipLoad.total.transferSize <= TARGETS.firstLoadGzipBytes, kb(gzipLoad.total.transferSize)]);
  checks.push([`first load ≤ ${TARGETS.firstLoadBrotliBytes / 1000} kB transferred, brotli accepted`, brotliLoad.total.transferSize <= TARGETS.firstLoadBrotliBytes, kb(brotliLoad.total.transferSize)]);
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
    const firstLoads = [
      await measureFirstLoad(browser, origin, 'gzip'),
      await measureFirstLoad(browser, origin, 'gzip, deflate, br'),
    ];
    const paint = await measurePaint(browser, origin);
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
