/* fuzz_rerun.c - the rerun result parser and its JSON output. */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_rerun r = { 0 };
	struct wr_error err;

	if (parse_rerun((const char *)data, size, &r, &err)) {
		FILE *f = fopen("/dev/null", "w");

		if (f) {
			parse_emit_rerun(f, &r, false);
			fclose(f);
		}
		if (r.data_json)
			free(parse_pretty_json(r.data_json));
	}
	model_rerun_free(&r);
	return 0;
}
