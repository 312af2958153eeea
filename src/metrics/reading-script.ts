/**
 * The one command Vigie runs on a host to read its metrics: a constant POSIX sh script sent on the
 * standard input of `sh -s`, so nothing from the inventory or the network ever becomes shell text, and
 * nothing has to be installed on the host. Each section starts with a `@name` line.
 *
 * CPU use comes from two readings of /proc/stat one second apart, inside the same run: each round
 * stands alone (a manual `collect`, the CLI beside `vigie serve`, a restart) with no counters to keep
 * in step between processes. The price is one second per host, hosts being read in parallel; the load
 * averages give the longer view.
 */

export const READING_SCRIPT = `LC_ALL=C
export LC_ALL
echo @stat1
grep '^cpu' /proc/stat
sleep 1
echo @stat2
grep '^cpu ' /proc/stat
echo @loadavg
cat /proc/loadavg
echo @meminfo
grep -E '^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SReclaimable|SwapTotal|SwapFree):' /proc/meminfo
echo @df
df -P -B1 -T 2>/dev/null
echo "@df-exit $?"
echo @end
`;

/** The command that runs it: `sh -s` reads the script from its standard input. */
export const READING_ARGV = ['sh', '-s'] as const;
