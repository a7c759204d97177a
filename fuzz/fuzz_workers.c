/* fuzz_workers.c - the worker list parser and its JSON output. */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_worker_list l = { 0 };
	struct wr_error err;

	if (parse_workers((const char *)data, size, &l, &err)) {
		FILE *f = fopen("/dev/null", "w");

		model_worker_list_sort(&l);
		if (f) {
			parse_emit_workers(f, &l, true);
			fclose(f);
		}
	}
	model_worker_list_free(&l);
	return 0;
}
