/* test_sanitize.c - every class of character through sanitize_dup and sanitize_buf. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

/* Sanitizes n bytes of s and checks the result and sanitize_buf's length. */
static void check_n(const char *s, size_t n, unsigned flags, const char *want)
{
	char *got = sanitize_dup(s, n, flags);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(sanitize_buf(NULL, 0, s, n, flags), strlen(want));
	free(got);
}

static void check(const char *s, unsigned flags, const char *want)
{
	check_n(s, strlen(s), flags, want);
}

static void printable_ascii_unchanged(void **state)
{
	char all[96];
	int c;

	(void)state;
	for (c = 0x20; c < 0x7F; c++)
		all[c - 0x20] = (char)c;
	all[95] = '\0';
	check(all, 0, all);
	check("", 0, "");
	check_n("", 0, SAN_ASCII, "");
}

static void valid_utf8_unchanged(void **state)
{
	(void)state;
	check("caf\xc3\xa9", 0, "caf\xc3\xa9");                     /* é, 2 bytes */
	check("\xe6\x97\xa5\xe6\x9c\xac", 0, "\xe6\x97\xa5\xe6\x9c\xac"); /* 日本 */
	check("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80");           /* U+1F600 */
	check("\xc2\xa0", 0, "\xc2\xa0");                           /* U+00A0, after C1 */
	check("\xef\xbf\xbd", 0, "\xef\xbf\xbd");                   /* U+FFFD */
	check("\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf");           /* U+10FFFF */
	/* Zero-width joiner and non-joiner: emoji and scripts need them. */
	check("\xe2\x80\x8c\xe2\x80\x8d", 0, "\xe2\x80\x8c\xe2\x80\x8d");
}

static void c0_controls_as_caret(void **state)
{
	(void)state;
	check_n("a\0b", 3, 0, "a^@b");
	check("\x01\x02\x1f", 0, "^A^B^_");
	check("\x1b[31mred\x1b[0m", 0, "^[[31mred^[[0m");
	check("\x1b]0;title\x07", 0, "^[]0;title^G");
	check("a\rb", 0, "a^Mb");
	check("a\rb", SAN_KEEP_NEWLINE | SAN_TAB_TO_SPACE, "a^Mb");
	check("\x08\x0b\x0c", 0, "^H^K^L");
}

static void newline_and_tab(void **state)
{
	(void)state;
	check("a\nb", 0, "a^Jb");
	check("a\nb", SAN_KEEP_NEWLINE, "a\nb");
	check("a\tb", 0, "a^Ib");
	check("a\tb", SAN_TAB_TO_SPACE, "a b");
	check("a\tb\nc", SAN_TAB_TO_SPACE | SAN_KEEP_NEWLINE, "a b\nc");
	check("a\tb\nc", SAN_KEEP_NEWLINE, "a^Ib\nc");
}

static void del_as_caret(void **state)
{
	(void)state;
	check("a\x7f", 0, "a^?");
	check("\x7f", SAN_ASCII, "^?");
}

static void c1_controls_as_code_points(void **state)
{
	(void)state;
	check("\xc2\x80", 0, "<U+0080>");
	check("a\xc2\x85z", 0, "a<U+0085>z");
	check("\xc2\x9b" "31m", 0, "<U+009B>31m"); /* the 8-bit CSI */
	check("\xc2\x9f", 0, "<U+009F>");
	check("\xc2\x9b", SAN_ASCII, "<U+009B>");
}

static void bidi_and_invisible_made_visible(void **state)
{
	(void)state;
	/* "Trojan Source": RLO reverses what follows on screen. */
	check("ok\xe2\x80\xae" "txt.exe", 0, "ok<U+202E>txt.exe");
	check("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
	      "<U+202A><U+202B><U+202C><U+202D>");
	check("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0,
	      "<U+2066><U+2067><U+2068><U+2069>");
	check("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 0, "<U+200E><U+200F><U+061C>");
	check("a\xe2\x80\x8b" "b", 0, "a<U+200B>b");  /* zero-width space */
	check("\xe2\x81\xa0", 0, "<U+2060>");         /* word joiner */
	check("\xef\xbb\xbf" "x", 0, "<U+FEFF>x");     /* BOM */
	check("\xe2\x80\xa8\xe2\x80\xa9", 0, "<U+2028><U+2029>");
	check("\xf3\xa0\x81\x81", 0, "<U+E0041>");    /* tag LATIN CAPITAL A */
	check("\xe2\x80\xae", SAN_ASCII, "<U+202E>");
	/* Neighbours that are ordinary text pass. */
	check("\xe2\x80\xaf\xe2\x80\x90", 0, "\xe2\x80\xaf\xe2\x80\x90");
}

static void invalid_utf8_as_hex(void **state)
{
	(void)state;
	check("\x80", 0, "\\x80");                           /* stray continuation */
	check("a\xbf" "b", 0, "a\\xbfb");
	check("\xc0\xaf", 0, "\\xc0\\xaf");                  /* overlong '/' */
	check("\xc1\xbf", 0, "\\xc1\\xbf");
	check("\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf");         /* overlong, 3 bytes */
	check("\xf0\x80\x80\xaf", 0, "\\xf0\\x80\\x80\\xaf"); /* overlong, 4 bytes */
	check("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");         /* surrogate U+D800 */
	check("\xed\xbf\xbf", 0, "\\xed\\xbf\\xbf");         /* surrogate U+DFFF */
	check("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80"); /* U+110000 */
	check("\xf5\x80\x80\x80", 0, "\\xf5\\x80\\x80\\x80");
	check("\xfe\xff", 0, "\\xfe\\xff");
	check("\xe2\x82", 0, "\\xe2\\x82");                  /* cut short at the end */
	check("\xe2\x82" "A", 0, "\\xe2\\x82A");             /* cut short by ASCII */
	check("\xf0\x9f\x98", 0, "\\xf0\\x9f\\x98");
	check("\xc3" "\xc3\xa9", 0, "\\xc3\xc3\xa9");        /* a lead, then a valid é */
	check("\xff", SAN_ASCII, "\\xff");
}

static void ascii_flag(void **state)
{
	(void)state;
	check("caf\xc3\xa9", SAN_ASCII, "caf?");
	check("\xe6\x97\xa5\xe6\x9c\xac.", SAN_ASCII, "??.");
	check("\xf0\x9f\x98\x80", SAN_ASCII, "?");
	check("\xc2\xa0", SAN_ASCII, "?");
	check("plain\x1b", SAN_ASCII, "plain^[");
}

static void buf_truncates_at_unit_boundary(void **state)
{
	char dst[16];

	(void)state;
	memset(dst, 'Z', sizeof dst);
	assert_int_equal(sanitize_buf(dst, 5, "ab\x1b" "cd", 5, 0), 6);
	assert_string_equal(dst, "ab^[");
	/* "^[" does not fit in 4: it is not split, and nothing after it is
	 * written even when it would fit. */
	assert_int_equal(sanitize_buf(dst, 4, "ab\x1b" "c", 4, 0), 5);
	assert_string_equal(dst, "ab");
	assert_int_equal(sanitize_buf(dst, 5, "\xe6\x97\xa5\xe6\x9c\xac", 6, 0), 6);
	assert_string_equal(dst, "\xe6\x97\xa5");
	assert_int_equal(sanitize_buf(dst, 8, "\xc2\x85", 2, 0), 8);
	assert_string_equal(dst, "");
	assert_int_equal(sanitize_buf(dst, 9, "\xc2\x85", 2, 0), 8);
	assert_string_equal(dst, "<U+0085>");
	assert_int_equal(sanitize_buf(dst, 4, "\xff", 1, 0), 4);
	assert_string_equal(dst, "");
	assert_int_equal(sanitize_buf(dst, 1, "abc", 3, 0), 3);
	assert_string_equal(dst, "");
	/* Fits exactly, with its NUL. */
	assert_int_equal(sanitize_buf(dst, 4, "abc", 3, 0), 3);
	assert_string_equal(dst, "abc");
	/* dstsz 0 writes nothing at all. */
	dst[0] = 'Q';
	assert_int_equal(sanitize_buf(dst, 0, "abc", 3, 0), 3);
	assert_int_equal(dst[0], 'Q');
	assert_int_equal(sanitize_buf(NULL, 0, "\x01\x02", 2, 0), 4);
}

/* Printable ASCII is one unit a character: a long run is cut where the room
 * ends, not dropped whole. */
static void buf_cuts_a_long_ascii_run(void **state)
{
	char dst[8];

	(void)state;
	assert_int_equal(sanitize_buf(dst, sizeof dst, "abcdefghijkl", 12, 0), 12);
	assert_string_equal(dst, "abcdefg");
	assert_int_equal(sanitize_buf(dst, sizeof dst, "ab\x1b" "cdefghij", 11, 0), 12);
	assert_string_equal(dst, "ab^[cde");
	/* Once a unit is cut, nothing after it is written. */
	assert_int_equal(sanitize_buf(dst, 6, "abcdefg\x1bxyz", 11, 0), 12);
	assert_string_equal(dst, "abcde");
}

/* Checks that s is valid UTF-8 with no C0, DEL or C1 control. */
static bool terminal_safe(const unsigned char *s)
{
	while (*s) {
		if (*s < 0x20 || *s == 0x7F)
			return *s == '\n';
		if (*s < 0x80) {
			s++;
		} else if (*s >= 0xC2 && *s <= 0xDF) {
			if ((s[1] & 0xC0) != 0x80 || (*s == 0xC2 && s[1] < 0xA0))
				return false;
			s += 2;
		} else if (*s >= 0xE0 && *s <= 0xEF) {
			if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
				return false;
			s += 3;
		} else if (*s >= 0xF0 && *s <= 0xF4) {
			if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
				return false;
			s += 4;
		} else {
			return false;
		}
	}
	return true;
}

static void random_bytes_come_out_safe(void **state)
{
	unsigned char in[4096];
	unsigned seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		size_t i, n = (size_t)(round * 20 + 1);
		char *out, *ascii;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Bias towards bytes that start or continue sequences. */
			in[i] = (unsigned char)((seed >> 16) & 1 ? 0x80 | (seed >> 8) : seed >> 20);
		}
		out = sanitize_dup((const char *)in, n, SAN_KEEP_NEWLINE);
		ascii = sanitize_dup((const char *)in, n, SAN_ASCII);
		assert_non_null(out);
		assert_non_null(ascii);
		assert_true(terminal_safe((const unsigned char *)out));
		assert_true(terminal_safe((const unsigned char *)ascii));
		for (i = 0; ascii[i]; i++)
			assert_true((unsigned char)ascii[i] < 0x80);
		assert_int_equal(strlen(out), sanitize_buf(NULL, 0, (const char *)in, n,
		                                           SAN_KEEP_NEWLINE));
		free(out);
		free(ascii);
	}
}

/* sanitize_json: s through it, compared with want, and the count agrees. */
static void check_json(const char *s, const char *want)
{
	size_t n = strlen(s), len = sanitize_json(NULL, s, n);
	char *out = malloc(len + 1);

	assert_non_null(out);
	assert_int_equal(sanitize_json(out, s, n), len);
	out[len] = '\0';
	assert_string_equal(out, want);
	free(out);
}

static void json_text_escapes(void **state)
{
	(void)state;
	/* Nothing to change: the same length says so. */
	check_json("{\"a\":\"x\\u001by \xc3\xa9 \xe6\x97\xa5\"}", "{\"a\":\"x\\u001by \xc3\xa9 \xe6\x97\xa5\"}");
	assert_int_equal(sanitize_json(NULL, "[\"\xf0\x9f\x98\x80\"]", 8), 8);
	/* DEL, a CSI, the bidi override, a zero-width space. */
	check_json("\"a\x7f" "b\xc2\x9b" "2J\xe2\x80\xae" "c\xe2\x80\x8b\"",
	           "\"a\\u007fb\\u009b2J\\u202ec\\u200b\"");
	/* A tag character: a surrogate pair. */
	check_json("\"\xf3\xa0\x80\x81\"", "\"\\udb40\\udc01\"");
	/* Bytes that are not UTF-8: U+FFFD each. */
	check_json("\"\xff\xc3\"", "\"\\ufffd\\ufffd\"");
	check_json("\"\xed\xa0\x80\"", "\"\\ufffd\\ufffd\\ufffd\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printable_ascii_unchanged),
		cmocka_unit_test(valid_utf8_unchanged),
		cmocka_unit_test(c0_controls_as_caret),
		cmocka_unit_test(newline_and_tab),
		cmocka_unit_test(del_as_caret),
		cmocka_unit_test(c1_controls_as_code_points),
		cmocka_unit_test(bidi_and_invisible_made_visible),
		cmocka_unit_test(invalid_utf8_as_hex),
		cmocka_unit_test(ascii_flag),
		cmocka_unit_test(buf_truncates_at_unit_boundary),
		cmocka_unit_test(buf_cuts_a_long_ascii_run),
		cmocka_unit_test(json_text_escapes),
		cmocka_unit_test(random_bytes_come_out_safe),
	};

	return cmocka_run_group_tests_name("sanitize", tests, NULL, NULL);
}
