/* fuzz_history.c - the streaming history parser, fed in chunks whose sizes
 * come from the input itself, so chunk boundaries are fuzzed too. */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_run_list runs;
	struct parse_history *p;
	struct wr_error err;
	size_t off = 0, step;

	if (size == 0 || !model_run_list_init(&runs))
		return 0;
	/* The first byte picks the chunk size: 1..256 bytes. */
	step = (size_t)data[0] + 1;
	data++;
	size--;
	p = parse_history_new(&runs);
	if (p) {
		bool ok = true;

		while (ok && off < size) {
			size_t n = size - off < step ? size - off : step;

			ok = parse_history_feed(p, (const char *)data + off, n, &err);
			off += n;
		}
		if (ok && parse_history_finish(p, &err)) {
			model_run_list_sort_newest(&runs);
			fuzz_emit_runs(&runs);
		}
		parse_history_free(p);
	}
	model_run_list_free(&runs);
	return 0;
}
