/* ui_overlay.c - the overlay stack: questions, the prompt and the help
 * screen (see ui_overlay.h). */
#include "config.h"

#include "ui_overlay.h"
#include "fmt.h"
#include "sanitize.h"
#include "ui_term.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_overlay_push(struct ui_overlays *st, struct ui_overlay *o,
                     const struct ui_overlay_ops *ops)
{
	o->ops = ops;
	o->below = st->top;
	st->top = o;
}

static void pop(struct ui_overlays *st)
{
	struct ui_overlay *o = st->top;

	if (!o)
		return;
	st->top = o->below;
	o->ops->free(o);
}

bool ui_overlays_active(const struct ui_overlays *st)
{
	return st->top != NULL;
}

const char *ui_overlays_top_name(const struct ui_overlays *st)
{
	return st->top ? st->top->ops->name : NULL;
}

unsigned ui_overlays_key(struct ui_overlays *st, const struct ui_screen *scr, int ch)
{
	struct ui_overlay *o = st->top;
	bool done = false;
	unsigned flags;

	if (!o)
		return 0;
	/* The callbacks may push (a question after a question): pop this
	 * one first, then answer, by letting key() call back after the pop
	 * through its own copy of what it needs. */
	st->top = o->below;
	flags = o->ops->key(o, scr, ch, &done);
	if (done) {
		o->ops->free(o);
	} else {
		/* Not done: back on top, over anything the key pushed. */
		struct ui_overlay **pp = &st->top;

		while (*pp && *pp != o->below)
			pp = &(*pp)->below;
		o->below = *pp;
		*pp = o;
	}
	return flags;
}

static void draw_from(struct ui_overlay *o, const struct ui_screen *scr)
{
	if (!o)
		return;
	draw_from(o->below, scr);
	o->ops->draw(o, scr);
}

void ui_overlays_draw(struct ui_overlays *st, const struct ui_screen *scr)
{
	draw_from(st->top, scr);
}

void ui_overlays_free(struct ui_overlays *st)
{
	while (st->top)
		pop(st);
}

/* ---- questions ------------------------------------------------------------- */

struct question {
	struct ui_overlay base;
	char *title, *footer;
	struct ui_qline *lines; /* label and text owned */
	size_t n;
	ui_answer_fn answer;
	void *ctx, *arg;
	void (*arg_free)(void *);
	int footer_y, footer_x, yes_w, footer_w; /* where the footer was drawn, -1: not */
};

static void question_free(struct ui_overlay *o)
{
	struct question *q = (struct question *)o;

	for (size_t i = 0; i < q->n; i++) {
		free((char *)q->lines[i].label);
		free((char *)q->lines[i].text);
	}
	free(q->lines);
	free(q->title);
	free(q->footer);
	if (q->arg_free)
		q->arg_free(q->arg);
	free(q);
}

/* A line's text as shown: sanitized server text, or a time. */
static char *qline_text(const struct ui_qline *l, unsigned san)
{
	char t[64], ago[32], buf[128];
	char *s;

	if (l->text) {
		s = sanitize_dup(l->text, strlen(l->text), san);
		if (!s)
			wr_die_nomem();
		return s;
	}
	fmt_time(t, sizeof t, l->time_ms);
	fmt_ago(ago, sizeof ago, l->time_ms, fmt_now_ms());
	snprintf(buf, sizeof buf, "%s (%s)", t, ago);
	return wr_xstrdup(buf);
}

/* Rows a text takes in w columns, wrapped by width, never cut. */
static int wrapped_rows(const char *s, int w)
{
	int rows = 0;

	if (w <= 0)
		return 1;
	do {
		int used;
		size_t k = fmt_fit(s, w, &used);

		if (k == 0 && *s)
			k = 1; /* a character wider than the room: one a row */
		s += k;
		rows++;
	} while (*s);
	return rows;
}

static void question_draw(struct ui_overlay *o, const struct ui_screen *scr)
{
	struct question *q = (struct question *)o;
	int w = scr->cols - 4 < 76 ? scr->cols - 4 : 76, iw = w - 4, h, y, x, row;
	char **texts = wr_xcalloc(q->n ? q->n : 1, sizeof *texts);
	int *labels = wr_xcalloc(q->n ? q->n : 1, sizeof *labels);

	if (scr->too_small || w < 10)
		goto out;
	h = 5; /* borders, a blank line after the title and before the footer, the footer */
	for (size_t i = 0; i < q->n; i++) {
		texts[i] = qline_text(&q->lines[i], scr->san);
		labels[i] = fmt_width(q->lines[i].label);
		h += wrapped_rows(texts[i], iw - labels[i] > 8 ? iw - labels[i] : iw);
	}
	if (h > scr->rows)
		h = scr->rows;
	y = (scr->rows - h) / 2;
	x = (scr->cols - w) / 2;
	ui_box(scr->g, y, x, h, w, A_NORMAL);
	ui_draw(y, x + 2, iw, q->title, A_BOLD);
	row = y + 2;
	for (size_t i = 0; i < q->n && row < y + h - 2; i++) {
		int tx = x + 2, tw = iw;
		const char *s = texts[i];

		if (labels[i] && iw - labels[i] > 8) {
			ui_draw(row, tx, tw, q->lines[i].label, ui_term_attr(UI_S_LABEL));
			tx += labels[i];
			tw -= labels[i];
		}
		do {
			int used;
			size_t k = fmt_fit(s, tw, &used);

			if (k == 0 && *s)
				k = 1;
			ui_draw_n(row++, tx, tw, s, k, A_NORMAL);
			s += k;
		} while (*s && row < y + h - 2);
	}
	ui_draw(y + h - 2, x + 2, iw, q->footer, A_BOLD);
	q->footer_y = y + h - 2;
	q->footer_x = x + 2;
	q->footer_w = fmt_width(q->footer);
	{
		/* The yes part: up to the first run of blanks. */
		const char *gap = strstr(q->footer, "   ");

		q->yes_w = gap ? (int)(gap - q->footer) : q->footer_w;
	}
out:
	for (size_t i = 0; i < q->n; i++)
		free(texts[i]);
	free(texts);
	free(labels);
}

static unsigned question_key(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done)
{
	struct question *q = (struct question *)o;
	bool yes = ch == 'y' || ch == 'Y';

	/* Not on the screen: nothing is answered blind. It waits to be seen;
	 * Esc says no. */
	if (scr->too_small && ch != UI_KEY_ESC)
		return 0;
	if (ch == KEY_MOUSE) {
		/* Only a click on the footer answers. */
		if (q->footer_y < 0 || scr->mouse_y != q->footer_y || scr->mouse_x < q->footer_x ||
		    scr->mouse_x >= q->footer_x + q->footer_w)
			return UI_EV_HANDLED;
		yes = scr->mouse_x < q->footer_x + q->yes_w;
	}
	*done = true;
	q->answer(q->ctx, q->arg, yes);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static const struct ui_overlay_ops question_ops = {
	"question", question_draw, question_key, question_free,
};

void ui_question_push(struct ui_overlays *st, const char *title, const struct ui_qline *lines,
                      size_t n, const char *footer, ui_answer_fn answer, void *ctx, void *arg,
                      void (*arg_free)(void *))
{
	struct question *q = wr_xcalloc(1, sizeof *q);

	q->title = wr_xstrdup(title);
	q->footer = wr_xstrdup(footer);
	q->lines = wr_xcalloc(n ? n : 1, sizeof *q->lines);
	for (size_t i = 0; i < n; i++) {
		q->lines[i].label = wr_xstrdup(lines[i].label ? lines[i].label : "");
		q->lines[i].text = lines[i].text ? wr_xstrdup(lines[i].text) : NULL;
		q->lines[i].time_ms = lines[i].time_ms;
	}
	q->n = n;
	q->answer = answer;
	q->footer_y = -1;
	q->ctx = ctx;
	q->arg = arg;
	q->arg_free = arg_free;
	ui_overlay_push(st, &q->base, &question_ops);
}

/* ---- the prompt ---------------------------------------------------------------- */

#define PROMPT_MAX 256

struct prompt {
	struct ui_overlay base;
	char label[32];
	char text[PROMPT_MAX];
	size_t len;
	ui_prompt_fn change;
	ui_prompt_done_fn done;
	void *ctx;
};

static void prompt_free(struct ui_overlay *o)
{
	free(o);
}

static void prompt_draw(struct ui_overlay *o, const struct ui_screen *scr)
{
	struct prompt *p = (struct prompt *)o;
	int y = scr->rows - 2, lw, tw, shown;
	const char *s = p->text;
	char *clean;

	if (scr->too_small || y < 0)
		return;
	ui_fill(y, 0, scr->cols, A_NORMAL);
	lw = ui_draw(y, 1, scr->cols - 2, p->label, A_BOLD);
	clean = sanitize_dup(s, p->len, scr->san);
	if (!clean)
		wr_die_nomem();
	/* The end of the text stays in sight as it grows. */
	tw = scr->cols - 3 - lw;
	s = clean;
	while (*s && fmt_width(s) > tw - 1)
		s++;
	shown = ui_draw(y, 1 + lw, tw, s, A_NORMAL);
	ui_draw(y, 1 + lw + shown, 1, " ", A_REVERSE);
	free(clean);
}

static unsigned prompt_key(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done)
{
	struct prompt *p = (struct prompt *)o;

	switch (ch) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		*done = true;
		p->done(p->ctx, p->text, true);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case UI_KEY_ESC:
		*done = true;
		p->done(p->ctx, "", false);
		return UI_EV_HANDLED | UI_EV_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case '\b':
		/* One character: its continuation bytes and its first. */
		while (p->len && ((unsigned char)p->text[p->len - 1] & 0xc0) == 0x80)
			p->len--;
		if (p->len)
			p->len--;
		break;
	case UI_CTRL('u'):
		p->len = 0;
		break;
	default:
		/* Text: printable ASCII and the bytes of UTF-8 characters. */
		if (ch < 0x20 || ch > 0xff || ch == 0x7f || p->len + 1 >= PROMPT_MAX)
			return UI_EV_HANDLED;
		p->text[p->len++] = (char)ch;
		break;
	}
	p->text[p->len] = '\0';
	p->change(p->ctx, p->text);
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static const struct ui_overlay_ops prompt_ops = {
	"prompt", prompt_draw, prompt_key, prompt_free,
};

void ui_prompt_push(struct ui_overlays *st, const char *label, const char *initial,
                    ui_prompt_fn change, ui_prompt_done_fn done, void *ctx)
{
	struct prompt *p = wr_xcalloc(1, sizeof *p);

	snprintf(p->label, sizeof p->label, "%s", label);
	snprintf(p->text, sizeof p->text, "%s", initial ? initial : "");
	p->len = strlen(p->text);
	p->change = change;
	p->done = done;
	p->ctx = ctx;
	ui_overlay_push(st, &p->base, &prompt_ops);
}

/* ---- a list to pick from -------------------------------------------------------- */

struct pick {
	struct ui_overlay base;
	char *title;
	char **items;
	size_t n, sel, current;
	ui_pick_fn pick;
	void *ctx;
};

static void pick_free(struct ui_overlay *o)
{
	struct pick *p = (struct pick *)o;

	for (size_t i = 0; i < p->n; i++)
		free(p->items[i]);
	free(p->items);
	free(p->title);
	free(p);
}

static void pick_draw(struct ui_overlay *o, const struct ui_screen *scr)
{
	struct pick *p = (struct pick *)o;
	int w = scr->cols - 4 < 90 ? scr->cols - 4 : 90, h = (int)p->n + 5, y, x;
	size_t top = 0, rows;

	if (scr->too_small || w < 10)
		return;
	if (h > scr->rows)
		h = scr->rows;
	rows = h > 5 ? (size_t)(h - 5) : 1;
	if (p->sel >= rows)
		top = p->sel - rows + 1;
	y = (scr->rows - h) / 2;
	x = (scr->cols - w) / 2;
	ui_box(scr->g, y, x, h, w, A_NORMAL);
	ui_draw(y, x + 2, w - 4, p->title, A_BOLD);
	for (size_t i = 0; i < rows && top + i < p->n; i++) {
		size_t k = top + i;
		int attr = k == p->sel ? A_REVERSE : A_NORMAL;

		ui_fill(y + 2 + (int)i, x + 1, w - 2, attr);
		ui_draw(y + 2 + (int)i, x + 2, 2, k == p->current ? "*" : " ", attr | A_BOLD);
		ui_draw_san(y + 2 + (int)i, x + 4, w - 6, p->items[k], scr->san, attr);
	}
	ui_draw(y + h - 2, x + 2, w - 4, "Enter: switch   Esc: stay   * the current one", A_BOLD);
}

static unsigned pick_key(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done)
{
	struct pick *p = (struct pick *)o;

	(void)scr;
	switch (ui_key_action(ch)) {
	case UI_ACT_UP:
		if (p->sel)
			p->sel--;
		break;
	case UI_ACT_DOWN:
		if (p->sel + 1 < p->n)
			p->sel++;
		break;
	case UI_ACT_OPEN:
		*done = true;
		p->pick(p->ctx, p->sel);
		break;
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
		*done = true;
		break;
	default:
		break;
	}
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static const struct ui_overlay_ops pick_ops = {
	"pick", pick_draw, pick_key, pick_free,
};

void ui_pick_push(struct ui_overlays *st, const char *title, const char *const *items,
                  size_t n, size_t current, ui_pick_fn pick, void *ctx)
{
	struct pick *p = wr_xcalloc(1, sizeof *p);

	p->title = wr_xstrdup(title);
	p->items = wr_xcalloc(n ? n : 1, sizeof *p->items);
	for (size_t i = 0; i < n; i++)
		p->items[i] = wr_xstrdup(items[i]);
	p->n = n;
	p->sel = p->current = current < n ? current : 0;
	p->pick = pick;
	p->ctx = ctx;
	ui_overlay_push(st, &p->base, &pick_ops);
}

/* ---- help --------------------------------------------------------------------- */

#define HELP_KEYS_W 16

struct help {
	struct ui_overlay base;
	size_t top;
};

struct help_geom {
	int y, x, h, w; /* the box */
	int kw, tw;     /* keys column, text column */
	size_t page;    /* text rows inside */
};

static void help_geometry(const struct ui_screen *scr, struct help_geom *g)
{
	g->w = scr->cols - 2 < 96 ? scr->cols - 2 : 96;
	g->kw = HELP_KEYS_W;
	g->tw = g->w - 4 - g->kw - 1;
	if (g->tw < 10) {
		g->kw = 10;
		g->tw = g->w - 4 - g->kw - 1;
	}
	g->h = scr->rows - 2;
	g->page = g->h > 4 ? (size_t)(g->h - 4) : 1;
	g->y = (scr->rows - g->h) / 2;
	g->x = (scr->cols - g->w) / 2;
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

#define HELP_LOGS_HEADING "In the log viewer (L, or Enter on the detail pane):"

/* Does entry i start the log viewer's keys (a heading row before it)? */
static bool starts_logs(size_t i, const struct ui_key_help *kh)
{
	struct ui_key_help prev;

	if (kh->scope != UI_SCOPE_LOGS)
		return false;
	if (i == 0)
		return true;
	ui_key_help_get(i - 1, &prev);
	return prev.scope != UI_SCOPE_LOGS;
}

static size_t help_rows(int tw)
{
	size_t rows = 0;

	for (size_t i = 0; i < ui_key_help_count(); i++) {
		struct ui_key_help kh;

		ui_key_help_get(i, &kh);
		rows += entry_rows(kh.help, tw) + (starts_logs(i, &kh) ? 2 : 0);
	}
	return rows;
}

static unsigned help_key(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done)
{
	struct help *hp = (struct help *)o;
	struct help_geom g;
	size_t n;

	help_geometry(scr, &g);
	n = help_rows(g.tw);
	switch (ui_key_action(ch)) {
	case UI_ACT_HELP:
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
		*done = true;
		break;
	case UI_ACT_UP:
		if (hp->top)
			hp->top--;
		break;
	case UI_ACT_DOWN:
		if (hp->top + g.page < n)
			hp->top++;
		break;
	case UI_ACT_FIRST:
	case UI_ACT_PAGE_UP:
		hp->top = 0;
		break;
	case UI_ACT_LAST:
	case UI_ACT_PAGE_DOWN:
		hp->top = n > g.page ? n - g.page : 0;
		break;
	default:
		/* Other keys do nothing while the help is up: no surprise
		 * rerun behind it. */
		break;
	}
	return UI_EV_HANDLED | UI_EV_REDRAW;
}

static void help_draw(struct ui_overlay *o, const struct ui_screen *scr)
{
	struct help *hp = (struct help *)o;
	struct help_geom g;
	size_t n, row = 0;
	int y;

	if (scr->too_small)
		return;
	help_geometry(scr, &g);
	n = help_rows(g.tw);
	/* A box no taller than its content. */
	if ((size_t)g.h > n + 4) {
		g.h = (int)n + 4;
		g.y = (scr->rows - g.h) / 2;
	}
	if (hp->top + g.page > n)
		hp->top = n > g.page ? n - g.page : 0;
	ui_box(scr->g, g.y, g.x, g.h, g.w, A_NORMAL);
	ui_draw(g.y, g.x + 2, g.w - 4, " Help: keys of wrun (? or Esc closes) ", A_BOLD);
	y = g.y + 2;
	for (size_t i = 0; i < ui_key_help_count(); i++) {
		struct ui_key_help kh;
		const char *s;
		bool first = true;

		ui_key_help_get(i, &kh);
		if (starts_logs(i, &kh)) {
			/* A blank row, then the heading. */
			for (int k = 0; k < 2; k++, row++)
				if (row >= hp->top && y < g.y + g.h - 2) {
					if (k == 1)
						ui_draw(y, g.x + 2, g.w - 4, HELP_LOGS_HEADING, A_BOLD);
					y++;
				}
		}
		for (s = kh.help; *s; first = false) {
			size_t k = wrap_piece(s, g.tw);

			if (row >= hp->top && y < g.y + g.h - 2) {
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
	if (hp->top + g.page < n)
		ui_draw(g.y + g.h - 1, g.x + g.w - 10, 8, " more ", A_REVERSE);
}

static void help_free(struct ui_overlay *o)
{
	free(o);
}

static const struct ui_overlay_ops help_ops = {
	"help", help_draw, help_key, help_free,
};

void ui_help_push(struct ui_overlays *st)
{
	struct help *hp = wr_xcalloc(1, sizeof *hp);

	ui_overlay_push(st, &hp->base, &help_ops);
}
