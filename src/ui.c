/* ui.c - the interactive interface: set-up, layout, painting and the one
 * loop that never blocks.
 *
 * The loop waits in http_wait() (curl_multi_poll) on curl's sockets plus
 * one descriptor that is readable on a key, end of input or a signal
 * (ui_term.c), with the next timer as its timeout: the "loading Ns" tick,
 * once a second and only while something loads, and the expiry of a status
 * message. Idle, it waits with no timeout and uses no CPU. After each wake
 * it runs the transfers (whose callbacks update the app state), then drains
 * every pending key, then paints once if anything changed.
 *
 * WRUN_EXIT_AFTER_PAINT=1 in the environment makes it quit (exit code 0)
 * right after the first complete paint with no request left pending, that
 * is with the workers and the history loaded: a hook for timing the first
 * paint in benchmarks.
 */
#include "config.h"

#include "ui.h"
#include "app.h"
#include "conf.h"
#include "fmt.h"
#include "parse.h"
#include "sanitize.h"
#include "ui_draw.h"
#include "ui_compare.h"
#include "ui_keys.h"
#include "ui_logview.h"
#include "ui_overlay.h"
#include "ui_term.h"
#include "ui_view.h"
#include "util.h"

#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10
#define UI_WIDE_COLS 100 /* below this the panes stack */

/* ---- layout ------------------------------------------------------------------ */

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void place(struct ui *ui, enum ui_view_id id, int hy, int x, int w, int h)
{
	struct view *v = &ui->views[id];

	v->shown = true;
	v->hy = hy;
	v->y = hy + 1;
	v->x = x;
	v->w = w;
	v->h = h > 0 ? h : 0;
	view_scroll_to_sel(v, v->ops->rows(ui, v));
}

static void screen_sync(struct ui *ui)
{
	ui->scr.rows = ui->rows;
	ui->scr.cols = ui->cols;
	ui->scr.g = ui->g;
	ui->scr.san = ui->san;
	ui->scr.too_small = ui->too_small;
}

static void layout(struct ui *ui)
{
	int top = 1, avail;
	int nw = (int)ui->views[UI_VIEW_WORKERS].ops->rows(ui, &ui->views[UI_VIEW_WORKERS]);
	enum ui_view_id lower = ui->lower;

	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	ui->narrow = ui->cols < UI_WIDE_COLS;
	screen_sync(ui);
	for (int i = 0; i < UI_VIEW_COUNT; i++)
		ui->views[i].shown = false;
	if (ui->too_small)
		return;
	avail = ui->rows - 3; /* title bar, status line, key hints */
	if (ui->zoom) {
		/* The focused pane alone. */
		place(ui, ui->focus, top, 0, ui->cols, avail - 1);
	} else if (!ui->narrow) {
		/* Workers above the runs on the left, detail on the right. */
		int lw = ui->cols / 2, body = avail - 2;
		int wh = clampi(nw, 2, body / 3);

		place(ui, UI_VIEW_WORKERS, top, 0, lw, wh);
		place(ui, lower, top + 1 + wh, 0, lw, body - wh);
		place(ui, UI_VIEW_DETAIL, top, lw + 1, ui->cols - lw - 1, avail - 1);
	} else {
		/* Stacked: workers, runs, detail. */
		int body = avail - 3;
		int wh = clampi(nw, 1, body / 4 > 1 ? body / 4 : 1);
		int hh = (body - wh) / 2;

		place(ui, UI_VIEW_WORKERS, top, 0, ui->cols, wh);
		place(ui, lower, top + 1 + wh, 0, ui->cols, hh);
		place(ui, UI_VIEW_DETAIL, top + 2 + wh + hh, 0, ui->cols, body - wh - hh);
	}
}

/* ---- painting ---------------------------------------------------------------- */

static void busy_text(struct ui *ui, char *buf, size_t n)
{
	const struct app_job *b = app_busy(&ui->app);
	bool workers = false, history = false;
	bool rerun = app_rerun_in_flight(&ui->app) != NULL;
	size_t len = 0;

	buf[0] = '\0';
	for (const struct app_job *j = ui->app.jobs; j; j = j->next) {
		workers |= j->running && j->kind == APP_JOB_WORKERS;
		history |= j->running && j->kind != APP_JOB_WORKERS;
	}
	if (b)
		len = (size_t)snprintf(buf, n, "loading %s%s%s %llds", workers ? "workers" : "",
		                       workers && history ? ", " : "", history ? "history" : "",
		                       (long long)((wr_mono_ms() - b->started_ms) / 1000));
	if (rerun && len < n)
		snprintf(buf + len, n - len, "%srerun in flight", len ? ", " : "");
}

static void refresh_text(struct ui *ui, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!ui->app.refresh_s)
		return;
	if (!ui->app.refreshed_ms)
		snprintf(buf, n, "auto %ds", ui->app.refresh_s);
	else
		snprintf(buf, n, "auto %ds: %s %llds ago", ui->app.refresh_s,
		         ui->app.refresh_failed ? "refresh FAILED" : "refreshed",
		         (long long)((wr_mono_ms() - ui->app.refreshed_ms) / 1000));
}

static void paint_title(struct ui *ui)
{
	char left[512], url[256], right[192], busy[96], auto_r[96];
	int attr = ui_term_attr(UI_S_TITLE), rw, lw;
	/* The server, or offline the saved history's name. */
	const char *where = ui->srv && ui->srv->url ? ui->srv->url
	                    : ui->app.offline ? ui->app.offline : "";

	sanitize_buf(url, sizeof url, where, strlen(where), ui->san);
	snprintf(left, sizeof left, " wrun  %s%s%s%s", url, ui->opts->banner ? "  [" : "",
	         ui->opts->banner ? ui->opts->banner : "", ui->opts->banner ? "]" : "");
	ui_fill(0, 0, ui->cols, attr);
	lw = ui_draw(0, 0, ui->cols, left, attr);
	/* --insecure is never hidden: the token can be read on the way. */
	if (ui->srv && ui->srv->insecure && lw + 12 < ui->cols) {
		ui_draw(0, lw + 2, 10, "INSECURE", ui_term_attr(UI_S_FAIL) | A_BOLD | A_REVERSE);
		lw += 10;
	}
	/* --read-only: why r, R and X say no. */
	if (ui->app.read_only && lw + 13 < ui->cols)
		ui_draw(0, lw + 2, 11, "READ-ONLY", attr);
	busy_text(ui, busy, sizeof busy);
	refresh_text(ui, auto_r, sizeof auto_r);
	snprintf(right, sizeof right, "%s%s%s", auto_r, auto_r[0] && busy[0] ? "  " : "", busy);
	rw = (int)strlen(right);
	if (rw && rw + 2 < ui->cols)
		ui_draw(0, ui->cols - rw - 1, rw, right,
		        ui->app.refresh_failed && !busy[0] ? (int)(ui_term_attr(UI_S_ERROR) | A_BOLD) : attr);
}

static void paint_heading(struct ui *ui, struct view *v, bool focused)
{
	char title[320];
	int tw;

	ui_hline(ui->g, v->hy, v->x, v->w, ui_term_attr(UI_S_DIM));
	v->ops->title(ui, v, title, sizeof title);
	tw = fmt_width(title);
	if (v->w < 4)
		return;
	ui_draw(v->hy, v->x + 1, 1, " ", focused ? A_REVERSE : A_NORMAL);
	ui_draw(v->hy, v->x + 2, v->w - 3, title, focused ? A_REVERSE | A_BOLD : A_BOLD);
	if (tw + 3 < v->w)
		ui_draw(v->hy, v->x + 2 + tw, 1, " ", focused ? A_REVERSE : A_NORMAL);
}

static void paint_status(struct ui *ui)
{
	int y = ui->rows - 2, x = 1;
	char hints[512], line[160];

	if (ui->app.batch.active) {
		struct app_batch_count c;

		app_batch_count(&ui->app, &c);
		snprintf(line, sizeof line, "rerun %zu/%zu%s  ",
		         c.finished + (app_rerun_in_flight(&ui->app) ? 1 : 0) > c.total
		         ? c.total : c.finished + (app_rerun_in_flight(&ui->app) ? 1 : 0),
		         c.total, " (Esc stops the rest)");
		x += ui_draw(y, x, ui->cols - 2, line, ui_term_attr(UI_S_OTHER) | A_BOLD);
	}
	if (ui->app.msg[0]) {
		ui_draw(y, x, ui->cols - 1 - x, ui->app.msg,
		        ui_term_attr(ui->app.msg_error ? UI_S_ERROR : UI_S_NORMAL));
	} else if (app_busy(&ui->app)) {
		ui_draw(y, x, ui->cols - 1 - x, "loading... (Esc cancels)", ui_term_attr(UI_S_DIM));
	} else if (ui->app.have_runs) {
		snprintf(line, sizeof line, "%zu runs loaded, %zu failed", ui->app.runs.n,
		         ui->app.failed_total);
		ui_draw(y, x, ui->cols - 1 - x, line, ui_term_attr(UI_S_DIM));
	}
	ui_key_hints(hints, sizeof hints,
	             ui->focus == UI_VIEW_WORKERS ? UI_HINTS_WORKERS
	             : ui->focus == UI_VIEW_LEDGER ? UI_HINTS_LEDGER
	             : ui->focus == UI_VIEW_DETAIL ? UI_HINTS_DETAIL : UI_HINTS_RUNS);
	ui_draw(ui->rows - 1, 1, ui->cols - 2, hints, ui_term_attr(UI_S_DIM));
}

static void paint_too_small(struct ui *ui)
{
	char msg[64], need[32];
	int w, y = ui->rows / 2;

	snprintf(need, sizeof need, "(need %dx%d)", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(msg, sizeof msg, "terminal too small %s", need);
	w = (int)strlen(msg);
	if (w > ui->cols) {
		/* Two lines rather than a cut sentence. */
		snprintf(msg, sizeof msg, "terminal too small");
		w = (int)strlen(msg);
		ui_draw(y > 0 ? y - 1 : 0, w < ui->cols ? (ui->cols - w) / 2 : 0, ui->cols, msg,
		        A_BOLD);
		snprintf(msg, sizeof msg, "%s", need);
		w = (int)strlen(msg);
	}
	ui_draw(y, w < ui->cols ? (ui->cols - w) / 2 : 0, ui->cols, msg, A_BOLD);
}

static void sync_views(struct ui *ui)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++)
		if (ui->views[i].ops->sync)
			ui->views[i].ops->sync(ui, &ui->views[i]);
}

/* The whole screen, as if on a blank one: the frame (ui_draw.h) sends
 * curses only the parts that changed since the last paint, each pane on
 * its own. */
static void paint(struct ui *ui)
{
	sync_views(ui);
	layout(ui);
	ui_frame_begin(ui->rows, ui->cols);
	if (ui->too_small) {
		paint_too_small(ui);
		ui_frame_end();
		return;
	}
	ui_frame_part(0, 0, 1, ui->cols);
	paint_title(ui);
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &ui->views[i];

		if (!v->shown)
			continue;
		ui_frame_part(v->hy, v->x, v->y + v->h - v->hy, v->w);
		paint_heading(ui, v, ui->focus == (enum ui_view_id)i);
		v->ops->draw(ui, v);
	}
	if (!ui->narrow && !ui->zoom) {
		ui_frame_part(1, ui->views[UI_VIEW_DETAIL].x - 1, ui->rows - 3, 1);
		ui_vline(ui->g, 1, ui->views[UI_VIEW_DETAIL].x - 1, ui->rows - 3,
		         ui_term_attr(UI_S_DIM));
	}
	ui_frame_part(ui->rows - 2, 0, 2, ui->cols);
	paint_status(ui);
	/* Over the panes: their rows are compared whole. */
	ui_frame_part(0, 0, 0, 0);
	ui_overlays_draw(&ui->overlays, &ui->scr);
	ui_frame_end();
}

/* ---- questions -------------------------------------------------------------- */

/* A rerun to confirm: copies, since a refresh may free the runs meanwhile. */
struct rerun_ask {
	struct wr_run run;
	char *id, *worker_key, *project_key, *status;
	bool force;
};

static void rerun_ask_free(void *p)
{
	struct rerun_ask *a = p;

	free(a->id);
	free(a->worker_key);
	free(a->project_key);
	free(a->status);
	free(a);
}

static void rerun_answer(void *ctx, void *arg, bool yes)
{
	struct ui *ui = ctx;
	struct rerun_ask *a = arg;
	char id[64];

	app_short_id(&ui->app, a->id, id, sizeof id);
	if (!yes)
		app_msg(&ui->app, false, "rerun canceled: nothing was sent");
	else if (app_rerun(&ui->app, &a->run, a->force, 0))
		app_msg(&ui->app, false, "rerun of %s sent%s", id,
		        a->force ? " (forceRecord=true)" : "");
}

static void ask_rerun(struct ui *ui, const struct wr_run *r, bool force)
{
	struct rerun_ask *a = wr_xcalloc(1, sizeof *a);
	const struct wr_worker *w = app_worker(&ui->app, r->worker_key);
	const char *project = r->project_key && *r->project_key ? r->project_key
	                      : w && w->project_key && *w->project_key ? w->project_key : NULL;
	struct ui_qline lines[7];
	size_t n = 0;

	a->id = wr_xstrdup(r->id);
	a->worker_key = wr_xstrdup(r->worker_key);
	a->project_key = wr_xstrdup(r->project_key);
	a->status = wr_xstrdup(r->status);
	a->force = force;
	a->run.id = a->id;
	a->run.worker_key = a->worker_key;
	a->run.project_key = a->project_key;
	a->run.status = a->status;
	a->run.kind = model_status_kind(a->status);
	a->run.start_ms = r->start_ms;
	a->run.metrics = r->metrics;
	lines[n++] = (struct ui_qline){ "Worker:  ", r->worker_key, 0 };
	lines[n++] = (struct ui_qline){ "Action:  ", r->worker_type ? r->worker_type
	                                             : w && w->action ? w->action : "-", 0 };
	lines[n++] = (struct ui_qline){ "Run ID:  ", r->id, 0 };
	lines[n++] = (struct ui_qline){ "Status:  ", r->status ? r->status : "-", 0 };
	lines[n++] = (struct ui_qline){ "Started: ", NULL, r->start_ms };
	if (project)
		lines[n++] = (struct ui_qline){ "Project: ", project, 0 };
	if (force)
		lines[n++] = (struct ui_qline){ "", "Recorded in history even if it succeeds.", 0 };
	ui_question_push(&ui->overlays, force ? " Rerun with forceRecord? " : " Rerun? ", lines, n,
	                 "y: rerun   any other key: cancel", rerun_answer, ui, a, rerun_ask_free);
}

static void batch_answer(void *ctx, void *arg, bool yes)
{
	struct ui *ui = ctx;
	const struct wr_run **runs;
	size_t n, queued;
	bool marked;

	(void)arg;
	if (!yes) {
		app_msg(&ui->app, false, "batch canceled: nothing was sent");
		return;
	}
	/* The list as it is now: a refresh may have come meanwhile. */
	runs = ui_history_batch(ui, &n, &marked);
	queued = app_batch(&ui->app, runs, n, false);
	free(runs);
	if (marked)
		ui_history_unmark(ui);
	app_msg(&ui->app, false, "batch: %zu rerun%s queued, one at a time", queued,
	        queued == 1 ? "" : "s");
}

static unsigned do_batch(struct ui *ui)
{
	size_t n, with_id = 0, refused = 0, workers = 0;
	bool marked;
	const struct wr_run **runs = ui_history_batch(ui, &n, &marked);
	char title[96], count[160], skip[96];
	const char *last_worker = NULL;
	struct ui_qline lines[3];

	if (app_needs_server(&ui->app, "reruns need")) {
		free(runs);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (ui->app.read_only) {
		free(runs);
		app_msg(&ui->app, true, APP_READ_ONLY_MSG);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (ui->app.batch.active) {
		free(runs);
		app_msg(&ui->app, true, "a batch is running: Esc stops what it has not sent");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	for (size_t i = 0; i < n; i++) {
		if (runs[i]->id && *runs[i]->id && runs[i]->worker_key && *runs[i]->worker_key) {
			if (app_rerun_key_refusal(runs[i]))
				refused++;
			else
				with_id++;
		}
		if (runs[i]->worker_key && (!last_worker || strcmp(last_worker, runs[i]->worker_key))) {
			/* Counted in list order: an estimate of the spread. */
			workers++;
			last_worker = runs[i]->worker_key;
		}
	}
	free(runs);
	if (!with_id) {
		app_msg(&ui->app, true, "batch: %s",
		        !n        ? "no run to rerun in this list"
		        : refused ? "none of these runs can be rerun (no history entry ID, or keys "
		                    "not sent as shown)"
		                  : "none of these runs has a history entry ID");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	snprintf(title, sizeof title, " Rerun %zu run%s? ", with_id, with_id == 1 ? "" : "s");
	snprintf(count, sizeof count, "%zu %s run%s will be rerun, one at a time%s", with_id,
	         marked ? "marked" : "listed", with_id == 1 ? "" : "s",
	         ui_history_failed_on(ui) ? " (the failed view)" : "");
	if (refused)
		snprintf(skip, sizeof skip, "%zu skipped: no history entry ID, or keys not sent as shown",
		         n - with_id);
	else
		snprintf(skip, sizeof skip, "%zu skipped: no history entry ID", n - with_id);
	lines[0] = (struct ui_qline){ "", count, 0 };
	lines[1] = (struct ui_qline){ "", skip, 0 };
	lines[2] = (struct ui_qline){ "", "A call limit (400, 429) is waited out; Esc stops the rest.",
	                              0 };
	ui_question_push(&ui->overlays, title, lines, 3, "y: rerun them   any other key: cancel",
	                 batch_answer, ui, NULL, NULL);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void quit_answer(void *ctx, void *arg, bool yes)
{
	struct ui *ui = ctx;

	(void)arg;
	if (yes) {
		ui->quit = true;
		ui->exit_code = 0;
	}
}

static unsigned do_quit(struct ui *ui)
{
	size_t n = app_reruns_pending(&ui->app);
	char title[96];

	if (!n) {
		ui->quit = true;
		ui->exit_code = 0;
		return UI_EV_HANDLED;
	}
	snprintf(title, sizeof title, " %zu rerun%s in flight: quit anyway? y/n ", n,
	         n == 1 ? "" : "s");
	ui_question_push(&ui->overlays, title, NULL, 0,
	                 "y: quit (what was sent runs on the server)   any other key: stay",
	                 quit_answer, ui, NULL, NULL);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* ---- the filter prompt -------------------------------------------------------- */

static struct view *filter_target(struct ui *ui)
{
	struct view *v = &ui->views[ui->focus];

	return v->ops->filter ? v : &ui->views[UI_VIEW_HISTORY];
}

static void filter_change(void *ctx, const char *text)
{
	struct ui *ui = ctx;
	struct view *v = filter_target(ui);

	v->ops->filter(ui, v, text);
}

static void filter_done(void *ctx, const char *text, bool keep)
{
	struct ui *ui = ctx;
	struct view *v = filter_target(ui);

	v->ops->filter(ui, v, keep ? text : NULL);
}

/* ---- the log viewer -------------------------------------------------------------- */

/* A file name from server text: what a shell and a file system take
 * without quoting. */
static void file_safe(char *out, size_t n, const char *raw)
{
	size_t k = 0;

	for (; raw && *raw && k + 1 < n; raw++)
		out[k++] = (isalnum((unsigned char)*raw) || *raw == '-' || *raw == '_' || *raw == '.')
		           ? *raw : '_';
	out[k] = '\0';
	if (!k || out[0] == '.')
		snprintf(out, n, "run");
}

/* The logs of the rerun the detail pane shows, else of the selected run. */
static unsigned open_logs(struct ui *ui)
{
	const struct app_rerun *e = ui_detail_shown(ui);
	const char *logs, *worker, *id;
	char sid[64], title[256], wk[128], name[256], clean_wk[128], clean_id[64];
	struct wr_run_text text = { 0 };
	struct wr_error err;

	if (e && e->result) {
		logs = e->result->logs;
		worker = e->worker_key;
		id = e->result->execution_id ? e->result->execution_id : e->entry_id;
	} else if (ui->run) {
		if (!parse_run_text(&ui->app.runs, ui->run, PARSE_TEXT_LOGS, &text, &err)) {
			app_msg(&ui->app, true, "%s", err.msg);
			return UI_EV_HANDLED | UI_EV_REDRAW;
		}
		logs = text.logs;
		worker = ui->run->worker_key;
		id = ui->run->id;
	} else {
		app_msg(&ui->app, true, "no run selected: its logs would show here");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	app_short_id(&ui->app, id, sid, sizeof sid);
	sanitize_buf(wk, sizeof wk, worker ? worker : "-", worker ? strlen(worker) : 1, ui->san);
	snprintf(title, sizeof title, "Logs of %s%s, %s", e && e->result ? "the rerun " : "", sid, wk);
	file_safe(clean_wk, sizeof clean_wk, worker);
	file_safe(clean_id, sizeof clean_id, sid);
	snprintf(name, sizeof name, "%s-%s.log", clean_wk, clean_id);
	ui_logview_push(&ui->overlays, title, logs, name, ui->san);
	parse_run_text_free(&text);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* ---- comparing ------------------------------------------------------------------- */

/* One side of a comparison from a loaded run; its logs are read back into
 * text, which the caller frees once the comparison has copied them. */
static void side_of_run(struct ui *ui, struct ui_compare_side *s, const char *label,
                        const struct wr_run *r, struct wr_run_text *text)
{
	struct wr_error err;

	s->label = label;
	s->id = r->id;
	s->status = r->status;
	s->metrics = r->metrics;
	s->metrics.duration_ms = model_run_duration(r);
	s->start_ms = r->start_ms;
	if (parse_run_text(&ui->app.runs, r, PARSE_TEXT_LOGS, text, &err)) {
		s->logs = text->logs ? text->logs : "";
	} else {
		s->logs = NULL; /* not known */
		app_msg(&ui->app, true, "%s", err.msg);
	}
}

static const struct wr_run *run_by_id(struct ui *ui, const char *id)
{
	for (size_t i = 0; id && i < ui->app.runs.n; i++)
		if (ui->app.runs.v[i].id && strcmp(ui->app.runs.v[i].id, id) == 0)
			return &ui->app.runs.v[i];
	return NULL;
}

/* A rerun against its original; the bars against the limits the rerun
 * reported, else the ones the history is drawn against. */
static void compare_rerun(struct ui *ui, const struct app_rerun *e)
{
	const struct wr_run *orig = run_by_id(ui, e->entry_id);
	struct ui_compare_side a, b;
	struct wr_run_text text = { 0 };
	struct wr_limits lim;
	char title[256], wk[128], label[160], from[128];

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	if (orig) {
		side_of_run(ui, &a, "Original", orig, &text);
	} else {
		/* Gone from the loaded history: what the ledger kept of it. */
		a.label = "Original (no longer loaded)";
		a.id = e->entry_id;
		a.status = e->orig_status;
		a.metrics = e->orig_metrics;
		a.start_ms = e->orig_start_ms;
	}
	b.label = "Rerun";
	b.id = e->result->execution_id;
	b.status = e->result->status;
	b.metrics = e->result->metrics;
	b.logs = e->result->logs ? e->result->logs : "";
	b.start_ms = e->sent_ms;
	if (e->result->limits.source == WR_LIMITS_RERUN) {
		lim = model_limits_effective(&e->result->limits, NULL);
		snprintf(label, sizeof label, "limits: reported by this rerun");
	} else {
		lim = app_limits(&ui->app);
		fmt_limits_source(from, sizeof from, &lim);
		snprintf(label, sizeof label, "limits: %s", from);
	}
	sanitize_buf(wk, sizeof wk, e->worker_key, strlen(e->worker_key), ui->san);
	snprintf(title, sizeof title, "Compare: the rerun of a run of %s with its original", wk);
	ui_compare_push(&ui->overlays, title, &a, &b, &lim, label, ui->san);
	parse_run_text_free(&text);
}

static unsigned do_compare(struct ui *ui)
{
	const struct app_rerun *e = ui_detail_shown(ui);
	const struct wr_run **marked;
	size_t n;

	if (!e && ui->focus == UI_VIEW_LEDGER)
		e = ui_ledger_entry(ui);
	if (!e && ui->run) {
		const struct app_rerun *last = app_rerun_last(&ui->app, ui->run->id);

		if (last && last->result)
			e = last;
	}
	marked = ui_history_marked(ui, &n);
	if (n == 2 && (!e || ui->focus == UI_VIEW_HISTORY)) {
		/* Two marked runs, the older on the left. */
		struct ui_compare_side a, b;
		struct wr_limits lim = app_limits(&ui->app);
		struct wr_run_text older, newer;
		char label[160], from[128];

		side_of_run(ui, &a, "Older", marked[1], &older);
		side_of_run(ui, &b, "Newer", marked[0], &newer);
		fmt_limits_source(from, sizeof from, &lim);
		snprintf(label, sizeof label, "limits: %s", from);
		ui_compare_push(&ui->overlays, "Compare: the two marked runs", &a, &b, &lim, label,
		                ui->san);
		parse_run_text_free(&older);
		parse_run_text_free(&newer);
		free(marked);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	free(marked);
	if (!e) {
		app_msg(&ui->app, true, "d compares a rerun with its original (rerun with r first), "
		                        "or two runs marked with Space (%zu marked)", n);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (!e->result) {
		app_msg(&ui->app, true, "this rerun has no result to compare (%s)",
		        app_rerun_state_text(e));
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	compare_rerun(ui, e);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* ---- copy and export ----------------------------------------------------------- */

/* A word for a shell: as it is when it is plain, else in single quotes.
 * False for text a paste could not carry safely (control characters). */
static bool shell_word(char *out, size_t n, const char *s)
{
	size_t k = 0;
	bool plain = *s != '\0';

	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f)
			return false;
		if (!isalnum(c) && !strchr("._-/:=@+,", c))
			plain = false;
	}
	if (plain)
		return (size_t)snprintf(out, n, "%s", s) < n;
	if (k + 1 >= n)
		return false;
	out[k++] = '\'';
	for (; *s; s++) {
		const char *piece = *s == '\'' ? "'\\''" : NULL;
		size_t len = piece ? strlen(piece) : 1;

		if (k + len + 2 >= n)
			return false;
		memcpy(out + k, piece ? piece : s, len);
		k += len;
	}
	out[k++] = '\'';
	out[k] = '\0';
	return true;
}

static unsigned do_copy(struct ui *ui, bool command)
{
	const struct wr_run *r = ui->run;
	const struct wr_worker *w;
	const char *project;
	char text[1300], wk[400], id[400], pj[400], shown[64];

	if (!r || !r->id || !*r->id) {
		app_msg(&ui->app, true, "nothing to copy: %s", r ? "this run has no history entry ID"
		                                                   : "no run selected");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (!command) {
		snprintf(text, sizeof text, "%s", r->id);
	} else {
		w = app_worker(&ui->app, r->worker_key);
		project = r->project_key && *r->project_key ? r->project_key
		          : w && w->project_key && *w->project_key ? w->project_key : NULL;
		if (!r->worker_key || !shell_word(wk, sizeof wk, r->worker_key) ||
		    !shell_word(id, sizeof id, r->id) || (project && !shell_word(pj, sizeof pj, project))) {
			app_msg(&ui->app, true, "not copied: the worker key, ID or project holds "
			                        "characters a command line cannot carry safely");
			return UI_EV_HANDLED | UI_EV_REDRAW;
		}
		snprintf(text, sizeof text, "wrun rerun %s %s%s%s", wk, id, project ? " --project " : "",
		         project ? pj : "");
	}
	if (!ui_term_clipboard(text, strlen(text))) {
		app_msg(&ui->app, true, "could not write to the terminal");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (command) {
		char clean[600];

		sanitize_buf(clean, sizeof clean, text, strlen(text), ui->san);
		app_msg(&ui->app, false, "copied: %s", clean);
	} else {
		app_short_id(&ui->app, r->id, shown, sizeof shown);
		app_msg(&ui->app, false, "copied the run ID %s... (%zu characters) to the clipboard",
		        shown, strlen(r->id));
	}
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* The path a question holds, and the list to write, as they were asked. */
static void export_to(struct ui *ui, const char *path)
{
	size_t n;
	const struct wr_run **runs = ui_history_rows(ui, &n);
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f) {
		app_msg(&ui->app, true, "cannot write %.200s: %s", path, strerror(errno));
		free(runs);
		return;
	}
	ok = parse_emit_runs(f, &ui->app.runs, runs, n, true);
	ok = fclose(f) == 0 && ok;
	if (!ok)
		app_msg(&ui->app, true, "write error on %.200s: %s", path, strerror(errno));
	else
		app_msg(&ui->app, false, "wrote %zu run%s to %.200s", n, n == 1 ? "" : "s", path);
	free(runs);
}

static void export_answer(void *ctx, void *arg, bool yes)
{
	struct ui *ui = ctx;

	if (yes)
		export_to(ui, arg);
	else
		app_msg(&ui->app, false, "not written: the file is left as it was");
}

static void export_change(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

static void export_done(void *ctx, const char *text, bool keep)
{
	struct ui *ui = ctx;
	struct stat sb;

	if (!keep || !*text) {
		app_msg(&ui->app, false, "nothing written");
		return;
	}
	if (stat(text, &sb) == 0) {
		struct ui_qline line = { "", text, 0 };

		ui_question_push(&ui->overlays, " The file exists: overwrite it? ", &line, 1,
		                 "y: overwrite   any other key: keep it", export_answer, ui,
		                 wr_xstrdup(text), free);
		return;
	}
	export_to(ui, text);
}

static unsigned do_export(struct ui *ui)
{
	char view[128], name[200], day[32];
	int64_t now = fmt_now_ms();

	if (!ui->app.have_runs) {
		app_msg(&ui->app, true, "no runs loaded yet: nothing to write");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	file_safe(view, sizeof view, ui_history_view_name(ui));
	fmt_time(day, sizeof day, now);
	day[10] = '\0'; /* YYYY-MM-DD */
	snprintf(name, sizeof name, "wrun-%s-%s.json", view, day);
	ui_prompt_push(&ui->overlays, "write the listed runs to: ", name, export_change, export_done,
	               ui);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* ---- keys --------------------------------------------------------------------- */

static unsigned do_servers(struct ui *ui); /* the server switcher, below */

/* The run r and R act on: the history's selection, or in the ledger the
 * selected entry's original run. */
static unsigned do_rerun(struct ui *ui, bool force)
{
	const struct app_rerun *e = ui->focus == UI_VIEW_LEDGER ? ui_ledger_entry(ui) : NULL;
	struct wr_run tmp;
	const struct wr_run *r;
	const char *why;

	if (e) {
		memset(&tmp, 0, sizeof tmp);
		tmp.id = e->entry_id;
		tmp.worker_key = e->worker_key;
		tmp.project_key = e->project_key;
		tmp.status = e->orig_status;
		tmp.start_ms = e->orig_start_ms;
		tmp.metrics = e->orig_metrics;
		r = &tmp;
	} else {
		r = ui->run;
	}
	why = app_rerun_refusal(&ui->app, r);
	if (why && ui->app.read_only) {
		app_msg(&ui->app, true, "%s", why);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (why) {
		app_msg(&ui->app, true, "cannot rerun: %s", why);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	ask_rerun(ui, r, force);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static unsigned do_ledger(struct ui *ui)
{
	if (ui->lower == UI_VIEW_LEDGER) {
		ui_focus(ui, UI_VIEW_HISTORY);
		ui_notify(ui, UI_EVENT_SHOW, NULL);
	} else {
		ui_focus(ui, UI_VIEW_LEDGER);
		ui_notify(ui, UI_EVENT_SHOW, ui_ledger_entry(ui));
	}
	return UI_EV_HANDLED | UI_EV_REDRAW | UI_EV_RESIZE;
}

static unsigned do_cancel(struct ui *ui)
{
	struct app_stop st;
	struct view *v;

	app_stop_all(&ui->app, &st);
	if (st.abandoned || st.stopped) {
		/* A rerun that reached the server cannot be called back: say so. */
		char sent[160] = "", unsent[64] = "";

		if (st.abandoned)
			snprintf(sent, sizeof sent, "%zu rerun%s already sent: %s on the server; only the "
			         "wait for %s answer stopped", st.abandoned, st.abandoned == 1 ? " was" : "s were",
			         st.abandoned == 1 ? "it runs" : "they run",
			         st.abandoned == 1 ? "its" : "their");
		if (st.stopped)
			snprintf(unsent, sizeof unsent, "%zu rerun%s not sent", st.stopped,
			         st.stopped == 1 ? "" : "s");
		app_msg(&ui->app, st.abandoned > 0, "stopped: %s%s%s", sent, *sent && *unsent ? "; " : "",
		        unsent);
	} else if (st.loads) {
		app_msg(&ui->app, false, "canceled %zu request%s", st.loads, st.loads == 1 ? "" : "s");
	} else if (ui_detail_shown(ui) && ui->lower != UI_VIEW_LEDGER) {
		ui_notify(ui, UI_EVENT_SHOW, NULL);
	} else if (ui->zoom) {
		ui->zoom = false;
		return UI_EV_HANDLED | UI_EV_REDRAW | UI_EV_RESIZE;
	} else if (ui->lower == UI_VIEW_LEDGER) {
		return do_ledger(ui);
	} else if ((v = filter_target(ui)) && v->ops->filter && v->ops->filter_text(ui, v)) {
		v->ops->filter(ui, v, NULL);
	} else if (ui_history_failed_on(ui)) {
		ui_history_failed(ui, false);
	}
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* The views that have a place, in focus order. */
static void focus_to(struct ui *ui, int delta, bool wrap)
{
	enum ui_view_id order[3] = { UI_VIEW_WORKERS, ui->lower, UI_VIEW_DETAIL };
	int at = 0;

	/* Zoomed, the zoom follows the focus. */
	for (int i = 0; i < 3; i++)
		if (order[i] == ui->focus)
			at = i;
	at += delta;
	at = wrap ? (at + 3) % 3 : clampi(at, 0, 2);
	ui->focus = order[at];
}

/* Keys of the run list, from any pane: the list comes into view. */
static unsigned to_history(struct ui *ui, enum ui_action act)
{
	struct view *v = &ui->views[UI_VIEW_HISTORY];

	if (ui->lower != UI_VIEW_HISTORY || ui->focus == UI_VIEW_WORKERS) {
		ui_notify(ui, UI_EVENT_SHOW, NULL);
		ui_focus(ui, UI_VIEW_HISTORY);
	}
	return v->ops->key(ui, v, act) | UI_EV_REDRAW | UI_EV_RESIZE;
}

/* The view under a cell (heading included), or NULL. */
static struct view *view_at(struct ui *ui, int y, int x)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &ui->views[i];

		if (v->shown && y >= v->hy && y < v->y + v->h && x >= v->x && x < v->x + v->w)
			return v;
	}
	return NULL;
}

/* --mouse: a click focuses a pane and selects a row, the wheel scrolls what
 * is under it, a click on a question's footer answers it. */
static unsigned handle_mouse(struct ui *ui)
{
	struct ui_term_mouse m;
	unsigned flags = UI_EV_HANDLED;
	struct view *v;

	if (!ui_term_mouse_event(&m))
		return 0;
	if (ui_overlays_active(&ui->overlays)) {
		const char *top = ui_overlays_top_name(&ui->overlays);

		if (m.click && top && strcmp(top, "question") == 0) {
			ui->scr.mouse_y = m.y;
			ui->scr.mouse_x = m.x;
			return ui_overlays_key(&ui->overlays, &ui->scr, KEY_MOUSE);
		}
		if (m.wheel_up || m.wheel_down)
			for (int i = 0; i < 3; i++)
				flags |= ui_overlays_key(&ui->overlays, &ui->scr,
				                         m.wheel_up ? KEY_UP : KEY_DOWN);
		return flags;
	}
	v = view_at(ui, m.y, m.x);
	if (!v)
		return 0;
	ui_focus(ui, (enum ui_view_id)(v - ui->views));
	flags |= UI_EV_REDRAW;
	if (m.wheel_up || m.wheel_down) {
		for (int i = 0; i < 3; i++)
			flags |= view_move(ui, v, m.wheel_up ? UI_ACT_UP : UI_ACT_DOWN);
	} else if (m.click && v->ops->list && m.y >= v->y) {
		size_t row = v->top + (size_t)(m.y - v->y), n = v->ops->rows(ui, v);

		if (row < n && row != v->sel) {
			v->sel = row;
			view_scroll_to_sel(v, n);
			if (v->ops->select)
				v->ops->select(ui, v);
		}
	}
	return flags;
}

static unsigned handle_key(struct ui *ui, int ch)
{
	enum ui_action act;
	struct view *v;
	unsigned flags;

	if (ch == KEY_RESIZE) {
		/* At once: the keys after it in this batch meet the new size. */
		layout(ui);
		return UI_EV_HANDLED | UI_EV_RESIZE | UI_EV_REDRAW;
	}
	if (ch == KEY_MOUSE)
		return handle_mouse(ui);
	if (ui_overlays_active(&ui->overlays))
		return ui_overlays_key(&ui->overlays, &ui->scr, ch);
	act = ui_key_action(ch);
	switch (act) {
	case UI_ACT_NONE:
		return 0;
	case UI_ACT_QUIT:
		return do_quit(ui);
	case UI_ACT_HELP:
		ui_help_push(&ui->overlays);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_CANCEL:
		return do_cancel(ui);
	case UI_ACT_REFRESH:
		if (app_needs_server(&ui->app, "a refresh needs"))
			return UI_EV_HANDLED | UI_EV_REDRAW;
		app_load_workers(&ui->app);
		app_load_history(&ui->app);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_RERUN:
		return do_rerun(ui, false);
	case UI_ACT_RERUN_FORCE:
		return do_rerun(ui, true);
	case UI_ACT_BATCH:
		return do_batch(ui);
	case UI_ACT_FAILED:
		ui_history_failed(ui, !ui_history_failed_on(ui));
		ui_focus(ui, UI_VIEW_HISTORY);
		return UI_EV_HANDLED | UI_EV_REDRAW | UI_EV_RESIZE;
	case UI_ACT_FILTER:
		v = filter_target(ui);
		ui_focus(ui, (enum ui_view_id)(v - ui->views));
		ui_prompt_push(&ui->overlays, v == &ui->views[UI_VIEW_WORKERS] ? "filter workers: /"
		                                                                : "filter runs: /",
		               "", filter_change, filter_done, ui);
		filter_change(ui, "");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_SORT_REVERSE:
		if (ui->focus == UI_VIEW_WORKERS)
			return do_servers(ui);
		return to_history(ui, act);
	case UI_ACT_NEXT_FAILED:
	case UI_ACT_PREV_FAILED:
	case UI_ACT_SORT:
	case UI_ACT_MARK:
		return to_history(ui, act);
	case UI_ACT_TIMES:
		ui->relative_times = !ui->relative_times;
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_LOGS:
		return open_logs(ui);
	case UI_ACT_COMPARE:
		return do_compare(ui);
	case UI_ACT_COPY_ID:
		return do_copy(ui, false);
	case UI_ACT_COPY_CMD:
		return do_copy(ui, true);
	case UI_ACT_EXPORT:
		return do_export(ui);
	case UI_ACT_ZOOM:
		ui->zoom = !ui->zoom;
		return UI_EV_HANDLED | UI_EV_REDRAW | UI_EV_RESIZE;
	case UI_ACT_LEDGER:
		return do_ledger(ui);
	case UI_ACT_AUTO_REFRESH:
		if (app_needs_server(&ui->app, "auto-refresh needs"))
			return UI_EV_HANDLED | UI_EV_REDRAW;
		app_set_refresh(&ui->app, ui->app.refresh_s ? 0
		                          : ui->opts->refresh_s ? ui->opts->refresh_s : 30,
		                wr_mono_ms());
		if (ui->app.refresh_s)
			app_msg(&ui->app, false, "auto-refresh every %d s", ui->app.refresh_s);
		else
			app_msg(&ui->app, false, "auto-refresh off");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_FOCUS_NEXT:
		focus_to(ui, 1, true);
		return UI_EV_HANDLED | UI_EV_REDRAW | (ui->zoom ? UI_EV_RESIZE : 0);
	case UI_ACT_FOCUS_PREV:
		focus_to(ui, -1, true);
		return UI_EV_HANDLED | UI_EV_REDRAW | (ui->zoom ? UI_EV_RESIZE : 0);
	case UI_ACT_FOCUS_LEFT:
		focus_to(ui, -1, false);
		return UI_EV_HANDLED | UI_EV_REDRAW | (ui->zoom ? UI_EV_RESIZE : 0);
	case UI_ACT_FOCUS_RIGHT:
		focus_to(ui, 1, false);
		return UI_EV_HANDLED | UI_EV_REDRAW | (ui->zoom ? UI_EV_RESIZE : 0);
	case UI_ACT_OPEN:
		if (ui->focus == UI_VIEW_DETAIL)
			return open_logs(ui);
		break;
	default:
		break;
	}
	v = &ui->views[ui->focus];
	flags = v->ops->key ? v->ops->key(ui, v, act) : 0;
	if (!flags)
		flags = view_move(ui, v, act);
	return flags;
}

/* Every key that is waiting, then one paint. */
static unsigned drain_keys(struct ui *ui, bool input_ready)
{
	unsigned flags = 0;
	int n = 0;

	while (!ui->quit) {
		int ch = getch();

		if (ch == ERR) {
			/* Ready, yet no key: the input ended (EOF, hang-up). */
			if (n == 0 && input_ready && ui_term_input_ended()) {
				ui->quit = true;
				ui->exit_code = 0;
			}
			break;
		}
		n++;
		/* Each key meets the views as the keys before it left them. */
		sync_views(ui);
		flags |= handle_key(ui, ch);
	}
	return flags;
}

/* ---- the loop ----------------------------------------------------------------- */

/* A rerun's answer shows in the detail pane only when its run is the one
 * selected there; otherwise the ledger and the status line have it. */
static void take_answer(struct ui *ui, unsigned long *gen)
{
	const struct app_rerun *r = ui->app.answered;
	const struct wr_run *sel;

	if (*gen == ui->app.answered_gen)
		return;
	*gen = ui->app.answered_gen;
	sel = ui->run;
	if (r && r->state == APP_RERUN_DONE && ui->lower == UI_VIEW_HISTORY && !ui_detail_shown(ui) &&
	    sel && sel->id && strcmp(sel->id, r->entry_id) == 0)
		ui_notify(ui, UI_EVENT_SHOW, r);
}

static int next_timeout(struct ui *ui, int64_t now)
{
	const struct app_job *b = app_busy(&ui->app);
	int64_t next = 0, t;

	/* The "loading Ns" and "refreshed Ns ago" counters: each second. */
	if (b)
		next = b->started_ms + ((now - b->started_ms) / 1000 + 1) * 1000;
	if (ui->app.refresh_s && ui->app.refreshed_ms) {
		t = ui->app.refreshed_ms + ((now - ui->app.refreshed_ms) / 1000 + 1) * 1000;
		if (!next || t < next)
			next = t;
	}
	t = app_tick(&ui->app, now);
	if (t && (!next || t < next))
		next = t;
	/* Relative times ("3m ago") change with the minute of the clock. */
	t = now + (60000 - fmt_now_ms() % 60000);
	if (!next || t < next)
		next = t;
	return next <= now ? 0 : next - now > INT_MAX ? INT_MAX : (int)(next - now);
}

static void loop(struct ui *ui, bool exit_after_paint)
{
	unsigned long answered = ui->app.answered_gen;
	long long busy_shown = -1, refresh_shown = -1;
	int64_t minute = fmt_now_ms() / 60000;
	bool dirty = true;

	while (!ui->quit) {
		struct wr_error err;
		struct http *http;
		const struct app_job *b;
		bool ready = false;
		unsigned flags;
		int64_t now;
		int sig;

		now = wr_mono_ms();
		app_pump(&ui->app, now);
		app_tick(&ui->app, now);
		sync_views(ui);
		take_answer(ui, &answered);
		b = app_busy(&ui->app);
		if (b && (now - b->started_ms) / 1000 != busy_shown) {
			busy_shown = (now - b->started_ms) / 1000;
			dirty = true;
		} else if (!b && busy_shown >= 0) {
			busy_shown = -1;
			dirty = true;
		}
		if (ui->app.refresh_s && ui->app.refreshed_ms &&
		    (now - ui->app.refreshed_ms) / 1000 != refresh_shown) {
			refresh_shown = (now - ui->app.refreshed_ms) / 1000;
			dirty = true;
		}
		if (fmt_now_ms() / 60000 != minute) {
			minute = fmt_now_ms() / 60000;
			dirty = true;
		}
		if (ui->app.changed) {
			ui->app.changed = false;
			dirty = true;
		}
		if (dirty) {
			paint(ui);
			dirty = false;
			if (exit_after_paint && !ui->app.jobs) {
				ui->exit_code = ui->app.have_workers && ui->app.have_runs ? 0 : 3;
				break;
			}
		}
		wr_error_clear(&err);
		/* The session's, which a server switch replaces. */
		http = api_http(ui->app.api);
		if (!http_wait(http, ui_term_wake_fd(), next_timeout(ui, wr_mono_ms()), &ready, &err)) {
			app_msg(&ui->app, true, "%s", err.msg);
			ui->exit_code = 3;
			break;
		}
		http_run(http);
		/* The callbacks may have replaced the runs: the views' index
		 * arrays point into them, so they are rebuilt before any key. */
		sync_views(ui);
		sig = ui_term_take_signal();
		if (sig) {
			ui->exit_code = 128 + sig;
			break;
		}
		/* Always ask curses: a resize arrives as KEY_RESIZE from getch. */
		flags = drain_keys(ui, ui_term_input_ready());
		/* After a resize the terminal's contents are unknown: it may
		 * have cut them while smaller (the size curses saw last can be
		 * the same again when resizes come quickly), so the next paint
		 * sends the whole screen rather than what changed. */
		if (flags & UI_EV_RESIZE) {
			clearok(curscr, TRUE);
			ui_frame_forget();
		}
		if (flags & (UI_EV_REDRAW | UI_EV_RESIZE))
			dirty = true;
	}
}

/* ---- entry ---------------------------------------------------------------------- */

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* The views, in the order of enum ui_view_id: adding one is a row here. */
static const struct view_ops *const view_table[UI_VIEW_COUNT] = {
	[UI_VIEW_WORKERS] = &ui_workers_ops,
	[UI_VIEW_HISTORY] = &ui_history_ops,
	[UI_VIEW_LEDGER] = &ui_ledger_ops,
	[UI_VIEW_DETAIL] = &ui_detail_ops,
};

static void views_free(struct ui *ui)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &ui->views[i];

		if (v->ops && v->ops->free && v->priv)
			v->ops->free(ui, v);
		free(v->priv);
		v->priv = NULL;
	}
}

static void ui_free(struct ui *ui)
{
	ui_overlays_free(&ui->overlays);
	views_free(ui);
	app_free(&ui->app);
	if (ui->own_api)
		api_free(ui->own_api);
	if (ui->own_srv) {
		conf_server_free(ui->own_srv);
		free(ui->own_srv);
	}
	conf_server_list_free(&ui->servers);
}

/* Fresh views: what they kept belongs to the session they showed. */
static void views_init(struct ui *ui)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &ui->views[i];

		memset(v, 0, sizeof *v);
		v->ops = view_table[i];
		v->priv = wr_xcalloc(1, v->ops->private_size);
		if (v->ops->init)
			v->ops->init(ui, v);
	}
	ui->focus = UI_VIEW_WORKERS;
	ui->lower = UI_VIEW_HISTORY;
	ui->zoom = false;
	ui->worker_key = NULL;
	ui->run = NULL;
}

/* ---- the server switcher --------------------------------------------------------- */

/* Everything about the old server goes: its data, jobs, ledger, views. */
static void switch_now(struct ui *ui, size_t i)
{
	const struct conf_server_entry *e = &ui->servers.v[i];
	struct conf_flags f = *ui->opts->conf;
	struct wr_server *srv = wr_xcalloc(1, sizeof *srv);
	struct wr_error err;
	struct api *api;
	int refresh = ui->app.refresh_s;
	char name[128];

	sanitize_buf(name, sizeof name, e->name, strlen(e->name), ui->san);
	if (ui->srv && ui->srv->server_id && strcmp(ui->srv->server_id, e->name) == 0) {
		free(srv);
		app_msg(&ui->app, false, "already on %s", name);
		return;
	}
	f.server_id = e->name;
	f.url = NULL;
	wr_error_clear(&err);
	if (!conf_resolve(&f, ui->opts->conf_env, srv, &err) || !(api = api_new(srv, &err))) {
		conf_server_free(srv);
		free(srv);
		app_msg(&ui->app, true, "cannot switch to %s: %s", name, err.msg);
		return;
	}
	views_free(ui);
	app_free(&ui->app);
	app_init(&ui->app, api, ui->opts->test_runs, &ui->opts->config_limits);
	app_limits_cache(&ui->app, ui->opts->limits_dir, srv->url);
	if (refresh)
		app_set_refresh(&ui->app, refresh, wr_mono_ms());
	views_init(ui);
	if (ui->own_api)
		api_free(ui->own_api);
	if (ui->own_srv) {
		conf_server_free(ui->own_srv);
		free(ui->own_srv);
	}
	ui->srv = ui->own_srv = srv;
	ui->own_api = api;
	app_load_workers(&ui->app);
	app_load_history(&ui->app);
	app_msg(&ui->app, false, "switched to %s", name);
}

static void switch_answer(void *ctx, void *arg, bool yes)
{
	struct ui *ui = ctx;

	if (yes)
		switch_now(ui, *(size_t *)arg);
	else
		app_msg(&ui->app, false, "still on this server");
}

/* Reruns on their way ask first, as quitting does. */
static void switch_to(void *ctx, size_t i)
{
	struct ui *ui = ctx;
	size_t n = app_reruns_pending(&ui->app);
	char title[96];
	size_t *arg;

	if (!n) {
		switch_now(ui, i);
		return;
	}
	arg = wr_xmalloc(sizeof *arg);
	*arg = i;
	snprintf(title, sizeof title, " %zu rerun%s in flight: switch anyway? y/n ", n,
	         n == 1 ? "" : "s");
	ui_question_push(&ui->overlays, title, NULL, 0,
	                 "y: switch (what was sent runs on the server)   any other key: stay",
	                 switch_answer, ui, arg, free);
}

static unsigned do_servers(struct ui *ui)
{
	const char **items;
	struct wr_error err;
	size_t current = 0;
	char **lines;

	if (ui->app.offline) {
		app_needs_server(&ui->app, "switching servers needs");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (!ui->opts->conf) {
		app_msg(&ui->app, true, "no server list here");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	conf_server_list_free(&ui->servers);
	wr_error_clear(&err);
	if (!conf_list_servers(ui->opts->conf, ui->opts->conf_env, &ui->servers, &err)) {
		app_msg(&ui->app, true, "%s", err.msg);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	if (!ui->servers.n) {
		app_msg(&ui->app, true, "no servers in wrun's config nor in the JFrog CLI config");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	items = wr_xcalloc(ui->servers.n, sizeof *items);
	lines = wr_xcalloc(ui->servers.n, sizeof *lines);
	for (size_t i = 0; i < ui->servers.n; i++) {
		const struct conf_server_entry *e = &ui->servers.v[i];
		size_t n = strlen(e->name) + (e->url ? strlen(e->url) : 6) + strlen(e->source) + 32;

		lines[i] = wr_xmalloc(n);
		snprintf(lines[i], n, "%-16s %s  (%s%s)", e->name, e->url ? e->url : "no URL",
		         e->source, e->is_default ? ", default" : "");
		items[i] = lines[i];
		if (ui->srv && ui->srv->server_id ? strcmp(ui->srv->server_id, e->name) == 0
		                                  : e->current)
			current = i;
	}
	ui_pick_push(&ui->overlays, " Switch to a server ", items, ui->servers.n, current, switch_to,
	             ui);
	for (size_t i = 0; i < ui->servers.n; i++)
		free(lines[i]);
	free(lines);
	free(items);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void oom_restore(void)
{
	ui_term_restore();
}

/* http's warnings (the token in cleartext) go to the status line, where
 * they stay until another message replaces them. */
static void on_http_warn(void *ud, const char *msg)
{
	struct ui *ui = ud;

	app_msg(&ui->app, true, "warning: %s", msg);
}

int ui_run(const struct ui_source *src, const struct ui_opts *opts)
{
	const struct wr_server *srv = src->srv;
	struct api *api = src->api;
	static const struct ui_opts no_opts;
	struct ui ui;
	struct wr_error err;
	const char *eap = getenv("WRUN_EXIT_AFTER_PAINT");
	wr_oom_hook old_hook;
	bool ascii;

	if (!opts)
		opts = &no_opts;
	setlocale(LC_ALL, "");
	ascii = opts->ascii || !locale_is_utf8();
	memset(&ui, 0, sizeof ui);
	ui.srv = srv;
	ui.opts = opts;
	ui.g = ui_glyphs(ascii);
	ui.san = ascii ? SAN_ASCII : 0;
	old_hook = wr_set_oom_hook(oom_restore);
	app_init(&ui.app, api, opts->test_runs, &opts->config_limits);
	ui.app.read_only = opts->read_only;
	/* Offline, the file's data comes whole: the loads below do nothing. */
	if (src->file)
		app_open_file(&ui.app, src->file, src->workers, src->runs);
	app_limits_cache(&ui.app, opts->limits_dir, srv ? srv->url : NULL);
	views_init(&ui);
	if (opts->refresh_s)
		app_set_refresh(&ui.app, opts->refresh_s, wr_mono_ms());

	wr_error_clear(&err);
	if (!ui_term_open(&err)) {
		/* An unusable TERM is a configuration error, like a bad flag. */
		fprintf(stderr, "wrun: %s\n", err.msg);
		ui_free(&ui);
		wr_set_oom_hook(old_hook);
		return 2;
	}
	if (opts->mouse && !ui_term_mouse())
		app_msg(&ui.app, true, "--mouse: this terminal reports no mouse events");
	if (api)
		http_set_warn(api_http(api), on_http_warn, &ui);
	app_load_workers(&ui.app);
	app_load_history(&ui.app);
	loop(&ui, eap && strcmp(eap, "1") == 0);
	ui_term_close();
	if (api)
		http_set_warn(api_http(api), NULL, NULL); /* the api outlives ui */
	/* A fatal error is said where it stays readable: on the restored
	 * terminal. */
	if (ui.exit_code == 3 && ui.app.msg[0])
		fprintf(stderr, "wrun: %s\n", ui.app.msg);
	ui_free(&ui);
	wr_set_oom_hook(old_hook);
	return ui.exit_code;
}
