// Page responsiveness in Chromium, against the release build served by `portal-server --demo`:
// - the longest main-thread task while a report of 900 certificates opens on the Certificates page;
// - with 500 virtual hosts in the tenant: the longest task while the list loads (the table shows
//   its first rows; "Show all" reveals the rest) and while "Show all" reveals every row, and what
//   a keystroke in the form costs, with the first rows and with all 500 in the table (the main
//   thread's busy time after it, and Event Timing entries over 16 ms).
//
// Event Timing durations run from the input to the next paint and are rounded to 8 ms, so a
// keystroke handled at once, waiting up to a frame for its paint, is often reported as 16 ms (an
// empty text field does that too). "Over 16 ms" is therefore 24 ms or more: past one frame.
// Targets: no task over 50 ms (RAIL's budget, and the Long Tasks API's threshold); a
// keystroke handled within one frame, 16 ms.
//
// Needs: a release build (`make build`) and the generated inputs
// (`cargo run --release -p certlint --example bench_inputs -- target/bench`, for bundle900.pem).
// Run: `cd bench/browser && npm ci && node page.mjs`. It measures and reports; the exit code is 0
// whether targets are met or not, and non-zero only when something fails to run.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_INPUTS (default target/bench),
// BENCH_DIST (default dist), PORTAL_SERVER (default $CARGO_TARGET_DIR/release/portal-server),
// PAGE_RUNS (default 3, fresh page each).

import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const inputsDir = path.resolve(root, process.env.BENCH_INPUTS ?? 'target/bench');
const distDir = path.resolve(root, process.env.BENCH_DIST ?? 'dist');
const serverBin =
  process.env.PORTAL_SERVER ?? path.join(path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target'), 'release/portal-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.PAGE_RUNS ?? 3);
const TARGETS = { longTaskMs: 50, keystrokeMs: 16 };
const HOSTS = 500;
const KEYSTROKES = 'partner-b2b-gateway';

let stopping = false;

function startServer() {
  const child = spawn(serverBin, ['--demo', '--addr', '127.0.0.1:0', '--dist', distDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      reject(new Error(`${serverBin}: ${e.message} (run \`make build\` first)`));
    });
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const m = /portal-server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, origin };
}

// Installed before the app runs: long tasks and slow events (Event Timing, over 16 ms; the API's
// smallest threshold is 16 and includes 16) are collected from the start, and every keydown's busy time is measured from
// the event to the first message-channel callback after it (after its handlers, the microtasks
// they queued and any rendering the browser did in between).
function instrument() {
  window.__bench = { longTasks: [], slowEvents: [], keyBusy: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.duration > 16) window.__bench.slowEvents.push({ name: e.name, start: e.startTime, duration: e.duration });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  const channel = new MessageChannel();
  const pending = [];
  channel.port1.onmessage = () => {
    const start = pending.shift();
    if (start !== undefined) window.__bench.keyBusy.push(performance.now() - start);
  };
  window.addEventListener(
    'keydown',
    () => {
      pending.push(performance.now());
      channel.port2.postMessage(0);
    },
    { capture: true },
  );
}

async function settle(page) {
  // Two frames and a quiet half second: whatever the change scheduled has run.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 500)))),
  );
}

const now = (page) => page.evaluate(() => performance.now());
const tasksSince = (page, t0) =>
  page.evaluate((t) => window.__bench.longTasks.filter((e) => e.start >= t).map((e) => e.duration), t0);
const max = (xs) => (xs.length ? Math.max(...xs) : 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

async function freshPage(browser) {
  const context = await browser.newContext();
  await context.addInitScript(instrument);
  return { context, page: await context.newPage() };
}

async function reportOf900(browser, origin) {
  const bundle = path.join(inputsDir, 'bundle900.pem');
  await access(bundle);
  const runs = [];
  for (let k = 0; k < RUNS; k++) {
    const { context, page } = await freshPage(browser);
    try {
      await page.goto(origin + '/certificates', { waitUntil: 'networkidle' });
      await page.getByTestId('file-input').waitFor({ state: 'attached' });
      await settle(page);
      const t0 = await now(page);
      await page.getByTestId('file-input').setInputFiles(bundle);
      await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
      await settle(page);
      const tasks = await tasksSince(page, t0);
      runs.push({ longest: max(tasks), over50: tasks.filter((d) => d > TARGETS.longTaskMs).length, tasks: tasks.length });
    } finally {
      await context.close();
    }
  }
  return runs;
}

async function demo(origin, pathname, body) {
  const res = await fetch(origin + pathname, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${pathname}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

// Types KEYSTROKES into the form's alias field: the busy time after each key, the longest task and
// the Event Timing entries over 16 ms.
async function typing(page) {
  const field = page.getByTestId('vh-virtual-host-url');
  await field.fill('');
  await field.focus();
  await settle(page);
  const t1 = await now(page);
  await page.evaluate(() => {
    window.__bench.keyBusy = [];
  });
  await page.keyboard.type(KEYSTROKES, { delay: 60 });
  await settle(page);
  const typingTasks = await tasksSince(page, t1);
  const { keyBusy, slowEvents } = await page.evaluate(
    (t) => ({ keyBusy: window.__bench.keyBusy, slowEvents: window.__bench.slowEvents.filter((e) => e.start >= t) }),
    t1,
  );
  return {
    typingLongest: max(typingTasks),
    keyBusyMax: max(keyBusy),
    keyBusyMedian: median(keyBusy),
    keys: keyBusy.length,
    slowEvents: slowEvents.length,
    slowestEvent: max(slowEvents.map((e) => e.duration)),
  };
}

async function virtualHosts500(browser, origin) {
  const runs = [];
  for (let k = 0; k < RUNS; k++) {
    await demo(origin, '/__demo/reset', {});
    // The seed adds to the tenant's own hosts; a second seed replaces the first.
    let seeded = await demo(origin, '/__demo/audit-seed', { virtualHosts: 0, stores: 1 });
    const own = seeded.virtualHosts;
    seeded = await demo(origin, '/__demo/audit-seed', { virtualHosts: Math.max(HOSTS - own, 0), stores: 10 });
    const credentials = await demo(origin, '/__demo/credentials');
    const serviceKey = JSON.stringify(credentials.sap.serviceKey, null, 2);
    const { context, page } = await freshPage(browser);
    try {
      await page.goto(origin + '/virtual-hosts', { waitUntil: 'networkidle' });
      await page.getByTestId('sap-service-key').fill(serviceKey);
      await settle(page);
      const t0 = await now(page);
      await page.getByTestId('sap-get-token').click();
      await page.getByTestId('vh-table').waitFor({ timeout: 60_000 });
      await page.getByTestId('vh-loading').waitFor({ state: 'detached', timeout: 60_000 });
      await settle(page);
      const listTasks = await tasksSince(page, t0);
      const rows = await page.getByTestId('vh-row').count();

      const firstRows = await typing(page);

      // Every row: "Show all" reveals the rest in steps.
      const t2 = await now(page);
      await page.getByTestId('vh-show-more-all').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=vh-row]').length >= n, seeded.virtualHosts, {
        timeout: 60_000,
      });
      await settle(page);
      const allTasks = await tasksSince(page, t2);
      const allRows = await page.getByTestId('vh-row').count();
      const everyRow = await typing(page);
      runs.push({
        hosts: seeded.virtualHosts,
        rows,
        listLongest: max(listTasks),
        allRows,
        allLongest: max(allTasks),
        firstRows,
        everyRow,
      });
    } finally {
      await context.close();
    }
  }
  return runs;
}

const ms = (x) => `${x.toFixed(1)} ms`;

async function main() {
  const server = startServer();
  let browser;
  const stop = () => {
    stopping = true;
    if (server.child.exitCode == null && !server.child.killed) server.child.kill('SIGTERM');
  };
  process.on('exit', stop);
  try {
    const origin = await server.origin;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const certs = await reportOf900(browser, origin);
    const hosts = await virtualHosts500(browser, origin);
    const checks = [];
    console.log(`Page responsiveness (Chromium ${browser.version()}, ${RUNS} fresh pages each)`);
    console.log('');
    console.log('Report of 900 certificates opening (from the file choice until the report is in the page):');
    certs.forEach((r, i) =>
      console.log(`  run ${i + 1}: longest task ${ms(r.longest)}; ${r.tasks} long tasks, ${r.over50} over 50 ms`),
    );
    console.log('');
    console.log(`Virtual hosts, ${hosts[0]?.hosts ?? '?'} in the tenant:`);
    const typed = (t) =>
      `${t.keys} keystrokes: busy after each median ${ms(t.keyBusyMedian)}, max ${ms(t.keyBusyMax)}; ` +
      `longest task while typing ${ms(t.typingLongest)}; events over 16 ms: ${t.slowEvents}` +
      (t.slowEvents ? ` (slowest ${ms(t.slowestEvent)})` : '');
    hosts.forEach((r, i) => {
      console.log(`  run ${i + 1}: ${r.rows} rows shown at first; list load longest task ${ms(r.listLongest)}`);
      console.log(`         ${typed(r.firstRows)}`);
      console.log(`         "Show all": ${r.allRows} rows, longest task ${ms(r.allLongest)}`);
      console.log(`         ${typed(r.everyRow)}`);
    });
    const worst = (xs, k) => max(xs.map((x) => x[k]));
    const worstTyping = (k) => max(hosts.flatMap((r) => [r.firstRows[k], r.everyRow[k]]));
    checks.push([`no task over ${TARGETS.longTaskMs} ms while a 900-certificate report opens`, worst(certs, 'longest')]);
    checks.push([`no task over ${TARGETS.longTaskMs} ms while ${HOSTS} virtual hosts load`, worst(hosts, 'listLongest')]);
    checks.push([`no task over ${TARGETS.longTaskMs} ms while typing with ${HOSTS} hosts listed`, worstTyping('typingLongest')]);
    console.log('');
    for (const [what, value] of checks) {
      console.log(`  ${value <= TARGETS.longTaskMs ? 'met    ' : 'NOT MET'}  ${what}: ${ms(value)}`);
    }
    const key = worstTyping('keyBusyMax');
    const slow = worstTyping('slowEvents');
    console.log(
      `  ${key <= TARGETS.keystrokeMs && slow === 0 ? 'met    ' : 'NOT MET'}  a keystroke handled within ${TARGETS.keystrokeMs} ms ` +
        `with ${HOSTS} hosts listed: busy at most ${ms(key)}, ${slow} events over 16 ms`,
    );
    // Not a target of its own; shown so that the cost of every row in the page stays in view.
    console.log(`  (info)   longest task while "Show all" reveals ${HOSTS} rows: ${ms(worst(hosts, 'allLongest'))}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    stop();
  }
}

main().catch((e) => {
  console.error(`bench/browser/page.mjs: ${e.stack ?? e}`);
  process.exitCode = 1;
});
