import { defineConfig } from '@playwright/test';

// The Makefile picks a free port (E2E_PORT) and builds dist/ and the server first.
const port = Number(process.env.E2E_PORT ?? 18080);
const root = '../..';
// E2E_DIST / E2E_SERVER point the suite at another build (defaults: the tree's dist/ and release server).
const dist = process.env.E2E_DIST ?? `${root}/dist`;
const server = process.env.E2E_SERVER ?? `${root}/target/release/portal-server`;

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `${server} --demo --addr 127.0.0.1:${port} --dist ${dist}`,
    url: `http://127.0.0.1:${port}/__demo/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
