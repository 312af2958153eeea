/**
 * The Debian security tracker's data (https://security-tracker.debian.org/tracker/data/json), imported
 * from a file or a URL into the store: for each source package, CVE and release, the version that
 * fixes it and its urgency. Hosts are often offline, so the feed's source is configurable
 * (VIGIE_SECURITY_FEED) and a URL is fetched through the outbound allowlist.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import { guardedSocketOptions } from '../net/guarded-lookup.js';
import { guardedUrl } from '../net/guarded-url.js';
import { createOutboundPolicy } from '../net/outbound-policy.js';
import type { CoreDeps } from '../runtime/deps.js';
import { normaliseUrgency } from './apt-output.js';
import { parseDebianVersion } from './debian-version.js';
import type { Urgency } from './model.js';

/** The real feed is about 60 MB; a file far larger is not it. */
export const MAX_FEED_BYTES = 512 * 1024 * 1024;

export interface FeedEntry {
  readonly release: string;
  readonly sourcePackage: string;
  readonly cve: string;
  readonly fixedVersion: string;
  readonly urgency: Urgency;
  readonly description: string | null;
}

export interface FeedImport {
  readonly id: string;
  readonly importedAt: string;
  readonly source: string;
  readonly sha256: string;
  readonly entryCount: number;
  readonly releases: readonly string[];
}

/**
 * The fixed CVEs of a tracker feed: entries whose status is `resolved` with a real fixed version
 * (`0` means never affected). Throws BAD_INPUT naming the package and CVE of a malformed entry.
 */
export function parseSecurityFeed(text: string, source: string): FeedEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `${source} is not JSON: ${(cause as Error).message}`, {
      hint: 'Give the Debian security tracker JSON (https://security-tracker.debian.org/tracker/data/json).',
      cause,
    });
  }
  if (!isObject(data)) throw malformed(source, 'the top level is not an object of source packages');
  const entries: FeedEntry[] = [];
  for (const [sourcePackage, cves] of Object.entries(data)) {
    if (!isObject(cves)) throw malformed(source, `package "${sourcePackage}" is not an object of CVEs`);
    for (const [cve, record] of Object.entries(cves)) {
      if (!isObject(record)) throw malformed(source, `package "${sourcePackage}", ${cve} is not an object`);
      const releases = record.releases ?? {};
      if (!isObject(releases)) {
        throw malformed(source, `package "${sourcePackage}", ${cve}: "releases" is not an object`);
      }
      for (const [release, state] of Object.entries(releases)) {
        if (!isObject(state)) {
          throw malformed(source, `package "${sourcePackage}", ${cve}, release ${release} is not an object`);
        }
        const fixed = state.fixed_version;
        if (state.status !== 'resolved' || typeof fixed !== 'string' || fixed === '0' || !isVersion(fixed))
          continue;
        entries.push({
          release,
          sourcePackage,
          cve,
          fixedVersion: fixed,
          urgency: normaliseUrgency(typeof state.urgency === 'string' ? state.urgency : undefined),
          description: typeof record.description === 'string' ? record.description.slice(0, 500) : null,
        });
      }
    }
  }
  return entries;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isVersion(text: string): boolean {
  try {
    parseDebianVersion(text);
    return true;
  } catch {
    return false;
  }
}

function malformed(source: string, what: string): AppError {
  return new AppError('BAD_INPUT', `${source} is not a security tracker feed: ${what}`, {
    hint: 'The expected shape is { package: { "CVE-…": { description, releases: { bookworm: { status, fixed_version, urgency } } } } }.',
    details: { source, problem: what },
  });
}

/** Replaces the stored feed by this one (one transaction, audited). */
export async function importSecurityFeed(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  input: { readonly text: string; readonly source: string; readonly actor: string },
): Promise<FeedImport> {
  const entries = parseSecurityFeed(input.text, input.source);
  const feedImport: FeedImport = {
    id: randomUUID(),
    importedAt: deps.clock.now().toISOString(),
    source: input.source,
    sha256: createHash('sha256').update(input.text).digest('hex'),
    entryCount: entries.length,
    releases: [...new Set(entries.map((entry) => entry.release))].sort(),
  };
  await deps.store.transaction(async (trx) => {
    await trx.deleteFrom('security_feed_entries').execute();
    for (let start = 0; start < entries.length; start += 500) {
      await trx
        .insertInto('security_feed_entries')
        .values(
          entries.slice(start, start + 500).map((entry) => ({
            release: entry.release,
            source_package: entry.sourcePackage,
            cve: entry.cve,
            fixed_version: entry.fixedVersion,
            urgency: entry.urgency,
            description: entry.description,
          })),
        )
        .execute();
    }
    await trx
      .insertInto('security_feed_imports')
      .values({
        id: feedImport.id,
        imported_at: feedImport.importedAt,
        source: feedImport.source,
        sha256: feedImport.sha256,
        entry_count: feedImport.entryCount,
        releases: JSON.stringify(feedImport.releases),
        actor: input.actor,
      })
      .execute();
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor: input.actor,
      action: 'updates.feed.import',
      targetKind: 'security_feed',
      targetKey: feedImport.id,
      after: { source: feedImport.source, sha256: feedImport.sha256, entryCount: feedImport.entryCount },
    });
  });
  return feedImport;
}

/** The feed's text from a file path or an http(s) URL (through the outbound allowlist). */
export async function readSecurityFeedSource(
  deps: Pick<CoreDeps, 'config'>,
  source: string,
): Promise<string> {
  if (/^https?:\/\//i.test(source)) return fetchFeed(deps, source);
  let size: number;
  try {
    size = fs.statSync(source).size;
  } catch (cause) {
    throw new AppError(
      'BAD_INPUT',
      `Cannot read the security feed ${source}: ${(cause as NodeJS.ErrnoException).code}`,
      {
        hint: 'Give the path of the tracker JSON (download https://security-tracker.debian.org/tracker/data/json), or an http(s) URL.',
        cause,
      },
    );
  }
  if (size > MAX_FEED_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The security feed ${source} is ${size} bytes, more than ${MAX_FEED_BYTES}.`,
      {
        hint: 'Give the Debian security tracker JSON, not another file.',
      },
    );
  }
  return fs.readFileSync(source, 'utf8');
}

async function fetchFeed(deps: Pick<CoreDeps, 'config'>, source: string): Promise<string> {
  const policy = createOutboundPolicy(deps.config.outboundAllow);
  const { url } = await guardedUrl(policy, source, { purpose: 'security feed' });
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      { ...guardedSocketOptions(policy, url.hostname, 'security feed'), timeout: 120_000 },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(
            new AppError(
              'REMOTE_FAILED',
              `The security feed ${url.origin}${url.pathname} answered HTTP ${response.statusCode}.`,
              {
                hint: 'Check the URL in VIGIE_SECURITY_FEED, or import a downloaded copy with `vigie updates import-feed FILE`.',
              },
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_FEED_BYTES) request.destroy(new Error(`more than ${MAX_FEED_BYTES} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 120 s')));
    request.on('error', (cause) =>
      reject(
        cause instanceof AppError
          ? cause
          : new AppError(
              'REMOTE_FAILED',
              `Cannot fetch the security feed ${url.origin}${url.pathname}: ${cause.message}`,
              {
                hint: 'Is the URL reachable and allowed (VIGIE_OUTBOUND_ALLOW)? Offline, import a downloaded copy with `vigie updates import-feed FILE`.',
                cause,
              },
            ),
      ),
    );
  });
}

/** The latest import, if any. */
export async function latestFeedImport(deps: Pick<CoreDeps, 'store'>): Promise<FeedImport | undefined> {
  const row = await deps.store.db
    .selectFrom('security_feed_imports')
    .selectAll()
    .orderBy('imported_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        id: row.id,
        importedAt: row.imported_at,
        source: row.source,
        sha256: row.sha256,
        entryCount: Number(row.entry_count),
        releases: JSON.parse(row.releases) as string[],
      };
}

/** The feed's fixed CVEs of these source packages in one release. */
export async function feedEntriesFor(
  deps: Pick<CoreDeps, 'store'>,
  release: string,
  sourcePackages: readonly string[],
): Promise<FeedEntry[]> {
  const names = [...new Set(sourcePackages)];
  const entries: FeedEntry[] = [];
  for (let start = 0; start < names.length; start += 500) {
    const rows = await deps.store.db
      .selectFrom('security_feed_entries')
      .selectAll()
      .where('release', '=', release)
      .where('source_package', 'in', names.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      entries.push({
        release: row.release,
        sourcePackage: row.source_package,
        cve: row.cve,
        fixedVersion: row.fixed_version,
        urgency: normaliseUrgency(row.urgency),
        description: row.description,
      });
    }
  }
  return entries;
}
