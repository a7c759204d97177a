/* test_logtext.c - what the log viewer looks for: lines that look like
 * errors, text in any case; and the base64 of OSC 52. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "logtext.h"

static bool err_line(const char *s)
{
	return logtext_is_error(s, strlen(s));
}

static void errors(void **state)
{
	(void)state;
	assert_true(err_line("[error] - TypeError: x"));
	assert_true(err_line("2026 ERROR something"));
	assert_true(err_line("Error: boom"));
	assert_true(err_line("java.lang.IllegalStateException: no"));
	assert_true(err_line("[info ] - Worker used too much memory"));
	assert_true(err_line("worker used too much CPU time"));
	assert_true(err_line("Worker execution timeout"));
	assert_true(err_line("Worker waited for too long in the queue"));
	assert_true(err_line("The worker has been killed unexpectedly"));
	assert_false(err_line("[info ] - no errors here"));
	assert_false(err_line("error: lower case is not enough"));
	assert_false(err_line("[warn ] - Errors: 0"));
	assert_false(err_line(""));
	/* only the line's bytes count */
	assert_false(logtext_is_error("[info ] ok\n[error] x", 10));
}

static void find(void **state)
{
	const char *s = "Checking LICENSE files";

	(void)state;
	assert_ptr_equal(logtext_find(s, strlen(s), "license"), s + 9);
	assert_ptr_equal(logtext_find(s, strlen(s), "CHECK"), s);
	assert_null(logtext_find(s, strlen(s), "absent"));
	assert_null(logtext_find(s, strlen(s), ""));
	assert_null(logtext_find(s, 5, "license"));
	assert_null(logtext_find("ab", 2, "abc"));
}

static void base64(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
		{ "\xff\xfe\x00", "//4A" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].in) + (i == 7 ? 1 : 0);
		char *b = fmt_base64(cases[i].in, n);

		assert_non_null(b);
		assert_string_equal(b, cases[i].out);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors),
		cmocka_unit_test(find),
		cmocka_unit_test(base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
