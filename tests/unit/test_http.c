/* test_http.c - what http decides without a server: which URLs would send
 * the token in cleartext. */
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

#include "http.h"

static void cleartext_urls(void **state)
{
	static const struct {
		const char *url;
		bool clear;
	} cases[] = {
		/* Loopback: the token does not leave the machine. */
		{ "http://127.0.0.1:8080/worker/api/v1/workers", false },
		{ "http://127.1.2.3/", false },
		{ "http://127.255.255.254:1/", false },
		{ "http://localhost:8082", false },
		{ "http://LOCALHOST/", false },
		{ "http://localhost./", false },
		{ "http://[::1]:8080/", false },
		{ "http://[0:0:0:0:0:0:0:1]/", false },
		{ "http://[::ffff:127.0.0.1]/", false },
		/* Anything else over plain http. */
		{ "http://acme.jfrog.io/worker/api/v1/workers", true },
		{ "HTTP://acme.jfrog.io/", true },
		{ "http://10.0.0.5:8082/", true },
		{ "http://128.0.0.1/", true },
		{ "http://0.0.0.0:8080/", true },
		{ "http://[::2]/", true },
		{ "http://[::ffff:10.0.0.1]/", true },
		{ "http://localhost.acme.com/", true },
		{ "http://127.0.0.1.nip.io/", true },
		/* TLS is never cleartext, wherever it goes. */
		{ "https://acme.jfrog.io/", false },
		{ "https://10.0.0.5/", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (http_url_cleartext(cases[i].url) != cases[i].clear)
			fail_msg("%s: expected %s", cases[i].url, cases[i].clear ? "cleartext" : "not");
	}
	assert_false(http_url_cleartext(NULL));
	assert_false(http_url_cleartext("not a url"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cleartext_urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
