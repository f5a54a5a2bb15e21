import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DemoControl } from '../pages/demo-control';

/** The demo tenant (see crates/server/README.md): what the audit must say about each host. */
const DEMO_VERDICTS: Record<string, string> = {
  'b2b-gateway': 'error',
  'partner-api': 'weak',
  'api.demo-partner.example.com': 'warning',
  'prod-apis': 'ok',
};

async function connectSap(page: Page, demo: DemoControl) {
  await page.goto('/connections');
  await page.getByTestId('sap-service-key').fill(await demo.sapServiceKey());
  await page.getByTestId('sap-get-token').click();
  await expect(page.getByTestId('sap-token-holder')).toBeVisible();
}

async function connectAdmin(page: Page, demo: DemoControl) {
  const credentials = await demo.credentials();
  await page.locator('#sap-admin-key').fill(JSON.stringify(credentials.sap.adminServiceKey));
  await page.getByTestId('sap-admin-connect').click();
  await expect(page.getByTestId('sap-admin-session')).toBeVisible();
  await expect(page.locator('#sap-admin-key')).toHaveValue('');
}

/** Runs the audit and waits for this run's result (each result carries its time). */
async function runAudit(page: Page) {
  const result = page.getByTestId('audit-result');
  const before = (await result.count()) > 0 ? await result.getAttribute('data-generated-at') : null;
  await page.getByTestId('run-audit').click();
  await expect(result).toHaveAttribute('data-generated-at', /./, { timeout: 60_000 });
  if (before !== null) {
    await expect(result).not.toHaveAttribute('data-generated-at', before, { timeout: 60_000 });
  }
  await expect(page.getByTestId('run-audit')).toBeEnabled();
}

async function verdicts(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('audit-row');
  const pairs = await rows.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-alias') ?? '', e.getAttribute('data-verdict') ?? '']),
  );
  return Object.fromEntries(pairs);
}

/** Connects both SAP connections and runs the audit of the demo tenant. */
async function auditDemo(page: Page, demo: DemoControl) {
  await connectSap(page, demo);
  await page.goto('/audit');
  await runAudit(page);
  await connectAdmin(page, demo);
  await runAudit(page);
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

test.describe('truststore audit', () => {
  test.beforeEach(async ({ request }) => {
    await new DemoControl(request).reset();
  });

  test('the self-service connection is refused the certificates: the role is named, the administrator connection completes the audit', async ({
    page,
    request,
  }) => {
    const demo = new DemoControl(request);
    await connectSap(page, demo);
    await page.goto('/audit');
    await runAudit(page);
    // Every store refused: every mTLS row failed, and the notice names the missing role.
    await expect(page.getByTestId('audit-forbidden')).toContainText('APIPortal.Administrator');
    const refused = await verdicts(page);
    for (const alias of ['b2b-gateway', 'partner-api', 'prod-apis']) expect(refused[alias]).toBe('failed');
    await expect(page.getByTestId('audit-row').filter({ hasText: 'partner-api' }).getByTestId('audit-worst')).toContainText(
      'APIPortal.Administrator',
    );

    await connectAdmin(page, demo);
    await runAudit(page);
    await expect(page.getByTestId('audit-summary')).toContainText(
      /^2 of 3 hosts with mutual TLS trust weak or broken chains; the custom-domain certificate of api\.demo-partner\.example\.com expires in 2[01] days$/,
    );
    expect(await verdicts(page)).toEqual(DEMO_VERDICTS);
    await expect(page.getByTestId('audit-forbidden')).toHaveCount(0);
    // Most severe first.
    const order = await page.getByTestId('audit-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-alias')));
    expect(order).toEqual(['b2b-gateway', 'partner-api', 'api.demo-partner.example.com', 'prod-apis']);
    await page.screenshot({ fullPage: true, path: 'artifacts/audit.png' });
  });

  test('a row opens the full chain report of its store on the Certificates page', async ({ page, request }) => {
    await auditDemo(page, new DemoControl(request));
    await page.locator('[data-testid="audit-row"][data-alias="partner-api"]').getByTestId('open-report').click();
    await expect(page).toHaveURL(/\/certificates\?purpose=client&from=audit$/);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'weak');
    const rules = await page.locator('[data-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(rules).toContain('weak_signature_algorithm');
  });

  test('the audit exports as JSON and as Markdown', async ({ page, request }) => {
    await auditDemo(page, new DemoControl(request));
    const json = await download(page, 'export-json');
    expect(json.name).toBe('truststore-audit.json');
    const audit = JSON.parse(json.text);
    expect(audit.summary.weak_or_broken).toBe(2);
    expect(Object.fromEntries(audit.rows.map((r: { alias: string; verdict: string }) => [r.alias, r.verdict]))).toEqual(
      DEMO_VERDICTS,
    );
    const markdown = await download(page, 'export-markdown');
    expect(markdown.name).toBe('truststore-audit.md');
    expect(markdown.text).toContain('# Truststore audit');
    expect(markdown.text).toMatch(/^\| weak \| partner-api \|/m);
    expect(markdown.text).toMatch(/^\| error \| b2b-gateway \|/m);
  });

  test('a store that fails is shown as such while the others complete', async ({ page, request }) => {
    await auditDemo(page, new DemoControl(request));
    // The demo fails this one store's reads (fault injection on its path).
    await new DemoControl(request).fault({
      backend: 'sap',
      status: 503,
      count: 2,
      path: "CertificateStores('legacy-truststore')",
    });
    await runAudit(page);
    const seen = await verdicts(page);
    expect(seen['partner-api']).toBe('failed');
    expect(seen['prod-apis']).toBe('ok');
    expect(seen['b2b-gateway']).toBe('error');
    await expect(page.locator('[data-testid="audit-row"][data-alias="partner-api"]').getByTestId('audit-worst')).toContainText(
      'Service Unavailable',
    );
    await expect(page.getByTestId('audit-summary')).toContainText('1 host could not be audited');
  });

  test('the Virtual hosts page shows the last audit per truststore and warns in the form', async ({ page, request }) => {
    await auditDemo(page, new DemoControl(request));
    await page.goto('/virtual-hosts');
    const row = page.locator('[data-testid="vh-row"][data-alias="partner-api"]');
    await expect(row.getByTestId('audit-badge')).toHaveText('audit: weak');
    await expect(page.locator('[data-testid="vh-row"][data-alias="prod-apis"]').getByTestId('audit-badge')).toHaveText(
      'audit: ok',
    );
    await row.getByTestId('vh-edit').click();
    await expect(page.getByTestId('audit-warning')).toContainText('legacy-truststore');
  });

  test('50 virtual hosts and 20 stores: how long the audit takes', async ({ page, request }) => {
    test.setTimeout(180_000);
    const seeded = await request.post('/__demo/audit-seed', { data: { virtualHosts: 50, stores: 20 } });
    expect(seeded.ok()).toBeTruthy();
    await auditDemo(page, new DemoControl(request));
    const started = Date.now();
    await runAudit(page);
    const ms = Date.now() - started;
    const rows = await page.getByTestId('audit-row').count();
    expect(rows).toBeGreaterThanOrEqual(50);
    console.log(`audit of ${rows} hosts (50 seeded + the demo's) and 20 seeded stores: ${ms} ms`);
  });
});
