/* ui_view_detail.c - the detail pane: the selected run (or the last rerun
 * result) as a scrolled document of lines built once per selection. */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"
#include "ui_util.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static void detail_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	const struct wr_run *r = ui_selected_run(ui);
	char raw[16], id[64];

	if (ui->show_result && ui->app.result.rerun) {
		snprintf(buf, n, "Rerun result");
		return;
	}
	if (!r) {
		snprintf(buf, n, "Run");
		return;
	}
	fmt_short_id(raw, sizeof raw, r->id, 8);
	sanitize_buf(id, sizeof id, raw, strlen(raw), ui->san);
	snprintf(buf, n, "Run %s", r->id ? id : "(no ID)");
}

static size_t detail_rows(struct ui *ui, struct view *v)
{
	ui_doc_sync(ui);
	return ui->doc.n;
}

/* A line about a rerun of the shown run in flight, or NULL. */
static const struct app_job *busy_job(struct ui *ui)
{
	const struct wr_run *r = ui_selected_run(ui);

	if (ui->show_result && ui->app.result.rerun)
		return NULL;
	return r ? app_rerun_job(&ui->app, r->id) : NULL;
}

static void detail_draw(struct ui *ui, struct view *v)
{
	const struct app_job *busy = busy_job(ui);
	int y = v->y, h = v->h;

	ui_doc_sync(ui);
	if (busy && h > 0) {
		char line[96];

		if (busy->running)
			snprintf(line, sizeof line, "%s rerun in flight (%llds)%s", ui->g->busy,
			         (long long)((ui_mono_ms() - busy->started_ms) / 1000),
			         busy->force ? ", forceRecord=true" : "");
		else
			snprintf(line, sizeof line, "%s rerun queued", ui->g->busy);
		ui_draw(y, v->x, v->w, line, ui_term_attr(UI_S_OTHER) | A_BOLD);
		y++;
		h--;
	}
	if (v->top + (size_t)(h > 0 ? h : 0) > ui->doc.n)
		v->top = ui->doc.n > (size_t)h ? ui->doc.n - (size_t)h : 0;
	for (int i = 0; i < h && v->top + (size_t)i < ui->doc.n; i++) {
		const struct ui_doc_line *l = &ui->doc.lines[v->top + (size_t)i];
		const char *s = ui->doc.buf + l->off;
		int x = v->x, w = v->w;

		if (l->kind == UI_DOC_BAR) {
			ui_draw_bar(ui->g, y + i, x, w, (enum ui_metric)l->metric, &ui->doc.metrics,
			            &ui->doc.limits);
			continue;
		}
		if (l->label_len) {
			int used = ui_draw_n(y + i, x, w, s, l->label_len, ui_term_attr(UI_S_LABEL));

			x += used;
			w -= used;
			s += l->label_len;
		}
		ui_draw_n(y + i, x, w, s, l->len - l->label_len, ui_term_attr(l->style));
	}
	/* More below: say so on the last row's right edge. */
	if (h > 0 && v->top + (size_t)h < ui->doc.n && v->w > 10) {
		char more[32];
		int mw;

		snprintf(more, sizeof more, " %zu more ", ui->doc.n - v->top - (size_t)h);
		mw = (int)strlen(more);
		ui_draw(y + h - 1, v->x + v->w - mw, mw, more, A_REVERSE);
	}
}

static unsigned detail_key(struct ui *ui, struct view *v, enum ui_action act)
{
	return 0;
}

const struct view_ops ui_detail_ops = {
	"detail", detail_title, detail_rows, detail_draw, detail_key, NULL, false,
};
