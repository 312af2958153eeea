/**
 * Which pending updates will need a reboot once installed. Debian has no field for it (packages say
 * so only after installing, in /var/run/reboot-required), so Vigie decides before: a package that
 * declares it (`Reboot-Required: yes` in its control data), or a boot-critical one: the kernel,
 * microcode and firmware, the C library, the init system, udev and D-Bus (as dnf's needs-restarting
 * and Debian's needrestart treat them).
 */

const BOOT_CRITICAL: readonly RegExp[] = [
  /^linux-image-/,
  /^linux-firmware/,
  /^firmware-/,
  /^(intel|amd64)-microcode$/,
  /^libc6(-\w+)?$/,
  /^systemd(-sysv)?$/,
  /^libsystemd0$/,
  /^udev$/,
  /^dbus(-daemon|-system-bus-common)?$/,
  // dnf's names for the same things.
  /^kernel(-core|-rt)?$/,
  /^glibc$/,
  /^dbus-broker$/,
];

/** Why installing this package will need a reboot, or null. `fields` are its candidate's control fields. */
export function rebootReasonFor(name: string, fields: Readonly<Record<string, string>> = {}): string | null {
  if (/^yes$/i.test(fields['Reboot-Required'] ?? '')) return 'declared by the package';
  const bare = name.replace(/:[a-z0-9]+$/, '');
  if (BOOT_CRITICAL.some((pattern) => pattern.test(bare))) return 'boot-critical package';
  return null;
}
