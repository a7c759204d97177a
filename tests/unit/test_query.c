/* test_query.c - the one run query (failed, text, window, orders) and the
 * model's run helpers it rests on. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "query.h"

/* Six runs, newest first, as the api delivers them. */
static void make_runs(struct wr_run_list *l)
{
	static const struct {
		const char *id, *worker, *status, *trigger, *version;
		int64_t start, dur, cpu, mem;
	} rows[] = {
		{ "aaaa0001", "gate", "STATUS_SUCCESS", "artifactory", "v9", 6000, 100, 50, 1000 },
		{ "aaaa0002", "gate", "STATUS_FAIL", "Alice", "v8", 5000, 900, 10, 5000 },
		{ "bbbb0003", "scan", "STATUS_TIMEOUT", "scheduler", "v7", 4000, 900, 70, 3000 },
		{ "bbbb0004", "scan", NULL, "scheduler", "v6", 3000, -1, -1, -1 },
		{ "cccc0005", "nightly", "STATUS_WEIRD", "bob", "v5", 2000, 50, 20, 2000 },
		{ NULL, "legacy", "STATUS_SUCCES", "artifactory", NULL, 1000, 300, 30, 4000 },
	};

	assert_true(model_run_list_init(l));
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct wr_run *r = model_run_list_push(l);

		assert_non_null(r);
		r->id = rows[i].id;
		r->worker_key = rows[i].worker;
		r->status = rows[i].status;
		r->kind = model_status_kind(rows[i].status);
		r->triggered_by = rows[i].trigger;
		r->executed_version = rows[i].version;
		r->start_ms = rows[i].start;
		r->end_ms = rows[i].start + 10;
		r->metrics.duration_ms = rows[i].dur;
		r->metrics.cpu_ms = rows[i].cpu;
		r->metrics.mem_bytes = rows[i].mem;
	}
}

static size_t run(const struct wr_run_list *l, const struct wr_query *q, uint32_t *out)
{
	uint32_t in[16];

	for (size_t i = 0; i < l->n; i++)
		in[i] = (uint32_t)i;
	return query_run(l, q, in, l->n, out);
}

static void helpers(void **state)
{
	struct wr_run r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_string_equal(model_status_label("STATUS_SUCCESS"), "SUCCESS");
	assert_string_equal(model_status_label("STATUS_SUCCES"), "SUCCESS");
	assert_string_equal(model_status_label("STATUS_FAIL"), "FAIL");
	assert_string_equal(model_status_label("STATUS_TIMEOUT"), "TIMEOUT");
	assert_string_equal(model_status_label("STATUS_"), "STATUS_");
	assert_string_equal(model_status_label("weird"), "weird");
	assert_string_equal(model_status_label(""), "-");
	assert_string_equal(model_status_label(NULL), "-");
	r.metrics.duration_ms = 42;
	r.start_ms = 1000;
	r.end_ms = 5000;
	assert_int_equal(model_run_duration(&r), 42);
	r.metrics.duration_ms = WR_NONE;
	assert_int_equal(model_run_duration(&r), 4000);
	r.end_ms = 500; /* ended before it started: unknown */
	assert_int_equal(model_run_duration(&r), WR_NONE);
	r.kind = WR_STATUS_SUCCESS;
	assert_false(model_run_failed(&r));
	r.kind = WR_STATUS_FAIL;
	assert_true(model_run_failed(&r));
	r.kind = WR_STATUS_OTHER;
	assert_true(model_run_failed(&r));
	assert_string_equal(model_limits_source_text(WR_LIMITS_RERUN), "reported by a rerun");
	assert_string_equal(model_limits_source_text(WR_LIMITS_SAMPLE), "documented sample");
	assert_string_equal(model_limits_source_text(WR_LIMITS_CONFIG), "configured");
	assert_string_equal(model_limits_source_text(WR_LIMITS_NONE), "none known");
}

static void failed_means_not_success(void **state)
{
	struct wr_run_list l;
	struct wr_query q;
	uint32_t out[16];
	size_t n;

	(void)state;
	make_runs(&l);
	query_init(&q);
	assert_int_equal(run(&l, &q, out), 6);
	q.failed = true;
	n = run(&l, &q, out);
	/* FAIL, TIMEOUT, absent, an unknown status; not the two successes */
	assert_int_equal(n, 4);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 3);
	assert_int_equal(out[3], 4);
	model_run_list_free(&l);
}

static void text_matches_fields(void **state)
{
	struct wr_run_list l;
	struct wr_query q;
	uint32_t out[16];

	(void)state;
	make_runs(&l);
	query_init(&q);
	q.text = "SCAN"; /* worker, any case */
	assert_int_equal(run(&l, &q, out), 2);
	q.text = "timeout"; /* status */
	assert_int_equal(run(&l, &q, out), 1);
	assert_int_equal(out[0], 2);
	q.text = "alice"; /* trigger */
	assert_int_equal(run(&l, &q, out), 1);
	assert_int_equal(out[0], 1);
	q.text = "v5"; /* version */
	assert_int_equal(run(&l, &q, out), 1);
	assert_int_equal(out[0], 4);
	q.text = "0003"; /* any part of the ID */
	assert_int_equal(run(&l, &q, out), 1);
	assert_int_equal(out[0], 2);
	q.text = "success"; /* the label too: STATUS_SUCCES reads SUCCESS */
	assert_int_equal(run(&l, &q, out), 2);
	q.text = "nothing-like-this";
	assert_int_equal(run(&l, &q, out), 0);
	q.text = "";
	assert_int_equal(run(&l, &q, out), 6);
	/* combined with failed */
	q.text = "scan";
	q.failed = true;
	assert_int_equal(run(&l, &q, out), 2);
	q.text = "gate";
	assert_int_equal(run(&l, &q, out), 1);
	assert_int_equal(out[0], 1);
	/* and with a worker */
	q.text = NULL;
	q.failed = false;
	q.worker_key = "scan";
	assert_int_equal(run(&l, &q, out), 2);
	model_run_list_free(&l);
}

static void window(void **state)
{
	struct wr_run_list l;
	struct wr_query q;
	uint32_t out[16];

	(void)state;
	make_runs(&l);
	query_init(&q);
	q.since_ms = 3000;
	assert_int_equal(run(&l, &q, out), 4);
	q.until_ms = 4000;
	assert_int_equal(run(&l, &q, out), 2);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 3);
	model_run_list_free(&l);
}

static void orders(void **state)
{
	struct wr_run_list l;
	struct wr_query q;
	uint32_t out[16];
	static const uint32_t by_duration[] = { 1, 2, 5, 0, 4, 3 };
	static const uint32_t by_cpu[] = { 2, 0, 5, 4, 1, 3 };
	static const uint32_t by_memory[] = { 1, 5, 2, 4, 0, 3 };
	/* failures, then other statuses by name (absent first), then successes */
	static const uint32_t by_status[] = { 1, 3, 2, 4, 0, 5 };

	(void)state;
	make_runs(&l);
	query_init(&q);
	assert_string_equal(query_sort_name(WR_SORT_START), "start");
	assert_string_equal(query_sort_name(WR_SORT_STATUS), "status");
	assert_int_equal(run(&l, &q, out), 6);
	for (uint32_t i = 0; i < 6; i++)
		assert_int_equal(out[i], i);
	q.reverse = true;
	run(&l, &q, out);
	for (uint32_t i = 0; i < 6; i++)
		assert_int_equal(out[i], 5 - i);
	q.reverse = false;
	/* longest first; a tie (1 and 2: 900 ms) stays newest first; unknown last */
	q.sort = WR_SORT_DURATION;
	run(&l, &q, out);
	assert_memory_equal(out, by_duration, sizeof by_duration);
	q.sort = WR_SORT_CPU;
	run(&l, &q, out);
	assert_memory_equal(out, by_cpu, sizeof by_cpu);
	q.sort = WR_SORT_MEMORY;
	run(&l, &q, out);
	assert_memory_equal(out, by_memory, sizeof by_memory);
	q.sort = WR_SORT_STATUS;
	run(&l, &q, out);
	assert_memory_equal(out, by_status, sizeof by_status);
	/* reversed is the exact mirror, ties included */
	q.sort = WR_SORT_DURATION;
	q.reverse = true;
	run(&l, &q, out);
	for (int i = 0; i < 6; i++)
		assert_int_equal(out[i], by_duration[5 - i]);
	model_run_list_free(&l);
}

static void workers_match(void **state)
{
	struct wr_worker w;

	(void)state;
	memset(&w, 0, sizeof w);
	w.key = "nightly-cleanup";
	w.action = "SCHEDULED_EVENT";
	assert_true(query_match_worker(&w, NULL));
	assert_true(query_match_worker(&w, ""));
	assert_true(query_match_worker(&w, "Night"));
	assert_true(query_match_worker(&w, "scheduled"));
	assert_false(query_match_worker(&w, "upload"));
	w.key = NULL;
	w.action = NULL;
	assert_false(query_match_worker(&w, "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helpers),
		cmocka_unit_test(failed_means_not_success),
		cmocka_unit_test(text_matches_fields),
		cmocka_unit_test(window),
		cmocka_unit_test(orders),
		cmocka_unit_test(workers_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
