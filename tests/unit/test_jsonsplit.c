/* test_jsonsplit.c - the top-level array splitter: element ranges, chunk
 * boundaries, in-place hand-out, and every error with its offset. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonsplit.h"

/* What the callback saw: the elements joined by '|', with their offsets. */
struct seen {
	char text[4096];
	size_t len;
	size_t offsets[64];
	size_t count;
	const char *chunk; /* the chunk being fed, to tell in-place hand-outs */
	size_t chunk_len;
	size_t in_place;
	size_t refuse_at; /* 1-based element number to refuse; 0 never */
};

static bool on_element(void *ctx, const char *p, size_t n, size_t offset)
{
	struct seen *s = ctx;

	if (s->count + 1 == s->refuse_at)
		return false;
	assert_true(s->len + n + 1 < sizeof s->text);
	if (s->count)
		s->text[s->len++] = '|';
	memcpy(s->text + s->len, p, n);
	s->len += n;
	s->text[s->len] = '\0';
	if (s->count < 64)
		s->offsets[s->count] = offset;
	s->count++;
	if (s->chunk && p >= s->chunk && p + n <= s->chunk + s->chunk_len)
		s->in_place++;
	return true;
}

/* Feeds doc in pieces of step bytes (0: whole); returns the final status. */
static enum jsonsplit_status split(const char *doc, size_t n, size_t step, size_t cap,
                                   struct seen *s, size_t *err_offset, int *err_byte)
{
	struct jsonsplit *js = jsonsplit_new(cap, on_element, s);
	enum jsonsplit_status st = JSONSPLIT_OK;
	size_t i;

	assert_non_null(js);
	if (step == 0)
		step = n ? n : 1;
	for (i = 0; i < n && st == JSONSPLIT_OK; i += step) {
		size_t k = n - i < step ? n - i : step;

		s->chunk = doc + i;
		s->chunk_len = k;
		st = jsonsplit_feed(js, doc + i, k);
	}
	if (st == JSONSPLIT_OK)
		st = jsonsplit_finish(js);
	if (err_offset)
		*err_offset = jsonsplit_error_offset(js);
	if (err_byte)
		*err_byte = jsonsplit_error_byte(js);
	jsonsplit_free(js);
	return st;
}

static void check_elements(const char *doc, const char *want)
{
	size_t step, n = strlen(doc);

	for (step = 0; step <= n; step++) {
		struct seen s = { .len = 0 };

		assert_int_equal(split(doc, n, step, 0, &s, NULL, NULL), JSONSPLIT_OK);
		assert_string_equal(s.text, want);
	}
}

static void elements_and_offsets(void **state)
{
	static const char doc[] = " [1, \"a]\" ,{\"b\":[2,{}]},[3] ,true,-2.5e3,null]\n";
	struct seen s = { .len = 0 };

	(void)state;
	assert_int_equal(split(doc, strlen(doc), 0, 0, &s, NULL, NULL), JSONSPLIT_OK);
	assert_string_equal(s.text, "1|\"a]\"|{\"b\":[2,{}]}|[3]|true|-2.5e3|null");
	assert_int_equal(s.count, 7);
	assert_int_equal(s.offsets[0], 2);
	assert_int_equal(s.offsets[1], 5);
	assert_int_equal(s.offsets[2], 11);
	assert_int_equal(s.offsets[3], 24);
	assert_int_equal(s.offsets[4], 29);
	assert_int_equal(s.offsets[5], 34);
	assert_int_equal(s.offsets[6], 41);
	assert_int_equal(s.in_place, 7);
	check_elements(doc, "1|\"a]\"|{\"b\":[2,{}]}|[3]|true|-2.5e3|null");
}

static void empty_arrays(void **state)
{
	struct seen s = { .len = 0 };

	(void)state;
	assert_int_equal(split("[]", 2, 0, 0, &s, NULL, NULL), JSONSPLIT_OK);
	assert_int_equal(split(" \t\r\n[ \n ] \n", 11, 1, 0, &s, NULL, NULL), JSONSPLIT_OK);
	assert_int_equal(s.count, 0);
}

static void strings_and_escapes_across_chunks(void **state)
{
	(void)state;
	/* Every split point of quotes, backslashes and brackets in strings. */
	check_elements("[\"a\\\\\",\"b\\\"c\",\"\\\\\\\"]\",{\"k\\\"}\":\"]}[{,\"},\"\\u0041\"]",
	               "\"a\\\\\"|\"b\\\"c\"|\"\\\\\\\"]\"|{\"k\\\"}\":\"]}[{,\"}|\"\\u0041\"");
	check_elements("[{\"a\":\"\\\\\"},{\"b\":\"\\\\\\\\\"}]",
	               "{\"a\":\"\\\\\"}|{\"b\":\"\\\\\\\\\"}");
}

static void top_level_object_is_one_element(void **state)
{
	static const char doc[] = "\n{\"a\":[1,2],\"b\":\"}\"}  \n";
	struct jsonsplit *js;
	struct seen s = { .len = 0 };

	(void)state;
	check_elements(doc, "{\"a\":[1,2],\"b\":\"}\"}");
	js = jsonsplit_new(0, on_element, &s);
	assert_non_null(js);
	assert_false(jsonsplit_top_is_object(js));
	assert_int_equal(jsonsplit_feed(js, doc, 3), JSONSPLIT_OK);
	assert_true(jsonsplit_top_is_object(js));
	assert_int_equal(jsonsplit_feed(js, doc + 3, strlen(doc) - 3), JSONSPLIT_OK);
	assert_int_equal(jsonsplit_finish(js), JSONSPLIT_OK);
	assert_int_equal(s.offsets[0], 1);
	jsonsplit_free(js);
}

static void in_place_only_within_one_chunk(void **state)
{
	static const char doc[] = "[{\"a\":1},{\"b\":2}]";
	struct seen s = { .len = 0 };

	(void)state;
	/* Split inside the second element: the first goes out in place, the
	 * second from the splitter's buffer. */
	assert_int_equal(split(doc, strlen(doc), 12, 0, &s, NULL, NULL), JSONSPLIT_OK);
	assert_string_equal(s.text, "{\"a\":1}|{\"b\":2}");
	assert_int_equal(s.in_place, 1);
}

static bool count_only(void *ctx, const char *p, size_t n, size_t offset)
{
	size_t *total = ctx;

	(void)p;
	(void)offset;
	*total += n;
	return true;
}

static void long_element_counted(void **state)
{
	size_t n = 3 * 1024 * 1024, i, total = 0;
	char *doc = malloc(n);
	struct jsonsplit *js;

	(void)state;
	assert_non_null(doc);
	memset(doc, 'x', n);
	memcpy(doc, "[\"", 2);
	memcpy(doc + n - 2, "\"]", 2);
	js = jsonsplit_new(0, count_only, &total);
	assert_non_null(js);
	for (i = 0; i < n; i += 3)
		assert_int_equal(jsonsplit_feed(js, doc + i, n - i < 3 ? n - i : 3), JSONSPLIT_OK);
	assert_int_equal(jsonsplit_finish(js), JSONSPLIT_OK);
	assert_int_equal(total, n - 2);
	jsonsplit_free(js);
	free(doc);
}

static void check_error(const char *doc, enum jsonsplit_status want, size_t want_offset,
                        int want_byte)
{
	size_t step, n = strlen(doc);

	for (step = 0; step <= n; step++) {
		struct seen s = { .len = 0 };
		size_t offset;
		int byte;

		assert_int_equal(split(doc, n, step, 0, &s, &offset, &byte), want);
		assert_int_equal(offset, want_offset);
		assert_int_equal(byte, want_byte);
	}
}

static void errors_with_offsets(void **state)
{
	(void)state;
	check_error("x", JSONSPLIT_ERR_START, 0, 'x');
	check_error("  \"a\"", JSONSPLIT_ERR_START, 2, '"');
	check_error("  1", JSONSPLIT_ERR_START, 2, '1');
	check_error("]", JSONSPLIT_ERR_START, 0, ']');
	check_error("[,]", JSONSPLIT_ERR_VALUE, 1, ',');
	check_error("[1,]", JSONSPLIT_ERR_VALUE, 3, ']');
	check_error("[1,,2]", JSONSPLIT_ERR_VALUE, 3, ',');
	check_error("[}", JSONSPLIT_ERR_VALUE, 1, '}');
	check_error("[{} {}]", JSONSPLIT_ERR_SEPARATOR, 4, '{');
	check_error("[1 2]", JSONSPLIT_ERR_SEPARATOR, 3, '2');
	check_error("[\"a\"\"b\"]", JSONSPLIT_ERR_SEPARATOR, 4, '"');
	check_error("[1:2]", JSONSPLIT_ERR_SEPARATOR, 2, ':');
	check_error("[]x", JSONSPLIT_ERR_TRAILING, 2, 'x');
	check_error("[] []", JSONSPLIT_ERR_TRAILING, 3, '[');
	check_error("{}{}", JSONSPLIT_ERR_TRAILING, 2, '{');
	check_error("{\"a\":1}}", JSONSPLIT_ERR_TRAILING, 7, '}');
	check_error("", JSONSPLIT_ERR_EMPTY, 0, -1);
	check_error(" \n\t ", JSONSPLIT_ERR_EMPTY, 4, -1);
	check_error("[", JSONSPLIT_ERR_END_IN_ARRAY, 1, -1);
	check_error("[1", JSONSPLIT_ERR_END_IN_ARRAY, 2, -1);
	check_error("[1, ", JSONSPLIT_ERR_END_IN_ARRAY, 4, -1);
	check_error("[{}", JSONSPLIT_ERR_END_IN_ARRAY, 3, -1);
	check_error("[{", JSONSPLIT_ERR_END_IN_ELEMENT, 2, -1);
	check_error("[\"ab", JSONSPLIT_ERR_END_IN_ELEMENT, 4, -1);
	check_error("[\"ab\\\"]", JSONSPLIT_ERR_END_IN_ELEMENT, 7, -1);
	check_error("{\"a\":", JSONSPLIT_ERR_END_IN_ELEMENT, 5, -1);
}

static void cap_and_refusal(void **state)
{
	struct seen s = { .len = 0 };
	struct jsonsplit *js;
	size_t offset;
	int byte;

	(void)state;
	/* Within one chunk and across chunks alike. */
	assert_int_equal(split("[1234, 12345]", 13, 0, 4, &s, &offset, &byte), JSONSPLIT_ERR_TOO_BIG);
	assert_int_equal(offset, 7);
	assert_int_equal(s.count, 1);
	memset(&s, 0, sizeof s);
	assert_int_equal(split("[1234, {\"a\":1}]", 15, 2, 4, &s, &offset, &byte),
	                 JSONSPLIT_ERR_TOO_BIG);
	assert_int_equal(offset, 7);
	assert_int_equal(byte, -1);
	memset(&s, 0, sizeof s);
	assert_int_equal(split("{\"a\":1}", 7, 1, 6, &s, &offset, &byte), JSONSPLIT_ERR_TOO_BIG);
	memset(&s, 0, sizeof s);
	assert_int_equal(split("{\"a\":1}", 7, 1, 7, &s, &offset, &byte), JSONSPLIT_OK);

	/* A refused element stops the scanner, for good. */
	memset(&s, 0, sizeof s);
	s.refuse_at = 2;
	js = jsonsplit_new(0, on_element, &s);
	assert_non_null(js);
	assert_int_equal(jsonsplit_feed(js, "[1, 22, 3", 9), JSONSPLIT_ERR_CALLBACK);
	assert_int_equal(jsonsplit_error_offset(js), 4);
	assert_int_equal(jsonsplit_feed(js, "]", 1), JSONSPLIT_ERR_CALLBACK);
	assert_int_equal(jsonsplit_finish(js), JSONSPLIT_ERR_CALLBACK);
	assert_int_equal(s.count, 1);
	jsonsplit_free(js);
	jsonsplit_free(NULL);
}

static void feeding_nothing(void **state)
{
	struct seen s = { .len = 0 };
	struct jsonsplit *js = jsonsplit_new(0, on_element, &s);

	(void)state;
	assert_non_null(js);
	assert_int_equal(jsonsplit_feed(js, "", 0), JSONSPLIT_OK);
	assert_int_equal(jsonsplit_feed(js, "[\"a", 3), JSONSPLIT_OK);
	assert_int_equal(jsonsplit_feed(js, NULL, 0), JSONSPLIT_OK);
	assert_int_equal(jsonsplit_feed(js, "\"]", 2), JSONSPLIT_OK);
	assert_int_equal(jsonsplit_finish(js), JSONSPLIT_OK);
	assert_string_equal(s.text, "\"a\"");
	jsonsplit_free(js);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elements_and_offsets),
		cmocka_unit_test(empty_arrays),
		cmocka_unit_test(strings_and_escapes_across_chunks),
		cmocka_unit_test(top_level_object_is_one_element),
		cmocka_unit_test(in_place_only_within_one_chunk),
		cmocka_unit_test(long_element_counted),
		cmocka_unit_test(errors_with_offsets),
		cmocka_unit_test(cap_and_refusal),
		cmocka_unit_test(feeding_nothing),
	};

	return cmocka_run_group_tests_name("jsonsplit", tests, NULL, NULL);
}
