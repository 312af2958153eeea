/** `vigie` from the sources (through tsx), for quick runs of the bench without a build. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
