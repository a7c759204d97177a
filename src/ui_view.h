/* ui_view.h - the interface's context and its views, in the manner of tig:
 * each pane is a struct view with a table of callbacks, and its state is
 * private to its file (ops->private_size bytes at v->priv). Views reach
 * each other only through the functions declared here. Key handlers return
 * UI_EV_* flags (ui_overlay.h) and leave the screen to the loop.
 */
#ifndef WRUN_UI_VIEW_H
#define WRUN_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "ui.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_overlay.h"

enum ui_view_id {
	UI_VIEW_WORKERS,
	UI_VIEW_HISTORY,
	UI_VIEW_LEDGER,
	UI_VIEW_DETAIL,
	UI_VIEW_COUNT
};

struct ui;
struct view;

/* What one view tells the others, through ui_notify(): none of them names
 * another. */
enum ui_event {
	UI_EVENT_WORKER, /* the workers pane's selection (ui->worker_key) changed */
	UI_EVENT_SHOW,   /* the detail pane is to show arg (a struct app_rerun of the
	                  * ledger), or with arg NULL the selected run (ui->run) */
};

struct view_ops {
	const char *name;
	size_t private_size; /* bytes of v->priv, zeroed before init */
	void (*init)(struct ui *ui, struct view *v);
	void (*free)(struct ui *ui, struct view *v);
	/* The data (app.data_gen) or what the view shows changed: rebuild
	 * what depends on it. Called before every paint and key batch; cheap
	 * when nothing changed. */
	void (*sync)(struct ui *ui, struct view *v);
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
	/* The filter text changed (NULL or "": none); NULL: cannot filter. */
	void (*filter)(struct ui *ui, struct view *v, const char *text);
	/* The filter in force, or NULL. */
	const char *(*filter_text)(struct ui *ui, struct view *v);
	/* Another view said something (ui_notify); NULL: not interested. */
	void (*event)(struct ui *ui, struct view *v, enum ui_event ev, const void *arg);
	bool list; /* a selectable list; else a scrolled document */
};

struct view {
	const struct view_ops *ops;
	void *priv;
	int hy;         /* heading row */
	int y, x, h, w; /* body */
	size_t sel;     /* selected row (lists) */
	size_t top;     /* first row shown */
	bool shown;     /* has a place on the screen now */
};

struct ui {
	const struct wr_server *srv;
	const struct ui_opts *opts;
	struct app app;
	struct ui_screen scr;
	const struct ui_glyphs *g;
	unsigned san; /* SAN_* flags for server text: SAN_ASCII under --ascii */

	struct view views[UI_VIEW_COUNT];
	enum ui_view_id focus;
	enum ui_view_id lower; /* in the lower list's place: history or ledger */
	int rows, cols;
	bool narrow, too_small, zoom;
	bool relative_times;   /* lists show "3m ago" rather than dates */
	struct ui_overlays overlays;

	/* What the views share: the selected worker's key (NULL: all
	 * workers; the workers view owns the string) and the selected run (a
	 * run of app.runs, kept up to date by the history view's sync; NULL:
	 * none). */
	const char *worker_key;
	const struct wr_run *run;

	/* After a server switch: the session's server and api, the
	 * interface's own (NULL: the caller's); the servers last listed. */
	struct wr_server *own_srv;
	struct api *own_api;
	struct conf_server_list servers;

	bool quit;
	int exit_code;
};

extern const struct view_ops ui_workers_ops, ui_history_ops, ui_ledger_ops, ui_detail_ops;

/* Generic moves for any view; returns UI_EV_* flags. */
unsigned view_move(struct ui *ui, struct view *v, enum ui_action act);
/* Keeps the selection on screen, and no rows hidden above blank rows
 * below (n: the view's rows). */
void view_scroll_to_sel(struct view *v, size_t n);
/* The heading's "12/144" (nothing when empty). */
void view_position(const struct view *v, size_t n, char *buf, size_t len);
/* The focus, on a view that has a place. */
void ui_focus(struct ui *ui, enum ui_view_id id);
/* Tells every view (in table order) what happened. */
void ui_notify(struct ui *ui, enum ui_event ev, const void *arg);

/* The functions below are for the interface's top (ui.c), not for views.
 *
 * history: the failed view on or off. */
void ui_history_failed(struct ui *ui, bool on);
bool ui_history_failed_on(struct ui *ui);
/* The runs a batch reruns: the marked ones, or with none marked every run
 * the list shows. *marked says which. The caller frees the array. */
const struct wr_run **ui_history_batch(struct ui *ui, size_t *n, bool *marked);
/* Forgets the marks. */
void ui_history_unmark(struct ui *ui);
/* The marked runs that are loaded, newest first (the caller frees it). */
const struct wr_run **ui_history_marked(struct ui *ui, size_t *n);
/* The runs the list shows, in its order (the caller frees the array). */
const struct wr_run **ui_history_rows(struct ui *ui, size_t *n);
/* What the list shows, for a file name: "failed", a worker key, "all". */
const char *ui_history_view_name(struct ui *ui);

/* ledger: the selected entry, or NULL. */
const struct app_rerun *ui_ledger_entry(struct ui *ui);

/* detail: the ledger entry shown, or NULL (the selected run). */
const struct app_rerun *ui_detail_shown(struct ui *ui);

/* Relative or absolute start time of a list row, into buf. */
void ui_list_time(struct ui *ui, int64_t ms, bool narrow, char *buf, size_t n);

#endif
