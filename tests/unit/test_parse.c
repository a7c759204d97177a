/* test_parse.c - the Workers API JSON: history (whole, chunked, large),
 * workers, rerun, error bodies, and the --json emitters. */
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

#include "parse.h"
#include "run_text.h"

/* ---- helpers ------------------------------------------------------------- */

#define FULL_ENTRY                                                                          \
	"{\"historyEntryId\":\"7b1c1a52-4f1e-4a8c-9b0a-1d2e3f405162\","                         \
	"\"workerKey\":\"my-worker\",\"workerType\":\"BEFORE_DOWNLOAD\","                       \
	"\"workerProjectKey\":\"\",\"executionStatus\":\"STATUS_SUCCESS\","                     \
	"\"executionPayload\":{\"metadata\":{\"repoPath\":{\"key\":\"libs-release\","           \
	"\"path\":\"org/a/b.jar\"}},\"headers\":{\"X-Id\":[\"1\",\"2\"]}},"                     \
	"\"executionResult\":{\"result\":{\"status\":\"DOWNLOAD_PROCEED\",\"message\":\"ok\"}," \
	"\"logs\":\"[info ] - line 1\\n[error] - \\\"two\\\"\","                                \
	"\"workerStats\":{\"cpuTimeMillis\":12,\"topMemoryUsageBytes\":8589934592,"             \
	"\"executionDurationMillis\":34}},"                                                     \
	"\"startTimeMillis\":1747741247465,\"endTimeMillis\":1747741247499,"                    \
	"\"triggeredBy\":\"admin\",\"testRun\":false,"                                          \
	"\"executedVersion\":\"1747741247465-admin\",\"traceId\":\"abc123\"}"

#define FULL_PAYLOAD \
	"{\"metadata\":{\"repoPath\":{\"key\":\"libs-release\",\"path\":\"org/a/b.jar\"}}," \
	"\"headers\":{\"X-Id\":[\"1\",\"2\"]}}"

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got ? got : "(null)", want);
}

static void check_full_entry(const struct wr_run_list *l, const struct wr_run *r)
{
	assert_string_equal(r->id, "7b1c1a52-4f1e-4a8c-9b0a-1d2e3f405162");
	assert_string_equal(r->worker_key, "my-worker");
	assert_string_equal(r->worker_type, "BEFORE_DOWNLOAD");
	assert_string_equal(r->project_key, "");
	assert_string_equal(r->status, "STATUS_SUCCESS");
	assert_int_equal(r->kind, WR_STATUS_SUCCESS);
	assert_string_equal(PAYLOAD(l, r), FULL_PAYLOAD);
	assert_string_equal(RESULT(l, r), "{\"status\":\"DOWNLOAD_PROCEED\",\"message\":\"ok\"}");
	assert_string_equal(LOGS(l, r), "[info ] - line 1\n[error] - \"two\"");
	assert_int_equal(r->metrics.cpu_ms, 12);
	assert_int_equal(r->metrics.mem_bytes, 8589934592LL);
	assert_int_equal(r->metrics.duration_ms, 34);
	assert_int_equal(r->start_ms, 1747741247465LL);
	assert_int_equal(r->end_ms, 1747741247499LL);
	assert_string_equal(r->triggered_by, "admin");
	assert_int_equal(r->test_run, 0);
	assert_string_equal(r->executed_version, "1747741247465-admin");
	assert_string_equal(r->trace_id, "abc123");
}

static void assert_runs_equal(const struct wr_run_list *la, const struct wr_run *a,
                              const struct wr_run_list *lb, const struct wr_run *b)
{
	assert_str_or_null(a->id, b->id);
	assert_str_or_null(a->worker_key, b->worker_key);
	assert_str_or_null(a->worker_type, b->worker_type);
	assert_str_or_null(a->project_key, b->project_key);
	assert_str_or_null(a->status, b->status);
	assert_str_or_null(a->triggered_by, b->triggered_by);
	assert_str_or_null(a->executed_version, b->executed_version);
	assert_str_or_null(a->trace_id, b->trace_id);
	assert_str_or_null(PAYLOAD(la, a), PAYLOAD(lb, b));
	assert_str_or_null(RESULT(la, a), RESULT(lb, b));
	assert_str_or_null(LOGS(la, a), LOGS(lb, b));
	assert_int_equal(a->start_ms, b->start_ms);
	assert_int_equal(a->end_ms, b->end_ms);
	assert_int_equal(a->metrics.cpu_ms, b->metrics.cpu_ms);
	assert_int_equal(a->metrics.mem_bytes, b->metrics.mem_bytes);
	assert_int_equal(a->metrics.duration_ms, b->metrics.duration_ms);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->test_run, b->test_run);
}

static void assert_lists_equal(const struct wr_run_list *a, const struct wr_run_list *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		assert_runs_equal(a, &a->v[i], b, &b->v[i]);
}

/* Parses doc[0..n) in chunks of step bytes (0: all at once). */
static bool parse_steps(const char *doc, size_t n, size_t step, struct wr_run_list *l,
                        struct wr_error *err)
{
	struct parse_history *p;
	bool ok = true;
	size_t i;

	assert_true(model_run_list_init(l));
	wr_error_clear(err);
	if (step == 0)
		return parse_history(doc, n, l, err);
	p = parse_history_new(l);
	assert_non_null(p);
	for (i = 0; ok && i < n; i += step)
		ok = parse_history_feed(p, doc + i, n - i < step ? n - i : step, err);
	if (ok)
		ok = parse_history_finish(p, err);
	parse_history_free(p);
	return ok;
}

/* Parses doc whole, checks it succeeds, and checks that one byte at a time
 * gives the same model. */
static void parse_doc(const char *doc, struct wr_run_list *l)
{
	struct wr_run_list bytewise;
	struct wr_error err;

	assert_true(parse_steps(doc, strlen(doc), 0, l, &err));
	assert_int_equal(err.kind, WR_OK);
	assert_true(parse_steps(doc, strlen(doc), 1, &bytewise, &err));
	assert_lists_equal(l, &bytewise);
	model_run_list_free(&bytewise);
}

/* doc fails with exactly msg, whole and one byte at a time. */
static void expect_fail_n(const char *doc, size_t n, enum wr_err_kind kind, const char *msg)
{
	size_t steps[] = { 0, 1, 3 };
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct wr_run_list l;
		struct wr_error err;

		assert_false(parse_steps(doc, n, steps[i], &l, &err));
		assert_int_equal(err.kind, kind);
		assert_string_equal(err.msg, msg);
		model_run_list_free(&l);
	}
}

static void expect_fail(const char *doc, const char *msg)
{
	expect_fail_n(doc, strlen(doc), WR_ERR_PARSE, msg);
}

/* What a FILE writer produced. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *capture_open(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static const char *capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	return c->text;
}

/* ---- history: shapes ----------------------------------------------------- */

static void history_full_entry(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[" FULL_ENTRY "]", &l);
	assert_int_equal(l.n, 1);
	check_full_entry(&l, &l.v[0]);
	model_run_list_free(&l);
}

static void history_single_object(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("\n  " FULL_ENTRY "  \n", &l);
	assert_int_equal(l.n, 1);
	check_full_entry(&l, &l.v[0]);
	model_run_list_free(&l);
}

static void history_worker_type_spellings(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[{\"workerType\":\"AFTER_DOWNLOAD\"},{\"workerType\":\"beforeDownload\"}]", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].worker_type, "AFTER_DOWNLOAD");
	assert_string_equal(l.v[1].worker_type, "beforeDownload");
	model_run_list_free(&l);
}

static void history_missing_id(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[{\"workerKey\":\"old\",\"executionStatus\":\"STATUS_FAIL\","
	          "\"startTimeMillis\":5}]",
	          &l);
	assert_int_equal(l.n, 1);
	assert_null(l.v[0].id);
	assert_string_equal(l.v[0].worker_key, "old");
	assert_int_equal(l.v[0].kind, WR_STATUS_FAIL);
	assert_int_equal(l.v[0].start_ms, 5);
	model_run_list_free(&l);
}

static void history_statuses(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[{\"executionStatus\":\"STATUS_SUCCES\"},{\"executionStatus\":\"STATUS_FAIL\"},"
	          "{\"executionStatus\":\"STATUS_TIMEOUT\"},{\"executionStatus\":\"\"},{}]",
	          &l);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.v[0].kind, WR_STATUS_SUCCESS);
	assert_string_equal(l.v[0].status, "STATUS_SUCCES");
	assert_int_equal(l.v[1].kind, WR_STATUS_FAIL);
	assert_int_equal(l.v[2].kind, WR_STATUS_OTHER);
	assert_string_equal(l.v[2].status, "STATUS_TIMEOUT");
	assert_int_equal(l.v[3].kind, WR_STATUS_OTHER);
	assert_string_equal(l.v[3].status, "");
	assert_int_equal(l.v[4].kind, WR_STATUS_OTHER);
	assert_null(l.v[4].status);
	model_run_list_free(&l);
}

static void history_numbers(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[{\"startTimeMillis\":9007199254740993,\"endTimeMillis\":9223372036854775806,"
	          "\"executionResult\":{\"workerStats\":{\"cpuTimeMillis\":0,"
	          "\"topMemoryUsageBytes\":4294967296,\"executionDurationMillis\":-5}}},"
	          "{\"startTimeMillis\":1.7e12,\"endTimeMillis\":\"1747741247465\","
	          "\"executionResult\":{\"workerStats\":{\"cpuTimeMillis\":12.6,"
	          "\"topMemoryUsageBytes\":true,\"executionDurationMillis\":null}}},"
	          "{\"startTimeMillis\":9223372036854775808,\"endTimeMillis\":-1,"
	          "\"executionResult\":{\"workerStats\":{\"cpuTimeMillis\":1e400,"
	          "\"topMemoryUsageBytes\":99999999999999999999999,"
	          "\"executionDurationMillis\":-0.5}}}]",
	          &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].start_ms, 9007199254740993LL);
	assert_int_equal(l.v[0].end_ms, 9223372036854775806LL);
	assert_int_equal(l.v[0].metrics.cpu_ms, 0);
	assert_int_equal(l.v[0].metrics.mem_bytes, 4294967296LL);
	assert_int_equal(l.v[0].metrics.duration_ms, WR_NONE);
	assert_int_equal(l.v[1].start_ms, 1700000000000LL);
	assert_int_equal(l.v[1].end_ms, WR_NONE);
	assert_int_equal(l.v[1].metrics.cpu_ms, 13);
	assert_int_equal(l.v[1].metrics.mem_bytes, WR_NONE);
	assert_int_equal(l.v[1].metrics.duration_ms, WR_NONE);
	assert_int_equal(l.v[2].start_ms, WR_NONE);
	assert_int_equal(l.v[2].end_ms, WR_NONE);
	assert_int_equal(l.v[2].metrics.cpu_ms, WR_NONE);
	assert_int_equal(l.v[2].metrics.mem_bytes, WR_NONE);
	assert_int_equal(l.v[2].metrics.duration_ms, WR_NONE);
	model_run_list_free(&l);
}

static void history_payload_and_result_any_json(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[{\"executionPayload\":null,\"executionResult\":{\"result\":null}},"
	          "{\"executionResult\":{}},"
	          "{\"executionPayload\":\"text/with/slashes\",\"executionResult\":{\"result\":42}},"
	          "{\"executionPayload\":[1, 2.50, true, {\"a\" : \"\\u00e9\\/\"}],"
	          "\"executionResult\":{\"result\":{\"executionStatus\":4}}},"
	          "{\"executionPayload\":{},\"executionResult\":{\"result\":[]}}]",
	          &l);
	assert_int_equal(l.n, 5);
	assert_string_equal(PAYLOAD(&l, &l.v[0]), "null");
	assert_string_equal(RESULT(&l, &l.v[0]), "null");
	assert_null(PAYLOAD(&l, &l.v[1]));
	assert_null(RESULT(&l, &l.v[1]));
	assert_string_equal(PAYLOAD(&l, &l.v[2]), "\"text/with/slashes\"");
	assert_string_equal(RESULT(&l, &l.v[2]), "42");
	assert_string_equal(PAYLOAD(&l, &l.v[3]), "[1,2.50,true,{\"a\":\"\xc3\xa9/\"}]");
	/* The worker's own return code is not the run's status. */
	assert_string_equal(RESULT(&l, &l.v[3]), "{\"executionStatus\":4}");
	assert_null(l.v[3].status);
	assert_string_equal(PAYLOAD(&l, &l.v[4]), "{}");
	assert_string_equal(RESULT(&l, &l.v[4]), "[]");
	/* Indented for display: what parse_pretty_json makes of the compact text. */
	for (size_t i = 0; i < l.n; i++) {
		struct wr_run_text pretty;
		struct wr_error err;
		const char *payload = PAYLOAD(&l, &l.v[i]), *result = RESULT(&l, &l.v[i]);
		char *want_payload = payload ? parse_pretty_json(payload) : NULL;
		char *want_result = result ? parse_pretty_json(result) : NULL;

		assert_true(parse_run_text(&l, &l.v[i], PARSE_TEXT_ALL | PARSE_TEXT_PRETTY, &pretty,
		                           &err));
		assert_str_or_null(pretty.payload, want_payload);
		assert_str_or_null(pretty.result, want_result);
		parse_run_text_free(&pretty);
		free(want_payload);
		free(want_result);
	}
	model_run_list_free(&l);
}

static void history_missing_fields(void **state)
{
	struct wr_run_list l;
	const struct wr_run *r;

	(void)state;
	parse_doc("[{}]", &l);
	assert_int_equal(l.n, 1);
	r = &l.v[0];
	assert_null(r->id);
	assert_null(r->worker_key);
	assert_null(r->worker_type);
	assert_null(r->project_key);
	assert_null(r->status);
	assert_null(r->triggered_by);
	assert_null(r->executed_version);
	assert_null(r->trace_id);
	assert_null(PAYLOAD(&l, r));
	assert_null(RESULT(&l, r));
	assert_null(LOGS(&l, r));
	assert_int_equal(r->start_ms, WR_NONE);
	assert_int_equal(r->end_ms, WR_NONE);
	assert_int_equal(r->metrics.cpu_ms, WR_NONE);
	assert_int_equal(r->test_run, -1);
	model_run_list_free(&l);
}

static void history_wrong_types_are_absent(void **state)
{
	struct wr_run_list l;
	const struct wr_run *r;

	(void)state;
	parse_doc("[{\"historyEntryId\":123,\"workerKey\":{\"a\":1},\"workerType\":[\"X\"],"
	          "\"workerProjectKey\":null,\"executionStatus\":true,\"triggeredBy\":1.5,"
	          "\"executedVersion\":false,\"traceId\":[],\"testRun\":\"true\","
	          "\"executionResult\":{\"logs\":[\"a\"],\"workerStats\":[1,2,3]}},"
	          "{\"executionResult\":\"failed\",\"testRun\":true},"
	          "{\"executionResult\":null,\"testRun\":1}]",
	          &l);
	assert_int_equal(l.n, 3);
	r = &l.v[0];
	assert_null(r->id);
	assert_null(r->worker_key);
	assert_null(r->worker_type);
	assert_null(r->project_key);
	assert_null(r->status);
	assert_null(r->triggered_by);
	assert_null(r->executed_version);
	assert_null(r->trace_id);
	assert_null(LOGS(&l, r));
	assert_null(RESULT(&l, r));
	assert_int_equal(r->test_run, -1);
	assert_int_equal(r->metrics.cpu_ms, WR_NONE);
	assert_null(RESULT(&l, &l.v[1]));
	assert_null(LOGS(&l, &l.v[1]));
	assert_int_equal(l.v[1].test_run, 1);
	assert_null(RESULT(&l, &l.v[2]));
	assert_int_equal(l.v[2].test_run, -1);
	model_run_list_free(&l);
}

static void history_skips_non_objects(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[1, \"x\", null, true, false, [1, {\"workerKey\":\"nested\"}], -0.5e-3,"
	          "{\"workerKey\":\"a\"}, \"]\", {}]",
	          &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].worker_key, "a");
	assert_null(l.v[1].worker_key);
	model_run_list_free(&l);
	parse_doc("[null]", &l);
	assert_int_equal(l.n, 0);
	model_run_list_free(&l);
}

static void history_empty_and_whitespace(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[]", &l);
	assert_int_equal(l.n, 0);
	model_run_list_free(&l);
	parse_doc(" \r\n\t[ \n\t ]\r\n ", &l);
	assert_int_equal(l.n, 0);
	model_run_list_free(&l);
	parse_doc("\n[\n\t{ \"workerKey\" :\r\n\"a\" } \n,\n\t{ }\n]\n", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].worker_key, "a");
	model_run_list_free(&l);
}

static void history_strings_and_escapes(void **state)
{
	struct wr_run_list l;

	(void)state;
	parse_doc("[{\"workerKey\":\"a\\\"]}\\\\\",\"executionResult\":{\"logs\":"
	          "\"tab\\tnl\\nesc\\u001b[31m \\u00e9\\ud83d\\ude00 \\/ \\\\\"}}]",
	          &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].worker_key, "a\"]}\\");
	assert_string_equal(LOGS(&l, &l.v[0]), "tab\tnl\nesc\x1b[31m \xc3\xa9\xf0\x9f\x98\x80 / \\");
	model_run_list_free(&l);
}

/* Every split point of a document full of escapes gives the same model. */
static void history_every_split_point(void **state)
{
	static const char doc[] =
		" [ {\"workerKey\":\"k\\\\\",\"traceId\":\"t\\\"}]\"},"
		"{\"executionResult\":{\"logs\":\"\\\\\\\"\\u0041\\n\",\"result\":[\"]\",{\"}\":1}]}},"
		"\"s\\\"\", 12345 ," FULL_ENTRY " ] ";
	struct wr_run_list whole;
	struct wr_error err;
	size_t n = strlen(doc), k;

	(void)state;
	assert_true(parse_steps(doc, n, 0, &whole, &err));
	assert_int_equal(whole.n, 3);
	assert_string_equal(whole.v[0].worker_key, "k\\");
	assert_string_equal(whole.v[0].trace_id, "t\"}]");
	assert_string_equal(LOGS(&whole, &whole.v[1]), "\\\"A\n");
	assert_string_equal(RESULT(&whole, &whole.v[1]), "[\"]\",{\"}\":1}]");
	check_full_entry(&whole, &whole.v[2]);
	for (k = 1; k < n; k++) {
		struct wr_run_list l;
		struct parse_history *p;

		assert_true(model_run_list_init(&l));
		p = parse_history_new(&l);
		assert_non_null(p);
		assert_true(parse_history_feed(p, doc, k, &err));
		assert_true(parse_history_feed(p, doc + k, n - k, &err));
		assert_true(parse_history_finish(p, &err));
		parse_history_free(p);
		assert_lists_equal(&l, &whole);
		model_run_list_free(&l);
	}
	model_run_list_free(&whole);
}

static void history_byte_at_a_time(void **state)
{
	static const char doc[] = "[" FULL_ENTRY ",\n" FULL_ENTRY "]";
	struct wr_run_list l;
	struct wr_error err;

	(void)state;
	assert_true(parse_steps(doc, strlen(doc), 1, &l, &err));
	assert_int_equal(l.n, 2);
	check_full_entry(&l, &l.v[0]);
	check_full_entry(&l, &l.v[1]);
	model_run_list_free(&l);
}

/* ---- history: rejected documents --------------------------------------- */

static void history_trailing_rejected(void **state)
{
	(void)state;
	expect_fail("[]x", "history: unexpected 'x' after the end of the document at byte 2");
	expect_fail("[{}] {}", "history: unexpected '{' after the end of the document at byte 5");
	expect_fail("{\"a\":1}}", "history: unexpected '}' after the end of the document at byte 7");
	expect_fail("[] []", "history: unexpected '[' after the end of the document at byte 3");
	expect_fail_n("[]\0", 3, WR_ERR_PARSE,
	              "history: unexpected 0x00 after the end of the document at byte 2");
}

static void history_truncated_rejected(void **state)
{
	(void)state;
	expect_fail("", "history: empty document");
	expect_fail(" \n\t", "history: empty document");
	expect_fail("[", "history: document ends before its closing ']'");
	expect_fail("[{}", "history: document ends before its closing ']'");
	expect_fail("[{}, ", "history: document ends before its closing ']'");
	expect_fail("[1", "history: document ends before its closing ']'");
	expect_fail("[{\"a\":\"b", "history: document ends inside an entry");
	expect_fail("{\"a\":", "history: document ends inside an entry");
	expect_fail("[{\"a\":\"b\\\"}]", "history: document ends inside an entry");
}

static void history_malformed_rejected(void **state)
{
	(void)state;
	expect_fail("x", "history: expected '[' or '{' but found 'x' at byte 0");
	expect_fail("null", "history: expected '[' or '{' but found 'n' at byte 0");
	expect_fail(" \"abc\"", "history: expected '[' or '{' but found '\"' at byte 1");
	expect_fail("[,]", "history: unexpected ',' at byte 1");
	expect_fail("[1,]", "history: unexpected ']' at byte 3");
	expect_fail("[{},,{}]", "history: unexpected ',' at byte 4");
	expect_fail("[{} {}]", "history: expected ',' or ']' but found '{' at byte 4");
	expect_fail("[{\"a\":1}\n\"b\"]", "history: expected ',' or ']' but found '\"' at byte 9");
	expect_fail("[{\"a\" 1}]", "history: object property name separator ':' expected at byte 6");
	expect_fail("[{}, {]}]", "history: quoted object property name expected at byte 6");
	expect_fail("[{\"a\":1,}]", "history: unexpected '}' at byte 8");
	expect_fail("[{\"a\":tru}]", "history: boolean expected at byte 9");
	expect_fail("[nul]", "history: unexpected end of data at byte 4");
	expect_fail("[1x]", "history: unexpected 'x' at byte 2");
	expect_fail_n("[{\"a\":\"x\0y\"}]", 12, WR_ERR_PARSE,
	              "history: unexpected 0x00 at byte 8");
}

static void history_nesting_and_odd_values(void **state)
{
	char deep[1400];
	struct wr_run_list l;
	size_t i;

	(void)state;
	/* Deep nesting is a parse error, not a crash. */
	deep[0] = '[';
	for (i = 1; i < 700; i++)
		deep[i] = '[';
	for (; i < 1399; i++)
		deep[i] = ']';
	deep[1399] = '\0';
	expect_fail(deep, "history: nesting too deep at byte 513");
	/* Depth 512 holds one entry with a payload 511 levels down. */
	memset(deep, 0, sizeof deep);
	strcpy(deep, "[{\"executionPayload\":");
	for (i = 0; i < 510; i++)
		strcat(deep, "[");
	for (i = 0; i < 510; i++)
		strcat(deep, "]");
	strcat(deep, "}]");
	parse_doc(deep, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(strlen(PAYLOAD(&l, &l.v[0])), 1020);
	model_run_list_free(&l);
	/* What the simulator's oddities hold: a result 64 levels down in an
	 * entry (66 in all), which real workers can return. */
	memset(deep, 0, sizeof deep);
	strcpy(deep, "[{\"executionResult\":{\"result\":");
	for (i = 0; i < 64; i++)
		strcat(deep, "[");
	for (i = 0; i < 64; i++)
		strcat(deep, "]");
	strcat(deep, "}}]");
	parse_doc(deep, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(strlen(RESULT(&l, &l.v[0])), 128);
	model_run_list_free(&l);

	/* \u0000 inside a string becomes U+FFFD, so the rest stays visible;
	 * lone surrogates become U+FFFD (json-c); bytes that are not UTF-8 pass
	 * as they are, for the sanitizer to show. */
	parse_doc("[{\"workerKey\":\"a\\u0000b\",\"traceId\":\"\\ud800x\\udc00\","
	          "\"executionResult\":{\"logs\":\"\xff\xfe ok\"},"
	          "\"executionPayload\":\"\\u0000\"}]",
	          &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].worker_key, "a\xef\xbf\xbd" "b");
	assert_string_equal(l.v[0].trace_id, "\xef\xbf\xbdx\xef\xbf\xbd");
	assert_string_equal(LOGS(&l, &l.v[0]), "\xff\xfe ok");
	assert_string_equal(PAYLOAD(&l, &l.v[0]), "\"\\u0000\"");
	/* The key is not the server's: a rerun must not send it. */
	assert_true(l.v[0].altered);
	model_run_list_free(&l);

	/* A NUL only in text that is never sent back leaves the run intact;
	 * in the ID or the project key it does not. */
	parse_doc("[{\"workerKey\":\"w\",\"historyEntryId\":\"i\",\"executionResult\":"
	          "{\"logs\":\"a\\u0000b\"}},"
	          "{\"workerKey\":\"w\",\"historyEntryId\":\"i\\u0000\"},"
	          "{\"workerKey\":\"w\",\"historyEntryId\":\"i\",\"workerProjectKey\":\"\\u0000\"},"
	          "{\"workerKey\":\"w\xef\xbf\xbd\",\"historyEntryId\":\"i\"}]",
	          &l);
	assert_int_equal(l.n, 4);
	assert_false(l.v[0].altered);
	assert_true(l.v[1].altered);
	assert_true(l.v[2].altered);
	assert_false(l.v[3].altered); /* a real U+FFFD is the server's own */
	model_run_list_free(&l);
}

static void history_errors_are_sticky(void **state)
{
	struct wr_run_list l;
	struct parse_history *p;
	struct wr_error err;

	(void)state;
	assert_true(model_run_list_init(&l));
	p = parse_history_new(&l);
	assert_non_null(p);
	assert_true(parse_history_feed(p, "[{\"workerKey\":\"a\"},", 19, &err));
	assert_int_equal(l.n, 1);
	assert_false(parse_history_feed(p, "]]", 2, &err));
	assert_string_equal(err.msg, "history: unexpected ']' at byte 19");
	wr_error_clear(&err);
	assert_false(parse_history_feed(p, "{}]", 3, &err));
	assert_string_equal(err.msg, "history: unexpected ']' at byte 19");
	assert_int_equal(err.kind, WR_ERR_PARSE);
	wr_error_clear(&err);
	assert_false(parse_history_finish(p, &err));
	assert_string_equal(err.msg, "history: unexpected ']' at byte 19");
	assert_false(parse_history_feed(p, "x", 1, NULL));
	parse_history_free(p);
	parse_history_free(NULL);
	assert_int_equal(l.n, 1);
	model_run_list_free(&l);
}

/* ---- history: a large document ------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1 << 20;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof tmp);
	buf_add(b, tmp, (size_t)n);
}

/* The logs of run i, as text and as a JSON string body. */
static void make_logs(int i, struct buf *text, struct buf *json)
{
	int line = 0;

	text->len = json->len = 0;
	while (text->len < 2500) {
		char t[128], j[160];
		int tn = snprintf(t, sizeof t, "[info ] - run %d step %d: \"quoted\" C:\\tmp \xc3\xa9\n",
		                  i, line);
		int jn = snprintf(j, sizeof j,
		                  "[info ] - run %d step %d: \\\"quoted\\\" C:\\\\tmp \\u00e9\\n", i,
		                  line);

		buf_add(text, t, (size_t)tn);
		buf_add(json, j, (size_t)jn);
		line++;
	}
}

static void history_large_random_chunks(void **state)
{
	enum { RUNS = 20000 };
	struct buf doc = { 0 }, text = { 0 }, json = { 0 }, want_last = { 0 };
	struct wr_run_list l;
	struct parse_history *p;
	struct wr_error err;
	unsigned seed = 20250521;
	size_t off = 0, chunks = 0;
	int i;

	(void)state;
	buf_add(&doc, "[\n", 2);
	for (i = 0; i < RUNS; i++) {
		make_logs(i, &text, &json);
		buf_printf(&doc,
		           "%s{\"historyEntryId\":\"id-%05d\",\"workerKey\":\"worker-%d\","
		           "\"workerType\":\"%s\",\"workerProjectKey\":\"\","
		           "\"executionStatus\":\"%s\",\"executionPayload\":{\"n\":%d,\"s\":\"x\\\"y\"},",
		           i ? ",\n" : "", i, i % 7, i % 2 ? "AFTER_DOWNLOAD" : "beforeDownload",
		           i % 3 ? "STATUS_SUCCESS" : "STATUS_FAIL", i);
		buf_printf(&doc, "\"executionResult\":{\"result\":null,\"logs\":\"");
		buf_add(&doc, json.p, json.len);
		buf_printf(&doc,
		           "\",\"workerStats\":{\"cpuTimeMillis\":%d,\"topMemoryUsageBytes\":%lld,"
		           "\"executionDurationMillis\":%d}},\"startTimeMillis\":%lld,"
		           "\"endTimeMillis\":%lld,\"triggeredBy\":\"user-%d\",\"testRun\":%s,"
		           "\"executedVersion\":\"v-%d\",\"traceId\":\"trace-%d\"}",
		           i % 1000, 5000000000LL + i, i % 6000, 1747000000000LL + i,
		           1747000000000LL + i + 10, i, i % 5 ? "false" : "true", i, i);
		if (i == RUNS - 1)
			buf_add(&want_last, text.p, text.len);
	}
	buf_add(&doc, "\n]\n", 3);
	assert_true(doc.len > 55u * 1000 * 1000);

	assert_true(model_run_list_init(&l));
	p = parse_history_new(&l);
	assert_non_null(p);
	while (off < doc.len) {
		size_t k;

		seed = seed * 1103515245u + 12345u;
		k = 1 + ((seed >> 8) % 65536);
		if (k > doc.len - off)
			k = doc.len - off;
		if (!parse_history_feed(p, doc.p + off, k, &err))
			fail_msg("kind %d off %zu: %s", (int)err.kind, off, err.msg);
		off += k;
		chunks++;
	}
	assert_true(parse_history_finish(p, &err));
	parse_history_free(p);
	assert_true(chunks > 1000);

	assert_int_equal(l.n, RUNS);
	assert_string_equal(l.v[0].id, "id-00000");
	assert_string_equal(l.v[0].worker_type, "beforeDownload");
	assert_int_equal(l.v[0].kind, WR_STATUS_FAIL);
	assert_int_equal(l.v[0].test_run, 1);
	assert_string_equal(l.v[12345].id, "id-12345");
	assert_string_equal(l.v[12345].worker_key, "worker-4");
	assert_string_equal(PAYLOAD(&l, &l.v[12345]), "{\"n\":12345,\"s\":\"x\\\"y\"}");
	assert_string_equal(RESULT(&l, &l.v[12345]), "null");
	assert_int_equal(l.v[12345].metrics.cpu_ms, 345);
	assert_int_equal(l.v[12345].metrics.mem_bytes, 5000012345LL);
	assert_int_equal(l.v[12345].metrics.duration_ms, 345);
	assert_int_equal(l.v[12345].start_ms, 1747000012345LL);
	assert_int_equal(l.v[12345].end_ms, 1747000012355LL);
	assert_int_equal(l.v[12345].kind, WR_STATUS_FAIL);
	assert_int_equal(l.v[12346].kind, WR_STATUS_SUCCESS);
	assert_string_equal(l.v[12346].status, "STATUS_SUCCESS");
	assert_string_equal(LOGS(&l, &l.v[RUNS - 1]), want_last.p);
	assert_string_equal(l.v[RUNS - 1].trace_id, "trace-19999");
	assert_true(strlen(LOGS(&l, &l.v[RUNS - 1])) >= 2500);
	/* The model is smaller than the document it came from. */
	assert_true(arena_bytes(l.arena) < doc.len);
	model_run_list_free(&l);
	free(doc.p);
	free(text.p);
	free(json.p);
	free(want_last.p);
}

/* One entry larger than the 64 MiB cap stops the parse before it is all
 * held in memory. */
static void history_entry_cap(void **state)
{
	size_t n = 65u * 1024 * 1024, off;
	char *doc = malloc(n);
	struct wr_run_list l;
	struct parse_history *p;
	struct wr_error err;
	bool ok = true;

	(void)state;
	assert_non_null(doc);
	memset(doc, 'x', n);
	memcpy(doc, "[{\"logs\":\"", 10);
	assert_true(model_run_list_init(&l));
	p = parse_history_new(&l);
	assert_non_null(p);
	for (off = 0; ok && off < n; off += 1 << 20)
		ok = parse_history_feed(p, doc + off, 1 << 20, &err);
	assert_false(ok);
	assert_true(off <= 65u * 1024 * 1024);
	assert_int_equal(err.kind, WR_ERR_TOO_BIG);
	assert_string_equal(err.msg, "history: the entry at byte 1 is larger than 64 MiB");
	parse_history_free(p);
	model_run_list_free(&l);
	free(doc);
}

/* ---- workers ------------------------------------------------------------- */

#define WORKER_FULL                                                                          \
	"{\"key\":\"my-worker\",\"description\":\"Checks downloads\",\"enabled\":true,"          \
	"\"sourceCode\":\"export default async () => { return SECRET_SOURCE; }\","              \
	"\"action\":\"BEFORE_DOWNLOAD\",\"filterCriteria\":{\"artifactFilterCriteria\":"          \
	"{\"repoKeys\":[\"libs\"]}},\"secrets\":[{\"key\":\"token\",\"value\":\"SECRET_VALUE\"}," \
	"{\"key\":\"other\",\"value\":\"SECRET_TWO\"}],\"debug\":false,\"projectKey\":\"proj\","  \
	"\"shared\":true,\"application\":\"artifactory\","                                     \
	"\"currentVersion\":{\"modifiedAt\":1747741247465,\"modifiedBy\":\"admin\"}}"

static void workers_envelope(void **state)
{
	struct wr_worker_list l;
	struct wr_error err;
	const struct wr_worker *w;

	(void)state;
	assert_true(parse_workers("{\"workers\":[" WORKER_FULL ",{\"key\":\"bare\"}]}",
	                          strlen("{\"workers\":[" WORKER_FULL ",{\"key\":\"bare\"}]}"), &l,
	                          &err));
	assert_int_equal(l.n, 2);
	w = &l.v[0];
	assert_string_equal(w->key, "my-worker");
	assert_string_equal(w->description, "Checks downloads");
	assert_string_equal(w->action, "BEFORE_DOWNLOAD");
	assert_string_equal(w->project_key, "proj");
	assert_string_equal(w->application, "artifactory");
	assert_string_equal(w->modified_by, "admin");
	assert_int_equal(w->modified_at, 1747741247465LL);
	assert_int_equal(w->enabled, 1);
	assert_int_equal(w->debug, 0);
	assert_int_equal(w->shared, 1);
	assert_int_equal(w->n_secrets, 2);
	w = &l.v[1];
	assert_string_equal(w->key, "bare");
	assert_null(w->description);
	assert_null(w->action);
	assert_null(w->project_key);
	assert_null(w->modified_by);
	assert_int_equal(w->modified_at, WR_NONE);
	assert_int_equal(w->enabled, -1);
	assert_int_equal(w->debug, -1);
	assert_int_equal(w->shared, -1);
	assert_int_equal(w->n_secrets, 0);
	model_worker_list_free(&l);
}

static void workers_other_shapes(void **state)
{
	static const char bare[] = "[" WORKER_FULL ", 1, null, \"k\", {\"description\":\"no key\"},"
	                           "{\"key\":7}, {\"key\":\"b\",\"enabled\":\"yes\","
	                           "\"description\":5,\"secrets\":{\"a\":\"b\"}}]";
	static const char one[] = "  " WORKER_FULL "\n";
	struct wr_worker_list l;
	struct wr_error err;

	(void)state;
	assert_true(parse_workers(bare, strlen(bare), &l, &err));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].key, "my-worker");
	assert_string_equal(l.v[1].key, "b");
	assert_int_equal(l.v[1].enabled, -1);
	assert_null(l.v[1].description);
	assert_int_equal(l.v[1].n_secrets, 0);
	model_worker_list_free(&l);

	/* GET /workers/{key} answers one worker. */
	assert_true(parse_workers(one, strlen(one), &l, &err));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].key, "my-worker");
	model_worker_list_free(&l);

	assert_true(parse_workers("{\"workers\":[]}", 14, &l, &err));
	assert_int_equal(l.n, 0);
	model_worker_list_free(&l);
}

static void expect_workers_fail(const char *doc, const char *msg)
{
	struct wr_worker_list l;
	struct wr_error err;

	wr_error_clear(&err);
	assert_false(parse_workers(doc, strlen(doc), &l, &err));
	assert_int_equal(err.kind, WR_ERR_PARSE);
	assert_string_equal(err.msg, msg);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
}

static void workers_rejected(void **state)
{
	(void)state;
	expect_workers_fail("", "workers: empty document");
	expect_workers_fail("{}", "workers: no \"workers\" array");
	expect_workers_fail("{\"keys\":[\"a\"]}", "workers: no \"workers\" array");
	expect_workers_fail("{\"workers\":{}}", "workers: \"workers\" is not an array");
	expect_workers_fail("{\"workers\":null}", "workers: \"workers\" is not an array");
	expect_workers_fail("\"workers\"", "workers: expected an object or an array");
	expect_workers_fail("{\"workers\":[]} x", "workers: unexpected 'x' at byte 15");
	expect_workers_fail("{\"workers\":[", "workers: unexpected end of data at byte 12");
}

/* ---- rerun --------------------------------------------------------------- */

#define RERUN_SAMPLE                                                                        \
	"{\"executionId\":\"exec-1\",\"logs\":\"[info ] - rerun\","                           \
	"\"executionMetrics\":{\"cpuTimeMillis\":12,\"topMemoryUsageBytes\":8589934592,"       \
	"\"executionDurationMillis\":34},"                                                  \
	"\"executionLimits\":{\"maxCpuTimeMillis\":1000,\"maxMemoryUsageBytes\":125829120,"    \
	"\"maxExecutionDurationMillis\":6000},"                                             \
	"\"result\":{\"data\":{\"status\":\"DOWNLOAD_PROCEED\",\"executionStatus\":4},"       \
	"\"executionStatus\":\"STATUS_SUCCESS\"}}"

static void rerun_sample(void **state)
{
	struct wr_rerun r;
	struct wr_error err;

	(void)state;
	assert_true(parse_rerun(RERUN_SAMPLE, strlen(RERUN_SAMPLE), &r, &err));
	assert_string_equal(r.execution_id, "exec-1");
	assert_string_equal(r.logs, "[info ] - rerun");
	assert_string_equal(r.status, "STATUS_SUCCESS");
	assert_int_equal(r.kind, WR_STATUS_SUCCESS);
	assert_string_equal(r.data_json, "{\"status\":\"DOWNLOAD_PROCEED\",\"executionStatus\":4}");
	assert_int_equal(r.limits.source, WR_LIMITS_RERUN);
	assert_int_equal(r.limits.max_cpu_ms, 1000);
	assert_int_equal(r.limits.max_mem_bytes, 125829120);
	assert_int_equal(r.limits.max_duration_ms, 6000);
	model_rerun_free(&r);
}

/* History and rerun say the same metrics in different places. */
static void rerun_and_history_share_metrics(void **state)
{
	static const char doc[] = "[" FULL_ENTRY "]";
	struct wr_run_list l;
	struct wr_rerun r;
	struct wr_error err;

	(void)state;
	assert_true(parse_steps(doc, strlen(doc), 0, &l, &err));
	assert_true(parse_rerun(RERUN_SAMPLE, strlen(RERUN_SAMPLE), &r, &err));
	assert_memory_equal(&l.v[0].metrics, &r.metrics, sizeof r.metrics);
	model_rerun_free(&r);
	model_run_list_free(&l);
}

static bool rerun_str(const char *doc, struct wr_rerun *r, struct wr_error *err)
{
	return parse_rerun(doc, strlen(doc), r, err);
}

static void rerun_odd_shapes(void **state)
{
	struct wr_rerun r;
	struct wr_error err;

	(void)state;
	assert_true(parse_rerun("{}", 2, &r, &err));
	assert_null(r.execution_id);
	assert_null(r.logs);
	assert_null(r.status);
	assert_null(r.data_json);
	assert_int_equal(r.kind, WR_STATUS_OTHER);
	assert_int_equal(r.metrics.cpu_ms, WR_NONE);
	assert_int_equal(r.limits.source, WR_LIMITS_NONE);
	assert_int_equal(r.limits.max_cpu_ms, WR_NONE);
	model_rerun_free(&r);

	assert_true(rerun_str("{\"result\":\"Worker used too much memory\","
	                        "\"executionLimits\":{\"maxCpuTimeMillis\":250},"
	                        "\"executionMetrics\":\"n/a\",\"logs\":7}",
	                        &r, &err));
	assert_string_equal(r.data_json, "\"Worker used too much memory\"");
	assert_null(r.status);
	assert_null(r.logs);
	assert_int_equal(r.limits.source, WR_LIMITS_RERUN);
	assert_int_equal(r.limits.max_cpu_ms, 250);
	assert_int_equal(r.limits.max_mem_bytes, WR_NONE);
	assert_int_equal(r.metrics.cpu_ms, WR_NONE);
	model_rerun_free(&r);

	assert_true(rerun_str("{\"result\":{\"data\":null,\"executionStatus\":\"STATUS_FAIL\"},"
	                        "\"executionLimits\":{\"maxCpuTimeMillis\":\"1000\"}}",
	                        &r, &err));
	assert_string_equal(r.data_json, "null");
	assert_int_equal(r.kind, WR_STATUS_FAIL);
	assert_int_equal(r.limits.source, WR_LIMITS_NONE);
	model_rerun_free(&r);

	assert_true(rerun_str("{\"result\":null,\"executionStatus\":\"STATUS_FAIL\"}", &r, &err));
	assert_string_equal(r.data_json, "null");
	assert_string_equal(r.status, "STATUS_FAIL");
	model_rerun_free(&r);

	wr_error_clear(&err);
	assert_false(parse_rerun("[]", 2, &r, &err));
	assert_string_equal(err.msg, "rerun: expected an object");
	assert_null(r.execution_id);
	assert_false(parse_rerun("{\"executionId\":", 15, &r, &err));
	assert_int_equal(err.kind, WR_ERR_PARSE);
	assert_false(parse_rerun("", 0, &r, &err));
	assert_string_equal(err.msg, "rerun: empty document");
}

/* ---- error bodies -------------------------------------------------------- */

static void expect_error_body(const char *body, const char *want)
{
	char out[256];

	memset(out, 'Z', sizeof out);
	parse_error_body(body, strlen(body), out, sizeof out);
	assert_string_equal(out, want);
}

static void error_body_json(void **state)
{
	(void)state;
	expect_error_body("{\"errors\":[{\"status\":404,\"message\":\"Worker not found\"}]}",
	                  "Worker not found");
	expect_error_body("{\"errors\":[{\"status\":400,\"message\":\"Bad payload\"},"
	                  "{\"status\":400,\"message\":\"Call limit exceeded\"},{\"status\":400}]}",
	                  "Bad payload; Call limit exceeded");
	expect_error_body("{\"errors\":[\"plain\",{\"message\":\"\"},{\"message\":5}]}", "plain");
	expect_error_body("{\"message\":\"Token expired\"}", "Token expired");
	expect_error_body("{\"error\":\"forbidden\"}", "forbidden");
	expect_error_body("{\"error\":{\"message\":\"nested\",\"code\":1}}", "nested");
	expect_error_body("\"just a string\"", "just a string");
	/* Controls and escape sequences are made visible; newlines collapse. */
	expect_error_body("{\"errors\":[{\"message\":\"bad\\u001b[2J\\u0007 thing\\r\\n next\"}]}",
	                  "bad^[[2J^G thing next");
	expect_error_body("{\"message\":\"\\u202eevil\"}", "<U+202E>evil");
	/* JSON without a message: its text, like plain text. */
	expect_error_body("{\"status\":500}", "{\"status\":500}");
}

static void error_body_html(void **state)
{
	(void)state;
	expect_error_body("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
	                  "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
	                  "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
	                  "502 Bad Gateway");
	expect_error_body("<!DOCTYPE html><HTML><HEAD><TITLE>\n  Service\n Unavailable &amp; "
	                  "&lt;down&gt; &#39;x&#x27;\n</TITLE></HEAD></HTML>",
	                  "Service Unavailable & <down> 'x'");
	expect_error_body("<html><head><style>body{color:red}</style>"
	                  "<script>var a = '<b>';</script><title> </title></head>"
	                  "<!-- <p>comment</p> --><body><h1>Gateway\nTimeout</h1>"
	                  "<p>The upstream\tdid not answer.</p></body></html>",
	                  "Gateway Timeout The upstream did not answer.");
	expect_error_body("<title>\x1b[31mred</title>", "^[[31mred");
	expect_error_body("<p>&bogus; &#0; &#xD800; &amp</p>", "&bogus; &#0; &#xD800; &amp");
	expect_error_body("<html><title>unclosed", "unclosed");
	expect_error_body("<", "");
}

static void error_body_plain_and_empty(void **state)
{
	char out[16];

	(void)state;
	expect_error_body("", "");
	expect_error_body(" \r\n\t ", "");
	expect_error_body("\n\n  Service   down\nsecond line\n", "Service down");
	expect_error_body("upstream connect error\x1b]0;x\x07", "upstream connect error^[]0;x^G");
	/* At most 80 characters, cut at a character boundary. */
	expect_error_body("0123456789012345678901234567890123456789"
	                  "0123456789012345678901234567890123456789",
	                  "0123456789012345678901234567890123456789"
	                  "0123456789012345678901234567890123456789");
	expect_error_body("0123456789012345678901234567890123456789"
	                  "0123456789012345678901234567890123456789X",
	                  "0123456789012345678901234567890123456789"
	                  "0123456789012345678901234567890123456...");
	expect_error_body("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...");
	{
		static const char nul[] = "a\0b";

		memset(out, 'Z', sizeof out);
		parse_error_body(nul, 3, out, sizeof out);
		assert_string_equal(out, "a^@b");
	}
	/* A small out: cut at a character boundary, with "..." when room. */
	{
		static const char msg[] = "{\"message\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}";

		parse_error_body(msg, strlen(msg), out, 8);
	}
	assert_string_equal(out, "\xc3\xa9\xc3\xa9...");
	parse_error_body("abcdef", 6, out, 4);
	assert_string_equal(out, "abc");
	parse_error_body("abcdef", 6, out, 1);
	assert_string_equal(out, "");
	out[0] = 'Q';
	parse_error_body("abcdef", 6, out, 0);
	assert_int_equal(out[0], 'Q');
	parse_error_body(NULL, 0, out, sizeof out);
	assert_string_equal(out, "");
}

/* ---- emit ---------------------------------------------------------------- */

static void emit_run_exact(void **state)
{
	static const char doc[] = "[" FULL_ENTRY ",{\"workerKey\":\"w\",\"executionPayload\":null},"
	                          "{\"executionResult\":{\"workerStats\":{\"cpuTimeMillis\":3}}}]";
	struct wr_run_list l;
	struct wr_error err;
	struct capture c;

	(void)state;
	assert_true(parse_steps(doc, strlen(doc), 0, &l, &err));
	assert_true(parse_emit_run(capture_open(&c), &l, &l.v[0], false));
	/* The API's names, in the API's order; the whole entry came back. */
	assert_string_equal(capture_close(&c), FULL_ENTRY "\n");
	free(c.text);
	assert_true(parse_emit_run(capture_open(&c), &l, &l.v[1], false));
	assert_string_equal(capture_close(&c), "{\"workerKey\":\"w\",\"executionPayload\":null}\n");
	free(c.text);
	assert_true(parse_emit_run(capture_open(&c), &l, &l.v[2], true));
	assert_string_equal(capture_close(&c), "{\n"
	                                       "  \"executionResult\": {\n"
	                                       "    \"workerStats\": {\n"
	                                       "      \"cpuTimeMillis\": 3\n"
	                                       "    }\n"
	                                       "  }\n"
	                                       "}\n");
	free(c.text);
	model_run_list_free(&l);
}

static void emit_runs_stream(void **state)
{
	static const char doc[] = "[{\"workerKey\":\"a\"},{\"workerKey\":\"b\",\"testRun\":true}]";
	struct wr_run_list l;
	struct wr_error err;
	struct capture c;
	const struct wr_run *v[2];

	(void)state;
	assert_true(parse_steps(doc, strlen(doc), 0, &l, &err));
	v[0] = &l.v[1];
	v[1] = &l.v[0];
	assert_true(parse_emit_runs(capture_open(&c), &l, v, 2, false));
	assert_string_equal(capture_close(&c),
	                    "[{\"workerKey\":\"b\",\"testRun\":true},{\"workerKey\":\"a\"}]\n");
	free(c.text);
	assert_true(parse_emit_runs(capture_open(&c), &l, v, 2, true));
	assert_string_equal(capture_close(&c), "[\n"
	                                       "  {\n"
	                                       "    \"workerKey\": \"b\",\n"
	                                       "    \"testRun\": true\n"
	                                       "  },\n"
	                                       "  {\n"
	                                       "    \"workerKey\": \"a\"\n"
	                                       "  }\n"
	                                       "]\n");
	free(c.text);
	assert_true(parse_emit_runs(capture_open(&c), &l, v, 0, true));
	assert_string_equal(capture_close(&c), "[]\n");
	free(c.text);
	model_run_list_free(&l);
}

/* parse -> emit -> parse gives the same model, compact and pretty. */
static void emit_round_trip(void **state)
{
	static const char doc[] =
		"[" FULL_ENTRY ",{\"executionPayload\":null,\"executionResult\":{\"result\":null,"
		"\"logs\":\"esc\\u001b nul\\u0000 \\\"q\\\" \\u00e9\\n\"}},{},"
		"{\"historyEntryId\":\"x/y\",\"testRun\":true,\"executionPayload\":[1.5,-2,\"\\/\"],"
		"\"startTimeMillis\":9007199254740993,\"executionResult\":{\"result\":"
		"{\"a\":{\"b\":[{},[]]}},\"workerStats\":{\"topMemoryUsageBytes\":8589934592}}}]";
	struct wr_run_list l, back;
	struct wr_error err;
	const struct wr_run **v;
	size_t i;
	int pretty;

	(void)state;
	assert_true(parse_steps(doc, strlen(doc), 0, &l, &err));
	v = calloc(l.n, sizeof *v);
	assert_non_null(v);
	for (i = 0; i < l.n; i++)
		v[i] = &l.v[i];
	for (pretty = 0; pretty < 2; pretty++) {
		struct capture c;
		const char *text;

		assert_true(parse_emit_runs(capture_open(&c), &l, v, l.n, pretty));
		text = capture_close(&c);
		assert_true(parse_steps(text, strlen(text), 7, &back, &err));
		assert_lists_equal(&l, &back);
		model_run_list_free(&back);
		free(c.text);
	}
	free(v);
	model_run_list_free(&l);
}

static void emit_workers_without_secrets(void **state)
{
	static const char doc[] = "{\"workers\":[" WORKER_FULL ",{\"key\":\"k\"}]}";
	struct wr_worker_list l, back;
	struct wr_error err;
	struct capture c;
	const char *text;

	(void)state;
	assert_true(parse_workers(doc, strlen(doc), &l, &err));
	assert_true(parse_emit_workers(capture_open(&c), &l, false));
	text = capture_close(&c);
	assert_string_equal(text, "{\"workers\":[{\"key\":\"my-worker\","
	                          "\"description\":\"Checks downloads\",\"enabled\":true,"
	                          "\"action\":\"BEFORE_DOWNLOAD\",\"projectKey\":\"proj\","
	                          "\"application\":\"artifactory\",\"debug\":false,\"shared\":true,"
	                          "\"currentVersion\":{\"modifiedAt\":1747741247465,"
	                          "\"modifiedBy\":\"admin\"}},{\"key\":\"k\"}]}\n");
	assert_null(strstr(text, "SECRET"));
	assert_null(strstr(text, "sourceCode"));
	assert_null(strstr(text, "secrets"));
	free(c.text);

	assert_true(parse_emit_workers(capture_open(&c), &l, true));
	text = capture_close(&c);
	assert_null(strstr(text, "SECRET"));
	assert_true(parse_workers(text, strlen(text), &back, &err));
	assert_int_equal(back.n, 2);
	assert_string_equal(back.v[0].key, "my-worker");
	assert_int_equal(back.v[0].modified_at, 1747741247465LL);
	assert_int_equal(back.v[0].shared, 1);
	assert_int_equal(back.v[0].n_secrets, 0);
	model_worker_list_free(&back);
	free(c.text);
	model_worker_list_free(&l);
}

static void emit_rerun_round_trip(void **state)
{
	struct wr_rerun r, back;
	struct wr_error err;
	struct capture c;
	const char *text;

	(void)state;
	assert_true(parse_rerun(RERUN_SAMPLE, strlen(RERUN_SAMPLE), &r, &err));
	assert_true(parse_emit_rerun(capture_open(&c), &r, false));
	text = capture_close(&c);
	assert_string_equal(text, RERUN_SAMPLE "\n");
	free(c.text);
	assert_true(parse_emit_rerun(capture_open(&c), &r, true));
	text = capture_close(&c);
	assert_true(parse_rerun(text, strlen(text), &back, &err));
	assert_string_equal(back.execution_id, r.execution_id);
	assert_string_equal(back.logs, r.logs);
	assert_string_equal(back.status, r.status);
	assert_string_equal(back.data_json, r.data_json);
	assert_memory_equal(&back.metrics, &r.metrics, sizeof r.metrics);
	assert_int_equal(back.limits.max_cpu_ms, r.limits.max_cpu_ms);
	assert_int_equal(back.limits.max_mem_bytes, r.limits.max_mem_bytes);
	assert_int_equal(back.limits.max_duration_ms, r.limits.max_duration_ms);
	assert_int_equal(back.limits.source, r.limits.source);
	model_rerun_free(&back);
	free(c.text);
	model_rerun_free(&r);

	assert_true(parse_rerun("{}", 2, &r, &err));
	assert_true(parse_emit_rerun(capture_open(&c), &r, false));
	assert_string_equal(capture_close(&c), "{}\n");
	free(c.text);
	model_rerun_free(&r);
}

/* --json may go to a terminal: what json-c writes raw (DEL, C1, bidi, bytes
 * that are not UTF-8) goes out escaped, and parses back to the same text. */
static void emit_escapes_terminal_controls(void **state)
{
	static const char doc[] = "[{\"workerKey\":\"w\\u202e\","
	                          "\"executionResult\":{\"logs\":\"a\\u009b2Jb\\u007f\","
	                          "\"result\":{\"k\\u009b\":\"\xff\"}}}]";
	struct wr_run_list l, back;
	const struct wr_run *v[1];
	struct wr_error err;
	struct capture c;
	const char *text;
	int pretty;

	(void)state;
	assert_true(parse_steps(doc, strlen(doc), 0, &l, &err));
	v[0] = &l.v[0];
	for (pretty = 0; pretty <= 1; pretty++) {
		assert_true(parse_emit_runs(capture_open(&c), &l, v, 1, pretty));
		text = capture_close(&c);
		assert_null(strstr(text, "\xc2\x9b"));
		assert_null(strstr(text, "\xe2\x80\xae"));
		assert_null(strchr(text, 0x7f));
		assert_null(strchr(text, '\xff'));
		assert_non_null(strstr(text, "a\\u009b2Jb\\u007f"));
		assert_non_null(strstr(text, "w\\u202e"));
		assert_non_null(strstr(text, "\"k\\u009b\""));
		assert_non_null(strstr(text, "\\ufffd"));
		assert_true(parse_steps(text, strlen(text), 0, &back, &err));
		assert_string_equal(LOGS(&back, &back.v[0]), LOGS(&l, &l.v[0]));
		assert_string_equal(back.v[0].worker_key, l.v[0].worker_key);
		model_run_list_free(&back);
		free(c.text);
	}
	model_run_list_free(&l);
}

static void pretty_json(void **state)
{
	char *s;

	(void)state;
	s = parse_pretty_json("{\"a\":[1,{\"b\":null}],\"c\":\"x/y\"}");
	assert_non_null(s);
	assert_string_equal(s, "{\n"
	                       "  \"a\": [\n"
	                       "    1,\n"
	                       "    {\n"
	                       "      \"b\": null\n"
	                       "    }\n"
	                       "  ],\n"
	                       "  \"c\": \"x/y\"\n"
	                       "}");
	free(s);
	s = parse_pretty_json("null");
	assert_string_equal(s, "null");
	free(s);
	s = parse_pretty_json(" 42 ");
	assert_string_equal(s, "42");
	free(s);
	assert_null(parse_pretty_json("{\"a\":"));
	assert_null(parse_pretty_json("{} {}"));
	assert_null(parse_pretty_json(""));
	assert_null(parse_pretty_json(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(history_full_entry),
		cmocka_unit_test(history_single_object),
		cmocka_unit_test(history_worker_type_spellings),
		cmocka_unit_test(history_missing_id),
		cmocka_unit_test(history_statuses),
		cmocka_unit_test(history_numbers),
		cmocka_unit_test(history_payload_and_result_any_json),
		cmocka_unit_test(history_missing_fields),
		cmocka_unit_test(history_wrong_types_are_absent),
		cmocka_unit_test(history_skips_non_objects),
		cmocka_unit_test(history_empty_and_whitespace),
		cmocka_unit_test(history_strings_and_escapes),
		cmocka_unit_test(history_every_split_point),
		cmocka_unit_test(history_byte_at_a_time),
		cmocka_unit_test(history_trailing_rejected),
		cmocka_unit_test(history_truncated_rejected),
		cmocka_unit_test(history_malformed_rejected),
		cmocka_unit_test(history_nesting_and_odd_values),
		cmocka_unit_test(history_errors_are_sticky),
		cmocka_unit_test(history_large_random_chunks),
		cmocka_unit_test(history_entry_cap),
		cmocka_unit_test(workers_envelope),
		cmocka_unit_test(workers_other_shapes),
		cmocka_unit_test(workers_rejected),
		cmocka_unit_test(rerun_sample),
		cmocka_unit_test(rerun_and_history_share_metrics),
		cmocka_unit_test(rerun_odd_shapes),
		cmocka_unit_test(error_body_json),
		cmocka_unit_test(error_body_html),
		cmocka_unit_test(error_body_plain_and_empty),
		cmocka_unit_test(emit_run_exact),
		cmocka_unit_test(emit_runs_stream),
		cmocka_unit_test(emit_round_trip),
		cmocka_unit_test(emit_workers_without_secrets),
		cmocka_unit_test(emit_rerun_round_trip),
		cmocka_unit_test(emit_escapes_terminal_controls),
		cmocka_unit_test(pretty_json),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
