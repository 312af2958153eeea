/** What a website's `tls` says: mode (acme, manual, provider, none) and the certificate when declared. */
import type { Spec } from '../api/types.js';
import { specText } from '../spec/spec-access.js';

export type TlsMode = 'acme' | 'manual' | 'provider' | 'none';

export interface TlsSummary {
  readonly mode: TlsMode | undefined;
  readonly enabled: boolean;
  readonly issuer: string | undefined;
  /** `YYYY-MM-DD` */
  readonly expires: string | undefined;
}

export function tlsOf(spec: Spec): TlsSummary {
  const raw = specText(spec, 'tls.mode');
  const mode = raw === 'acme' || raw === 'manual' || raw === 'provider' || raw === 'none' ? raw : undefined;
  return {
    mode,
    enabled: mode !== undefined && mode !== 'none',
    issuer: specText(spec, 'tls.certificate.issuer'),
    expires: specText(spec, 'tls.certificate.expires'),
  };
}

/** Days within which a declared certificate expiry is shown as a warning. */
export const CERTIFICATE_WARNING_DAYS = 30;

export type CertificateState = 'valid' | 'expiring' | 'expired';

/** How a declared expiry date (`YYYY-MM-DD`, end of that day) stands against `now`. */
export function certificateState(expires: string, now: Date): CertificateState {
  const end = Date.parse(`${expires}T23:59:59Z`);
  if (Number.isNaN(end) || end < now.getTime()) return Number.isNaN(end) ? 'valid' : 'expired';
  return end - now.getTime() < CERTIFICATE_WARNING_DAYS * 86_400_000 ? 'expiring' : 'valid';
}
