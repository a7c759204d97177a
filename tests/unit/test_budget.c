/* test_budget.c - the memory budget of what is parsed from a body: the
 * estimate of json-c's tree, and the history, workers and rerun result
 * refused when they would pass PARSE_BUDGET_FACTOR times --max-body. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parse_json.h"

#define MIB ((size_t)1024 * 1024)

/* prefix, then count copies of unit joined by commas, then suffix: a
 * malloc'd NUL-terminated document; *len its length. */
static char *repeat_doc(const char *prefix, const char *unit, size_t count, const char *suffix,
                        size_t *len)
{
	size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
	size_t n = pl + count * (ul + 1) + sl, k = 0;
	char *d = malloc(n + 1);

	assert_non_null(d);
	memcpy(d + k, prefix, pl);
	k += pl;
	for (size_t i = 0; i < count; i++) {
		if (i)
			d[k++] = ',';
		memcpy(d + k, unit, ul);
		k += ul;
	}
	memcpy(d + k, suffix, sl);
	k += sl;
	d[k] = '\0';
	*len = k;
	return d;
}

#define ENTRY                                                                          \
	"{\"historyEntryId\":\"7b1c1a52-4f1e-4a8c-9b0a-1d2e3f405162\","                    \
	"\"workerKey\":\"my-worker\",\"workerType\":\"BEFORE_DOWNLOAD\","                  \
	"\"workerProjectKey\":\"\",\"executionStatus\":\"STATUS_FAIL\","                   \
	"\"executionPayload\":{\"repo\":\"libs-release\",\"path\":\"org/a/b.jar\"},"       \
	"\"executionResult\":{\"result\":{\"status\":2},\"logs\":\"[info ] - line 1\\n\"," \
	"\"workerStats\":{\"cpuTimeMillis\":12,\"topMemoryUsageBytes\":1024,"              \
	"\"executionDurationMillis\":34}},"                                                \
	"\"startTimeMillis\":1747741247465,\"endTimeMillis\":1747741247499,"               \
	"\"triggeredBy\":\"artifactory\",\"testRun\":false,\"executedVersion\":\"v1\"}"

static void budget_of_max_body(void **state)
{
	(void)state;
	assert_int_equal(PARSE_BUDGET_FACTOR, 4);
	assert_true(parse_budget(MIB) == 4 * MIB);
	assert_true(parse_budget(512 * MIB) == 2048 * MIB);
	assert_true(parse_budget(SIZE_MAX / 2) == SIZE_MAX);
	assert_true(parse_budget(SIZE_MAX) == SIZE_MAX);
}

static void tree_estimate_counts_structure_not_strings(void **state)
{
	(void)state;
	assert_true(parse_json_tree_estimate("{}", 2) >= 800);
	assert_true(parse_json_tree_estimate("[]", 2) >= 160);
	assert_true(parse_json_tree_estimate("[{},{}]", 7) >= 2 * 800 + 160);
	/* Brackets inside strings are text, escaped quotes included. */
	assert_true(parse_json_tree_estimate("\"{{{{[[[[\"", 10) < 800);
	assert_true(parse_json_tree_estimate("\"a\\\"{{{{\"", 10) < 800);
	/* An escaped backslash ends the string: the brace after it counts. */
	assert_true(parse_json_tree_estimate("[\"a\\\\\",{}]", 11) >= 800);
	/* A string that never closes hides the rest. */
	assert_true(parse_json_tree_estimate("\"{{{{", 5) < 800);
	/* Long strings cost their bytes, not more. */
	{
		size_t n;
		char *d = repeat_doc("\"", "x", 100000, "\"", &n);

		assert_true(parse_json_tree_estimate(d, n) >= n);
		assert_true(parse_json_tree_estimate(d, n) < n + 1000);
		free(d);
	}
}

/* json-c's real tree, measured, is within the estimate. */
static void tree_estimate_bounds_json_c(void **state)
{
	static const char *const units[] = { "{}", "[]", "1", "\"abc\"", "{\"a\":1}", "[1,2]",
		                             "{\"k\":{\"x\":[true,null]}}" };

	(void)state;
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		size_t n, before, after;
		char *d = repeat_doc("[", units[u], 20000, "]", &n);
		struct json_object *o;
		struct mallinfo2 a, b;

		a = mallinfo2();
		o = json_tokener_parse(d);
		b = mallinfo2();
		assert_non_null(o);
		before = a.uordblks + a.hblkhd;
		after = b.uordblks + b.hblkhd;
		if (after > before) /* 0 under a sanitizer's malloc */
			assert_true(parse_json_tree_estimate(d, n) >= after - before);
		json_object_put(o);
		free(d);
	}
}

/* A body of empty entries: 3 bytes each, a run of about 150 bytes each. */
static void history_of_empty_entries_refused(void **state)
{
	struct wr_run_list l;
	struct wr_error err;
	size_t n;
	char *d = repeat_doc("[", "{}", 300000, "]", &n); /* 900 KB */

	(void)state;
	assert_true(model_run_list_init(&l));
	assert_true(parse_history(d, n, &l, &err)); /* no budget: parses */
	assert_true(l.n == 300000);
	model_run_list_free(&l);

	assert_true(model_run_list_init(&l));
	{
		struct parse_history *p = parse_history_new(&l);

		assert_non_null(p);
		parse_history_set_budget(p, parse_budget(MIB));
		/* Fed in chunks, as it downloads. */
		for (size_t off = 0; off < n; off += 16384) {
			size_t k = n - off < 16384 ? n - off : 16384;

			if (!parse_history_feed(p, d + off, k, &err))
				break;
		}
		assert_int_equal(err.kind, WR_ERR_TOO_BIG);
		assert_non_null(strstr(err.msg, "the history is larger than --max-body allows"));
		/* The failure stays. */
		assert_false(parse_history_finish(p, &err));
		assert_int_equal(err.kind, WR_ERR_TOO_BIG);
		/* What it built stayed within the budget. */
		assert_true(l.cap * sizeof *l.v + arena_bytes(l.arena) <= parse_budget(MIB));
		parse_history_free(p);
	}
	model_run_list_free(&l);
	free(d);
}

/* One entry whose payload is a swarm of objects: refused before json-c
 * builds a tree of ~800 bytes per 3 bytes of text. */
/* An entry the fast reader leaves to json-c (a raw tab in a string, which
 * json-c takes and RFC 8259 does not) is refused before json-c builds its
 * huge tree; the same entry read by the fast reader builds no tree at all,
 * and its payload goes to the spool. */
static void entry_with_huge_tree_refused(void **state)
{
	struct wr_run_list l;
	struct wr_error err;
	size_t n;
	char *d = repeat_doc("[{\"workerKey\":\"w\t\",\"executionPayload\":[", "{}", 100000, "]}]",
	                     &n);
	struct parse_history *p;

	(void)state;
	assert_true(model_run_list_init(&l));
	p = parse_history_new(&l);
	assert_non_null(p);
	parse_history_set_budget(p, parse_budget(MIB));
	assert_false(parse_history_feed(p, d, n, &err) && parse_history_finish(p, &err));
	assert_int_equal(err.kind, WR_ERR_TOO_BIG);
	assert_non_null(strstr(err.msg, "larger than --max-body allows"));
	assert_true(l.n == 0);
	parse_history_free(p);
	model_run_list_free(&l);

	d[16] = 'x'; /* the tab */
	assert_true(model_run_list_init(&l));
	p = parse_history_new(&l);
	assert_non_null(p);
	parse_history_set_budget(p, parse_budget(MIB));
	assert_true(parse_history_feed(p, d, n, &err) && parse_history_finish(p, &err));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].worker_key, "wx");
	parse_history_free(p);
	model_run_list_free(&l);
	free(d);
}

/* Real entries of a body up to --max-body fit with room to spare. */
static void real_history_fits(void **state)
{
	struct wr_run_list l;
	struct wr_error err;
	size_t n;
	char *d = repeat_doc("[", ENTRY, 2000, "]", &n); /* ~1.1 MB */
	struct parse_history *p;

	(void)state;
	assert_true(model_run_list_init(&l));
	p = parse_history_new(&l);
	assert_non_null(p);
	parse_history_set_budget(p, parse_budget(n));
	assert_true(parse_history_feed(p, d, n, &err));
	assert_true(parse_history_finish(p, &err));
	assert_true(l.n == 2000);
	/* Well within a budget of 4 times the body: under 2 times. */
	assert_true(l.cap * sizeof *l.v + arena_bytes(l.arena) < 2 * n);
	parse_history_free(p);
	model_run_list_free(&l);
	free(d);
}

static void workers_budget(void **state)
{
	struct wr_worker_list l;
	struct wr_error err;
	size_t n;
	char *d = repeat_doc("{\"workers\":[", "{}", 300000, "]}", &n);

	(void)state;
	assert_false(parse_workers_within(d, n, parse_budget(MIB), &l, &err));
	assert_int_equal(err.kind, WR_ERR_TOO_BIG);
	assert_non_null(strstr(err.msg, "the worker list is larger than --max-body allows"));
	assert_true(l.n == 0 && l.v == NULL);
	free(d);

	/* Keyed workers count too: their structs and strings. */
	d = repeat_doc("[", "{\"key\":\"k\"}", 100000, "]", &n);
	assert_false(parse_workers_within(d, n, 2 * n, &l, &err));
	assert_int_equal(err.kind, WR_ERR_TOO_BIG);
	free(d);

	d = repeat_doc("{\"workers\":[",
	               "{\"key\":\"my-worker\",\"description\":\"blocks downloads of unlicensed "
	               "artifacts\",\"enabled\":true,\"action\":\"BEFORE_DOWNLOAD\","
	               "\"sourceCode\":\"export default async (context, data) => { return "
	               "{ status: 'DOWNLOAD_PROCEED' }; }\",\"filterCriteria\":{\"artifactFilterCriteria\":"
	               "{\"repoKeys\":[\"libs-release-local\"]}},\"secrets\":[],\"debug\":false}",
	               500, "]}", &n);
	/* A worker list is parsed whole, and json-c's tree of small workers
	 * takes ~15 times their text: a list an eighth of --max-body fits. */
	assert_true(parse_workers_within(d, n, parse_budget(8 * n), &l, &err));
	assert_true(l.n == 500);
	model_worker_list_free(&l);
	/* At the smallest --max-body (1 MiB), 500 of them (~160 KB) fit. */
	assert_true(n < MIB / 4);
	assert_true(parse_workers_within(d, n, parse_budget(MIB), &l, &err));
	model_worker_list_free(&l);
	free(d);
}

static void rerun_budget(void **state)
{
	struct wr_rerun r;
	struct wr_error err;
	size_t n;
	char *d = repeat_doc("{\"result\":[", "{}", 300000, "]}", &n);
	static const char ok[] =
		"{\"executionId\":\"e1\",\"logs\":\"[info ] - hi\\n\",\"executionMetrics\":"
		"{\"cpuTimeMillis\":1},\"result\":{\"data\":{\"a\":[1,2]},\"executionStatus\":"
		"\"STATUS_SUCCESS\"}}";

	(void)state;
	assert_false(parse_rerun_within(d, n, parse_budget(MIB), &r, &err));
	assert_int_equal(err.kind, WR_ERR_TOO_BIG);
	assert_non_null(strstr(err.msg, "the rerun result is larger than --max-body allows"));
	free(d);
	assert_true(parse_rerun_within(ok, strlen(ok), parse_budget(MIB), &r, &err));
	assert_string_equal(r.execution_id, "e1");
	model_rerun_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(budget_of_max_body),
		cmocka_unit_test(tree_estimate_counts_structure_not_strings),
		cmocka_unit_test(tree_estimate_bounds_json_c),
		cmocka_unit_test(history_of_empty_entries_refused),
		cmocka_unit_test(entry_with_huge_tree_refused),
		cmocka_unit_test(real_history_fits),
		cmocka_unit_test(workers_budget),
		cmocka_unit_test(rerun_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
