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
#include "parse_entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The runs as JSON, written straight from their entries or (tree) through
 * json-c's tree; malloc'd, NULL when writing failed. */
static inline char *fuzz_emit_text(const struct wr_run_list *runs, bool tree, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	bool ok = f != NULL;
	size_t i;

	if (!f)
		return NULL;
	parse_emit_force_tree(tree);
	for (i = 0; ok && i < runs->n; i++)
		ok = parse_emit_run(f, runs, &runs->v[i], i % 2 == 0);
	parse_emit_force_tree(false);
	if (fclose(f) != 0 || !ok) {
		free(text);
		return NULL;
	}
	return text;
}

/* Emits the runs as JSON both ways, so the output path is fuzzed too, and
 * aborts unless the direct way writes what json-c's tree writes, byte for
 * byte. */
static inline void fuzz_emit_runs(const struct wr_run_list *runs)
{
	size_t n_direct = 0, n_tree = 0;
	char *direct = fuzz_emit_text(runs, false, &n_direct);
	char *tree = fuzz_emit_text(runs, true, &n_tree);

	if (direct && tree && (n_direct != n_tree || memcmp(direct, tree, n_direct) != 0))
		abort();
	free(direct);
	free(tree);
}

#endif
