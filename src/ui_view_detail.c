/* ui_view_detail.c - the detail pane: the selected run, or a rerun of the
 * ledger, as a scrolled document of lines built once per selection (and
 * once a minute, for its relative times). */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_doc.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

struct detail {
	struct ui_doc doc;
	const struct app_rerun *shown; /* a ledger entry, or NULL: the selected run */
	/* What the document was built from. */
	const void *key;
	unsigned long data_gen, ledger_gen;
	int64_t minute;
	bool valid;
};

static struct detail *D(struct view *v)
{
	return v->priv;
}

static void detail_free(struct ui *ui, struct view *v)
{
	ui_doc_free(&D(v)->doc);
}

static void detail_sync(struct ui *ui, struct view *v)
{
	struct detail *s = D(v);
	const struct wr_run *r = s->shown ? NULL : ui->run;
	const void *key = s->shown ? (const void *)s->shown : (const void *)r;
	int64_t minute = fmt_now_ms() / 60000;

	if (s->valid && key == s->key && s->data_gen == ui->app.data_gen &&
	    s->ledger_gen == ui->app.ledger_gen && s->minute == minute)
		return;
	if (key != s->key)
		v->top = 0;
	if (s->shown)
		ui_doc_rerun(&s->doc, &ui->app, s->shown, ui->san);
	else if (r)
		ui_doc_run(&s->doc, &ui->app, r, ui->san);
	else if (!ui->app.have_runs)
		ui_doc_message(&s->doc, "no run loaded yet");
	else
		ui_doc_message(&s->doc, "no run selected");
	s->key = key;
	s->data_gen = ui->app.data_gen;
	s->ledger_gen = ui->app.ledger_gen;
	s->minute = minute;
	s->valid = true;
}

static void detail_title(struct ui *ui, struct view *v, char *buf, size_t n)
{
	struct detail *s = D(v);
	const struct wr_run *r;
	char raw[64], id[96];

	if (s->shown) {
		app_short_id(&ui->app, s->shown->entry_id, raw, sizeof raw);
		sanitize_buf(id, sizeof id, raw, strlen(raw), ui->san);
		snprintf(buf, n, "Rerun of %s", id);
		return;
	}
	r = ui->run;
	if (!r) {
		snprintf(buf, n, "Run");
		return;
	}
	app_short_id(&ui->app, r->id, raw, sizeof raw);
	sanitize_buf(id, sizeof id, raw, strlen(raw), ui->san);
	snprintf(buf, n, "Run %s", r->id ? id : "(no ID)");
}

static size_t detail_rows(struct ui *ui, struct view *v)
{
	detail_sync(ui, v);
	return D(v)->doc.n;
}

/* A line about a rerun of the shown run on its way, or NULL. */
static const struct app_rerun *busy_rerun(struct ui *ui, struct view *v)
{
	const struct wr_run *r;

	if (D(v)->shown)
		return NULL;
	r = ui->run;
	return r ? app_rerun_pending(&ui->app, r->id) : NULL;
}

static void draw_line(struct ui *ui, const struct ui_doc *doc, const struct ui_doc_line *l,
                      int y, int x, int w)
{
	const char *s = doc->buf + l->off;
	size_t len = l->len;

	if (l->kind == UI_DOC_BAR) {
		ui_draw_bar(ui->g, y, x, w, (enum ui_metric)l->metric, &doc->metrics, &doc->limits);
		return;
	}
	if (l->label_len) {
		int used = ui_draw_n(y, x, w, s, l->label_len, ui_term_attr(UI_S_LABEL));

		x += used;
		w -= used;
		s += l->label_len;
		len -= l->label_len;
	}
	ui_draw_cut(ui->g, y, x, w, s, len, ui_term_attr(l->style));
}

static void detail_draw(struct ui *ui, struct view *v)
{
	struct detail *s = D(v);
	const struct app_rerun *busy = busy_rerun(ui, v);
	int y = v->y, h = v->h;
	size_t n;

	detail_sync(ui, v);
	n = s->doc.n;
	if (busy && h > 0) {
		char line[128];

		if (busy->state == APP_RERUN_SENT)
			snprintf(line, sizeof line, "%s rerun in flight%s", ui->g->busy,
			         busy->force ? ", forceRecord=true" : "");
		else if (busy->state == APP_RERUN_WAITING)
			snprintf(line, sizeof line, "%s rerun refused by the call limit: sent again soon",
			         ui->g->busy);
		else
			snprintf(line, sizeof line, "%s rerun queued", ui->g->busy);
		ui_draw(y, v->x, v->w, line, ui_term_attr(UI_S_OTHER) | A_BOLD);
		y++;
		h--;
	}
	if (h <= 0)
		return;
	if (v->top + (size_t)h > n)
		v->top = n > (size_t)h ? n - (size_t)h : 0;
	/* More below: the last row says so, in a row of its own, so the
	 * marker covers nothing. */
	if (v->top + (size_t)h < n && h > 1) {
		char more[64];

		h--;
		snprintf(more, sizeof more, "%zu more lines (%s)", n - v->top - (size_t)h,
		         ui->focus == UI_VIEW_DETAIL ? "j/k, PgDn" : "Tab here to scroll");
		ui_draw(y + h, v->x, v->w, more, ui_term_attr(UI_S_DIM) | A_REVERSE);
	}
	for (int i = 0; i < h && v->top + (size_t)i < n; i++)
		draw_line(ui, &s->doc, &s->doc.lines[v->top + (size_t)i], y + i, v->x, v->w);
}

static unsigned detail_key(struct ui *ui, struct view *v, enum ui_action act)
{
	return 0;
}

static void detail_event(struct ui *ui, struct view *v, enum ui_event ev, const void *arg)
{
	if (ev == UI_EVENT_SHOW)
		D(v)->shown = arg;
}

const struct app_rerun *ui_detail_shown(struct ui *ui)
{
	return D(&ui->views[UI_VIEW_DETAIL])->shown;
}

const struct view_ops ui_detail_ops = {
	.name = "detail",
	.private_size = sizeof(struct detail),
	.free = detail_free,
	.sync = detail_sync,
	.title = detail_title,
	.rows = detail_rows,
	.draw = detail_draw,
	.key = detail_key,
	.event = detail_event,
	.list = false,
};
