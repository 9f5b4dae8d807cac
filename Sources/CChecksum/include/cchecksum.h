#ifndef CCHECKSUM_H
#define CCHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* The Adler-32 of RFC 1950 (the check of zlib streams, so of every
 * json_compressed record) continued over [p, p + len): `adler` is the
 * value so far (1 for none).  Uses the widest vector unit the CPU has;
 * inflating a record spends a third of its time here. */
uint32_t damo_adler32(uint32_t adler, const unsigned char *p, size_t len);

/* The same with a given implementation, for tests: 0 bytewise, 1 SSE2,
 * 2 AVX2 (a level the CPU or build lacks falls back to a lower one). */
uint32_t damo_adler32_level(int level, uint32_t adler, const unsigned char *p, size_t len);

/* The highest level this CPU runs. */
int damo_adler32_best_level(void);

#endif
