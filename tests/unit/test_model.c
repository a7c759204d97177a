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
#include <time.h>

#include "fmt.h"
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
	assert_int_equal(none.seen_ms, WR_NONE);
	assert_int_equal(none.from_flags, 0);
	assert_int_equal(sample.max_cpu_ms, 1000);
	assert_int_equal(sample.max_mem_bytes, 125829120);
	assert_int_equal(sample.max_duration_ms, 6000);
	assert_int_equal(sample.source, WR_LIMITS_SAMPLE);
	assert_int_equal(sample.seen_ms, WR_NONE);
	assert_int_equal(sample.from_flags, 0);
	assert_string_equal(model_limits_source_name(WR_LIMITS_RERUN), "rerun");
	assert_string_equal(model_limits_source_name(WR_LIMITS_CONFIG), "config");
	assert_string_equal(model_limits_source_name(WR_LIMITS_SAMPLE), "sample");
	assert_string_equal(model_limits_source_name(WR_LIMITS_NONE), "none");
}

static void limits_effective_order(void **state)
{
	struct wr_limits rerun = { 2000, 268435456, 9000, WR_LIMITS_RERUN, 1768478400000, 0 };
	struct wr_limits config = { 3000, 1000000, 7000, WR_LIMITS_CONFIG, WR_NONE, 0 };
	struct wr_limits partial = { 1500, WR_NONE, WR_NONE, WR_LIMITS_RERUN, WR_NONE, 0 };
	struct wr_limits config_mem = { WR_NONE, 5000000, WR_NONE, WR_LIMITS_CONFIG, WR_NONE, 0 };
	struct wr_limits config_cpu = { 500, WR_NONE, WR_NONE, WR_LIMITS_CONFIG, WR_NONE, 0 };
	struct wr_limits none = model_limits_none();
	struct wr_limits e;

	(void)state;
	e = model_limits_effective(NULL, NULL);
	assert_int_equal(e.source, WR_LIMITS_SAMPLE);
	assert_int_equal(e.max_cpu_ms, 1000);
	assert_int_equal(e.max_mem_bytes, 125829120);
	assert_int_equal(e.max_duration_ms, 6000);
	assert_int_equal(e.from_flags, 0);
	assert_int_equal(e.seen_ms, WR_NONE);

	/* Flags override what a rerun reported, field by field. */
	e = model_limits_effective(&rerun, &config);
	assert_int_equal(e.source, WR_LIMITS_CONFIG);
	assert_int_equal(e.from_flags, WR_LIMIT_ALL);
	assert_int_equal(e.max_cpu_ms, 3000);
	assert_int_equal(e.max_mem_bytes, 1000000);
	assert_int_equal(e.max_duration_ms, 7000);

	e = model_limits_effective(&rerun, &config_cpu);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.seen_ms, 1768478400000);
	assert_int_equal(e.from_flags, WR_LIMIT_CPU);
	assert_int_equal(e.max_cpu_ms, 500);
	assert_int_equal(e.max_mem_bytes, 268435456);
	assert_int_equal(e.max_duration_ms, 9000);

	e = model_limits_effective(&rerun, NULL);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.seen_ms, 1768478400000);
	assert_int_equal(e.from_flags, 0);
	assert_int_equal(e.max_cpu_ms, 2000);

	e = model_limits_effective(&none, &config);
	assert_int_equal(e.source, WR_LIMITS_CONFIG);
	assert_int_equal(e.max_cpu_ms, 3000);
	assert_int_equal(e.max_mem_bytes, 1000000);
	assert_int_equal(e.max_duration_ms, 7000);

	/* One flag, nothing reported: the rest is the sample. */
	e = model_limits_effective(&none, &config_cpu);
	assert_int_equal(e.source, WR_LIMITS_SAMPLE);
	assert_int_equal(e.from_flags, WR_LIMIT_CPU);
	assert_int_equal(e.max_cpu_ms, 500);
	assert_int_equal(e.max_mem_bytes, 125829120);

	/* Missing fields come from the next source, the source from the first
	 * after the flags. */
	e = model_limits_effective(&partial, &config_mem);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.from_flags, WR_LIMIT_MEM);
	assert_int_equal(e.max_cpu_ms, 1500);
	assert_int_equal(e.max_mem_bytes, 5000000);
	assert_int_equal(e.max_duration_ms, 6000);

	e = model_limits_effective(&partial, NULL);
	assert_int_equal(e.max_cpu_ms, 1500);
	assert_int_equal(e.max_mem_bytes, 125829120);

	/* A rerun's own metrics: what it reported wins over the flags. */
	e = model_limits_reported(&rerun, &config);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.from_flags, 0);
	assert_int_equal(e.max_cpu_ms, 2000);
	assert_int_equal(e.max_duration_ms, 9000);
	e = model_limits_reported(&partial, &config);
	assert_int_equal(e.source, WR_LIMITS_RERUN);
	assert_int_equal(e.from_flags, WR_LIMIT_MEM | WR_LIMIT_DURATION);
	assert_int_equal(e.max_cpu_ms, 1500);
	assert_int_equal(e.max_mem_bytes, 1000000);
	assert_int_equal(e.max_duration_ms, 7000);
	e = model_limits_reported(&none, NULL);
	assert_int_equal(e.source, WR_LIMITS_SAMPLE);
}

static void limits_described(void **state)
{
	struct wr_limits rerun = { 2000, 268435456, 9000, WR_LIMITS_RERUN, 1768478400000, 0 };
	struct wr_limits now = { 2000, 268435456, 9000, WR_LIMITS_RERUN, WR_NONE, 0 };
	struct wr_limits config = { 3000, 1000000, 7000, WR_LIMITS_CONFIG, WR_NONE, 0 };
	struct wr_limits config_two = { 500, WR_NONE, 800, WR_LIMITS_CONFIG, WR_NONE, 0 };
	struct wr_limits e;
	char buf[160], tiny[12];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	e = model_limits_effective(NULL, NULL);
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "documented sample");
	assert_string_equal(model_limits_field_source(&e, WR_LIMIT_CPU), "sample");

	e = model_limits_effective(&rerun, NULL);
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "reported by a rerun, 2026-01-15");
	assert_string_equal(model_limits_field_source(&e, WR_LIMIT_MEM), "rerun");

	/* This rerun's: no date. */
	e = model_limits_reported(&now, NULL);
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "reported by a rerun");

	e = model_limits_effective(&rerun, &config);
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "--cpu-limit, --memory-limit, --duration-limit");
	assert_string_equal(model_limits_field_source(&e, WR_LIMIT_DURATION), "--duration-limit");

	e = model_limits_effective(&rerun, &config_two);
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "--cpu-limit, --duration-limit; the rest: reported by a rerun, "
	                         "2026-01-15");
	assert_string_equal(model_limits_field_source(&e, WR_LIMIT_CPU), "--cpu-limit");
	assert_string_equal(model_limits_field_source(&e, WR_LIMIT_MEM), "rerun");
	assert_string_equal(model_limits_field_source(&e, WR_LIMIT_DURATION), "--duration-limit");

	e = model_limits_effective(NULL, &config_two);
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "--cpu-limit, --duration-limit; the rest: documented sample");

	/* Unmerged configured limits, and none. */
	fmt_limits_source(buf, sizeof buf, &config);
	assert_string_equal(buf, "configured");
	e = model_limits_none();
	fmt_limits_source(buf, sizeof buf, &e);
	assert_string_equal(buf, "none known");
	assert_string_equal(model_limits_flag_name(WR_LIMIT_MEM), "--memory-limit");
	assert_string_equal(model_limits_flag_name(WR_LIMIT_ALL), "");

	/* A small buffer is cut, never overrun. */
	e = model_limits_effective(&rerun, &config_two);
	fmt_limits_source(tiny, sizeof tiny, &e);
	assert_true(strlen(tiny) < sizeof tiny);
	fmt_limits_source(tiny, 1, &e);
	assert_string_equal(tiny, "");
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
	assert_int_equal(r->entry_len, 0);
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
	{
		/* Every run once: the runs are moved in place, a cycle at a time. */
		bool *seen = calloc(l.n, sizeof *seen);

		assert_non_null(seen);
		for (i = 0; i < l.n; i++) {
			assert_false(seen[l.v[i].end_ms]);
			seen[l.v[i].end_ms] = true;
		}
		free(seen);
	}
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

/* ---- several listings as one ------------------------------------------------ */

/* A run of worker at start, its strings in l's arena. */
static void push_worker_run(struct wr_run_list *l, int64_t start, const char *id, const char *worker)
{
	struct wr_run *r = model_run_list_push(l);

	assert_non_null(r);
	r->start_ms = start;
	r->id = arena_strdup(l->arena, id);
	r->worker_key = worker ? arena_strdup(l->arena, worker) : NULL;
	assert_non_null(r->id);
}

static void assert_ids(const struct wr_run_list *l, const char *const *want, size_t n)
{
	size_t i;

	assert_int_equal(l->n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(l->v[i].id, want[i]);
}

static void run_list_merge_moves_and_sorts(void **state)
{
	static const char *const want[] = { "p3", "g2", "p2", "g1", "p1", "gn" };
	struct wr_run_list dst, src, empty;
	char big[30000];
	size_t bytes;

	(void)state;
	assert_true(model_run_list_init(&dst));
	assert_true(model_run_list_init(&src));
	assert_true(model_run_list_init(&empty));
	push_worker_run(&dst, 200, "g2", "global");
	push_worker_run(&dst, 100, "g1", "global");
	push_worker_run(&dst, WR_NONE, "gn", "global");
	push_worker_run(&src, 300, "p3", "proj-worker");
	push_worker_run(&src, 150, "p2", "proj-worker");
	push_worker_run(&src, 100, "p1", "proj-worker"); /* ties with g1: dst's first */
	/* A large string has a block of its own: it moves too. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	src.v[0].trace_id = arena_strdup(src.arena, big);
	assert_non_null(src.v[0].trace_id);
	bytes = arena_bytes(dst.arena) + arena_bytes(src.arena);

	/* Merging an empty list changes nothing. */
	assert_true(model_run_list_merge(&dst, &empty));
	assert_int_equal(dst.n, 3);
	assert_true(model_run_list_merge(&dst, &src));
	assert_ids(&dst, want, 6);
	assert_string_equal(dst.v[0].trace_id, big);
	assert_string_equal(dst.v[0].worker_key, "proj-worker");
	assert_int_equal(arena_bytes(dst.arena), bytes);
	/* src is empty and still usable. */
	assert_int_equal(src.n, 0);
	assert_null(src.v);
	assert_int_equal(arena_bytes(src.arena), 0);
	push_worker_run(&src, 1, "again", "w");
	assert_int_equal(src.n, 1);
	model_run_list_free(&src);
	/* The moved strings live as long as dst (valgrind and ASan check). */
	model_run_list_free(&empty);
	assert_string_equal(dst.v[2].id, "p2");
	assert_false(model_run_list_merge(NULL, &dst));
	assert_false(model_run_list_merge(&dst, NULL));
	assert_true(model_run_list_merge(&dst, &dst));
	assert_int_equal(dst.n, 6);
	model_run_list_free(&dst);
}

static void run_list_merge_into_blank(void **state)
{
	struct wr_run_list dst, src;

	(void)state;
	/* A list that was never given an arena takes src's. */
	memset(&dst, 0, sizeof dst);
	assert_true(model_run_list_init(&src));
	push_worker_run(&src, 5, "a", "w");
	push_worker_run(&src, 9, "b", "w");
	assert_true(model_run_list_merge(&dst, &src));
	assert_int_equal(dst.n, 2);
	assert_string_equal(dst.v[0].id, "b");
	assert_non_null(dst.arena);
	assert_int_equal(src.n, 0);
	model_run_list_free(&src);
	model_run_list_free(&dst);
}

static void run_list_drop_workers_and_seen(void **state)
{
	static const char *const keys[] = { "b", NULL, "d", "b" };
	static const char *const after_keys[] = { "1", "3", "5", "6" };
	static const char *const after_seen[] = { "3", "6" };
	struct wr_run_list l, seen;
	size_t dropped = 99;

	(void)state;
	assert_true(model_run_list_init(&l));
	assert_true(model_run_list_init(&seen));
	push_worker_run(&l, 6, "1", "a");
	push_worker_run(&l, 5, "2", "b");
	push_worker_run(&l, 4, "3", "c");
	push_worker_run(&l, 3, "4", "d");
	push_worker_run(&l, 2, "5", "a");
	push_worker_run(&l, 1, "6", NULL); /* no worker key: always stays */

	assert_true(model_run_list_drop_workers(&l, keys, 0, &dropped));
	assert_int_equal(dropped, 0);
	assert_int_equal(l.n, 6);
	assert_true(model_run_list_drop_workers(&l, keys, 4, &dropped));
	assert_int_equal(dropped, 2);
	assert_ids(&l, after_keys, 4);
	assert_true(model_run_list_drop_workers(&l, keys, 4, NULL));
	assert_int_equal(l.n, 4);

	/* seen has runs of a (and of nobody): a's runs go. */
	push_worker_run(&seen, 10, "s1", "a");
	push_worker_run(&seen, 11, "s2", NULL);
	push_worker_run(&seen, 12, "s3", "zz");
	push_worker_run(&seen, 13, "s4", "a");
	assert_true(model_run_list_drop_seen(&l, &seen, &dropped));
	assert_int_equal(dropped, 2);
	assert_ids(&l, after_seen, 2);

	/* Nothing seen, nothing dropped. */
	model_run_list_free(&seen);
	assert_true(model_run_list_init(&seen));
	assert_true(model_run_list_drop_seen(&l, &seen, &dropped));
	assert_int_equal(dropped, 0);
	assert_int_equal(l.n, 2);
	assert_false(model_run_list_drop_seen(NULL, &seen, &dropped));
	assert_false(model_run_list_drop_seen(&l, NULL, NULL));
	assert_false(model_run_list_drop_workers(NULL, keys, 4, NULL));
	model_run_list_free(&seen);
	model_run_list_free(&l);
}

static struct wr_worker *add_project_worker(struct wr_worker_list *l, const char *key,
                                            const char *project)
{
	struct wr_worker *w = model_worker_list_push(l);

	assert_non_null(w);
	w->key = key ? strdup(key) : NULL;
	w->project_key = project ? strdup(project) : NULL;
	return w;
}

static void projects_without_runs(void **state)
{
	struct wr_worker_list w = { 0 };
	struct wr_run_list runs;
	const char *keys[16];
	size_t n;

	(void)state;
	assert_true(model_run_list_init(&runs));
	add_project_worker(&w, "global-1", NULL);
	add_project_worker(&w, "global-2", "");
	add_project_worker(&w, "p1-seen", "p1");     /* has runs */
	add_project_worker(&w, "p2-a", "p2");        /* no runs */
	add_project_worker(&w, "p2-b", "p2");        /* no runs, same project */
	add_project_worker(&w, "p3-a", "p3");        /* has runs */
	add_project_worker(&w, "p3-b", "p3");        /* none: p3 is still asked for */
	add_project_worker(&w, NULL, "p4");          /* no key: not a worker to look for */
	add_project_worker(&w, "", "p5");
	add_project_worker(&w, "p6-a", "p6");
	push_worker_run(&runs, 1, "r1", "p1-seen");
	push_worker_run(&runs, 2, "r2", "global-1");
	push_worker_run(&runs, 3, "r3", "p3-a");
	push_worker_run(&runs, 4, "r4", NULL);

	n = model_projects_without_runs(&w, &runs, keys, w.n);
	assert_int_equal(n, 3);
	assert_string_equal(keys[0], "p2");
	assert_string_equal(keys[1], "p3");
	assert_string_equal(keys[2], "p6");
	assert_ptr_equal(keys[0], w.v[3].project_key); /* the worker list's own strings */

	/* cap is respected. */
	keys[1] = NULL;
	assert_int_equal(model_projects_without_runs(&w, &runs, keys, 1), 1);
	assert_string_equal(keys[0], "p2");
	assert_null(keys[1]);

	/* No runs at all: every project. */
	model_run_list_free(&runs);
	assert_true(model_run_list_init(&runs));
	n = model_projects_without_runs(&w, &runs, keys, w.n);
	assert_int_equal(n, 4);
	assert_string_equal(keys[0], "p1");
	assert_string_equal(keys[3], "p6");
	assert_int_equal(model_projects_without_runs(&w, NULL, keys, w.n), 4);
	assert_int_equal(model_projects_without_runs(NULL, &runs, keys, 4), 0);
	assert_int_equal(model_projects_without_runs(&w, &runs, NULL, 4), 0);
	assert_int_equal(model_projects_without_runs(&w, &runs, keys, 0), 0);
	model_run_list_free(&runs);
	model_worker_list_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_kinds),
		cmocka_unit_test(limits_basics),
		cmocka_unit_test(limits_effective_order),
		cmocka_unit_test(limits_described),
		cmocka_unit_test(arena_copies),
		cmocka_unit_test(arena_many_strings_survive),
		cmocka_unit_test(run_list_push_defaults),
		cmocka_unit_test(run_list_sort_newest_stable),
		cmocka_unit_test(run_list_sort_large),
		cmocka_unit_test(worker_list_find_sort_free),
		cmocka_unit_test(rerun_free_clears),
		cmocka_unit_test(run_list_merge_moves_and_sorts),
		cmocka_unit_test(run_list_merge_into_blank),
		cmocka_unit_test(run_list_drop_workers_and_seen),
		cmocka_unit_test(projects_without_runs),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
