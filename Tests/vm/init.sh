#!/bin/bash
# PID 1 of the VM tier's guest (booted by Tests/vm/run.sh).  The guest's
# root is the host's / over 9p, read-only, under a tmpfs overlay: writes
# work inside the guest and vanish at power-off; only the shared folder,
# mounted at $VM_OUT, reaches the host.  It runs the command that run.sh
# left in $VM_OUT/.cmd and powers off.  It refuses to run anywhere but as
# init of a kernel booted with damotest=1, so it can never touch the
# host's DAMON.
if [ "$$" != 1 ]; then
    echo "init.sh: refusing to run: not PID 1 of the test guest" >&2; exit 1
fi
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
mount -t proc proc /proc
grep -qw damontest=1 /proc/cmdline || { echo "init.sh: damontest=1 missing" >&2; exit 1; }
off() { sync; echo o > /proc/sysrq-trigger; sleep 5; }
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/ovl/upper /run/ovl/work /run/ovl/root /run/out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out /run/out || { echo "init.sh: no shared folder" >&2; off; }
R=/run/ovl/root
mount -t overlay overlay -o lowerdir=/,upperdir=/run/ovl/upper,workdir=/run/ovl/work $R \
    || { echo "init.sh: the kernel lacks overlayfs (CONFIG_OVERLAY_FS)" >&2; off; }
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mount -t debugfs debugfs $R/sys/kernel/debug
mount -t tracefs tracefs $R/sys/kernel/tracing
mount -t cgroup2 cgroup2 $R/sys/fs/cgroup 2>/dev/null
# The checkout under test may itself live in /tmp (a CI clone): keep its
# overlay view across the guest's own, empty /tmp.
repo=$(cat /run/out/.cwd 2>/dev/null)
case "$repo" in
    /tmp/?*) mkdir -p /run/repo && mount --bind "$R$repo" /run/repo || repo="";;
    *) repo="";;
esac
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
if [ -n "$repo" ]; then
    mkdir -p "$R$repo" && mount --move /run/repo "$R$repo"
fi
mkdir -p $R/run/vm-out && mount --bind /run/out $R/run/vm-out
noise=0; grep -qw vmnoise=1 /proc/cmdline && noise=1
# Under software emulation DAMON only sees accesses of a process that is
# switched out for another process now and then: a low-priority busy loop
# on CPU 0, where the scenarios pin their workloads, does that.  (One loop
# only: each busy guest CPU keeps a host CPU busy.)
VM_OUT=/run/vm-out VM_NOISE=$noise chroot $R /bin/bash -c '
    if [ "$VM_NOISE" = 1 ]; then
        taskset -c 0 nice -n 19 /bin/sh -c "while :; do :; done" &
    fi
    cd "$(cat "$VM_OUT/.cwd")" 2>/dev/null || cd /
    bash -c "$(cat "$VM_OUT/.cmd")" < /dev/null
    echo $? > "$VM_OUT/.rc"'
off
