/* test_model.c - the model: status kinds, limits, the arena, run and worker lists. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void status_kinds(void **state)
{
	(void)state;
	assert_int_equal(model_status_kind("STATUS_SUCCESS"), WR_STATUS_SUCCESS);
	assert_int_equal(model_status_kind("STATUS_SUCCES"), WR_STATUS_SUCCESS);
	assert_int_equal(model_status_kind("STATUS_FAIL"), WR_STATUS_FAIL);
	assert_int_equal(model_status_kind("STATUS_FAILED"), WR_STATUS_OTHER);
	assert_int_equal(model_status_kind("status_success"), WR_STATUS_OTHER);
	assert_int_equal(model_status_kind("STATUS_SUCCESS "), WR_STATUS_OTHER);
	assert_int_equal(model_status_kind(""), WR_STATUS_OTHER);
	assert_int_equal(model_status_kind(NULL), WR_STATUS_OTHER);
}

static void limits_basics(void **state)
{
	struct wr_metrics m = model_metrics_none();
	struct wr_limits none = model_limits_none(), sample = model_limits_sample();

	(void)state;
	assert_int_equal(m.cpu_ms, -1);
	assert_int_equal(m.mem_bytes, -1);
	assert_int_equal(m.duration_ms, -1);
	assert_int_equal(none.max_cpu_ms, -1);
	assert_int_equal(none.max_mem_bytes, -1);
	assert_int_equal(none.max_duration_ms, -1);
	assert_int_equal(none.source, WR_LIMITS_NONE);
	assert_int_equal(sample.max_cpu_ms, 1000);
	assert_int_equal(sample.max_mem_bytes, 125829120);
	assert_int_equal(sample.max_duration_ms, 6000);
	assert_int_equal(sample.source, WR_LIMITS_SAMPLE);
	assert_string_equal(model_limits_source_name(WR_LIMITS_RERUN), "rerun");
	assert_string_equal(model_limits_source_name(WR_LIMITS_CONFIG), "config");
	assert_string_equal(model_limits_source_name(WR_LIMITS_SAMPLE), "sample");
	assert_string_equal(model_limits_source_name(WR_LIMITS_NONE), "none");
}

static void limits_effective_order(void **state)
{
	struct wr_limits rerun = { 2000, 268435456, 9000, WR_LIMITS_RERUN };
	struct wr_limits config = { 3000, 1000000, 7000, WR_LIMITS_CONFIG };
	struct wr_limits partial = { 1500, WR_NONE, WR_NONE, WR_LIMITS_RERUN };
	struct wr_limits config_mem = { WR_NONE, 5000000, WR_NONE, WR_LIMITS_CONFIG };
	struct wr_limits none = model_limits_none();
	struct wr_limits e;

	(void)state;
	e = model_limits_effective(NULL, NULL);
	assert_int_equal(e.source, WR_LIMITS_SAMPLE);
	assert_int_equal(e.max_cpu_ms, 1000);
	assert_int_equal(e.max_mem_bytes, 125829120);
	assert_int_equal(e.max_duration_ms, 6000);

	e = model_limits_effective(&rerun, &config);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.max_cpu_ms, 2000);
	assert_int_equal(e.max_mem_bytes, 268435456);
	assert_int_equal(e.max_duration_ms, 9000);

	e = model_limits_effective(&none, &config);
	assert_int_equal(e.source, WR_LIMITS_CONFIG);
	assert_int_equal(e.max_cpu_ms, 3000);
	assert_int_equal(e.max_mem_bytes, 1000000);
	assert_int_equal(e.max_duration_ms, 7000);

	/* Missing fields come from the next source, the label from the first. */
	e = model_limits_effective(&partial, &config_mem);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.max_cpu_ms, 1500);
	assert_int_equal(e.max_mem_bytes, 5000000);
	assert_int_equal(e.max_duration_ms, 6000);

	e = model_limits_effective(&partial, NULL);
	assert_int_equal(e.max_cpu_ms, 1500);
	assert_int_equal(e.max_mem_bytes, 125829120);
}

static void arena_copies(void **state)
{
	struct wr_arena *a = arena_new();
	char *s, *t, *big;
	size_t before;

	(void)state;
	assert_non_null(a);
	assert_int_equal(arena_bytes(a), 0);
	s = arena_strndup(a, "hello world", 5);
	assert_string_equal(s, "hello");
	t = arena_strdup(a, "x");
	assert_string_equal(t, "x");
	assert_ptr_not_equal(s, t);
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strndup(a, "", 0), "");
	before = arena_bytes(a);
	assert_true(before >= 64 * 1024);

	/* A large string gets its own block; the current block keeps serving. */
	big = malloc(100000);
	assert_non_null(big);
	memset(big, 'b', 99999);
	big[99999] = '\0';
	t = arena_strdup(a, big);
	assert_non_null(t);
	assert_string_equal(t, big);
	assert_true(arena_bytes(a) >= before + 100000);
	before = arena_bytes(a);
	t = arena_strdup(a, "small");
	assert_string_equal(t, "small");
	assert_int_equal(arena_bytes(a), before);
	assert_string_equal(s, "hello");
	free(big);
	arena_free(a);
	arena_free(NULL);
	assert_int_equal(arena_bytes(NULL), 0);
}

static void arena_many_strings_survive(void **state)
{
	struct wr_arena *a = arena_new();
	char **v = calloc(20000, sizeof *v);
	char want[32];
	int i;

	(void)state;
	assert_non_null(a);
	assert_non_null(v);
	for (i = 0; i < 20000; i++) {
		snprintf(want, sizeof want, "string-%d", i);
		v[i] = arena_strdup(a, want);
		assert_non_null(v[i]);
	}
	for (i = 0; i < 20000; i++) {
		snprintf(want, sizeof want, "string-%d", i);
		assert_string_equal(v[i], want);
	}
	free(v);
	arena_free(a);
}

static void run_list_push_defaults(void **state)
{
	struct wr_run_list l;
	struct wr_run *r;
	size_t i;

	(void)state;
	assert_true(model_run_list_init(&l));
	assert_int_equal(l.n, 0);
	assert_non_null(l.arena);
	for (i = 0; i < 1000; i++) {
		r = model_run_list_push(&l);
		assert_non_null(r);
		r->start_ms = (int64_t)i;
	}
	assert_int_equal(l.n, 1000);
	assert_true(l.cap >= 1000);
	r = &l.v[999];
	assert_int_equal(r->start_ms, 999);
	assert_int_equal(r->end_ms, WR_NONE);
	assert_int_equal(r->metrics.cpu_ms, WR_NONE);
	assert_int_equal(r->metrics.mem_bytes, WR_NONE);
	assert_int_equal(r->metrics.duration_ms, WR_NONE);
	assert_int_equal(r->kind, WR_STATUS_OTHER);
	assert_int_equal(r->test_run, -1);
	assert_null(r->id);
	assert_null(r->logs);
	assert_null(r->payload_json);
	model_run_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	model_run_list_free(&l);
	model_run_list_free(NULL);
}

static void push_run(struct wr_run_list *l, int64_t start, const char *id)
{
	struct wr_run *r = model_run_list_push(l);

	assert_non_null(r);
	r->start_ms = start;
	r->id = arena_strdup(l->arena, id);
}

static void run_list_sort_newest_stable(void **state)
{
	static const char *const want[] = { "c", "b1", "b2", "b3", "a", "n1", "n2" };
	struct wr_run_list l;
	size_t i;

	(void)state;
	assert_true(model_run_list_init(&l));
	model_run_list_sort_newest(&l); /* empty: nothing to do */
	push_run(&l, WR_NONE, "n1");
	model_run_list_sort_newest(&l);
	assert_string_equal(l.v[0].id, "n1");
	push_run(&l, 100, "a");
	push_run(&l, 200, "b1");
	push_run(&l, WR_NONE, "n2");
	push_run(&l, 300, "c");
	push_run(&l, 200, "b2");
	push_run(&l, 200, "b3");
	model_run_list_sort_newest(&l);
	assert_int_equal(l.n, 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(l.v[i].id, want[i]);
	model_run_list_free(&l);
}

static void run_list_sort_large(void **state)
{
	struct wr_run_list l;
	unsigned seed = 7;
	size_t i;

	(void)state;
	assert_true(model_run_list_init(&l));
	for (i = 0; i < 10001; i++) {
		struct wr_run *r = model_run_list_push(&l);

		assert_non_null(r);
		seed = seed * 1103515245u + 12345u;
		r->start_ms = (seed >> 16) % 50 == 0 ? WR_NONE : (int64_t)((seed >> 16) % 500);
		r->end_ms = (int64_t)i; /* the original position */
	}
	model_run_list_sort_newest(&l);
	for (i = 1; i < l.n; i++) {
		const struct wr_run *p = &l.v[i - 1], *r = &l.v[i];

		if (r->start_ms >= 0) {
			assert_true(p->start_ms >= r->start_ms);
		}
		if (p->start_ms == r->start_ms)
			assert_true(p->end_ms < r->end_ms); /* stable */
		if (p->start_ms < 0)
			assert_true(r->start_ms < 0); /* no start: last */
	}
	model_run_list_free(&l);
}

static void add_worker(struct wr_worker_list *l, const char *key)
{
	struct wr_worker *v = realloc(l->v, (l->n + 1) * sizeof *v);

	assert_non_null(v);
	l->v = v;
	memset(&v[l->n], 0, sizeof *v);
	v[l->n].key = strdup(key);
	v[l->n].description = strdup("d");
	l->n++;
	l->cap = l->n;
}

static void worker_list_find_sort_free(void **state)
{
	struct wr_worker_list l = { 0 };

	(void)state;
	add_worker(&l, "zeta");
	add_worker(&l, "Alpha");
	add_worker(&l, "alpha");
	assert_null(model_worker_find(&l, "beta"));
	assert_null(model_worker_find(&l, NULL));
	assert_null(model_worker_find(NULL, "alpha"));
	assert_string_equal(model_worker_find(&l, "alpha")->key, "alpha");
	model_worker_list_sort(&l);
	assert_string_equal(l.v[0].key, "Alpha");
	assert_string_equal(l.v[1].key, "alpha");
	assert_string_equal(l.v[2].key, "zeta");
	model_worker_list_free(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	model_worker_list_free(NULL);
}

static void rerun_free_clears(void **state)
{
	struct wr_rerun r = { 0 };

	(void)state;
	r.execution_id = strdup("e");
	r.status = strdup("STATUS_FAIL");
	r.logs = strdup("l");
	r.data_json = strdup("{}");
	model_rerun_free(&r);
	assert_null(r.execution_id);
	assert_null(r.status);
	assert_null(r.logs);
	assert_null(r.data_json);
	model_rerun_free(&r);
	model_rerun_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_kinds),
		cmocka_unit_test(limits_basics),
		cmocka_unit_test(limits_effective_order),
		cmocka_unit_test(arena_copies),
		cmocka_unit_test(arena_many_strings_survive),
		cmocka_unit_test(run_list_push_defaults),
		cmocka_unit_test(run_list_sort_newest_stable),
		cmocka_unit_test(run_list_sort_large),
		cmocka_unit_test(worker_list_find_sort_free),
		cmocka_unit_test(rerun_free_clears),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
