/* ui_draw.c - drawing primitives, and the frames that send curses only
 * what changed (see ui_draw.h). */
#include "config.h"

#include "ui_draw.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const char *const eighths[] = { "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
static const char *const spark_utf8[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const spark_ascii[] = { "_", ".", "-", "-", "=", "=", "*", "#" };

static const struct ui_glyphs glyphs_utf8 = {
	"─", "│", "┌", "┐", "└", "┘", "█", "░", eighths, "⟳", "◆", "•", "…",
	"▁", "█", spark_utf8, "┊",
};
static const struct ui_glyphs glyphs_ascii = {
	"-", "|", "+", "+", "+", "+", "#", "-", NULL, "~", "*", "+", ">",
	".", "x", spark_ascii, "|",
};

const struct ui_glyphs *ui_glyphs(bool ascii)
{
	return ascii ? &glyphs_ascii : &glyphs_utf8;
}

/* ---- frames ------------------------------------------------------------------ */

/* What a paint draws is kept, between ui_frame_begin() and ui_frame_end(),
 * as a list of operations on each row, each tagged with the part of the
 * screen it was drawn in, and compared with the last frame's. Curses
 * compares what it is given with what the terminal shows and sends only
 * the difference, but every character given costs it a decoding and a
 * compare: a key that moves the selection changes a few rows, yet the
 * whole screen used to go through it. Now only a part of a row whose
 * operations differ is cleared and drawn again; parts of a row are
 * compared each on its own where they do not overlap (the panes side by
 * side), else the row whole. A row's content follows from its operations
 * alone (each is cut to the screen, so none runs on to the next row):
 * equal operations, equal row. */

enum op_kind { OP_TEXT, OP_FILL, OP_REPEAT };

struct op {
	int x, cells;      /* the columns it covers */
	int attr;
	int part;          /* index in the frame's parts, or -1: none (the row whole) */
	int next;          /* the row's next operation, or -1 */
	uint32_t off, len; /* in the frame's bytes: the text, or the glyph repeated */
	enum op_kind kind;
};

struct part {
	int y, x, h, w;
};

#define FRAME_PARTS 8 /* parts of one frame */
#define ROW_PARTS 4   /* parts of one row compared one by one; more: the row whole */

struct frame {
	int rows, cols;
	struct op *ops;
	size_t n_ops, cap_ops;
	char *bytes;
	size_t n_bytes, cap_bytes;
	struct part parts[FRAME_PARTS];
	int n_parts;
	int *head, *tail; /* each row's first and last operation, -1: none */
	size_t cap_rows;
};

/* The frame being drawn and the last one; the part set now. */
static struct frame frames[2], *fr = &frames[0], *last = &frames[1];
static bool drawing, last_shown;
static int part_now = -1;

/* The part an operation on row y over [x, x + cells) belongs to: the one
 * set, when it lies inside it. */
static int op_part(int y, int x, int cells)
{
	const struct part *p;

	if (part_now < 0)
		return -1;
	p = &fr->parts[part_now];
	if (y < p->y || y >= p->y + p->h || x < p->x || x + cells > p->x + p->w)
		return -1;
	return part_now;
}

/* alone: what it draws stays in its columns (a character of no width at
 * the start would join the one before it, left of them). */
static void record(enum op_kind kind, int y, int x, int cells, const char *s, size_t len,
                   int attr, bool alone)
{
	struct op *o;

	if (fr->n_ops == fr->cap_ops) {
		fr->cap_ops = fr->cap_ops ? fr->cap_ops * 2 : 512;
		fr->ops = wr_xrealloc(fr->ops, fr->cap_ops, sizeof *fr->ops);
	}
	if (!fr->bytes || fr->n_bytes + len > fr->cap_bytes) {
		size_t cap = fr->cap_bytes ? fr->cap_bytes : 16384;

		while (cap < fr->n_bytes + len)
			cap *= 2;
		fr->bytes = wr_xrealloc(fr->bytes, cap, 1);
		fr->cap_bytes = cap;
	}
	memcpy(fr->bytes + fr->n_bytes, s, len);
	/* A control character would take curses' "^X", two columns: such
	 * text (drawn text is sanitized, so none is expected) is compared
	 * with its whole row. */
	for (size_t i = 0; i < len && alone; i++)
		alone = (unsigned char)s[i] >= 0x20 && s[i] != 0x7f;
	o = &fr->ops[fr->n_ops];
	o->x = x;
	o->cells = cells;
	o->attr = attr;
	o->part = alone ? op_part(y, x, cells) : -1;
	o->next = -1;
	o->off = (uint32_t)fr->n_bytes;
	o->len = (uint32_t)len;
	o->kind = kind;
	fr->n_bytes += len;
	if (fr->tail[y] >= 0)
		fr->ops[fr->tail[y]].next = (int)fr->n_ops;
	else
		fr->head[y] = (int)fr->n_ops;
	fr->tail[y] = (int)fr->n_ops;
	fr->n_ops++;
}

/* ---- sending a frame to curses ---- */

/* A character of one column as a cchar_t with attr; false for any other
 * (no width, two columns, invalid). */
static bool one_cell(const char *s, size_t n, int attr, cchar_t *c, size_t *used)
{
	wchar_t wc[2] = { 0, 0 };
	mbstate_t st;
	size_t k = 1;

	if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) {
		wc[0] = (unsigned char)*s;
	} else {
		memset(&st, 0, sizeof st);
		k = mbrtowc(wc, s, n, &st);
		if (k == 0 || k > n || wcwidth(wc[0]) != 1)
			return false;
	}
	*used = k;
	return setcchar(c, wc, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL) == OK;
}

/* Text as an array of cells, in one call: curses' mvaddnstr decodes and
 * checks every byte on its own, at several times the cost. Printable
 * ASCII goes as chtype (character and attributes in one); other
 * characters of one column as cchar_t. False when the text has another
 * character: it then takes mvaddnstr. */
static bool draw_cells(int y, const struct op *o)
{
	static chtype *ch;
	static cchar_t *cc;
	static size_t cap;
	const char *s = fr->bytes + o->off;
	size_t n = 0, used, i;

	if ((size_t)o->cells > cap) {
		cap = (size_t)o->cells;
		ch = wr_xrealloc(ch, cap, sizeof *ch);
		cc = wr_xrealloc(cc, cap, sizeof *cc);
	}
	for (i = 0; i < o->len && i < cap && (unsigned char)s[i] >= 0x20 &&
	            (unsigned char)s[i] < 0x7f; i++)
		ch[i] = (chtype)(unsigned char)s[i] | (chtype)o->attr;
	if (i == o->len) {
		mvaddchnstr(y, o->x, ch, (int)i);
		return true;
	}
	for (i = 0; i < o->len; i += used) {
		if (n == (size_t)o->cells || !one_cell(s + i, o->len - i, o->attr, &cc[n], &used))
			return false;
		n++;
	}
	mvadd_wchnstr(y, o->x, cc, (int)n);
	return true;
}

static void draw_op(int y, const struct op *o)
{
	const char *s = fr->bytes + o->off;
	char glyph[16];
	cchar_t c;
	size_t used;

	switch (o->kind) {
	case OP_TEXT:
		if (draw_cells(y, o))
			return;
		attrset(o->attr);
		mvaddnstr(y, o->x, s, (int)o->len);
		break;
	case OP_FILL:
		attrset(o->attr);
		mvhline(y, o->x, ' ', o->cells);
		break;
	case OP_REPEAT:
		if (one_cell(s, o->len, o->attr, &c, &used) && used == o->len) {
			mvhline_set(y, o->x, &c, o->cells);
			return;
		}
		snprintf(glyph, sizeof glyph, "%.*s", (int)o->len, s);
		attrset(o->attr);
		for (int i = 0; i < o->cells; i++)
			mvaddstr(y, o->x + i, glyph);
		break;
	}
	attrset(A_NORMAL);
}

/* The parts of frame f covering row y, left to right, into idx; -1 when
 * they overlap, are too many, or something on the row lies outside them:
 * then the row is compared whole. */
static int row_parts(const struct frame *f, int y, int *idx)
{
	int n = 0;

	for (int i = 0; i < f->n_parts; i++) {
		const struct part *p = &f->parts[i];
		int k;

		if (y < p->y || y >= p->y + p->h)
			continue;
		if (n == ROW_PARTS)
			return -1;
		for (k = n; k > 0 && f->parts[idx[k - 1]].x > p->x; k--)
			idx[k] = idx[k - 1];
		idx[k] = i;
		n++;
	}
	for (int k = 1; k < n; k++)
		if (f->parts[idx[k - 1]].x + f->parts[idx[k - 1]].w > f->parts[idx[k]].x)
			return -1;
	for (int i = f->head[y]; i >= 0; i = f->ops[i].next)
		if (f->ops[i].part < 0)
			return -1;
	return n;
}

/* The next operation of a row from i on that is in part (-1: any). */
static int next_in(const struct frame *f, int i, int part)
{
	while (i >= 0 && part >= 0 && f->ops[i].part != part)
		i = f->ops[i].next;
	return i;
}

/* Whether row y draws the same in part a of this frame as in part b of
 * the last (-1 for both: the whole row). */
static bool same_ops(int y, int a, int b)
{
	int i = next_in(fr, fr->head[y], a), j = next_in(last, last->head[y], b);

	for (; i >= 0 && j >= 0; i = next_in(fr, fr->ops[i].next, a),
	                         j = next_in(last, last->ops[j].next, b)) {
		const struct op *o = &fr->ops[i], *p = &last->ops[j];

		if (o->kind != p->kind || o->x != p->x || o->cells != p->cells ||
		    o->attr != p->attr || o->len != p->len ||
		    memcmp(fr->bytes + o->off, last->bytes + p->off, o->len) != 0)
			return false;
	}
	return i < 0 && j < 0;
}

/* Row y: what differs from the last frame goes to curses. */
static void frame_row(int y)
{
	int idx[ROW_PARTS], lidx[ROW_PARTS];
	int n = row_parts(fr, y, idx);
	bool by_part = last_shown && n >= 0 && row_parts(last, y, lidx) == n;

	for (int k = 0; by_part && k < n; k++)
		by_part = fr->parts[idx[k]].x == last->parts[lidx[k]].x &&
		          fr->parts[idx[k]].w == last->parts[lidx[k]].w;
	if (by_part) {
		for (int k = 0; k < n; k++) {
			const struct part *p = &fr->parts[idx[k]];

			if (same_ops(y, idx[k], lidx[k]))
				continue;
			attrset(A_NORMAL);
			mvhline(y, p->x, ' ', p->w);
			for (int i = next_in(fr, fr->head[y], idx[k]); i >= 0;
			     i = next_in(fr, fr->ops[i].next, idx[k]))
				draw_op(y, &fr->ops[i]);
		}
	} else if (!last_shown || !same_ops(y, -1, -1)) {
		attrset(A_NORMAL);
		move(y, 0);
		clrtoeol();
		for (int i = fr->head[y]; i >= 0; i = fr->ops[i].next)
			draw_op(y, &fr->ops[i]);
	}
}

void ui_frame_begin(int rows, int cols)
{
	struct frame *t = last;

	if (rows < 0)
		rows = 0;
	/* The last frame becomes the one to compare with. */
	last = fr;
	fr = t;
	if ((size_t)rows + 1 > fr->cap_rows) {
		fr->cap_rows = (size_t)rows + 1;
		fr->head = wr_xrealloc(fr->head, fr->cap_rows, sizeof *fr->head);
		fr->tail = wr_xrealloc(fr->tail, fr->cap_rows, sizeof *fr->tail);
	}
	/* Another size: nothing of the last frame is known to be there. */
	if (rows != last->rows || cols != last->cols)
		last_shown = false;
	drawing = true;
	fr->rows = rows;
	fr->cols = cols;
	fr->n_ops = 0;
	fr->n_bytes = 0;
	fr->n_parts = 0;
	part_now = -1;
	for (int y = 0; y < rows; y++)
		fr->head[y] = fr->tail[y] = -1;
}

void ui_frame_part(int y, int x, int h, int w)
{
	if (h <= 0 || w <= 0 || fr->n_parts == FRAME_PARTS) {
		part_now = -1;
		return;
	}
	fr->parts[fr->n_parts] = (struct part){ y, x, h, w };
	part_now = fr->n_parts++;
}

void ui_frame_end(void)
{
	if (!drawing)
		return;
	for (int y = 0; y < fr->rows; y++)
		frame_row(y);
	drawing = false;
	last_shown = true;
	refresh();
}

void ui_frame_forget(void)
{
	last_shown = false;
}

/* ---- drawing, in a frame or at once ---- */

/* The screen's columns, in a frame or not. */
static int screen_cols(void)
{
	return drawing ? fr->cols : getmaxx(stdscr);
}

/* n bytes of text taking cells columns at (y, x); cut to the screen by
 * the caller. */
static void out_text(int y, int x, int cells, const char *s, size_t n, int attr)
{
	if (!drawing) {
		attrset(attr);
		mvaddnstr(y, x, s, (int)n);
		attrset(A_NORMAL);
	} else if (y >= 0 && y < fr->rows && x >= 0 && x < fr->cols && n) {
		record(OP_TEXT, y, x, cells, s, n, attr,
		       (unsigned char)s[0] < 0x80 || fmt_fit_n(s, n, 0, NULL) == 0);
	}
}

/* Blanks over w columns. */
static void out_fill(int y, int x, int w, int attr)
{
	if (w > screen_cols() - x)
		w = screen_cols() - x;
	if (w <= 0)
		return;
	if (!drawing) {
		attrset(attr);
		mvhline(y, x, ' ', w);
		attrset(A_NORMAL);
	} else if (y >= 0 && y < fr->rows && x >= 0) {
		record(OP_FILL, y, x, w, "", 0, attr, true);
	}
}

/* A glyph of one column, n times from (y, x). */
static void out_repeat(int y, int x, int n, const char *glyph, int attr)
{
	size_t len = strlen(glyph);

	if (n > screen_cols() - x)
		n = screen_cols() - x;
	if (n <= 0 || len >= 16)
		return;
	if (!drawing) {
		attrset(attr);
		for (int i = 0; i < n; i++)
			mvaddstr(y, x + i, glyph);
		attrset(A_NORMAL);
	} else if (y >= 0 && y < fr->rows && x >= 0) {
		record(OP_REPEAT, y, x, n, glyph, len, attr, true);
	}
}

int ui_draw_n(int y, int x, int w, const char *s, size_t len, int attr)
{
	int cols;
	size_t n;

	/* Never past the screen's edge, where curses would go on to the
	 * next row. */
	if (w > screen_cols() - x)
		w = screen_cols() - x;
	if (w <= 0 || !s)
		return 0;
	n = fmt_fit_n(s, len, w, &cols);
	if (n == 0)
		return 0;
	out_text(y, x, cols, s, n, attr);
	return cols;
}

int ui_draw_cut(const struct ui_glyphs *g, int y, int x, int w, const char *s, size_t len,
                int attr)
{
	int cols, mw = fmt_width(g->more);
	size_t n;

	if (w <= 0 || !s)
		return 0;
	n = fmt_fit_n(s, len, w, &cols);
	if (n >= len || !s[n])
		return ui_draw_n(y, x, w, s, len, attr);
	/* Cut: room for the marker, then the marker. */
	cols = ui_draw_n(y, x, w - mw, s, len, attr);
	ui_draw_n(y, x + cols, mw, g->more, strlen(g->more), ui_term_attr(UI_S_DIM));
	return cols + mw;
}

int ui_draw(int y, int x, int w, const char *s, int attr)
{
	return s ? ui_draw_n(y, x, w, s, strlen(s), attr) : 0;
}

int ui_draw_san(int y, int x, int w, const char *raw, unsigned san, int attr)
{
	char buf[1024];
	size_t n = 0;

	if (!raw)
		return ui_draw(y, x, w, "-", attr);
	/* Printable ASCII, most of it, is its own sanitized form. */
	while (n < sizeof buf - 1 && (unsigned char)raw[n] >= 0x20 && (unsigned char)raw[n] < 0x7f)
		n++;
	if (!raw[n])
		return ui_draw_n(y, x, w, raw, n, attr);
	/* A row shows at most a few hundred columns: the cut is harmless. */
	sanitize_buf(buf, sizeof buf, raw, strnlen(raw, 4096), san);
	return ui_draw(y, x, w, buf, attr);
}

void ui_fill(int y, int x, int w, int attr)
{
	out_fill(y, x, w, attr);
}

void ui_hline(const struct ui_glyphs *g, int y, int x, int w, int attr)
{
	out_repeat(y, x, w, g->hline, attr);
}

void ui_vline(const struct ui_glyphs *g, int y, int x, int h, int attr)
{
	for (int i = 0; i < h; i++)
		out_repeat(y + i, x, 1, g->vline, attr);
}

void ui_box(const struct ui_glyphs *g, int y, int x, int h, int w, int attr)
{
	if (h < 2 || w < 2)
		return;
	for (int i = 1; i < h - 1; i++)
		ui_fill(y + i, x + 1, w - 2, attr);
	ui_hline(g, y, x + 1, w - 2, attr);
	ui_hline(g, y + h - 1, x + 1, w - 2, attr);
	ui_vline(g, y + 1, x, h - 2, attr);
	ui_vline(g, y + 1, x + w - 1, h - 2, attr);
	out_repeat(y, x, 1, g->tl, attr);
	out_repeat(y, x + w - 1, 1, g->tr, attr);
	out_repeat(y + h - 1, x, 1, g->bl, attr);
	out_repeat(y + h - 1, x + w - 1, 1, g->br, attr);
}

int ui_bar_style(int percent)
{
	if (percent >= 100)
		return UI_S_BAR_OVER;
	if (percent >= 70)
		return UI_S_BAR_HIGH;
	return UI_S_BAR_LOW;
}

static void fmt_metric(enum ui_metric m, int64_t v, char *buf, size_t n)
{
	if (m == UI_M_MEM)
		fmt_bytes(buf, n, v);
	else
		fmt_duration(buf, n, v);
}

/* The filled part: whole cells and, in Unicode, an eighth block. */
static void bar_cells(const struct ui_glyphs *g, int y, int x, int w, int percent, int attr)
{
	long eighths_total = (long)w * 8 * (percent > 100 ? 100 : percent) / 100;
	int full = (int)(eighths_total / 8), part = (int)(eighths_total % 8);
	int i = 0;

	if (!g->bar_eighths)
		part = 0;
	if (full > w)
		full = w;
	out_repeat(y, x, full, g->bar_full, attr);
	i = full;
	if (part && i < w)
		out_repeat(y, x + i++, 1, g->bar_eighths[part - 1], attr);
	out_repeat(y, x + i, w - i, g->bar_empty, ui_term_attr(UI_S_DIM));
}

void ui_draw_meter(const struct ui_glyphs *g, int y, int x, int w, int percent)
{
	if (w <= 0)
		return;
	if (percent < 0) {
		out_repeat(y, x, w, g->bar_empty, ui_term_attr(UI_S_DIM));
		return;
	}
	bar_cells(g, y, x, w, percent, ui_term_attr(ui_bar_style(percent)));
}

void ui_draw_bar(const struct ui_glyphs *g, int y, int x, int w, enum ui_metric m,
                 const struct wr_metrics *v, const struct wr_limits *l)
{
	static const char *const names[] = { "CPU", "Memory", "Duration" };
	int64_t value = m == UI_M_CPU ? v->cpu_ms : m == UI_M_MEM ? v->mem_bytes : v->duration_ms;
	int64_t limit = m == UI_M_CPU ? l->max_cpu_ms
	                : m == UI_M_MEM ? l->max_mem_bytes : l->max_duration_ms;
	int pct = fmt_percent(value, limit);
	int label_w = 10, style, bar_w, tw, overw, srcw;
	char vbuf[32], lbuf[32], text[96];
	const char *over = pct >= 100 ? " OVER" : "";
	unsigned field = m == UI_M_CPU ? WR_LIMIT_CPU : m == UI_M_MEM ? WR_LIMIT_MEM
	                 : WR_LIMIT_DURATION;
	/* The limit's own source: a flag's name for one set by a flag. */
	const char *src = model_limits_field_source(l, field);
	/* Some limit is only the documented sample. */
	bool sample = (l->from_flags & WR_LIMIT_ALL) != WR_LIMIT_ALL &&
	              l->source == WR_LIMITS_SAMPLE;
	bool show_src = l->source != WR_LIMITS_NONE;

	ui_draw(y, x, w, names[m], ui_term_attr(UI_S_LABEL));
	if (w <= label_w)
		return;
	x += label_w;
	w -= label_w;
	fmt_metric(m, value, vbuf, sizeof vbuf);
	if (value < 0) {
		ui_draw(y, x, w, "- (not reported)", ui_term_attr(UI_S_DIM));
		return;
	}
	if (pct < 0) {
		snprintf(text, sizeof text, "%s (no limit known)", vbuf);
		ui_draw(y, x, w, text, A_NORMAL);
		return;
	}
	fmt_metric(m, limit, lbuf, sizeof lbuf);
	style = ui_term_attr(ui_bar_style(pct));
	/* Fixed-width numbers, so the three bars of a run have one length and
	 * their figures line up. */
	snprintf(text, sizeof text, " %9s / %-9s %4d%%", vbuf, lbuf, pct);
	tw = (int)strlen(text);
	overw = (int)strlen(" OVER");
	/* Room for the longest of the three sources, so that the three bars
	 * keep one length when their sources differ. */
	srcw = 0;
	for (unsigned f = WR_LIMIT_CPU; show_src && f <= WR_LIMIT_DURATION; f <<= 1) {
		int sw = 2 + (int)strlen(model_limits_field_source(l, f));

		if (sw > srcw)
			srcw = sw;
	}
	/* Room first for the numbers, then a bar of at least 8 cells, then
	 * the source; a narrow pane loses the source, then the bar. Limits
	 * that are only the documented sample always say so: the bar goes
	 * first (for the three bars alike). */
	bar_w = w - tw - overw - srcw;
	if (bar_w < 8 && !sample) {
		show_src = false;
		bar_w = w - tw - overw;
	}
	if (bar_w < 4 && show_src) {
		/* No room for a bar: the figures, OVER only when over, and the
		 * source, packed, so that "sample" is never cut for alignment. */
		x += ui_draw(y, x, w, text, A_NORMAL);
		w -= tw;
		if (*over && w > 0) {
			ui_draw(y, x, w, over, style | A_BOLD);
			x += overw;
			w -= overw;
		}
		if (w > 1)
			ui_draw(y, x + 1, w - 1, src, ui_term_attr(UI_S_DIM));
		return;
	}
	if (bar_w > 40)
		bar_w = 40;
	if (bar_w >= 4) {
		bar_cells(g, y, x, bar_w, pct, style);
		x += bar_w;
		w -= bar_w;
	}
	x += ui_draw(y, x, w, text, A_NORMAL);
	w -= tw;
	if (*over && w > 0)
		ui_draw(y, x, w, over, style | A_BOLD);
	x += overw;
	w -= overw;
	if (show_src && w > 2)
		ui_draw(y, x + 2, w - 2, src, ui_term_attr(UI_S_DIM));
}

/* The figures after a sparkline's cells v[0..n), "limit 6.00 s  max 850 ms"
 * (short: without the max) into buf, and "  1 over" into obuf (empty when
 * none over); *top gets the scale's top. Returns the columns of both. */
static int spark_legend(enum ui_metric m, const int64_t *v, size_t n, int64_t limit, bool brief,
                        char *buf, size_t len, char *obuf, size_t olen, int64_t *top)
{
	char lbuf[32], mbuf[32];
	int64_t hi = WR_NONE;
	size_t over = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0)
			continue;
		if (v[i] > hi)
			hi = v[i];
		if (limit > 0 && v[i] >= limit)
			over++;
	}
	*top = limit > hi ? limit : hi;
	fmt_metric(m, hi, mbuf, sizeof mbuf);
	obuf[0] = '\0';
	if (limit <= 0) {
		snprintf(buf, len, brief ? "max %s" : "max %s, no limit known", mbuf);
	} else {
		fmt_metric(m, limit, lbuf, sizeof lbuf);
		if (brief)
			snprintf(buf, len, "limit %s", lbuf);
		else
			snprintf(buf, len, "limit %s  max %s", lbuf, mbuf);
		if (over)
			snprintf(obuf, olen, "  %zu over", over);
	}
	return fmt_width(buf) + fmt_width(obuf);
}

/* The level (1..8) of a value against the top. */
static int spark_level(int64_t value, int64_t top)
{
	double q;
	int lvl;

	if (top <= 0 || value <= 0)
		return 1;
	q = (double)value * 8.0 / (double)top;
	lvl = (int)q;
	if (q > (double)lvl)
		lvl++;
	return lvl < 1 ? 1 : lvl > 8 ? 8 : lvl;
}

void ui_draw_spark(const struct ui_glyphs *g, int y, int x, int w, enum ui_metric m,
                   const int64_t *v, size_t n, int64_t limit)
{
	char legend[96], over[32];
	int64_t top;
	size_t cells, first, want = n < 8 ? n : 8;
	int mw = limit > 0 ? fmt_width(g->limit) + 1 : 0, room = 0, used;
	bool with_legend = true, brief = false;

	if (w <= 0 || !n)
		return;
	/* The room for the cells (at least 8 of them) with the legend of
	 * every value (about as wide as any), else with the short legend,
	 * else the cells alone; then the legend again for the cells that
	 * fit. */
	for (int i = 0; i < 2; i++) {
		brief = i == 1;
		room = w - 1 - mw - spark_legend(m, v, n, limit, brief, legend, sizeof legend, over,
		                                 sizeof over, &top);
		if (room >= (int)want)
			break;
	}
	if (room < (int)want) {
		room = w;
		with_legend = false;
	}
	cells = n < (size_t)room ? n : (size_t)room;
	first = n - cells;
	spark_legend(m, v + first, cells, limit, brief, legend, sizeof legend, over, sizeof over,
	             &top);
	for (size_t i = 0; i < cells; i++) {
		int64_t val = v[first + i];
		int pct = fmt_percent(val, limit);

		if (val < 0)
			continue; /* not reported: a gap */
		out_repeat(y, x + (int)i, 1, g->spark[spark_level(val, top) - 1],
		           pct >= 0 ? ui_term_attr(ui_bar_style(pct)) : (int)A_NORMAL);
	}
	if (!with_legend)
		return;
	x += (int)cells + 1;
	w -= (int)cells + 1;
	if (mw) {
		ui_draw(y, x, w, g->limit, ui_term_attr(UI_S_DIM));
		x += mw;
		w -= mw;
	}
	used = ui_draw(y, x, w, legend, A_NORMAL);
	if (over[0])
		ui_draw(y, x + used, w - used, over, ui_term_attr(UI_S_BAR_OVER) | A_BOLD);
}
