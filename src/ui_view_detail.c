/* ui_view_detail.c - the detail pane: the selected run, a rerun of the
 * ledger, or with the focus on the workers pane the selected worker, as a
 * scrolled document of lines built once per selection (and once a minute,
 * for its relative times). The last few documents are kept: going back to
 * a run shows it without building it again. */
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

/* What a document was built from: it is shown again only while all of it
 * is as it was. Its lines do not depend on the pane's width (they are cut
 * when drawn), nor on the lists' relative times (t). */
struct doc_key {
	const void *key;          /* a run, a ledger entry, or the detail itself: a worker */
	const char *worker;       /* a worker's document: its key */
	unsigned long data_gen;   /* the runs and workers (a run's address is its
	                           * identity only within one list) */
	unsigned long ledger_gen; /* "Reran this session", a rerun's state */
	int64_t minute;           /* "(3m ago)" */
	unsigned san;             /* --ascii */
	struct wr_limits limits;  /* the bars' */
};

/* A document laid out. */
struct doc_slot {
	struct ui_doc doc;
	struct doc_key k;         /* k.worker is worker */
	char *worker;
	bool valid;
	bool whole;               /* false: the run's text could not be read back;
	                           * built again when next wanted */
	unsigned long used;       /* when last shown: the oldest goes first */
};

/* Eight documents, and at most this much memory for those not shown: a
 * run with megabytes of logs is not kept beside seven others. */
#define DETAIL_DOCS 8
#define DETAIL_DOCS_BYTES ((size_t)16 * 1024 * 1024)

struct detail {
	struct doc_slot docs[DETAIL_DOCS];
	struct doc_slot *cur;          /* the document shown */
	unsigned long tick;
	const struct app_rerun *shown; /* a ledger entry, or NULL: the selected run */
	bool worker_mode;              /* the selected worker's document: see shown_worker */
	char *worker;                  /* the worker shown last, or NULL */
	/* The workers' numbers, per app worker row, each computed when its
	 * worker is first shown after a data load (cache_gen). */
	struct worker_stats {
		struct stats st;
		bool done;
	} *cache;
	size_t n_cache;
	unsigned long cache_gen;
	/* What the pane showed last, to scroll back to the top for another. */
	const void *key;
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

static void slot_drop(struct doc_slot *d)
{
	ui_doc_free(&d->doc);
	free(d->worker);
	d->worker = NULL;
	d->valid = false;
}

static void detail_free(struct ui *ui, struct view *v)
{
	for (int i = 0; i < DETAIL_DOCS; i++)
		slot_drop(&D(v)->docs[i]);
	free(D(v)->worker);
	cache_free(D(v));
}

/* The shown document's lines. */
static const struct ui_doc *doc_of(const struct detail *s)
{
	static const struct ui_doc none;

	return s->cur ? &s->cur->doc : &none;
}

static bool same_limits(const struct wr_limits *a, const struct wr_limits *b)
{
	return a->max_cpu_ms == b->max_cpu_ms && a->max_mem_bytes == b->max_mem_bytes &&
	       a->max_duration_ms == b->max_duration_ms && a->source == b->source &&
	       a->seen_ms == b->seen_ms && a->from_flags == b->from_flags;
}

static bool same_key(const struct doc_key *a, const struct doc_key *b)
{
	return a->key == b->key && !a->worker == !b->worker &&
	       (!a->worker || strcmp(a->worker, b->worker) == 0) && a->data_gen == b->data_gen &&
	       a->ledger_gen == b->ledger_gen && a->minute == b->minute && a->san == b->san &&
	       same_limits(&a->limits, &b->limits);
}

static size_t doc_bytes(const struct ui_doc *d)
{
	size_t n = d->cap + d->cap_lines * sizeof *d->lines;

	for (int m = 0; m < UI_M_COUNT; m++)
		n += d->spark[m].cap * sizeof *d->spark[m].v;
	return n;
}

/* Within the budget: the oldest documents not shown go. */
static void slots_trim(struct detail *s)
{
	for (;;) {
		struct doc_slot *oldest = NULL;
		size_t total = 0;

		for (int i = 0; i < DETAIL_DOCS; i++) {
			struct doc_slot *d = &s->docs[i];

			if (!d->valid || d == s->cur)
				continue;
			total += doc_bytes(&d->doc);
			if (!oldest || d->used < oldest->used)
				oldest = d;
		}
		if (!oldest || total <= DETAIL_DOCS_BYTES)
			return;
		slot_drop(oldest);
	}
}

/* A slot for a new document: a free one, else the one shown longest ago. */
static struct doc_slot *slot_take(struct detail *s)
{
	struct doc_slot *pick = NULL;

	for (int i = 0; i < DETAIL_DOCS; i++) {
		struct doc_slot *d = &s->docs[i];

		if (!d->valid)
			return d;
		if (d != s->cur && (!pick || d->used < pick->used))
			pick = d;
	}
	slot_drop(pick);
	return pick;
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
	struct doc_slot *d = NULL;
	bool same_worker = !wk == !s->worker && (!wk || strcmp(wk, s->worker) == 0);
	struct doc_key want = {
		/* A worker's document has the detail's own address as its
		 * key: it is never a run's or a ledger entry's. */
		.key = s->shown ? (const void *)s->shown : wk ? (const void *)s : (const void *)r,
		.worker = wk,
		.data_gen = ui->app.data_gen,
		.ledger_gen = ui->app.ledger_gen,
		.minute = fmt_now_ms() / 60000,
		.san = ui->san,
		.limits = app_limits(&ui->app),
	};

	if (s->cur && s->cur->valid && s->cur->whole && same_key(&s->cur->k, &want))
		return;
	for (int i = 0; i < DETAIL_DOCS; i++) {
		struct doc_slot *c = &s->docs[i];

		/* Built from other runs and workers: never shown again. */
		if (c->valid && c->k.data_gen != want.data_gen)
			slot_drop(c);
		else if (c->valid && c->whole && same_key(&c->k, &want))
			d = c;
	}
	if (want.key != s->key || !same_worker)
		v->top = 0;
	s->key = want.key;
	free(s->worker);
	s->worker = wr_xstrdup(wk);
	if (!d) {
		d = slot_take(s);
		d->whole = true;
		if (s->shown)
			ui_doc_rerun(&d->doc, &ui->app, s->shown, ui->san);
		else if (wk)
			ui_doc_worker(&d->doc, &ui->app, wk, worker_stats(ui, s, wk), ui->san);
		else if (r)
			d->whole = ui_doc_run(&d->doc, &ui->app, r, ui->san);
		else if (!ui->app.have_runs)
			ui_doc_message(&d->doc, "no run loaded yet");
		else
			ui_doc_message(&d->doc, "no run selected");
		d->valid = true;
		d->worker = wr_xstrdup(wk);
		d->k = want;
		d->k.worker = d->worker;
	}
	d->used = ++s->tick;
	s->cur = d;
	slots_trim(s);
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
	return doc_of(D(v))->n;
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
	const struct ui_doc *doc;
	int y = v->y, h = v->h;
	size_t n;

	detail_sync(ui, v);
	doc = doc_of(s);
	n = doc->n;
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
		draw_line(ui, doc, &doc->lines[v->top + (size_t)i], y + i, v->x, v->w);
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
