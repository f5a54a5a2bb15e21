import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '../../../crates/certlint/tests/fixtures');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** PEM blocks of a text, normalised (LF, no surrounding text). */
export function pemBlocks(text: string): string[] {
  return [...text.replace(/\r\n/g, '\n').matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\n[\s\S]*?-----END \1-----/g)].map(
    (m) => m[0],
  );
}

/** The Certificates page. */
export class CertificatesPage {
  readonly fileInput: Locator;
  readonly pasteArea: Locator;
  readonly checkButton: Locator;
  readonly verdict: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.fileInput = page.getByTestId('file-input');
    this.pasteArea = page.getByTestId('pem-text');
    this.checkButton = page.getByTestId('check');
    this.verdict = page.getByTestId('verdict');
    this.result = page.getByTestId('result');
  }

  async open() {
    await this.page.goto('/certificates');
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Certificates');
  }

  async upload(...names: string[]) {
    await this.fileInput.setInputFiles(names.map((name) => join(FIXTURES, name)));
  }

  /** Forgets the files and text given so far. */
  async clear() {
    await this.page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect(this.verdict).toHaveCount(0);
  }

  async paste(text: string) {
    await this.pasteArea.fill(text);
    await this.checkButton.click();
  }

  async expectVerdict(verdict: 'ok' | 'warning' | 'weak' | 'error') {
    await expect(this.verdict).toHaveAttribute('data-verdict', verdict);
  }

  findingRules(): Promise<string[]> {
    return this.page.locator('[data-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? ''));
  }

  /** Clicks a download button and returns the downloaded text. */
  async download(testId: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }
}
