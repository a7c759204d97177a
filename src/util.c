/* util.c - allocation wrappers and the monotonic clock (see util.h). */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* ---- files -------------------------------------------------------------------- */

char *wr_read_file(const char *path, size_t max, bool first_line, size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	size_t n = 0;
	int saved = 0;

	if (fd < 0)
		return NULL;
	if (st && fstat(fd, st) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return NULL;
	}
	buf = malloc(max + 2);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (n <= max) {
		ssize_t got = read(fd, buf + n, max + 1 - n);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			break;
		}
		if (got == 0)
			break;
		if (first_line && memchr(buf + n, '\n', (size_t)got)) {
			n += (size_t)got;
			break;
		}
		n += (size_t)got;
	}
	close(fd);
	if (!saved && n > max && !(first_line && memchr(buf, '\n', max)))
		saved = EFBIG;
	if (saved) {
		explicit_bzero(buf, n);
		free(buf);
		errno = saved;
		return NULL;
	}
	if (n > max)
		n = max; /* the first line is complete within max */
	buf[n] = '\0';
	*len = n;
	return buf;
}
