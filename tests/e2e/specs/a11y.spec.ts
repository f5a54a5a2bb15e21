import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { CertificatesPage } from '../pages/certificates';
import { DemoControl } from '../pages/demo-control';
import { Portal } from '../pages/portal';
import { ProxyMtlsPage } from '../pages/proxy-mtls';
import { VirtualHostsPage } from '../pages/virtual-hosts';

// WCAG 2.1 A and AA, the level OWASP ASVS and most accessibility policies point to.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Serious and critical violations on the page as it is now, one line each, for a readable diff. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('every page, with both connections made and a report open, has no serious or critical violation', async ({
      page,
      request,
    }) => {
      test.setTimeout(90_000);
      const demo = new DemoControl(request);
      await demo.reset();
      const apinizerToken = (await demo.credentials()).apinizer.personalApiToken;
      const portal = new Portal(page);
      const found: Record<string, string[]> = {};

      await portal.open('/');
      found['/'] = await seriousViolations(page);

      // Connections are kept while the app stays loaded: move between pages by the navigation.
      await portal.link('Virtual hosts').click();
      const vh = new VirtualHostsPage(page);
      await vh.connect(await demo.sapServiceKey());
      // With the delete panel and its conditions open under the list.
      await vh.row('partner-api').getByTestId('vh-delete').click();
      await expect(page.getByTestId('vh-delete-confirm')).toBeVisible();
      found['/virtual-hosts'] = await seriousViolations(page);

      await portal.link('Proxy mTLS').click();
      const pm = new ProxyMtlsPage(page);
      await pm.connectWithToken(apinizerToken);
      await pm.field('pm-project').fill('Payments');
      await pm.field('pm-load').click();
      await expect(page.locator('#pm-proxies option')).toHaveCount(2);
      found['/proxy-mtls'] = await seriousViolations(page);

      await portal.link('Certificates').click();
      const certificates = new CertificatesPage(page);
      // A report with every kind of block: the key alarm, the fix and its limit, each severity.
      await certificates.upload('chain-reversed.pem', 'sha1.pem', 'chain-with-key.pem');
      await expect(certificates.verdict).toBeVisible();
      // Open every certificate card so its fields are in the page.
      for (const summary of await page.locator('[data-testid=certificate-card] summary').all()) {
        await summary.click();
      }
      found['/certificates'] = await seriousViolations(page);

      await portal.link('Connections').click();
      await expect(portal.heading()).toHaveText('Connections');
      found['/connections'] = await seriousViolations(page);

      await portal.link('Overview').click();
      await expect(portal.heading()).toHaveText('Mutual TLS for your API gateways');
      found['/ (connected)'] = await seriousViolations(page);

      await portal.open('/no-such-page');
      await expect(portal.heading()).toBeVisible();
      found['404'] = await seriousViolations(page);

      expect(found).toEqual({
        '/': [],
        '/virtual-hosts': [],
        '/proxy-mtls': [],
        '/certificates': [],
        '/connections': [],
        '/ (connected)': [],
        '404': [],
      });
    });
  });
}
