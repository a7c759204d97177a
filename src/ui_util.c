/* ui_util.c - allocation wrappers and the monotonic clock. */
#include "config.h"

#include "ui_util.h"
#include "ui_term.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

_Noreturn void ui_die_nomem(void)
{
	static const char msg[] = "wrun: out of memory\n";
	ssize_t w;

	ui_term_restore();
	w = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)w;
	abort();
}

void *ui_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		ui_die_nomem();
	return p;
}

void *ui_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		ui_die_nomem();
	return p;
}

void *ui_xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size)
		ui_die_nomem();
	q = realloc(p, n * size > 0 ? n * size : 1);
	if (!q)
		ui_die_nomem();
	return q;
}

char *ui_xstrdup(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		ui_die_nomem();
	return d;
}

int64_t ui_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
