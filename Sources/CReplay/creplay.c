#include "creplay.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <emmintrin.h>

void damo_stream_fill(void *dst, size_t len, unsigned char value)
{
	unsigned char *p = dst;
	size_t head = (64 - ((uintptr_t)p & 63)) & 63;

	if (len < 4096) {
		memset(p, value, len);
		return;
	}
	memset(p, value, head);
	p += head;
	len -= head;
	__m128i v = _mm_set1_epi8((char)value);
	for (; len >= 64; p += 64, len -= 64) {
		_mm_stream_si128((__m128i *)p, v);
		_mm_stream_si128((__m128i *)(p + 16), v);
		_mm_stream_si128((__m128i *)(p + 32), v);
		_mm_stream_si128((__m128i *)(p + 48), v);
	}
	_mm_sfence();
	memset(p, value, len);
}
#else
void damo_stream_fill(void *dst, size_t len, unsigned char value)
{
	memset(dst, value, len);
}
#endif
