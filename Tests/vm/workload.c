/* The VM tier's workload: maps TOTAL MiB, touches all of it once, then
 * keeps writing one byte of every page of a HOT MiB part that starts
 * OFFSET MiB into the mapping, sleeping 1 ms after each pass, until
 * killed (or for SECONDS seconds).
 *
 * usage: workload TOTAL_MIB HOT_MIB OFFSET_MIB INFO_FILE [SECONDS]
 *
 * Before the loop starts it writes INFO_FILE (through a temporary name, so
 * a reader never sees half of it), one "key value" per line, decimal:
 *   pid, buf_start, buf_end, hot_start, hot_end  (virtual addresses)
 *   hot_pfn N    (one line per hot page: its page frame number, read from
 *                 /proc/self/pagemap; needs root, 0 lines without it)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s TOTAL_MIB HOT_MIB OFFSET_MIB INFO_FILE [SECONDS]\n", argv[0]);
        return 2;
    }
    size_t mib = 1 << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    size_t total = strtoul(argv[1], NULL, 10) * mib;
    size_t hot = strtoul(argv[2], NULL, 10) * mib;
    size_t offset = strtoul(argv[3], NULL, 10) * mib;
    const char *info = argv[4];
    double seconds = argc > 5 ? atof(argv[5]) : 0;
    if (total == 0 || hot == 0 || offset + hot > total) {
        fprintf(stderr, "workload: the hot part must lie inside the mapping\n");
        return 2;
    }
    volatile char *buf = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("workload: mmap");
        return 1;
    }
    /* Small pages: one accessed bit per 4 KiB, as the checks expect. */
    madvise((void *)buf, total, MADV_NOHUGEPAGE);
    for (size_t i = 0; i < total; i += page)
        buf[i] = 1;

    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", info);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror("workload: info file");
        return 1;
    }
    uintptr_t start = (uintptr_t)buf;
    fprintf(f, "pid %d\nbuf_start %lu\nbuf_end %lu\nhot_start %lu\nhot_end %lu\n", getpid(),
            (unsigned long)start, (unsigned long)(start + total), (unsigned long)(start + offset),
            (unsigned long)(start + offset + hot));
    int pm = open("/proc/self/pagemap", O_RDONLY);
    for (size_t i = offset; pm >= 0 && i < offset + hot; i += page) {
        uint64_t entry;
        if (pread(pm, &entry, sizeof(entry), (off_t)((start + i) / page * sizeof(entry))) != sizeof(entry))
            break;
        uint64_t pfn = entry & ((1ULL << 55) - 1);
        if ((entry >> 63) & 1 && pfn)
            fprintf(f, "hot_pfn %lu\n", (unsigned long)pfn);
    }
    if (pm >= 0)
        close(pm);
    if (fclose(f) != 0 || rename(tmp, info) != 0) {
        perror("workload: info file");
        return 1;
    }

    /* A short sleep after each pass makes the CPU switch to another
     * process (the guest's noise loop) many times per sampling interval:
     * under software emulation that switch is what flushes the TLB, and
     * without it the accessed bits DAMON clears are rarely set again. */
    struct timespec pause = {0, 1000000};
    double end = seconds > 0 ? now() + seconds : 0;
    for (unsigned long round = 0;; round++) {
        for (size_t i = offset; i < offset + hot; i += page)
            buf[i] = (char)round;
        nanosleep(&pause, NULL);
        if (end && now() > end)
            break;
    }
    return 0;
}
