// The floor: a bare Node prober with no storage. One GET per target per interval, a new connection each
// time (agent: false), phases spread over the interval; prints `DOWN <id>` on a failed probe.
// Usage: node bare-prober.mjs <interval-ms> <url>...   (or the URLs, one a line, on stdin with -)
import fs from 'node:fs';
import http from 'node:http';

const interval = Number(process.argv[2]);
const urls =
  process.argv[3] === '-' ? fs.readFileSync(0, 'utf8').split('\n').filter(Boolean) : process.argv.slice(3);
const probe = (url, id) => {
  const request = http.get(url, { agent: false, timeout: 5000 }, (response) => {
    response.resume();
    if (response.statusCode !== 200) process.stdout.write(`DOWN ${id}\n`);
  });
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', () => process.stdout.write(`DOWN ${id}\n`));
};
urls.forEach((url, id) => {
  setTimeout(
    () => {
      probe(url, id);
      setInterval(() => probe(url, id), interval);
    },
    (interval * id) / urls.length,
  );
});
