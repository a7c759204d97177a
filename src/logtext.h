/* logtext.h - what wrun looks for in a worker's logs: lines that look like
 * errors, and text in any case. Pure; shared by the log viewer and tests. */
#ifndef WRUN_LOGTEXT_H
#define WRUN_LOGTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Does a log line look like an error: "[error]", "ERROR", "Error:",
 * "Exception", or one of the platform's limit messages ("Worker used too
 * much memory", "... cpu time", "Worker execution timeout", "Worker waited
 * for too long in the queue", "The worker has been killed unexpectedly")? */
bool logtext_is_error(const char *line, size_t len);

/* The first place of needle (any case, ASCII) in hay[0..len), or NULL. An
 * empty needle is found nowhere. */
const char *logtext_find(const char *hay, size_t len, const char *needle);

#endif
