/* ui_doc.h - the detail pane's content as lines: built once when the
 * selected run (or the rerun result) changes, then only the lines on screen
 * are drawn. Server text is sanitized once, here; log line starts are found
 * only for the run shown, and cached with it. */
#ifndef WRUN_UI_DOC_H
#define WRUN_UI_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "app.h"
#include "ui_draw.h"

/* UI_DOC_SPARK: the label is the line's text (label_len == len), the
 * values the doc's spark[metric]. */
enum ui_doc_kind { UI_DOC_TEXT, UI_DOC_BAR, UI_DOC_SPARK };

struct ui_doc_line {
	uint32_t off, len;  /* text in the doc's buffer */
	uint16_t label_len; /* the first label_len bytes are a label, drawn as one */
	uint8_t kind;       /* enum ui_doc_kind */
	uint8_t style;      /* enum ui_style of the text after the label */
	uint8_t metric;     /* enum ui_metric, for bars and sparklines */
};

struct ui_doc {
	char *buf;
	size_t len, cap;
	struct ui_doc_line *lines;
	size_t n, cap_lines;
	struct wr_metrics metrics; /* what the bars show */
	struct wr_limits limits;   /* against what (bars and sparklines) */
	struct ui_doc_spark {
		int64_t *v;        /* oldest first; WR_NONE: not reported */
		size_t n, cap;
	} spark[UI_M_COUNT];       /* what the sparklines show, by metric */
	int label_w;               /* the label column of field lines; 0: UI_DOC_LABEL_W */
};

void ui_doc_free(struct ui_doc *d);

/* A history run: fields, bars against the app's effective limits, result,
 * payload and logs. san: SAN_* flags for --ascii. False when the run's
 * text could not be read back: the document then says why in its place. */
bool ui_doc_run(struct ui_doc *d, const struct app *app, const struct wr_run *r,
                unsigned san);

/* A rerun of the ledger: what it reran, its state, and once answered the
 * execution ID, status, bars against the limits it reported, data and
 * logs. */
void ui_doc_rerun(struct ui_doc *d, const struct app *app, const struct app_rerun *rr,
                  unsigned san);

struct stats;

/* A worker (key) and its runs in the loaded history: its description,
 * action, project, state, last change, debug and shared flags; how many
 * runs, how many succeeded, the failures by status, p50 and p95 of
 * duration, CPU time and peak memory (from st: stats_compute over the
 * worker's runs, app_view; NULL: none); sparklines of duration and peak
 * memory over time against the app's limits. */
void ui_doc_worker(struct ui_doc *d, const struct app *app, const char *key,
                   const struct stats *st, unsigned san);

/* One plain line, e.g. "no run selected". */
void ui_doc_message(struct ui_doc *d, const char *text);

/* The label column width of field lines. */
#define UI_DOC_LABEL_W 11

#endif
