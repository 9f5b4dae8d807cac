#ifndef CREPLAY_H
#define CREPLAY_H

#include <stddef.h>

/* Writes `value` to every byte of [dst, dst + len), with stores that
 * bypass the caches where the CPU has them (x86-64): a replay writing
 * gigabytes has no use for them in the cache, and a cached store first
 * reads the line it writes, halving the bandwidth. */
void damo_stream_fill(void *dst, size_t len, unsigned char value);

#endif
