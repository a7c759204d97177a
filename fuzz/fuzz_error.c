/* fuzz_error.c - error bodies (JSON envelopes, HTML pages, anything) and the
 * sanitizer they go through. */
#include "config.h"

#include "fuzz.h"
#include "parse.h"
#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256], small[7];
	char *s;

	parse_error_body((const char *)data, size, msg, sizeof msg);
	if (strlen(msg) >= sizeof msg)
		abort();
	s = sanitize_dup((const char *)data, size, SAN_KEEP_NEWLINE);
	free(s);
	s = sanitize_dup((const char *)data, size, SAN_ASCII | SAN_TAB_TO_SPACE);
	free(s);
	sanitize_buf(small, sizeof small, (const char *)data, size, 0);
	if (strlen(small) >= sizeof small)
		abort();
	return 0;
}
