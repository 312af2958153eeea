/**
 * The bench's alert sink: an HTTP server on loopback that Vigie's generic webhook channel posts to, so
 * Vigie's detection delay is "target down to alert delivered", as a person on call would see it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookSink {
  readonly url: string;
  /** Notifications received so far (each may carry several events). */
  readonly received: () => number;
  close(): Promise<void>;
}

interface WebhookBody {
  readonly events?: readonly { readonly kind?: string; readonly subject?: { readonly object?: string } }[];
}

/** Calls `onDown(target, at)` for each `incident_opened` event of a website `site-<target>`. */
export async function startWebhookSink(onDown: (target: number, at: number) => void): Promise<WebhookSink> {
  let received = 0;
  const server = http.createServer((request, response) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received += 1;
      let body: WebhookBody = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody;
      } catch {
        // Not Vigie's payload: answered all the same, counted as nothing.
        body = {};
      }
      for (const event of body.events ?? []) {
        const site = /^website\/site-(\d+)$/.exec(event.subject?.object ?? '');
        if (event.kind === 'incident_opened' && site) onDown(Number(site[1]), at);
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/vigie-alerts`,
    received: () => received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
