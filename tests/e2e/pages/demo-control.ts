import { expect, type APIRequestContext } from '@playwright/test';

/** The demo server's control endpoints (`portal-server --demo`). */
export class DemoControl {
  constructor(readonly request: APIRequestContext) {}

  async reset() {
    expect((await this.request.post('/__demo/reset')).ok()).toBeTruthy();
  }

  /** Queues one fault rule for the next backend call(s). */
  async fault(rule: { backend: 'sap' | 'apinizer' | 'any'; count?: number; status?: number; delay_ms?: number; malformed?: boolean | string; path?: string }) {
    expect((await this.request.post('/__demo/faults', { data: rule })).ok()).toBeTruthy();
  }

  async credentials() {
    return (await this.request.get('/__demo/credentials')).json();
  }

  /** The emulation's state, including the Apinizer mTLS settings the real API cannot read back. */
  async state() {
    return (await this.request.get('/__demo/state')).json();
  }

  async sapServiceKey(): Promise<string> {
    const credentials = await (await this.request.get('/__demo/credentials')).json();
    return JSON.stringify(credentials.sap.serviceKey, null, 2);
  }

  /** The backend calls received so far (no headers), oldest first. */
  async requests(): Promise<Array<{ method: string; path: string; status: number; body: unknown }>> {
    return (await this.request.get('/__demo/requests')).json();
  }
}
