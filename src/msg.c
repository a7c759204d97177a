/* msg.c - the one writer of wrun's messages on stderr (see msg.h). */
#include "config.h"

#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

int msg(enum msg_kind kind, const char *fmt, ...)
{
	va_list ap;

	/* stderr is unbuffered: one locked sequence keeps the line whole
	 * when another thread (none today) writes too. */
	flockfile(stderr);
	fputs(kind == MSG_WARNING ? "wrun: warning: " : "wrun: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (kind == MSG_USAGE)
		fputs("\nTry 'wrun --help'.", stderr);
	if (kind != MSG_PROMPT)
		fputc('\n', stderr);
	fflush(stderr);
	funlockfile(stderr);
	return kind == MSG_USAGE ? 2 : 3;
}
