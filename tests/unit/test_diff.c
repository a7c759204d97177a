/* test_diff.c - the line diff of two logs, and the change between two
 * metrics as the comparison shows it. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "fmt.h"

/* The script as a string: "=a" same, "-a" deleted, "+b" added, by line text. */
static void script(const char *ta, const char *tb, size_t max_cells, char *out, size_t n)
{
	struct diff_lines a, b;
	struct diff_op *ops;
	size_t k, len = 0;

	assert_true(diff_lines_split(&a, ta));
	assert_true(diff_lines_split(&b, tb));
	assert_true(diff_run(&a, &b, max_cells, &ops, &k));
	out[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		const struct diff_lines *src = ops[i].kind == DIFF_ADD ? &b : &a;
		char sign = ops[i].kind == DIFF_SAME ? '=' : ops[i].kind == DIFF_DEL ? '-' : '+';

		len += (size_t)snprintf(out + len, n - len, "%s%c%.*s", i ? " " : "", sign,
		                        (int)src->len[ops[i].line], src->text + src->off[ops[i].line]);
	}
	free(ops);
	diff_lines_free(&a);
	diff_lines_free(&b);
}

static void diffs(void **state)
{
	char out[512];

	(void)state;
	script("a\nb\nc\n", "a\nb\nc\n", 1000, out, sizeof out);
	assert_string_equal(out, "=a =b =c");
	script("a\nb\nc\n", "a\nx\nc\n", 1000, out, sizeof out);
	assert_string_equal(out, "=a -b +x =c");
	script("a\nb\n", "a\nb\nc", 1000, out, sizeof out);
	assert_string_equal(out, "=a =b +c");
	script("x\na\nb\n", "a\nb\n", 1000, out, sizeof out);
	assert_string_equal(out, "-x =a =b");
	script("", "a\n", 1000, out, sizeof out);
	assert_string_equal(out, "+a");
	script(NULL, NULL, 1000, out, sizeof out);
	assert_string_equal(out, "");
	/* the longest common part is kept: b and d */
	script("a\nb\nc\nd\n", "b\nx\nd\ny\n", 1000, out, sizeof out);
	assert_string_equal(out, "-a =b -c +x =d +y");
	/* past the budget the middle is replaced whole, head and tail kept */
	script("h\na\nb\nt\n", "h\nb\nc\nt\n", 2, out, sizeof out);
	assert_string_equal(out, "=h -a -b +b +c =t");
}

static void deltas(void **state)
{
	char buf[64];

	(void)state;
	fmt_delta(buf, sizeof buf, 1200, 140, false);
	assert_string_equal(buf, "-1.06 s");
	fmt_delta(buf, sizeof buf, 850, 2910, false);
	assert_string_equal(buf, "+2.06 s");
	fmt_delta(buf, sizeof buf, 52428800, 39845888, true);
	assert_string_equal(buf, "-12.0 MiB");
	fmt_delta(buf, sizeof buf, 5, 5, false);
	assert_string_equal(buf, "0 ms");
	fmt_delta(buf, sizeof buf, -1, 5, false);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diffs),
		cmocka_unit_test(deltas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
