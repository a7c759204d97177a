/* sanitize.h - make untrusted text safe for a terminal.
 *
 * Server text (logs, keys, messages, payloads) may hold any bytes. Before it
 * reaches a terminal, control characters and escape sequences become visible
 * text: C0 controls as ^X (ESC as ^[), DEL as ^?, C1 controls (U+0080..U+009F)
 * as <U+0085>-style text, and bytes that are not valid UTF-8 as \xNN.
 * Valid printable UTF-8 passes unchanged.
 */
#ifndef WRUN_SANITIZE_H
#define WRUN_SANITIZE_H

#include <stddef.h>

enum {
	SAN_KEEP_NEWLINE = 1 << 0, /* pass '\n' through (multi-line text such as logs) */
	SAN_TAB_TO_SPACE = 1 << 1, /* '\t' becomes one space instead of ^I */
	SAN_ASCII = 1 << 2,        /* non-ASCII characters become "?" (for --ascii terminals) */
};

/* Returns a new NUL-terminated sanitized copy of s[0..n), or NULL when out
 * of memory. */
char *sanitize_dup(const char *s, size_t n, unsigned flags);

/* Sanitizes into dst (always NUL-terminated when dstsz > 0), truncating at a
 * character boundary; returns the length the full result would have. */
size_t sanitize_buf(char *dst, size_t dstsz, const char *s, size_t n, unsigned flags);

#endif
