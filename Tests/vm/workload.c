/* The VM tier's workload: maps TOTAL MiB of anonymous memory, touches
 * all of it once, then keeps writing one byte of every page of a HOT MiB
 * part that starts OFFSET MiB into the mapping, sleeping 1 ms after each
 * pass, until killed (or for SECONDS seconds).
 *
 * usage: workload [-f FILE_MIB] [-s STEP_SECONDS] TOTAL_MIB HOT_MIB OFFSET_MIB INFO_FILE [SECONDS]
 *   -f FILE_MIB   also map FILE_MIB MiB of a file (in $TMPDIR or /tmp, a
 *                 tmpfs in the test guest; removed at once) shared, and
 *                 write all of it once: file-backed memory beside the
 *                 anonymous buffer, never touched again
 *   -n NODE       take the memory from NUMA node NODE (mbind): on a node
 *                 little else uses, its pages lie close together
 *   -s STEP       stairs: the hot part moves up by HOT MiB every STEP
 *                 seconds (back to the start of the buffer at its end;
 *                 OFFSET must be a multiple of HOT)
 *
 * Before the loop starts it writes INFO_FILE (through a temporary name, so
 * a reader never sees half of it), one "key value" per line, decimal:
 *   pid, buf_start, buf_end, hot_start, hot_end  (virtual addresses; the
 *                 first hot part with -s)
 *   file_start, file_end  (with -f)
 *   step_us, loop_start_ns  (with -s: at CLOCK_MONOTONIC time t the hot
 *                 part is window (OFFSET/HOT + (t - loop_start_ns) / step)
 *                 modulo TOTAL/HOT of the buffer)
 *   pfn_min, pfn_max  (the lowest and highest page frame of the buffer's
 *                 and the file's pages, from /proc/self/pagemap; needs root)
 *   hot_pfn N    (one line per page of the first hot part: its page frame
 *                 number, read from /proc/self/pagemap; needs root)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* mbind(MPOL_BIND) to one node, without libnuma. */
static int bind_to(int node, void *addr, size_t len)
{
    unsigned long mask = 1UL << node;
    if (syscall(SYS_mbind, addr, len, 2 /* MPOL_BIND */, &mask, sizeof(mask) * 8, 0) != 0) {
        perror("workload: mbind");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t file_mib = 0;
    double step = 0;
    int node = -1, opt;
    while ((opt = getopt(argc, argv, "+f:n:s:")) != -1) {
        if (opt == 'f')
            file_mib = strtoul(optarg, NULL, 10);
        else if (opt == 'n')
            node = atoi(optarg);
        else if (opt == 's')
            step = atof(optarg);
        else
            return 2;
    }
    argc -= optind - 1;
    argv += optind - 1;
    if (argc < 5) {
        fprintf(stderr, "usage: %s [-f FILE_MIB] [-s STEP] TOTAL_MIB HOT_MIB OFFSET_MIB INFO_FILE [SECONDS]\n", argv[0]);
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
    if (step > 0 && offset % hot) {
        fprintf(stderr, "workload: with -s, OFFSET must be a multiple of HOT\n");
        return 2;
    }
    volatile char *buf = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("workload: mmap");
        return 1;
    }
    /* Small pages: one accessed bit per 4 KiB, as the checks expect. */
    madvise((void *)buf, total, MADV_NOHUGEPAGE);
    if (node >= 0 && bind_to(node, (void *)buf, total) != 0)
        return 1;
    for (size_t i = 0; i < total; i += page)
        buf[i] = 1;

    volatile char *file = NULL;
    if (file_mib) {
        char path[4096];
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof(path), "%s/workload-%d.data", dir && *dir ? dir : "/tmp", (int)getpid());
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
        unlink(path);
        if (fd < 0 || ftruncate(fd, (off_t)(file_mib * mib)) != 0) {
            perror("workload: data file");
            return 1;
        }
        file = mmap(NULL, file_mib * mib, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (file == MAP_FAILED) {
            perror("workload: mmap of the data file");
            return 1;
        }
        close(fd);
        if (node >= 0 && bind_to(node, (void *)file, file_mib * mib) != 0)
            return 1;
        for (size_t i = 0; i < file_mib * mib; i += page)
            file[i] = 1;
    }

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
    if (file)
        fprintf(f, "file_start %lu\nfile_end %lu\n", (unsigned long)(uintptr_t)file,
                (unsigned long)((uintptr_t)file + file_mib * mib));
    double loop_start = now();
    if (step > 0)
        fprintf(f, "step_us %lu\nloop_start_ns %lu\n", (unsigned long)(step * 1e6),
                (unsigned long)(loop_start * 1e9));
    int pm = open("/proc/self/pagemap", O_RDONLY);
    uint64_t pfn_min = UINT64_MAX, pfn_max = 0;
    for (int part = 0; pm >= 0 && part < 2; part++) {
        uintptr_t base = part ? (uintptr_t)file : start;
        size_t len = part ? file_mib * mib : total;
        for (size_t i = 0; base && i < len; i += page) {
            uint64_t entry;
            if (pread(pm, &entry, sizeof(entry), (off_t)((base + i) / page * sizeof(entry))) != sizeof(entry))
                break;
            uint64_t pfn = entry & ((1ULL << 55) - 1);
            if ((entry >> 63) & 1 && pfn) {
                pfn_min = pfn < pfn_min ? pfn : pfn_min;
                pfn_max = pfn > pfn_max ? pfn : pfn_max;
            }
        }
    }
    if (pfn_max)
        fprintf(f, "pfn_min %lu\npfn_max %lu\n", (unsigned long)pfn_min, (unsigned long)pfn_max);
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
    size_t windows = total / hot;
    for (unsigned long round = 0;; round++) {
        size_t at = offset;
        if (step > 0)
            at = hot * ((offset / hot + (size_t)((now() - loop_start) / step)) % windows);
        for (size_t i = at; i < at + hot; i += page)
            buf[i] = (char)round;
        nanosleep(&pause, NULL);
        if (end && now() > end)
            break;
    }
    return 0;
}
