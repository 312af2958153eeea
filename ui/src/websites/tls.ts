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
