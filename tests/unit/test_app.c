/* test_app.c - the interactive state without a screen: grouping and the
 * failed counts, short IDs, new runs, the rerun queue and its back-off on
 * the call limit, the batch and its summary, Esc, the limits saved between
 * sessions (in a temporary folder). Requests start against a
 * port nobody listens on and are never driven: answers are fed by hand. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "util.h"

struct fixture {
	struct wr_server srv;
	struct api *api;
	struct app app;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct wr_error err;

	assert_non_null(f);
	f->srv.url = "http://127.0.0.1:9";
	f->srv.token = "t";
	f->srv.timeout_s = 5;
	f->srv.max_body = 1 << 20;
	f->api = api_new(&f->srv, &err);
	assert_non_null(f->api);
	app_init(&f->app, f->api, false, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	app_free(&f->app);
	api_free(f->api);
	free(f);
	return 0;
}

static void add_worker(struct wr_worker_list *l, const char *key, const char *project)
{
	struct wr_worker *w = model_worker_list_push(l);

	assert_non_null(w);
	w->key = strdup(key);
	w->project_key = project ? strdup(project) : NULL;
}

static void give_workers(struct app *app)
{
	struct wr_worker_list *l = calloc(1, sizeof *l);

	assert_non_null(l);
	add_worker(l, "gate", NULL);
	add_worker(l, "scan", "acme");
	app_take_workers(app, l);
}

/* runs: "ID WORKER STATUS" triples, newest first. */
static void give_history(struct app *app, const char *const *rows, size_t n)
{
	struct wr_run_list *l = calloc(1, sizeof *l);

	assert_non_null(l);
	assert_true(model_run_list_init(l));
	for (size_t i = 0; i < n; i += 3) {
		struct wr_run *r = model_run_list_push(l);

		assert_non_null(r);
		r->id = rows[i] ? arena_strdup(l->arena, rows[i]) : NULL;
		r->worker_key = arena_strdup(l->arena, rows[i + 1]);
		r->status = arena_strdup(l->arena, rows[i + 2]);
		r->kind = model_status_kind(r->status);
		r->start_ms = 100000 - (int64_t)i;
	}
	app_take_history(app, l);
}

static const char *const first_load[] = {
	"11111111-aaaa", "gate", "STATUS_FAIL",
	"22222222-bbbb", "gate", "STATUS_SUCCESS",
	"33333333-cccc", "scan", "STATUS_TIMEOUT",
	NULL, "legacy", "STATUS_FAIL",
	"44444444-dddd", "scan", "STATUS_SUCCESS",
};

static void groups_and_failed(void **state)
{
	struct fixture *f = *state;
	const uint32_t *idx;
	size_t n;

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	/* every status but success counts: TIMEOUT too */
	assert_int_equal(f->app.failed_total, 3);
	assert_int_equal(app_worker_failed(&f->app, 0), 3);
	assert_int_equal(app_worker_failed(&f->app, app_worker_row(&f->app, "gate")), 1);
	assert_int_equal(app_worker_failed(&f->app, app_worker_row(&f->app, "scan")), 1);
	app_view(&f->app, app_worker_row(&f->app, "scan"), &idx, &n);
	assert_int_equal(n, 2);
	assert_string_equal(f->app.runs.v[idx[0]].id, "33333333-cccc");
	assert_string_equal(f->app.runs.v[idx[1]].id, "44444444-dddd");
	app_view(&f->app, 0, &idx, &n);
	assert_int_equal(n, 5);
	assert_null(app_worker(&f->app, "legacy"));
	assert_non_null(app_worker(&f->app, "scan"));
}

static void short_ids_grow(void **state)
{
	struct fixture *f = *state;
	static const char *const rows[] = {
		"abcdef0123-1", "gate", "STATUS_FAIL",
		"abcdef0123-2", "gate", "STATUS_FAIL",
		"ffffffff", "gate", "STATUS_FAIL",
		"ffffffff", "gate", "STATUS_FAIL", /* the same ID twice: no reason to grow */
	};
	char buf[64];

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	assert_int_equal(f->app.short_id_len, 8);
	app_short_id(&f->app, "11111111-aaaa", buf, sizeof buf);
	assert_string_equal(buf, "11111111");
	give_history(&f->app, rows, sizeof rows / sizeof *rows);
	/* two IDs share 11 characters: 12 tell them apart */
	assert_int_equal(f->app.short_id_len, 12);
	app_short_id(&f->app, "abcdef0123-1", buf, sizeof buf);
	assert_string_equal(buf, "abcdef0123-1");
	app_short_id(&f->app, NULL, buf, sizeof buf);
	assert_string_equal(buf, "-");
}

static void new_runs_marked_until_seen(void **state)
{
	struct fixture *f = *state;
	static const char *const second[] = {
		"55555555-eeee", "gate", "STATUS_FAIL",
		"11111111-aaaa", "gate", "STATUS_FAIL",
		"22222222-bbbb", "gate", "STATUS_SUCCESS",
	};
	static const char *const third[] = {
		"66666666-ffff", "scan", "STATUS_FAIL",
		"55555555-eeee", "gate", "STATUS_FAIL",
		"11111111-aaaa", "gate", "STATUS_FAIL",
	};

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	/* the first load marks nothing */
	for (size_t i = 0; i < f->app.runs.n; i++)
		assert_false(app_run_is_new(&f->app, i));
	give_history(&f->app, second, sizeof second / sizeof *second);
	assert_true(app_run_is_new(&f->app, 0));
	assert_false(app_run_is_new(&f->app, 1));
	assert_false(app_run_is_new(&f->app, 2));
	/* not seen yet: still new in the next load */
	give_history(&f->app, third, sizeof third / sizeof *third);
	assert_true(app_run_is_new(&f->app, 0));
	assert_true(app_run_is_new(&f->app, 1));
	assert_false(app_run_is_new(&f->app, 2));
	app_run_seen(&f->app, 1);
	assert_false(app_run_is_new(&f->app, 1));
	assert_false(app_run_is_new(&f->app, 99));
}

/* The rerun in flight, its request taken away as the api does before it
 * calls back. */
static struct app_rerun *in_flight(struct fixture *f)
{
	struct app_rerun *r = (struct app_rerun *)app_rerun_in_flight(&f->app);

	assert_non_null(r);
	assert_non_null(r->req);
	api_cancel(f->api, r->req);
	r->req = NULL;
	return r;
}

static struct wr_rerun *result(const char *status)
{
	struct wr_rerun *r = calloc(1, sizeof *r);

	assert_non_null(r);
	r->execution_id = strdup("e-1");
	r->status = strdup(status);
	r->kind = model_status_kind(status);
	r->metrics = model_metrics_none();
	r->limits = model_limits_none();
	return r;
}

static void batch_backs_off_and_sums_up(void **state)
{
	struct fixture *f = *state;
	const struct wr_run *runs[5];
	struct app_batch_count c;
	struct app_rerun *r;
	struct wr_error err;
	int64_t now = wr_mono_ms();

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	for (size_t i = 0; i < 5; i++)
		runs[i] = &f->app.runs.v[i];
	/* four with an ID, one without: skipped */
	assert_int_equal(app_batch(&f->app, runs, 5, false), 4);
	assert_int_equal(f->app.batch.skipped, 1);
	assert_int_equal(app_reruns_pending(&f->app), 4);
	/* the project worker's run carries its worker's project */
	assert_string_equal(f->app.ledger[2]->project_key, "acme");
	assert_null(f->app.ledger[0]->project_key);
	/* one at a time */
	app_pump(&f->app, now);
	assert_int_equal(f->app.ledger[0]->state, APP_RERUN_SENT);
	assert_int_equal(f->app.ledger[1]->state, APP_RERUN_QUEUED);
	app_pump(&f->app, now);
	assert_int_equal(f->app.ledger[1]->state, APP_RERUN_QUEUED);

	/* refused by the call limit: it waits, then goes again */
	r = in_flight(f);
	wr_error_set(&err, WR_ERR_HTTP, 400, "HTTP 400: Call limit exceeded");
	app_rerun_answer(&f->app, NULL, &err);
	assert_int_equal(r->state, APP_RERUN_WAITING);
	assert_int_equal(r->refusals, 1);
	assert_true(r->retry_at >= now + APP_BACKOFF_MIN_MS);
	assert_int_equal(app_tick(&f->app, now) <= r->retry_at, 1);
	app_pump(&f->app, r->retry_at - 1);
	assert_int_equal(r->state, APP_RERUN_WAITING);
	assert_int_equal(f->app.ledger[1]->state, APP_RERUN_QUEUED); /* held back */
	app_pump(&f->app, r->retry_at);
	assert_int_equal(r->state, APP_RERUN_SENT);

	/* a 429 with Retry-After: 5 waits 5 s; the second refusal doubles */
	r = in_flight(f);
	wr_error_set(&err, WR_ERR_HTTP, 429, "HTTP 429: Too Many Requests");
	err.retry_after_s = 5;
	now = wr_mono_ms();
	app_rerun_answer(&f->app, NULL, &err);
	assert_int_equal(r->refusals, 2);
	assert_true(r->retry_at >= now + 5000 && r->retry_at < now + 6000);
	app_pump(&f->app, r->retry_at);
	r = in_flight(f);
	wr_error_set(&err, WR_ERR_HTTP, 400, "HTTP 400: call LIMIT was exceeded");
	now = wr_mono_ms();
	app_rerun_answer(&f->app, NULL, &err);
	assert_int_equal(r->refusals, 3);
	assert_true(r->retry_at >= now + 4000 && r->retry_at < now + 5000);
	app_pump(&f->app, r->retry_at);

	/* accepted: done, and never sent again */
	r = in_flight(f);
	app_rerun_answer(&f->app, result("STATUS_SUCCESS"), NULL);
	assert_int_equal(r->state, APP_RERUN_DONE);
	assert_ptr_equal(f->app.answered, r);
	app_pump(&f->app, wr_mono_ms());
	assert_int_equal(r->state, APP_RERUN_DONE);
	assert_int_equal(f->app.ledger[1]->state, APP_RERUN_SENT);

	/* another error is not a refusal: not sent again (it may have run) */
	r = in_flight(f);
	wr_error_set(&err, WR_ERR_HTTP, 500, "HTTP 500: oops");
	app_rerun_answer(&f->app, NULL, &err);
	assert_int_equal(r->state, APP_RERUN_FAILED);
	assert_string_equal(r->error, "HTTP 500: oops");
	app_pump(&f->app, wr_mono_ms());

	/* a run that did not succeed counts as failed */
	r = in_flight(f);
	app_rerun_answer(&f->app, result("STATUS_FAIL"), NULL);
	app_pump(&f->app, wr_mono_ms());
	app_batch_count(&f->app, &c);
	assert_int_equal(c.total, 4);
	assert_int_equal(c.finished, 3);
	assert_true(f->app.batch.active);

	/* Esc: the one sent is abandoned (it runs on the server), none left */
	{
		struct app_stop st;
		struct app_rerun *last = (struct app_rerun *)app_rerun_in_flight(&f->app);

		assert_non_null(last);
		app_stop_all(&f->app, &st);
		assert_int_equal(st.abandoned, 1);
		assert_int_equal(st.stopped, 0);
		assert_int_equal(last->state, APP_RERUN_ABANDONED);
		assert_null(last->req);
	}
	app_batch_count(&f->app, &c);
	assert_int_equal(c.finished, 4);
	assert_int_equal(c.succeeded, 1);
	assert_int_equal(c.failed, 3);
	assert_int_equal(c.skipped, 1);
	assert_int_equal(app_reruns_pending(&f->app), 0);
}

static void batch_summary_and_stop(void **state)
{
	struct fixture *f = *state;
	const struct wr_run *runs[2];
	struct app_stop st;

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	runs[0] = &f->app.runs.v[0];
	runs[1] = &f->app.runs.v[1];
	assert_int_equal(app_batch(&f->app, runs, 2, true), 2);
	assert_true(f->app.ledger[0]->force);
	/* a second rerun of a run on its way is refused */
	assert_null(app_rerun(&f->app, runs[0], false, 0));
	assert_non_null(strstr(f->app.msg, "already in flight"));
	app_pump(&f->app, wr_mono_ms());
	in_flight(f);
	app_rerun_answer(&f->app, result("STATUS_SUCCESS"), NULL);
	/* the second is queued; Esc stops it before it is sent */
	app_stop_all(&f->app, &st);
	assert_int_equal(st.stopped, 1);
	assert_int_equal(st.abandoned, 0);
	assert_int_equal(f->app.ledger[1]->state, APP_RERUN_STOPPED);
	assert_false(f->app.batch.active);
	/* stopped is final: a pump sends nothing */
	app_pump(&f->app, wr_mono_ms());
	assert_null(app_rerun_in_flight(&f->app));
	assert_non_null(app_rerun_last(&f->app, runs[1]->id));
	assert_string_equal(app_rerun_state_text(f->app.ledger[1]), "stopped");
	assert_string_equal(app_rerun_state_text(f->app.ledger[0]), "SUCCESS");
}

static void batch_done_message(void **state)
{
	struct fixture *f = *state;
	const struct wr_run *runs[1];

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	runs[0] = &f->app.runs.v[0];
	app_batch(&f->app, runs, 1, false);
	app_pump(&f->app, wr_mono_ms());
	in_flight(f);
	app_rerun_answer(&f->app, result("STATUS_SUCCESS"), NULL);
	assert_false(f->app.batch.active);
	assert_string_equal(f->app.msg, "batch done: 1 succeeded, 0 failed, 0 skipped (no ID)");
}

static void refusals_without_id(void **state)
{
	struct fixture *f = *state;
	struct wr_run r;

	memset(&r, 0, sizeof r);
	assert_non_null(app_rerun_refusal(&f->app, NULL));
	assert_non_null(strstr(app_rerun_refusal(&f->app, &r), "no history entry ID"));
	r.id = "x";
	assert_non_null(strstr(app_rerun_refusal(&f->app, &r), "names no worker"));
	r.worker_key = "w";
	assert_null(app_rerun_refusal(&f->app, &r));
}

/* --read-only: every way to a rerun says why, and nothing is queued or
 * sent; loads still work. */
static void read_only_sends_no_rerun(void **state)
{
	struct fixture *f = *state;
	const struct wr_run *batch[2];

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	f->app.read_only = true;
	assert_string_equal(app_rerun_refusal(&f->app, &f->app.runs.v[0]),
	                    "read-only: reruns are off (--read-only)");
	assert_null(app_rerun(&f->app, &f->app.runs.v[0], false, 0));
	assert_string_equal(f->app.msg, "read-only: reruns are off (--read-only)");
	assert_true(f->app.msg_error);
	assert_null(app_rerun(&f->app, &f->app.runs.v[0], true, 0));
	batch[0] = &f->app.runs.v[0];
	batch[1] = &f->app.runs.v[1];
	app_msg(&f->app, false, "-");
	assert_int_equal(app_batch(&f->app, batch, 2, false), 0);
	assert_string_equal(f->app.msg, "read-only: reruns are off (--read-only)");
	assert_int_equal(f->app.n_ledger, 0);
	assert_false(f->app.batch.active);
	app_pump(&f->app, wr_mono_ms());
	assert_null(app_rerun_in_flight(&f->app));
	/* Loads are not reruns. */
	app_load_history(&f->app);
	assert_true(app_job_pending(&f->app, APP_JOB_HISTORY));
	/* Off again, the same run can be rerun. */
	f->app.read_only = false;
	assert_null(app_rerun_refusal(&f->app, &f->app.runs.v[0]));
}

/* A key that would not be sent as shown: a NUL the parser replaced, or
 * bytes the screen shows escaped. Refused alone and skipped in a batch. */
static void keys_that_do_not_survive_the_round_trip(void **state)
{
	static const char *const bad_keys[] = {
		"esc\x1b[2Jkey", "nl\nkey", "bidi\xe2\x80\xaekey", "bad\xffutf8", "del\x7f",
	};
	struct fixture *f = *state;
	const struct wr_run *batch[2];
	struct wr_run r, good;

	memset(&r, 0, sizeof r);
	r.id = "11111111-aaaa";
	r.worker_key = "gate\xef\xbf\xbdx"; /* U+FFFD as the server sent it: fine */
	assert_null(app_rerun_refusal(&f->app, &r));
	assert_null(app_rerun_key_refusal(&r));
	r.altered = true; /* ... but here it stood for a NUL */
	assert_non_null(strstr(app_rerun_refusal(&f->app, &r), "NUL"));
	r.altered = false;
	for (size_t i = 0; i < sizeof bad_keys / sizeof bad_keys[0]; i++) {
		r.worker_key = bad_keys[i];
		assert_non_null(strstr(app_rerun_refusal(&f->app, &r), "worker key"));
	}
	r.worker_key = "gate";
	r.id = "id\x1b]0;x\x07";
	assert_non_null(strstr(app_rerun_refusal(&f->app, &r), "ID"));
	r.id = "11111111-aaaa";
	r.project_key = "p\rq";
	assert_non_null(strstr(app_rerun_refusal(&f->app, &r), "project key"));
	r.project_key = "zo\xc3\xab"; /* UTF-8 is shown as it is */
	assert_null(app_rerun_refusal(&f->app, &r));

	/* In a batch the refused one is skipped, the other queued. */
	r.worker_key = "nul\xef\xbf\xbd";
	r.altered = true;
	memset(&good, 0, sizeof good);
	good.id = "22222222-bbbb";
	good.worker_key = "gate";
	batch[0] = &r;
	batch[1] = &good;
	assert_int_equal(app_batch(&f->app, batch, 2, false), 1);
	assert_int_equal(f->app.batch.skipped, 1);
	assert_int_equal(f->app.n_ledger, 1);
	assert_string_equal(f->app.ledger[0]->worker_key, "gate");
}

static void auto_refresh_due(void **state)
{
	struct fixture *f = *state;
	int64_t now = wr_mono_ms();

	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	app_set_refresh(&f->app, 1, now);
	assert_int_equal(f->app.refresh_s, APP_REFRESH_MIN_S);
	f->app.refreshed_ms = now;
	assert_int_equal(app_tick(&f->app, now), now + APP_REFRESH_MIN_S * 1000);
	app_pump(&f->app, now + 1000);
	assert_false(app_job_pending(&f->app, APP_JOB_HISTORY));
	app_pump(&f->app, now + APP_REFRESH_MIN_S * 1000);
	assert_true(app_job_pending(&f->app, APP_JOB_HISTORY));
	assert_true(app_job_pending(&f->app, APP_JOB_WORKERS));
	app_set_refresh(&f->app, 0, now);
	assert_int_equal(f->app.refresh_s, 0);
}

/* Offline (wrun --file): the data comes whole, and nothing can start a
 * request: no api at all, and every way to one says it needs a server. */
static void offline_sends_nothing(void **state)
{
	static const char *const rows[] = {
		"11111111-aaaa", "gate", "STATUS_FAIL",
		"22222222-bbbb", "gate", "STATUS_SUCCESS",
	};
	struct wr_worker_list *w = calloc(1, sizeof *w);
	struct wr_run_list *l = calloc(1, sizeof *l);
	const struct wr_run *batch[1];
	struct app app;
	int64_t now = wr_mono_ms();

	(void)state;
	assert_non_null(w);
	assert_non_null(l);
	assert_true(model_run_list_init(l));
	/* a project worker without runs: with a server its runs would be asked for */
	add_worker(w, "gate", NULL);
	add_worker(w, "scan", "acme");
	for (size_t i = 0; i < 6; i += 3) {
		struct wr_run *r = model_run_list_push(l);

		assert_non_null(r);
		r->id = arena_strdup(l->arena, rows[i]);
		r->worker_key = arena_strdup(l->arena, rows[i + 1]);
		r->status = arena_strdup(l->arena, rows[i + 2]);
		r->kind = model_status_kind(r->status);
		r->start_ms = 1000 - (int64_t)i;
	}
	app_init(&app, NULL, false, NULL);
	assert_false(app_needs_server(&app, "reruns need"));
	app_open_file(&app, "saved.json", w, l);
	assert_string_equal(app.offline, "saved.json");
	assert_true(app.have_workers);
	assert_true(app.have_runs);
	assert_int_equal(app.runs.n, 2);
	assert_int_equal(app.failed_total, 1);
	assert_null(app.jobs);
	assert_string_equal(app.msg, "");

	/* loads do nothing; a refresh asks first, and is told */
	app_load_workers(&app);
	app_load_history(&app);
	assert_null(app.jobs);
	assert_string_equal(app.msg, "");
	assert_true(app_needs_server(&app, "a refresh needs"));
	assert_string_equal(app.msg, "offline (--file): a refresh needs a server; nothing was sent");
	assert_true(app.msg_error);

	assert_string_equal(app_rerun_refusal(&app, &app.runs.v[0]),
	                    "offline (--file): reruns need a server; nothing was sent");
	assert_null(app_rerun(&app, &app.runs.v[0], false, 0));
	batch[0] = &app.runs.v[0];
	app_msg(&app, false, "-");
	assert_int_equal(app_batch(&app, batch, 1, false), 0);
	assert_string_equal(app.msg, "offline (--file): reruns need a server; nothing was sent");
	assert_int_equal(app.n_ledger, 0);
	assert_false(app.batch.active);

	app_set_refresh(&app, 30, now);
	assert_int_equal(app.refresh_s, 0);
	assert_string_equal(app.msg, "offline (--file): auto-refresh needs a server; nothing was sent");
	app_set_refresh(&app, 0, now);
	app_pump(&app, now + 3600 * 1000);
	assert_null(app.jobs);
	assert_null(app_rerun_in_flight(&app));
	app_free(&app);
}

/* ---- limits that persist ------------------------------------------------------ */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Reruns the first run and answers with limits (the clock is WRUN_NOW_MS). */
static void rerun_reporting_limits(struct fixture *f, int64_t cpu)
{
	struct wr_rerun *res = result("STATUS_FAIL");

	assert_non_null(app_rerun(&f->app, &f->app.runs.v[0], false, 0));
	app_pump(&f->app, wr_mono_ms());
	in_flight(f);
	res->limits.max_cpu_ms = cpu;
	res->limits.max_mem_bytes = 268435456;
	res->limits.max_duration_ms = 10000;
	res->limits.source = WR_LIMITS_RERUN;
	app_rerun_answer(&f->app, res, NULL);
}

static void limits_saved_and_loaded(void **state)
{
	struct fixture *f = *state;
	const char *base = getenv("TMPDIR");
	char dir[256], file[300];
	struct wr_limits l;
	FILE *out;

	snprintf(dir, sizeof dir, "%s/wrun-test-app.XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/limits.json", dir);
	setenv("WRUN_NOW_MS", "1768478400000", 1);

	/* Nothing saved: the sample. */
	app_limits_cache(&f->app, dir, f->srv.url);
	assert_int_equal(f->app.rerun_limits.source, WR_LIMITS_NONE);
	assert_string_equal(f->app.msg, "");
	assert_int_equal(app_limits(&f->app).source, WR_LIMITS_SAMPLE);

	/* A rerun reports limits: used at once, and saved. */
	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	rerun_reporting_limits(f, 2000);
	l = app_limits(&f->app);
	assert_int_equal(l.source, WR_LIMITS_RERUN);
	assert_int_equal(l.max_cpu_ms, 2000);
	assert_int_equal(l.seen_ms, 1768478400000);
	assert_string_equal(f->app.msg, "rerun of 11111111: STATUS_FAIL");
	assert_int_equal(access(file, F_OK), 0);

	/* The next session, days later, starts with them and their date. */
	app_free(&f->app);
	setenv("WRUN_NOW_MS", "1768737600000", 1);
	app_init(&f->app, f->api, false, NULL);
	app_limits_cache(&f->app, dir, f->srv.url);
	l = app_limits(&f->app);
	assert_int_equal(l.source, WR_LIMITS_RERUN);
	assert_int_equal(l.max_cpu_ms, 2000);
	assert_int_equal(l.max_mem_bytes, 268435456);
	assert_int_equal(l.max_duration_ms, 10000);
	assert_int_equal(l.seen_ms, 1768478400000);
	/* Another server has none. */
	app_limits_cache(&f->app, dir, "http://127.0.0.1:10");
	assert_int_equal(f->app.rerun_limits.source, WR_LIMITS_RERUN); /* kept from before */
	app_free(&f->app);
	app_init(&f->app, f->api, false, NULL);
	app_limits_cache(&f->app, dir, "http://127.0.0.1:10");
	assert_int_equal(app_limits(&f->app).source, WR_LIMITS_SAMPLE);

	/* A corrupt file: a warning that names it, and the sample. */
	app_free(&f->app);
	app_init(&f->app, f->api, false, NULL);
	out = fopen(file, "w");
	assert_non_null(out);
	fputs("{\"http://127.0.0.1:9\": {\"maxCpuTimeMillis\": \"2000\"}}", out);
	assert_int_equal(fclose(out), 0);
	app_limits_cache(&f->app, dir, f->srv.url);
	assert_true(f->app.msg_error);
	assert_non_null(strstr(f->app.msg, "saved limits ignored: "));
	assert_non_null(strstr(f->app.msg, file));
	assert_int_equal(app_limits(&f->app).source, WR_LIMITS_SAMPLE);

	/* A file that cannot be written: the rerun's status, and why its
	 * limits were not saved; they are used all the same. */
	assert_int_equal(remove(file), 0);
	assert_int_equal(mkdir(file, 0700), 0);
	give_workers(&f->app);
	give_history(&f->app, first_load, sizeof first_load / sizeof *first_load);
	rerun_reporting_limits(f, 3000);
	assert_true(f->app.msg_error);
	assert_non_null(strstr(f->app.msg, "rerun of 11111111: STATUS_FAIL; its limits were "
	                                   "not saved: cannot write "));
	assert_int_equal(app_limits(&f->app).max_cpu_ms, 3000);

	/* No folder: nothing read or saved. */
	app_limits_cache(&f->app, NULL, f->srv.url);
	assert_null(f->app.limits_dir);
	unsetenv("WRUN_NOW_MS");
	assert_int_equal(nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(groups_and_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(short_ids_grow, setup, teardown),
		cmocka_unit_test_setup_teardown(new_runs_marked_until_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(batch_backs_off_and_sums_up, setup, teardown),
		cmocka_unit_test_setup_teardown(batch_summary_and_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(batch_done_message, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals_without_id, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_sends_no_rerun, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_that_do_not_survive_the_round_trip, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(auto_refresh_due, setup, teardown),
		cmocka_unit_test(offline_sends_nothing),
		cmocka_unit_test_setup_teardown(limits_saved_and_loaded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
