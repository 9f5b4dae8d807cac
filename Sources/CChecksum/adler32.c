#include "cchecksum.h"

/* Adler-32: a = 1 + sum of bytes, b = sum of the successive a values,
 * both modulo 65521.  Over a block of n bytes x[0..n), starting from a
 * and b:
 *     a' = a + sum x[i]
 *     b' = b + n * a + sum (n - i) * x[i]
 * The vector versions compute the two sums of each 16- or 32-byte block
 * in lanes, and the n * a terms from the running byte sums, and reduce
 * modulo 65521 once per CHUNK bytes, before any 32-bit lane can
 * overflow. */

#define MOD 65521u
/* Bytes between reductions: a multiple of 32, and with every lane sum
 * below 2^32 (the largest, the running sums, stay under 2^28). */
#define CHUNK 5504u

static void bytewise(uint64_t *a, uint64_t *b, const unsigned char *p, size_t len)
{
	uint64_t s1 = *a, s2 = *b;

	while (len > 0) {
		size_t n = len < CHUNK ? len : CHUNK;

		len -= n;
		while (n--) {
			s1 += *p++;
			s2 += s1;
		}
		s1 %= MOD;
		s2 %= MOD;
	}
	*a = s1;
	*b = s2;
}

#if defined(__x86_64__)
#include <immintrin.h>

static uint64_t sum_epi32x4(__m128i v)
{
	uint32_t l[4];

	_mm_storeu_si128((__m128i *)l, v);
	return (uint64_t)l[0] + l[1] + l[2] + l[3];
}

/* 16 bytes a step: byte sums by SAD against zero, weighted sums by
 * widening to 16 bits and multiply-adding the weights 16..1. */
static void sse2(uint64_t *a, uint64_t *b, const unsigned char *p, size_t len)
{
	const __m128i zero = _mm_setzero_si128();
	const __m128i w_lo = _mm_setr_epi16(16, 15, 14, 13, 12, 11, 10, 9);
	const __m128i w_hi = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);
	uint64_t s1 = *a, s2 = *b;

	while (len >= 16) {
		size_t n = len < CHUNK ? len & ~(size_t)15 : CHUNK;
		__m128i sums = zero, running = zero, weighted = zero;

		s2 += s1 * n;
		len -= n;
		for (; n; n -= 16, p += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)p);

			running = _mm_add_epi32(running, sums);
			sums = _mm_add_epi32(sums, _mm_sad_epu8(v, zero));
			weighted = _mm_add_epi32(weighted,
				_mm_add_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(v, zero), w_lo),
					      _mm_madd_epi16(_mm_unpackhi_epi8(v, zero), w_hi)));
		}
		s1 += sum_epi32x4(sums);
		s2 += 16 * sum_epi32x4(running) + sum_epi32x4(weighted);
		s1 %= MOD;
		s2 %= MOD;
	}
	*a = s1;
	*b = s2;
	bytewise(a, b, p, len);
}

/* 32 bytes a step: the weights 32..1 fit signed bytes, so one
 * multiply-add of unsigned by signed bytes gives 16-bit pair sums (at
 * most 255 * 63, no saturation), and a second widens them to 32 bits. */
__attribute__((target("avx2")))
static void avx2(uint64_t *a, uint64_t *b, const unsigned char *p, size_t len)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i ones = _mm256_set1_epi16(1);
	const __m256i weights = _mm256_setr_epi8(
		32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
		16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
	uint64_t s1 = *a, s2 = *b;

	while (len >= 32) {
		size_t n = len < CHUNK ? len & ~(size_t)31 : CHUNK;
		__m256i sums = zero, running = zero, weighted = zero;

		s2 += s1 * n;
		len -= n;
		for (; n; n -= 32, p += 32) {
			__m256i v = _mm256_loadu_si256((const __m256i *)p);

			running = _mm256_add_epi32(running, sums);
			sums = _mm256_add_epi32(sums, _mm256_sad_epu8(v, zero));
			weighted = _mm256_add_epi32(weighted,
				_mm256_madd_epi16(_mm256_maddubs_epi16(v, weights), ones));
		}
		__m128i s = _mm_add_epi32(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
		__m128i r = _mm_add_epi32(_mm256_castsi256_si128(running), _mm256_extracti128_si256(running, 1));
		__m128i w = _mm_add_epi32(_mm256_castsi256_si128(weighted), _mm256_extracti128_si256(weighted, 1));
		s1 += sum_epi32x4(s);
		s2 += 32 * sum_epi32x4(r) + sum_epi32x4(w);
		s1 %= MOD;
		s2 %= MOD;
	}
	*a = s1;
	*b = s2;
	sse2(a, b, p, len);
}

int damo_adler32_best_level(void)
{
	static int level = -1;

	if (level < 0)
		level = __builtin_cpu_supports("avx2") ? 2 : 1;
	return level;
}
#else
int damo_adler32_best_level(void)
{
	return 0;
}
#endif

uint32_t damo_adler32_level(int level, uint32_t adler, const unsigned char *p, size_t len)
{
	uint64_t a = adler & 0xffff, b = adler >> 16;
	int best = damo_adler32_best_level();

	if (level > best)
		level = best;
	switch (level) {
#if defined(__x86_64__)
	case 2:
		avx2(&a, &b, p, len);
		break;
	case 1:
		sse2(&a, &b, p, len);
		break;
#endif
	default:
		bytewise(&a, &b, p, len);
	}
	return (uint32_t)(b << 16 | a);
}

uint32_t damo_adler32(uint32_t adler, const unsigned char *p, size_t len)
{
	return damo_adler32_level(damo_adler32_best_level(), adler, p, len);
}
