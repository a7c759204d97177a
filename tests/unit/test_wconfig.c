/* test_wconfig.c - wrun's own config file: every key, comments and
 * quoting, and each error with its FILE:LINE; no message repeats a value.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wconfig.h"

#define PATH "/home/u/.config/wrun/config"

static void parse_ok(const char *text, struct wconfig *c)
{
	struct wr_error err;

	wr_error_clear(&err);
	if (!wconfig_parse(PATH, text, strlen(text), c, &err))
		fail_msg("refused: %s", err.msg);
}

/* Must fail with "PATH:line: ..." holding want. */
static void parse_fail(const char *text, int line, const char *want)
{
	struct wconfig c;
	struct wr_error err;
	char prefix[300];

	wr_error_clear(&err);
	if (wconfig_parse(PATH, text, strlen(text), &c, &err))
		fail_msg("accepted: %s", text);
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	snprintf(prefix, sizeof prefix, PATH ":%d: ", line);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", err.msg, prefix);
	if (!strstr(err.msg, want))
		fail_msg("\"%s\" does not contain \"%s\"", err.msg, want);
	assert_null(strstr(err.msg, "fake-"));
	assert_null(c.servers);
	assert_null(c.default_server);
}

static void test_full(void **state)
{
	static const char text[] =
		"\xEF\xBB\xBF# wrun's config\n"
		"; another comment\n"
		"default-server = prod\n"
		"\n"
		"[server prod]\n"
		"url = https://acme.jfrog.io/   # the platform root\n"
		"token-file = ~/.config/wrun/prod.token\n"
		"project = ops\n"
		"cacert = \"/etc/ssl/my ca.pem\"\n"
		"insecure = no\n"
		"timeout = 20\n"
		"cpu-limit = 1000\n"
		"memory-limit = 120\n"
		"duration-limit = 6000\n"
		"refresh = 30\n"
		"mouse = True\n"
		"read-only = on\r\n"
		"\t[ server \"staging box\" ]\n"
		"  url=http://127.0.0.1:8082\n"
		"  insecure = 1\n";
	struct wconfig c;
	const struct wconfig_server *s;

	(void)state;
	parse_ok(text, &c);
	assert_string_equal(c.path, PATH);
	assert_string_equal(c.default_server, "prod");
	assert_int_equal(c.default_line, 3);
	assert_int_equal(c.n_servers, 2);
	s = wconfig_find(&c, "prod");
	assert_non_null(s);
	assert_int_equal(s->header_line, 5);
	assert_string_equal(s->url, "https://acme.jfrog.io");
	assert_string_equal(s->token_file, "~/.config/wrun/prod.token");
	assert_int_equal(s->line[WCONFIG_TOKEN_FILE], 7);
	assert_string_equal(s->project, "ops");
	assert_string_equal(s->cacert, "/etc/ssl/my ca.pem");
	assert_false(s->insecure);
	assert_int_equal(s->line[WCONFIG_INSECURE], 10);
	assert_int_equal(s->timeout_s, 20);
	assert_int_equal(s->cpu_limit_ms, 1000);
	assert_int_equal(s->memory_limit_mib, 120);
	assert_int_equal(s->duration_limit_ms, 6000);
	assert_int_equal(s->refresh_s, 30);
	assert_true(s->mouse);
	assert_true(s->read_only);
	s = wconfig_find(&c, "staging box");
	assert_non_null(s);
	assert_string_equal(s->url, "http://127.0.0.1:8082");
	assert_true(s->insecure);
	assert_null(s->token_file);
	assert_int_equal(s->line[WCONFIG_TOKEN_FILE], 0);
	assert_int_equal(s->refresh_s, 0);
	assert_false(s->read_only);
	assert_null(wconfig_find(&c, "nope"));
	assert_null(wconfig_find(&c, NULL));
	wconfig_free(&c);
	wconfig_free(&c); /* twice is harmless */

	parse_ok("", &c);
	assert_int_equal(c.n_servers, 0);
	assert_null(c.default_server);
	wconfig_free(&c);
	for (int k = 0; k < WCONFIG_N_KEYS; k++)
		assert_true(wconfig_key_name((enum wconfig_key)k)[0] != '?');
}

static void test_errors(void **state)
{
	(void)state;
	parse_fail("[server a]\nurl https://a.example.test\n", 2, "no '='");
	parse_fail("[server a]\ncolour = red\n", 2, "unknown key 'colour'");
	parse_fail("[server a]\ncolour = red\n", 2, "known: url, token-file");
	parse_fail("url = https://a.example.test\n", 1, "url belongs in a [server NAME] section");
	parse_fail("shade = 3\n", 1, "only default-server");
	parse_fail("[server a]\ndefault-server = a\n", 2, "default-server goes before");
	parse_fail("default-server = a\ndefault-server = b\n", 2, "again (first at line 1)");
	parse_fail("default-server =\n", 1, "default-server is empty");
	parse_fail("[server a]\n[server a]\n", 2, "[server a] again (first at line 1)");
	parse_fail("[server a]\nrefresh = 1\nrefresh = 3\n", 2, "refresh must be");
	parse_fail("[server a]\nrefresh = 3\nrefresh = 3\n", 3, "refresh again");
	parse_fail("[server a\n", 1, "ends with ']'");
	parse_fail("[servers a]\n", 1, "unknown section");
	parse_fail("[remote a]\n", 1, "unknown section");
	parse_fail("[server]\n", 1, "no name");
	parse_fail("[server \"\"]\n", 1, "no name");
	parse_fail("[server a]\n= 3\n", 2, "no key");
	parse_fail("[server a]\nurl =\n", 2, "url is empty");
	parse_fail("[server a]\nurl = acme.jfrog.io\n", 2, "url: the URL must start with http");
	parse_fail("[server a]\nurl = https://u:fake-pw@a.example.test\n", 2, "url: ");
	parse_fail("[server a]\ninsecure = maybe\n", 2, "insecure must be true or false");
	parse_fail("[server a]\nmouse = 2\n", 2, "mouse must be true or false");
	parse_fail("[server a]\nread-only = yes please\n", 2, "read-only must be");
	parse_fail("[server a]\ntimeout = 0\n", 2, "timeout must be a whole number of seconds");
	parse_fail("[server a]\ntimeout = 3601\n", 2, "from 1 to 3600");
	parse_fail("[server a]\ntimeout = 10s\n", 2, "timeout must be");
	parse_fail("[server a]\ntimeout = -5\n", 2, "timeout must be");
	parse_fail("[server a]\ncpu-limit = 99999999999999999999\n", 2, "cpu-limit must be");
	parse_fail("[server a]\nmemory-limit = 1.5\n", 2, "whole number of MiB");
	parse_fail("[server a]\nduration-limit = 0\n", 2, "duration-limit must be");
	parse_fail("[server a]\nrefresh = 86401\n", 2, "from 2 to 86400");
	parse_fail("[server a]\nproject = a b\n", 2, "project: ");
	parse_fail("[server a]\nproject = \x01x\n", 2, "control character");
	/* A token is never a key's value, and is never repeated. */
	parse_fail("[server a]\ntoken = fake-secret-0123\n", 2, "holds no secret");
	parse_fail("[server a]\naccessToken = fake-secret-0123\n", 2, "token-file");
	/* A token pasted alone, with its base64 padding, is not shown as a key. */
	parse_fail("[server a]\nfake-eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9abcdef==\n", 2,
	           "unknown key (known:");
}

static void test_nul_message(void **state)
{
	static const char text[] = "[server a]\nurl = x\0y\n";
	struct wconfig c;
	struct wr_error err;

	(void)state;
	wr_error_clear(&err);
	assert_false(wconfig_parse(PATH, text, sizeof text - 1, &c, &err));
	assert_string_equal(err.msg, PATH ":2: a NUL byte: this is not a text file");
}

static void test_load(void **state)
{
	char dir[] = "/tmp/wrun-test-wconfig.XXXXXX";
	char path[300];
	struct wconfig c;
	struct wr_error err;
	bool exists = true;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/config", dir);
	wr_error_clear(&err);
	assert_true(wconfig_load(path, false, &c, &exists, &err));
	assert_false(exists);
	assert_int_equal(c.n_servers, 0);
	assert_false(wconfig_load(path, true, &c, &exists, &err));
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "No such file"));

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("default-server = x\n[server x]\nrefresh = 5\n", f);
	assert_int_equal(fclose(f), 0);
	assert_true(wconfig_load(path, true, &c, &exists, &err));
	assert_true(exists);
	assert_int_equal(c.servers[0].refresh_s, 5);
	wconfig_free(&c);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[server x]\nrefresh = five\n", f);
	assert_int_equal(fclose(f), 0);
	assert_false(wconfig_load(path, false, &c, &exists, &err));
	assert_non_null(strstr(err.msg, ":2: refresh must be"));

	assert_false(wconfig_load(dir, false, &c, &exists, &err)); /* a folder */
	assert_int_equal(err.kind, WR_ERR_CONFIG);
	assert_int_equal(remove(path), 0);
	assert_int_equal(remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_message),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
