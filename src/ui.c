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
#include "sanitize.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_term.h"
#include "ui_util.h"
#include "ui_view.h"

#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10
#define UI_WIDE_COLS 100 /* below this the panes stack */

/* ---- layout ------------------------------------------------------------------ */

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void place(struct view *v, int hy, int x, int w, int h)
{
	v->hy = hy;
	v->y = hy + 1;
	v->x = x;
	v->w = w;
	v->h = h > 0 ? h : 0;
	if (v->ops->list)
		view_scroll_to_sel(v);
}

static void layout(struct ui *ui)
{
	struct view *wv = &ui->views[UI_VIEW_WORKERS], *hv = &ui->views[UI_VIEW_HISTORY],
		    *dv = &ui->views[UI_VIEW_DETAIL];
	int top = 1, avail, nw = (int)(ui->app.workers.n + 1);

	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
	ui->narrow = ui->cols < UI_WIDE_COLS;
	if (ui->too_small)
		return;
	avail = ui->rows - 3; /* title bar, status line, key hints */
	if (!ui->narrow) {
		/* Workers above history on the left, detail on the right. */
		int lw = ui->cols / 2, body = avail - 2;
		int wh = clampi(nw, 2, body / 3);

		place(wv, top, 0, lw, wh);
		place(hv, top + 1 + wh, 0, lw, body - wh);
		place(dv, top, lw + 1, ui->cols - lw - 1, avail - 1);
	} else {
		/* Stacked: workers, history, detail. */
		int body = avail - 3;
		int wh = clampi(nw, 1, body / 4 > 1 ? body / 4 : 1);
		int hh = (body - wh) / 2;

		place(wv, top, 0, ui->cols, wh);
		place(hv, top + 1 + wh, 0, ui->cols, hh);
		place(dv, top + 2 + wh + hh, 0, ui->cols, body - wh - hh);
	}
}

/* ---- painting ---------------------------------------------------------------- */

static void busy_text(struct ui *ui, char *buf, size_t n)
{
	const struct app_job *b = app_busy(&ui->app);
	bool workers = false, history = false, rerun = false;
	long long s;

	buf[0] = '\0';
	if (!b)
		return;
	for (const struct app_job *j = ui->app.jobs; j; j = j->next) {
		workers |= j->running && j->kind == APP_JOB_WORKERS;
		history |= j->running && j->kind == APP_JOB_HISTORY;
		rerun |= j->running && j->kind == APP_JOB_RERUN;
	}
	s = (long long)((ui_mono_ms() - b->started_ms) / 1000);
	snprintf(buf, n, "%s%s%s%s%s %llds", workers || history ? "loading " : "",
	         workers ? "workers" : "", workers && history ? ", " : "", history ? "history" : "",
	         rerun ? (workers || history ? ", rerun" : "rerun in flight") : "", s);
}

static void paint_title(struct ui *ui)
{
	char left[512], url[256], busy[96];
	int attr = ui_term_attr(UI_S_TITLE), bw, lw;

	sanitize_buf(url, sizeof url, ui->srv && ui->srv->url ? ui->srv->url : "",
	             ui->srv && ui->srv->url ? strlen(ui->srv->url) : 0, ui->san);
	snprintf(left, sizeof left, " wrun  %s%s%s%s", url, ui->opts->banner ? "  [" : "",
	         ui->opts->banner ? ui->opts->banner : "", ui->opts->banner ? "]" : "");
	ui_fill(0, 0, ui->cols, attr);
	lw = ui_draw(0, 0, ui->cols, left, attr);
	/* --insecure is never hidden: the token can be read on the way. */
	if (ui->srv && ui->srv->insecure && lw + 12 < ui->cols)
		ui_draw(0, lw + 2, 10, "INSECURE", ui_term_attr(UI_S_FAIL) | A_BOLD | A_REVERSE);
	busy_text(ui, busy, sizeof busy);
	bw = (int)strlen(busy);
	if (bw && bw + 2 < ui->cols)
		ui_draw(0, ui->cols - bw - 1, bw, busy, attr);
}

static void paint_heading(struct ui *ui, struct view *v, bool focused)
{
	char title[256];
	int tw;

	ui_hline(ui->g, v->hy, v->x, v->w, ui_term_attr(UI_S_DIM));
	v->ops->title(ui, v, title, sizeof title);
	tw = ui_text_width(title, strlen(title));
	if (v->w < 4)
		return;
	ui_draw(v->hy, v->x + 1, 1, " ", focused ? A_REVERSE : A_NORMAL);
	ui_draw(v->hy, v->x + 2, v->w - 3, title, focused ? A_REVERSE | A_BOLD : A_BOLD);
	if (tw + 3 < v->w)
		ui_draw(v->hy, v->x + 2 + tw, 1, " ", focused ? A_REVERSE : A_NORMAL);
}

static void paint_status(struct ui *ui)
{
	int y = ui->rows - 2;
	char hints[256], line[128];

	if (ui->app.msg[0]) {
		ui_draw(y, 1, ui->cols - 2, ui->app.msg,
		        ui_term_attr(ui->app.msg_error ? UI_S_ERROR : UI_S_NORMAL));
	} else if (app_busy(&ui->app)) {
		ui_draw(y, 1, ui->cols - 2, "loading... (Esc cancels)", ui_term_attr(UI_S_DIM));
	} else if (ui->app.have_runs) {
		snprintf(line, sizeof line, "%zu runs loaded, %zu failed", ui->app.runs.n,
		         ui->app.failed_total);
		ui_draw(y, 1, ui->cols - 2, line, ui_term_attr(UI_S_DIM));
	}
	ui_key_hints(hints, sizeof hints);
	ui_draw(ui->rows - 1, 1, ui->cols - 2, hints, ui_term_attr(UI_S_DIM));
}

static void paint(struct ui *ui)
{
	erase();
	layout(ui);
	if (ui->too_small) {
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
		refresh();
		return;
	}
	paint_title(ui);
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &ui->views[i];

		paint_heading(ui, v, ui->focus == (enum ui_view_id)i);
		v->ops->draw(ui, v);
	}
	if (!ui->narrow)
		ui_vline(ui->g, 1, ui->views[UI_VIEW_DETAIL].x - 1, ui->rows - 3,
		         ui_term_attr(UI_S_DIM));
	paint_status(ui);
	if (ui->help)
		ui_help_draw(ui);
	if (ui->dialog.open)
		ui_dialog_draw(ui);
	refresh();
}

/* ---- keys --------------------------------------------------------------------- */

static unsigned do_rerun(struct ui *ui, bool force)
{
	const struct wr_run *r = ui_selected_run(ui);
	const char *why = app_rerun_refusal(&ui->app, r);

	if (why) {
		app_msg(&ui->app, true, "cannot rerun: %s", why);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	}
	ui_dialog_open(ui, r, force);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static unsigned do_cancel(struct ui *ui)
{
	size_t n = app_cancel_all(&ui->app);

	if (n)
		app_msg(&ui->app, false, "canceled %zu request%s", n, n == 1 ? "" : "s");
	else if (ui->show_result)
		ui->show_result = false;
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void focus_to(struct ui *ui, int delta, bool wrap)
{
	int f = (int)ui->focus + delta;

	if (wrap)
		f = (f + UI_VIEW_COUNT) % UI_VIEW_COUNT;
	ui->focus = (enum ui_view_id)clampi(f, 0, UI_VIEW_COUNT - 1);
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
	act = ui_key_action(ch);
	if (ui->dialog.open) {
		/* Too small, the confirmation is not on the screen: no rerun
		 * is confirmed blind. It waits to be seen; Esc cancels it. A
		 * resize can reach curses after the keys typed once it was
		 * over, so other keys still act while the terminal is small. */
		if (ui->too_small && act != UI_ACT_CANCEL)
			return 0;
		return ui_dialog_key(ui, ch);
	}
	if (ui->help)
		return ui_help_key(ui, act);
	switch (act) {
	case UI_ACT_NONE:
		return 0;
	case UI_ACT_QUIT:
		ui->quit = true;
		ui->exit_code = 0;
		return UI_EV_HANDLED;
	case UI_ACT_HELP:
		ui->help = true;
		ui->help_top = 0;
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_CANCEL:
		return do_cancel(ui);
	case UI_ACT_REFRESH:
		app_load_workers(&ui->app);
		app_load_history(&ui->app);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_RERUN:
		return do_rerun(ui, false);
	case UI_ACT_RERUN_FORCE:
		return do_rerun(ui, true);
	case UI_ACT_FOCUS_NEXT:
		focus_to(ui, 1, true);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_FOCUS_PREV:
		focus_to(ui, -1, true);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_FOCUS_LEFT:
		focus_to(ui, -1, false);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_ACT_FOCUS_RIGHT:
		focus_to(ui, 1, false);
		return UI_EV_HANDLED | UI_EV_REDRAW;
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
		flags |= handle_key(ui, ch);
	}
	return flags;
}

/* ---- the loop ----------------------------------------------------------------- */

/* After a load: the selected worker and run found again by key and ID. */
static void sync_data(struct ui *ui)
{
	struct view *wv = &ui->views[UI_VIEW_WORKERS];

	if (ui->data_gen == ui->app.data_gen)
		return;
	ui->data_gen = ui->app.data_gen;
	ui->worker_row = ui->worker_key ? app_worker_row(&ui->app, ui->worker_key) : 0;
	if (ui->worker_row == 0) {
		free(ui->worker_key);
		ui->worker_key = NULL;
	}
	wv->sel = ui->worker_row;
	view_scroll_to_sel(wv);
	ui_sync_history(ui, true);
}

static int next_timeout(struct ui *ui, int64_t now)
{
	const struct app_job *b = app_busy(&ui->app);
	int64_t next = 0, exp;

	if (b)
		next = b->started_ms + ((now - b->started_ms) / 1000 + 1) * 1000;
	exp = app_tick(&ui->app, now);
	if (exp && (!next || exp < next))
		next = exp;
	if (!next)
		return -1;
	return next <= now ? 0 : next - now > INT_MAX ? INT_MAX : (int)(next - now);
}

static void loop(struct ui *ui, struct api *api, bool exit_after_paint)
{
	struct http *http = api_http(api);
	unsigned long result_gen = ui->app.result_gen;
	long long busy_shown = -1;
	bool dirty = true;

	while (!ui->quit) {
		struct wr_error err;
		const struct app_job *b;
		bool ready = false;
		unsigned flags;
		int64_t now;
		int sig;

		app_pump(&ui->app);
		sync_data(ui);
		if (ui->app.result_gen != result_gen) {
			result_gen = ui->app.result_gen;
			if (ui->app.result.rerun)
				ui->show_result = true;
		}
		now = ui_mono_ms();
		app_tick(&ui->app, now);
		b = app_busy(&ui->app);
		if (b && (now - b->started_ms) / 1000 != busy_shown) {
			busy_shown = (now - b->started_ms) / 1000;
			dirty = true;
		} else if (!b && busy_shown >= 0) {
			busy_shown = -1;
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
		if (!http_wait(http, ui_term_wake_fd(), next_timeout(ui, ui_mono_ms()), &ready, &err)) {
			app_msg(&ui->app, true, "%s", err.msg);
			ui->exit_code = 3;
			break;
		}
		http_run(http);
		/* The callbacks may have replaced the runs: the history slice
		 * points into them, so it is found again before any key. */
		sync_data(ui);
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
		if (flags & UI_EV_RESIZE)
			clearok(curscr, TRUE);
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

static void ui_free(struct ui *ui)
{
	ui_dialog_close(ui);
	ui_doc_free(&ui->doc);
	app_free(&ui->app);
	free(ui->worker_key);
	free(ui->run_id);
}

int ui_run(const struct wr_server *srv, struct api *api, const struct ui_opts *opts)
{
	static const struct ui_opts no_opts;
	struct ui ui;
	struct wr_error err;
	const char *eap = getenv("WRUN_EXIT_AFTER_PAINT");
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
	ui.views[UI_VIEW_WORKERS].ops = &ui_workers_ops;
	ui.views[UI_VIEW_HISTORY].ops = &ui_history_ops;
	ui.views[UI_VIEW_DETAIL].ops = &ui_detail_ops;
	ui.focus = UI_VIEW_WORKERS;
	app_init(&ui.app, api, opts->test_runs, &opts->config_limits);

	wr_error_clear(&err);
	if (!ui_term_open(&err)) {
		/* An unusable TERM is a configuration error, like a bad flag. */
		fprintf(stderr, "wrun: %s\n", err.msg);
		ui_free(&ui);
		return 2;
	}
	app_load_workers(&ui.app);
	app_load_history(&ui.app);
	loop(&ui, api, eap && strcmp(eap, "1") == 0);
	ui_term_close();
	/* A fatal error is said where it stays readable: on the restored
	 * terminal. */
	if (ui.exit_code == 3 && ui.app.msg[0])
		fprintf(stderr, "wrun: %s\n", ui.app.msg);
	ui_free(&ui);
	return ui.exit_code;
}
