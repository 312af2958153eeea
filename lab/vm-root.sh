#!/bin/sh
# Starts a lab VM's sshd inside the VM's own Debian root. Called by the lab (lab/vm-root.ts) inside
# `ip netns exec NS unshare --mount --propagation private --uts`, so every mount made here lives in a
# private mount namespace that ends with the last process of the VM: `down` leaves no mount behind.
# Usage: vm-root.sh NAME BASE UPPER WORK ROOT RUNDIR LOGDIR REPODIR COMMAND [ARGS...]
#   BASE     the cached Debian root (overlay lower layer, never written)
#   UPPER    this VM's writes (overlay upper layer), WORK the overlay's work directory
#   ROOT     where the VM's root is mounted
#   RUNDIR   the lab's run directory of this host, seen inside as /run/vigie-lab (pid file, config)
#   LOGDIR   the lab's log directory of this host, seen inside as /var/log/vigie-lab
#   REPODIR  the lab's apt repository, seen inside (read-only) as /srv/vigie-lab-apt
#   COMMAND  run chrooted in ROOT once it is ready (sshd, which daemonises)
set -eu
name=$1 base=$2 upper=$3 work=$4 root=$5 rundir=$6 logdir=$7 repodir=$8
shift 8

hostname "$name"
mount -t overlay overlay -o "lowerdir=$base,upperdir=$upper,workdir=$work" "$root"
# /proc of this pid namespace: ps and ss -p inside the VM see the host's other daemons (nginx, postgres).
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$root/run"
mkdir -p "$root/run/sshd" "$root/run/vigie-lab" "$root/run/lock" "$root/var/log/vigie-lab"
mount --bind "$rundir" "$root/run/vigie-lab"
mount --bind "$logdir" "$root/var/log/vigie-lab"
mount --bind "$repodir" "$root/srv/vigie-lab-apt"
mount -o remount,bind,ro "$root/srv/vigie-lab-apt"

# The VM's planted packages (lab/apt-repo.ts), then its package lists, both from the lab repository only.
if ls "$root/srv/vigie-lab-apt/baseline/$name/"*.deb >/dev/null 2>&1; then
  chroot "$root" dpkg --recursive --install "/srv/vigie-lab-apt/baseline/$name" >"$logdir/dpkg.log" 2>&1
fi
chroot "$root" apt-get update -qq >"$logdir/apt.log" 2>&1

exec chroot "$root" "$@"
