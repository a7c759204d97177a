/* ui_draw.c - drawing primitives (see ui_draw.h). */
#include "config.h"

#include "ui_draw.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"

#include <curses.h>
#include <stdio.h>
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

int ui_draw_n(int y, int x, int w, const char *s, size_t len, int attr)
{
	int cols;
	size_t n;

	if (w <= 0 || !s)
		return 0;
	n = fmt_fit_n(s, len, w, &cols);
	if (n == 0)
		return 0;
	attrset(attr);
	mvaddnstr(y, x, s, (int)n);
	attrset(A_NORMAL);
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
	attrset(ui_term_attr(UI_S_DIM));
	mvaddstr(y, x + cols, g->more);
	attrset(A_NORMAL);
	return cols + mw;
}

int ui_draw(int y, int x, int w, const char *s, int attr)
{
	return s ? ui_draw_n(y, x, w, s, strlen(s), attr) : 0;
}

int ui_draw_san(int y, int x, int w, const char *raw, unsigned san, int attr)
{
	char buf[1024];

	if (!raw)
		return ui_draw(y, x, w, "-", attr);
	/* A row shows at most a few hundred columns: the cut is harmless. */
	sanitize_buf(buf, sizeof buf, raw, strnlen(raw, 4096), san);
	return ui_draw(y, x, w, buf, attr);
}

void ui_fill(int y, int x, int w, int attr)
{
	if (w <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void ui_hline(const struct ui_glyphs *g, int y, int x, int w, int attr)
{
	attrset(attr);
	for (int i = 0; i < w; i++)
		mvaddstr(y, x + i, g->hline);
	attrset(A_NORMAL);
}

void ui_vline(const struct ui_glyphs *g, int y, int x, int h, int attr)
{
	attrset(attr);
	for (int i = 0; i < h; i++)
		mvaddstr(y + i, x, g->vline);
	attrset(A_NORMAL);
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
	attrset(attr);
	mvaddstr(y, x, g->tl);
	mvaddstr(y, x + w - 1, g->tr);
	mvaddstr(y + h - 1, x, g->bl);
	mvaddstr(y + h - 1, x + w - 1, g->br);
	attrset(A_NORMAL);
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
	attrset(attr);
	for (; i < full; i++)
		mvaddstr(y, x + i, g->bar_full);
	if (part && i < w)
		mvaddstr(y, x + i++, g->bar_eighths[part - 1]);
	attrset(ui_term_attr(UI_S_DIM));
	for (; i < w; i++)
		mvaddstr(y, x + i, g->bar_empty);
	attrset(A_NORMAL);
}

void ui_draw_meter(const struct ui_glyphs *g, int y, int x, int w, int percent)
{
	if (w <= 0)
		return;
	if (percent < 0) {
		attrset(ui_term_attr(UI_S_DIM));
		for (int i = 0; i < w; i++)
			mvaddstr(y, x + i, g->bar_empty);
		attrset(A_NORMAL);
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
		attrset(pct >= 0 ? ui_term_attr(ui_bar_style(pct)) : (int)A_NORMAL);
		mvaddstr(y, x + (int)i, g->spark[spark_level(val, top) - 1]);
	}
	attrset(A_NORMAL);
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
