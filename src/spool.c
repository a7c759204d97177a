/* spool.c - bytes kept out of memory, in an unlinked temporary file. */
#include "config.h"

#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Appends gather here and go to the file in writes of this size. */
enum { SPOOL_BUFFER = 256 * 1024 };

struct wr_spool {
	int fd;
	uint64_t flushed; /* bytes in the file */
	char *buf;        /* the bytes after them, not yet written */
	size_t len;
};

/* A file in dir with no name, readable by its owner only; -1 when the
 * directory will not take one. */
static int unnamed_file(const char *dir)
{
	char path[4096];
	int fd;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	/* A file system without O_TMPFILE: a name, dropped at once. */
	if ((size_t)snprintf(path, sizeof path, "%s/wrun-spool-XXXXXX", dir) >= sizeof path)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

struct wr_spool *spool_new(void)
{
	const char *tmp = getenv("TMPDIR");
	struct wr_spool *s = calloc(1, sizeof *s);
	int saved;

	if (!s)
		return NULL;
	s->buf = malloc(SPOOL_BUFFER);
	s->fd = -1;
	if (s->buf && tmp && *tmp)
		s->fd = unnamed_file(tmp);
	if (s->buf && s->fd < 0)
		s->fd = unnamed_file("/tmp");
#ifdef MFD_CLOEXEC
	if (s->buf && s->fd < 0)
		s->fd = memfd_create("wrun-spool", MFD_CLOEXEC);
#endif
	if (s->fd < 0) {
		saved = s->buf ? errno : ENOMEM;
		free(s->buf);
		free(s);
		errno = saved;
		return NULL;
	}
	return s;
}

void spool_free(struct wr_spool *s)
{
	if (!s)
		return;
	close(s->fd);
	free(s->buf);
	free(s);
}

static bool write_all(int fd, const char *p, size_t n, uint64_t at)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, (off_t)at);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return false;
		}
		p += w;
		n -= (size_t)w;
		at += (uint64_t)w;
	}
	return true;
}

static bool flush(struct wr_spool *s)
{
	if (s->len == 0)
		return true;
	if (!write_all(s->fd, s->buf, s->len, s->flushed))
		return false;
	s->flushed += s->len;
	s->len = 0;
	return true;
}

bool spool_append(struct wr_spool *s, const char *p, size_t n, uint64_t *off)
{
	*off = s->flushed + s->len;
	if (n > SPOOL_BUFFER - s->len) {
		/* A failed write leaves the file as long as it was, in effect:
		 * what follows is written at the same place. */
		if (!flush(s))
			return false;
		if (n > SPOOL_BUFFER) {
			if (!write_all(s->fd, p, n, s->flushed))
				return false;
			s->flushed += n;
			return true;
		}
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return true;
}

bool spool_read(struct wr_spool *s, uint64_t off, size_t n, char *out)
{
	uint64_t end = off + n;

	if (end < off || end > s->flushed + s->len) {
		errno = EIO;
		return false;
	}
	/* The part still in the buffer. */
	if (end > s->flushed) {
		uint64_t from = off > s->flushed ? off : s->flushed;

		memcpy(out + (from - off), s->buf + (from - s->flushed), (size_t)(end - from));
		n = (size_t)(from - off);
	}
	while (n > 0) {
		ssize_t r = pread(s->fd, out, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return false;
		}
		out += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return true;
}

bool spool_append_spool(struct wr_spool *dst, struct wr_spool *src, uint64_t *base)
{
	uint64_t at = 0, size = spool_size(src), off;
	char *chunk = malloc(SPOOL_BUFFER);
	bool ok = chunk != NULL;

	*base = spool_size(dst);
	while (ok && at < size) {
		size_t n = size - at < SPOOL_BUFFER ? (size_t)(size - at) : SPOOL_BUFFER;

		ok = spool_read(src, at, n, chunk) && spool_append(dst, chunk, n, &off);
		at += n;
	}
	if (!chunk)
		errno = ENOMEM;
	free(chunk);
	return ok;
}

uint64_t spool_size(const struct wr_spool *s)
{
	return s ? s->flushed + s->len : 0;
}
