import { expect, test } from '@playwright/test';
import { DemoControl, VirtualHostsPage } from '../pages/virtual-hosts';

const DOMAIN = 'demo-subaccount.apimanagement.eu10.hana.ondemand.com';

test.describe('SAP virtual hosts', () => {
  let demo: DemoControl;

  test.beforeEach(async ({ request }) => {
    demo = new DemoControl(request);
    await demo.reset();
  });

  test('connect with the service key, create, update and delete a virtual host', async ({ page }) => {
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    await expect(page.getByTestId('sap-token-holder')).toHaveText('sb-demo-apiaccess!b1|api-portal-xsuaa!b2');
    await expect(page.getByTestId('sap-token-expiry')).toContainText('UTC');
    // The secret leaves the page once used.
    await expect(page.getByTestId('sap-service-key')).toHaveValue('');
    for (const alias of ['demo-subaccount', 'prod-apis', 'partner-api', 'sandbox']) {
      await expect(vh.row(alias)).toBeVisible();
    }
    await expect(vh.field('vh-account-id')).toHaveValue('demo-subaccount');

    // Create
    await vh.fill({ alias: 'partner-b2b', trustStore: 'ref://partner-truststore-ref' });
    await expect(vh.preview).toHaveText(
      JSON.stringify(
        {
          accountId: 'demo-subaccount',
          virtualHostUrl: 'partner-b2b',
          isDefaultVirtualHostRequest: false,
          isClientAuthEnabled: true,
          trustStore: 'ref://partner-truststore-ref',
          operation: 'CREATE',
        },
        null,
        2,
      ),
    );
    await vh.submit.click();
    await expect(vh.result).toContainText('Virtual host created.');
    await expect(page.getByTestId('vh-result-status')).toHaveText('COMPLETE');
    await expect(page.getByTestId('vh-result-host')).toHaveText(`partner-b2b.${DOMAIN}`);
    await expect(page.getByTestId('vh-result-client-auth')).toHaveText('yes');
    const created = vh.row('partner-b2b');
    await expect(created).toBeVisible();
    await expect(created.getByTestId('vh-cell-trust-store')).toHaveText('ref://partner-truststore-ref');
    await expect(created.getByTestId('vh-cell-client-auth')).toHaveText('yes');
    const id = (await page.getByTestId('vh-result-id').textContent())?.trim() ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // Update, prefilled from the row
    await created.getByTestId('vh-edit').click();
    await expect(page.getByTestId('vh-editing')).toContainText(id);
    await expect(vh.field('vh-virtual-host-url')).toHaveValue('partner-b2b');
    await expect(vh.field('vh-trust-store')).toHaveValue('ref://partner-truststore-ref');
    await vh.fill({ trustStore: 'legacy-truststore' });
    await expect(vh.preview).toContainText(`"virtualHostId": "${id}"`);
    await expect(vh.preview).toContainText('"operation": "UPDATE"');
    await expect(vh.submit).toHaveText('Update virtual host');
    await vh.submit.click();
    await expect(vh.result).toContainText('Virtual host updated.');
    await expect(page.getByTestId('vh-redeploy-notice')).toContainText('redeployed and republished');
    await expect(vh.row('partner-b2b').getByTestId('vh-cell-trust-store')).toHaveText('legacy-truststore');

    // The default host cannot be deleted from the page
    await vh.row('demo-subaccount').getByTestId('vh-delete').click();
    await expect(page.getByTestId('vh-delete-refused')).toContainText('default virtual host');
    await expect(page.getByTestId('vh-delete-submit')).toHaveCount(0);

    // Delete: four conditions, then the alias typed
    await vh.row('partner-b2b').getByTestId('vh-delete').click();
    const remove = page.getByTestId('vh-delete-submit');
    await expect(remove).toBeDisabled();
    for (let i = 0; i < 4; i++) await page.getByTestId(`vh-delete-condition-${i}`).check();
    await expect(remove).toBeDisabled();
    await page.getByTestId('vh-delete-confirm').fill('partner-b2');
    await expect(remove).toBeDisabled();
    await page.getByTestId('vh-delete-confirm').fill('partner-b2b');
    await expect(page.getByTestId('vh-delete-preview')).toHaveText(
      JSON.stringify({ virtualHostId: id, operation: 'DELETE' }, null, 2),
    );
    await remove.click();
    await expect(page.getByTestId('vh-result').last()).toContainText('Virtual host deleted.');
    await expect(vh.row('partner-b2b')).toHaveCount(0);

    const sent = (await demo.requests()).filter((r) => r.path.endsWith('/VirtualHostRequests'));
    expect(sent.map((r) => (r.body as { operation: string }).operation)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    expect(sent[2].body).toEqual({ virtualHostId: id, operation: 'DELETE' });
    expect(sent.every((r) => r.status === 201)).toBeTruthy();
  });

  test('every validation message shows at its field and nothing is sent', async ({ page }) => {
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    await vh.fill({ account: '' });
    await vh.submit.click();
    await expect(vh.error('vh-account-id')).toHaveText('Give the subdomain of your subaccount (accountId).');
    await expect(vh.error('vh-virtual-host-url')).toHaveText('Give the alias, e.g. prod-apis.');
    await expect(vh.error('vh-trust-store')).toContainText('Client authentication needs a truststore');
    await expect(vh.field('vh-virtual-host-url')).toHaveAttribute('aria-invalid', 'true');

    const alias = vh.error('vh-virtual-host-url');
    const cases: Array<[string, string]> = [
      ['-edge', 'The alias must not start or end with a hyphen.'],
      ['edge-', 'The alias must not start or end with a hyphen.'],
      ['a_b', 'Only letters, digits and hyphens are allowed; “_” is not.'],
      ['a b', 'Only letters, digits and hyphens are allowed; a space is not.'],
      ['x'.repeat(64), 'The alias has 64 characters; at most 63 are allowed.'],
      ['api.example.com', 'tick “custom domain”'],
    ];
    for (const [value, message] of cases) {
      await vh.fill({ alias: value });
      await expect(alias).toContainText(message);
    }
    await vh.fill({ account: 'bad_sub', alias: 'ok-alias', trustStore: 'ref://' });
    await expect(vh.error('vh-account-id')).toContainText('Not a subaccount subdomain');
    await expect(alias).toHaveCount(0);
    await expect(vh.error('vh-trust-store')).toContainText('After ref:// give the name');
    await vh.fill({ trustStore: 'https://store' });
    await expect(vh.error('vh-trust-store')).toContainText('ref://<reference name> or as the truststore');
    await vh.fill({ trustStore: 'two words', keyStore: 'ref://' });
    await expect(vh.error('vh-trust-store')).toContainText('no spaces or slashes');
    await expect(vh.error('vh-key-store')).toContainText('After ref:// give the name');

    // Custom domain
    await vh.field('vh-custom-domain').check();
    await vh.fill({ account: 'demo-subaccount', alias: 'api', keyStore: '' });
    await expect(alias).toContainText('full host name with its domain');
    await expect(vh.error('vh-key-store')).toContainText('A custom domain needs the keystore');
    await expect(vh.error('vh-key-store-alias')).toHaveText('Give the alias of the key in the keystore (keyStoreAlias).');
    await vh.fill({ alias: 'https://api.example.com' });
    await expect(alias).toContainText('without https://');
    await vh.fill({ alias: 'api..example.com' });
    await expect(alias).toContainText('empty part');

    // Still nothing sent: the form never left the page.
    const sent = (await demo.requests()).filter((r) => r.path.endsWith('/VirtualHostRequests'));
    expect(sent).toEqual([]);
    // The typed values are all still there.
    await expect(vh.field('vh-virtual-host-url')).toHaveValue('api..example.com');
    await expect(vh.field('vh-trust-store')).toHaveValue('two words');
  });

  test('a custom domain answer shows the DNS target', async ({ page }) => {
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    await vh.field('vh-custom-domain').check();
    await vh.field('vh-client-auth').uncheck();
    await vh.fill({ alias: 'api.example.com', keyStore: 'demo-keystore' });
    await vh.field('vh-key-store-alias').fill('api-example-key');
    await expect(vh.preview).toContainText('"isForCustomDomain": true');
    await expect(vh.preview).toContainText('"keyStoreName": "demo-keystore"');
    await vh.submit.click();
    await expect(page.getByTestId('vh-dns-hint')).toContainText(`CNAME record from api.example.com to ${DOMAIN}`);
  });

  const failures = [
    {
      name: '400 from SAP (duplicate alias)',
      fault: null,
      alias: 'sandbox',
      expect: ['HTTP 400 · VHR_VIRTUALHOST_ALIAS_ALREADY_EXISTS', 'already exists'],
    },
    { name: '401', fault: { backend: 'sap' as const, status: 401 }, alias: 'b2b-one', expect: ['HTTP 401', 'Get a new token'] },
    { name: '500', fault: { backend: 'sap' as const, status: 500 }, alias: 'b2b-two', expect: ['HTTP 500 · INTERNAL_SERVER_ERROR', 'failed'] },
    {
      name: 'a malformed body',
      fault: { backend: 'sap' as const, malformed: true, status: 502 },
      alias: 'b2b-three',
      expect: ['HTTP 502', 'HTML page (“Application Error”)'],
    },
  ];
  for (const failure of failures) {
    test(`${failure.name} leaves the typed values and says what happened`, async ({ page }) => {
      const vh = new VirtualHostsPage(page);
      await vh.open();
      await vh.connect(await demo.sapServiceKey());
      await vh.fill({ alias: failure.alias, trustStore: 'legacy-truststore', keyStore: 'demo-keystore' });
      if (failure.fault) await demo.fault(failure.fault);
      await vh.submit.click();
      for (const text of failure.expect) await expect(vh.problem).toContainText(text);
      await expect(vh.field('vh-virtual-host-url')).toHaveValue(failure.alias);
      await expect(vh.field('vh-trust-store')).toHaveValue('legacy-truststore');
      await expect(vh.field('vh-key-store')).toHaveValue('demo-keystore');
      await expect(vh.field('vh-account-id')).toHaveValue('demo-subaccount');
      await expect(vh.submit).toBeEnabled();
      await expect(vh.result).toHaveCount(0);
      if (failure.fault?.status === 401) {
        // The way to a new token stays on this page, so the form is not lost.
        await vh.problem.getByRole('link', { name: 'Get a new token' }).click();
        await expect(page).toHaveURL(/\/virtual-hosts/);
        await expect(page.getByTestId('sap-get-token')).toBeVisible();
        await expect(vh.field('vh-virtual-host-url')).toHaveValue(failure.alias);
      }
    });
  }

  test('a hanging backend times out with the values kept and the button blocked meanwhile', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('mtls-portal.request-timeout-ms', '1500'));
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    await vh.fill({ alias: 'slow-one', trustStore: 'ref://partner-truststore-ref' });
    await demo.fault({ backend: 'sap', delay_ms: 4000, status: 500 });
    await vh.submit.click();
    await expect(vh.submit).toBeDisabled();
    await expect(vh.submit).toHaveText('Creating…');
    await expect(vh.problem).toContainText('No answer in time');
    await expect(vh.problem).toContainText('within 1 s');
    await expect(vh.submit).toBeEnabled();
    await expect(vh.field('vh-virtual-host-url')).toHaveValue('slow-one');
    await expect(vh.field('vh-trust-store')).toHaveValue('ref://partner-truststore-ref');
  });

  test('the list loads with a retry after a failure', async ({ page }) => {
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    await demo.fault({ backend: 'sap', status: 503 });
    await page.getByTestId('vh-refresh').click();
    await expect(page.getByTestId('vh-list-problem')).toContainText('HTTP 503');
    await page.getByTestId('vh-retry').click();
    await expect(page.getByTestId('vh-list-problem')).toHaveCount(0);
    await expect(vh.row('prod-apis')).toBeVisible();
  });

  test('no token in local storage or in the history by default', async ({ page }) => {
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    await vh.fill({ alias: 'history-check', trustStore: 'legacy-truststore' });
    await vh.submit.click();
    await expect(vh.result).toContainText('Virtual host created.');

    const stored = await page.evaluate(() => ({
      local: Object.fromEntries(Object.entries(localStorage)),
      session: Object.fromEntries(Object.entries(sessionStorage)),
    }));
    const session = JSON.parse(stored.session['mtls-portal.session.sap']);
    const token: string = session.token;
    expect(token.length).toBeGreaterThan(20);
    expect(session.remembered).toBe(false);
    const local = JSON.stringify(stored.local);
    expect(local).not.toContain(token);
    expect(local).not.toContain('demo-client-secret');
    expect(JSON.stringify(stored.session)).not.toContain('demo-client-secret');

    // Copy as cURL: a placeholder unless the token is asked for.
    await page.getByTestId('vh-curl').locator('summary').click();
    const command = page.getByTestId('vh-curl-command');
    await expect(command).toContainText('-H "Authorization: Bearer $TOKEN"');
    await expect(command).toContainText('/apiportal/operations/1.0/Configuration.svc/VirtualHostRequests');
    await expect(command).toContainText('"virtualHostUrl": "history-check"');
    expect(await command.textContent()).not.toContain(token);
    await page.getByTestId('vh-curl-with-token').check();
    await expect(command).toContainText(`Authorization: Bearer ${token}`);

    // The history shows the calls, without the token.
    await page.goto('/connections');
    const history = page.getByTestId('request-history');
    await expect(history.getByTestId('history-entry').first()).toBeVisible();
    await expect(history).toContainText('/oauth/token');
    await expect(history).toContainText('Configuration.svc/VirtualHostRequests');
    const text = (await history.innerHTML()) + JSON.stringify(await page.evaluate(() => localStorage.getItem('mtls-portal.history')));
    expect(text).not.toContain(token);
    await page.getByTestId('history-clear').click();
    await expect(page.getByTestId('history-empty')).toBeVisible();

    // Signing out forgets the token.
    await page.getByTestId('sap-sign-out').click();
    expect(await page.evaluate(() => sessionStorage.getItem('mtls-portal.session.sap'))).toBeNull();
  });

  test('a wrong client secret is refused in words within a second, and the key leaves the form', async ({
    page,
  }) => {
    const vh = new VirtualHostsPage(page);
    await vh.open();
    const key = JSON.parse(await demo.sapServiceKey());
    key.clientSecret = 'not-the-demo-secret';
    await page.getByTestId('sap-service-key').fill(JSON.stringify(key, null, 2));
    await page.getByTestId('sap-get-token').click();
    // The demo answers 401 with XSUAA's Basic challenge at once: no browser login prompt may
    // hold it, and no 20 s time limit may be what the user sees.
    const problem = page.getByTestId('sap-token-outcome-problem');
    await expect(problem).toContainText('The client id or secret was refused', { timeout: 1_000 });
    await expect(problem).toContainText('HTTP 401');
    await expect(problem).not.toContainText('No answer');
    await expect(page.getByTestId('sap-service-key')).toHaveValue('');
    await expect(page.getByTestId('sap-token-holder')).toHaveCount(0);
    expect(await page.content()).not.toContain('not-the-demo-secret');
  });

  test('a list with malformed dates renders every row, the dates unreadable', async ({ page }) => {
    // A tenant's list with a broken OData date on two rows (the demo's own dates are sound).
    await page.route('**/Management.svc/VirtualHosts', async (route) => {
      const answer = await route.fetch();
      const body = await answer.json();
      body.d.results[0].life_cycle.changed_at = '/Date()/';
      body.d.results[1].life_cycle.changed_at = '/Date(é)/';
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    });
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    const changed = page.getByTestId('vh-cell-changed');
    await expect(changed).toHaveCount(6);
    await expect(changed.nth(0)).toHaveText('unreadable');
    await expect(changed.nth(1)).toHaveText('unreadable');
    await expect(changed.nth(2)).toContainText('UTC');
    await expect(changed.nth(3)).toContainText('UTC');
    await expect(page.getByTestId('vh-refresh')).toBeEnabled();
    await expect(page.getByTestId('panic-banner')).toHaveCount(0);
  });

  test('a tenant of 200 hosts: the first 50 in the table, every host reached by keyboard', async ({ page, request }) => {
    // The seed adds hosts to the demo tenant's own.
    const seeded = await (await request.post('/__demo/audit-seed', { data: { virtualHosts: 196, stores: 1 } })).json();
    const total: number = seeded.virtualHosts;
    expect(total).toBeGreaterThanOrEqual(196);
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    const rows = page.getByTestId('vh-row');
    await expect(rows).toHaveCount(50);
    const more = page.getByTestId('vh-show-more');
    await expect(more).toHaveText(`Show 50 more virtual hosts (${total - 50} not shown yet)`);
    await more.focus();
    await page.keyboard.press('Enter');
    await expect(rows).toHaveCount(100);
    await expect(more).toBeFocused();
    // The rest with the other button, reached with Tab.
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('vh-show-more-all')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(rows).toHaveCount(total);
    await expect(more).toHaveCount(0);
    // The focus is on the first row revealed, and the keyboard goes on into it.
    await expect(rows.nth(100)).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(rows.nth(100).getByTestId('vh-edit')).toBeFocused();
  });

  test('the request history stays in the tab unless "remember on this device" is ticked', async ({ page }) => {
    const history = () =>
      page.evaluate(() => ({
        session: sessionStorage.getItem('mtls-portal.history'),
        local: localStorage.getItem('mtls-portal.history'),
      }));
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await vh.connect(await demo.sapServiceKey());
    let kept = await history();
    expect(kept.local).toBeNull();
    expect(kept.session).toContain('Management.svc/VirtualHosts');
    // Tenant answers are kept with any secret-looking field removed: not the token itself.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('mtls-portal.session.sap') ?? '{}').token);
    expect(token).toBeTruthy();
    expect(kept.session).not.toContain(token);
    expect(kept.session).toContain('[removed]');

    await page.getByTestId('sap-sign-out').click();
    await page.getByTestId('sap-remember').check();
    await vh.connect(await demo.sapServiceKey());
    kept = await history();
    expect(kept.session).toBeNull();
    expect(kept.local).toContain('Management.svc/VirtualHosts');

    await page.getByTestId('sap-sign-out').click();
    await expect.poll(async () => (await history()).local).toBeNull();
    expect((await history()).session).toContain('/oauth/token');
  });

  test('a pasted bearer token, remembered on this device', async ({ page, request }) => {
    const credentials = await (await request.get('/__demo/credentials')).json();
    await page.goto('/connections');
    await page.getByTestId('sap-remember').check();
    await page.getByTestId('sap-bearer-token').fill(`Bearer ${credentials.sap.bearerToken}`);
    await page.getByTestId('sap-use-token').click();
    await expect(page.getByTestId('sap-token-expiry')).toContainText('2100-01-01');
    const local = await page.evaluate(() => localStorage.getItem('mtls-portal.session.sap'));
    expect(local).toContain(credentials.sap.bearerToken);
    await page.getByTestId('sap-sign-out').click();
    expect(await page.evaluate(() => localStorage.getItem('mtls-portal.session.sap'))).toBeNull();
  });
});

test('virtual hosts screenshot', async ({ page, request }, testInfo) => {
  const demo = new DemoControl(request);
  await demo.reset();
  const vh = new VirtualHostsPage(page);
  await vh.open();
  await vh.connect(await demo.sapServiceKey());
  await expect(vh.row('prod-apis')).toBeVisible();
  await vh.fill({ alias: 'partner-b2b', trustStore: 'ref://partner-truststore-ref' });
  const shot = await page.screenshot({ fullPage: true, path: 'artifacts/virtual-hosts.png' });
  await testInfo.attach('virtual-hosts', { body: shot, contentType: 'image/png' });
});
