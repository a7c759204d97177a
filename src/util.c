/* util.c - allocation wrappers and the monotonic clock (see util.h). */
#include "config.h"

#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static wr_oom_hook oom_hook;

wr_oom_hook wr_set_oom_hook(wr_oom_hook hook)
{
	wr_oom_hook old = oom_hook;

	oom_hook = hook;
	return old;
}

_Noreturn void wr_die_nomem(void)
{
	static const char msg[] = "wrun: out of memory\n";
	wr_oom_hook hook = oom_hook;
	ssize_t w;

	oom_hook = NULL;
	if (hook)
		hook();
	w = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)w;
	abort();
}

void *wr_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		wr_die_nomem();
	return p;
}

void *wr_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		wr_die_nomem();
	return p;
}

void *wr_xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size)
		wr_die_nomem();
	q = realloc(p, n * size > 0 ? n * size : 1);
	if (!q)
		wr_die_nomem();
	return q;
}

char *wr_xstrdup(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		wr_die_nomem();
	return d;
}

int64_t wr_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
