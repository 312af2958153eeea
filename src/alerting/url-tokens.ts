/**
 * Whether a channel URL written in clear carries a credential: the incoming-webhook hosts whose path
 * is the token (Slack, Teams, Discord...), a signature or token in the query, or a user and password.
 * `vigie validate` warns about these: the inventory is kept in revisions and audit diffs.
 */

/** Hosts whose webhook URLs are bearer credentials, by suffix. */
const TOKEN_HOSTS: readonly { readonly suffix: string; readonly service: string }[] = [
  { suffix: 'hooks.slack.com', service: 'a Slack webhook' },
  { suffix: 'webhook.office.com', service: 'a Teams webhook' },
  { suffix: 'logic.azure.com', service: 'a Teams workflow' },
  { suffix: 'discord.com', service: 'a Discord webhook' },
  { suffix: 'discordapp.com', service: 'a Discord webhook' },
  { suffix: 'hooks.zapier.com', service: 'a Zapier hook' },
];

const TOKEN_PARAMS = /^(sig|signature|token|access_token|api_key|apikey|key|secret|code|auth)$/i;

/** What makes `url` a credential (`a Slack webhook`, `a token in its query`), or undefined. */
export function tokenInUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The schema reports the bad URL itself.
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  const known = TOKEN_HOSTS.find(({ suffix }) => host === suffix || host.endsWith(`.${suffix}`));
  if (known !== undefined) return known.service;
  if (parsed.password !== '' || parsed.username !== '') return 'a user name or password';
  const param = [...parsed.searchParams.keys()].find((name) => TOKEN_PARAMS.test(name));
  if (param !== undefined) return `a ${JSON.stringify(param)} parameter`;
  return undefined;
}
