/** The opener of each destination type of the inventory's `backup.destinations`. */
import type { DestinationSettings } from '../policy-schema.js';
import type { DestinationOpener } from './destination-opener.js';
import { localDestination } from './local.js';
import { sftpDestination } from './sftp.js';

type OpenerByType = {
  readonly [T in DestinationSettings['type']]: DestinationOpener<Extract<DestinationSettings, { type: T }>>;
};

const OPENERS: OpenerByType = { local: localDestination, sftp: sftpDestination };

/** The opener for `settings`' type. */
export function openerOf(settings: DestinationSettings): DestinationOpener<DestinationSettings> {
  // Safe: the map is keyed by the discriminant, so each opener only ever gets settings of its own type.
  return OPENERS[settings.type] as unknown as DestinationOpener<DestinationSettings>;
}
