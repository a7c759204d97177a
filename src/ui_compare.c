/* ui_compare.c - two runs side by side (see ui_compare.h).
 *
 * The content is a list of rows built once: the header fields as pairs,
 * one row a metric, then the diff of the logs. Only the rows on screen are
 * drawn; the first time, the screen scrolls so the first difference shows.
 */
#include "config.h"

#include "ui_compare.h"
#include "diff.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMP_LABEL_W 11
#define CMP_MAX_CELLS (8u * 1000 * 1000) /* lines x lines the diff may weigh */

enum crow_kind { CR_TEXT, CR_PAIR, CR_METRIC, CR_DIFF };

struct crow {
	enum crow_kind kind;
	int style;           /* enum ui_style of the text (CR_TEXT) */
	char *label, *a, *b; /* sanitized; a only for CR_TEXT, CR_DIFF */
	int styles[2];       /* CR_PAIR: the styles of a and b */
	int metric;          /* CR_METRIC: enum ui_metric */
	enum diff_kind diff; /* CR_DIFF */
};

struct compare {
	struct ui_overlay base;
	char *title;
	struct crow *rows;
	size_t n, cap;
	struct wr_metrics m[2];
	struct wr_limits limits;
	size_t pinned;       /* rows above the diff: they stay on screen */
	size_t first_diff;   /* the row of the first difference, or n */
	size_t n_changes;
	bool positioned;
	size_t top;
};

static char *clean(const char *raw, unsigned san)
{
	char *s = sanitize_dup(raw ? raw : "-", strlen(raw ? raw : "-"), san | SAN_TAB_TO_SPACE);

	if (!s)
		wr_die_nomem();
	return s;
}

static struct crow *add(struct compare *c, enum crow_kind kind)
{
	struct crow *r;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->rows = wr_xrealloc(c->rows, c->cap, sizeof *c->rows);
	}
	r = &c->rows[c->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	return r;
}

static void text(struct compare *c, const char *s, int style)
{
	struct crow *r = add(c, CR_TEXT);

	r->a = wr_xstrdup(s);
	r->style = style;
}

static int status_style(const char *status)
{
	enum wr_status_kind k = model_status_kind(status);

	return k == WR_STATUS_SUCCESS ? UI_S_OK : k == WR_STATUS_FAIL ? UI_S_FAIL : UI_S_OTHER;
}

static void pair(struct compare *c, const char *label, const char *a, const char *b,
                 unsigned san, int sa, int sb)
{
	struct crow *r = add(c, CR_PAIR);

	r->label = wr_xstrdup(label);
	r->a = clean(a, san);
	r->b = clean(b, san);
	r->styles[0] = sa;
	r->styles[1] = sb;
}

static void diff_logs(struct compare *c, const char *la, const char *lb, unsigned san)
{
	struct diff_lines a, b;
	struct diff_op *ops = NULL;
	size_t n = 0;
	char head[96];

	text(c, "", UI_S_NORMAL);
	if (!la || !lb) {
		text(c, "Logs: the original run is no longer loaded; nothing to compare", UI_S_DIM);
		c->pinned = c->first_diff = c->n;
		return;
	}
	if (!diff_lines_split(&a, la) || !diff_lines_split(&b, lb) ||
	    !diff_run(&a, &b, CMP_MAX_CELLS, &ops, &n))
		wr_die_nomem();
	for (size_t i = 0; i < n; i++)
		c->n_changes += ops[i].kind != DIFF_SAME;
	if (c->n_changes)
		snprintf(head, sizeof head, "Logs: %zu line%s differ (- left only, + right only)",
		         c->n_changes, c->n_changes == 1 ? "" : "s");
	else
		snprintf(head, sizeof head, "Logs: the same (%zu line%s)", a.n, a.n == 1 ? "" : "s");
	text(c, head, UI_S_LABEL);
	c->pinned = c->n;
	c->first_diff = c->n;
	for (size_t i = 0; i < n; i++) {
		const struct diff_lines *src = ops[i].kind == DIFF_ADD ? &b : &a;
		struct crow *r = add(c, CR_DIFF);
		char *line = sanitize_dup(src->text + src->off[ops[i].line], src->len[ops[i].line],
		                          san | SAN_TAB_TO_SPACE);

		if (!line)
			wr_die_nomem();
		r->diff = ops[i].kind;
		r->a = line;
	}
	/* The first row that differs. */
	for (size_t i = c->first_diff; i < c->n; i++)
		if (c->rows[i].kind == CR_DIFF && c->rows[i].diff != DIFF_SAME) {
			c->first_diff = i;
			break;
		}
	free(ops);
	diff_lines_free(&a);
	diff_lines_free(&b);
}

/* ---- drawing ---------------------------------------------------------------- */

static int body_rows(const struct ui_screen *scr)
{
	return scr->rows - 3 > 1 ? scr->rows - 3 : 1;
}

static void draw_metric(struct compare *c, const struct ui_screen *scr, int y, int metric)
{
	static const char *const names[] = { "CPU", "Memory", "Duration" };
	int w = scr->cols, half = (w - CMP_LABEL_W - 12) / 2, x = CMP_LABEL_W;
	bool bytes = metric == UI_M_MEM;
	int64_t limit = metric == UI_M_CPU ? c->limits.max_cpu_ms
	                : bytes ? c->limits.max_mem_bytes : c->limits.max_duration_ms;
	char delta[40];

	ui_draw(y, 0, CMP_LABEL_W, names[metric], ui_term_attr(UI_S_LABEL));
	for (int s = 0; s < 2; s++) {
		const struct wr_metrics *m = &c->m[s];
		int64_t v = metric == UI_M_CPU ? m->cpu_ms : bytes ? m->mem_bytes : m->duration_ms;
		int pct = fmt_percent(v, limit), bar = half - 18;
		char val[32], ptxt[16];

		if (bytes)
			fmt_bytes(val, sizeof val, v);
		else
			fmt_duration(val, sizeof val, v);
		snprintf(ptxt, sizeof ptxt, pct >= 0 ? "%4d%%" : "", pct);
		ui_draw(y, x, 9, val, A_NORMAL);
		if (bar >= 4)
			ui_draw_meter(scr->g, y, x + 10, bar, pct);
		ui_draw(y, x + 11 + (bar >= 4 ? bar : 0), 5, ptxt,
		        pct >= 100 ? (int)(ui_term_attr(UI_S_BAR_OVER) | A_BOLD) : (int)A_NORMAL);
		x += half;
	}
	fmt_delta(delta, sizeof delta,
	          metric == UI_M_CPU ? c->m[0].cpu_ms : bytes ? c->m[0].mem_bytes : c->m[0].duration_ms,
	          metric == UI_M_CPU ? c->m[1].cpu_ms : bytes ? c->m[1].mem_bytes : c->m[1].duration_ms,
	          bytes);
	ui_draw(y, x, w - x, delta, A_BOLD);
}

static void draw_row(struct compare *c, const struct ui_screen *scr, const struct crow *r, int y)
{
	int w = scr->cols, half = (w - CMP_LABEL_W - 12) / 2;

	switch (r->kind) {
	case CR_TEXT:
		ui_draw_cut(scr->g, y, 0, w, r->a, strlen(r->a), ui_term_attr(r->style));
		break;
	case CR_PAIR:
		ui_draw(y, 0, CMP_LABEL_W, r->label, ui_term_attr(UI_S_LABEL));
		ui_draw_cut(scr->g, y, CMP_LABEL_W, half - 1, r->a, strlen(r->a),
		            ui_term_attr(r->styles[0]));
		ui_draw_cut(scr->g, y, CMP_LABEL_W + half, w - CMP_LABEL_W - half, r->b,
		            strlen(r->b), ui_term_attr(r->styles[1]));
		break;
	case CR_METRIC:
		draw_metric(c, scr, y, r->metric);
		break;
	case CR_DIFF: {
		const char *mark = r->diff == DIFF_DEL ? "- " : r->diff == DIFF_ADD ? "+ " : "  ";
		int style = r->diff == DIFF_DEL ? UI_S_FAIL : r->diff == DIFF_ADD ? UI_S_OK
		                                                                  : UI_S_NORMAL;

		ui_draw(y, 0, 2, mark, ui_term_attr(style) | A_BOLD);
		ui_draw_cut(scr->g, y, 2, w - 2, r->a, strlen(r->a), ui_term_attr(style));
		break;
	}
	}
}

/* The rows under the pinned head that show the diff (at least 1). */
static size_t diff_rows(const struct compare *c, const struct ui_screen *scr)
{
	int h = body_rows(scr) - (int)c->pinned;

	return h > 1 ? (size_t)h : 1;
}

static void cmp_draw(struct ui_overlay *o, const struct ui_screen *scr)
{
	struct compare *c = (struct compare *)o;
	int h = body_rows(scr), w = scr->cols, y = 1;
	size_t dh = diff_rows(c, scr), nd = c->n - c->pinned;
	char pos[64];

	if (scr->too_small)
		return;
	if (!c->positioned) {
		/* The first difference in sight, a few rows of context above. */
		size_t fd = c->first_diff - c->pinned;

		if (c->first_diff < c->n && fd >= dh)
			c->top = fd > 3 ? fd - 3 : 0;
		c->positioned = true;
	}
	if (c->top + dh > nd)
		c->top = nd > dh ? nd - dh : 0;
	for (int i = 0; i < scr->rows; i++)
		ui_fill(i, 0, w, A_NORMAL);
	ui_fill(0, 0, w, ui_term_attr(UI_S_TITLE));
	ui_draw(0, 1, w - 1, c->title, ui_term_attr(UI_S_TITLE));
	for (size_t i = 0; i < c->pinned && y <= h; i++)
		draw_row(c, scr, &c->rows[i], y++);
	for (size_t i = 0; i < dh && c->top + i < nd && y <= h; i++)
		draw_row(c, scr, &c->rows[c->pinned + c->top + i], y++);
	if (nd > dh) {
		snprintf(pos, sizeof pos, "log lines %zu-%zu of %zu", c->top + 1,
		         c->top + dh < nd ? c->top + dh : nd, nd);
		ui_draw(scr->rows - 2, 1, w - 2, pos, ui_term_attr(UI_S_DIM));
	}
	ui_draw(scr->rows - 1, 1, w - 2, "Esc back  ? help  Up/Down/PgUp/PgDn scroll the logs",
	        ui_term_attr(UI_S_DIM));
}

static unsigned cmp_key(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done)
{
	struct compare *c = (struct compare *)o;
	size_t h = diff_rows(c, scr), nd = c->n - c->pinned, last = nd > h ? nd - h : 0;

	c->positioned = true;
	switch (ui_key_action_in(ch, UI_SCOPE_LOGS)) {
	case UI_ACT_LOG_CLOSE:
		*done = true;
		break;
	case UI_ACT_UP:
		if (c->top)
			c->top--;
		break;
	case UI_ACT_DOWN:
		if (c->top < last)
			c->top++;
		break;
	case UI_ACT_PAGE_UP:
		c->top = c->top > h ? c->top - h : 0;
		break;
	case UI_ACT_PAGE_DOWN:
		c->top = c->top + h < last ? c->top + h : last;
		break;
	case UI_ACT_FIRST:
		c->top = 0;
		break;
	case UI_ACT_LAST:
		c->top = last;
		break;
	default:
		break;
	}
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void cmp_free(struct ui_overlay *o)
{
	struct compare *c = (struct compare *)o;

	for (size_t i = 0; i < c->n; i++) {
		free(c->rows[i].label);
		free(c->rows[i].a);
		free(c->rows[i].b);
	}
	free(c->rows);
	free(c->title);
	free(c);
}

static const struct ui_overlay_ops compare_ops = {
	"compare", cmp_draw, cmp_key, cmp_free,
};

void ui_compare_push(struct ui_overlays *st, const char *title, const struct ui_compare_side *a,
                     const struct ui_compare_side *b, const struct wr_limits *limits,
                     const char *limits_label, unsigned san)
{
	struct compare *c = wr_xcalloc(1, sizeof *c);
	char ta[64], tb[64];

	c->title = wr_xstrdup(title);
	c->m[0] = a->metrics;
	c->m[1] = b->metrics;
	c->limits = *limits;
	pair(c, "", a->label, b->label, 0, UI_S_LABEL, UI_S_LABEL);
	pair(c, "Status", a->status ? a->status : "-", b->status ? b->status : "-", san,
	     status_style(a->status), status_style(b->status));
	pair(c, "ID", a->id, b->id, san, UI_S_NORMAL, UI_S_NORMAL);
	fmt_time(ta, sizeof ta, a->start_ms);
	fmt_time(tb, sizeof tb, b->start_ms);
	pair(c, "Started", ta, tb, 0, UI_S_NORMAL, UI_S_NORMAL);
	text(c, "", UI_S_NORMAL);
	{
		char cpu[32], mem[32], dur[32], line[256];

		fmt_duration(cpu, sizeof cpu, limits->max_cpu_ms);
		fmt_bytes(mem, sizeof mem, limits->max_mem_bytes);
		fmt_duration(dur, sizeof dur, limits->max_duration_ms);
		snprintf(line, sizeof line, "%s: CPU %s, memory %s, duration %s", limits_label, cpu,
		         mem, dur);
		text(c, line, UI_S_LABEL);
	}
	for (int m = 0; m < UI_M_COUNT; m++)
		add(c, CR_METRIC)->metric = m;
	c->first_diff = c->n;
	diff_logs(c, a->logs, b->logs, san);
	ui_overlay_push(st, &c->base, &compare_ops);
}
