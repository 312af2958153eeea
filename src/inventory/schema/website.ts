/** Websites: their domains, the host and web server serving them, and TLS. */
import { z } from 'zod';
import { absolutePathSchema, domainSchema } from './addresses.js';
import { objectBackupSectionSchema } from './backup.js';
import { objectChecksSchema } from './checks.js';
import {
  idSchema,
  type ObjectRule,
  refSchema,
  tagsSchema,
  textSchema,
  uniqueWithin,
  versionSchema,
  withRules,
} from './common.js';
import { slaSchema } from './sla.js';
import { dateSchema } from './units.js';

export const TLS_MODES = ['acme', 'manual', 'provider', 'none'] as const;

const tlsSchema = z
  .strictObject({
    mode: z.enum(TLS_MODES).meta({
      description:
        "acme: automatic certificates (Let's Encrypt...); manual: installed by hand; provider: terminated upstream; none: plain HTTP.",
    }),
    certificate: z
      .strictObject({
        issuer: textSchema('Certificate authority, e.g. "Sectigo".').optional(),
        expires: dateSchema.meta({ description: 'Expiry date of the installed certificate.' }).optional(),
        path: absolutePathSchema
          .meta({ description: 'Where the certificate file lives on the host.' })
          .optional(),
      })
      .meta({ description: 'The installed certificate, for manual TLS.' })
      .optional(),
    redirect_http: z
      .boolean()
      .default(true)
      .meta({ description: 'Whether plain HTTP redirects to HTTPS.', expected: 'true or false' }),
  })
  .meta({ description: 'How the website is served over TLS.' });

const manualNeedsCertificate: ObjectRule = (value, report) => {
  const tls = value.tls as { mode?: unknown; certificate?: unknown } | undefined;
  if (tls?.mode === 'manual' && tls.certificate === undefined) {
    report(['tls', 'certificate'], 'manual TLS needs the certificate described', {
      expected: 'certificate: { issuer, expires }',
      hint: 'say who issued it and when it expires, so Vigie can warn before it does',
    });
  }
};

/** A website served by a web server on a host. */
export const websiteSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      name: textSchema('Human name, e.g. "Offre de formation".').optional(),
      domains: z
        .array(domainSchema)
        .min(1)
        .meta({ description: 'Domain names it answers to; the first is the main one.' }),
      host: refSchema('the VM or device that serves the website'),
      service: refSchema('the web server service (nginx, apache...) that serves it, on the same host'),
      tls: tlsSchema,
      document_root: absolutePathSchema
        .meta({ description: 'Document root on the host, e.g. /var/www/offre.' })
        .optional(),
      php_version: versionSchema
        .meta({ description: 'PHP version the site runs, e.g. "8.2" (in quotes).' })
        .optional(),
      application: textSchema('Application or CMS, e.g. Drupal 10, WordPress, Symfony.').optional(),
      databases: z
        .array(refSchema('a database the website uses'))
        .meta({ description: 'Databases the website uses.' })
        .optional(),
      description: textSchema('What the website is for.').optional(),
      tags: tagsSchema.optional(),
      checks: objectChecksSchema.optional(),
      backup: objectBackupSectionSchema.optional(),
      sla: slaSchema.optional(),
    })
    .meta({ title: 'Website', description: 'A website: domains, host, web server, TLS.' }),
  manualNeedsCertificate,
  uniqueWithin('domains', '', 'domain'),
);

export type WebsiteSpec = Omit<z.output<typeof websiteSchema>, 'id'> & {
  readonly host_kind?: 'vm' | 'device';
};
