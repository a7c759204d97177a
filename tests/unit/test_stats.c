/* test_stats.c - numbers over runs: percentiles, the success rate and its
 * rounding, failures by status, the strip of the last outcomes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "stats.h"

struct row {
	const char *status;
	int64_t dur, cpu, mem;
};

/* rows[0..n) newest first, with a start 1000 ms apart; idx gets 0..n-1. */
static void make_runs(struct wr_run_list *l, const struct row *rows, size_t n, uint32_t *idx)
{
	assert_true(model_run_list_init(l));
	for (size_t i = 0; i < n; i++) {
		struct wr_run *r = model_run_list_push(l);

		assert_non_null(r);
		r->status = rows[i].status;
		r->kind = model_status_kind(rows[i].status);
		r->start_ms = 100000 - (int64_t)i * 1000;
		r->metrics.duration_ms = rows[i].dur;
		r->metrics.cpu_ms = rows[i].cpu;
		r->metrics.mem_bytes = rows[i].mem;
		idx[i] = (uint32_t)i;
	}
}

static void percentile_counts(void **state)
{
	int64_t odd[] = { 50, 10, 40, 20, 30 };
	int64_t even[] = { 40, 10, 30, 20 };
	int64_t one[] = { 7 };
	int64_t twenty[20];

	(void)state;
	/* Odd count: the middle one; p95 of 5 is the 5th. */
	assert_int_equal(stats_percentile(odd, 5, 50), 30);
	assert_int_equal(stats_percentile(odd, 5, 95), 50);
	/* Even count: nearest rank takes the lower middle, no average. */
	assert_int_equal(stats_percentile(even, 4, 50), 20);
	assert_int_equal(stats_percentile(even, 4, 95), 40);
	/* One value is every percentile. */
	assert_int_equal(stats_percentile(one, 1, 50), 7);
	assert_int_equal(stats_percentile(one, 1, 95), 7);
	assert_int_equal(stats_percentile(one, 1, 1), 7);
	/* None. */
	assert_int_equal(stats_percentile(NULL, 0, 50), WR_NONE);
	/* 20 values 1..20 (reversed): p95 is rank 19, p50 rank 10. */
	for (int i = 0; i < 20; i++)
		twenty[i] = 20 - i;
	assert_int_equal(stats_percentile(twenty, 20, 95), 19);
	assert_int_equal(stats_percentile(twenty, 20, 50), 10);
	assert_int_equal(stats_percentile(twenty, 20, 100), 20);
}

static void rate_rounding(void **state)
{
	(void)state;
	assert_int_equal(stats_rate(0, 0), -1);
	assert_int_equal(stats_rate(3, 4), 75);
	assert_int_equal(stats_rate(1, 2), 50);
	assert_int_equal(stats_rate(2, 3), 67);  /* 66.7 up */
	assert_int_equal(stats_rate(1, 3), 33);  /* 33.3 down */
	assert_int_equal(stats_rate(1, 8), 13);  /* 12.5: halves up */
	assert_int_equal(stats_rate(5, 5), 100);
	assert_int_equal(stats_rate(0, 5), 0);
	/* Only all is 100, only none is 0. */
	assert_int_equal(stats_rate(199, 200), 99);
	assert_int_equal(stats_rate(1, 201), 1);
	assert_int_equal(stats_rate(1, 1000000), 1);
	assert_int_equal(stats_rate(999999, 1000000), 99);
}

static void compute_all(void **state)
{
	/* Newest first. Unknown metrics (-1) are skipped; the third run has
	 * no duration but a start and an end. */
	static const struct row rows[] = {
		{ "STATUS_FAIL", 850, 1200, 500 },
		{ "STATUS_SUCCESS", 400, 300, -1 },
		{ "STATUS_TIMEOUT", -1, -1, 300 },
		{ "STATUS_FAIL", 100, 10, 100 },
		{ NULL, 200, 20, 200 },
		{ "STATUS_SUCCES", 300, 30, 400 },
	};
	struct wr_run_list l;
	struct stats st;
	uint32_t idx[6];

	(void)state;
	make_runs(&l, rows, 6, idx);
	l.v[2].end_ms = l.v[2].start_ms + 6100;
	assert_true(stats_compute(&st, &l, idx, 6));
	assert_int_equal(st.runs, 6);
	assert_int_equal(st.succeeded, 2);
	assert_int_equal(st.rate, 33);
	/* Failures by status: the most first, then by label. */
	assert_int_equal(st.n_failures, 3);
	assert_string_equal(st.failures[0].label, "FAIL");
	assert_int_equal(st.failures[0].count, 2);
	assert_string_equal(st.failures[1].label, "-");
	assert_int_equal(st.failures[1].count, 1);
	assert_string_equal(st.failures[2].label, "TIMEOUT");
	assert_int_equal(st.failures[2].count, 1);
	/* Duration: 850 400 6100 100 200 300 -> 100 200 300 400 850 6100. */
	assert_int_equal(st.known[STATS_DURATION], 6);
	assert_int_equal(st.p50[STATS_DURATION], 300);
	assert_int_equal(st.p95[STATS_DURATION], 6100);
	/* CPU: 5 known: 10 20 30 300 1200. */
	assert_int_equal(st.known[STATS_CPU], 5);
	assert_int_equal(st.p50[STATS_CPU], 30);
	assert_int_equal(st.p95[STATS_CPU], 1200);
	/* Memory: 5 known: 100 200 300 400 500. */
	assert_int_equal(st.known[STATS_MEMORY], 5);
	assert_int_equal(st.p50[STATS_MEMORY], 300);
	assert_int_equal(st.p95[STATS_MEMORY], 500);
	/* The strip: oldest first. */
	assert_int_equal(st.n_strip, 6);
	assert_int_equal(st.strip[0], STATS_SUCCEEDED); /* STATUS_SUCCES */
	assert_int_equal(st.strip[1], STATS_OTHER);     /* no status */
	assert_int_equal(st.strip[2], STATS_FAILED);
	assert_int_equal(st.strip[3], STATS_OTHER);     /* TIMEOUT */
	assert_int_equal(st.strip[4], STATS_SUCCEEDED);
	assert_int_equal(st.strip[5], STATS_FAILED);    /* the newest, last */
	stats_free(&st);
	assert_null(st.failures);
	assert_int_equal(st.runs, 0);
	model_run_list_free(&l);
}

static void compute_none(void **state)
{
	static const struct row rows[] = {
		{ "STATUS_SUCCESS", -1, -1, -1 },
		{ "STATUS_SUCCESS", -1, -1, -1 },
	};
	struct wr_run_list l;
	struct stats st;
	uint32_t idx[2];

	(void)state;
	/* No runs at all. */
	make_runs(&l, rows, 2, idx);
	assert_true(stats_compute(&st, &l, idx, 0));
	assert_int_equal(st.runs, 0);
	assert_int_equal(st.rate, -1);
	assert_int_equal(st.n_failures, 0);
	assert_null(st.failures);
	assert_int_equal(st.n_strip, 0);
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		assert_int_equal(st.p50[m], WR_NONE);
		assert_int_equal(st.p95[m], WR_NONE);
	}
	stats_free(&st);
	/* Runs that report no metric: percentiles unknown, none failed. */
	assert_true(stats_compute(&st, &l, idx, 2));
	assert_int_equal(st.runs, 2);
	assert_int_equal(st.rate, 100);
	assert_int_equal(st.n_failures, 0);
	assert_null(st.failures);
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		assert_int_equal(st.known[m], 0);
		assert_int_equal(st.p50[m], WR_NONE);
		assert_int_equal(st.p95[m], WR_NONE);
	}
	stats_free(&st);
	model_run_list_free(&l);
}

static void strip_order(void **state)
{
	struct row rows[14];
	struct wr_run_list l;
	uint32_t idx[14], sub[3];
	uint8_t out[STATS_STRIP];
	size_t n;

	(void)state;
	/* 14 runs, newest first: the newest fails, every third too. */
	for (int i = 0; i < 14; i++) {
		rows[i].status = i % 3 == 0 ? "STATUS_FAIL" : "STATUS_SUCCESS";
		rows[i].dur = rows[i].cpu = rows[i].mem = 1;
	}
	make_runs(&l, rows, 14, idx);
	/* The last 10 only: runs 9..0, oldest first. */
	n = stats_strip(&l, idx, 14, out, STATS_STRIP);
	assert_int_equal(n, 10);
	for (int i = 0; i < 10; i++)
		assert_int_equal(out[i], (9 - i) % 3 == 0 ? STATS_FAILED : STATS_SUCCEEDED);
	assert_int_equal(out[9], STATS_FAILED);
	/* Fewer runs than room: all of them. A slice of indexes. */
	sub[0] = 1;
	sub[1] = 3;
	sub[2] = 4;
	n = stats_strip(&l, sub, 3, out, STATS_STRIP);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], STATS_SUCCEEDED); /* run 4 */
	assert_int_equal(out[1], STATS_FAILED);    /* run 3 */
	assert_int_equal(out[2], STATS_SUCCEEDED); /* run 1 */
	assert_int_equal(stats_strip(&l, idx, 0, out, STATS_STRIP), 0);
	model_run_list_free(&l);
}

static void values(void **state)
{
	struct wr_run r;

	(void)state;
	memset(&r, 0, sizeof r);
	r.metrics = model_metrics_none();
	r.start_ms = 1000;
	r.end_ms = 1500;
	assert_int_equal(stats_value(&r, STATS_DURATION), 500);
	assert_int_equal(stats_value(&r, STATS_CPU), WR_NONE);
	assert_int_equal(stats_value(&r, STATS_MEMORY), WR_NONE);
	r.metrics.cpu_ms = 0;
	assert_int_equal(stats_value(&r, STATS_CPU), 0);
	r.kind = model_status_kind("STATUS_TIMEOUT");
	assert_int_equal(stats_outcome(&r), STATS_OTHER);
	r.kind = model_status_kind("STATUS_FAIL");
	assert_int_equal(stats_outcome(&r), STATS_FAILED);
	r.kind = model_status_kind("STATUS_SUCCESS");
	assert_int_equal(stats_outcome(&r), STATS_SUCCEEDED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentile_counts),
		cmocka_unit_test(rate_rounding),
		cmocka_unit_test(compute_all),
		cmocka_unit_test(compute_none),
		cmocka_unit_test(strip_order),
		cmocka_unit_test(values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
