#!/usr/bin/env bash
# The VM test tier: damo against real DAMON kernels booted under QEMU.
# Builds damo and the workload, boots each kernel once (newest first) and
# runs inside it (Tests/vm/guest.sh) the scenarios of Tests/vm/scenarios/
# whose needs the kernel meets (what its DAMON files show, see guest.sh);
# a scenario marked `once` runs only on the first kernel that meets them.
# Prints one line per scenario, `vm <kernel>: N passed, M failed` per
# kernel; a scenario that no kernel could run is a failure.
#
# usage: Tests/vm/run.sh [--out DIR] [--kernel FILE]... [--check] [--build-kernel] [PATTERN...]
#   PATTERN     run only the scenarios whose name matches (shell glob)
#   --out DIR   where results and logs go (default .build/vm-out; one
#               folder per kernel under it)
#   --kernel F  boot this kernel (repeatable; default: every kernel below)
#   --check     only tell whether the tier can run here (installs what is
#               missing, never builds a kernel); exit 0 if it can
#   --build-kernel  only build the test kernel into the cache (if it is
#               not there yet), whatever other kernel there is
# Kernels: $DAMO_TEST_KERNEL (one file, or several separated by spaces),
# else ../shared/testkernel/bzImage-6.12 and bzImage (Linux 6.12, 6.1),
# else one built from Debian's linux-source-6.1 with Tests/vm/kernel.config,
# cached in ${DAMO_VM_CACHE:-~/.cache/damo-vm}.  Every guest gets the same
# machine: 2 CPUs, 1 GiB in 2 NUMA nodes (a kernel without NUMA sees one).
# $DAMO_VM_DAMO picks another damo binary (default: `swift build`'s debug
# one).  Exit: 0 all passed, 1 a scenario failed, 2 the tier could not run.
set -uo pipefail
here=$(dirname "$(realpath "$0")")
repo=$(realpath "$here/../..")
cd "$repo"

out=$repo/.build/vm-out; check=0; build_only=0; patterns=(); kernels=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=$2; shift 2;;
        --kernel) kernels+=("$(realpath "$2")") || exit 2; shift 2;;
        --check) check=1; shift;;
        --build-kernel) build_only=1; shift;;
        -h|--help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2;;
        *) patterns+=("$1"); shift;;
    esac
done

cannot() { echo "vm tier could not run: $*" >&2; exit 2; }
say() { echo "vm: $*" >&2; }

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
apt_install() {
    say "installing $* (apt)"
    if ! $SUDO apt-get install -y "$@" >/dev/null 2>&1; then
        $SUDO apt-get update >/dev/null 2>&1
        $SUDO apt-get install -y "$@" >/dev/null 2>&1
    fi
}

# Host tools: QEMU to boot, gcc for the workload, perf and trace-cmd (the
# guest runs the host's), jq and python3 for the scenarios' checks.
ensure_tools() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    command -v gcc >/dev/null || missing+=(gcc libc6-dev)
    command -v perf >/dev/null || missing+=(linux-perf)
    command -v trace-cmd >/dev/null || missing+=(trace-cmd)
    command -v jq >/dev/null || missing+=(jq)
    [ -x /usr/bin/python3 ] || missing+=(python3)
    [ ${#missing[@]} = 0 ] && return 0
    command -v apt-get >/dev/null || cannot "missing ${missing[*]} and no apt-get to install them"
    apt_install "${missing[@]}" || cannot "apt-get install ${missing[*]} failed"
    command -v qemu-system-x86_64 >/dev/null || cannot "qemu-system-x86_64 still missing after installing qemu-system-x86"
    command -v gcc >/dev/null && command -v perf >/dev/null && command -v jq >/dev/null && [ -x /usr/bin/python3 ] \
        || cannot "gcc, perf, jq or python3 still missing after apt-get install"
}

cache=${DAMO_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/damo-vm}
fragment=$here/kernel.config
cached_kernel=$cache/bzImage-6.1-$(sha256sum "$fragment" | cut -c1-12)

# The kernels to boot, one per line, newest first.
find_kernels() {
    local k
    if [ ${#kernels[@]} -gt 0 ]; then
        for k in "${kernels[@]}"; do [ -f "$k" ] || cannot "--kernel $k is not a file"; echo "$k"; done
    elif [ -n "${DAMO_TEST_KERNEL:-}" ]; then
        for k in $DAMO_TEST_KERNEL; do
            [ -f "$k" ] || cannot "DAMO_TEST_KERNEL: $k is not a file"
            echo "$k"
        done
    elif [ -f "$repo/../shared/testkernel/bzImage" ]; then
        [ -f "$repo/../shared/testkernel/bzImage-6.12" ] && realpath "$repo/../shared/testkernel/bzImage-6.12"
        realpath "$repo/../shared/testkernel/bzImage"
    elif [ -f "$cached_kernel" ]; then
        echo "$cached_kernel"
    else
        return 1
    fi
}

# Linux 6.1 from Debian's linux-source-6.1: tinyconfig + kvm_guest.config +
# our fragment.  About 6 minutes on 2 cores; kept in the cache.
build_kernel() {
    say "building the test kernel into $cached_kernel (Debian linux-source-6.1; about 6 minutes on 2 idle cores)"
    apt_install linux-source-6.1 bc flex bison libelf-dev libssl-dev make gcc xz-utils \
        || cannot "apt-get install linux-source-6.1 and the kernel build tools failed"
    local tarball
    tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1)
    [ -n "$tarball" ] || cannot "linux-source-6.1 installed no /usr/src/linux-source-6.1.tar.*"
    local build=$cache/build
    rm -rf "$build" && mkdir -p "$build" || cannot "cannot create $build"
    tar -xf "$tarball" -C "$build" || cannot "cannot unpack $tarball"
    local src
    src=$(find "$build" -mindepth 1 -maxdepth 1 -type d | head -1)
    local log=$cache/build.log
    (
        set -e
        cd "$src"
        make ARCH=x86_64 tinyconfig
        make ARCH=x86_64 kvm_guest.config
        scripts/kconfig/merge_config.sh -m .config "$fragment"
        make ARCH=x86_64 olddefconfig
        # Every option the fragment turns on must have survived olddefconfig.
        grep '^CONFIG_.*=y' "$fragment" | while read -r line; do
            grep -qx "$line" .config || { echo "kernel config lacks $line after olddefconfig" >&2; exit 1; }
        done
        make ARCH=x86_64 -j"$(nproc)" bzImage
    ) > "$log" 2>&1 || { tail -20 "$log" >&2; cannot "the kernel build failed (log: $log)"; }
    cp "$src/arch/x86/boot/bzImage" "$cached_kernel.tmp" && mv "$cached_kernel.tmp" "$cached_kernel" \
        || cannot "cannot store the kernel in $cached_kernel"
    cp "$src/.config" "$cached_kernel.config"
    rm -rf "$build"
    say "kernel built: $cached_kernel"
}

if [ "$check" = 1 ]; then
    # (the kernel first: without one, nothing gets installed)
    kernel=$(find_kernels | tr '\n' ' ') || cannot "no test kernel (set DAMO_TEST_KERNEL, provide ../shared/testkernel/bzImage, or build one with Tests/vm/run.sh --build-kernel, about 6 minutes on 2 idle cores)"
    ensure_tools
    echo "vm tier can run: kernels $kernel"
    exit 0
fi
if [ "$build_only" = 1 ]; then
    [ -f "$cached_kernel" ] || build_kernel
    echo "$cached_kernel"
    exit 0
fi

started=$(date +%s)
ensure_tools
boot=$(find_kernels) || { build_kernel; boot=$cached_kernel; }

# damo itself, and the workload (into the shared folder: the guest's /tmp
# is its own).
if [ -n "${DAMO_VM_DAMO:-}" ]; then
    damo=$(realpath "$DAMO_VM_DAMO")
else
    say "swift build"
    swift build >/dev/null 2>"$repo/.build/vm-swift-build.log" \
        || { tail -20 "$repo/.build/vm-swift-build.log" >&2; cannot "swift build failed"; }
    damo=$repo/.build/debug/damo
fi
[ -x "$damo" ] || cannot "no damo binary at $damo"

rm -rf "$out" && mkdir -p "$out/bin" || cannot "cannot create $out"
out=$(realpath "$out")
# (the guest sees the host's files, but a /tmp of its own, where only a
# checkout is kept)
case "$out" in /tmp/*) [[ $out == "$repo"/* ]] || cannot "--out $out: the guest's /tmp is its own; choose a folder elsewhere";; esac
gcc -O1 -Wall -o "$out/bin/workload" "$here/workload.c" || cannot "cannot compile Tests/vm/workload.c"
# The guests run copies of damo and of the tier's scripts (seen through
# the host's root): rebuilding or editing them meanwhile changes nothing
# under a running guest.
cp "$damo" "$out/bin/damo" && damo=$out/bin/damo || cannot "cannot copy $damo"
mkdir -p "$out/vm" && cp -r "$here/." "$out/vm/" || cannot "cannot copy $here"

# Boots one kernel and runs the scenarios in it; $1 the kernel, $2 its
# folder of results, $3 the `once` scenarios earlier kernels ran.
run_kernel() {
    local kernel=$1 kout=$2
    mkdir -p "$kout/logs" "$kout/bin" && cp "$out/bin/workload" "$kout/bin/" || cannot "cannot create $kout"
    # What the guest runs: guest.sh, with its settings in a file.
    {
        printf 'DAMO=%q\n' "$damo"
        printf 'WORKLOAD=%q\n' "/run/vm-out/bin/workload"
        printf 'VM_PATTERNS=%q\n' "${patterns[*]:-}"
        printf 'VM_DONE=%q\n' "$3"
    } > "$kout/settings"
    printf '%q ' bash "$out/vm/guest.sh" > "$kout/.cmd"
    echo "$repo" > "$kout/.cwd"
    say "booting $kernel (software emulation; scenarios take a few minutes)"
    timeout "${DAMO_VM_TIMEOUT:-2400}" qemu-system-x86_64 -accel tcg,thread=multi -cpu max \
        -m 1G -smp 2 -nographic -no-reboot -nodefaults -serial stdio \
        -object memory-backend-ram,id=mem0,size=512M -object memory-backend-ram,id=mem1,size=512M \
        -numa node,nodeid=0,cpus=0,memdev=mem0 -numa node,nodeid=1,cpus=1,memdev=mem1 \
        -kernel "$kernel" \
        -append "root=host rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro console=ttyS0 quiet panic=-1 init=$out/vm/init.sh damontest=1 vmnoise=1" \
        -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
        -virtfs "local,path=$kout,mount_tag=out,security_model=none" \
        < /dev/null 2>&1 | tr -d '\r' | tee "$kout/console.log" | grep --line-buffered '^vm: '
    local qemu_rc=${PIPESTATUS[0]}
    if ! [ -f "$kout/.rc" ] || ! [ -f "$kout/results" ]; then
        tail -30 "$kout/console.log" >&2
        cannot "the guest did not finish (qemu exit $qemu_rc; console: $kout/console.log)"
    fi
}

done_once="" summary=() failed_any=0 ran_any=""
for kernel in $boot; do
    t0=$(date +%s)
    kout=$out/$(basename "$kernel")
    run_kernel "$kernel" "$kout" "$done_once"
    results=$kout/results
    name=$(sed -n 's/^release //p' "$results" | grep -o '^[0-9]*\.[0-9]*')
    passed=$(grep -c '^PASS ' "$results")
    failed=$(grep -c '^FAIL ' "$results")
    done_once+=" $(awk '$1 == "PASS" || $1 == "FAIL" { print $2 }' "$results" | tr '\n' ' ')"
    ran_any+=" $(awk '$1 == "PASS" || $1 == "FAIL" { print $2 }' "$results" | tr '\n' ' ')"
    if [ "$failed" -gt 0 ]; then
        failed_any=1
        grep '^FAIL ' "$results" | while read -r _ scenario _; do
            echo "--- $name: $scenario (last lines of $kout/logs/$scenario.log)"
            tail -15 "$kout/logs/$scenario.log"
        done
    fi
    [ "$passed" -gt 0 ] || failed_any=1
    summary+=("vm $name: $passed passed, $failed failed ($(( $(date +%s) - t0 )) s)")
done

# Every scenario must have run on some kernel.
nowhere=()
for kout in "$out"/*/; do
    [ -f "$kout/results" ] || continue
    for scenario in $(awk '$1 == "SKIP" { print $2 }' "$kout/results"); do
        [[ " $ran_any " == *" $scenario "* ]] || [[ " ${nowhere[*]:-} " == *" $scenario "* ]] || nowhere+=("$scenario")
    done
done
echo
echo "vm tier: $(( $(date +%s) - started )) s; logs in $out/*/logs"
for scenario in "${nowhere[@]}"; do
    echo "FAIL $scenario: no kernel has what it needs ($(grep -h "^SKIP $scenario " "$out"/*/results | cut -d' ' -f4- | sort -u | tr '\n' ';'))"
    failed_any=1
done
printf '%s\n' "${summary[@]}"
exit "$failed_any"
