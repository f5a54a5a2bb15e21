// The comparison: @peculiar/x509 in the page, bundled by run.mjs with esbuild (IIFE, browser) and
// exposed as `globalThis.peculiar`. Signatures are verified through WebCrypto (crypto.subtle).
// @peculiar/x509 needs a Reflect metadata polyfill, imported before it (its README).
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function read(pemText) {
  return (pemText.match(PEM_BLOCK) ?? []).map((block) => new X509Certificate(block));
}

/** Parses every PEM block; returns how many certificates were read. */
export function parse(pemText) {
  return read(pemText).length;
}

/**
 * Parses, maps issuers by subject name, and verifies every certificate's signature against its
 * issuer (itself when self-signed); returns how many verified. The verifications run concurrently
 * (Promise.all), which lets Chromium spread WebCrypto work over its threads.
 */
export async function analyze(pemText) {
  const certs = read(pemText);
  const bySubject = new Map();
  for (const cert of certs) {
    if (!bySubject.has(cert.subject)) bySubject.set(cert.subject, cert);
  }
  const results = await Promise.all(
    certs.map((cert) => {
      const issuer = cert.subject === cert.issuer ? cert : bySubject.get(cert.issuer);
      if (!issuer) return false;
      return cert
        .verify({ publicKey: issuer.publicKey, signatureOnly: true })
        .catch(() => false);
    }),
  );
  return results.filter(Boolean).length;
}
