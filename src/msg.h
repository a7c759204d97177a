/* msg.h - every "wrun: ..." line on stderr goes through msg(): one prefix,
 * one place that writes it. */
#ifndef WRUN_MSG_H
#define WRUN_MSG_H

enum msg_kind {
	MSG_ERROR,   /* "wrun: TEXT" */
	MSG_INFO,    /* "wrun: TEXT": progress, not a failure */
	MSG_WARNING, /* "wrun: warning: TEXT" */
	MSG_USAGE,   /* "wrun: TEXT", then "Try 'wrun --help'." */
	MSG_PROMPT,  /* "wrun: TEXT" without a newline: a question follows */
};

/* Writes one message on stderr: the prefix, the printf-formatted text (which
 * may hold newlines of its own) and a newline. Arguments that come from a
 * server must be sanitized first. Returns the exit code a message of that
 * kind implies: 2 for MSG_USAGE, else 3, so that "return msg(...)" reads
 * well. */
int msg(enum msg_kind kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
