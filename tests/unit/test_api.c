/* test_api.c - the pure parts of the API layer: URL building and escaping,
 * the rerun body, and the mapping of finished requests onto errors. No
 * network: the transport is exercised by the integration tests.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

#define BASE "https://acme.jfrog.io"
#define V1 BASE "/worker/api/v1"

static void assert_url(char *got, const char *want)
{
	if (!got)
		fail_msg("no URL, wanted %s", want);
	assert_string_equal(got, want);
	free(got);
}

/* ---- URLs ----------------------------------------------------------------- */

static void test_url_workers(void **state)
{
	(void)state;
	assert_url(api_url_workers(BASE, NULL), V1 "/workers");
	assert_url(api_url_workers(BASE, ""), V1 "/workers");
	assert_url(api_url_workers(BASE "/", NULL), V1 "/workers");
	assert_url(api_url_workers(BASE "///", "proj1"), V1 "/workers?projectKey=proj1");
	assert_url(api_url_workers(BASE, "my proj&x=1"),
	           V1 "/workers?projectKey=my%20proj%26x%3D1");
	assert_url(api_url_workers("http://127.0.0.1:8082/prefix", NULL),
	           "http://127.0.0.1:8082/prefix/worker/api/v1/workers");
	assert_null(api_url_workers(NULL, NULL));
	assert_null(api_url_workers("", NULL));
}

static void test_url_history(void **state)
{
	struct api_history_query q = { 0 };

	(void)state;
	/* All workers, no test runs, no project: no query at all. */
	assert_url(api_url_history(BASE, NULL), V1 "/execution_history");
	assert_url(api_url_history(BASE, &q), V1 "/execution_history");

	q.worker_key = "my-worker";
	assert_url(api_url_history(BASE, &q), V1 "/execution_history?workerKey=my-worker");

	/* showTestRun only when asked, never "false". */
	q.test_runs = true;
	assert_url(api_url_history(BASE, &q),
	           V1 "/execution_history?workerKey=my-worker&showTestRun=true");
	q.test_runs = false;
	{
		char *u = api_url_history(BASE, &q);

		assert_non_null(u);
		assert_null(strstr(u, "showTestRun"));
		free(u);
	}

	q.project_key = "proj1";
	assert_url(api_url_history(BASE, &q),
	           V1 "/execution_history?workerKey=my-worker&projectKey=proj1");
	q.project_key = "";
	assert_url(api_url_history(BASE, &q), V1 "/execution_history?workerKey=my-worker");

	/* No worker key: all workers, the other parameters still come. */
	q.worker_key = NULL;
	q.test_runs = true;
	q.project_key = "p";
	assert_url(api_url_history(BASE "/", &q),
	           V1 "/execution_history?showTestRun=true&projectKey=p");
	q.worker_key = "";
	assert_url(api_url_history(BASE, &q), V1 "/execution_history?showTestRun=true&projectKey=p");
}

static void test_url_escaping(void **state)
{
	static const struct {
		const char *key, *escaped;
	} cases[] = {
		{ "plain-key_1.0~x", "plain-key_1.0~x" },
		{ "with space", "with%20space" },
		{ "a/b", "a%2Fb" },
		{ "what?", "what%3F" },
		{ "a&b=c", "a%26b%3Dc" },
		{ "#frag", "%23frag" },
		{ "100%", "100%25" },
		{ "a+b", "a%2Bb" },
		{ "caf\xc3\xa9", "caf%C3%A9" },                     /* é */
		{ "\xe6\x97\xa5\xe6\x9c\xac", "%E6%97%A5%E6%9C%AC" }, /* 日本 */
		{ "\xf0\x9f\x9a\x80", "%F0%9F%9A%80" },               /* an emoji */
		{ "../..", "..%2F.." },
		{ "tab\there\nnl", "tab%09here%0Anl" },
		{ "quote\"'<>", "quote%22%27%3C%3E" },
		{ "semi;colon:at@", "semi%3Bcolon%3Aat%40" },
	};
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct api_history_query q = { cases[i].key, cases[i].key, false };

		snprintf(want, sizeof want, V1 "/rerun/%s?forceRecord=false", cases[i].escaped);
		assert_url(api_url_rerun(BASE, cases[i].key, NULL, false), want);

		snprintf(want, sizeof want, V1 "/execution_history?workerKey=%s&projectKey=%s",
		         cases[i].escaped, cases[i].escaped);
		assert_url(api_url_history(BASE, &q), want);

		snprintf(want, sizeof want, V1 "/workers?projectKey=%s", cases[i].escaped);
		assert_url(api_url_workers(BASE, cases[i].key), want);
	}
}

static void test_url_rerun(void **state)
{
	(void)state;
	assert_url(api_url_rerun(BASE, "w1", NULL, false), V1 "/rerun/w1?forceRecord=false");
	assert_url(api_url_rerun(BASE, "w1", "", true), V1 "/rerun/w1?forceRecord=true");
	assert_url(api_url_rerun(BASE "/", "w 1", "proj/x", true),
	           V1 "/rerun/w%201?forceRecord=true&projectKey=proj%2Fx");
	assert_null(api_url_rerun(BASE, NULL, NULL, false));
	assert_null(api_url_rerun(BASE, "", NULL, false));
	/* A key of dots only is no dot segment: libcurl or the server would
	 * remove it and POST to /worker/api/v1/ (or /worker/api/v1/rerun/). */
	assert_url(api_url_rerun(BASE, ".", NULL, false), V1 "/rerun/%2E?forceRecord=false");
	assert_url(api_url_rerun(BASE, "..", NULL, false), V1 "/rerun/%2E%2E?forceRecord=false");
	assert_url(api_url_rerun(BASE, "...", NULL, false), V1 "/rerun/%2E%2E%2E?forceRecord=false");
	/* Dots among other characters are no dot segment: kept. */
	assert_url(api_url_rerun(BASE, ".a", NULL, false), V1 "/rerun/.a?forceRecord=false");
	assert_url(api_url_rerun(BASE, "a..", NULL, false), V1 "/rerun/a..?forceRecord=false");
	assert_null(api_url_rerun(NULL, "w1", NULL, false));
}

/* ---- the rerun body ------------------------------------------------------- */

static void assert_body_round_trip(const char *id)
{
	char *body = api_rerun_body(id);
	struct json_object *o, *v;

	assert_non_null(body);
	o = json_tokener_parse(body);
	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_object));
	assert_int_equal(json_object_object_length(o), 1);
	assert_true(json_object_object_get_ex(o, "historyEntryId", &v));
	assert_true(json_object_is_type(v, json_type_string));
	assert_string_equal(json_object_get_string(v), id);
	json_object_put(o);
	free(body);
}

static void test_rerun_body(void **state)
{
	char *body;

	(void)state;
	body = api_rerun_body("4f1c5e9a-1b2c-4d3e-9f00-123456789abc");
	assert_non_null(body);
	assert_string_equal(body, "{\"historyEntryId\":\"4f1c5e9a-1b2c-4d3e-9f00-123456789abc\"}");
	free(body);

	/* Characters that a printf-built body would break on. */
	body = api_rerun_body("a\"b\\c");
	assert_non_null(body);
	assert_string_equal(body, "{\"historyEntryId\":\"a\\\"b\\\\c\"}");
	free(body);

	body = api_rerun_body("x/y");
	assert_non_null(body);
	assert_string_equal(body, "{\"historyEntryId\":\"x/y\"}");
	free(body);

	assert_body_round_trip("\"},\"evil\":{\"x\":\"");
	assert_body_round_trip("line\nbreak\ttab\x01\x1b[31m");
	assert_body_round_trip("caf\xc3\xa9 \xe6\x97\xa5");

	assert_null(api_rerun_body(NULL));
	assert_null(api_rerun_body(""));
}

/* ---- error mapping ---------------------------------------------------------- */

static struct http_result result(long status, const char *body)
{
	struct http_result r;

	memset(&r, 0, sizeof r);
	r.status = status;
	r.body = body;
	r.body_len = body ? strlen(body) : 0;
	r.retry_after_s = -1;
	return r;
}

/* Maps and checks the message is one clean line with the status set. */
static void map_http(long status, const char *body, struct wr_error *err)
{
	struct http_result r = result(status, body);

	memset(err, 0x55, sizeof *err);
	assert_true(api_map_error(&r, err));
	assert_int_equal(err->kind, WR_ERR_HTTP);
	assert_int_equal(err->http_status, status);
	for (const char *p = err->msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			fail_msg("control byte 0x%02x in \"%s\"", (unsigned char)*p, err->msg);
}

static void test_map_success(void **state)
{
	static const long ok[] = { 200, 201, 204, 299 };
	struct wr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct http_result r = result(ok[i], NULL);

		memset(&err, 0x55, sizeof err);
		assert_false(api_map_error(&r, &err));
		assert_int_equal(err.kind, WR_OK);
		assert_string_equal(err.msg, "");
	}
}

static void test_map_transport_passes_through(void **state)
{
	static const enum wr_err_kind kinds[] = {
		WR_ERR_CONNECT, WR_ERR_DNS, WR_ERR_TLS, WR_ERR_TIMEOUT,
		WR_ERR_NET, WR_ERR_TOO_BIG, WR_ERR_PARSE, WR_ERR_NOMEM,
	};
	struct wr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct http_result r = result(0, NULL);

		wr_error_set(&r.err, kinds[i], 0, "transport failure %zu", i);
		assert_true(api_map_error(&r, &err));
		assert_int_equal(err.kind, kinds[i]);
		assert_string_equal(err.msg, r.err.msg);
	}
	/* Even after a status line: a reset in the middle of a 200 body. */
	{
		struct http_result r = result(200, NULL);

		wr_error_set(&r.err, WR_ERR_NET, 0,
		             "server x closed the connection before the response was complete");
		assert_true(api_map_error(&r, &err));
		assert_int_equal(err.kind, WR_ERR_NET);
		assert_int_equal(err.http_status, 0);
	}
	/* No status and no error: still an error, never a success. */
	{
		struct http_result r = result(0, NULL);

		assert_true(api_map_error(&r, &err));
		assert_int_equal(err.kind, WR_ERR_NET);
	}
}

static void test_map_400_call_limit(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(400, "{\"errors\":[{\"status\":400,\"message\":\"Call limit exceeded\"}]}", &err);
	assert_string_equal(err.msg, "HTTP 400: Call limit exceeded");

	map_http(400, "{\"errors\":[{\"status\":400,\"message\":\"Malformed payload\"},"
	              "{\"status\":400,\"message\":\"historyEntryId is required\"}]}", &err);
	assert_string_equal(err.msg, "HTTP 400: Malformed payload; historyEntryId is required");
}

static void test_map_401(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(401, "{\"errors\":[{\"status\":401,\"message\":\"Invalid credentials\"}]}", &err);
	assert_string_equal(err.msg, "HTTP 401: Invalid credentials (check the access token)");
	map_http(401, "", &err);
	assert_string_equal(err.msg, "HTTP 401: Unauthorized (check the access token)");
}

static void test_map_403(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(403, "{\"errors\":[{\"status\":403,\"message\":\"Insufficient permissions\"}]}",
	         &err);
	assert_non_null(strstr(err.msg, "HTTP 403: Insufficient permissions"));
	assert_non_null(strstr(err.msg, "--project"));
}

static void test_map_404(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(404, "{\"errors\":[{\"status\":404,\"message\":\"Worker 'nope' not found\"}]}",
	         &err);
	assert_string_equal(err.msg, "HTTP 404: Worker 'nope' not found");

	/* An empty 404: probably not the platform root. */
	map_http(404, NULL, &err);
	assert_non_null(strstr(err.msg, "HTTP 404: Not Found"));
	assert_non_null(strstr(err.msg, "Platform root"));
	map_http(404, "", &err);
	assert_non_null(strstr(err.msg, "Platform root"));
}

static void test_map_html_502(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(502,
	         "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
	         "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
	         "</body>\r\n</html>\r\n",
	         &err);
	assert_string_equal(err.msg, "HTTP 502: Bad Gateway");

	/* A page without a title: a short excerpt of its text, no markup. */
	map_http(504, "<!DOCTYPE html><html><body><p>The upstream server timed out.</p>"
	              "<script>var x = '<b>';</script></body></html>", &err);
	assert_non_null(strstr(err.msg, "HTTP 504: "));
	assert_non_null(strstr(err.msg, "timed out"));
	assert_null(strchr(err.msg, '<'));
	assert_true(strlen(err.msg) < 200);
}

static void test_map_empty_and_plain(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(503, "", &err);
	assert_string_equal(err.msg, "HTTP 503: Service Unavailable");
	map_http(503, NULL, &err);
	assert_string_equal(err.msg, "HTTP 503: Service Unavailable");
	map_http(500, "   \n", &err);
	assert_string_equal(err.msg, "HTTP 500: Internal Server Error");
	map_http(504, "upstream request timeout\n", &err);
	assert_string_equal(err.msg, "HTTP 504: upstream request timeout");
	map_http(418, "", &err);
	assert_string_equal(err.msg, "HTTP 418: error");
}

static void test_map_redirect(void **state)
{
	struct wr_error err;

	(void)state;
	map_http(301, "", &err);
	assert_non_null(strstr(err.msg, "HTTP 301: Moved Permanently"));
	assert_non_null(strstr(err.msg, "redirect"));
}

static void test_map_sanitizes_server_text(void **state)
{
	static char huge[70000];
	struct wr_error err;

	(void)state;
	map_http(400, "{\"errors\":[{\"status\":400,\"message\":\"bad \\u001b[2J\\u001b]0;pwned\\u0007"
	              " \\u009b31m text\\r\\nX-Injected: 1\"}]}", &err);
	assert_non_null(strstr(err.msg, "HTTP 400: bad "));
	assert_null(strchr(err.msg, '\x1b'));
	assert_null(strstr(err.msg, "\xc2\x9b"));
	assert_non_null(strstr(err.msg, "^["));
	assert_non_null(strstr(err.msg, "<U+009B>"));

	/* A huge HTML page: one short line. */
	memset(huge, 'x', sizeof huge - 1);
	memcpy(huge, "<html><body>", 12);
	map_http(502, huge, &err);
	assert_null(strchr(err.msg, '<'));
	assert_true(strlen(err.msg) < 200);
}

/* ---- rate limits and Retry-After ---------------------------------------------- */

#define LIMIT_400 "{\"errors\":[{\"status\":400,\"message\":\"Call limit exceeded\"}]}"

/* Maps status/body with a Retry-After of retry seconds (-1: none). */
static void map_retry(long status, const char *body, long retry, struct wr_error *err)
{
	struct http_result r = result(status, body);

	r.retry_after_s = retry;
	memset(err, 0x55, sizeof *err);
	assert_true(api_map_error(&r, err));
	assert_int_equal(err->kind, WR_ERR_HTTP);
	assert_int_equal(err->http_status, status);
}

static void test_map_rate_limit(void **state)
{
	static const char *const limit_texts[] = {
		LIMIT_400,
		"{\"errors\":[{\"status\":400,\"message\":\"CALL LIMIT EXCEEDED\"}]}",
		"{\"errors\":[{\"status\":400,\"message\":\"Rate limit was exceeded, slow down\"}]}",
		"{\"errors\":[{\"status\":400,\"message\":\"exceeded the limit\"}]}",
		"call Limit Exceeded",
	};
	static const char *const other_400[] = {
		"{\"errors\":[{\"status\":400,\"message\":\"Malformed payload\"}]}",
		"{\"errors\":[{\"status\":400,\"message\":\"limit must be a number\"}]}",
		"{\"errors\":[{\"status\":400,\"message\":\"payload exceeded\"}]}",
		"",
		NULL,
	};
	struct wr_error err;

	(void)state;
	/* 429 is a rate limit, with or without a body or a Retry-After. */
	map_retry(429, "{\"errors\":[{\"status\":429,\"message\":\"Too many requests\"}]}", -1, &err);
	assert_true(err.rate_limited);
	assert_int_equal(err.retry_after_s, -1);
	assert_string_equal(err.msg, "HTTP 429: Too many requests");
	map_retry(429, NULL, 30, &err);
	assert_true(err.rate_limited);
	assert_int_equal(err.retry_after_s, 30);
	assert_string_equal(err.msg, "HTTP 429: Too Many Requests (retry after 30 s)");
	map_retry(429, "<html><head><title>429 Too Many Requests</title></head></html>", 0, &err);
	assert_true(err.rate_limited);
	assert_int_equal(err.retry_after_s, 0);
	assert_string_equal(err.msg, "HTTP 429: Too Many Requests (retry after 0 s)");

	/* 400 is one when the server's message says a limit was exceeded. */
	for (size_t i = 0; i < sizeof limit_texts / sizeof limit_texts[0]; i++) {
		map_retry(400, limit_texts[i], -1, &err);
		assert_true(err.rate_limited);
		assert_int_equal(err.retry_after_s, -1);
		assert_null(strstr(err.msg, "retry after"));
		map_retry(400, limit_texts[i], 12, &err);
		assert_true(err.rate_limited);
		assert_int_equal(err.retry_after_s, 12);
		assert_non_null(strstr(err.msg, " (retry after 12 s)"));
	}
	map_retry(400, LIMIT_400, 5, &err);
	assert_string_equal(err.msg, "HTTP 400: Call limit exceeded (retry after 5 s)");
	for (size_t i = 0; i < sizeof other_400 / sizeof other_400[0]; i++) {
		map_retry(400, other_400[i], 7, &err);
		assert_false(err.rate_limited);
		assert_int_equal(err.retry_after_s, 7); /* carried, not a rate limit */
		assert_null(strstr(err.msg, "retry after"));
	}

	/* Only 429 and 400: a 403 or 503 that talks of limits is not one, but
	 * its Retry-After is still carried. */
	map_retry(403, "{\"errors\":[{\"status\":403,\"message\":\"Call limit exceeded\"}]}", -1, &err);
	assert_false(err.rate_limited);
	map_retry(503, "", 120, &err);
	assert_false(err.rate_limited);
	assert_int_equal(err.retry_after_s, 120);
	assert_string_equal(err.msg, "HTTP 503: Service Unavailable");

	/* Capped at an hour; a negative value is unknown. */
	map_retry(429, NULL, 99999, &err);
	assert_int_equal(err.retry_after_s, 3600);
	assert_non_null(strstr(err.msg, "(retry after 3600 s)"));
	map_retry(429, NULL, -7, &err);
	assert_int_equal(err.retry_after_s, -1);
	assert_string_equal(err.msg, "HTTP 429: Too Many Requests");

	/* A transport error is never a rate limit, nor is a success. */
	{
		struct http_result r = result(0, NULL);

		r.retry_after_s = 30;
		wr_error_set(&r.err, WR_ERR_TIMEOUT, 0, "no answer");
		assert_true(api_map_error(&r, &err));
		assert_false(err.rate_limited);
		assert_int_equal(err.retry_after_s, -1);
		r = result(200, NULL);
		r.retry_after_s = 30;
		assert_false(api_map_error(&r, &err));
		assert_false(err.rate_limited);
		assert_int_equal(err.retry_after_s, -1);
	}
}

static void test_error_set_resets_rate_limit(void **state)
{
	struct wr_error err;

	(void)state;
	memset(&err, 0x55, sizeof err);
	wr_error_set(&err, WR_ERR_NET, 0, "x");
	assert_false(err.rate_limited);
	assert_int_equal(err.retry_after_s, -1);
	err.rate_limited = true;
	err.retry_after_s = 9;
	wr_error_clear(&err);
	assert_false(err.rate_limited);
	assert_int_equal(err.retry_after_s, -1);
}

#define S(lit) lit, sizeof lit - 1

static void test_retry_after_parse(void **state)
{
	/* Wed, 21 Oct 2015 07:28:00 GMT */
	const time_t t = 1445412480;

	(void)state;
	assert_int_equal(http_retry_after_parse(S("30"), t), 30);
	assert_int_equal(http_retry_after_parse(S(" 30 \r\n"), t), 30);
	assert_int_equal(http_retry_after_parse(S("\t7"), t), 7);
	assert_int_equal(http_retry_after_parse(S("0"), t), 0);
	assert_int_equal(http_retry_after_parse(S("0030"), t), 30);
	assert_int_equal(http_retry_after_parse(S("3600"), t), 3600);
	assert_int_equal(http_retry_after_parse(S("3601"), t), 3600);
	assert_int_equal(http_retry_after_parse(S("99999999999999999999999999999"), t), 3600);
	/* Only the len bytes given are read. */
	assert_int_equal(http_retry_after_parse("45XYZ", 2, t), 45);
	assert_int_equal(http_retry_after_parse("45", 0, t), -1);

	assert_int_equal(http_retry_after_parse(S(""), t), -1);
	assert_int_equal(http_retry_after_parse(S("  \r\n"), t), -1);
	assert_int_equal(http_retry_after_parse(S("-5"), t), -1);
	assert_int_equal(http_retry_after_parse(S("+5"), t), -1);
	assert_int_equal(http_retry_after_parse(S("1.5"), t), -1);
	assert_int_equal(http_retry_after_parse(S("30s"), t), -1);
	assert_int_equal(http_retry_after_parse(S("3 0"), t), -1);
	assert_int_equal(http_retry_after_parse(S("soon"), t), -1);
	assert_int_equal(http_retry_after_parse(S("\x1b[2J"), t), -1);
	assert_int_equal(http_retry_after_parse(NULL, 3, t), -1);

	/* HTTP-dates: seconds from now, 0 when past, capped. */
	assert_int_equal(http_retry_after_parse(S("Wed, 21 Oct 2015 07:30:00 GMT\r\n"), t), 120);
	assert_int_equal(http_retry_after_parse(S("Wednesday, 21-Oct-15 07:28:45 GMT"), t), 45);
	assert_int_equal(http_retry_after_parse(S("Wed Oct 21 07:29:00 2015"), t), 60);
	assert_int_equal(http_retry_after_parse(S("Wed, 21 Oct 2015 07:28:00 GMT"), t), 0);
	assert_int_equal(http_retry_after_parse(S("Tue, 20 Oct 2015 07:28:00 GMT"), t), 0);
	assert_int_equal(http_retry_after_parse(S("Thu, 22 Oct 2015 07:28:00 GMT"), t), 3600);
	assert_int_equal(http_retry_after_parse(S("Wed, 99 Foo 2015 77:28:00 GMT"), t), -1);
	{
		char longer[200];

		memset(longer, 'W', sizeof longer);
		assert_int_equal(http_retry_after_parse(longer, sizeof longer, t), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_workers),
		cmocka_unit_test(test_url_history),
		cmocka_unit_test(test_url_escaping),
		cmocka_unit_test(test_url_rerun),
		cmocka_unit_test(test_rerun_body),
		cmocka_unit_test(test_map_success),
		cmocka_unit_test(test_map_transport_passes_through),
		cmocka_unit_test(test_map_400_call_limit),
		cmocka_unit_test(test_map_401),
		cmocka_unit_test(test_map_403),
		cmocka_unit_test(test_map_404),
		cmocka_unit_test(test_map_html_502),
		cmocka_unit_test(test_map_empty_and_plain),
		cmocka_unit_test(test_map_redirect),
		cmocka_unit_test(test_map_sanitizes_server_text),
		cmocka_unit_test(test_map_rate_limit),
		cmocka_unit_test(test_error_set_resets_rate_limit),
		cmocka_unit_test(test_retry_after_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
