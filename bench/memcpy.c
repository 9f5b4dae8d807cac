// SPDX-License-Identifier: GPL-2.0
//
// The baseline of bench/replay.sh: a plain memcpy loop between two buffers
// of the given size, on the given number of threads (each copying its own
// share), printing the bytes copied per second every second, like
// 'damo replay --test_perf' prints its rate.
//
// usage: memcpy SIZE_BYTES SECONDS THREADS
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

struct share {
	char *src, *dst;
	size_t len;
	double until;
	long copies;
};

static void *copy(void *arg)
{
	struct share *s = arg;

	while (now() < s->until) {
		memcpy(s->dst, s->src, s->len);
		s->copies++;
	}
	return NULL;
}

int main(int argc, char *argv[])
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s SIZE_BYTES SECONDS THREADS\n", argv[0]);
		return 1;
	}
	size_t size = strtoull(argv[1], NULL, 10);
	double seconds = atof(argv[2]);
	int threads = atoi(argv[3]);
	char *src = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	char *dst = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED || threads < 1) {
		perror("memcpy");
		return 1;
	}
	memset(src, 1, size);
	memset(dst, 2, size);
	double end = now() + seconds;
	struct share shares[threads];
	pthread_t ids[threads];
	size_t part = size / threads;
	while (now() < end) {
		double start = now();
		for (int i = 0; i < threads; i++) {
			shares[i] = (struct share){ src + i * part, dst + i * part, part, start + 1, 0 };
			pthread_create(&ids[i], NULL, copy, &shares[i]);
		}
		long copied = 0;
		for (int i = 0; i < threads; i++) {
			pthread_join(ids[i], NULL);
			copied += shares[i].copies * part;
		}
		printf("memcpy copies %.3f GiB per second\n", copied / (now() - start) / (1 << 30));
		fflush(stdout);
	}
	return 0;
}
