import { expect, test } from '@playwright/test';
import { CertificatesPage, fixture, pemBlocks } from '../pages/certificates';

test.describe('certificates page', () => {
  const cases = [
    { file: 'chain-good.pem', verdict: 'ok', rules: [] as string[] },
    { file: 'chain-reversed.pem', verdict: 'warning', rules: ['wrong_order'] },
    { file: 'sha1.pem', verdict: 'weak', rules: ['weak_signature_algorithm'] },
    { file: 'rsa1024.pem', verdict: 'weak', rules: ['weak_rsa_key'] },
    { file: 'chain-truncated-block.pem', verdict: 'error', rules: ['unreadable_block'] },
    { file: 'chain.p7b', verdict: 'ok', rules: [] },
    { file: 'chain.p7b.pem', verdict: 'ok', rules: [] },
    { file: 'leaf.der', verdict: 'warning', rules: ['missing_root'] },
    { file: 'throwaway-test-key-bundle.p12', verdict: 'error', rules: ['pkcs12_file'] },
    { file: 'garbage.bin', verdict: 'error', rules: ['unrecognised_input'] },
  ] as const;

  for (const c of cases) {
    test(`upload ${c.file}: ${c.verdict}`, async ({ page }) => {
      const certificates = new CertificatesPage(page);
      await certificates.open();
      await certificates.upload(c.file);
      await certificates.expectVerdict(c.verdict);
      const rules = await certificates.findingRules();
      for (const rule of c.rules) expect(rules).toContain(rule);
      if (c.verdict === 'ok') expect(rules.filter((r) => r !== '')).toEqual([]);
    });
  }

  test('several files together make one chain', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    const blocks = pemBlocks(fixture('chain-good.pem').toString());
    expect(blocks.length).toBe(3);
    await certificates.fileInput.setInputFiles(
      blocks.map((pem, i) => ({ name: `part-${i}.pem`, mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) })),
    );
    await certificates.expectVerdict('ok');
    await expect(page.getByTestId('chain-link')).toHaveCount(3);
  });

  test('a DER leaf and a PEM file of its CAs, dropped together, make one chain', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    const cas = pemBlocks(fixture('chain-good.pem').toString()).slice(1).join('');
    await certificates.fileInput.setInputFiles([
      { name: 'leaf.der', mimeType: 'application/pkix-cert', buffer: fixture('leaf.der') },
      { name: 'cas.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(cas) },
    ]);
    await certificates.expectVerdict('ok');
    await expect(page.getByTestId('chain-link')).toHaveCount(3);
  });

  test('a pasted private key is flagged and removed, never shown', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    const text = fixture('chain-with-key.pem').toString();
    const keyLine = text.split('\n').find((l, i, all) => i > 0 && all[i - 1].includes('PRIVATE KEY-----'));
    expect(keyLine).toBeTruthy();
    await certificates.paste(text);
    await certificates.expectVerdict('error');
    await expect(page.getByTestId('private-key-alarm')).toBeVisible();
    await expect(certificates.pasteArea).not.toHaveValue(/PRIVATE KEY/);
    expect(await page.content()).not.toContain(keyLine!);
  });

  test('the fix download is the chain reordered leaf to root', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    await certificates.upload('chain-reversed.pem');
    await certificates.expectVerdict('warning');
    const fixed = await certificates.download('download-fixed');
    expect(fixed.name).toBe('chain-leaf-to-root.pem');
    const given = pemBlocks(fixture('chain-reversed.pem').toString());
    expect(pemBlocks(fixed.text)).toEqual([...given].reverse());
    // The fixed bundle, checked on its own, is clean.
    await certificates.clear();
    await certificates.paste(fixed.text);
    await certificates.expectVerdict('ok');
  });

  test('exports are valid JSON and Markdown', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    await certificates.upload('sha1.pem');
    await certificates.expectVerdict('weak');
    const json = await certificates.download('export-json');
    expect(json.name).toBe('chain-report.json');
    const report = JSON.parse(json.text);
    expect(report.verdict).toBe('weak');
    expect(report.certificates).toHaveLength(3);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain('weak_signature_algorithm');
    const md = await certificates.download('export-markdown');
    expect(md.name).toBe('chain-report.md');
    expect(md.text.startsWith('# Certificate chain report\n')).toBe(true);
    expect(md.text).toContain('Verdict: **WEAK**');
    expect(md.text).toMatch(/\| weak_signature_algorithm \|/);
  });

  test('no request leaves the page while a chain is analysed', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    // First analysis loads the engine (our own worker script and wasm from this origin).
    await certificates.upload('chain-good.pem');
    await certificates.expectVerdict('ok');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    await certificates.paste(fixture('sha1.pem').toString());
    await certificates.expectVerdict('weak');
    await certificates.paste(fixture('chain-with-key.pem').toString());
    await certificates.expectVerdict('error');
    expect(requests).toEqual([]);
  });

  test('one engine worker: replaced with a message when it crashes, ended when the page is left', async ({
    page,
  }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    await certificates.upload('chain-good.pem');
    await certificates.expectVerdict('ok');
    await expect.poll(() => page.workers().length).toBe(1);

    // The engine's next request throws in the worker, as a panic there does (a wasm trap).
    await page.workers()[0].evaluate(() => {
      (globalThis as unknown as { onmessage: () => void }).onmessage = () => {
        throw new Error('engine crashed (test)');
      };
    });
    await certificates.paste(fixture('sha1.pem').toString());
    const error = page.getByTestId('check-error');
    await expect(error).toContainText('The certificate engine stopped', { ignoreCase: true });
    await expect(error).toContainText('engine crashed (test)');
    await expect(error).toContainText('was restarted; run the check again');
    // The crashed worker is gone and one fresh worker took its place.
    await expect.poll(() => page.workers().length).toBe(1);
    await certificates.checkButton.click();
    await certificates.expectVerdict('weak');

    // Leaving the page ends the worker; every visit starts one, never more.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (let visit = 0; visit < 3; visit++) {
      await nav.getByRole('link', { name: 'Overview', exact: true }).click();
      await expect.poll(() => page.workers().length).toBe(0);
      await nav.getByRole('link', { name: 'Certificates', exact: true }).click();
      await expect.poll(() => page.workers().length).toBe(1);
    }
    await certificates.paste(fixture('chain-good.pem').toString());
    await certificates.expectVerdict('ok');
  });

  test('a 4 MB file of garbage is refused with a clear message', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    const garbage = Buffer.alloc(4_000_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    await certificates.fileInput.setInputFiles({ name: 'garbage.bin', mimeType: 'application/octet-stream', buffer: garbage });
    await certificates.expectVerdict('error');
    await expect(page.getByTestId('findings-error')).toBeVisible();
  });

  test('keyboard only: paste, check with Ctrl+Enter, results announced', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    await certificates.pasteArea.focus();
    await page.keyboard.insertText(fixture('chain-good.pem').toString());
    await page.keyboard.press('Control+Enter');
    await certificates.expectVerdict('ok');
    await expect(certificates.result).toHaveAttribute('aria-live', 'polite');
  });

  for (const [name, file] of [
    ['ok', 'chain-good.pem'],
    ['weak', 'sha1.pem'],
  ] as const) {
    test(`screenshot of a ${name} report`, async ({ page }, testInfo) => {
      const certificates = new CertificatesPage(page);
      await certificates.open();
      await certificates.upload(file);
      await certificates.expectVerdict(name);
      const shot = await page.screenshot({ fullPage: true, path: `artifacts/certificates-${name}.png` });
      await testInfo.attach(`certificates-${name}`, { body: shot, contentType: 'image/png' });
    });
  }
});
