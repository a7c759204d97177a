/* ui_util.h - allocation that never returns NULL, and the monotonic clock of
 * the interface's timers. */
#ifndef WRUN_UI_UTIL_H
#define WRUN_UI_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* On allocation failure these restore the terminal, say so on stderr and
 * abort: a half-drawn screen in raw mode is worse than a clean stop, and
 * the interface has no sensible way to go on without memory. */
void *ui_xmalloc(size_t n);
void *ui_xcalloc(size_t n, size_t size);
void *ui_xrealloc(void *p, size_t n, size_t size);
char *ui_xstrdup(const char *s); /* NULL stays NULL */
_Noreturn void ui_die_nomem(void);

/* Milliseconds of CLOCK_MONOTONIC: timers must not jump with the wall
 * clock (nor follow the tests' fixed WRUN_NOW_MS). */
int64_t ui_mono_ms(void);

#endif
