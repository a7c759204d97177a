/* ui_view_workers.c - the workers pane: "All workers", then each worker by
 * key with its action, state and the failed runs in the loaded history. */
#include "config.h"

#include "ui_view.h"
#include "sanitize.h"
#include "ui_term.h"
#include "ui_util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void workers_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	if (ui->app.have_workers)
		snprintf(buf, n, "Workers (%zu)", ui->app.workers.n);
	else
		snprintf(buf, n, "Workers");
}

static size_t workers_rows(struct ui *ui, struct view *v)
{
	return ui->app.workers.n + 1;
}

static void draw_row(struct ui *ui, struct view *v, size_t row, int y, bool focused)
{
	bool sel = row == v->sel;
	int base = sel && focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	int x = v->x, w = v->w, col;
	size_t failed = app_worker_failed(&ui->app, row);
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
		const struct wr_worker *wk = &ui->app.workers.v[row - 1];
		/* The key whole if it can be, then the action (16) and the state
		 * (8) as room allows, the failed count at the right edge. The
		 * room is the same on every row, so the columns line up. */
		int fw = ui->workers_failed_w ? ui->workers_failed_w + 1 : 0;
		int key_w = ui->workers_key_w < w - fw ? ui->workers_key_w : w - fw;
		int room = w - fw - key_w - 1;
		bool state = room >= 9, action = room >= 9 + 17;

		ui_draw_san(y, x, key_w, wk->key, ui->san, base);
		col = x + key_w + 1;
		if (action) {
			ui_draw_san(y, col, 16, wk->action, ui->san, base);
			col += 17;
		}
		if (state)
			ui_draw(y, col, 8, wk->enabled == 1 ? "enabled" : wk->enabled == 0 ? "disabled" : "",
			        wk->enabled == 0 ? base | ui_term_attr(UI_S_DIM) : base);
	}
	if (fbuf[0]) {
		int fw = (int)strlen(fbuf);

		if (fw < w)
			ui_draw(y, v->x + v->w - fw, fw, fbuf,
			        sel && focused ? base : base | ui_term_attr(UI_S_FAIL));
	}
}

/* The key column fits the longest key, the failed column the largest
 * count: measured once per load. */
static void measure_keys(struct ui *ui)
{
	char buf[256];

	if (ui->workers_key_gen == ui->app.data_gen && ui->workers_key_w)
		return;
	ui->workers_key_gen = ui->app.data_gen;
	ui->workers_key_w = 12;
	ui->workers_failed_w = 0;
	for (size_t i = 0; i < ui->app.workers.n; i++) {
		const char *k = ui->app.workers.v[i].key;
		size_t failed = app_worker_failed(&ui->app, i + 1);
		int w;

		if (failed) {
			w = snprintf(buf, sizeof buf, "%zu failed", failed);
			if (w > ui->workers_failed_w)
				ui->workers_failed_w = w;
		}

		if (!k)
			continue;
		sanitize_buf(buf, sizeof buf, k, strlen(k), ui->san);
		w = ui_text_width(buf, strlen(buf));
		if (w > ui->workers_key_w)
			ui->workers_key_w = w;
	}
}

static void workers_draw(struct ui *ui, struct view *v)
{
	size_t n = workers_rows(ui, v);
	bool focused = ui->focus == UI_VIEW_WORKERS;

	measure_keys(ui);

	for (int i = 0; i < v->h && v->top + (size_t)i < n; i++)
		draw_row(ui, v, v->top + (size_t)i, v->y + i, focused);
	if (!ui->app.have_workers && n == 1 && v->h > 1)
		ui_draw(v->y + 1, v->x + 2, v->w - 2,
		        app_job_pending(&ui->app, APP_JOB_WORKERS) ? "loading..." : "(not loaded)",
		        ui_term_attr(UI_S_DIM));
}

static unsigned workers_key(struct ui *ui, struct view *v, enum ui_action act)
{
	if (act == UI_ACT_OPEN) {
		ui->focus = UI_VIEW_HISTORY;
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	return 0;
}

/* Switching worker: the history pane shows its slice (O(1)), newest run
 * first, and the detail pane its run rather than an old rerun result. */
static void workers_select(struct ui *ui, struct view *v)
{
	ui->worker_row = v->sel;
	free(ui->worker_key);
	ui->worker_key = NULL;
	if (v->sel > 0 && v->sel <= ui->app.workers.n)
		ui->worker_key = ui_xstrdup(ui->app.workers.v[v->sel - 1].key);
	ui->show_result = false;
	ui_sync_history(ui, false);
}

const struct view_ops ui_workers_ops = {
	"workers", workers_title, workers_rows, workers_draw, workers_key, workers_select, true,
};
