/* util.h - allocation that never returns NULL, and the monotonic clock.
 *
 * The interactive state (app.c) and the interface allocate through these:
 * on failure they call the out-of-memory hook (the interface sets one that
 * restores the terminal), say so on stderr and abort. A half-drawn screen
 * in raw mode is worse than a clean stop. The CLI and the parsers check
 * their allocations themselves and never come here.
 */
#ifndef WRUN_UTIL_H
#define WRUN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *wr_xmalloc(size_t n);
void *wr_xcalloc(size_t n, size_t size);
void *wr_xrealloc(void *p, size_t n, size_t size);
char *wr_xstrdup(const char *s); /* NULL stays NULL */
_Noreturn void wr_die_nomem(void);

/* Called (once) before wr_die_nomem() writes its message and aborts; it
 * must be async-signal-safe enough to run anywhere. NULL: none. Returns
 * the previous hook. */
typedef void (*wr_oom_hook)(void);
wr_oom_hook wr_set_oom_hook(wr_oom_hook hook);

/* Milliseconds of CLOCK_MONOTONIC: timers must not jump with the wall
 * clock (nor follow the tests' fixed WRUN_NOW_MS). */
int64_t wr_mono_ms(void);

/* Reads a file (at most max bytes) into a new NUL-terminated buffer, with
 * read(2) so that no stdio buffer keeps a copy of a secret (what it read is
 * wiped when it fails). With first_line, stops once a newline has arrived
 * (a pipe or a terminal need not be closed). With st, the file's fstat.
 * NULL with errno on failure: EFBIG when it is larger than max. */
struct stat;
char *wr_read_file(const char *path, size_t max, bool first_line, size_t *len,
                   struct stat *st);

#endif
