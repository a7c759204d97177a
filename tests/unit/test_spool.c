/* test_spool.c - the spool: entries' bytes out of memory, read back. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"

/* n bytes of a pattern that differs from offset to offset. */
static char *pattern(size_t n, unsigned seed)
{
	char *p = malloc(n);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (i * 7 + seed) % 26);
	return p;
}

/* Small and large appends, across the write buffer's edge, read back from
 * the file, from the buffer, and across both. */
static void append_and_read_back(void **state)
{
	struct wr_spool *s = spool_new();
	size_t sizes[] = { 1, 100, 4000, 300000, 7, 262144, 262143, 5, 1000000 };
	uint64_t offs[9], at = 0;
	char *data[9];

	(void)state;
	assert_non_null(s);
	for (size_t k = 0; k < 9; k++) {
		data[k] = pattern(sizes[k], (unsigned)k);
		assert_true(spool_append(s, data[k], sizes[k], &offs[k]));
		assert_int_equal(offs[k], at);
		at += sizes[k];
		assert_int_equal(spool_size(s), at);
	}
	for (size_t k = 0; k < 9; k++) {
		char *back = malloc(sizes[k]);

		assert_true(spool_read(s, offs[k], sizes[k], back));
		assert_memory_equal(back, data[k], sizes[k]);
		free(back);
	}
	/* Across two entries. */
	{
		char back[200];

		assert_true(spool_read(s, offs[1] + 50, sizeof back, back));
		assert_memory_equal(back, data[1] + 50, 50);
		assert_memory_equal(back + 50, data[2], 150);
	}
	for (size_t k = 0; k < 9; k++)
		free(data[k]);
	spool_free(s);
}

/* Past the end: EIO, not garbage. */
static void read_past_the_end(void **state)
{
	struct wr_spool *s = spool_new();
	uint64_t off;
	char buf[8];

	(void)state;
	assert_non_null(s);
	assert_true(spool_append(s, "abcd", 4, &off));
	errno = 0;
	assert_false(spool_read(s, 2, 4, buf));
	assert_int_equal(errno, EIO);
	assert_false(spool_read(s, UINT64_MAX - 1, 4, buf));
	assert_true(spool_read(s, 0, 4, buf));
	assert_memory_equal(buf, "abcd", 4);
	spool_free(s);
}

/* One spool appended to another, as merged run lists do. */
static void append_a_spool(void **state)
{
	struct wr_spool *a = spool_new(), *b = spool_new();
	char *big = pattern(600000, 3), *back = malloc(600000);
	uint64_t off, base;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_true(spool_append(a, "first", 5, &off));
	assert_true(spool_append(b, "x", 1, &off));
	assert_true(spool_append(b, big, 600000, &off));
	assert_true(spool_append_spool(a, b, &base));
	assert_int_equal(base, 5);
	assert_int_equal(spool_size(a), 5 + 1 + 600000);
	assert_true(spool_read(a, base + 1, 600000, back));
	assert_memory_equal(back, big, 600000);
	assert_true(spool_read(a, 0, 5, back));
	assert_memory_equal(back, "first", 5);
	free(big);
	free(back);
	spool_free(a);
	spool_free(b);
}

/* A TMPDIR that takes no file: the spool is made elsewhere. */
static void tmpdir_unusable(void **state)
{
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	struct wr_spool *s;
	uint64_t off;
	char buf[3];

	(void)state;
	setenv("TMPDIR", "/nonexistent/wrun-test", 1);
	s = spool_new();
	assert_non_null(s);
	assert_true(spool_append(s, "abc", 3, &off));
	assert_true(spool_read(s, 0, 3, buf));
	assert_memory_equal(buf, "abc", 3);
	spool_free(s);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(append_and_read_back),
		cmocka_unit_test(read_past_the_end),
		cmocka_unit_test(append_a_spool),
		cmocka_unit_test(tmpdir_unusable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
