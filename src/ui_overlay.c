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
	bool project = d->project_key && *d->project_key;
	int h = 8 + (d->force ? 1 : 0) + (project ? 1 : 0);
	int line;
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
	line = y + 5;
	if (project)
		dialog_line(ui, line++, x + 2, iw, "Project: ", d->project_key);
	if (d->force)
		ui_draw(line, x + 2, iw, "Recorded in history even if it succeeds.", A_NORMAL);
	ui_draw(y + h - 2, x + 2, iw, "y: rerun   any other key: cancel", A_BOLD);
}

/* ---- help --------------------------------------------------------------------- */

#define HELP_KEYS_W 16

struct help_geom {
	int y, x, h, w; /* the box */
	int kw, tw;     /* keys column, text column */
	size_t page;    /* text rows inside */
};

static void help_geometry(struct ui *ui, struct help_geom *g)
{
	g->w = ui->cols - 2 < 96 ? ui->cols - 2 : 96;
	g->kw = HELP_KEYS_W;
	g->tw = g->w - 4 - g->kw - 1;
	if (g->tw < 10) {
		g->kw = 10;
		g->tw = g->w - 4 - g->kw - 1;
	}
	g->h = ui->rows - 2;
	g->page = g->h > 4 ? (size_t)(g->h - 4) : 1;
	g->y = (ui->rows - g->h) / 2;
	g->x = (ui->cols - g->w) / 2;
}

/* Bytes of the next wrapped piece of text in w columns (the help is ours:
 * ASCII), cutting at a space when one is near. */
static size_t wrap_piece(const char *s, int w)
{
	size_t n = strlen(s), cut;

	if (w <= 0 || n <= (size_t)w)
		return n;
	cut = (size_t)w;
	while (cut > 0 && s[cut] != ' ')
		cut--;
	return cut ? cut : (size_t)w;
}

/* Rows of one help entry in text width tw. */
static size_t entry_rows(const char *help, int tw)
{
	size_t rows = 0;

	while (*help) {
		help += wrap_piece(help, tw);
		while (*help == ' ')
			help++;
		rows++;
	}
	return rows ? rows : 1;
}

static size_t help_rows(int tw)
{
	size_t rows = 0;

	for (size_t i = 0; i < ui_key_help_count(); i++) {
		struct ui_key_help kh;

		ui_key_help_get(i, &kh);
		rows += entry_rows(kh.help, tw);
	}
	return rows;
}

unsigned ui_help_key(struct ui *ui, enum ui_action act)
{
	struct help_geom g;
	size_t n;

	help_geometry(ui, &g);
	n = help_rows(g.tw);
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
		if (ui->help_top + g.page < n)
			ui->help_top++;
		break;
	case UI_ACT_FIRST:
	case UI_ACT_PAGE_UP:
		ui->help_top = 0;
		break;
	case UI_ACT_LAST:
	case UI_ACT_PAGE_DOWN:
		ui->help_top = n > g.page ? n - g.page : 0;
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
	struct help_geom g;
	size_t n, row = 0;
	int y;

	help_geometry(ui, &g);
	n = help_rows(g.tw);
	/* A box no taller than its content. */
	if ((size_t)g.h > n + 4) {
		g.h = (int)n + 4;
		g.y = (ui->rows - g.h) / 2;
	}
	if (ui->help_top + g.page > n)
		ui->help_top = n > g.page ? n - g.page : 0;
	ui_box(ui->g, g.y, g.x, g.h, g.w, A_NORMAL);
	ui_draw(g.y, g.x + 2, g.w - 4, " Help: keys of wrun (? or Esc closes) ", A_BOLD);
	y = g.y + 2;
	for (size_t i = 0; i < ui_key_help_count(); i++) {
		struct ui_key_help kh;
		const char *s;
		bool first = true;

		ui_key_help_get(i, &kh);
		for (s = kh.help; *s; first = false) {
			size_t k = wrap_piece(s, g.tw);

			if (row >= ui->help_top && y < g.y + g.h - 2) {
				if (first)
					ui_draw(y, g.x + 2, g.kw, kh.keys, ui_term_attr(UI_S_LABEL));
				ui_draw_n(y, g.x + 2 + g.kw + 1, g.tw, s, k, A_NORMAL);
				y++;
			}
			row++;
			s += k;
			while (*s == ' ')
				s++;
		}
	}
	if (ui->help_top + g.page < n)
		ui_draw(g.y + g.h - 1, g.x + g.w - 10, 8, " more ", A_REVERSE);
}
