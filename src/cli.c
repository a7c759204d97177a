/* cli.c - the subcommands: workers, history, rerun. Tables for people,
 * --json with the API's own field names for scripts. Every string from the
 * server is sanitized before it reaches a terminal. */
#include "config.h"

#include "cli.h"
#include "fmt.h"
#include "limits_cache.h"
#include "msg.h"
#include "parse.h"
#include "query.h"
#include "sanitize.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- signals ---------------------------------------------------------------- */

static volatile sig_atomic_t cli_caught;
static const int cli_sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGPIPE };
static struct sigaction cli_old[sizeof cli_sigs / sizeof cli_sigs[0]];
static bool cli_taken[sizeof cli_sigs / sizeof cli_sigs[0]];

static void cli_on_signal(int sig)
{
	if (!cli_caught)
		cli_caught = sig;
}

void cli_signals_catch(bool with_pipe)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a wait in poll(2) returns at once. A signal ignored
	 * from the start (nohup, a script's background job) stays ignored. */
	for (i = 0; i < sizeof cli_sigs / sizeof cli_sigs[0]; i++) {
		if (cli_taken[i] || (cli_sigs[i] == SIGPIPE && !with_pipe))
			continue;
		if (sigaction(cli_sigs[i], NULL, &cli_old[i]) != 0 ||
		    cli_old[i].sa_handler == SIG_IGN)
			continue;
		cli_taken[i] = sigaction(cli_sigs[i], &sa, NULL) == 0;
	}
}

void cli_signals_release(void)
{
	size_t i;

	for (i = 0; i < sizeof cli_sigs / sizeof cli_sigs[0]; i++) {
		if (cli_taken[i])
			sigaction(cli_sigs[i], &cli_old[i], NULL);
		cli_taken[i] = false;
	}
}

int cli_signal(void)
{
	return cli_caught;
}

/* ---- waiting for one request ---------------------------------------------- */

struct wait {
	bool done;
	struct wr_error err;
	struct wr_worker_list *workers;
	struct wr_run_list *runs;
	struct wr_rerun *rerun;
};

static void wait_finish(struct wait *w, const struct wr_error *err)
{
	w->done = true;
	if (err)
		w->err = *err;
	else
		wr_error_clear(&w->err);
}

static void on_workers(void *ud, struct wr_worker_list *l, const struct wr_error *err)
{
	struct wait *w = ud;

	w->workers = l;
	wait_finish(w, err);
}

static void on_history(void *ud, struct wr_run_list *l, const struct wr_error *err)
{
	struct wait *w = ud;

	w->runs = l;
	wait_finish(w, err);
}

static void on_rerun(void *ud, struct wr_rerun *r, const struct wr_error *err)
{
	struct wait *w = ud;

	w->rerun = r;
	wait_finish(w, err);
}

/* Runs the request just started until its callback has fired. */
static bool wait_job(struct api *api, struct api_job *job, struct wait *w)
{
	if (!job)
		return false;
	while (!w->done) {
		struct wr_error err;
		bool unused;

		if (cli_caught) {
			api_cancel(api, job);
			wr_error_set(&w->err, WR_ERR_CANCELED, 0, "interrupted");
			return false;
		}
		if (!http_wait(api_http(api), -1, 1000, &unused, &err)) {
			api_cancel(api, job);
			w->err = err;
			return false;
		}
		if (!cli_caught)
			http_run(api_http(api));
	}
	return w->err.kind == WR_OK;
}

/* A stop by a signal says nothing more: the shell reports it. */
static int fail(const struct wr_error *err)
{
	if (cli_caught)
		return 128 + cli_caught;
	msg(MSG_ERROR, "%s", err->msg);
	return wr_error_exit_code(err);
}

/* The exit code once the output is written: 3 when it could not be. */
static int finish(int code)
{
	bool flushed = fflush(stdout) == 0;

	if (cli_caught)
		return 128 + cli_caught;
	return flushed ? code : 3;
}

/* ---- text output ----------------------------------------------------------- */

/* Prints server text made safe for a terminal; multi-line when asked. */
static void put_safe(FILE *f, const char *s, unsigned flags)
{
	char *clean;

	if (!s)
		return;
	clean = sanitize_dup(s, strlen(s), flags | SAN_TAB_TO_SPACE);
	if (clean) {
		fputs(clean, f);
		free(clean);
	}
}

/* A left-aligned cell of exactly cols columns (cut when longer). */
static void put_cell(FILE *f, const char *s, int cols)
{
	char *clean = sanitize_dup(s ? s : "-", strlen(s ? s : "-"), SAN_TAB_TO_SPACE);
	int width = 0;
	size_t len;

	if (!clean)
		return;
	len = fmt_fit(clean, cols, &width);
	fwrite(clean, 1, len, f);
	fprintf(f, "%*s", cols - width + 2, "");
	free(clean);
}

/* The width of s as put_cell shows it: sanitized, so "\x1b" counts as the
 * two columns of "^[" and a cell is never cut short of its text. */
static int column_width(const char *s, int min, int max)
{
	char *clean = s ? sanitize_dup(s, strlen(s), SAN_TAB_TO_SPACE) : NULL;
	int w = clean ? fmt_width(clean) : 1;

	free(clean);
	return w < min ? min : w > max ? max : w;
}

/* ---- workers ---------------------------------------------------------------- */

int cli_workers(struct api *api, const struct cli_opts *o)
{
	struct wait w = { 0 };
	struct api_job *job = api_workers(api, on_workers, &w, &w.err);
	int key_w = 3, action_w = 6;
	size_t i;

	if (!wait_job(api, job, &w))
		return fail(&w.err);
	if (o->json) {
		parse_emit_workers(stdout, w.workers, true);
	} else {
		for (i = 0; i < w.workers->n; i++) {
			const struct wr_worker *k = &w.workers->v[i];
			int kw = column_width(k->key, 3, 40), aw = column_width(k->action, 6, 24);

			key_w = kw > key_w ? kw : key_w;
			action_w = aw > action_w ? aw : action_w;
		}
		put_cell(stdout, "KEY", key_w);
		put_cell(stdout, "ACTION", action_w);
		put_cell(stdout, "STATE", 8);
		put_cell(stdout, "PROJECT", 10);
		fputs("DESCRIPTION\n", stdout);
		for (i = 0; i < w.workers->n; i++) {
			const struct wr_worker *k = &w.workers->v[i];

			put_cell(stdout, k->key, key_w);
			put_cell(stdout, k->action, action_w);
			put_cell(stdout, k->enabled == 1 ? "enabled" : k->enabled == 0 ? "disabled" : "-", 8);
			put_cell(stdout, k->project_key && *k->project_key ? k->project_key : "-", 10);
			put_safe(stdout, k->description && *k->description ? k->description : "-", 0);
			fputc('\n', stdout);
		}
		if (w.workers->n == 0)
			fputs("No workers.\n", stdout);
	}
	model_worker_list_free(w.workers);
	free(w.workers);
	return finish(0);
}

/* ---- the project of a worker ---------------------------------------------- */

/* Every call about a project's worker must carry its project key: learn it
 * from the worker list unless --project gave it. An HTTP error here (a token
 * that may not list workers) is not fatal: the call goes without a key and
 * the server has the last word. Returns false only for transport errors. */
static bool learn_project(struct api *api, const struct wr_server *srv, const char *worker,
                          char **project, struct wr_error *err)
{
	struct wait w = { 0 };
	struct api_job *job;
	const struct wr_worker *k;

	*project = NULL;
	if (srv->project && *srv->project)
		return true;
	job = api_workers(api, on_workers, &w, &w.err);
	if (!wait_job(api, job, &w)) {
		if (w.err.kind == WR_ERR_HTTP)
			return true;
		*err = w.err;
		return false;
	}
	k = model_worker_find(w.workers, worker);
	if (k && k->project_key && *k->project_key) {
		*project = strdup(k->project_key);
		if (!*project) {
			wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
			model_worker_list_free(w.workers);
			free(w.workers);
			return false;
		}
	}
	model_worker_list_free(w.workers);
	free(w.workers);
	return true;
}

/* ---- history ---------------------------------------------------------------- */

/* The one run query, as the interface's failed view asks it. */
static bool run_wanted(const struct wr_run *r, const struct cli_opts *o)
{
	struct wr_query q;

	query_init(&q);
	q.failed = o->failed;
	return query_match(&q, r);
}

static void history_table(const struct wr_run_list *runs, bool all, const struct cli_opts *o)
{
	int trig_w = 7, worker_w = 6;
	size_t i, shown = 0;
	char when[32], dur[32];

	for (i = 0; i < runs->n; i++) {
		int tw = column_width(runs->v[i].triggered_by, 7, 20);
		int ww = column_width(runs->v[i].worker_key, 6, 30);

		trig_w = tw > trig_w ? tw : trig_w;
		worker_w = ww > worker_w ? ww : worker_w;
	}
	put_cell(stdout, "STATUS", 8);
	put_cell(stdout, "STARTED", 19);
	put_cell(stdout, "DURATION", 9);
	put_cell(stdout, "TRIGGER", trig_w);
	if (all)
		put_cell(stdout, "WORKER", worker_w);
	fputs("ID\n", stdout);
	for (i = 0; i < runs->n; i++) {
		const struct wr_run *r = &runs->v[i];

		if (!run_wanted(r, o))
			continue;
		fmt_time(when, sizeof when, r->start_ms);
		fmt_duration(dur, sizeof dur, model_run_duration(r));
		put_cell(stdout, model_status_label(r->status), 8);
		put_cell(stdout, when, 19);
		put_cell(stdout, dur, 9);
		put_cell(stdout, r->triggered_by, trig_w);
		if (all)
			put_cell(stdout, r->worker_key, worker_w);
		put_safe(stdout, r->id && *r->id ? r->id : "-", 0);
		fputc('\n', stdout);
		shown++;
	}
	if (shown == 0)
		fputs(o->failed ? "No failed runs.\n" : "No runs.\n", stdout);
}

static void history_json(const struct wr_run_list *runs, const struct cli_opts *o)
{
	const struct wr_run **pick = malloc((runs->n ? runs->n : 1) * sizeof *pick);
	size_t i, n = 0;

	if (!pick) {
		msg(MSG_ERROR, "out of memory");
		return;
	}
	for (i = 0; i < runs->n; i++)
		if (run_wanted(&runs->v[i], o))
			pick[n++] = &runs->v[i];
	parse_emit_runs(stdout, runs, (const struct wr_run *const *)pick, n, true);
	free(pick);
}

static int history_all(struct api *api, const struct cli_opts *o);

int cli_history(struct api *api, const struct wr_server *srv, const char *worker,
                const struct cli_opts *o)
{
	struct wait w = { 0 };
	struct api_history_query q = { worker, NULL, o->test_runs };
	char *project = NULL;
	struct api_job *job;

	if (!worker && !(srv->project && *srv->project))
		return history_all(api, o);
	if (worker && !learn_project(api, srv, worker, &project, &w.err))
		return fail(&w.err);
	q.project_key = project;
	job = api_history(api, &q, on_history, &w, &w.err);
	free(project);
	if (!wait_job(api, job, &w))
		return fail(&w.err);
	if (o->json)
		history_json(w.runs, o);
	else
		history_table(w.runs, worker == NULL, o);
	model_run_list_free(w.runs);
	free(w.runs);
	return finish(0);
}

/* ---- rerun ------------------------------------------------------------------ */

static void put_metric(const char *name, int64_t value, int64_t limit,
                       void (*format)(char *, size_t, int64_t))
{
	char v[32], l[32], bar[24];
	int pct = fmt_percent(value, limit), fill, i;

	format(v, sizeof v, value);
	format(l, sizeof l, limit);
	fill = pct < 0 ? 0 : pct >= 100 ? 20 : pct / 5;
	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[20] = '\0';
	printf("  %-12s [%s] %10s of %-10s", name, bar, v, limit >= 0 ? l : "?");
	if (pct >= 0)
		printf(" %3d%%%s", pct, pct > 100 ? "  OVER LIMIT" : "");
	fputc('\n', stdout);
}

static void rerun_text(const char *worker, const char *entry_id, const struct wr_rerun *r,
                       const struct wr_limits *lim)
{
	char from[128];

	fputs("Rerun of ", stdout);
	put_safe(stdout, entry_id, 0);
	fputs(" (worker ", stdout);
	put_safe(stdout, worker, 0);
	fputs(")\nExecution ID: ", stdout);
	put_safe(stdout, r->execution_id ? r->execution_id : "-", 0);
	fputs("\nStatus:       ", stdout);
	put_safe(stdout, r->status ? r->status : "-", 0);
	model_limits_describe(from, sizeof from, lim);
	printf("\nMetrics against the limits (%s):\n", from);
	put_metric("CPU time", r->metrics.cpu_ms, lim->max_cpu_ms, fmt_duration);
	put_metric("Peak memory", r->metrics.mem_bytes, lim->max_mem_bytes, fmt_bytes);
	put_metric("Duration", r->metrics.duration_ms, lim->max_duration_ms, fmt_duration);
	if (r->data_json) {
		char *pretty = parse_pretty_json(r->data_json);

		fputs("Result:\n", stdout);
		put_safe(stdout, pretty ? pretty : r->data_json, SAN_KEEP_NEWLINE);
		fputc('\n', stdout);
		free(pretty);
	}
	fputs("Logs:\n", stdout);
	if (r->logs && *r->logs) {
		size_t len = strlen(r->logs);

		put_safe(stdout, r->logs, SAN_KEEP_NEWLINE);
		if (r->logs[len - 1] != '\n')
			fputc('\n', stdout);
	} else {
		fputs("(none)\n", stdout);
	}
}

/* Saves the limits a rerun reported for the interface's next start; a
 * failure is a warning. */
static void keep_limits(const char *dir, const char *url, const struct wr_limits *reported)
{
	struct wr_limits l = *reported;
	struct wr_error err;

	l.seen_ms = fmt_now_ms();
	wr_error_clear(&err);
	if (!limits_cache_save(dir, url, &l, &err))
		msg(MSG_WARNING, "the limits the rerun reported were not saved: %s", err.msg);
}

int cli_rerun(struct api *api, const struct wr_server *srv, const char *worker,
              const char *entry_id, const struct cli_opts *o)
{
	struct wait w = { 0 };
	char *project = NULL;
	struct api_job *job;
	struct wr_limits lim;
	int code;

	if (!learn_project(api, srv, worker, &project, &w.err))
		return fail(&w.err);
	job = api_rerun(api, worker, project ? project : srv->project, entry_id, o->force_record,
	                on_rerun, &w, &w.err);
	free(project);
	if (!wait_job(api, job, &w))
		return fail(&w.err);
	lim = model_limits_reported(&w.rerun->limits, o->config_limits);
	if (o->limits_dir && w.rerun->limits.source == WR_LIMITS_RERUN)
		keep_limits(o->limits_dir, srv->url, &w.rerun->limits);
	if (o->json) {
		parse_emit_rerun(stdout, w.rerun, true);
	} else {
		rerun_text(worker, entry_id, w.rerun, &lim);
	}
	code = w.rerun->kind == WR_STATUS_SUCCESS ? 0 : 1;
	model_rerun_free(w.rerun);
	free(w.rerun);
	return finish(code);
}

/* ---- the history of every worker ------------------------------------------ */

/* A platform may leave the runs of project workers out of the listing of
 * every worker. The projects of workers without a run there are asked for,
 * one request a project, and what they add is merged in. An HTTP error on
 * one is a warning; false on an error that ends the command. */
static bool history_add_projects(struct api *api, const struct wr_worker_list *workers,
                                 struct wr_run_list *all, const struct cli_opts *o,
                                 struct wr_error *err)
{
	const char **keys;
	size_t i, n;

	if (workers->n == 0)
		return true;
	keys = calloc(workers->n, sizeof *keys);
	if (!keys) {
		wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
		return false;
	}
	n = model_projects_without_runs(workers, all, keys, workers->n);
	for (i = 0; i < n; i++) {
		struct api_history_query q = { NULL, keys[i], o->test_runs };
		struct wait w = { 0 };
		struct api_job *job = api_history(api, &q, on_history, &w, &w.err);
		char safe[256];
		bool ok;

		if (!wait_job(api, job, &w)) {
			if (w.err.kind != WR_ERR_HTTP || cli_caught) {
				*err = w.err;
				free(keys);
				return false;
			}
			sanitize_buf(safe, sizeof safe, keys[i], strlen(keys[i]), 0);
			msg(MSG_WARNING, "the runs of project %s are missing: %s", safe, w.err.msg);
			continue;
		}
		ok = model_run_list_drop_seen(w.runs, all, NULL) && model_run_list_merge(all, w.runs);
		model_run_list_free(w.runs);
		free(w.runs);
		if (!ok) {
			wr_error_set(err, WR_ERR_NOMEM, 0, "out of memory");
			free(keys);
			return false;
		}
	}
	free(keys);
	return true;
}

/* The worker list, the listing of every worker, then the projects'. */
static int history_all(struct api *api, const struct cli_opts *o)
{
	struct wait wl = { 0 }, w = { 0 };
	struct api_history_query q = { NULL, NULL, o->test_runs };
	struct api_job *job;
	int code;

	job = api_workers(api, on_workers, &wl, &wl.err);
	if (!wait_job(api, job, &wl) && (wl.err.kind != WR_ERR_HTTP || cli_caught))
		return fail(&wl.err);
	job = api_history(api, &q, on_history, &w, &w.err);
	if (!wait_job(api, job, &w)) {
		code = fail(&w.err);
		goto out;
	}
	/* A token that may not list workers still gets this listing. */
	if (!wl.workers) {
		msg(MSG_WARNING, "runs of project workers may be missing: the worker list failed: %s",
		    wl.err.msg);
	} else if (!history_add_projects(api, wl.workers, w.runs, o, &w.err)) {
		code = fail(&w.err);
		goto out;
	}
	if (o->json)
		history_json(w.runs, o);
	else
		history_table(w.runs, true, o);
	code = finish(0);
out:
	if (w.runs) {
		model_run_list_free(w.runs);
		free(w.runs);
	}
	if (wl.workers) {
		model_worker_list_free(wl.workers);
		free(wl.workers);
	}
	return code;
}
