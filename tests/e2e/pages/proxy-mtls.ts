import { expect, type Locator, type Page } from '@playwright/test';

/** The Proxy mTLS page with its inline Apinizer connection section. */
export class ProxyMtlsPage {
  readonly preview: Locator;
  readonly submit: Locator;
  readonly problem: Locator;
  readonly success: Locator;

  constructor(readonly page: Page) {
    this.preview = page.getByTestId('pm-preview');
    this.submit = page.getByTestId('pm-submit');
    this.problem = page.getByTestId('pm-outcome-problem');
    this.success = page.getByTestId('pm-success');
  }

  async open() {
    await this.page.goto('/proxy-mtls');
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Proxy mTLS');
  }

  async connectWithToken(token: string) {
    await this.page.getByTestId('apinizer-personal-token').fill(token);
    await this.page.getByTestId('apinizer-use-token').click();
    await expect(this.page.getByTestId('apinizer-token-holder')).toBeVisible();
  }

  async target(project: string, proxy: string) {
    await this.page.getByTestId('pm-project').fill(project);
    await this.page.getByTestId('pm-proxy').fill(proxy);
  }

  field(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async protocolsOnly(...names: string[]) {
    await this.field('pm-protocols-only').check();
    for (const p of ['TLS_1_3', 'TLS_1_2', 'TLS_1_1', 'TLS_1_0', 'SSL_3_0']) {
      const box = this.field(`pm-protocol-${p}`);
      if (names.includes(p)) await box.check();
      else await box.uncheck();
    }
  }

  async previewBody(): Promise<unknown> {
    return JSON.parse((await this.preview.textContent()) ?? '');
  }
}
