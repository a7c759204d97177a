/* ui_view_detail.c - the detail pane: the selected run, a rerun of the
 * ledger, or with the focus on the workers pane the selected worker, as a
 * scrolled document of lines built once per selection (and once a minute,
 * for its relative times). */
#include "config.h"

#include "ui_view.h"
#include "fmt.h"
#include "sanitize.h"
#include "stats.h"
#include "ui_doc.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct detail {
	struct ui_doc doc;
	const struct app_rerun *shown; /* a ledger entry, or NULL: the selected run */
	bool worker_mode;              /* the selected worker's document: see shown_worker */
	char *worker;                  /* the worker the document was built for, or NULL */
	/* The workers' numbers, per app worker row, each computed when its
	 * worker is first shown after a data load (cache_gen). */
	struct worker_stats {
		struct stats st;
		bool done;
	} *cache;
	size_t n_cache;
	unsigned long cache_gen;
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

static void cache_free(struct detail *s)
{
	for (size_t i = 0; i < s->n_cache; i++)
		stats_free(&s->cache[i].st);
	free(s->cache);
	s->cache = NULL;
	s->n_cache = 0;
}

static void detail_free(struct ui *ui, struct view *v)
{
	ui_doc_free(&D(v)->doc);
	free(D(v)->worker);
	cache_free(D(v));
}

/* The numbers of the worker with this key, or NULL when it is not loaded. */
static const struct stats *worker_stats(struct ui *ui, struct detail *s, const char *key)
{
	size_t row = app_worker_row(&ui->app, key), rows = ui->app.workers.n + 1;
	struct worker_stats *c;
	const uint32_t *idx;
	size_t n;

	if (!s->cache || s->cache_gen != ui->app.data_gen || s->n_cache != rows) {
		cache_free(s);
		s->cache = wr_xcalloc(rows, sizeof *s->cache);
		s->n_cache = rows;
		s->cache_gen = ui->app.data_gen;
	}
	if (!row)
		return NULL;
	c = &s->cache[row];
	if (!c->done) {
		app_view(&ui->app, row, &idx, &n);
		if (!stats_compute(&c->st, &ui->app.runs, idx, n))
			wr_die_nomem();
		c->done = true;
	}
	return &c->st;
}

/* The worker whose document the pane shows, or NULL: while the workers
 * pane has the focus with a worker (not All workers) selected, and still
 * when the focus goes from there to this pane, to scroll it; the focus on
 * a list brings the run back. A ledger entry shown comes first. */
static const char *shown_worker(struct ui *ui, struct view *v)
{
	struct detail *s = D(v);

	if (ui->focus == UI_VIEW_WORKERS)
		s->worker_mode = ui->worker_key != NULL;
	else if (ui->focus != UI_VIEW_DETAIL)
		s->worker_mode = false;
	return s->worker_mode && !s->shown ? ui->worker_key : NULL;
}

static void detail_sync(struct ui *ui, struct view *v)
{
	struct detail *s = D(v);
	const char *wk = shown_worker(ui, v);
	const struct wr_run *r = s->shown || wk ? NULL : ui->run;
	/* A worker's document has the detail's own address as its key: it
	 * is never a run's or a ledger entry's. */
	const void *key = s->shown ? (const void *)s->shown : wk ? (const void *)s : (const void *)r;
	bool same_worker = !wk == !s->worker && (!wk || strcmp(wk, s->worker) == 0);
	int64_t minute = fmt_now_ms() / 60000;

	if (s->valid && key == s->key && same_worker && s->data_gen == ui->app.data_gen &&
	    s->ledger_gen == ui->app.ledger_gen && s->minute == minute)
		return;
	if (key != s->key || !same_worker)
		v->top = 0;
	free(s->worker);
	s->worker = wr_xstrdup(wk);
	if (s->shown)
		ui_doc_rerun(&s->doc, &ui->app, s->shown, ui->san);
	else if (wk)
		ui_doc_worker(&s->doc, &ui->app, wk, worker_stats(ui, s, wk), ui->san);
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
	const char *wk = shown_worker(ui, v);
	char raw[64], id[96];

	if (wk) {
		sanitize_buf(id, sizeof id, wk, strlen(wk), ui->san);
		snprintf(buf, n, "Worker %s", id);
		return;
	}
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

	if (D(v)->shown || shown_worker(ui, v))
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
	if (l->kind == UI_DOC_SPARK) {
		const struct ui_doc_spark *sp = &doc->spark[l->metric];
		int64_t limit = l->metric == UI_M_CPU ? doc->limits.max_cpu_ms
		                : l->metric == UI_M_MEM ? doc->limits.max_mem_bytes
		                : doc->limits.max_duration_ms;
		int used = ui_draw_n(y, x, w, s, l->label_len, ui_term_attr(UI_S_LABEL));

		ui_draw_spark(ui->g, y, x + used, w - used, (enum ui_metric)l->metric, sp->v, sp->n,
		              limit);
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
		/* From the workers pane, Tab would bring the run back. */
		snprintf(more, sizeof more, "%zu more lines (%s)", n - v->top - (size_t)h,
		         ui->focus == UI_VIEW_DETAIL ? "j/k, PgDn"
		         : shown_worker(ui, v) ? "Shift-Tab here to scroll" : "Tab here to scroll");
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
