/* ui_logview.c - the full-screen log viewer (see ui_logview.h).
 *
 * The text is sanitized once, then split into lines; what is on screen is
 * an array of rows (a line, or with wrap a piece of one) built again only
 * when the width or the wrap changes. Search marks every occurrence; the
 * rows draw their matches in reverse video.
 */
#include "config.h"

#include "ui_logview.h"
#include "fmt.h"
#include "logtext.h"
#include "sanitize.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_HSTEP 16 /* columns a sideways step moves */

struct lv_line {
	size_t off, len; /* in text */
};

struct lv_row {
	size_t line;     /* the line it shows */
	size_t off, len; /* the bytes of that line it shows (all, or a wrapped piece) */
};

struct lv_match {
	size_t line, off, len; /* off: from the line's start */
};

struct logview {
	struct ui_overlay base;
	struct ui_overlays *st;
	char *title, *save_name;
	char *text;                 /* sanitized, lines end in \n */
	size_t len;
	struct lv_line *lines;
	size_t n_lines;
	struct lv_row *rows;        /* for width rows_w and the wrap below */
	size_t n_rows, cap_rows;
	int rows_w;
	bool rows_wrap;
	bool wrap;
	size_t top;                 /* first row shown */
	int hscroll;                /* columns skipped, without wrap */
	char search[256];
	struct lv_match *matches;
	size_t n_matches, cap_matches, cur;
	char msg[600];
	bool msg_error;
	struct ui_screen scr;       /* the last one drawn on: for the prompt's callbacks */
};

/* ---- text, lines, rows ----------------------------------------------------- */

static void split_lines(struct logview *lv)
{
	size_t cap = 64;

	lv->lines = wr_xcalloc(cap, sizeof *lv->lines);
	for (size_t p = 0; p < lv->len;) {
		const char *nl = memchr(lv->text + p, '\n', lv->len - p);
		size_t end = nl ? (size_t)(nl - lv->text) : lv->len;

		if (lv->n_lines == cap) {
			cap *= 2;
			lv->lines = wr_xrealloc(lv->lines, cap, sizeof *lv->lines);
		}
		lv->lines[lv->n_lines].off = p;
		lv->lines[lv->n_lines].len = end - p;
		lv->n_lines++;
		p = end + 1;
	}
}

static void add_row(struct logview *lv, size_t line, size_t off, size_t len)
{
	if (lv->n_rows == lv->cap_rows) {
		lv->cap_rows = lv->cap_rows ? lv->cap_rows * 2 : 256;
		lv->rows = wr_xrealloc(lv->rows, lv->cap_rows, sizeof *lv->rows);
	}
	lv->rows[lv->n_rows].line = line;
	lv->rows[lv->n_rows].off = off;
	lv->rows[lv->n_rows].len = len;
	lv->n_rows++;
}

/* The row that shows byte off of a line. */
static size_t row_of(const struct logview *lv, size_t line, size_t off)
{
	size_t lo = 0, hi = lv->n_rows;

	/* Rows are in line order: the last row of the line starting at or
	 * before off. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct lv_row *r = &lv->rows[mid];

		if (r->line < line || (r->line == line && r->off <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

static void build_rows(struct logview *lv, int w)
{
	size_t top_line = lv->n_rows && lv->top < lv->n_rows ? lv->rows[lv->top].line : 0;
	size_t top_off = lv->n_rows && lv->top < lv->n_rows ? lv->rows[lv->top].off : 0;

	if (w < 1)
		w = 1;
	if (lv->rows && lv->rows_w == w && lv->rows_wrap == lv->wrap)
		return;
	lv->n_rows = 0;
	for (size_t i = 0; i < lv->n_lines; i++) {
		const char *s = lv->text + lv->lines[i].off;
		size_t len = lv->lines[i].len, off = 0;

		if (!lv->wrap || len == 0) {
			add_row(lv, i, 0, len);
			continue;
		}
		while (off < len) {
			int used;
			size_t k = fmt_fit_n(s + off, len - off, w, &used);

			if (k == 0)
				k = 1; /* a character wider than the screen: one a row */
			add_row(lv, i, off, k);
			off += k;
		}
	}
	lv->rows_w = w;
	lv->rows_wrap = lv->wrap;
	/* The same place stays on top. */
	lv->top = lv->n_rows ? row_of(lv, top_line, top_off) : 0;
}

/* ---- search -------------------------------------------------------------- */

static void find_all(struct logview *lv)
{
	lv->n_matches = 0;
	lv->cur = 0;
	if (!lv->search[0])
		return;
	for (size_t i = 0; i < lv->n_lines; i++) {
		const char *s = lv->text + lv->lines[i].off;
		size_t len = lv->lines[i].len, at = 0;
		const char *hit;

		while ((hit = logtext_find(s + at, len - at, lv->search))) {
			size_t off = (size_t)(hit - s), n = strlen(lv->search);

			if (lv->n_matches == lv->cap_matches) {
				lv->cap_matches = lv->cap_matches ? lv->cap_matches * 2 : 64;
				lv->matches = wr_xrealloc(lv->matches, lv->cap_matches, sizeof *lv->matches);
			}
			lv->matches[lv->n_matches++] = (struct lv_match){ i, off, n };
			at = off + n;
		}
	}
}

static int page_rows(const struct ui_screen *scr)
{
	return scr->rows - 3 > 1 ? scr->rows - 3 : 1;
}

/* Brings line:off on screen (a third down), and in sight sideways. */
static void show_at(struct logview *lv, const struct ui_screen *scr, size_t line, size_t off)
{
	size_t r = row_of(lv, line, off);
	size_t h = (size_t)page_rows(scr);

	if (r < lv->top || r >= lv->top + h)
		lv->top = r > h / 3 ? r - h / 3 : 0;
	if (!lv->wrap) {
		int col;

		fmt_fit_n(lv->text + lv->lines[line].off, off, 1 << 30, &col);
		if (col < lv->hscroll || col >= lv->hscroll + scr->cols - 2)
			lv->hscroll = col > scr->cols / 3 ? col - scr->cols / 3 : 0;
	}
}

static void goto_match(struct logview *lv, const struct ui_screen *scr, size_t i)
{
	if (!lv->n_matches) {
		snprintf(lv->msg, sizeof lv->msg, "no match for /%.200s", lv->search);
		lv->msg_error = true;
		return;
	}
	lv->cur = i % lv->n_matches;
	show_at(lv, scr, lv->matches[lv->cur].line, lv->matches[lv->cur].off);
	snprintf(lv->msg, sizeof lv->msg, "match %zu/%zu", lv->cur + 1, lv->n_matches);
	lv->msg_error = false;
}

/* The first match at or after the top of the screen. */
static size_t first_shown_match(const struct logview *lv)
{
	size_t line = lv->n_rows ? lv->rows[lv->top].line : 0;

	for (size_t i = 0; i < lv->n_matches; i++)
		if (lv->matches[i].line >= line)
			return i;
	return 0;
}

static void search_change(void *ctx, const char *text)
{
	struct logview *lv = ctx;

	snprintf(lv->search, sizeof lv->search, "%s", text);
	find_all(lv);
	lv->msg[0] = '\0';
	if (lv->search[0])
		snprintf(lv->msg, sizeof lv->msg, "%zu match%s", lv->n_matches,
		         lv->n_matches == 1 ? "" : "es");
}

static void search_done(void *ctx, const char *text, bool keep)
{
	struct logview *lv = ctx;

	if (!keep) {
		lv->search[0] = '\0';
		find_all(lv);
		lv->msg[0] = '\0';
		return;
	}
	search_change(ctx, text);
	if (lv->search[0])
		goto_match(lv, &lv->scr, first_shown_match(lv));
}

/* ---- saving ---------------------------------------------------------------- */

static void save_to(struct logview *lv, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t off = 0;

	if (fd < 0) {
		snprintf(lv->msg, sizeof lv->msg, "cannot write %.150s: %s", path, strerror(errno));
		lv->msg_error = true;
		return;
	}
	while (off < lv->len) {
		ssize_t w = write(fd, lv->text + off, lv->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off < lv->len || close(fd) != 0) {
		if (off < lv->len)
			close(fd);
		snprintf(lv->msg, sizeof lv->msg, "write error on %.150s: %s", path, strerror(errno));
		lv->msg_error = true;
		return;
	}
	snprintf(lv->msg, sizeof lv->msg, "saved %zu line%s to %.150s", lv->n_lines,
	         lv->n_lines == 1 ? "" : "s", path);
	lv->msg_error = false;
}

static void overwrite_answer(void *ctx, void *arg, bool yes)
{
	struct logview *lv = ctx;

	if (yes)
		save_to(lv, arg);
	else {
		snprintf(lv->msg, sizeof lv->msg, "not saved: the file is left as it was");
		lv->msg_error = false;
	}
}

static void save_done(void *ctx, const char *text, bool keep)
{
	struct logview *lv = ctx;
	struct stat sb;

	if (!keep || !*text) {
		snprintf(lv->msg, sizeof lv->msg, "not saved");
		lv->msg_error = false;
		return;
	}
	if (stat(text, &sb) == 0) {
		struct ui_qline line = { "", text, 0 };

		ui_question_push(lv->st, " The file exists: overwrite it? ", &line, 1,
		                 "y: overwrite   any other key: keep it", overwrite_answer, lv,
		                 wr_xstrdup(text), free);
		return;
	}
	save_to(lv, text);
}

static void save_change(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

/* ---- keys -------------------------------------------------------------------- */

static void run_pager(struct logview *lv)
{
	const char *pager = getenv("PAGER");
	struct wr_error err;

	if (!pager || !*pager)
		pager = "less -R";
	wr_error_clear(&err);
	if (!ui_term_run(pager, lv->text, lv->len, &err)) {
		snprintf(lv->msg, sizeof lv->msg, "%s", err.msg);
		lv->msg_error = true;
	}
}

static unsigned lv_key(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done)
{
	struct logview *lv = (struct logview *)o;
	size_t h = (size_t)page_rows(scr);
	size_t last = lv->n_rows > h ? lv->n_rows - h : 0;

	lv->scr = *scr;
	build_rows(lv, scr->cols);
	lv->msg_error = false;
	switch (ui_key_action_in(ch, UI_SCOPE_LOGS)) {
	case UI_ACT_LOG_CLOSE:
		*done = true;
		break;
	case UI_ACT_HELP:
		ui_help_push(lv->st);
		break;
	case UI_ACT_UP:
		if (lv->top)
			lv->top--;
		break;
	case UI_ACT_DOWN:
		if (lv->top < last)
			lv->top++;
		break;
	case UI_ACT_PAGE_UP:
		lv->top = lv->top > h ? lv->top - h : 0;
		break;
	case UI_ACT_PAGE_DOWN:
		lv->top = lv->top + h < last ? lv->top + h : last;
		break;
	case UI_ACT_FIRST:
		lv->top = 0;
		lv->hscroll = 0;
		break;
	case UI_ACT_LAST:
		lv->top = last;
		break;
	case UI_ACT_LOG_WRAP:
		lv->wrap = !lv->wrap;
		lv->hscroll = 0;
		build_rows(lv, scr->cols);
		snprintf(lv->msg, sizeof lv->msg, "%s", lv->wrap ? "long lines wrap"
		                                                 : "long lines are cut (Left, Right)");
		break;
	case UI_ACT_LOG_RIGHT:
		if (!lv->wrap)
			lv->hscroll += LOG_HSTEP;
		break;
	case UI_ACT_LOG_LEFT:
		lv->hscroll = lv->hscroll > LOG_HSTEP ? lv->hscroll - LOG_HSTEP : 0;
		break;
	case UI_ACT_LOG_SEARCH:
		ui_prompt_push(lv->st, "search: /", lv->search, search_change, search_done, lv);
		break;
	case UI_ACT_LOG_NEXT:
		if (lv->search[0])
			goto_match(lv, scr, lv->cur + 1);
		else
			snprintf(lv->msg, sizeof lv->msg, "no search yet: / searches");
		break;
	case UI_ACT_LOG_PREV:
		if (lv->search[0])
			goto_match(lv, scr, lv->cur + lv->n_matches - 1);
		else
			snprintf(lv->msg, sizeof lv->msg, "no search yet: / searches");
		break;
	case UI_ACT_LOG_ERROR: {
		size_t i;

		for (i = 0; i < lv->n_lines; i++)
			if (logtext_is_error(lv->text + lv->lines[i].off, lv->lines[i].len))
				break;
		if (i == lv->n_lines) {
			snprintf(lv->msg, sizeof lv->msg, "no line looks like an error");
			break;
		}
		show_at(lv, scr, i, 0);
		lv->hscroll = 0;
		snprintf(lv->msg, sizeof lv->msg, "first error: line %zu", i + 1);
		break;
	}
	case UI_ACT_LOG_PAGER:
		run_pager(lv);
		return UI_EV_HANDLED | UI_EV_REDRAW | UI_EV_RESIZE;
	case UI_ACT_LOG_SAVE:
		ui_prompt_push(lv->st, "save to: ", lv->save_name, save_change, save_done, lv);
		break;
	default:
		break;
	}
	if (lv->top > last)
		lv->top = last;
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

/* ---- drawing ---------------------------------------------------------------- */

/* Draws bytes [off, off+len) of a line at (y, x) in w columns, matches in
 * reverse video; returns the columns used. */
static int draw_piece(struct logview *lv, size_t line, size_t off, size_t len, int y, int x,
                      int w)
{
	const char *s = lv->text + lv->lines[line].off;
	int used = 0;

	while (len > 0 && used < w) {
		size_t seg = len;
		int attr = A_NORMAL;

		/* The match covering off, or the text up to the next one. */
		for (size_t i = 0; i < lv->n_matches; i++) {
			const struct lv_match *m = &lv->matches[i];

			if (m->line != line || m->off + m->len <= off)
				continue;
			if (m->off <= off) {
				seg = m->off + m->len - off;
				attr = i == lv->cur ? (int)(A_REVERSE | A_BOLD | ui_term_attr(UI_S_OTHER))
				                    : (int)A_REVERSE;
			} else if (m->off - off < seg) {
				seg = m->off - off;
			}
			break;
		}
		if (seg > len)
			seg = len;
		used += ui_draw_n(y, x + used, w - used, s + off, seg, attr);
		off += seg;
		len -= seg;
	}
	return used;
}

static void lv_draw(struct ui_overlay *o, const struct ui_screen *scr)
{
	struct logview *lv = (struct logview *)o;
	int h = page_rows(scr), w = scr->cols;
	char head[512], hints[512];

	lv->scr = *scr;
	if (scr->too_small)
		return;
	build_rows(lv, w);
	if (lv->top + (size_t)h > lv->n_rows)
		lv->top = lv->n_rows > (size_t)h ? lv->n_rows - (size_t)h : 0;
	for (int y = 0; y < scr->rows; y++)
		ui_fill(y, 0, w, A_NORMAL);
	snprintf(head, sizeof head, " %s  (%zu line%s)%s%s", lv->title, lv->n_lines,
	         lv->n_lines == 1 ? "" : "s", lv->wrap ? "  wrap" : "",
	         !lv->wrap && lv->hscroll ? "  >>" : "");
	ui_fill(0, 0, w, ui_term_attr(UI_S_TITLE));
	ui_draw(0, 0, w, head, ui_term_attr(UI_S_TITLE));
	if (!lv->n_lines)
		ui_draw(2, 2, w - 2, "(no logs)", ui_term_attr(UI_S_DIM));
	for (int i = 0; i < h && lv->top + (size_t)i < lv->n_rows; i++) {
		const struct lv_row *r = &lv->rows[lv->top + (size_t)i];
		const char *s = lv->text + lv->lines[r->line].off;
		size_t off = r->off, len = r->len;
		int y = 1 + i, cols;

		if (!lv->wrap && lv->hscroll) {
			/* Skip hscroll columns of the line. */
			size_t k = fmt_fit_n(s, len, lv->hscroll, &cols);

			off += k;
			len -= k;
		}
		fmt_fit_n(s + off, len, 1 << 30, &cols);
		if (!lv->wrap && cols > w) {
			/* Cut: the ellipsis says there is more. */
			int mw = fmt_width(scr->g->more);

			draw_piece(lv, r->line, off, len, y, 0, w - mw);
			ui_draw(y, w - mw, mw, scr->g->more, ui_term_attr(UI_S_DIM));
		} else {
			draw_piece(lv, r->line, off, len, y, 0, w);
		}
	}
	if (lv->msg[0])
		ui_draw(scr->rows - 2, 1, w - 2, lv->msg,
		        ui_term_attr(lv->msg_error ? UI_S_ERROR : UI_S_NORMAL));
	else if (lv->n_rows > (size_t)h) {
		char pos[64];

		snprintf(pos, sizeof pos, "lines %zu-%zu of %zu", lv->rows[lv->top].line + 1,
		         lv->rows[lv->top + (size_t)h - 1].line + 1, lv->n_lines);
		ui_draw(scr->rows - 2, 1, w - 2, pos, ui_term_attr(UI_S_DIM));
	}
	ui_key_hints(hints, sizeof hints, UI_HINTS_LOGS);
	ui_draw(scr->rows - 1, 1, w - 2, hints, ui_term_attr(UI_S_DIM));
}

static void lv_free(struct ui_overlay *o)
{
	struct logview *lv = (struct logview *)o;

	free(lv->title);
	free(lv->save_name);
	free(lv->text);
	free(lv->lines);
	free(lv->rows);
	free(lv->matches);
	free(lv);
}

static const struct ui_overlay_ops logview_ops = {
	"logs", lv_draw, lv_key, lv_free,
};

void ui_logview_push(struct ui_overlays *st, const char *title, const char *raw_logs,
                     const char *save_name, unsigned san)
{
	struct logview *lv = wr_xcalloc(1, sizeof *lv);
	const char *raw = raw_logs ? raw_logs : "";

	lv->st = st;
	lv->title = wr_xstrdup(title);
	lv->save_name = wr_xstrdup(save_name ? save_name : "wrun.log");
	lv->text = sanitize_dup(raw, strlen(raw), san | SAN_KEEP_NEWLINE | SAN_TAB_TO_SPACE);
	if (!lv->text)
		wr_die_nomem();
	lv->len = strlen(lv->text);
	lv->wrap = true;
	split_lines(lv);
	ui_overlay_push(st, &lv->base, &logview_ops);
}
