import { expect, test } from '@playwright/test';
import { Portal, ROUTES } from '../pages/portal';

test.describe('portal shell', () => {
  test('each navigation link opens its page and marks itself current', async ({ page }) => {
    const portal = new Portal(page);
    await portal.open('/');
    // Walk the links in reverse so every click changes the page.
    for (const route of [...ROUTES].reverse()) {
      await portal.link(route.label).click();
      await expect(page).toHaveURL(route.path);
      await expect(portal.heading()).toHaveText(route.heading);
      await expect(portal.link(route.label)).toHaveAttribute('aria-current', 'page');
      for (const other of ROUTES.filter((r) => r.path !== route.path)) {
        await expect(portal.link(other.label)).not.toHaveAttribute('aria-current', 'page');
      }
    }
  });

  for (const route of ROUTES) {
    test(`deep link to ${route.path} survives a reload`, async ({ page }) => {
      const portal = new Portal(page);
      await portal.open(route.path);
      await expect(portal.heading()).toHaveText(route.heading);
      await page.reload();
      await expect(portal.heading()).toHaveText(route.heading);
      await expect(page).toHaveURL(route.path);
    });
  }

  test('the overview loads no page chunk; a page fetches its own on first visit', async ({ page }) => {
    const wasm: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
    });
    const portal = new Portal(page);
    await portal.open('/');
    await expect(portal.heading()).toHaveText(ROUTES[0].heading);
    expect(wasm.filter((p) => p.includes('/split_'))).toEqual([]);
    await portal.link('Certificates').click();
    await expect(portal.heading()).toHaveText('Certificates');
    expect(wasm.filter((p) => p.includes('/split_')).map((p) => p.split('/').pop())).toEqual([
      'split_certificates.wasm',
    ]);
  });

  test('a page whose code cannot be fetched says so; the rest of the portal keeps working', async ({
    page,
  }) => {
    const chunk = '**/split_certificates.wasm';
    await page.route(chunk, (route) => route.abort('connectionrefused'));
    const portal = new Portal(page);
    await portal.open('/');
    await portal.link('Certificates').click();
    await expect(portal.heading()).toHaveText('This page did not load');
    await expect(page.getByTestId('page-load-error')).toContainText('Check that the server is running');
    // Another page still opens, and the failed one loads on the next visit.
    await portal.link('Virtual hosts').click();
    await expect(portal.heading()).toHaveText('Virtual hosts');
    await page.unroute(chunk);
    await portal.link('Certificates').click();
    await expect(portal.heading()).toHaveText('Certificates');
  });

  test('a slow page load shows progress and marks the main area busy', async ({ page }) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/split_connections.wasm', async (route) => {
      await held;
      await route.continue();
    });
    const portal = new Portal(page);
    await portal.open('/');
    await portal.link('Connections').click();
    await expect(page.locator('.route-progress')).toBeVisible();
    await expect(portal.main).toHaveAttribute('aria-busy', 'true');
    release();
    await expect(portal.heading()).toHaveText('Connections');
    await expect(page.locator('.route-progress')).toHaveCount(0);
    await expect(portal.main).toHaveAttribute('aria-busy', 'false');
  });

  test('"Try again" on a page that did not load reloads it', async ({ page }) => {
    const chunk = '**/split_proxy_mtls.wasm';
    await page.route(chunk, (route) => route.abort('connectionrefused'));
    const portal = new Portal(page);
    await portal.open('/proxy-mtls');
    await expect(portal.heading()).toHaveText('This page did not load');
    await page.unroute(chunk);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(portal.heading()).toHaveText('Proxy mTLS');
    await expect(page).toHaveURL('/proxy-mtls');
  });

  test('an unknown path shows the 404 page with a way back', async ({ page }) => {
    const portal = new Portal(page);
    await portal.open('/no/such/page');
    await expect(portal.heading()).toHaveText('Page not found');
    await expect(page.getByTestId('not-found')).toContainText('/no/such/page');
    await page.getByRole('link', { name: 'Go to the overview' }).click();
    await expect(page).toHaveURL('/');
    await expect(portal.heading()).toHaveText(ROUTES[0].heading);
  });

  test('an unknown API path is an API 404, not the app', async ({ request }) => {
    const response = await request.get('/apiportal/no-such-service');
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain('<!DOCTYPE html>');
  });

  test('the footer names the backends behind this server', async ({ page }) => {
    const portal = new Portal(page);
    await portal.open('/');
    await expect(page.getByTestId('backend-apiportal')).toHaveText('demo emulation on this server');
    await expect(page.getByTestId('backend-apiops')).toHaveText('demo emulation on this server');
  });

  test('overview screenshot', async ({ page }, testInfo) => {
    const portal = new Portal(page);
    await portal.open('/');
    await expect(page.getByTestId('backend-apiportal')).toHaveText('demo emulation on this server');
    const shot = await page.screenshot({ fullPage: true, path: 'artifacts/overview.png' });
    await testInfo.attach('overview', { body: shot, contentType: 'image/png' });
  });
});
