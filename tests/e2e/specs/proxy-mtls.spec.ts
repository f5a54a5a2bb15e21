import { expect, test } from '@playwright/test';
import { DemoControl } from '../pages/demo-control';
import { ProxyMtlsPage } from '../pages/proxy-mtls';

test.describe('Apinizer proxy mTLS', () => {
  let demo: DemoControl;
  let token: string;

  test.beforeEach(async ({ request }) => {
    demo = new DemoControl(request);
    await demo.reset();
    token = (await demo.credentials()).apinizer.personalApiToken;
  });

  const patches = async () =>
    (await demo.requests()).filter((r) => r.method === 'PATCH' && r.path.includes('/settings/mtls'));

  test('enable with keystore and protocols: the server receives exactly the preview', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.field('pm-project').fill('Payments');
    await pm.field('pm-load').click();
    await expect(page.locator('#pm-proxies option')).toHaveCount(2);
    await expect(page.locator('#pm-keystores option[value="payments-client-ks"]')).toHaveCount(1);
    await pm.field('pm-proxy').fill('PaymentsAPI');
    // Nothing set yet: an empty body, and sending is refused.
    expect(await pm.previewBody()).toEqual({});
    await pm.submit.click();
    await expect(pm.field('pm-change-error')).toContainText('Nothing would change');

    await pm.field('pm-enabled-true').check();
    await pm.field('pm-key-store').fill('payments-client-ks');
    await pm.protocolsOnly('TLS_1_3', 'TLS_1_2');
    await pm.field('pm-verifier').selectOption('STRICT');
    const body = {
      enabled: true,
      keyStoreId: 'payments-client-ks',
      supportedProtocolList: ['TLS_1_3', 'TLS_1_2'],
      hostnameVerifierType: 'STRICT',
    };
    expect(await pm.previewBody()).toEqual(body);
    await pm.submit.click();
    await expect(pm.success).toContainText('the mTLS settings of PaymentsAPI in Payments were updated');
    const sent = await patches();
    expect(sent).toHaveLength(1);
    expect(sent[0].path).toBe('/apiops/projects/Payments/apiProxies/PaymentsAPI/settings/mtls/');
    expect(sent[0].body).toEqual(body);
    expect(sent[0].status).toBe(200);

    // A later change sends only what changes.
    await pm.field('pm-enabled-unchanged').check();
    await pm.field('pm-key-store').fill('');
    await pm.field('pm-protocols-unchanged').check();
    await pm.field('pm-verifier').selectOption('DEFAULT');
    expect(await pm.previewBody()).toEqual({ hostnameVerifierType: 'DEFAULT' });
    await pm.submit.click();
    await expect(pm.success).toContainText('hostname verifier DEFAULT');
    expect((await patches())[1].body).toEqual({ hostnameVerifierType: 'DEFAULT' });
  });

  test('user name and password are exchanged for a token and not kept', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    const creds = (await demo.credentials()).apinizer;
    await page.getByTestId('apinizer-user').fill(creds.clientId);
    await page.getByTestId('apinizer-password').fill(creds.clientSecret);
    await page.getByTestId('apinizer-get-token').click();
    await expect(page.getByTestId('apinizer-token-holder')).toHaveText(creds.clientId);
    await expect(page.getByTestId('apinizer-password')).toHaveValue('');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(creds.clientSecret);
  });

  test('a wrong password is refused in words and cleared; the user name stays', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    const creds = (await demo.credentials()).apinizer;
    await page.getByTestId('apinizer-user').fill(creds.clientId);
    await page.getByTestId('apinizer-password').fill('not-the-password');
    await page.getByTestId('apinizer-get-token').click();
    const problem = page.getByTestId('apinizer-token-outcome-problem');
    await expect(problem).toContainText('The user name or password was refused', { timeout: 1_000 });
    await expect(page.getByTestId('apinizer-password')).toHaveValue('');
    await expect(page.getByTestId('apinizer-user')).toHaveValue(creds.clientId);
    await expect(page.getByTestId('apinizer-token-holder')).toHaveCount(0);
  });

  test('enabling without a keystore is stopped in the page', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.target('Payments', 'PaymentsAPI');
    await pm.field('pm-enabled-true').check();
    await pm.submit.click();
    await expect(page.getByText('A keystore is required when enabling mTLS')).toBeVisible();
    expect(await patches()).toHaveLength(0);
  });

  test('NOOP, legacy protocols and all protocols need a confirmation', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.target('Payments', 'RefundsAPI');
    await pm.field('pm-verifier').selectOption('NOOP');
    await expect(pm.field('pm-verifier-help')).toContainText('not recommended for production');
    await pm.protocolsOnly('TLS_1_2', 'TLS_1_0');
    await pm.submit.click();
    await expect(pm.field('pm-verifier-error')).toContainText('NOOP turns hostname verification off');
    await expect(pm.field('pm-protocols-error')).toContainText('deprecated');
    expect(await patches()).toHaveLength(0);
    await pm.field('pm-confirm-noop').check();
    await pm.field('pm-confirm-legacy').check();
    await pm.submit.click();
    await expect(pm.success).toBeVisible();
    expect((await patches())[0].body).toEqual({ supportedProtocolList: ['TLS_1_2', 'TLS_1_0'], hostnameVerifierType: 'NOOP' });

    await pm.field('pm-verifier').selectOption('unchanged');
    await pm.field('pm-protocols-all').check();
    expect(await pm.previewBody()).toEqual({ supportedProtocolList: [] });
    await pm.submit.click();
    await expect(pm.field('pm-protocols-error')).toContainText('allows every protocol');
    await pm.field('pm-confirm-all').check();
    await pm.submit.click();
    await expect(pm.success).toContainText('all protocols');
    expect((await patches())[1].body).toEqual({ supportedProtocolList: [] });
  });

  test('401 from the backend asks for a new token and keeps the form', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken('not-a-valid-token');
    await pm.target('Payments', 'PaymentsAPI');
    await pm.field('pm-verifier').selectOption('STRICT');
    await pm.submit.click();
    await expect(pm.problem).toContainText('HTTP 401');
    await expect(pm.problem).toContainText('Invalid token');
    await expect(pm.field('pm-project')).toHaveValue('Payments');
    await expect(pm.field('pm-verifier')).toHaveValue('STRICT');
    // A new token on the same page, and the same form goes through.
    await pm.connectWithToken(token);
    await pm.submit.click();
    await expect(pm.success).toBeVisible();
  });

  test('404 for an unknown proxy shows the backend message', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.target('Payments', 'NoSuchAPI');
    await pm.field('pm-enabled-false').check();
    await pm.submit.click();
    await expect(pm.problem).toContainText('HTTP 404');
    await expect(pm.problem).toContainText('ApiProxy (name: NoSuchAPI) was not found!');
    await expect(pm.field('pm-proxy')).toHaveValue('NoSuchAPI');
  });

  for (const fault of [
    { name: '500', rule: { status: 500 }, words: 'HTTP 500' },
    { name: 'malformed body', rule: { malformed: true }, words: "not Apinizer's JSON" },
    { name: 'hanging backend', rule: { delay_ms: 5000, status: 500 }, words: 'No answer in time' },
  ]) {
    test(`${fault.name} keeps every value and says what happened`, async ({ page }) => {
      const pm = new ProxyMtlsPage(page);
      await pm.open();
      await page.evaluate(() => localStorage.setItem('mtls-portal.request-timeout-ms', '1500'));
      await pm.connectWithToken(token);
      await pm.target('Partners', 'PartnerOrders');
      await pm.field('pm-enabled-true').check();
      await pm.field('pm-key-store').fill('partners-client-ks');
      await pm.field('pm-trust-store').fill('partners-client-ks');
      await pm.protocolsOnly('TLS_1_3');
      const before = await pm.previewBody();
      await demo.fault({ backend: 'apinizer', ...fault.rule });
      await pm.submit.click();
      await expect(pm.problem).toContainText(fault.words);
      await expect(pm.submit).toBeEnabled();
      expect(await pm.previewBody()).toEqual(before);
      await expect(pm.field('pm-key-store')).toHaveValue('partners-client-ks');
      await expect(pm.field('pm-trust-store')).toHaveValue('partners-client-ks');
      await expect(pm.field('pm-protocol-TLS_1_3')).toBeChecked();
    });
  }

  test('by default nothing in local storage, and no token in the history', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.target('Payments', 'PaymentsAPI');
    await pm.field('pm-verifier').selectOption('DEFAULT');
    await pm.submit.click();
    await expect(pm.success).toBeVisible();
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(local).not.toContain(token);
    expect(local).not.toContain('/settings/mtls/');
    const session = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    expect(session).toContain(token);
    const history = await page.evaluate(() => sessionStorage.getItem('mtls-portal.history'));
    expect(history).toContain('/settings/mtls/');
    expect(history).not.toContain(token);
  });

  test('copy as cURL shows a placeholder, not the token', async ({ page }) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.target('Payments', 'PaymentsAPI');
    await pm.field('pm-verifier').selectOption('STRICT');
    await page.locator('.copy-curl summary').first().click();
    const curl = page.locator('[data-testid^="pm-curl"]').first();
    await expect(curl).toContainText('$TOKEN');
    await expect(curl).not.toContainText(token);
  });

  test('proxy mTLS screenshot', async ({ page }, testInfo) => {
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await pm.connectWithToken(token);
    await pm.target('Payments', 'PaymentsAPI');
    await pm.field('pm-enabled-true').check();
    await pm.field('pm-key-store').fill('payments-client-ks');
    await pm.protocolsOnly('TLS_1_3', 'TLS_1_2');
    await pm.field('pm-verifier').selectOption('STRICT');
    const shot = await page.screenshot({ fullPage: true, path: 'artifacts/proxy-mtls.png' });
    await testInfo.attach('proxy-mtls', { body: shot, contentType: 'image/png' });
  });
});
