/* fuzz.h - shared by the fuzz targets and their corpus replay. */
#ifndef WRUN_FUZZ_H
#define WRUN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The runs as JSON (the even ones pretty), malloc'd; NULL when writing
 * failed. */
static inline char *fuzz_emit_text(const struct wr_run_list *runs, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	bool ok = f != NULL;
	size_t i;

	if (!f)
		return NULL;
	for (i = 0; ok && i < runs->n; i++)
		ok = parse_emit_run(f, runs, &runs->v[i], i % 2 == 0);
	if (fclose(f) != 0 || !ok) {
		free(text);
		return NULL;
	}
	return text;
}

/* Emits the runs as JSON, so the output path is fuzzed too. */
static inline void fuzz_emit_runs(const struct wr_run_list *runs)
{
	size_t len;

	free(fuzz_emit_text(runs, &len));
}

#endif
