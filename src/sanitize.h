/* sanitize.h - make untrusted text safe for a terminal.
 *
 * Server text (logs, keys, messages, payloads) may hold any bytes. Before it
 * reaches a terminal, control characters and escape sequences become visible
 * text, each in one of three forms:
 *
 *   ^X        C0 controls U+0000..U+001F as caret notation (NUL ^@, TAB ^I,
 *             LF ^J, CR ^M, ESC ^[), and DEL as ^?
 *   <U+XXXX>  code points that are valid UTF-8 but act invisibly or move
 *             text: C1 controls U+0080..U+009F (<U+009B> is a CSI), the bidi
 *             controls U+061C, U+200E, U+200F, U+202A..U+202E and
 *             U+2066..U+2069 (the "Trojan Source" reordering trick), the
 *             zero-width and invisible format characters U+200B, U+2060..U+206F
 *             and U+FEFF, the separators U+2028 and U+2029, and the tag
 *             characters U+E0000..U+E007F; uppercase hex, at least 4 digits
 *   \xNN      each byte that does not begin a valid UTF-8 sequence: stray
 *             continuation bytes, overlong forms, UTF-16 surrogates, code
 *             points above U+10FFFF, sequences cut short; lowercase hex
 *
 * Everything else (printable ASCII and valid UTF-8, including U+200C/U+200D,
 * which joined scripts and emoji need) passes unchanged. The output is
 * always valid UTF-8.
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

/* For JSON text (--json output) that may reach a terminal: writes s[0..n)
 * to dst with DEL and every code point the forms above make visible as
 * <U+XXXX> (C1, bidi, invisible) replaced by its \uXXXX escape (a surrogate
 * pair above U+FFFF), and each byte that does not begin a valid UTF-8
 * sequence by \uFFFD. Such bytes appear in JSON text only inside strings,
 * so JSON in gives equivalent JSON out, now valid UTF-8. C0 controls are
 * left as they are (JSON writers escape them already). dst NULL: only
 * counts. Returns the output length, which equals n exactly when nothing
 * had to change. */
size_t sanitize_json(char *dst, const char *s, size_t n);

#endif
