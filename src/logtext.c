/* logtext.c - errors and searches in log text (see logtext.h). */
#include "config.h"

#include "logtext.h"

#include <ctype.h>
#include <string.h>

const char *logtext_find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (!n || n > len)
		return NULL;
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;

		while (k < n && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return hay + i;
	}
	return NULL;
}

/* needle exactly as written. */
static bool has(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

bool logtext_is_error(const char *line, size_t len)
{
	static const char *const exact[] = { "[error]", "ERROR", "Error:", "Exception" };
	static const char *const limits[] = {
		"worker used too much memory", "worker used too much cpu time",
		"worker execution timeout", "worker waited for too long in the queue",
		"the worker has been killed unexpectedly",
	};

	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (has(line, len, exact[i]))
			return true;
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
		if (logtext_find(line, len, limits[i]))
			return true;
	return false;
}
