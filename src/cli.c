/* cli.c - the subcommands: workers, history (filters, --csv, --follow),
 * rerun (by ID or a prefix of one, and --failed in a batch). Tables for
 * people, --json with the API's own field names for scripts. Every string
 * from the server is sanitized before it reaches a terminal, and every
 * write to standard output is checked. */
#include "config.h"

#include "cli.h"
#include "app.h"
#include "cliquery.h"
#include "fmt.h"
#include "limits_cache.h"
#include "msg.h"
#include "parse.h"
#include "parse_json.h"
#include "query.h"
#include "sanitize.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

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

/* ---- exit codes, and output whose every write is checked ------------------ */

/* The first error writing standard output (errno), or 0. */
static int out_errno;

static void out_note(FILE *f)
{
	if (f == stdout && !out_errno && ferror(stdout))
		out_errno = errno ? errno : EIO;
}

/* A stop by a signal says nothing more: the shell reports it. */
static int fail(const struct wr_error *err)
{
	if (cli_caught)
		return 128 + cli_caught;
	msg(MSG_ERROR, "%s", err->msg);
	return wr_error_exit_code(err);
}

/* The exit code once the output is written: 3, with the reason, when some
 * of it could not be. */
static int finish(int code)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		out_note(stdout);
	if (ferror(stdout) && !out_errno)
		out_errno = EIO;
	if (cli_caught)
		return 128 + cli_caught;
	if (out_errno) {
		msg(MSG_ERROR, "write error: %s", strerror(out_errno));
		return 3;
	}
	return code;
}

/* Sleeps ms, or less when a signal comes. */
static void nap(int64_t ms)
{
	int64_t end = wr_mono_ms() + ms;

	while (!cli_caught) {
		int64_t left = end - wr_mono_ms();

		if (left <= 0)
			break;
		poll(NULL, 0, left > 200 ? 200 : (int)left);
	}
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
	} else {
		fputs("?", f);
	}
	out_note(f);
}

/* How many bytes s begins with that are printable ASCII: sanitizing leaves
 * them as they are, each one column wide, and the character after them
 * starts afresh. Tables are mostly such text; only what follows is worth
 * sanitizing and measuring. */
static size_t ascii_prefix(const char *s)
{
	size_t k = 0;

	while ((unsigned char)s[k] >= 0x20 && (unsigned char)s[k] < 0x7f)
		k++;
	return k;
}

/* n blanks: a cell's padding, written without a format to parse. */
static void put_blanks(FILE *f, int n)
{
	static const char blanks[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof blanks - 1 ? n : (int)sizeof blanks - 1;

		fwrite(blanks, 1, (size_t)k, f);
		n -= k;
	}
}

/* A left-aligned cell of exactly cols columns (cut when longer). */
static void put_cell(FILE *f, const char *s, int cols)
{
	size_t k, room = cols > 0 ? (size_t)cols : 0, shown;
	char *rest = NULL;
	int width;

	if (!s)
		s = "-";
	k = ascii_prefix(s);
	if (s[k] && !(rest = sanitize_dup(s + k, strlen(s + k), SAN_TAB_TO_SPACE))) {
		fprintf(f, "%-*s  ", cols, "?");
		out_note(f);
		return;
	}
	/* What fmt_fit would take of the whole sanitized text: the prefix up
	 * to cols, then, once it is all in, as much of the rest as fits (a
	 * character of no width right at the cut included). */
	shown = k < room ? k : room;
	width = (int)shown;
	fwrite(s, 1, shown, f);
	if (rest && shown == k) {
		int w = 0;

		fwrite(rest, 1, fmt_fit(rest, cols - width, &w), f);
		width += w;
	}
	put_blanks(f, cols - width + 2);
	free(rest);
	out_note(f);
}

/* The width of s as put_cell shows it: sanitized, so "\x1b" counts as the
 * two columns of "^[" and a cell is never cut short of its text. */
static int column_width(const char *s, int min, int max)
{
	int w = 1;

	if (s) {
		size_t k = ascii_prefix(s);
		char *rest;

		if (k >= (size_t)max)
			w = max;
		else if (!s[k])
			w = (int)k;
		else if ((rest = sanitize_dup(s + k, strlen(s + k), SAN_TAB_TO_SPACE))) {
			w = (int)k + fmt_width(rest);
			free(rest);
		}
	}
	return w < min ? min : w > max ? max : w;
}

static void put_text(const char *s)
{
	fputs(s, stdout);
	out_note(stdout);
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
		out_note(stdout);
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
		put_text("DESCRIPTION\n");
		for (i = 0; i < w.workers->n; i++) {
			const struct wr_worker *k = &w.workers->v[i];

			put_cell(stdout, k->key, key_w);
			put_cell(stdout, k->action, action_w);
			put_cell(stdout, k->enabled == 1 ? "enabled" : k->enabled == 0 ? "disabled" : "-", 8);
			put_cell(stdout, k->project_key && *k->project_key ? k->project_key : "-", 10);
			put_safe(stdout, k->description && *k->description ? k->description : "-", 0);
			put_text("\n");
		}
		if (w.workers->n == 0)
			put_text("No workers.\n");
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
		if (w.err.kind == WR_ERR_HTTP && !cli_caught)
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

/* ---- loading the history ---------------------------------------------------- */

static void free_runs(struct wr_run_list *runs)
{
	if (runs) {
		model_run_list_free(runs);
		free(runs);
	}
}

/* A platform may leave the runs of project workers out of the listing of
 * every worker. The projects of workers without a run there are asked for,
 * one request a project, and what they add is merged in. An HTTP error on
 * one is a warning (when warn); false on an error that ends the command. */
static bool history_add_projects(struct api *api, const struct wr_worker_list *workers,
                                 struct wr_run_list *all, bool test_runs, bool warn,
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
		struct api_history_query q = { NULL, keys[i], test_runs };
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
			if (warn)
				msg(MSG_WARNING, "the runs of project %s are missing: %s", safe, w.err.msg);
			continue;
		}
		ok = model_run_list_drop_seen(w.runs, all, NULL) && model_run_list_merge(all, w.runs);
		free_runs(w.runs);
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
static bool load_all(struct api *api, bool test_runs, bool warn, struct wr_run_list **out,
                     struct wr_error *err)
{
	struct wait wl = { 0 }, w = { 0 };
	struct api_history_query q = { NULL, NULL, test_runs };
	struct api_job *job;
	bool ok = false;

	job = api_workers(api, on_workers, &wl, &wl.err);
	if (!wait_job(api, job, &wl) && (wl.err.kind != WR_ERR_HTTP || cli_caught)) {
		*err = wl.err;
		return false;
	}
	job = api_history(api, &q, on_history, &w, &w.err);
	if (!wait_job(api, job, &w)) {
		*err = w.err;
		goto out;
	}
	/* A token that may not list workers still gets this listing. */
	if (!wl.workers) {
		if (warn)
			msg(MSG_WARNING, "runs of project workers may be missing: the worker list "
			    "failed: %s", wl.err.msg);
	} else if (!history_add_projects(api, wl.workers, w.runs, test_runs, warn, err)) {
		goto out;
	}
	*out = w.runs;
	w.runs = NULL;
	ok = true;
out:
	free_runs(w.runs);
	if (wl.workers) {
		model_worker_list_free(wl.workers);
		free(wl.workers);
	}
	return ok;
}

/* Where the runs come from, across loads. */
struct source {
	const char *worker;  /* NULL: every worker */
	bool test_runs;
	char *project;       /* the worker's project key, learnt once, or NULL */
	bool project_known;
};

/* One load of the history as `history` lists it, newest first. warn: say
 * on stderr what is missing from it. */
static bool load_runs(struct api *api, const struct wr_server *srv, struct source *s, bool warn,
                      struct wr_run_list **out, struct wr_error *err)
{
	struct wait w = { 0 };
	struct api_history_query q = { s->worker, NULL, s->test_runs };
	struct api_job *job;

	*out = NULL;
	if (!s->worker && !(srv->project && *srv->project))
		return load_all(api, s->test_runs, warn, out, err);
	if (s->worker && !s->project_known) {
		if (!learn_project(api, srv, s->worker, &s->project, err))
			return false;
		s->project_known = true;
	}
	q.project_key = s->project;
	job = api_history(api, &q, on_history, &w, &w.err);
	if (!wait_job(api, job, &w)) {
		*err = w.err;
		free_runs(w.runs);
		return false;
	}
	*out = w.runs;
	return true;
}

/* The runs of runs that pass the filter, newest first, at most limit
 * (0: all), into pick (room for runs->n). Returns how many. */
static size_t pick_runs(const struct wr_run_list *runs, const struct cliquery *f, long limit,
                        const struct wr_run **pick)
{
	size_t n = 0;

	for (size_t i = 0; i < runs->n && (limit <= 0 || n < (size_t)limit); i++)
		if (cliquery_match(f, runs, &runs->v[i]))
			pick[n++] = &runs->v[i];
	return n;
}

static const struct wr_run **pick_alloc(const struct wr_run_list *runs)
{
	return malloc((runs->n ? runs->n : 1) * sizeof(const struct wr_run *));
}

/* ---- history: table, CSV, JSON ---------------------------------------------- */

struct table {
	bool all;    /* every worker: a WORKER column */
	int trig_w, worker_w;
};

static void table_measure(struct table *t, const struct wr_run *const *pick, size_t n)
{
	t->trig_w = 7;
	t->worker_w = 6;
	for (size_t i = 0; i < n; i++) {
		int tw = column_width(pick[i]->triggered_by, 7, 20);
		int ww = column_width(pick[i]->worker_key, 6, 30);

		t->trig_w = tw > t->trig_w ? tw : t->trig_w;
		t->worker_w = ww > t->worker_w ? ww : t->worker_w;
	}
}

static void table_header(const struct table *t)
{
	put_cell(stdout, "STATUS", 8);
	put_cell(stdout, "STARTED", 19);
	put_cell(stdout, "DURATION", 9);
	put_cell(stdout, "TRIGGER", t->trig_w);
	if (t->all)
		put_cell(stdout, "WORKER", t->worker_w);
	put_text("ID\n");
}

static void table_row(const struct table *t, const struct wr_run *r)
{
	char when[32], dur[32];

	fmt_time(when, sizeof when, r->start_ms);
	fmt_duration(dur, sizeof dur, model_run_duration(r));
	put_cell(stdout, model_status_label(r->status), 8);
	put_cell(stdout, when, 19);
	put_cell(stdout, dur, 9);
	put_cell(stdout, r->triggered_by, t->trig_w);
	if (t->all)
		put_cell(stdout, r->worker_key, t->worker_w);
	put_safe(stdout, r->id && *r->id ? r->id : "-", 0);
	put_text("\n");
}

/* The columns `jf worker execution-history` prints. */
static const char csv_header[] = "Worker Key,Worker Type,Project Key,Status,Started At,"
                                 "Ended At,Triggered By,Test Run,Executed Version,Trace ID\r\n";

/* One field, made safe for a terminal, quoted as RFC 4180 says when it
 * holds a comma, a quote or a line break (doubling the quotes). */
static void csv_field(const char *s, bool last)
{
	char *clean = s ? sanitize_dup(s, strlen(s), SAN_TAB_TO_SPACE) : NULL;
	const char *p = clean ? clean : "";

	if (s && !clean)
		p = "?";
	if (strpbrk(p, ",\"\r\n")) {
		fputc('"', stdout);
		for (; *p; p++) {
			if (*p == '"')
				fputc('"', stdout);
			fputc(*p, stdout);
		}
		fputc('"', stdout);
	} else {
		fputs(p, stdout);
	}
	fputs(last ? "\r\n" : ",", stdout);
	free(clean);
	out_note(stdout);
}

/* RFC 3339 in UTC, "2026-01-15T10:00:00Z"; empty when unknown. */
static void csv_time(int64_t ms)
{
	char buf[32] = "";
	time_t t;
	struct tm tm;

	if (ms >= 0) {
		t = (time_t)(ms / 1000);
		if (gmtime_r(&t, &tm))
			strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	csv_field(buf, false);
}

static void csv_row(const struct wr_run *r)
{
	csv_field(r->worker_key, false);
	csv_field(r->worker_type, false);
	csv_field(r->project_key, false);
	csv_field(r->status, false);
	csv_time(r->start_ms);
	csv_time(r->end_ms);
	csv_field(r->triggered_by, false);
	csv_field(r->test_run == 1 ? "true" : r->test_run == 0 ? "false" : "", false);
	csv_field(r->executed_version, false);
	csv_field(r->trace_id, true);
}

static bool filtered(const struct cli_opts *o)
{
	const struct cliquery *f = &o->filter;

	return f->n_status || (f->trigger && *f->trigger) || (f->grep && *f->grep) ||
	       f->q.since_ms != WR_NONE || f->q.until_ms != WR_NONE;
}

static void history_print(const struct wr_run_list *runs, const struct wr_run **pick, size_t n,
                          bool all, const struct cli_opts *o)
{
	struct table t = { all, 0, 0 };

	if (o->json) {
		parse_emit_runs(stdout, runs, (const struct wr_run *const *)pick, n, true);
		out_note(stdout);
		return;
	}
	if (o->csv) {
		put_text(csv_header);
		for (size_t i = 0; i < n; i++)
			csv_row(pick[i]);
		return;
	}
	table_measure(&t, (const struct wr_run *const *)pick, n);
	table_header(&t);
	for (size_t i = 0; i < n; i++)
		table_row(&t, pick[i]);
	if (n == 0)
		put_text(filtered(o) ? "No matching runs.\n"
		         : o->filter.q.failed ? "No failed runs.\n" : "No runs.\n");
}

/* ---- history --follow --------------------------------------------------------- */

/* The runs printed or passed over, by ID (or, without one, by worker,
 * start and status), sorted for bsearch. */
struct seen {
	char **keys;
	size_t n, cap;
};

static char *run_key(const struct wr_run *r)
{
	char *k;

	if (r->id && *r->id)
		return strdup(r->id);
	if (asprintf(&k, "\x1f%s\x1f%" PRId64 "\x1f%s", r->worker_key ? r->worker_key : "",
	             r->start_ms, r->status ? r->status : "") < 0)
		return NULL;
	return k;
}

/* Adds r; *fresh says whether it was new. False when out of memory. */
static bool seen_add(struct seen *s, const struct wr_run *r, bool *fresh)
{
	char *k = run_key(r);
	size_t lo = 0, hi;

	*fresh = false;
	if (!k)
		return false;
	hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->keys[mid], k);

		if (c == 0) {
			free(k);
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		char **v = realloc(s->keys, cap * sizeof *v);

		if (!v) {
			free(k);
			return false;
		}
		s->keys = v;
		s->cap = cap;
	}
	memmove(s->keys + lo + 1, s->keys + lo, (s->n - lo) * sizeof *s->keys);
	s->keys[lo] = k;
	s->n++;
	*fresh = true;
	return true;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
}

static void follow_row(const struct table *t, const struct wr_run_list *l, const struct wr_run *r,
                       const struct cli_opts *o)
{
	if (o->json) {
		parse_emit_run(stdout, l, r, false);
		out_note(stdout);
	} else if (o->csv) {
		csv_row(r);
	} else {
		table_row(t, r);
	}
}

/* Prints the runs picked, oldest first, then each new run that passes the
 * filter as it appears, loading the history every refresh period, until a
 * signal or a write error ends it. Takes runs. */
static int follow(struct api *api, const struct wr_server *srv, struct source *src,
                  struct wr_run_list *runs, const struct wr_run **pick, size_t n,
                  const struct cli_opts *o)
{
	int period = o->refresh_s ? o->refresh_s : CLI_FOLLOW_DEFAULT_S;
	struct table t = { src->worker == NULL, 0, 0 };
	struct seen seen = { 0 };
	struct wr_error err;
	bool fresh, nomem = false;

	table_measure(&t, (const struct wr_run *const *)pick, n);
	if (o->csv)
		put_text(csv_header);
	else if (!o->json)
		table_header(&t);
	for (size_t i = 0; i < runs->n && !nomem; i++)
		nomem = !seen_add(&seen, &runs->v[i], &fresh);
	for (size_t i = n; i-- > 0;)
		follow_row(&t, runs, pick[i], o);
	free_runs(runs);
	while (!nomem && !cli_caught && fflush(stdout) == 0 && !ferror(stdout)) {
		nap((int64_t)period * 1000);
		if (cli_caught)
			break;
		if (!load_runs(api, srv, src, false, &runs, &err)) {
			if (cli_caught)
				break;
			msg(MSG_WARNING, "the history could not be loaded: %s; trying again in %d s",
			    err.msg, period);
			continue;
		}
		for (size_t i = runs->n; i-- > 0 && !nomem;) {
			const struct wr_run *r = &runs->v[i];

			nomem = !seen_add(&seen, r, &fresh);
			if (fresh && cliquery_match(&o->filter, runs, r))
				follow_row(&t, runs, r, o);
		}
		free_runs(runs);
	}
	seen_free(&seen);
	out_note(stdout);
	if (nomem && !cli_caught) {
		finish(0);
		msg(MSG_ERROR, "out of memory");
		return 3;
	}
	return finish(0);
}

int cli_history(struct api *api, const struct wr_server *srv, const char *worker,
                const struct cli_opts *o)
{
	struct source src = { worker, o->test_runs, NULL, false };
	struct wr_run_list *runs;
	const struct wr_run **pick;
	struct wr_error err;
	size_t n;
	int code;

	if (o->csv && o->json)
		return msg(MSG_USAGE, "--csv and --json: choose one");
	if (o->refresh_s && !o->follow)
		return msg(MSG_USAGE, "--refresh goes with the interface or history --follow");
	if (!load_runs(api, srv, &src, true, &runs, &err)) {
		free(src.project);
		return fail(&err);
	}
	pick = pick_alloc(runs);
	if (!pick) {
		free_runs(runs);
		free(src.project);
		return msg(MSG_ERROR, "out of memory");
	}
	n = pick_runs(runs, &o->filter, o->limit, pick);
	if (o->follow) {
		code = follow(api, srv, &src, runs, pick, n, o);
	} else {
		history_print(runs, pick, n, worker == NULL, o);
		free_runs(runs);
		code = finish(0);
	}
	free(pick);
	free(src.project);
	return code;
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
	put_text("\n");
}

static void rerun_text(const char *worker, const char *entry_id, const struct wr_rerun *r,
                       const struct wr_limits *lim)
{
	char from[128];

	put_text("Rerun of ");
	put_safe(stdout, entry_id, 0);
	put_text(" (worker ");
	put_safe(stdout, worker, 0);
	put_text(")\nExecution ID: ");
	put_safe(stdout, r->execution_id ? r->execution_id : "-", 0);
	put_text("\nStatus:       ");
	put_safe(stdout, r->status ? r->status : "-", 0);
	fmt_limits_source(from, sizeof from, lim);
	printf("\nMetrics against the limits (%s):\n", from);
	put_metric("CPU time", r->metrics.cpu_ms, lim->max_cpu_ms, fmt_duration);
	put_metric("Peak memory", r->metrics.mem_bytes, lim->max_mem_bytes, fmt_bytes);
	put_metric("Duration", r->metrics.duration_ms, lim->max_duration_ms, fmt_duration);
	if (r->data_json) {
		char *pretty = parse_pretty_json(r->data_json);

		put_text("Result:\n");
		put_safe(stdout, pretty ? pretty : r->data_json, SAN_KEEP_NEWLINE);
		put_text("\n");
		free(pretty);
	}
	put_text("Logs:\n");
	if (r->logs && *r->logs) {
		size_t len = strlen(r->logs);

		put_safe(stdout, r->logs, SAN_KEEP_NEWLINE);
		if (r->logs[len - 1] != '\n')
			put_text("\n");
	} else {
		put_text("(none)\n");
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

/* A history entry ID as the API makes them: a UUID, 8-4-4-4-12 hex digits. */
static bool full_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return i == 36;
}

/* The ID of the worker's run that prefix names: the one equal to it, else
 * the only one that starts with it. Returns -1 with *id (the caller frees),
 * else the exit code, the reason said: 2 when several start with it (they
 * are listed), 3 when none does or the history could not be read. */
static int resolve_prefix(struct api *api, const char *worker, const char *project,
                          const char *prefix, char **id)
{
	struct api_history_query q = { worker, project, true };
	struct wait w = { 0 };
	struct api_job *job = api_history(api, &q, on_history, &w, &w.err);
	char safe_w[128], safe_p[128], list[1400], line[160], when[32], sid[64];
	size_t plen = strlen(prefix), matches = 0, len = 0;
	const struct wr_run *only = NULL;
	int code = -1;

	*id = NULL;
	if (!wait_job(api, job, &w)) {
		free_runs(w.runs);
		return fail(&w.err);
	}
	sanitize_buf(safe_w, sizeof safe_w, worker, strlen(worker), 0);
	sanitize_buf(safe_p, sizeof safe_p, prefix, plen, 0);
	list[0] = '\0';
	for (size_t i = 0; i < w.runs->n; i++) {
		const struct wr_run *r = &w.runs->v[i];

		if (!r->id)
			continue;
		if (strcmp(r->id, prefix) == 0) {
			only = r;
			matches = 1;
			break;
		}
		if (strncmp(r->id, prefix, plen) != 0)
			continue;
		only = r;
		if (++matches <= 10) {
			int k;

			const char *label = model_status_label(r->status);
			char status[48];

			fmt_time(when, sizeof when, r->start_ms);
			sanitize_buf(sid, sizeof sid, r->id, strlen(r->id), 0);
			sanitize_buf(status, sizeof status, label, strlen(label), 0);
			k = snprintf(line, sizeof line, "\n  %s  %-8s %s", sid, status, when);
			if (k > 0 && len + (size_t)k < sizeof list) {
				memcpy(list + len, line, (size_t)k + 1);
				len += (size_t)k;
			}
		}
	}
	if (matches == 0) {
		msg(MSG_ERROR, "rerun: no run of %s has an ID that starts with '%s'", safe_w, safe_p);
		code = 3;
	} else if (matches > 1) {
		if (matches > 10)
			snprintf(line, sizeof line, "\n  ... and %zu more", matches - 10);
		msg(MSG_USAGE, "rerun: '%s' is ambiguous: %zu runs of %s have an ID that starts "
		    "with it:%s%s\nGive more of the ID.", safe_p, matches, safe_w, list,
		    matches > 10 ? line : "");
		code = 2;
	} else if (!(*id = strdup(only->id))) {
		code = msg(MSG_ERROR, "out of memory");
	}
	free_runs(w.runs);
	return code;
}

int cli_rerun(struct api *api, const struct wr_server *srv, const char *worker,
              const char *entry_id, const struct cli_opts *o)
{
	struct wait w = { 0 };
	char *project = NULL, *resolved = NULL, safe[128];
	struct api_job *job;
	struct wr_limits lim;
	int code;

	if (!full_id(entry_id) && strlen(entry_id) < CLI_MIN_PREFIX) {
		sanitize_buf(safe, sizeof safe, entry_id, strlen(entry_id), 0);
		return msg(MSG_USAGE, "rerun: '%s' is too short for an ID prefix: give at least %d "
		           "characters of the history entry ID", safe, CLI_MIN_PREFIX);
	}
	if (!learn_project(api, srv, worker, &project, &w.err))
		return fail(&w.err);
	if (!full_id(entry_id)) {
		code = resolve_prefix(api, worker, project, entry_id, &resolved);
		if (code >= 0) {
			free(project);
			return code;
		}
		entry_id = resolved;
	}
	job = api_rerun(api, worker, project ? project : srv->project, entry_id, o->force_record,
	                on_rerun, &w, &w.err);
	free(project);
	if (!wait_job(api, job, &w)) {
		free(resolved);
		return fail(&w.err);
	}
	lim = model_limits_reported(&w.rerun->limits, o->config_limits);
	if (o->limits_dir && w.rerun->limits.source == WR_LIMITS_RERUN)
		keep_limits(o->limits_dir, srv->url, &w.rerun->limits);
	if (o->json) {
		parse_emit_rerun(stdout, w.rerun, true);
		out_note(stdout);
	} else {
		rerun_text(worker, entry_id, w.rerun, &lim);
	}
	code = w.rerun->kind == WR_STATUS_SUCCESS ? 0 : 1;
	model_rerun_free(w.rerun);
	free(w.rerun);
	free(resolved);
	return finish(code);
}

/* ---- rerun --failed ----------------------------------------------------------- */

enum outcome_kind { OUT_NOT_SENT, OUT_SUCCEEDED, OUT_FAILED, OUT_ERROR };

struct outcome {
	const struct wr_run *run;
	enum outcome_kind kind;
	struct wr_rerun *result; /* OUT_SUCCEEDED, OUT_FAILED */
	char error[512];         /* OUT_ERROR: why */
	int refusals;            /* answers "call limit exceeded" / 429 */
};

/* Refused by the call limit (400 "call limit exceeded", or 429): the server
 * did not run it, so it may be sent again. */
static bool refused_by_limit(const struct wr_error *err)
{
	if (err->kind != WR_ERR_HTTP)
		return false;
	return err->rate_limited || err->http_status == 429 ||
	       (err->http_status == 400 && strcasestr(err->msg, "limit") &&
	        strcasestr(err->msg, "exceed"));
}

/* The interface's back-off: 1 s, doubling up to 60 s; longer when the
 * server's Retry-After says so. */
static int64_t backoff_ms(int refusals, long retry_after_s)
{
	int64_t ms = APP_BACKOFF_MIN_MS;

	for (int i = 1; i < refusals && ms < APP_BACKOFF_MAX_MS; i++)
		ms *= 2;
	if (ms > APP_BACKOFF_MAX_MS)
		ms = APP_BACKOFF_MAX_MS;
	if (retry_after_s > 0 && retry_after_s * 1000 > ms)
		ms = retry_after_s * 1000;
	return ms;
}

/* Sends one rerun until the server takes it: a refusal by the call limit
 * waits and sends it again (the server did not run it); any other answer,
 * or a failure once it may have reached the server, is final, so that no
 * run is ever sent twice once accepted. */
static void rerun_one(struct api *api, const char *project, bool force, struct outcome *out,
                      size_t i, size_t n)
{
	const struct wr_run *r = out->run;
	char safe_w[128], safe_id[96];

	sanitize_buf(safe_w, sizeof safe_w, r->worker_key, strlen(r->worker_key), 0);
	sanitize_buf(safe_id, sizeof safe_id, r->id, strlen(r->id), 0);
	while (!cli_caught) {
		struct wait w = { 0 };
		struct api_job *job = api_rerun(api, r->worker_key, project, r->id, force, on_rerun,
		                                &w, &w.err);
		int64_t wait;

		if (wait_job(api, job, &w)) {
			const char *was = model_status_label(r->status);
			const char *now = model_status_label(w.rerun->status);
			const char *exec = w.rerun->execution_id;
			char safe_was[64], safe_now[64], safe_exec[96];

			out->result = w.rerun;
			out->kind = w.rerun->kind == WR_STATUS_SUCCESS ? OUT_SUCCEEDED : OUT_FAILED;
			sanitize_buf(safe_was, sizeof safe_was, was, strlen(was), 0);
			sanitize_buf(safe_now, sizeof safe_now, now, strlen(now), 0);
			sanitize_buf(safe_exec, sizeof safe_exec, exec ? exec : "", exec ? strlen(exec) : 0,
			             0);
			msg(MSG_INFO, "rerun %zu/%zu: %s %s (was %s): %s%s%s", i + 1, n, safe_w, safe_id,
			    safe_was, safe_now, exec ? ", execution " : "", safe_exec);
			return;
		}
		if (cli_caught) {
			/* It may have reached the server: never sent again. */
			out->kind = job ? OUT_ERROR : OUT_NOT_SENT;
			snprintf(out->error, sizeof out->error, "interrupted%s",
			         job ? " (it may have run)" : "");
			return;
		}
		if (!refused_by_limit(&w.err)) {
			out->kind = OUT_ERROR;
			snprintf(out->error, sizeof out->error, "%s", w.err.msg);
			msg(MSG_ERROR, "rerun %zu/%zu: %s %s: %s", i + 1, n, safe_w, safe_id, w.err.msg);
			return;
		}
		out->refusals++;
		wait = backoff_ms(out->refusals, w.err.retry_after_s);
		msg(MSG_INFO, "rerun %zu/%zu: %s %s refused: %s; sending it again in %lld s", i + 1,
		    n, safe_w, safe_id, w.err.msg, (long long)((wait + 999) / 1000));
		nap(wait);
	}
}

/* Asks on the terminal; true for yes. */
static bool confirm(size_t n, const char *worker)
{
	char safe[128], answer[32];

	if (worker)
		sanitize_buf(safe, sizeof safe, worker, strlen(worker), 0);
	msg(MSG_PROMPT, "rerun %zu run%s of %s that did not succeed? [y/N] ", n, n == 1 ? "" : "s",
	    worker ? safe : "every worker");
	if (!fgets(answer, sizeof answer, stdin)) {
		fputc('\n', stderr);
		return false;
	}
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0;
}

static const char *outcome_name(enum outcome_kind k)
{
	switch (k) {
	case OUT_SUCCEEDED: return "succeeded";
	case OUT_FAILED: return "failed";
	case OUT_ERROR: return "error";
	case OUT_NOT_SENT: break;
	}
	return "not sent";
}

static bool json_put(struct json_object *o, const char *key, const char *s)
{
	struct json_object *v;

	if (!s)
		return true;
	v = json_object_new_string(s);
	if (!v || json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

/* The results as a JSON array, made safe for a terminal as --json is. */
static bool batch_json(const struct outcome *out, size_t n)
{
	struct json_object *arr = json_object_new_array();
	const char *text;
	size_t len, safe_len;
	char *safe;
	bool ok = arr != NULL;

	for (size_t i = 0; i < n && ok; i++) {
		struct json_object *o = json_object_new_object();
		const struct wr_rerun *res = out[i].result;

		ok = o && json_put(o, "workerKey", out[i].run->worker_key) &&
		     json_put(o, "historyEntryId", out[i].run->id) &&
		     json_put(o, "originalStatus", out[i].run->status) &&
		     json_put(o, "outcome", outcome_name(out[i].kind)) &&
		     (!res || (json_put(o, "executionId", res->execution_id) &&
		               json_put(o, "executionStatus", res->status))) &&
		     (out[i].kind != OUT_ERROR && out[i].kind != OUT_NOT_SENT ?
		      true : json_put(o, "error", out[i].error[0] ? out[i].error : "not sent"));
		if (ok) {
			struct json_object *k = json_object_new_int(out[i].refusals);

			ok = k && json_object_object_add(o, "refusals", k) == 0;
			if (!ok)
				json_object_put(k);
		}
		if (ok && json_object_array_add(arr, o) != 0)
			ok = false;
		if (!ok)
			json_object_put(o);
	}
	text = ok ? json_object_to_json_string_length(arr, PARSE_JSON_PRETTY, &len) : NULL;
	if (text) {
		safe_len = sanitize_json(NULL, text, len);
		safe = malloc(safe_len + 1);
		if (safe) {
			sanitize_json(safe, text, len);
			fwrite(safe, 1, safe_len, stdout);
			put_text("\n");
			free(safe);
		} else {
			ok = false;
		}
	}
	json_object_put(arr);
	return text && ok;
}

int cli_rerun_failed(struct api *api, const struct wr_server *srv, const char *worker,
                     const struct cli_opts *o)
{
	struct source src = { worker, o->test_runs, NULL, false };
	struct cliquery f = o->filter;
	struct wr_run_list *runs = NULL;
	const struct wr_run **pick = NULL;
	struct outcome *out = NULL;
	const struct wr_limits *reported = NULL;
	size_t n, succeeded = 0, failed = 0, errors = 0, not_sent = 0;
	struct wr_error err;
	int code;

	if (!load_runs(api, srv, &src, true, &runs, &err)) {
		free(src.project);
		return fail(&err);
	}
	f.q.failed = true;
	f.need_id = true;
	pick = pick_alloc(runs);
	if (!pick) {
		code = msg(MSG_ERROR, "out of memory");
		goto done;
	}
	n = pick_runs(runs, &f, o->limit, pick);
	if (n == 0) {
		put_text(o->json ? "[]\n" : "No failed runs to rerun.\n");
		code = finish(0);
		goto done;
	}
	if (!o->yes) {
		if (!isatty(STDIN_FILENO)) {
			code = msg(MSG_USAGE, "rerun --failed would rerun %zu run%s: there is no terminal "
			           "to ask on, so add --yes", n, n == 1 ? "" : "s");
			goto done;
		}
		if (!confirm(n, worker)) {
			if (cli_caught) {
				code = 128 + cli_caught;
			} else {
				msg(MSG_INFO, "nothing sent");
				code = 0;
			}
			goto done;
		}
	}
	out = calloc(n, sizeof *out);
	if (!out) {
		code = msg(MSG_ERROR, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const struct wr_run *r = pick[i];
		const char *project = r->project_key && *r->project_key ? r->project_key : src.project;

		out[i].run = r;
		if (!cli_caught)
			rerun_one(api, project, o->force_record, &out[i], i, n);
		switch (out[i].kind) {
		case OUT_SUCCEEDED: succeeded++; break;
		case OUT_FAILED: failed++; break;
		case OUT_ERROR: errors++; break;
		case OUT_NOT_SENT: not_sent++; break;
		}
		if (out[i].result && out[i].result->limits.source == WR_LIMITS_RERUN)
			reported = &out[i].result->limits;
	}
	if (o->limits_dir && reported)
		keep_limits(o->limits_dir, srv->url, reported);
	if (o->json) {
		if (!batch_json(out, n) && !out_errno)
			msg(MSG_ERROR, "out of memory");
	} else {
		printf("%zu rerun%s: %zu succeeded, %zu failed", n, n == 1 ? "" : "s", succeeded,
		       failed);
		if (errors)
			printf(", %zu request%s failed", errors, errors == 1 ? "" : "s");
		if (not_sent)
			printf(", %zu not sent", not_sent);
		put_text("\n");
	}
	code = finish(errors ? 3 : failed ? 1 : 0);
done:
	if (out) {
		for (size_t i = 0; i < n; i++) {
			if (out[i].result) {
				model_rerun_free(out[i].result);
				free(out[i].result);
			}
		}
		free(out);
	}
	free(pick);
	free_runs(runs);
	free(src.project);
	return code;
}
