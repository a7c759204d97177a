/* ui_app.c - the interface's state and its jobs (see ui_app.h). */
#include "config.h"

#include "ui_app.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_MSG_MS 5000

void app_init(struct ui_app *app, struct api *api, bool test_runs,
              const struct wr_limits *config_limits)
{
	memset(app, 0, sizeof *app);
	app->api = api;
	app->test_runs = test_runs;
	app->config_limits = config_limits ? *config_limits : model_limits_none();
	app->rerun_limits = model_limits_none();
}

static void job_free(struct app_job *j)
{
	free(j->worker_key);
	free(j->project_key);
	free(j->entry_id);
	free(j);
}

static void job_unlink(struct ui_app *app, struct app_job *j)
{
	for (struct app_job **pp = &app->jobs; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			return;
		}
}

static void job_cancel(struct ui_app *app, struct app_job *j)
{
	if (j->running && j->req)
		api_cancel(app->api, j->req);
	job_unlink(app, j);
	job_free(j);
}

static void runs_drop(struct ui_app *app)
{
	model_run_list_free(&app->runs);
	memset(&app->runs, 0, sizeof app->runs);
	free(app->all);
	free(app->by_worker);
	free(app->groups);
	app->all = app->by_worker = NULL;
	app->groups = NULL;
}

void app_result_clear(struct ui_app *app)
{
	if (app->result.rerun) {
		model_rerun_free(app->result.rerun);
		free(app->result.rerun);
	}
	free(app->result.run_id);
	free(app->result.worker_key);
	memset(&app->result, 0, sizeof app->result);
	app->result_gen++;
	app->changed = true;
}

void app_free(struct ui_app *app)
{
	while (app->jobs)
		job_cancel(app, app->jobs);
	runs_drop(app);
	model_worker_list_free(&app->workers);
	app_result_clear(app);
	memset(app, 0, sizeof *app);
}

/* ---- the status line ------------------------------------------------------ */

void app_msg(struct ui_app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof app->msg, fmt, ap);
	va_end(ap);
	app->msg_error = error;
	app->msg_until = error ? 0 : ui_mono_ms() + APP_MSG_MS;
	app->changed = true;
}

int64_t app_tick(struct ui_app *app, int64_t now_ms)
{
	if (app->msg[0] && app->msg_until && now_ms >= app->msg_until) {
		app->msg[0] = '\0';
		app->msg_until = 0;
		app->changed = true;
	}
	return app->msg[0] ? app->msg_until : 0;
}

/* ---- grouping: once per load, so that switching workers and every key
 * after it cost nothing proportional to the number of runs ---------------- */

static int worker_cmp(const void *key, const void *elem)
{
	const struct wr_worker *w = elem;

	return strcmp(key, w->key ? w->key : "");
}

/* Index of the worker with this key in the sorted list, or workers.n. */
static size_t worker_index(const struct ui_app *app, const char *key)
{
	const struct wr_worker *w;

	if (!key || !app->workers.n)
		return app->workers.n;
	w = bsearch(key, app->workers.v, app->workers.n, sizeof *w, worker_cmp);
	return w ? (size_t)(w - app->workers.v) : app->workers.n;
}

static void regroup(struct ui_app *app)
{
	size_t nw = app->workers.n, nr = app->runs.n;
	uint32_t *widx;

	free(app->all);
	free(app->by_worker);
	free(app->groups);
	app->all = ui_xcalloc(nr, sizeof *app->all);
	app->by_worker = ui_xcalloc(nr, sizeof *app->by_worker);
	app->groups = ui_xcalloc(nw + 1, sizeof *app->groups);
	widx = ui_xcalloc(nr, sizeof *widx);
	app->failed_total = 0;

	/* A counting sort by worker: stable, so each group stays newest first. */
	for (size_t i = 0; i < nr; i++) {
		const struct wr_run *r = &app->runs.v[i];

		app->all[i] = (uint32_t)i;
		widx[i] = (uint32_t)worker_index(app, r->worker_key);
		app->groups[widx[i]].n++;
		if (r->kind == WR_STATUS_FAIL) {
			app->groups[widx[i]].failed++;
			app->failed_total++;
		}
	}
	for (size_t w = 0, off = 0; w <= nw; w++) {
		app->groups[w].off = off;
		off += app->groups[w].n;
		app->groups[w].n = 0;
	}
	for (size_t i = 0; i < nr; i++) {
		struct app_group *g = &app->groups[widx[i]];

		app->by_worker[g->off + g->n++] = (uint32_t)i;
	}
	free(widx);
	app->data_gen++;
	app->changed = true;
}

void app_view(const struct ui_app *app, size_t worker_row, const uint32_t **idx, size_t *n)
{
	if (!app->groups) {
		*idx = NULL;
		*n = 0;
	} else if (worker_row == 0 || worker_row > app->workers.n) {
		*idx = app->all;
		*n = app->runs.n;
	} else {
		const struct app_group *g = &app->groups[worker_row - 1];

		*idx = app->by_worker + g->off;
		*n = g->n;
	}
}

size_t app_worker_failed(const struct ui_app *app, size_t worker_row)
{
	if (!app->groups)
		return 0;
	if (worker_row == 0 || worker_row > app->workers.n)
		return app->failed_total;
	return app->groups[worker_row - 1].failed;
}

size_t app_worker_row(const struct ui_app *app, const char *key)
{
	size_t i = worker_index(app, key);

	return i < app->workers.n ? i + 1 : 0;
}

struct wr_limits app_limits(const struct ui_app *app)
{
	return model_limits_effective(&app->rerun_limits, &app->config_limits);
}

/* ---- jobs ------------------------------------------------------------------ */

static struct app_job *job_new(struct ui_app *app, enum app_job_kind kind)
{
	struct app_job *j = ui_xcalloc(1, sizeof *j);
	struct app_job **pp = &app->jobs;

	j->app = app;
	j->kind = kind;
	while (*pp)
		pp = &(*pp)->next;
	*pp = j;
	app->changed = true;
	return j;
}

static void job_done(struct app_job *j)
{
	struct ui_app *app = j->app;

	job_unlink(app, j);
	job_free(j);
	app->changed = true;
}

static void replace_kind(struct ui_app *app, enum app_job_kind kind)
{
	struct app_job *j = app->jobs, *next;

	for (; j; j = next) {
		next = j->next;
		if (j->kind == kind)
			job_cancel(app, j);
	}
}

void app_load_workers(struct ui_app *app)
{
	replace_kind(app, APP_JOB_WORKERS);
	job_new(app, APP_JOB_WORKERS);
}

void app_load_history(struct ui_app *app)
{
	replace_kind(app, APP_JOB_HISTORY);
	job_new(app, APP_JOB_HISTORY);
}

/* "history: HTTP 403: ..."; the parser's own messages already say which
 * document they are about. */
static void load_failed(struct ui_app *app, const char *what, const struct wr_error *err)
{
	const char *msg = err && err->msg[0] ? err->msg : "failed";
	size_t n = strlen(what);

	if (strncmp(msg, what, n) == 0 && msg[n] == ':')
		app_msg(app, true, "%s", msg);
	else
		app_msg(app, true, "%s: %s", what, msg);
}

static void on_workers(void *ud, struct wr_worker_list *workers, const struct wr_error *err)
{
	struct app_job *j = ud;
	struct ui_app *app = j->app;

	j->req = NULL;
	job_done(j);
	if (!workers) {
		load_failed(app, "workers", err);
		return;
	}
	model_worker_list_free(&app->workers);
	app->workers = *workers;
	free(workers);
	app->have_workers = true;
	regroup(app);
}

static void on_history(void *ud, struct wr_run_list *runs, const struct wr_error *err)
{
	struct app_job *j = ud;
	struct ui_app *app = j->app;

	j->req = NULL;
	job_done(j);
	if (!runs) {
		load_failed(app, "history", err);
		return;
	}
	runs_drop(app);
	app->runs = *runs;
	free(runs);
	app->have_runs = true;
	regroup(app);
}

static void on_rerun(void *ud, struct wr_rerun *result, const struct wr_error *err)
{
	struct app_job *j = ud;
	struct ui_app *app = j->app;
	char id[16], status[64];

	j->req = NULL;
	fmt_short_id(id, sizeof id, j->entry_id, 8);
	if (!result) {
		app_msg(app, true, "rerun of %s failed: %s", id, err ? err->msg : "failed");
		job_done(j);
		return;
	}
	app_result_clear(app);
	app->result.rerun = result;
	app->result.run_id = j->entry_id;
	app->result.worker_key = j->worker_key;
	app->result.force = j->force;
	j->entry_id = j->worker_key = NULL;
	if (result->limits.source == WR_LIMITS_RERUN)
		app->rerun_limits = result->limits;
	sanitize_buf(status, sizeof status, result->status ? result->status : "no status",
	             result->status ? strlen(result->status) : 9, 0);
	app_msg(app, result->kind == WR_STATUS_FAIL, "rerun of %s: %s", id, status);
	job_done(j);
	/* A recorded rerun is a new history entry: show it. */
	app_load_history(app);
}

static void job_start(struct ui_app *app, struct app_job *j)
{
	struct wr_error err;
	struct api_history_query q;

	wr_error_clear(&err);
	j->running = true;
	j->started_ms = ui_mono_ms();
	switch (j->kind) {
	case APP_JOB_WORKERS:
		j->req = api_workers(app->api, on_workers, j, &err);
		break;
	case APP_JOB_HISTORY:
		memset(&q, 0, sizeof q);
		q.test_runs = app->test_runs;
		j->req = api_history(app->api, &q, on_history, j, &err);
		break;
	case APP_JOB_RERUN:
		j->req = api_rerun(app->api, j->worker_key, j->project_key, j->entry_id, j->force,
		                   on_rerun, j, &err);
		break;
	}
	if (!j->req) {
		app_msg(app, true, "%s", err.msg[0] ? err.msg : "could not start the request");
		job_done(j);
	}
}

void app_pump(struct ui_app *app)
{
	bool rerun_running = false;
	struct app_job *j, *next;

	for (j = app->jobs; j; j = j->next)
		if (j->running && j->kind == APP_JOB_RERUN)
			rerun_running = true;
	for (j = app->jobs; j; j = next) {
		next = j->next;
		if (j->running)
			continue;
		if (j->kind == APP_JOB_RERUN) {
			if (rerun_running)
				continue;
			rerun_running = true;
		}
		/* May finish (and free) j at once when the start fails. */
		job_start(app, j);
	}
}

size_t app_cancel_all(struct ui_app *app)
{
	size_t n = 0;

	while (app->jobs) {
		job_cancel(app, app->jobs);
		n++;
	}
	app->changed = true;
	return n;
}

const struct app_job *app_busy(const struct ui_app *app)
{
	const struct app_job *best = NULL;

	for (const struct app_job *j = app->jobs; j; j = j->next)
		if (j->running && (!best || j->started_ms < best->started_ms))
			best = j;
	return best;
}

bool app_job_pending(const struct ui_app *app, enum app_job_kind kind)
{
	for (const struct app_job *j = app->jobs; j; j = j->next)
		if (j->kind == kind)
			return true;
	return false;
}

const struct app_job *app_rerun_job(const struct ui_app *app, const char *entry_id)
{
	if (!entry_id)
		return NULL;
	for (const struct app_job *j = app->jobs; j; j = j->next)
		if (j->kind == APP_JOB_RERUN && j->entry_id && strcmp(j->entry_id, entry_id) == 0)
			return j;
	return NULL;
}

const char *app_rerun_refusal(const struct ui_app *app, const struct wr_run *run)
{
	if (!run)
		return "no run selected";
	if (!run->id || !*run->id)
		return "this run has no history entry ID (the server did not report one)";
	if (!run->worker_key || !*run->worker_key)
		return "this run names no worker: it cannot be rerun";
	if (app_rerun_job(app, run->id))
		return "a rerun of this run is already in flight";
	return NULL;
}

bool app_rerun(struct ui_app *app, const struct wr_run *run, bool force)
{
	const char *why = app_rerun_refusal(app, run);
	const char *project;
	struct app_job *j;
	size_t w;

	if (why) {
		app_msg(app, true, "%s", why);
		return false;
	}
	/* The run's own project key, else the one its worker is listed with. */
	project = run->project_key;
	if ((!project || !*project) && (w = worker_index(app, run->worker_key)) < app->workers.n)
		project = app->workers.v[w].project_key;
	j = job_new(app, APP_JOB_RERUN);
	j->worker_key = ui_xstrdup(run->worker_key);
	j->project_key = project && *project ? ui_xstrdup(project) : NULL;
	j->entry_id = ui_xstrdup(run->id);
	j->run_start_ms = run->start_ms;
	j->force = force;
	return true;
}
