/* ui_logview.h - the full-screen log viewer: an overlay over the panes with
 * wrap, sideways scrolling, search, a jump to the first error, $PAGER and
 * saving to a file. The text is sanitized once when it opens: no escape
 * sequence of a worker's output reaches the terminal.
 */
#ifndef WRUN_UI_LOGVIEW_H
#define WRUN_UI_LOGVIEW_H

#include <stddef.h>

#include "ui_overlay.h"

/* Opens the viewer on raw logs (NULL or "": none). title is ours ("Logs
 * of 1111aaaa, license-gate"); save_name the file name offered by s.
 * san: SAN_* flags (SAN_ASCII under --ascii). */
void ui_logview_push(struct ui_overlays *st, const char *title, const char *raw_logs,
                     const char *save_name, unsigned san);

#endif
