/* spool.h - bytes kept out of memory: an append-only store in an unlinked
 * temporary file (in $TMPDIR, else /tmp), or in an anonymous memory file
 * when no directory will take one.
 *
 * A history keeps each run's entry here, as the server sent it, and reads
 * it back when the run's logs, payload or result are wanted: the list in
 * memory holds only what it shows. The file has no name from the start
 * (or loses it at once), is readable by its owner only, and is gone when
 * the process ends, however it ends.
 */
#ifndef WRUN_SPOOL_H
#define WRUN_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wr_spool;

/* NULL with errno set when no file could be made. */
struct wr_spool *spool_new(void);
void spool_free(struct wr_spool *s);

/* Appends n bytes; *off is where they start. False with errno set (the
 * store keeps what it had). */
bool spool_append(struct wr_spool *s, const char *p, size_t n, uint64_t *off);
/* Reads n bytes at off into out. False with errno set (EIO for bytes the
 * store does not have). */
bool spool_read(struct wr_spool *s, uint64_t off, size_t n, char *out);
/* Appends everything src holds to dst; *base is where it starts in dst. */
bool spool_append_spool(struct wr_spool *dst, struct wr_spool *src, uint64_t *base);
/* Bytes held. */
uint64_t spool_size(const struct wr_spool *s);

#endif
