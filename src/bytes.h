/* bytes.h - scanning runs of ordinary bytes eight at a time. History bodies
 * are mostly long strings of plain ASCII (logs); these find where such a
 * run ends without a branch per byte. Each returns the length of the
 * longest prefix of p[0..n) whose bytes all pass its test. */
#ifndef WRUN_BYTES_H
#define WRUN_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BYTES_ONES ((uint64_t)0x0101010101010101u)
#define BYTES_HIGHS ((uint64_t)0x8080808080808080u)

/* Some byte of x is zero; some byte of x is below b (b <= 128). */
#define BYTES_HAS_ZERO(x) (((x) - BYTES_ONES) & ~(x) & BYTES_HIGHS)
#define BYTES_HAS_LESS(x, b) (((x) - BYTES_ONES * (b)) & ~(x) & BYTES_HIGHS)

static inline uint64_t bytes_load(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof x);
	return x;
}

/* Bytes below 0x7F (ASCII without DEL). */
static inline size_t bytes_ascii_run(const unsigned char *p, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x = bytes_load(p + i);

		/* A byte of 0x7F carries into its top bit; a carry out of
		 * 0xFF can only follow a byte that fails anyway. */
		if ((x | (x + BYTES_ONES)) & BYTES_HIGHS)
			break;
	}
	while (i < n && p[i] < 0x7F)
		i++;
	return i;
}

/* Bytes that stand for themselves in a JSON string: no control byte, no
 * quote, no backslash. */
static inline size_t bytes_json_plain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x = bytes_load(p + i);

		if (BYTES_HAS_LESS(x, 0x20) | BYTES_HAS_ZERO(x ^ (BYTES_ONES * '"')) |
		    BYTES_HAS_ZERO(x ^ (BYTES_ONES * '\\')))
			break;
	}
	while (i < n && p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
		i++;
	return i;
}

#endif
