// SPDX-License-Identifier: GPL-2.0
//
// Streams a synthetic DAMON record of any length in damo 3.4.3's
// json_compressed format (json.dumps(indent=4) text in one zlib stream),
// with a fixed number of regions per snapshot.  For bench/scale.sh; see
// bench/README.md.
//
// Deflating 8.6 GiB of text per 20,000 snapshots took longer than reading
// it back, so each snapshot's regions (a drifting hot band plus noise) are
// one of VARIANTS texts per band position, each deflated once and then
// copied: every piece is deflated on its own and flushed to a byte
// boundary (Z_FULL_FLUSH, a raw stream), so the pieces concatenate into one
// valid deflate stream; the small per-snapshot text (the times) goes in
// stored blocks.  The Adler-32 of the whole is combined from the pieces'.
// damo itself compresses at zlib's default level (6); we use level 1
// (LEVEL overrides): any valid zlib stream is a valid record.
//
//   cc -O2 -o gen_scale gen_scale.c -lz
//   gen_scale NR_SNAPSHOTS NR_REGIONS OUT [LEVEL]   (LEVEL: zlib level, default 1)
//   gen_scale NR_SNAPSHOTS NR_REGIONS - json        (plain JSON on stdout)
//   gen_scale --inflate FILE                        (inflates, prints the size:
//                                                    the floor of any reader)

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define VARIANTS 4

static char *buf;
static size_t len, cap;
static FILE *out;
static int plain;
static uLong adler = 1;

static void put(const char *s)
{
	size_t n = strlen(s);
	if (len + n > cap) {
		cap = (len + n) * 2;
		buf = realloc(buf, cap);
		if (!buf)
			exit(1);
	}
	memcpy(buf + len, s, n);
	len += n;
}

static void write_all(const void *p, size_t n)
{
	if (fwrite(p, 1, n, out) != n)
		exit(1);
}

// Writes buf as stored deflate blocks (or as is, plain) and empties it.
static void drain_stored(void)
{
	if (plain) {
		write_all(buf, len);
		len = 0;
		return;
	}
	adler = adler32(adler, (unsigned char *)buf, len);
	for (size_t off = 0; off < len;) {
		size_t n = len - off > 65535 ? 65535 : len - off;
		unsigned char h[5] = { 0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff };
		write_all(h, sizeof(h));
		write_all(buf + off, n);
		off += n;
	}
	len = 0;
}

// One snapshot's regions text, deflated on its own.
struct piece {
	unsigned char *data;
	size_t size, text_len;
	uLong adler;
};

static struct piece deflate_piece(int level)
{
	static z_stream zs;
	static int ready;
	struct piece p = { .text_len = len, .adler = adler32(1, (unsigned char *)buf, len) };

	if (!ready && deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	ready = 1;
	if (deflateReset(&zs) != Z_OK)
		exit(1);
	size_t bound = deflateBound(&zs, len) + 16;
	p.data = malloc(bound);
	if (!p.data)
		exit(1);
	zs.next_in = (unsigned char *)buf;
	zs.avail_in = len;
	zs.next_out = p.data;
	zs.avail_out = bound;
	if (deflate(&zs, Z_FULL_FLUSH) != Z_OK || zs.avail_in != 0 || zs.avail_out == 0)
		exit(1);
	p.size = bound - zs.avail_out;
	len = 0;
	return p;
}

// damo's human integer: 1,234,567
static void commas(char *dst, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v), o = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			dst[o++] = ',';
		dst[o++] = tmp[i];
	}
	dst[o] = 0;
}

static uint64_t rng;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const uint64_t base = 0x7f0000000000ull, page = 4096, region_pages = 1024;

// Appends the regions of a snapshot whose hot band is at region `hot`, and
// the rest of the snapshot after them.
static void put_regions(long nr_regions, long hot, int variant)
{
	char line[1024], a[40], b[40];

	rng = 42 + (uint64_t)hot * VARIANTS + variant;
	for (long r = 0; r < nr_regions; r++) {
		uint64_t start = base + (uint64_t)r * region_pages * page;
		uint64_t rnd = next_rand();
		long dist = labs(r - hot);
		unsigned samples = dist < nr_regions / 20 ? 10 + rnd % 11 : (rnd % 8 == 0 ? rnd % 5 : 0);
		commas(a, start);
		commas(b, start + region_pages * page);
		snprintf(line, sizeof(line),
			 "%s                    {\n                        \"start\": \"%s\",\n"
			 "                        \"end\": \"%s\",\n", r ? ",\n" : "", a, b);
		put(line);
		snprintf(line, sizeof(line),
			 "                        \"nr_accesses\": {\n                            \"samples\": %u,\n"
			 "                            \"percent\": null\n                        },\n"
			 "                        \"age\": {\n                            \"usec\": null,\n"
			 "                            \"aggr_intervals\": \"%llu\"\n                        },\n",
			 samples, (unsigned long long)(rnd >> 20) % 200);
		put(line);
		put("                        \"probe_hits\": [],\n"
		    "                        \"sz_filter_passed\": \"0 B\"\n                    }");
	}
	snprintf(line, sizeof(line), "\n                ],\n                \"total_bytes\": \"%llu\",\n"
		 "                \"damos_stats\": null,\n                \"sample_interval_us\": null\n"
		 "            }", (unsigned long long)(nr_regions * region_pages * page));
	put(line);
}

static int inflate_only(const char *path)
{
	static unsigned char in[1 << 20], outb[1 << 20];
	FILE *f = fopen(path, "rb");
	z_stream is = {0};
	unsigned long long total = 0;
	int rc = Z_OK;

	if (!f || inflateInit(&is) != Z_OK)
		return 1;
	while (rc != Z_STREAM_END) {
		is.avail_in = fread(in, 1, sizeof(in), f);
		if (is.avail_in == 0)
			break;
		is.next_in = in;
		do {
			is.next_out = outb;
			is.avail_out = sizeof(outb);
			rc = inflate(&is, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END)
				return 1;
			total += sizeof(outb) - is.avail_out;
		} while (is.avail_out == 0 && rc != Z_STREAM_END);
	}
	inflateEnd(&is);
	fclose(f);
	printf("%llu\n", total);
	return rc == Z_STREAM_END ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--inflate") == 0)
		return inflate_only(argv[2]);
	if (argc < 4) {
		fprintf(stderr, "usage: %s NR_SNAPSHOTS NR_REGIONS OUT [LEVEL|json]\n", argv[0]);
		return 1;
	}
	long nr_snapshots = atol(argv[1]), nr_regions = atol(argv[2]);
	int level = 1;
	if (argc > 4 && strcmp(argv[4], "json") == 0)
		plain = 1;
	else if (argc > 4)
		level = atoi(argv[4]);
	if (nr_snapshots < 1 || nr_regions < 1 || level < 0 || level > 9)
		return 1;
	out = strcmp(argv[3], "-") == 0 ? stdout : fopen(argv[3], "wb");
	if (!out)
		return 1;
	// One deflated piece per band position and variant, made when first used.
	struct piece *pieces = calloc((size_t)nr_regions * VARIANTS, sizeof(*pieces));
	if (!pieces)
		return 1;
	if (!plain)
		write_all("\x78\x01", 2);

	const uint64_t aggr_ns = 100000000ull;
	uint64_t t = 1000000000000ull;
	char line[1024];

	put("[\n    {\n        \"kdamond_idx\": 0,\n        \"context_idx\": 0,\n"
	    "        \"intervals\": {\n            \"sample_us\": \"5000\",\n"
	    "            \"aggr_us\": \"100000\",\n            \"ops_update_us\": \"1000000\",\n"
	    "            \"intervals_goal\": {\n                \"access_bp\": \"0.000000\",\n"
	    "                \"aggrs\": \"0\",\n                \"min_sample_us\": \"0\",\n"
	    "                \"max_sample_us\": \"0\"\n            }\n        },\n"
	    "        \"scheme_idx\": null,\n        \"target_id\": 1234,\n"
	    "        \"scheme_filters\": [],\n        \"snapshots\": [\n");
	for (long s = 0; s < nr_snapshots; s++) {
		snprintf(line, sizeof(line), "            {\n                \"start_time\": \"%llu\",\n"
			 "                \"end_time\": \"%llu\",\n                \"regions\": [\n",
			 (unsigned long long)t, (unsigned long long)(t + aggr_ns));
		put(s ? ",\n" : "");
		put(line);
		drain_stored();
		long hot = (s / 50) % nr_regions;
		int variant = s % VARIANTS;
		if (plain) {
			put_regions(nr_regions, hot, variant);
			drain_stored();
		} else {
			struct piece *p = &pieces[hot * VARIANTS + variant];
			if (!p->data) {
				put_regions(nr_regions, hot, variant);
				*p = deflate_piece(level);
			}
			write_all(p->data, p->size);
			adler = adler32_combine(adler, p->adler, p->text_len);
		}
		t += aggr_ns;
	}
	put("\n        ],\n        \"data_source\": \"unknown\"\n    }\n]");
	drain_stored();
	if (!plain) {
		// An empty final block (fixed Huffman), then the Adler-32, big-endian.
		unsigned char tail[6] = { 0x03, 0x00, adler >> 24, adler >> 16, adler >> 8, adler };
		write_all(tail, sizeof(tail));
	}
	return fclose(out) == 0 ? 0 : 1;
}
