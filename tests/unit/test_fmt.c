/* test_fmt.c - display widths and cuts (fmt_fit, fmt_fit_n, fmt_width).
 *
 * fmt_fit_n takes printable ASCII without decoding it. What it returns must
 * be what decoding every character gives: the reference below is the
 * character-by-character loop it had before, and the tests compare the two
 * on every cut of many mixed strings, besides the cases written out. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "fmt.h"

/* ---- the reference: one character at a time, each one decoded ----------- */

static size_t ref_next_char(const char *s, size_t len, int *w)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	if ((unsigned char)*s < 0x80) {
		*w = 1;
		return 1;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*w = 1;
		return 1;
	}
	*w = wcwidth(wc);
	if (*w < 0)
		*w = 1;
	return n;
}

static size_t ref_fit_n(const char *s, size_t len, int cols, int *width)
{
	size_t used = 0;
	int total = 0, w;

	while (used < len && s[used]) {
		size_t k = ref_next_char(s + used, len - used, &w);

		if (total + w > cols)
			break;
		total += w;
		used += k;
	}
	*width = total;
	return used;
}

/* ---- written out ---------------------------------------------------------- */

static void fit_is(const char *s, int cols, size_t bytes, int width)
{
	int w = -1;

	assert_int_equal(fmt_fit(s, cols, &w), bytes);
	assert_int_equal(w, width);
}

static void ascii(void **state)
{
	(void)state;
	fit_is("", 5, 0, 0);
	fit_is("hello", 10, 5, 5);
	fit_is("hello", 5, 5, 5);
	fit_is("hello", 3, 3, 3);
	fit_is("hello", 0, 0, 0);
	fit_is("hello", -1, 0, 0);
	fit_is(" ~!", 3, 3, 3); /* the ends of the printable range */
	assert_int_equal(fmt_width("STATUS_SUCCESS"), 14);
	assert_int_equal(fmt_fit("abc", 2, NULL), 2); /* width may be NULL */
}

static void controls(void **state)
{
	(void)state;
	/* Control bytes and DEL count one column each (sanitized text has
	 * none; they are counted all the same). */
	fit_is("a\x01" "b", 10, 3, 3);
	fit_is("a\tb", 2, 2, 2);
	fit_is("\x1b[2J", 2, 2, 2);
	fit_is("ab\x7f" "cd", 3, 3, 3);
	assert_int_equal(fmt_width("\x7f\x1f"), 2);
}

static void wide(void **state)
{
	(void)state;
	/* U+4E2D and U+1F600 take two columns; é one. */
	fit_is("ab\xe4\xb8\xad" "c", 10, 6, 5);
	fit_is("ab\xe4\xb8\xad" "c", 4, 5, 4);
	fit_is("ab\xe4\xb8\xad" "c", 3, 2, 2); /* half a wide character never shows */
	fit_is("\xf0\x9f\x98\x80" "x", 2, 4, 2);
	fit_is("\xf0\x9f\x98\x80" "x", 1, 0, 0);
	fit_is("zo\xc3\xab", 3, 4, 3);
	assert_int_equal(fmt_width("zo\xc3\xab"), 3);
	assert_int_equal(fmt_width("\xe2\x94\x80\xe2\x94\x80"), 2); /* box drawing */
}

static void mixed_cuts(void **state)
{
	(void)state;
	/* A combining accent (U+0301) takes no column: it stays with the
	 * character before it, even at the cut. */
	fit_is("abc\xcc\x81" "d", 3, 5, 3);
	fit_is("abc\xcc\x81" "d", 4, 6, 4);
	/* An ASCII run after a wide character, cut inside it. */
	fit_is("\xe4\xb8\xad" "abcdef", 4, 5, 4);
	/* Bytes that begin no character count one column each. */
	fit_is("a\xff" "b", 2, 2, 2);
	fit_is("\x80\x80" "ab", 3, 3, 3);
	fit_is("ab\xe4\xb8", 4, 4, 4); /* a character cut short */
}

static void fit_n(void **state)
{
	int w;

	(void)state;
	assert_int_equal(fmt_fit_n("abcdef", 3, 10, &w), 3);
	assert_int_equal(w, 3);
	assert_int_equal(fmt_fit_n("ab\0cd", 5, 10, &w), 2); /* stops at a NUL */
	assert_int_equal(w, 2);
	/* len ends inside a character: its bytes count one column each. */
	assert_int_equal(fmt_fit_n("a\xe4\xb8\xad", 3, 10, &w), 3);
	assert_int_equal(w, 3);
	assert_int_equal(fmt_fit_n("abc", 0, 10, &w), 0);
	assert_int_equal(w, 0);
}

/* ---- against the reference --------------------------------------------------- */

static const char *const pieces[] = {
	"a", "Z", " ", "~", "0", "hello ",          /* printable ASCII */
	"\x01", "\t", "\x1b", "\x7f", "\n",          /* controls */
	"\xc3\xa9",                                  /* é */
	"\xe4\xb8\xad", "\xf0\x9f\x98\x80",          /* wide */
	"\xcc\x81", "\xe2\x80\x8d",                  /* no width: combining, ZWJ */
	"\xe2\x94\x80", "\xe2\x80\xa6",              /* ─ … */
	"\xff", "\x80", "\xc3", "\xe4\xb8", "\xed\xa0\x80", /* invalid */
};

static uint32_t rnd(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

static void against_reference(void **state)
{
	uint32_t seed = 9;
	char s[128];

	(void)state;
	for (int round = 0; round < 4000; round++) {
		size_t n = 0, k = 1 + rnd(&seed) % 8, len;
		int full;

		for (size_t i = 0; i < k; i++) {
			const char *p = pieces[rnd(&seed) % (sizeof pieces / sizeof pieces[0])];

			memcpy(s + n, p, strlen(p));
			n += strlen(p);
		}
		s[n] = '\0';
		ref_fit_n(s, n, 1 << 30, &full);
		assert_int_equal(fmt_width(s), full);
		/* Every cut in columns, and every cut in bytes. */
		for (int cols = -1; cols <= full + 1; cols++) {
			int w = -1, rw = -2;

			assert_int_equal(fmt_fit(s, cols, &w), ref_fit_n(s, n, cols, &rw));
			assert_int_equal(w, rw);
		}
		for (len = 0; len <= n; len++) {
			int cols = (int)(rnd(&seed) % (size_t)(full + 2)), w = -1, rw = -2;

			assert_int_equal(fmt_fit_n(s, len, cols, &w), ref_fit_n(s, len, cols, &rw));
			assert_int_equal(w, rw);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii),
		cmocka_unit_test(controls),
		cmocka_unit_test(wide),
		cmocka_unit_test(mixed_cuts),
		cmocka_unit_test(fit_n),
		cmocka_unit_test(against_reference),
	};

	/* Widths are the C.UTF-8 locale's, as under the interface. */
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
