/* ui_draw.h - drawing primitives on stdscr: text cut to a number of
 * columns by display width, fills, lines, boxes and metric bars, drawn in
 * frames that send curses only what changed since the last. Text given
 * here must already be sanitized; ui_draw_san() sanitizes on the way. */
#ifndef WRUN_UI_DRAW_H
#define WRUN_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* How line drawing and bars look: Unicode, or plain ASCII for --ascii and
 * non-UTF-8 locales. */
struct ui_glyphs {
	const char *hline, *vline, *tl, *tr, *bl, *br;
	const char *bar_full, *bar_empty;
	const char *const *bar_eighths; /* 1/8 .. 7/8 partial blocks, or NULL */
	const char *busy;               /* marks a run whose rerun is in flight */
	const char *mark;               /* a run marked for a batch */
	const char *fresh;              /* a run new since the last look */
	const char *more;               /* the end of a cut line */
	const char *run_ok, *run_failed; /* a run in the workers' strip: succeeded, did not */
	const char *const *spark;        /* a sparkline's 8 levels, lowest first */
	const char *limit;               /* marks the limit after a sparkline */
};
const struct ui_glyphs *ui_glyphs(bool ascii);

/* A paint: everything drawn from ui_frame_begin() to ui_frame_end() is
 * drawn as on a blank screen, then compared with the last frame row by
 * row and part by part; only what differs reaches curses, and
 * ui_frame_end() refreshes the terminal. Outside a frame, drawing goes to
 * curses at once. */
void ui_frame_begin(int rows, int cols);
/* Drawing from here on stays in this rectangle (a pane with its heading,
 * the title bar, ...): the parts of a row that do not overlap are
 * compared each on its own. Anything drawn outside the part set, or with
 * none (h or w 0, for what goes over the panes), is compared with its
 * whole row. */
void ui_frame_part(int y, int x, int h, int w);
void ui_frame_end(void);
/* The next frame draws every row again: the screen may no longer show the
 * last one (a resize). */
void ui_frame_forget(void);

/* Draws at most w columns of s[0..len) at (y, x); returns the columns used. */
int ui_draw_n(int y, int x, int w, const char *s, size_t len, int attr);
int ui_draw(int y, int x, int w, const char *s, int attr);
/* Like ui_draw_n, but a line longer than w ends with the glyph "more"
 * (an ellipsis) so that a cut never passes for the whole. */
int ui_draw_cut(const struct ui_glyphs *g, int y, int x, int w, const char *s, size_t len,
                int attr);
/* Sanitizes raw server text (san: SAN_* flags) first; NULL draws "-". */
int ui_draw_san(int y, int x, int w, const char *raw, unsigned san, int attr);
/* Spaces over w columns. */
void ui_fill(int y, int x, int w, int attr);
void ui_hline(const struct ui_glyphs *g, int y, int x, int w, int attr);
void ui_vline(const struct ui_glyphs *g, int y, int x, int h, int attr);
/* A box with its interior cleared. */
void ui_box(const struct ui_glyphs *g, int y, int x, int h, int w, int attr);

enum ui_metric { UI_M_CPU, UI_M_MEM, UI_M_DURATION, UI_M_COUNT };

/* One bar line in w columns: "CPU       ######----  620 ms / 1.00 s  62%",
 * coloured by the share of the limit (under 70%, under 100%, at or over),
 * OVER marked, and the limit's source ("sample", "config", ...) when it
 * fits. */
void ui_draw_bar(const struct ui_glyphs *g, int y, int x, int w, enum ui_metric m,
                 const struct wr_metrics *v, const struct wr_limits *l);

/* Only the cells of a bar: w cells filled to percent (clipped at 100),
 * coloured by the share; percent < 0 (no limit known): empty cells. */
void ui_draw_meter(const struct ui_glyphs *g, int y, int x, int w, int percent);

/* The style of a share of a limit: UI_S_BAR_LOW/HIGH/OVER. */
int ui_bar_style(int percent);

/* A sparkline in w columns: "▁▂▁█▁ ┊ limit 6.00 s  max 6.10 s  1 over".
 * One cell per value of v[0..n) (oldest first), the newest that fit; each
 * is an eighth block of its share of the top, the larger of the limit and
 * the highest value shown, coloured as a bar by its share of the limit (at
 * or over it: the OVER style); WR_NONE leaves a gap. Then the limit's mark
 * and the figures of the cells shown, as room allows. m says how to write
 * them (UI_M_MEM: bytes; else durations); limit <= 0: none known. */
void ui_draw_spark(const struct ui_glyphs *g, int y, int x, int w, enum ui_metric m,
                   const int64_t *v, size_t n, int64_t limit);

#endif
