/* ui_compare.h - two runs side by side: a rerun against its original, or
 * two runs marked with Space. Status and ID, CPU, memory and duration with
 * both values, the change and bars against the same limits, and a line
 * diff of the logs whose first difference is on screen when it opens. A
 * full-screen overlay. */
#ifndef WRUN_UI_COMPARE_H
#define WRUN_UI_COMPARE_H

#include "model.h"
#include "ui_overlay.h"

/* One side; strings are raw server text (copied and sanitized here). */
struct ui_compare_side {
	const char *label;  /* "Original", "Rerun", "Older", "Newer" */
	const char *id;     /* the run's ID or the rerun's execution ID */
	const char *status; /* verbatim */
	struct wr_metrics metrics;
	const char *logs;   /* NULL: not known (e.g. no longer loaded) */
	int64_t start_ms;   /* WR_NONE when not known */
};

void ui_compare_push(struct ui_overlays *st, const char *title, const struct ui_compare_side *a,
                     const struct ui_compare_side *b, const struct wr_limits *limits,
                     const char *limits_label, unsigned san);

#endif
