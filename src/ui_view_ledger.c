/* ui_view_ledger.c - the rerun ledger: every rerun of the session, newest
 * first: its outcome, when, the worker, the original run and the execution
 * ID. The detail pane shows the selected entry's result. */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "ui_term.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

struct ledger {
	unsigned long gen; /* app.ledger_gen last seen */
	size_t n;          /* entries then */
};

static struct ledger *L(struct view *v)
{
	return v->priv;
}

/* Row 0 is the newest entry. */
static struct app_rerun *row_entry(struct ui *ui, size_t row)
{
	return row < ui->app.n_ledger ? ui->app.ledger[ui->app.n_ledger - 1 - row] : NULL;
}

static void ledger_sync(struct ui *ui, struct view *v)
{
	struct ledger *s = L(v);

	if (s->gen == ui->app.ledger_gen)
		return;
	/* New entries come on top: the selection stays on its entry. */
	if (ui->app.n_ledger > s->n && s->n)
		v->sel += ui->app.n_ledger - s->n;
	if (v->sel >= ui->app.n_ledger)
		v->sel = ui->app.n_ledger ? ui->app.n_ledger - 1 : 0;
	s->n = ui->app.n_ledger;
	s->gen = ui->app.ledger_gen;
	view_scroll_to_sel(v, s->n);
}

static void ledger_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	char pos[48];

	view_position(v, ui->app.n_ledger, pos, sizeof pos);
	snprintf(buf, n, "Ledger: reruns of this session (%zu)%s", ui->app.n_ledger, pos);
}

static size_t ledger_rows(struct ui *ui, struct view *v)
{
	return ui->app.n_ledger;
}

static int entry_style(const struct app_rerun *r)
{
	switch (r->state) {
	case APP_RERUN_DONE:
		return r->result && r->result->kind == WR_STATUS_SUCCESS ? UI_S_OK
		       : r->result && r->result->kind == WR_STATUS_FAIL  ? UI_S_FAIL
		                                                         : UI_S_OTHER;
	case APP_RERUN_FAILED:
		return UI_S_ERROR;
	default:
		return UI_S_OTHER;
	}
}

static void ledger_draw(struct ui *ui, struct view *v)
{
	bool focused = ui->focus == UI_VIEW_LEDGER;

	for (int i = 0; i < v->h && v->top + (size_t)i < ui->app.n_ledger; i++) {
		size_t row = v->top + (size_t)i;
		const struct app_rerun *r = row_entry(ui, row);
		bool sel = row == v->sel;
		int base = sel && focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
		int x = v->x, end = v->x + v->w, y = v->y + i;
		char when[32], orig[64], exec[64], line[160];
		int64_t t = r->answered_ms != WR_NONE ? r->answered_ms : r->sent_ms;

		ui_fill(y, x, v->w, base);
		ui_draw(y, x, 1, sel ? ">" : " ", base);
		x += 2;
		x += ui_draw(y, x, 10, app_rerun_state_text(r), base | ui_term_attr(entry_style(r)));
		x = v->x + 12;
		if (t != WR_NONE)
			ui_list_time(ui, t, true, when, sizeof when);
		else
			snprintf(when, sizeof when, "-");
		ui_draw(y, x, end - x, when, base);
		x += ui->relative_times ? 9 : 12;
		if (x >= end)
			continue;
		x += ui_draw_san(y, x, 16 < end - x ? 16 : end - x, r->worker_key, ui->san, base) + 1;
		app_short_id(&ui->app, r->entry_id, orig, sizeof orig);
		fmt_short_id(exec, sizeof exec,
		             r->result && r->result->execution_id ? r->result->execution_id : NULL, 8);
		snprintf(line, sizeof line, "of %s -> %s%s", orig, exec,
		         r->state == APP_RERUN_WAITING ? " (call limit: waiting)" : "");
		if (x < end)
			ui_draw_san(y, x, end - x, line, ui->san, base);
	}
	if (!ui->app.n_ledger && v->h > 0)
		ui_draw(v->y, v->x + 2, v->w - 2, "no rerun yet in this session (r reruns a run)",
		        ui_term_attr(UI_S_DIM));
}

static unsigned ledger_key(struct ui *ui, struct view *v, enum ui_action act)
{
	if (act != UI_ACT_OPEN)
		return 0;
	ui_notify(ui, UI_EVENT_SHOW, row_entry(ui, v->sel));
	ui_focus(ui, UI_VIEW_DETAIL);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void ledger_select(struct ui *ui, struct view *v)
{
	ui_notify(ui, UI_EVENT_SHOW, row_entry(ui, v->sel));
}

const struct app_rerun *ui_ledger_entry(struct ui *ui)
{
	struct view *v = &ui->views[UI_VIEW_LEDGER];

	ledger_sync(ui, v);
	return row_entry(ui, v->sel);
}

const struct view_ops ui_ledger_ops = {
	.name = "ledger",
	.private_size = sizeof(struct ledger),
	.sync = ledger_sync,
	.title = ledger_title,
	.rows = ledger_rows,
	.draw = ledger_draw,
	.key = ledger_key,
	.select = ledger_select,
	.list = true,
};
