/* ui_overlay.c - what is drawn over the panes: the rerun confirmation and
 * the help screen (made from the action table). */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"
#include "ui_util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rerun confirmation ------------------------------------------------------ */

void ui_dialog_close(struct ui *ui)
{
	struct ui_dialog *d = &ui->dialog;

	free(d->id);
	free(d->worker_key);
	free(d->project_key);
	memset(d, 0, sizeof *d);
}

void ui_dialog_open(struct ui *ui, const struct wr_run *r, bool force)
{
	struct ui_dialog *d = &ui->dialog;

	ui_dialog_close(ui);
	d->open = true;
	d->force = force;
	d->id = ui_xstrdup(r->id);
	d->worker_key = ui_xstrdup(r->worker_key);
	d->project_key = ui_xstrdup(r->project_key);
	d->run.id = d->id;
	d->run.worker_key = d->worker_key;
	d->run.project_key = d->project_key;
	d->run.start_ms = r->start_ms;
}

unsigned ui_dialog_key(struct ui *ui, int key)
{
	if (key == 'y' || key == 'Y') {
		char id[16];

		fmt_short_id(id, sizeof id, ui->dialog.id, 8);
		if (app_rerun(&ui->app, &ui->dialog.run, ui->dialog.force))
			app_msg(&ui->app, false, "rerun of %.8s sent%s", id,
			        ui->dialog.force ? " (forceRecord=true)" : "");
	} else {
		app_msg(&ui->app, false, "rerun canceled: nothing was sent");
	}
	ui_dialog_close(ui);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void dialog_line(struct ui *ui, int y, int x, int w, const char *label, const char *raw)
{
	int lw = ui_draw(y, x, w, label, ui_term_attr(UI_S_LABEL));

	ui_draw_san(y, x + lw, w - lw, raw, ui->san, A_NORMAL);
}

void ui_dialog_draw(struct ui *ui)
{
	struct ui_dialog *d = &ui->dialog;
	int w = ui->cols - 4 < 72 ? ui->cols - 4 : 72;
	int h = d->force ? 9 : 8;
	int y = (ui->rows - h) / 2, x = (ui->cols - w) / 2, iw = w - 4;
	char start[64], ago[32], when[100];

	ui_box(ui->g, y, x, h, w, A_NORMAL);
	ui_draw(y, x + 2, iw, d->force ? " Rerun with forceRecord? " : " Rerun? ", A_BOLD);
	fmt_time(start, sizeof start, d->run.start_ms);
	fmt_ago(ago, sizeof ago, d->run.start_ms, fmt_now_ms());
	snprintf(when, sizeof when, "%s (%s)", start, ago);
	dialog_line(ui, y + 2, x + 2, iw, "Worker:  ", d->worker_key);
	dialog_line(ui, y + 3, x + 2, iw, "Run ID:  ", d->id);
	dialog_line(ui, y + 4, x + 2, iw, "Started: ", when);
	if (d->force)
		ui_draw(y + 5, x + 2, iw, "Recorded in history even if it succeeds.", A_NORMAL);
	ui_draw(y + h - 2, x + 2, iw, "y: rerun   any other key: cancel", A_BOLD);
}

/* ---- help --------------------------------------------------------------------- */

#define HELP_KEYS_W 22

static size_t help_lines(void)
{
	return ui_key_help_count();
}

static void help_geometry(struct ui *ui, int *y, int *x, int *h, int *w)
{
	*w = ui->cols - 2 < 96 ? ui->cols - 2 : 96;
	*h = (int)help_lines() + 4;
	if (*h > ui->rows - 2)
		*h = ui->rows - 2;
	*y = (ui->rows - *h) / 2;
	*x = (ui->cols - *w) / 2;
}

unsigned ui_help_key(struct ui *ui, enum ui_action act)
{
	int y, x, h, w;
	size_t page, n = help_lines();

	help_geometry(ui, &y, &x, &h, &w);
	page = h > 4 ? (size_t)(h - 4) : 1;
	switch (act) {
	case UI_ACT_HELP:
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
		ui->help = false;
		break;
	case UI_ACT_UP:
		if (ui->help_top)
			ui->help_top--;
		break;
	case UI_ACT_DOWN:
		if (ui->help_top + page < n)
			ui->help_top++;
		break;
	case UI_ACT_FIRST:
	case UI_ACT_PAGE_UP:
		ui->help_top = 0;
		break;
	case UI_ACT_LAST:
	case UI_ACT_PAGE_DOWN:
		ui->help_top = n > page ? n - page : 0;
		break;
	default:
		/* Other keys do nothing while the help is up: no surprise
		 * rerun behind it. */
		break;
	}
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

void ui_help_draw(struct ui *ui)
{
	int y, x, h, w, kw;
	size_t n = help_lines();

	help_geometry(ui, &y, &x, &h, &w);
	ui_box(ui->g, y, x, h, w, A_NORMAL);
	ui_draw(y, x + 2, w - 4, " Help: keys of wrun (? or Esc closes) ", A_BOLD);
	kw = w - 4 > 60 ? HELP_KEYS_W : 14;
	for (int i = 0; i < h - 4 && ui->help_top + (size_t)i < n; i++) {
		struct ui_key_help kh;

		ui_key_help_get(ui->help_top + (size_t)i, &kh);
		ui_draw(y + 2 + i, x + 2, kw, kh.keys, ui_term_attr(UI_S_LABEL));
		ui_draw(y + 2 + i, x + 2 + kw + 1, w - 5 - kw, kh.help, A_NORMAL);
	}
	if (ui->help_top + (size_t)(h - 4) < n)
		ui_draw(y + h - 1, x + w - 10, 8, " more ", A_REVERSE);
}
