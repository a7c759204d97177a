/* ui_view_history.c - the history pane: the selected worker's runs, newest
 * first. Only the rows on screen are drawn. */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"
#include "ui_util.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static void history_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	char key[128];

	if (ui->worker_row == 0 || !ui->worker_key)
		snprintf(key, sizeof key, "all workers");
	else
		sanitize_buf(key, sizeof key, ui->worker_key, strlen(ui->worker_key), ui->san);
	if (ui->app.have_runs)
		snprintf(buf, n, "History: %s (%zu run%s)", key, ui->hist_n, ui->hist_n == 1 ? "" : "s");
	else
		snprintf(buf, n, "History: %s", key);
}

static size_t history_rows(struct ui *ui, struct view *v)
{
	return ui->hist_n;
}

/* "SUCCESS", "FAIL", or another status without its STATUS_ prefix. */
static const char *status_text(const struct wr_run *r)
{
	if (r->kind == WR_STATUS_SUCCESS)
		return "SUCCESS";
	if (r->kind == WR_STATUS_FAIL)
		return "FAIL";
	if (!r->status)
		return "?";
	return strncmp(r->status, "STATUS_", 7) == 0 && r->status[7] ? r->status + 7 : r->status;
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
 * short ID, the worker (all-workers view), the duration, the trigger. */
struct cols {
	int start_w, worker_w;
	bool id, worker, dur, trigger;
};

static void fit_cols(struct ui *ui, struct view *v, struct cols *c)
{
	int room;

	memset(c, 0, sizeof *c);
	c->start_w = v->w >= 72 ? 19 : 11;
	room = v->w - 2 - 8 - (c->start_w + 1);
	c->worker_w = ui->workers_key_w > 0 && ui->workers_key_w < 16 ? ui->workers_key_w : 16;
	if ((c->id = room >= 9))
		room -= 9;
	if ((c->worker = ui->worker_row == 0 && room >= c->worker_w + 1))
		room -= c->worker_w + 1;
	if ((c->dur = room >= 9))
		room -= 9;
	c->trigger = room >= 7;
}

static void draw_row(struct ui *ui, struct view *v, const struct cols *c, size_t row, int y,
                     bool focused)
{
	const struct wr_run *r = &ui->app.runs.v[ui->hist_idx[row]];
	bool sel = row == v->sel;
	int base = sel && focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	int st = r->kind == WR_STATUS_SUCCESS ? UI_S_OK : r->kind == WR_STATUS_FAIL ? UI_S_FAIL
	                                                                            : UI_S_OTHER;
	int x = v->x, end = v->x + v->w;
	bool busy = app_rerun_job(&ui->app, r->id) != NULL;
	char start[32], dur[32], id[16];
	int64_t d = r->metrics.duration_ms;

	ui_fill(y, x, v->w, base);
	x = col(y, x, end, 1, busy ? ui->g->busy : sel ? ">" : " ", 0, false, base);
	/* The status keeps its colour on the selected row too: reverse video
	 * of a coloured cell still reads as that colour. */
	x = col(y, x, end, 7, status_text(r), ui->san, true, base | ui_term_attr(st));
	fmt_time(start, sizeof start, r->start_ms);
	if (c->start_w < 19 && strlen(start) >= 16) {
		/* Narrow: "MM-DD HH:MM" out of "YYYY-MM-DD HH:MM:SS". */
		memmove(start, start + 5, 11);
		start[11] = '\0';
	}
	x = col(y, x, end, c->start_w, start, 0, false, base);
	if (c->dur) {
		if (d < 0 && r->start_ms >= 0 && r->end_ms >= r->start_ms)
			d = r->end_ms - r->start_ms;
		fmt_duration(dur, sizeof dur, d);
		x = col(y, x, end, 8, dur, 0, false, base);
	}
	if (c->worker)
		x = col(y, x, end, c->worker_w, r->worker_key, ui->san, true, base);
	if (c->trigger)
		x = col(y, x, end, end - x - (c->id ? 9 : 0), r->triggered_by, ui->san, true, base);
	if (c->id) {
		fmt_short_id(id, sizeof id, r->id, 8);
		col(y, x, end, 8, r->id ? id : "(no ID)", ui->san, true,
		    r->id ? base : base | ui_term_attr(UI_S_DIM));
	}
}

static void history_draw(struct ui *ui, struct view *v)
{
	bool focused = ui->focus == UI_VIEW_HISTORY;
	struct cols c;

	fit_cols(ui, v, &c);
	for (int i = 0; i < v->h && v->top + (size_t)i < ui->hist_n; i++)
		draw_row(ui, v, &c, v->top + (size_t)i, v->y + i, focused);
	if (!ui->hist_n && v->h > 0) {
		const char *msg = app_job_pending(&ui->app, APP_JOB_HISTORY) ? "loading..."
		                  : ui->app.have_runs                        ? "no runs"
		                                                             : "(not loaded)";

		ui_draw(v->y, v->x + 2, v->w - 2, msg, ui_term_attr(UI_S_DIM));
	}
}

static unsigned history_key(struct ui *ui, struct view *v, enum ui_action act)
{
	if (act == UI_ACT_OPEN) {
		ui->focus = UI_VIEW_DETAIL;
		ui->show_result = false;
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	return 0;
}

static void history_select(struct ui *ui, struct view *v)
{
	ui->show_result = false;
	ui_history_selected(ui);
}

const struct view_ops ui_history_ops = {
	"history", history_title, history_rows, history_draw, history_key, history_select, true,
};
