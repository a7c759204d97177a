/* ui_view_workers.c - the workers pane: "All workers", then each worker by
 * key (those that match the filter) with its action, state, success rate,
 * a strip of its last runs' outcomes and the runs that did not succeed in
 * the loaded history. */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "query.h"
#include "sanitize.h"
#include "stats.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct workers {
	char *key;             /* the selected worker's key, NULL: All workers */
	char *filter;          /* NULL: none */
	uint32_t *vis;         /* the workers shown: indexes into app.workers */
	size_t n_vis;
	unsigned long gen;     /* app.data_gen the rows were built for */
	bool built;
	int key_w, failed_w;   /* column widths, measured once per build */
	/* Per app row (0: all workers, i: workers.v[i-1]), once per data
	 * load: the success rate and the last outcomes. */
	struct trend {
		int rate;                    /* stats_rate; -1: no runs */
		uint8_t strip[STATS_STRIP];  /* enum stats_outcome, oldest first */
		uint8_t n_strip;
	} *trends;
	size_t n_trends;
	unsigned long trend_gen;
};

#define RATE_W 4 /* "100%" */

/* Where a row's columns go: the same on every row, so they line up. */
struct cols {
	int key_w, fw;                      /* the key; the failed count and its blank */
	bool action, state, rate, strip;    /* shown */
};

static struct workers *W(struct view *v)
{
	return v->priv;
}

/* The app's worker row (0: all) of a pane row. */
static size_t app_row(struct workers *s, size_t row)
{
	return row == 0 || row > s->n_vis ? 0 : s->vis[row - 1] + 1;
}

static void trends_build(struct ui *ui, struct workers *s)
{
	size_t n = ui->app.workers.n + 1;

	free(s->trends);
	s->trends = wr_xcalloc(n, sizeof *s->trends);
	s->n_trends = n;
	for (size_t row = 0; row < n; row++) {
		struct trend *t = &s->trends[row];
		const uint32_t *idx;
		size_t k;

		app_view(&ui->app, row, &idx, &k);
		t->rate = stats_rate(k - app_worker_failed(&ui->app, row), k);
		t->n_strip = (uint8_t)stats_strip(&ui->app.runs, idx, k, t->strip, STATS_STRIP);
	}
	s->trend_gen = ui->app.data_gen;
}

static void measure(struct ui *ui, struct workers *s)
{
	char buf[256];
	size_t all = app_worker_failed(&ui->app, 0);

	s->key_w = 12;
	s->failed_w = 0;
	if (all)
		s->failed_w = snprintf(buf, sizeof buf, "%zu failed", all);
	for (size_t i = 0; i < s->n_vis; i++) {
		const char *k = ui->app.workers.v[s->vis[i]].key;
		size_t failed = app_worker_failed(&ui->app, s->vis[i] + 1);
		int w;

		if (failed) {
			w = snprintf(buf, sizeof buf, "%zu failed", failed);
			if (w > s->failed_w)
				s->failed_w = w;
		}
		if (!k)
			continue;
		sanitize_buf(buf, sizeof buf, k, strlen(k), ui->san);
		w = fmt_width(buf);
		if (w > s->key_w)
			s->key_w = w;
	}
}

/* The rows again (after a load or a filter), the selection kept by key. */
static void rebuild(struct ui *ui, struct view *v)
{
	struct workers *s = W(v);
	const struct wr_worker_list *wl = &ui->app.workers;
	size_t sel = 0;

	free(s->vis);
	s->vis = wr_xcalloc(wl->n, sizeof *s->vis);
	s->n_vis = 0;
	for (size_t i = 0; i < wl->n; i++) {
		bool keep = query_match_worker(&wl->v[i], s->filter);

		/* The selected worker stays while the filter narrows: the
		 * history beside it shows its runs. */
		if (keep || (s->key && wl->v[i].key && strcmp(wl->v[i].key, s->key) == 0))
			s->vis[s->n_vis++] = (uint32_t)i;
		if (s->key && wl->v[i].key && strcmp(wl->v[i].key, s->key) == 0)
			sel = s->n_vis;
	}
	if (s->key && sel == 0) {
		/* The selected worker is gone: back to All workers. */
		free(s->key);
		s->key = NULL;
		ui->worker_key = NULL;
		ui_notify(ui, UI_EVENT_WORKER, NULL);
	}
	v->sel = sel;
	s->gen = ui->app.data_gen;
	s->built = true;
	if (!s->trends || s->trend_gen != ui->app.data_gen)
		trends_build(ui, s);
	measure(ui, s);
	view_scroll_to_sel(v, s->n_vis + 1);
}

static void workers_sync(struct ui *ui, struct view *v)
{
	struct workers *s = W(v);

	if (!s->built || s->gen != ui->app.data_gen)
		rebuild(ui, v);
}

static void workers_free(struct ui *ui, struct view *v)
{
	struct workers *s = W(v);

	free(s->key);
	free(s->filter);
	free(s->vis);
	free(s->trends);
	ui->worker_key = NULL;
}

static void workers_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	struct workers *s = W(v);
	char pos[48], filter[80] = "";

	if (!ui->app.have_workers) {
		snprintf(buf, n, "Workers");
		return;
	}
	if (s->filter && *s->filter)
		snprintf(filter, sizeof filter, "  /%.60s", s->filter);
	view_position(v, s->n_vis + 1, pos, sizeof pos);
	if (s->filter && *s->filter)
		snprintf(buf, n, "Workers (%zu of %zu)%s%s", s->n_vis, ui->app.workers.n, pos, filter);
	else
		snprintf(buf, n, "Workers (%zu)%s", ui->app.workers.n, pos);
}

static size_t workers_rows(struct ui *ui, struct view *v)
{
	return W(v)->n_vis + 1;
}

/* The columns for rows of w columns (the pane less the selection mark):
 * the key whole if it can be (the rate keeps a place beside a long one),
 * the failed count at the right edge, then as room allows the rate, the
 * strip, the state and the action: a narrow pane loses them in the
 * reverse order. */
static struct cols layout_cols(struct workers *s, int w)
{
	struct cols c;
	int avail;

	memset(&c, 0, sizeof c);
	c.fw = s->failed_w ? s->failed_w + 1 : 0;
	c.key_w = w - c.fw;
	if (c.key_w - (RATE_W + 1) >= 12)
		c.key_w -= RATE_W + 1;
	if (s->key_w < c.key_w)
		c.key_w = s->key_w;
	avail = w - c.fw - c.key_w - 1;
	if ((c.rate = avail >= RATE_W))
		avail -= RATE_W;
	if ((c.strip = c.rate && avail >= STATS_STRIP + 1))
		avail -= STATS_STRIP + 1;
	if ((c.state = avail >= 9))
		avail -= 9;
	c.action = c.state && avail >= 17;
	return c;
}

/* The rate and the strip of an app row, left of the failed count (end:
 * the column after them). The strip's newest run is on its right; on the
 * selected row it is drawn without the reverse video, which would turn
 * its blocks into holes. */
static void draw_trend(struct ui *ui, struct workers *s, size_t arow, const struct cols *c,
                       int y, int end, int base, bool sel)
{
	const struct trend *t = arow < s->n_trends ? &s->trends[arow] : NULL;
	char rate[16];

	if (!t || !ui->app.have_runs)
		return;
	if (c->strip) {
		int x = end - t->n_strip;

		end -= STATS_STRIP;
		for (size_t i = 0; i < t->n_strip; i++) {
			enum stats_outcome o = (enum stats_outcome)t->strip[i];
			enum ui_style st = o == STATS_SUCCEEDED ? UI_S_OK
			                   : o == STATS_FAILED ? UI_S_FAIL : UI_S_OTHER;

			ui_draw(y, x + (int)i, 1, o == STATS_SUCCEEDED ? ui->g->run_ok : ui->g->run_failed,
			        ui_term_attr(st) | (sel ? A_BOLD : 0));
		}
		end--;
	}
	if (c->rate) {
		if (t->rate < 0)
			snprintf(rate, sizeof rate, "%*s", RATE_W, "-");
		else
			snprintf(rate, sizeof rate, "%3d%%", t->rate);
		ui_draw(y, end - RATE_W, RATE_W, rate, t->rate < 0 ? base | ui_term_attr(UI_S_DIM) : base);
	}
}

static void draw_row(struct ui *ui, struct view *v, const struct cols *c, size_t row, int y,
                     bool focused)
{
	struct workers *s = W(v);
	bool sel = row == v->sel;
	int base = sel && focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	int x = v->x, w = v->w, col;
	size_t failed = app_worker_failed(&ui->app, app_row(s, row));
	char fbuf[32];

	ui_fill(y, x, w, base);
	/* The selection stays visible when the focus is elsewhere. */
	ui_draw(y, x, w, sel ? ">" : " ", base);
	x += 2;
	w -= 2;
	fbuf[0] = '\0';
	if (failed)
		snprintf(fbuf, sizeof fbuf, "%zu failed", failed);
	if (row == 0) {
		ui_draw(y, x, w, "All workers", base | A_BOLD);
	} else {
		const struct wr_worker *wk = &ui->app.workers.v[s->vis[row - 1]];

		ui_draw_san(y, x, c->key_w, wk->key, ui->san, base);
		col = x + c->key_w + 1;
		if (c->action) {
			ui_draw_san(y, col, 16, wk->action, ui->san, base);
			col += 17;
		}
		if (c->state)
			ui_draw(y, col, 8, wk->enabled == 1 ? "enabled" : wk->enabled == 0 ? "disabled" : "",
			        wk->enabled == 0 ? base | ui_term_attr(UI_S_DIM) : base);
	}
	draw_trend(ui, s, app_row(s, row), c, y, x + w - c->fw, base, sel && focused);
	if (fbuf[0]) {
		int fw = (int)strlen(fbuf);

		if (fw < w)
			ui_draw(y, v->x + v->w - fw, fw, fbuf,
			        sel && focused ? base : base | ui_term_attr(UI_S_FAIL));
	}
}

static void workers_draw(struct ui *ui, struct view *v)
{
	size_t n = workers_rows(ui, v);
	bool focused = ui->focus == UI_VIEW_WORKERS;
	struct cols c = layout_cols(W(v), v->w - 2);

	for (int i = 0; i < v->h && v->top + (size_t)i < n; i++)
		draw_row(ui, v, &c, v->top + (size_t)i, v->y + i, focused);
	if (!ui->app.have_workers && n == 1 && v->h > 1)
		ui_draw(v->y + 1, v->x + 2, v->w - 2,
		        app_job_pending(&ui->app, APP_JOB_WORKERS) ? "loading..." : "(not loaded)",
		        ui_term_attr(UI_S_DIM));
}

static unsigned workers_key(struct ui *ui, struct view *v, enum ui_action act)
{
	if (act == UI_ACT_OPEN) {
		ui_focus(ui, UI_VIEW_HISTORY);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	return 0;
}

/* Switching worker: the history pane shows its runs (O(1) for the slice),
 * newest run first. */
static void workers_select(struct ui *ui, struct view *v)
{
	struct workers *s = W(v);
	size_t row = app_row(s, v->sel);

	free(s->key);
	s->key = row ? wr_xstrdup(ui->app.workers.v[row - 1].key) : NULL;
	ui->worker_key = s->key;
	ui_notify(ui, UI_EVENT_WORKER, NULL);
}

static void workers_filter(struct ui *ui, struct view *v, const char *text)
{
	struct workers *s = W(v);

	free(s->filter);
	s->filter = text && *text ? wr_xstrdup(text) : NULL;
	rebuild(ui, v);
}

static const char *workers_filter_text(struct ui *ui, struct view *v)
{
	return W(v)->filter;
}

const struct view_ops ui_workers_ops = {
	.name = "workers",
	.private_size = sizeof(struct workers),
	.free = workers_free,
	.sync = workers_sync,
	.title = workers_title,
	.rows = workers_rows,
	.draw = workers_draw,
	.key = workers_key,
	.select = workers_select,
	.filter = workers_filter,
	.filter_text = workers_filter_text,
	.list = true,
};
