/**
 * The one script `vigie facts` sends to a host (on standard input of `sh -s`): read-only POSIX sh,
 * constant, with no inventory or user value in it. It prints each section after a `### vigie:NAME`
 * line and ends it with `### vigie:status CODE STDERR`, each marker on a line of its own (blank lines
 * around them mean nothing), so that one failing command spoils only its
 * own section. Only the commands that need root to see other users' processes (`ss -p`, the process
 * network namespaces) run through `sudo -n`, and only when the login user may.
 */

export const SECTION_MARKER = '### vigie:';

/** The sections in the order the script prints them; `end` proves the output is complete. */
export const FACT_SECTIONS = [
  'privilege',
  'os',
  'kernel',
  'uptime',
  'nproc',
  'cpuinfo',
  'meminfo',
  'df',
  'addresses',
  'listening',
  'systemd',
  'processes',
  'netns',
  'dpkg',
  'rpm',
  'reboot',
] as const;
export type FactSection = (typeof FACT_SECTIONS)[number];

export const GATHER_SCRIPT = `# vigie facts: read-only
LC_ALL=C; export LC_ALL
PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; export PATH
T=$(mktemp 2>/dev/null) || T=/dev/null
trap 'rm -f "$T"' EXIT
# Markers start on a line of their own even after an output without a final newline.
section() { printf '\\n${SECTION_MARKER}%s\\n' "$1"; }
status() { printf '\\n${SECTION_MARKER}status %s %s\\n' "$1" "$(head -c 300 "$T" 2>/dev/null | tr '\\n\\r' '  ')"; : >"$T" 2>/dev/null; }
have() { command -v "$1" >/dev/null 2>&1; }

section privilege
if [ "$(id -u)" = 0 ]; then ROOT=''; echo root; status 0
elif sudo -n true 2>"$T"; then ROOT='sudo -n --'; echo sudo; status 0
else ROOT=none; echo none; status 1
fi

section os
cat /etc/os-release 2>"$T" || cat /usr/lib/os-release 2>"$T"; status $?
section kernel
uname -s -r -m 2>"$T"; status $?
section uptime
cat /proc/uptime 2>"$T"; status $?
section nproc
nproc 2>"$T"; status $?
section cpuinfo
grep -E '^(processor|model name|Hardware|cpu model|Processor)[[:space:]]*:' /proc/cpuinfo 2>"$T"; status $?
section meminfo
grep -E '^(MemTotal|MemAvailable|MemFree|SwapTotal|SwapFree):' /proc/meminfo 2>"$T"; status $?
section df
df -P -B1 -T 2>"$T"; status $?

section addresses
ip -j addr show 2>"$T" || ip -o addr show 2>"$T"; status $?

section listening
if [ "$ROOT" = none ]; then ss -tuln 2>"$T"; else $ROOT ss -tulnp 2>"$T"; fi; status $?

if [ -d /run/systemd/system ] && have systemctl; then
  section systemd
  systemctl list-units --type=service --state=running --no-legend --plain --no-pager 2>"$T"; status $?
else
  section processes
  ps -e -o pid= -o comm= 2>"$T"; status $?
  section netns
  echo "self $(readlink /proc/$$/ns/net 2>/dev/null)"
  if [ "$ROOT" != none ]; then $ROOT find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%p %l\\n' 2>"$T"; fi; status 0
fi

if have dpkg-query; then
  section dpkg
  dpkg-query -W -f '\${db:Status-Abbrev}\\t\${Package}\\t\${Version}\\t\${Architecture}\\n' 2>"$T"; status $?
elif have rpm; then
  section rpm
  rpm -qa --qf '%{NAME}\\t%{EPOCH}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n' 2>"$T"; status $?
fi

section reboot
if [ -f /var/run/reboot-required ]; then echo required; cat /var/run/reboot-required.pkgs 2>/dev/null; status 0
elif have needs-restarting; then needs-restarting -r >/dev/null 2>"$T"; rc=$?
  if [ "$rc" = 1 ]; then echo required; status 0; elif [ "$rc" = 0 ]; then echo none; status 0; else status "$rc"; fi
else echo none; status 0
fi

section end
`;
