/* replay.c - runs a fuzz target over every file of its committed corpus,
 * as a plain test (TAP: one test point a file). Built without libFuzzer.
 * Usage: replay_TARGET [CORPUS_DIR] (default: the target's committed corpus). */
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int replay_file(const char *path, int n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		printf("not ok %d - %s: %s\n", n, path, strerror(errno));
		return 1;
	}
	do {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap ? cap * 2 : 4096);

			if (!nb) {
				fclose(f);
				free(buf);
				printf("not ok %d - %s: out of memory\n", n, path);
				return 1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - %s\n", n, path);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char *names[4096];
	char path[4096];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;
	int failed = 0;

	const char *dir = argc > 1 ? argv[1] : CORPUS_DIR;

	d = opendir(dir);
	if (!d) {
		printf("Bail out! %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL && n < sizeof names / sizeof *names)
		if (de->d_name[0] != '.' && (names[n] = strdup(de->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		failed |= replay_file(path, (int)i + 1);
		free(names[i]);
	}
	printf("1..%zu\n", n);
	return failed;
}
