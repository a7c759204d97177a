/* app.c - the state of an interactive session and its requests (see app.h). */
#include "config.h"

#include "app.h"
#include "fmt.h"
#include "limits_cache.h"
#include "sanitize.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_MSG_MS 5000
#define APP_SHORT_ID_MIN 8

void app_init(struct app *app, struct api *api, bool test_runs,
              const struct wr_limits *config_limits)
{
	memset(app, 0, sizeof *app);
	app->api = api;
	app->test_runs = test_runs;
	app->config_limits = config_limits ? *config_limits : model_limits_none();
	app->rerun_limits = model_limits_none();
	app->short_id_len = APP_SHORT_ID_MIN;
}

static void job_free(struct app_job *j)
{
	free(j->project_key);
	free(j);
}

static void job_unlink(struct app *app, struct app_job *j)
{
	for (struct app_job **pp = &app->jobs; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			return;
		}
}

static void job_cancel(struct app *app, struct app_job *j)
{
	if (j->running && j->req)
		api_cancel(app->api, j->req);
	job_unlink(app, j);
	job_free(j);
}

static void runs_drop(struct app *app)
{
	model_run_list_free(&app->runs);
	memset(&app->runs, 0, sizeof app->runs);
	free(app->all);
	free(app->by_worker);
	free(app->groups);
	free(app->fresh);
	app->all = app->by_worker = NULL;
	app->groups = NULL;
	app->fresh = NULL;
}

static void pending_drop(struct app *app)
{
	if (app->pending) {
		model_run_list_free(app->pending);
		free(app->pending);
		app->pending = NULL;
	}
	app->merge_into_loaded = false;
}

static bool ask_projects(struct app *app, struct wr_run_list *runs);

static void rerun_free(struct app_rerun *r)
{
	free(r->worker_key);
	free(r->project_key);
	free(r->entry_id);
	free(r->orig_status);
	if (r->result) {
		model_rerun_free(r->result);
		free(r->result);
	}
	free(r);
}

void app_free(struct app *app)
{
	while (app->jobs)
		job_cancel(app, app->jobs);
	for (size_t i = 0; i < app->n_ledger; i++) {
		struct app_rerun *r = app->ledger[i];

		if (r->req)
			api_cancel(app->api, r->req);
		rerun_free(r);
	}
	free(app->ledger);
	free(app->limits_dir);
	free(app->limits_url);
	pending_drop(app);
	runs_drop(app);
	model_worker_list_free(&app->workers);
	free(app->offline);
	memset(app, 0, sizeof *app);
}

/* ---- the status line ------------------------------------------------------ */

void app_msg(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof app->msg, fmt, ap);
	va_end(ap);
	app->msg_error = error;
	app->msg_until = error ? 0 : wr_mono_ms() + APP_MSG_MS;
	app->changed = true;
}

/* ---- grouping: once per load, so that switching workers and every key
 * after it cost nothing proportional to the number of runs ---------------- */

static int worker_cmp(const void *key, const void *elem)
{
	const struct wr_worker *w = elem;

	return strcmp(key, w->key ? w->key : "");
}

/* Index of the worker with this key in the sorted list, or workers.n. */
static size_t worker_index(const struct app *app, const char *key)
{
	const struct wr_worker *w;

	if (!key || !app->workers.n)
		return app->workers.n;
	w = bsearch(key, app->workers.v, app->workers.n, sizeof *w, worker_cmp);
	return w ? (size_t)(w - app->workers.v) : app->workers.n;
}

const struct wr_worker *app_worker(const struct app *app, const char *key)
{
	size_t i = worker_index(app, key);

	return i < app->workers.n ? &app->workers.v[i] : NULL;
}

static int id_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;

	return strcmp(a, b);
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

/* The shortest cut (at least 8) that tells every loaded ID apart: one more
 * than the longest prefix two neighbours share once sorted. */
static void measure_short_ids(struct app *app)
{
	const char **ids = wr_xcalloc(app->runs.n, sizeof *ids);
	size_t n = 0, len = APP_SHORT_ID_MIN;

	for (size_t i = 0; i < app->runs.n; i++)
		if (app->runs.v[i].id && *app->runs.v[i].id)
			ids[n++] = app->runs.v[i].id;
	qsort(ids, n, sizeof *ids, id_cmp);
	for (size_t i = 1; i < n; i++) {
		size_t c = common_prefix(ids[i - 1], ids[i]);

		/* Equal IDs stay equal however long: do not grow for them. */
		if (ids[i][c] && c + 1 > len)
			len = c + 1;
	}
	free(ids);
	app->short_id_len = len;
}

void app_short_id(const struct app *app, const char *id, char *buf, size_t n)
{
	size_t len = app->short_id_len ? app->short_id_len : APP_SHORT_ID_MIN;

	if (!id || !*id) {
		snprintf(buf, n, "-");
		return;
	}
	snprintf(buf, n, "%.*s", (int)(strlen(id) < len ? strlen(id) : len), id);
}

static void regroup(struct app *app)
{
	size_t nw = app->workers.n, nr = app->runs.n;
	uint32_t *widx;

	free(app->all);
	free(app->by_worker);
	free(app->groups);
	app->all = wr_xcalloc(nr, sizeof *app->all);
	app->by_worker = wr_xcalloc(nr, sizeof *app->by_worker);
	app->groups = wr_xcalloc(nw + 1, sizeof *app->groups);
	widx = wr_xcalloc(nr, sizeof *widx);
	app->failed_total = 0;
	app->any_test_run = false;

	/* A counting sort by worker: stable, so each group stays newest first. */
	for (size_t i = 0; i < nr; i++) {
		const struct wr_run *r = &app->runs.v[i];

		app->all[i] = (uint32_t)i;
		widx[i] = (uint32_t)worker_index(app, r->worker_key);
		app->groups[widx[i]].n++;
		if (model_run_failed(r)) {
			app->groups[widx[i]].failed++;
			app->failed_total++;
		}
		app->any_test_run |= r->test_run == 1;
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
	measure_short_ids(app);
	app->data_gen++;
	app->changed = true;
}

void app_view(const struct app *app, size_t worker_row, const uint32_t **idx, size_t *n)
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

size_t app_worker_failed(const struct app *app, size_t worker_row)
{
	if (!app->groups)
		return 0;
	if (worker_row == 0 || worker_row > app->workers.n)
		return app->failed_total;
	return app->groups[worker_row - 1].failed;
}

size_t app_worker_row(const struct app *app, const char *key)
{
	size_t i = worker_index(app, key);

	return i < app->workers.n ? i + 1 : 0;
}

bool app_run_is_new(const struct app *app, size_t run)
{
	return app->fresh && run < app->runs.n && app->fresh[run];
}

void app_run_seen(struct app *app, size_t run)
{
	if (app->fresh && run < app->runs.n && app->fresh[run]) {
		app->fresh[run] = 0;
		app->changed = true;
	}
}

struct wr_limits app_limits(const struct app *app)
{
	return model_limits_effective(&app->rerun_limits, &app->config_limits);
}

void app_limits_cache(struct app *app, const char *dir, const char *url)
{
	struct wr_limits saved;
	struct wr_error err;

	free(app->limits_dir);
	free(app->limits_url);
	app->limits_dir = app->limits_url = NULL;
	if (!dir || !url)
		return;
	app->limits_dir = wr_xstrdup(dir);
	app->limits_url = wr_xstrdup(url);
	wr_error_clear(&err);
	if (!limits_cache_load(dir, url, &saved, &err)) {
		if (err.kind == WR_ERR_NOMEM)
			wr_die_nomem();
		app_msg(app, true, "saved limits ignored: %s", err.msg);
		return;
	}
	/* A rerun of this session already reported newer ones. */
	if (saved.source == WR_LIMITS_RERUN && app->rerun_limits.source != WR_LIMITS_RERUN)
		app->rerun_limits = saved;
	app->changed = true;
}

/* Saves the limits a rerun just reported (app->rerun_limits); why gets
 * the reason when they could not be, else stays as it was. */
static void limits_keep(struct app *app, char *why, size_t n)
{
	struct wr_error err;

	if (!app->limits_dir)
		return;
	wr_error_clear(&err);
	if (limits_cache_save(app->limits_dir, app->limits_url, &app->rerun_limits, &err))
		return;
	if (err.kind == WR_ERR_NOMEM)
		wr_die_nomem();
	snprintf(why, n, "%s", err.msg);
}

/* ---- new runs ---------------------------------------------------------------- */

static const struct wr_run *sort_runs_v; /* for old_cmp, during mark_fresh only */

static int old_cmp(const void *pa, const void *pb)
{
	const char *a = sort_runs_v[*(const uint32_t *)pa].id;
	const char *b = sort_runs_v[*(const uint32_t *)pb].id;

	return strcmp(a, b);
}

/* The old run with this ID among old[0..n) (sorted by ID), or -1. */
static long old_find(const struct wr_run_list *old, const uint32_t *sorted, size_t n,
                     const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, old->v[sorted[mid]].id);

		if (c == 0)
			return (long)sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Runs of the new list that the old one did not have, or had and that were
 * still new, are new. The first load marks nothing. Runs without an ID
 * cannot be told apart: never new. */
static uint8_t *mark_fresh(const struct app *app, const struct wr_run_list *nl)
{
	const struct wr_run_list *old = &app->runs;
	uint8_t *fresh;
	uint32_t *sorted;
	size_t n = 0;

	if (!app->have_runs)
		return NULL;
	fresh = wr_xcalloc(nl->n, 1);
	sorted = wr_xcalloc(old->n, sizeof *sorted);
	for (size_t i = 0; i < old->n; i++)
		if (old->v[i].id)
			sorted[n++] = (uint32_t)i;
	sort_runs_v = old->v;
	qsort(sorted, n, sizeof *sorted, old_cmp);
	sort_runs_v = NULL;
	for (size_t i = 0; i < nl->n; i++) {
		long o;

		if (!nl->v[i].id)
			continue;
		o = old_find(old, sorted, n, nl->v[i].id);
		fresh[i] = o < 0 ? 1 : app->fresh ? app->fresh[o] : 0;
	}
	free(sorted);
	return fresh;
}

/* ---- loads ------------------------------------------------------------------ */

static struct app_job *job_new(struct app *app, enum app_job_kind kind)
{
	struct app_job *j = wr_xcalloc(1, sizeof *j);
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
	struct app *app = j->app;

	job_unlink(app, j);
	job_free(j);
	app->changed = true;
}

static void replace_kind(struct app *app, enum app_job_kind kind)
{
	struct app_job *j = app->jobs, *next;

	for (; j; j = next) {
		next = j->next;
		if (j->kind == kind)
			job_cancel(app, j);
	}
}

/* ---- offline: a saved history (wrun --file) ----------------------------------- */

#define APP_OFFLINE "offline (--file): "
#define APP_NOTHING_SENT "; nothing was sent"

void app_open_file(struct app *app, const char *name, struct wr_worker_list *workers,
                   struct wr_run_list *runs)
{
	free(app->offline);
	app->offline = wr_xstrdup(name ? name : "");
	/* Workers first: a history taken before them would ask for the runs
	 * of projects (ask_projects), which only a server has. */
	app_take_workers(app, workers);
	app_take_history(app, runs);
}

bool app_needs_server(struct app *app, const char *what)
{
	if (!app->offline)
		return false;
	app_msg(app, true, APP_OFFLINE "%s a server" APP_NOTHING_SENT, what);
	return true;
}

void app_load_workers(struct app *app)
{
	if (app->offline)
		return;
	replace_kind(app, APP_JOB_WORKERS);
	job_new(app, APP_JOB_WORKERS);
}

void app_load_history(struct app *app)
{
	if (app->offline)
		return;
	replace_kind(app, APP_JOB_PROJECT);
	replace_kind(app, APP_JOB_HISTORY);
	pending_drop(app);
	app->projects_asked = false;
	job_new(app, APP_JOB_HISTORY);
}

/* "history: HTTP 403: ..."; the parser's own messages already say which
 * document they are about. */
static void load_failed(struct app *app, const char *what, const struct wr_error *err)
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
	struct app *app = j->app;

	j->req = NULL;
	job_done(j);
	if (!workers) {
		load_failed(app, "workers", err);
		return;
	}
	app_take_workers(app, workers);
}

void app_take_workers(struct app *app, struct wr_worker_list *workers)
{
	model_worker_list_free(&app->workers);
	app->workers = *workers;
	free(workers);
	app->have_workers = true;
	regroup(app);
	/* The history came first: ask now for what it left out. */
	if (app->have_runs && !app->pending && !app_job_pending(app, APP_JOB_HISTORY) &&
	    !app->projects_asked) {
		struct wr_run_list *none = wr_xcalloc(1, sizeof *none);

		if (!model_run_list_init(none))
			wr_die_nomem();
		app->merge_into_loaded = true;
		if (!ask_projects(app, none)) {
			model_run_list_free(none);
			free(none);
			app->merge_into_loaded = false;
		}
	}
}

static void on_history(void *ud, struct wr_run_list *runs, const struct wr_error *err)
{
	struct app_job *j = ud;
	struct app *app = j->app;

	j->req = NULL;
	job_done(j);
	app->refreshed_ms = wr_mono_ms();
	if (!runs) {
		/* What was loaded stays: a failed refresh loses nothing. */
		app->refresh_failed = true;
		load_failed(app, "history", err);
		return;
	}
	app->refresh_failed = false;
	/* Project workers the listing left out: their runs first, then the
	 * whole at once, so that new runs are told apart from old ones. */
	if (app->have_workers && ask_projects(app, runs))
		return;
	app_take_history(app, runs);
}

void app_take_history(struct app *app, struct wr_run_list *runs)
{
	uint8_t *fresh;

	fresh = mark_fresh(app, runs);
	runs_drop(app);
	app->runs = *runs;
	app->fresh = fresh;
	free(runs);
	app->have_runs = true;
	regroup(app);
}

/* ---- runs of project workers --------------------------------------------- */

/* Queues a listing per project whose workers have no run in runs, and
 * holds runs back until they answered. False when there is none to ask. */
static bool ask_projects(struct app *app, struct wr_run_list *runs)
{
	const char **keys;
	const struct wr_run_list *seen = app->merge_into_loaded ? &app->runs : runs;
	size_t n;

	if (app->offline)
		return false;
	keys = wr_xcalloc(app->workers.n, sizeof *keys);
	n = model_projects_without_runs(&app->workers, seen, keys, app->workers.n);
	app->projects_asked = true;
	for (size_t i = 0; i < n; i++) {
		struct app_job *j = job_new(app, APP_JOB_PROJECT);

		j->project_key = wr_xstrdup(keys[i]);
	}
	free(keys);
	if (!n)
		return false;
	app->pending = runs;
	return true;
}

/* The last project listing is in: the runs go in whole. */
static void projects_done(struct app *app)
{
	struct wr_run_list *runs = app->pending;

	if (!runs || app_job_pending(app, APP_JOB_PROJECT))
		return;
	app->pending = NULL;
	if (app->merge_into_loaded) {
		app->merge_into_loaded = false;
		if (!model_run_list_drop_seen(runs, &app->runs, NULL) ||
		    !model_run_list_merge(&app->runs, runs))
			wr_die_nomem();
		model_run_list_free(runs);
		free(runs);
		/* Indexes moved: marks of new runs do not survive a merge. */
		free(app->fresh);
		app->fresh = NULL;
		regroup(app);
		return;
	}
	app_take_history(app, runs);
}

static void on_project(void *ud, struct wr_run_list *runs, const struct wr_error *err)
{
	struct app_job *j = ud;
	struct app *app = j->app;
	char what[160];

	j->req = NULL;
	if (!runs) {
		snprintf(what, sizeof what, "history of project %.100s", j->project_key);
		job_done(j);
		/* The rest is shown: a project the token may not see is no
		 * reason to hide every other run. */
		load_failed(app, what, err);
	} else {
		job_done(j);
		if (app->pending) {
			const struct wr_run_list *seen = app->merge_into_loaded ? &app->runs : app->pending;

			if (!model_run_list_drop_seen(runs, seen, NULL) ||
			    !model_run_list_merge(app->pending, runs))
				wr_die_nomem();
		}
		model_run_list_free(runs);
		free(runs);
	}
	projects_done(app);
}

static void job_start(struct app *app, struct app_job *j)
{
	struct wr_error err;
	struct api_history_query q;

	wr_error_clear(&err);
	j->running = true;
	j->started_ms = wr_mono_ms();
	switch (j->kind) {
	case APP_JOB_WORKERS:
		j->req = api_workers(app->api, on_workers, j, &err);
		break;
	case APP_JOB_HISTORY:
	case APP_JOB_PROJECT:
		memset(&q, 0, sizeof q);
		q.test_runs = app->test_runs;
		q.project_key = j->project_key;
		j->req = api_history(app->api, &q, j->kind == APP_JOB_HISTORY ? on_history : on_project,
		                     j, &err);
		break;
	}
	if (!j->req) {
		bool project = j->kind == APP_JOB_PROJECT;

		app_msg(app, true, "%s", err.msg[0] ? err.msg : "could not start the request");
		job_done(j);
		if (project)
			projects_done(app);
	}
}

const struct app_job *app_busy(const struct app *app)
{
	const struct app_job *best = NULL;

	for (const struct app_job *j = app->jobs; j; j = j->next)
		if (j->running && (!best || j->started_ms < best->started_ms))
			best = j;
	return best;
}

bool app_job_pending(const struct app *app, enum app_job_kind kind)
{
	for (const struct app_job *j = app->jobs; j; j = j->next)
		if (j->kind == kind)
			return true;
	return false;
}

/* ---- reruns ------------------------------------------------------------------ */

static bool rerun_open(const struct app_rerun *r)
{
	return r->state == APP_RERUN_QUEUED || r->state == APP_RERUN_WAITING ||
	       r->state == APP_RERUN_SENT;
}

const struct app_rerun *app_rerun_pending(const struct app *app, const char *entry_id)
{
	if (!entry_id)
		return NULL;
	for (size_t i = 0; i < app->n_ledger; i++) {
		const struct app_rerun *r = app->ledger[i];

		if (rerun_open(r) && strcmp(r->entry_id, entry_id) == 0)
			return r;
	}
	return NULL;
}

const struct app_rerun *app_rerun_last(const struct app *app, const char *entry_id)
{
	if (!entry_id)
		return NULL;
	for (size_t i = app->n_ledger; i-- > 0;)
		if (strcmp(app->ledger[i]->entry_id, entry_id) == 0)
			return app->ledger[i];
	return NULL;
}

size_t app_reruns_pending(const struct app *app)
{
	size_t n = 0;

	for (size_t i = 0; i < app->n_ledger; i++)
		n += rerun_open(app->ledger[i]);
	return n;
}

const struct app_rerun *app_rerun_in_flight(const struct app *app)
{
	for (size_t i = 0; i < app->n_ledger; i++)
		if (app->ledger[i]->state == APP_RERUN_SENT)
			return app->ledger[i];
	return NULL;
}

/* Is s shown exactly as its bytes (sanitize.h changes nothing)? */
static bool shown_as_is(const char *s)
{
	size_t n;
	char *shown;
	bool same;

	if (!s)
		return true;
	n = strlen(s);
	shown = sanitize_dup(s, n, 0);
	if (!shown)
		return false; /* out of memory: refuse rather than guess */
	same = strlen(shown) == n && memcmp(shown, s, n) == 0;
	free(shown);
	return same;
}

const char *app_rerun_key_refusal(const struct wr_run *run)
{
	if (!run)
		return NULL;
	if (run->altered)
		return "the server sent this run's worker key, ID or project key with a NUL byte, "
		       "shown as U+FFFD: a rerun would name another worker or run, so it is refused";
	if (!shown_as_is(run->worker_key))
		return "this run's worker key holds bytes that are shown escaped: a rerun would send "
		       "a key other than the one shown, so it is refused";
	if (!shown_as_is(run->id))
		return "this run's ID holds bytes that are shown escaped: a rerun would send an ID "
		       "other than the one shown, so it is refused";
	if (!shown_as_is(run->project_key))
		return "this run's project key holds bytes that are shown escaped: a rerun would send "
		       "a key other than the one shown, so it is refused";
	return NULL;
}

const char *app_rerun_refusal(const struct app *app, const struct wr_run *run)
{
	const char *why;

	if (app->offline)
		return APP_OFFLINE "reruns need a server" APP_NOTHING_SENT;
	if (app->read_only)
		return APP_READ_ONLY_MSG;
	if (!run)
		return "no run selected";
	if (!run->id || !*run->id)
		return "this run has no history entry ID (the server did not report one)";
	if (!run->worker_key || !*run->worker_key)
		return "this run names no worker: it cannot be rerun";
	if ((why = app_rerun_key_refusal(run)) != NULL)
		return why;
	if (app_rerun_pending(app, run->id))
		return "a rerun of this run is already in flight";
	return NULL;
}

struct app_rerun *app_rerun(struct app *app, const struct wr_run *run, bool force,
                            unsigned batch)
{
	const char *why = app_rerun_refusal(app, run);
	const struct wr_worker *w;
	const char *project;
	struct app_rerun *r;

	if (why) {
		app_msg(app, true, "%s", why);
		return NULL;
	}
	/* The run's own project key, else the one its worker is listed with. */
	project = run->project_key;
	if ((!project || !*project) && (w = app_worker(app, run->worker_key)))
		project = w->project_key;
	r = wr_xcalloc(1, sizeof *r);
	r->worker_key = wr_xstrdup(run->worker_key);
	r->project_key = project && *project ? wr_xstrdup(project) : NULL;
	r->entry_id = wr_xstrdup(run->id);
	r->orig_status = wr_xstrdup(run->status);
	r->orig_start_ms = run->start_ms;
	r->orig_metrics = run->metrics;
	r->force = force;
	r->batch = batch;
	r->state = APP_RERUN_QUEUED;
	r->sent_ms = r->answered_ms = WR_NONE;
	if (app->n_ledger == app->cap_ledger) {
		app->cap_ledger = app->cap_ledger ? app->cap_ledger * 2 : 16;
		app->ledger = wr_xrealloc(app->ledger, app->cap_ledger, sizeof *app->ledger);
	}
	app->ledger[app->n_ledger++] = r;
	app->ledger_gen++;
	app->changed = true;
	return r;
}

size_t app_batch(struct app *app, const struct wr_run *const *runs, size_t n, bool force)
{
	unsigned id = app->batch.id + 1;
	size_t queued = 0, skipped = 0;

	if (app_needs_server(app, "reruns need"))
		return 0;
	if (app->read_only) {
		app_msg(app, true, APP_READ_ONLY_MSG);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!runs[i]->id || !*runs[i]->id || !runs[i]->worker_key || !*runs[i]->worker_key ||
		    app_rerun_key_refusal(runs[i])) {
			skipped++;
			continue;
		}
		/* One already on its way is not sent twice. */
		if (app_rerun_pending(app, runs[i]->id))
			continue;
		if (app_rerun(app, runs[i], force, id))
			queued++;
	}
	app->batch.id = id;
	app->batch.total = queued;
	app->batch.skipped = skipped;
	app->batch.active = queued > 0;
	return queued;
}

void app_batch_count(const struct app *app, struct app_batch_count *c)
{
	memset(c, 0, sizeof *c);
	c->skipped = app->batch.skipped;
	if (!app->batch.id)
		return;
	for (size_t i = 0; i < app->n_ledger; i++) {
		const struct app_rerun *r = app->ledger[i];

		if (r->batch != app->batch.id)
			continue;
		c->total++;
		switch (r->state) {
		case APP_RERUN_DONE:
			c->finished++;
			if (r->result && r->result->kind == WR_STATUS_SUCCESS)
				c->succeeded++;
			else
				c->failed++;
			break;
		case APP_RERUN_FAILED:
		case APP_RERUN_ABANDONED:
			c->finished++;
			c->failed++;
			break;
		case APP_RERUN_STOPPED:
			c->finished++;
			c->stopped++;
			break;
		default:
			break;
		}
	}
}

static void batch_progress(struct app *app)
{
	struct app_batch_count c;

	if (!app->batch.active)
		return;
	app_batch_count(app, &c);
	if (c.finished < c.total)
		return;
	app->batch.active = false;
	if (c.stopped)
		app_msg(app, true, "batch done: %zu succeeded, %zu failed, %zu skipped (no ID), "
		        "%zu stopped", c.succeeded, c.failed, c.skipped, c.stopped);
	else
		app_msg(app, c.failed > 0, "batch done: %zu succeeded, %zu failed, %zu skipped (no ID)",
		        c.succeeded, c.failed, c.skipped);
}

/* Refused by the call limit (400 "call limit exceeded", or 429): the server
 * did not run it, so it may be sent again. */
static bool refused_by_limit(const struct wr_error *err)
{
	if (!err || err->kind != WR_ERR_HTTP)
		return false;
	if (err->rate_limited || err->http_status == 429)
		return true;
	return err->http_status == 400 && strcasestr(err->msg, "limit") &&
	       strcasestr(err->msg, "exceed");
}

static int64_t backoff_ms(int refusals)
{
	int64_t ms = APP_BACKOFF_MIN_MS;

	for (int i = 1; i < refusals && ms < APP_BACKOFF_MAX_MS; i++)
		ms *= 2;
	return ms < APP_BACKOFF_MAX_MS ? ms : APP_BACKOFF_MAX_MS;
}

static void on_rerun(void *ud, struct wr_rerun *result, const struct wr_error *err)
{
	app_rerun_answer(ud, result, err);
}

void app_rerun_answer(struct app *app, struct wr_rerun *result, const struct wr_error *err)
{
	struct app_rerun *r = NULL;
	char id[64], status[64], why[sizeof app->msg];

	for (size_t i = 0; i < app->n_ledger && !r; i++)
		if (app->ledger[i]->state == APP_RERUN_SENT)
			r = app->ledger[i];
	if (!r) {
		/* Cannot happen: the one in flight is SENT until now. */
		if (result) {
			model_rerun_free(result);
			free(result);
		}
		return;
	}
	r->req = NULL;
	app_short_id(app, r->entry_id, id, sizeof id);
	app->ledger_gen++;
	app->changed = true;
	if (!result && refused_by_limit(err)) {
		int64_t wait;

		r->refusals++;
		wait = backoff_ms(r->refusals);
		if (err->retry_after_s > 0 && err->retry_after_s * 1000 > wait)
			wait = err->retry_after_s * 1000 > APP_BACKOFF_MAX_MS
			       ? APP_BACKOFF_MAX_MS : err->retry_after_s * 1000;
		r->state = APP_RERUN_WAITING;
		r->retry_at = wr_mono_ms() + wait;
		app_msg(app, true, "rerun of %s refused: %s; sending it again in %llds", id, err->msg,
		        (long long)((wait + 999) / 1000));
		return;
	}
	r->answered_ms = fmt_now_ms();
	if (!result) {
		r->state = APP_RERUN_FAILED;
		snprintf(r->error, sizeof r->error, "%s", err && err->msg[0] ? err->msg : "failed");
		app_msg(app, true, "rerun of %s failed: %s", id, r->error);
	} else {
		r->state = APP_RERUN_DONE;
		r->result = result;
		why[0] = '\0';
		if (result->limits.source == WR_LIMITS_RERUN) {
			app->rerun_limits = result->limits;
			app->rerun_limits.seen_ms = r->answered_ms;
			limits_keep(app, why, sizeof why);
		}
		sanitize_buf(status, sizeof status, result->status ? result->status : "no status",
		             result->status ? strlen(result->status) : 9, 0);
		if (why[0])
			app_msg(app, true, "rerun of %s: %s; its limits were not saved: %s", id,
			        status, why);
		else
			app_msg(app, result->kind != WR_STATUS_SUCCESS, "rerun of %s: %s", id, status);
		/* A recorded rerun is a new history entry: show it. */
		app_load_history(app);
	}
	app->answered = r;
	app->answered_gen++;
	batch_progress(app);
}

static void rerun_send(struct app *app, struct app_rerun *r)
{
	struct wr_error err;

	wr_error_clear(&err);
	r->state = APP_RERUN_SENT;
	r->sent_ms = fmt_now_ms();
	r->req = api_rerun(app->api, r->worker_key, r->project_key, r->entry_id, r->force,
	                   on_rerun, app, &err);
	app->ledger_gen++;
	app->changed = true;
	if (!r->req) {
		r->state = APP_RERUN_FAILED;
		snprintf(r->error, sizeof r->error, "%s",
		         err.msg[0] ? err.msg : "could not start the request");
		app_msg(app, true, "%s", r->error);
		batch_progress(app);
	}
}

/* The next rerun to send: the oldest not finished. A refused one holds
 * back those after it until it went: the call limit is the server's. */
static struct app_rerun *rerun_next(struct app *app)
{
	for (size_t i = 0; i < app->n_ledger; i++)
		if (rerun_open(app->ledger[i]))
			return app->ledger[i];
	return NULL;
}

void app_pump(struct app *app, int64_t now)
{
	struct app_job *j, *next;
	struct app_rerun *r;

	if (app->refresh_s && app->have_runs && !app_job_pending(app, APP_JOB_HISTORY) &&
	    !app_job_pending(app, APP_JOB_PROJECT) &&
	    now >= app->refreshed_ms + (int64_t)app->refresh_s * 1000) {
		app_load_workers(app);
		app_load_history(app);
	}
	for (j = app->jobs; j; j = next) {
		next = j->next;
		/* May finish (and free) j at once when the start fails. */
		if (!j->running)
			job_start(app, j);
	}
	/* Sent one at a time; a failed start moves on to the next. */
	while ((r = rerun_next(app)) && r->state != APP_RERUN_SENT &&
	       (r->state == APP_RERUN_QUEUED || now >= r->retry_at))
		rerun_send(app, r);
}

int64_t app_tick(struct app *app, int64_t now)
{
	int64_t next = 0;
	struct app_rerun *r;

	if (app->msg[0] && app->msg_until && now >= app->msg_until) {
		app->msg[0] = '\0';
		app->msg_until = 0;
		app->changed = true;
	}
	if (app->msg[0] && app->msg_until)
		next = app->msg_until;
	r = rerun_next(app);
	if (r && r->state == APP_RERUN_WAITING && (!next || r->retry_at < next))
		next = r->retry_at;
	if (app->refresh_s && app->have_runs && !app_job_pending(app, APP_JOB_HISTORY)) {
		int64_t due = app->refreshed_ms + (int64_t)app->refresh_s * 1000;

		if (!next || due < next)
			next = due;
	}
	return next;
}

void app_set_refresh(struct app *app, int seconds, int64_t now)
{
	if (seconds > 0 && app_needs_server(app, "auto-refresh needs"))
		return;
	if (seconds > 0 && seconds < APP_REFRESH_MIN_S)
		seconds = APP_REFRESH_MIN_S;
	app->refresh_s = seconds > 0 ? seconds : 0;
	if (app->refresh_s && !app->refreshed_ms)
		app->refreshed_ms = now;
	app->changed = true;
}

void app_stop_all(struct app *app, struct app_stop *st)
{
	memset(st, 0, sizeof *st);
	while (app->jobs) {
		job_cancel(app, app->jobs);
		st->loads++;
	}
	for (size_t i = 0; i < app->n_ledger; i++) {
		struct app_rerun *r = app->ledger[i];

		if (r->state == APP_RERUN_SENT) {
			/* It reached the server: it runs there whatever we do.
			 * Only the wait for its answer ends. */
			if (r->req)
				api_cancel(app->api, r->req);
			r->req = NULL;
			r->state = APP_RERUN_ABANDONED;
			st->abandoned++;
		} else if (r->state == APP_RERUN_QUEUED || r->state == APP_RERUN_WAITING) {
			r->state = APP_RERUN_STOPPED;
			st->stopped++;
		}
	}
	if (st->abandoned || st->stopped) {
		app->ledger_gen++;
		app->batch.active = false;
	}
	app->changed = true;
}

const char *app_rerun_state_text(const struct app_rerun *r)
{
	switch (r->state) {
	case APP_RERUN_QUEUED: return "queued";
	case APP_RERUN_WAITING: return "waiting";
	case APP_RERUN_SENT: return "in flight";
	case APP_RERUN_DONE: return model_status_label(r->result ? r->result->status : NULL);
	case APP_RERUN_FAILED: return "error";
	case APP_RERUN_ABANDONED: return "sent";
	case APP_RERUN_STOPPED: return "stopped";
	case APP_RERUN_STATE_COUNT: break;
	}
	return "?";
}
