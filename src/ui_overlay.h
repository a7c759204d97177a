/* ui_overlay.h - what is drawn over the panes, as a stack: questions (the
 * rerun confirmations, the quit question), the one-line prompt (the
 * filter) and the help screen. Keys go to the top of the stack first; an
 * overlay pops itself when answered. Overlays know nothing of the views:
 * they report through callbacks, with the caller's context.
 */
#ifndef WRUN_UI_OVERLAY_H
#define WRUN_UI_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_draw.h"
#include "ui_keys.h"

/* What an overlay draws on. */
struct ui_screen {
	int rows, cols;
	const struct ui_glyphs *g;
	unsigned san;   /* SAN_* flags for server text */
	bool too_small; /* the panes are not drawn: neither are questions */
	/* With a key of KEY_MOUSE: a click at this cell. */
	int mouse_y, mouse_x;
};

/* An overlay: a struct that begins with struct ui_overlay, and its ops.
 * The stack owns it from ui_overlay_push() on, and frees it with
 * ops->free when it is done or the stack is freed. */
struct ui_overlay;

struct ui_overlay_ops {
	const char *name;
	void (*draw)(struct ui_overlay *o, const struct ui_screen *scr);
	/* Returns UI_EV_* flags; sets *done to end the overlay. The overlay
	 * is off the stack while this runs: what it pushes goes above it. */
	unsigned (*key)(struct ui_overlay *o, const struct ui_screen *scr, int ch, bool *done);
	void (*free)(struct ui_overlay *o);
};

struct ui_overlay {
	const struct ui_overlay_ops *ops;
	struct ui_overlay *below;
};

struct ui_overlays {
	struct ui_overlay *top;
};

void ui_overlay_push(struct ui_overlays *st, struct ui_overlay *o,
                     const struct ui_overlay_ops *ops);

/* One line of a question: a label and server text (sanitized and wrapped
 * when drawn, never cut), or a time shown as "YYYY-MM-DD HH:MM:SS (3m ago)"
 * at the moment it is drawn. */
struct ui_qline {
	const char *label; /* "Worker:  " */
	const char *text;  /* raw; NULL: use time_ms */
	int64_t time_ms;
};

/* yes: 'y' or 'Y' was typed; any other key is no. arg is the caller's,
 * freed with arg_free (when given) after the answer or when the stack is
 * freed unanswered. */
typedef void (*ui_answer_fn)(void *ctx, void *arg, bool yes);

/* A question in a box: title, lines, a bold footer ("y: rerun   any other
 * key: cancel"). It takes no key while the screen is too small to show it,
 * but Esc (which answers no). A click (KEY_MOUSE) on the footer's first
 * part answers yes, on the rest of the footer no. */
void ui_question_push(struct ui_overlays *st, const char *title, const struct ui_qline *lines,
                      size_t n, const char *footer, ui_answer_fn answer, void *ctx, void *arg,
                      void (*arg_free)(void *));

/* The prompt: text typed on the status line. change is called after each
 * edit; done when it ends (keep: Enter; else Esc). */
typedef void (*ui_prompt_fn)(void *ctx, const char *text);
typedef void (*ui_prompt_done_fn)(void *ctx, const char *text, bool keep);
void ui_prompt_push(struct ui_overlays *st, const char *label, const char *initial,
                    ui_prompt_fn change, ui_prompt_done_fn done, void *ctx);

/* A list to pick one item from: Up and Down move, Enter picks (pick gets
 * the item's index), Esc closes with nothing picked. items are copied;
 * current is marked and selected first. */
typedef void (*ui_pick_fn)(void *ctx, size_t index);
void ui_pick_push(struct ui_overlays *st, const char *title, const char *const *items,
                  size_t n, size_t current, ui_pick_fn pick, void *ctx);

/* The help screen, made from the action table. */
void ui_help_push(struct ui_overlays *st);

bool ui_overlays_active(const struct ui_overlays *st);
/* The top's name ("question", "prompt", "help"), or NULL. */
const char *ui_overlays_top_name(const struct ui_overlays *st);
/* A key for the top overlay; returns UI_EV_* flags (ui_view.h). */
unsigned ui_overlays_key(struct ui_overlays *st, const struct ui_screen *scr, int ch);
/* Draws the stack, bottom first. */
void ui_overlays_draw(struct ui_overlays *st, const struct ui_screen *scr);
/* Pops everything without answering (the answer callbacks are not called). */
void ui_overlays_free(struct ui_overlays *st);

/* What a key handler tells the loop. */
enum {
	UI_EV_HANDLED = 1 << 0, /* the key was used */
	UI_EV_REDRAW = 1 << 1,  /* the screen must be drawn again */
	UI_EV_RESIZE = 1 << 2,  /* the layout must be computed again */
};

#endif
