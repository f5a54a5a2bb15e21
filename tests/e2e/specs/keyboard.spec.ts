import { expect, test, type Locator, type Page } from '@playwright/test';
import { CertificatesPage, pemBlocks, fixture, FIXTURES } from '../pages/certificates';
import { DemoControl } from '../pages/demo-control';
import { Portal } from '../pages/portal';
import { ProxyMtlsPage } from '../pages/proxy-mtls';
import { VirtualHostsPage } from '../pages/virtual-hosts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every step below goes through the keyboard: Tab to reach a control (never a click or focus()),
// then typing, Space or Enter. A control Tab cannot reach within the budget fails the test.

const TAB_BUDGET = 250;

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement).catch(() => false);
}

/** Presses Tab until `target` has the focus. */
async function tabTo(page: Page, target: Locator) {
  await expect(target).toBeAttached();
  for (let i = 0; i < TAB_BUDGET; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Long secrets arrive as one text input, as a paste would; short values key by key.
  if (text.length > 40) await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
}

async function press(page: Page, target: Locator, key: 'Enter' | ' ') {
  await tabTo(page, target);
  await page.keyboard.press(key === ' ' ? 'Space' : key);
}

/** Checks a checkbox with Space, or chooses a radio button as a keyboard does: Tab reaches the
 *  group once, the arrow keys move the choice within it. */
async function check(page: Page, box: Locator) {
  const radioGroup = await box.evaluate((el) => (el as HTMLInputElement).type === 'radio' ? (el as HTMLInputElement).name : null);
  if (radioGroup === null) {
    await press(page, box, ' ');
  } else {
    const inGroup = () =>
      page.evaluate(
        (name) => (document.activeElement as HTMLInputElement | null)?.name === name,
        radioGroup,
      );
    for (let i = 0; i < TAB_BUDGET && !(await inGroup()); i++) await page.keyboard.press('Tab');
    expect(await inGroup(), `Tab reaches the ${radioGroup} group`).toBe(true);
    for (let i = 0; i < 10 && !(await box.isChecked()); i++) await page.keyboard.press('ArrowDown');
  }
  await expect(box).toBeChecked();
}

/** Chooses an option of a focused <select> with the arrow keys. */
async function chooseOption(page: Page, select: Locator, value: string) {
  await tabTo(page, select);
  await page.keyboard.press('Home');
  for (let i = 0; i < 20 && (await select.inputValue()) !== value; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(select).toHaveValue(value);
}

test.describe('keyboard alone', () => {
  let demo: DemoControl;

  test.beforeEach(async ({ request }) => {
    demo = new DemoControl(request);
    await demo.reset();
  });

  test('the skip link moves the focus into the main content', async ({ page }) => {
    const portal = new Portal(page);
    await portal.open('/certificates');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(portal.main).toBeFocused();
    await expect(page).toHaveURL(/\/certificates/);
    // The next Tab lands in the page's content, not in the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
  });

  test('virtual host: connect, create, update and delete with its confirmations', async ({ page }) => {
    test.setTimeout(90_000);
    const vh = new VirtualHostsPage(page);
    await vh.open();
    await typeInto(page, page.getByTestId('sap-service-key'), await demo.sapServiceKey());
    await press(page, page.getByTestId('sap-get-token'), 'Enter');
    await expect(page.getByTestId('sap-token-holder')).toBeVisible();
    await vh.waitForList();

    await typeInto(page, vh.field('vh-virtual-host-url'), 'partner-b2b');
    await typeInto(page, vh.field('vh-trust-store'), 'ref://partner-truststore-ref');
    await press(page, vh.submit, 'Enter');
    await expect(vh.result).toContainText('Virtual host created.');
    await expect(vh.row('partner-b2b')).toBeVisible();

    await press(page, vh.row('partner-b2b').getByTestId('vh-edit'), 'Enter');
    await expect(vh.field('vh-virtual-host-url')).toHaveValue('partner-b2b');
    await typeInto(page, vh.field('vh-trust-store'), 'legacy-truststore');
    await press(page, vh.submit, 'Enter');
    await expect(vh.result).toContainText('Virtual host updated.');
    await expect(vh.row('partner-b2b').getByTestId('vh-cell-trust-store')).toHaveText('legacy-truststore');

    await press(page, vh.row('partner-b2b').getByTestId('vh-delete'), 'Enter');
    for (let i = 0; i < 4; i++) await check(page, page.getByTestId(`vh-delete-condition-${i}`));
    await typeInto(page, page.getByTestId('vh-delete-confirm'), 'partner-b2b');
    const remove = page.getByTestId('vh-delete-submit');
    await expect(remove).toBeEnabled();
    await press(page, remove, 'Enter');
    await expect(page.getByTestId('vh-result').last()).toContainText('Virtual host deleted.');
    await expect(vh.row('partner-b2b')).toHaveCount(0);

    const sent = (await demo.requests()).filter((r) => r.path.endsWith('/VirtualHostRequests'));
    expect(sent.map((r) => (r.body as { operation: string }).operation)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
  });

  test('proxy mTLS: NOOP, legacy protocols and all protocols confirmed', async ({ page }) => {
    test.setTimeout(90_000);
    const token = (await demo.credentials()).apinizer.personalApiToken;
    const patches = async () =>
      (await demo.requests()).filter((r) => r.method === 'PATCH' && r.path.includes('/settings/mtls'));
    const pm = new ProxyMtlsPage(page);
    await pm.open();
    await typeInto(page, page.getByTestId('apinizer-personal-token'), token);
    await press(page, page.getByTestId('apinizer-use-token'), 'Enter');
    await expect(page.getByTestId('apinizer-token-holder')).toBeVisible();

    await typeInto(page, pm.field('pm-project'), 'Payments');
    await typeInto(page, pm.field('pm-proxy'), 'RefundsAPI');
    await chooseOption(page, pm.field('pm-verifier'), 'NOOP');
    await check(page, pm.field('pm-protocols-only'));
    for (const p of ['TLS_1_3', 'TLS_1_2', 'TLS_1_1', 'TLS_1_0', 'SSL_3_0']) {
      const box = pm.field(`pm-protocol-${p}`);
      if ((await box.isChecked()) !== ['TLS_1_2', 'TLS_1_0'].includes(p)) await press(page, box, ' ');
    }
    await press(page, pm.submit, 'Enter');
    await expect(pm.field('pm-verifier-error')).toContainText('NOOP turns hostname verification off');
    await check(page, pm.field('pm-confirm-noop'));
    await check(page, pm.field('pm-confirm-legacy'));
    await press(page, pm.submit, 'Enter');
    await expect(pm.success).toBeVisible();
    expect((await patches())[0].body).toEqual({ supportedProtocolList: ['TLS_1_2', 'TLS_1_0'], hostnameVerifierType: 'NOOP' });

    await chooseOption(page, pm.field('pm-verifier'), 'unchanged');
    await check(page, pm.field('pm-protocols-all'));
    await press(page, pm.submit, 'Enter');
    await expect(pm.field('pm-protocols-error')).toContainText('allows every protocol');
    await check(page, pm.field('pm-confirm-all'));
    await press(page, pm.submit, 'Enter');
    await expect(pm.success).toContainText('all protocols');
    expect((await patches())[1].body).toEqual({ supportedProtocolList: [] });
  });

  test('certificates: choose a file, read the report, open a card and take the fixed chain', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    await tabTo(page, certificates.fileInput);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(join(FIXTURES, 'chain-reversed.pem'));
    await certificates.expectVerdict('warning');
    await expect(page.getByTestId('fix-changes')).toHaveText('Fixed chain: reordered leaf → root.');

    const card = page.getByTestId('certificate-card').first();
    await press(page, card.locator('summary'), 'Enter');
    await expect(card).toHaveAttribute('open', '');

    await tabTo(page, page.getByTestId('download-fixed'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const fixed = readFileSync(await download.path(), 'utf8');
    expect(pemBlocks(fixed)).toEqual([...pemBlocks(fixture('chain-reversed.pem').toString())].reverse());
  });
});
