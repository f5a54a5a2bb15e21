import { expect, test } from '@playwright/test';
import { CertificatesPage, fixture } from '../pages/certificates';

// The certificate worker as the release build ships it, spoken to directly in its own protocol
// (src/analysis/protocol.rs): ECDSA signatures go to the browser's WebCrypto inside the analysis
// (src/analysis/webcrypto.rs), and the verdicts are those of the engine alone.

type Answer = {
  kind: string;
  data?: {
    error?: string;
    report?: { verdict: string; links: { signature: { status: string } }[] };
    webcrypto?: { checks: number; verified: number; ms: number };
  };
};

async function analyse(page: import('@playwright/test').Page, name: string): Promise<Answer> {
  const bytes = [...fixture(name)];
  return page.evaluate(
    ([file, data]) =>
      new Promise<Answer>((resolve, reject) => {
        const worker = new Worker('/certlint-worker_loader.js');
        worker.onerror = (e) => reject(new Error(e.message || 'worker failed'));
        worker.onmessage = (e) => {
          const answer = JSON.parse(e.data as string) as Answer;
          if (answer.kind === 'ready') {
            const header = JSON.stringify({ id: 1, now: 1_767_225_600, purpose: 'client_auth_truststore', names: [file] });
            const array = new Uint8Array(data as number[]);
            worker.postMessage([header, array], [array.buffer]);
          } else {
            worker.terminate();
            resolve(answer);
          }
        };
      }),
    [name, bytes] as const,
  );
}

test.describe('certificate worker', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
  });

  test('a P-256 chain is verified by WebCrypto inside the analysis', async ({ page }) => {
    const answer = await analyse(page, 'chain-good.pem');
    expect(answer.kind).toBe('report');
    expect(answer.data?.webcrypto).toMatchObject({ checks: 3, verified: 3 });
    expect(answer.data?.report?.verdict).toBe('ok');
    expect(answer.data?.report?.links.map((l) => l.signature.status)).toEqual(['verified', 'verified', 'verified']);
  });

  test('a broken signature is still found broken', async ({ page }) => {
    const answer = await analyse(page, 'broken-signature.pem');
    expect(answer.kind).toBe('report');
    expect(answer.data!.webcrypto!.verified).toBeLessThan(answer.data!.webcrypto!.checks);
    expect(answer.data?.report?.verdict).toBe('error');
    expect(answer.data?.report?.links.map((l) => l.signature.status)).toContain('broken');
  });

  test('an RSA chain is left to the engine', async ({ page }) => {
    const answer = await analyse(page, 'chain-rsa.pem');
    expect(answer.kind).toBe('report');
    expect(answer.data?.webcrypto).toMatchObject({ checks: 0, verified: 0 });
    expect(answer.data?.report?.links.every((l) => l.signature.status === 'verified')).toBe(true);
  });

  test('the report says how many signatures WebCrypto verified', async ({ page }) => {
    const certificates = new CertificatesPage(page);
    await certificates.open();
    await certificates.upload('chain-good.pem');
    await certificates.expectVerdict('ok');
    await expect(page.getByTestId('verdict')).toContainText(
      "3 of 3 ECDSA signature checks verified by this browser's WebCrypto",
    );
    await certificates.clear();
    await certificates.upload('chain-rsa.pem');
    await expect(page.getByTestId('verdict')).toContainText('3 certificates read');
    await expect(page.getByTestId('verdict')).not.toContainText('WebCrypto');
  });
});
