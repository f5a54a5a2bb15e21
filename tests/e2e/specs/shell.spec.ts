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
