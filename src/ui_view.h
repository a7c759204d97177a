/* ui_view.h - the interface's context and its views, in the manner of tig:
 * each pane is a struct view with a table of callbacks (title, rows, draw,
 * key, select). Key handlers return UI_EV_* flags and leave the screen to
 * the loop. */
#ifndef WRUN_UI_VIEW_H
#define WRUN_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui.h"
#include "ui_app.h"
#include "ui_doc.h"
#include "ui_draw.h"
#include "ui_keys.h"

enum ui_view_id { UI_VIEW_WORKERS, UI_VIEW_HISTORY, UI_VIEW_DETAIL, UI_VIEW_COUNT };

/* What an event handler tells the loop. */
enum {
	UI_EV_HANDLED = 1 << 0, /* the key was used */
	UI_EV_REDRAW = 1 << 1,  /* the screen must be drawn again */
	UI_EV_RESIZE = 1 << 2,  /* the layout must be computed again */
};

struct ui;
struct view;

struct view_ops {
	const char *name;
	/* The pane's heading, e.g. "Workers (5)". */
	void (*title)(struct ui *ui, struct view *v, char *buf, size_t n);
	/* How many rows (list) or lines (document) it has. */
	size_t (*rows)(struct ui *ui, struct view *v);
	/* Draws the body (v->y, v->x, v->h, v->w); only visible rows. */
	void (*draw)(struct ui *ui, struct view *v);
	/* A key the generic moves do not take; returns UI_EV_* flags. */
	unsigned (*key)(struct ui *ui, struct view *v, enum ui_action act);
	/* The selection moved. */
	void (*select)(struct ui *ui, struct view *v);
	bool list; /* a selectable list; else a scrolled document */
};

struct view {
	const struct view_ops *ops;
	int hy;         /* heading row */
	int y, x, h, w; /* body */
	size_t sel;     /* selected row (lists) */
	size_t top;     /* first row shown */
};

struct ui_dialog {
	bool open;
	bool force;
	/* Copies: a history refresh may free the runs meanwhile. */
	struct wr_run run;
	char *id, *worker_key, *project_key;
};

struct ui {
	const struct wr_server *srv;
	const struct ui_opts *opts;
	struct ui_app app;
	const struct ui_glyphs *g;
	unsigned san; /* SAN_* flags for server text: SAN_ASCII under --ascii */

	struct view views[UI_VIEW_COUNT];
	enum ui_view_id focus;
	int rows, cols;
	bool narrow, too_small;

	bool help;
	size_t help_top;
	struct ui_dialog dialog;

	int workers_key_w;    /* the workers pane's key column */
	int workers_failed_w; /* its "N failed" column: the widest, so every row has the same columns */
	unsigned long workers_key_gen;

	/* The history pane shows app_view(worker_row): idx[0..n). */
	size_t worker_row;
	char *worker_key;     /* the selected worker's key, to find it after a reload */
	const uint32_t *hist_idx;
	size_t hist_n;
	char *run_id;         /* the selected run's ID, to find it after a reload */
	unsigned long data_gen;

	/* The detail document and what it was built from. */
	struct ui_doc doc;
	bool show_result;
	const void *doc_key;
	unsigned long doc_gen, doc_result_gen;
	bool doc_valid;

	bool quit;
	int exit_code;
};

extern const struct view_ops ui_workers_ops, ui_history_ops, ui_detail_ops;

/* The selected run, or NULL. */
const struct wr_run *ui_selected_run(const struct ui *ui);
/* After the workers selection or the data changed: the history slice, and
 * its selection by run ID. */
void ui_sync_history(struct ui *ui, bool keep_run);
/* Remembers the history selection's run ID. */
void ui_history_selected(struct ui *ui);
/* Rebuilds the detail document when what it shows changed. */
void ui_doc_sync(struct ui *ui);

/* Generic moves for any view; returns UI_EV_* flags. */
unsigned view_move(struct ui *ui, struct view *v, enum ui_action act);
/* Keeps the selection on screen. */
void view_scroll_to_sel(struct view *v);

/* The confirmation dialog and the help screen. */
void ui_dialog_open(struct ui *ui, const struct wr_run *r, bool force);
void ui_dialog_close(struct ui *ui);
unsigned ui_dialog_key(struct ui *ui, int key);
void ui_dialog_draw(struct ui *ui);
unsigned ui_help_key(struct ui *ui, enum ui_action act);
void ui_help_draw(struct ui *ui);

#endif
