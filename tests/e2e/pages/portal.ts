import { expect, type Locator, type Page } from '@playwright/test';

/** The portal's shell: navigation, main area, footer. */
export class Portal {
  readonly nav: Locator;
  readonly main: Locator;
  readonly footer: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.main = page.locator('main');
    this.footer = page.locator('footer');
  }

  /** Opens `path` and waits until the wasm app has rendered its shell. */
  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.nav).toBeVisible();
  }

  link(label: string): Locator {
    return this.nav.getByRole('link', { name: label, exact: true });
  }

  heading(): Locator {
    return this.main.getByRole('heading', { level: 1 });
  }
}

/** The routes of the main navigation, with the heading each page shows. */
export const ROUTES = [
  { label: 'Overview', path: '/', heading: 'Mutual TLS for your API gateways' },
  { label: 'Virtual hosts', path: '/virtual-hosts', heading: 'Virtual hosts' },
  { label: 'Proxy mTLS', path: '/proxy-mtls', heading: 'Proxy mTLS' },
  { label: 'Certificates', path: '/certificates', heading: 'Certificates' },
  { label: 'Audit', path: '/audit', heading: 'Truststore audit' },
  { label: 'Connections', path: '/connections', heading: 'Connections' },
] as const;
