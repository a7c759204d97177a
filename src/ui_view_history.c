/* ui_view_history.c - the history pane: the selected worker's runs, or in
 * the failed view every run that did not succeed, through the run query
 * (filter and sort order). Its rows are an index array into the app's
 * runs, rebuilt when the data or the query changes, never per key; only
 * the rows on screen are drawn. */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "query.h"
#include "sanitize.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct history {
	char *worker;        /* whose runs (NULL: every worker) */
	char *filter;        /* NULL: none */
	bool failed;         /* the failed view */
	enum wr_sort sort;
	bool reverse;
	uint32_t *idx;       /* the rows: indexes into app.runs */
	size_t n;
	unsigned long gen;   /* app.data_gen they were built for */
	bool built;
	char *run_id;        /* the selected run's ID, to find it again */
	char **marks;        /* IDs of the runs marked for a batch */
	size_t n_marks, cap_marks;
	int worker_w;        /* the worker column: the widest key, at most 16 */
};

static struct history *H(struct view *v)
{
	return v->priv;
}

static struct history *history_of(struct ui *ui)
{
	return H(&ui->views[UI_VIEW_HISTORY]);
}

static const struct wr_run *row_run(struct ui *ui, struct history *s, size_t row)
{
	return row < s->n ? &ui->app.runs.v[s->idx[row]] : NULL;
}

static void remember_selection(struct ui *ui, struct view *v)
{
	struct history *s = H(v);
	const struct wr_run *r = row_run(ui, s, v->sel);

	free(s->run_id);
	s->run_id = wr_xstrdup(r ? r->id : NULL);
	ui->run = r;
	if (r)
		app_run_seen(&ui->app, s->idx[v->sel]);
}

/* The rows again, the selection found by run ID (else the first row). */
static void rebuild(struct ui *ui, struct view *v, bool keep_run)
{
	struct history *s = H(v);
	struct wr_query q;
	const uint32_t *in;
	size_t n_in, row = 0;

	query_init(&q);
	q.failed = s->failed;
	q.text = s->filter;
	q.sort = s->sort;
	q.reverse = s->reverse;
	app_view(&ui->app, s->failed ? 0 : app_worker_row(&ui->app, s->worker), &in, &n_in);
	if (s->worker && !s->failed && !app_worker_row(&ui->app, s->worker))
		n_in = 0;
	free(s->idx);
	s->idx = wr_xcalloc(n_in, sizeof *s->idx);
	s->n = query_run(&ui->app.runs, &q, in, n_in, s->idx);
	if (keep_run && s->run_id)
		for (size_t i = 0; i < s->n; i++) {
			const char *id = ui->app.runs.v[s->idx[i]].id;

			if (id && strcmp(id, s->run_id) == 0) {
				row = i;
				break;
			}
		}
	v->sel = row;
	if (!keep_run)
		v->top = 0;
	view_scroll_to_sel(v, s->n);
	s->worker_w = 6;
	for (size_t i = 0; i < ui->app.workers.n && s->worker_w < 16; i++) {
		const char *k = ui->app.workers.v[i].key;
		int w = k ? fmt_width(k) : 0;

		if (w > s->worker_w)
			s->worker_w = w < 16 ? w : 16;
	}
	s->gen = ui->app.data_gen;
	s->built = true;
	remember_selection(ui, v);
}

static void history_sync(struct ui *ui, struct view *v)
{
	struct history *s = H(v);

	if (!s->built || s->gen != ui->app.data_gen)
		rebuild(ui, v, true);
}

static void history_free(struct ui *ui, struct view *v)
{
	struct history *s = H(v);

	free(s->worker);
	free(s->filter);
	free(s->idx);
	free(s->run_id);
	for (size_t i = 0; i < s->n_marks; i++)
		free(s->marks[i]);
	free(s->marks);
	ui->run = NULL;
}

static void history_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	struct history *s = H(v);
	char key[128], pos[48], extra[128] = "";
	size_t len = 0;

	if (s->failed || !s->worker)
		snprintf(key, sizeof key, "all workers");
	else
		sanitize_buf(key, sizeof key, s->worker, strlen(s->worker), ui->san);
	if (!ui->app.have_runs) {
		snprintf(buf, n, "%s: %s", s->failed ? "Failed" : "History", key);
		return;
	}
	view_position(v, s->n, pos, sizeof pos);
	if (s->sort != WR_SORT_START || s->reverse)
		len += (size_t)snprintf(extra + len, sizeof extra - len, "  by %s%s",
		                        query_sort_name(s->sort), s->reverse ? " (reversed)" : "");
	if (s->n_marks && len < sizeof extra)
		len += (size_t)snprintf(extra + len, sizeof extra - len, "  %zu marked", s->n_marks);
	if (s->filter && len < sizeof extra) {
		char f[80];

		sanitize_buf(f, sizeof f, s->filter, strlen(s->filter), ui->san);
		snprintf(extra + len, sizeof extra - len, "  /%s", f);
	}
	snprintf(buf, n, "%s: %s (%zu run%s)%s%s", s->failed ? "Failed" : "History", key, s->n,
	         s->n == 1 ? "" : "s", pos, extra);
}

static size_t history_rows(struct ui *ui, struct view *v)
{
	return H(v)->n;
}

static bool is_marked(const struct history *s, const char *id)
{
	if (!id)
		return false;
	for (size_t i = 0; i < s->n_marks; i++)
		if (strcmp(s->marks[i], id) == 0)
			return true;
	return false;
}

/* Puts one column and a gap; returns the next x. */
static int col(int y, int x, int end, int w, const char *s, unsigned san, bool raw, int attr)
{
	if (x >= end)
		return x;
	if (w > end - x)
		w = end - x;
	if (raw)
		ui_draw_san(y, x, w, s, san, attr);
	else
		ui_draw(y, x, w, s, attr);
	return x + w + 1;
}

/* Which columns fit: status and start always; then, by priority, the
 * short ID, the worker (when runs of several workers show), the duration,
 * the trigger. */
struct cols {
	int start_w, worker_w, id_w;
	bool test, id, worker, dur, trigger;
};

static void fit_cols(struct ui *ui, struct view *v, struct cols *c)
{
	struct history *s = H(v);
	int room;

	memset(c, 0, sizeof *c);
	c->start_w = ui->relative_times ? 8 : v->w >= 72 ? 19 : 11;
	c->id_w = (int)(ui->app.short_id_len < 36 ? ui->app.short_id_len : 36);
	c->worker_w = s->worker_w;
	room = v->w - 2 - 8 - (c->start_w + 1);
	if ((c->test = ui->app.any_test_run && room >= 5))
		room -= 5;
	if ((c->id = room >= c->id_w + 1))
		room -= c->id_w + 1;
	if ((c->worker = (s->failed || !s->worker) && room >= c->worker_w + 1))
		room -= c->worker_w + 1;
	if ((c->dur = room >= 9))
		room -= 9;
	c->trigger = room >= 7;
}

static void draw_row(struct ui *ui, struct view *v, const struct cols *c, size_t row, int y,
                     bool focused)
{
	struct history *s = H(v);
	const struct wr_run *r = row_run(ui, s, row);
	bool sel = row == v->sel;
	int base = sel && focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	int st = r->kind == WR_STATUS_SUCCESS ? UI_S_OK : r->kind == WR_STATUS_FAIL ? UI_S_FAIL
	                                                                            : UI_S_OTHER;
	int x = v->x, end = v->x + v->w;
	bool busy = app_rerun_pending(&ui->app, r->id) != NULL;
	bool marked = is_marked(s, r->id), fresh = app_run_is_new(&ui->app, s->idx[row]);
	char start[32], dur[32], id[64];

	ui_fill(y, x, v->w, base);
	x = col(y, x, end, 1, busy ? ui->g->busy : sel ? ">" : " ", 0, false, base);
	/* Marked for a batch, or new since the last look. */
	if (marked || fresh)
		ui_draw(y, x - 1, 1, marked ? ui->g->mark : ui->g->fresh,
		        marked ? base | A_BOLD : base | ui_term_attr(UI_S_OK) | A_BOLD);
	/* The status keeps its colour on the selected row too: reverse video
	 * of a coloured cell still reads as that colour. */
	x = col(y, x, end, 7, model_status_label(r->status), ui->san, true,
	        base | ui_term_attr(st));
	if (c->test)
		x = col(y, x, end, 4, r->test_run == 1 ? "test" : "", 0, false,
		        base | ui_term_attr(UI_S_DIM));
	ui_list_time(ui, r->start_ms, c->start_w < 19, start, sizeof start);
	x = col(y, x, end, c->start_w, start, 0, false, base);
	if (c->dur) {
		fmt_duration(dur, sizeof dur, model_run_duration(r));
		x = col(y, x, end, 8, dur, 0, false, base);
	}
	if (c->worker)
		x = col(y, x, end, c->worker_w, r->worker_key, ui->san, true, base);
	if (c->trigger)
		x = col(y, x, end, end - x - (c->id ? c->id_w + 1 : 0), r->triggered_by, ui->san, true,
		        base);
	if (c->id) {
		app_short_id(&ui->app, r->id, id, sizeof id);
		col(y, x, end, c->id_w, r->id ? id : "(no ID)", ui->san, true,
		    r->id ? base : base | ui_term_attr(UI_S_DIM));
	}
}

static void history_draw(struct ui *ui, struct view *v)
{
	struct history *s = H(v);
	bool focused = ui->focus == UI_VIEW_HISTORY;
	struct cols c;

	fit_cols(ui, v, &c);
	for (int i = 0; i < v->h && v->top + (size_t)i < s->n; i++)
		draw_row(ui, v, &c, v->top + (size_t)i, v->y + i, focused);
	if (!s->n && v->h > 0) {
		const char *msg = app_job_pending(&ui->app, APP_JOB_HISTORY) ? "loading..."
		                  : !ui->app.have_runs                       ? "(not loaded)"
		                  : s->filter                                ? "no run matches the filter"
		                  : s->failed                                ? "no failed runs"
		                                                             : "no runs";

		ui_draw(v->y, v->x + 2, v->w - 2, msg, ui_term_attr(UI_S_DIM));
	}
}

/* The next (dir 1) or previous (-1) row whose run did not succeed. */
static unsigned jump_failed(struct ui *ui, struct view *v, int dir)
{
	struct history *s = H(v);

	for (size_t i = v->sel; dir > 0 ? i + 1 < s->n : i > 0;) {
		i = dir > 0 ? i + 1 : i - 1;
		if (model_run_failed(row_run(ui, s, i))) {
			v->sel = i;
			view_scroll_to_sel(v, s->n);
			v->ops->select(ui, v);
			return UI_EV_HANDLED | UI_EV_REDRAW;
		}
	}
	app_msg(&ui->app, false, "no %s run that did not succeed", dir > 0 ? "later" : "earlier");
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void toggle_mark(struct ui *ui, struct view *v)
{
	struct history *s = H(v);
	const struct wr_run *r = row_run(ui, s, v->sel);

	if (!r)
		return;
	if (!r->id || !*r->id) {
		app_msg(&ui->app, true, "this run has no history entry ID: it cannot be rerun");
		return;
	}
	if (is_marked(s, r->id)) {
		for (size_t i = 0; i < s->n_marks; i++)
			if (strcmp(s->marks[i], r->id) == 0) {
				free(s->marks[i]);
				s->marks[i] = s->marks[--s->n_marks];
				break;
			}
	} else {
		if (s->n_marks == s->cap_marks) {
			s->cap_marks = s->cap_marks ? s->cap_marks * 2 : 16;
			s->marks = wr_xrealloc(s->marks, s->cap_marks, sizeof *s->marks);
		}
		s->marks[s->n_marks++] = wr_xstrdup(r->id);
	}
	/* On to the next, as marking goes down a list. */
	view_move(ui, v, UI_ACT_DOWN);
}

static unsigned history_key(struct ui *ui, struct view *v, enum ui_action act)
{
	struct history *s = H(v);

	switch (act) {
	case UI_ACT_OPEN:
		ui_notify(ui, UI_EVENT_SHOW, NULL);
		ui_focus(ui, UI_VIEW_DETAIL);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_NEXT_FAILED:
		return jump_failed(ui, v, 1);
	case UI_ACT_PREV_FAILED:
		return jump_failed(ui, v, -1);
	case UI_ACT_MARK:
		toggle_mark(ui, v);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_SORT:
		s->sort = (enum wr_sort)((s->sort + 1) % WR_SORT_COUNT);
		rebuild(ui, v, true);
		app_msg(&ui->app, false, "runs by %s%s", query_sort_name(s->sort),
		        s->reverse ? ", reversed" : "");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_SORT_REVERSE:
		s->reverse = !s->reverse;
		rebuild(ui, v, true);
		app_msg(&ui->app, false, "runs by %s%s", query_sort_name(s->sort),
		        s->reverse ? ", reversed" : "");
		return UI_EV_HANDLED | UI_EV_REDRAW;
	default:
		return 0;
	}
}

static void history_select(struct ui *ui, struct view *v)
{
	remember_selection(ui, v);
	ui_notify(ui, UI_EVENT_SHOW, NULL);
}

static void history_filter(struct ui *ui, struct view *v, const char *text)
{
	struct history *s = H(v);

	free(s->filter);
	s->filter = text && *text ? wr_xstrdup(text) : NULL;
	rebuild(ui, v, true);
}

/* The worker selection changed: its runs, newest run first. */
static void history_event(struct ui *ui, struct view *v, enum ui_event ev, const void *arg)
{
	struct history *s = H(v);

	if (ev != UI_EVENT_WORKER)
		return;
	free(s->worker);
	s->worker = wr_xstrdup(ui->worker_key);
	if (s->failed)
		return; /* the failed view shows every worker's runs */
	rebuild(ui, v, false);
	ui_notify(ui, UI_EVENT_SHOW, NULL);
}

/* ---- what the interface's top asks ---------------------------------------- */

void ui_history_failed(struct ui *ui, bool on)
{
	struct view *v = &ui->views[UI_VIEW_HISTORY];
	struct history *s = H(v);

	if (s->failed == on)
		return;
	s->failed = on;
	/* Newest first: the failed view answers "what broke last". */
	s->sort = WR_SORT_START;
	s->reverse = false;
	rebuild(ui, v, !on);
	if (on) {
		v->sel = v->top = 0;
		remember_selection(ui, v);
	}
	ui_notify(ui, UI_EVENT_SHOW, NULL);
}

bool ui_history_failed_on(struct ui *ui)
{
	return history_of(ui)->failed;
}

const struct wr_run **ui_history_marked(struct ui *ui, size_t *n)
{
	struct history *s = history_of(ui);
	const struct wr_run **out = wr_xcalloc(s->n_marks, sizeof *out);
	size_t k = 0;

	for (size_t i = 0; i < ui->app.runs.n && k < s->n_marks; i++)
		if (is_marked(s, ui->app.runs.v[i].id))
			out[k++] = &ui->app.runs.v[i];
	*n = k;
	return out;
}

const struct wr_run **ui_history_rows(struct ui *ui, size_t *n)
{
	struct history *s = history_of(ui);
	const struct wr_run **out;

	history_sync(ui, &ui->views[UI_VIEW_HISTORY]);
	out = wr_xcalloc(s->n, sizeof *out);
	for (size_t i = 0; i < s->n; i++)
		out[i] = row_run(ui, s, i);
	*n = s->n;
	return out;
}

const struct wr_run **ui_history_batch(struct ui *ui, size_t *n, bool *marked)
{
	*marked = history_of(ui)->n_marks > 0;
	return *marked ? ui_history_marked(ui, n) : ui_history_rows(ui, n);
}

const char *ui_history_view_name(struct ui *ui)
{
	struct history *s = history_of(ui);

	return s->failed ? "failed" : s->worker ? s->worker : "all";
}

void ui_history_unmark(struct ui *ui)
{
	struct history *s = history_of(ui);

	for (size_t i = 0; i < s->n_marks; i++)
		free(s->marks[i]);
	s->n_marks = 0;
}

static const char *history_filter_text(struct ui *ui, struct view *v)
{
	return H(v)->filter;
}

const struct view_ops ui_history_ops = {
	.name = "history",
	.private_size = sizeof(struct history),
	.free = history_free,
	.sync = history_sync,
	.title = history_title,
	.rows = history_rows,
	.draw = history_draw,
	.key = history_key,
	.select = history_select,
	.filter = history_filter,
	.filter_text = history_filter_text,
	.event = history_event,
	.list = true,
};
