/* fuzz.h - shared by the fuzz targets and their corpus replay. */
#ifndef WRUN_FUZZ_H
#define WRUN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Emits the runs as JSON to /dev/null, so the output path is fuzzed too. */
static inline void fuzz_emit_runs(const struct wr_run_list *runs)
{
	FILE *f = fopen("/dev/null", "w");
	size_t i;

	if (!f)
		return;
	for (i = 0; i < runs->n; i++)
		parse_emit_run(f, runs, &runs->v[i], i % 2 == 0);
	fclose(f);
}

#endif
