import { expect, type Locator, type Page } from '@playwright/test';

export { DemoControl } from './demo-control';

/** The Virtual hosts page with its inline SAP connection section. */
export class VirtualHostsPage {
  readonly table: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly outcome: Locator;
  readonly problem: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('vh-table');
    this.preview = page.getByTestId('vh-preview');
    this.submit = page.getByTestId('vh-submit');
    this.outcome = page.getByTestId('vh-outcome');
    this.problem = page.getByTestId('vh-outcome-problem');
    this.result = page.getByTestId('vh-result');
  }

  async open() {
    await this.page.goto('/virtual-hosts');
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Virtual hosts');
  }

  /** Gets a token with the service key and waits for the list and the store suggestions. */
  async connect(serviceKey: string) {
    await this.page.getByTestId('sap-service-key').fill(serviceKey);
    await this.page.getByTestId('sap-get-token').click();
    await expect(this.page.getByTestId('sap-token-holder')).toBeVisible();
    await this.waitForList();
  }

  async waitForList() {
    await expect(this.table).toBeVisible();
    await expect(this.page.getByTestId('vh-loading')).toHaveCount(0);
    await expect(this.page.locator('#vh-trust-stores option').first()).toBeAttached();
  }

  field(id: string): Locator {
    return this.page.getByTestId(id);
  }

  error(id: string): Locator {
    return this.page.getByTestId(`${id}-error`);
  }

  row(alias: string): Locator {
    return this.page.locator(`[data-testid=vh-row][data-alias="${alias}"]`);
  }

  async fill(values: { account?: string; alias?: string; keyStore?: string; trustStore?: string }) {
    if (values.account !== undefined) await this.field('vh-account-id').fill(values.account);
    if (values.alias !== undefined) await this.field('vh-virtual-host-url').fill(values.alias);
    if (values.keyStore !== undefined) await this.field('vh-key-store').fill(values.keyStore);
    if (values.trustStore !== undefined) await this.field('vh-trust-store').fill(values.trustStore);
  }
}
