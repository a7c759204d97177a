/* diff.h - a line diff of two texts, for comparing a rerun's logs with its
 * original's: the longest common subsequence of lines, after the common
 * head and tail are set aside. Pure. */
#ifndef WRUN_DIFF_H
#define WRUN_DIFF_H

#include <stdbool.h>
#include <stddef.h>

enum diff_kind { DIFF_SAME, DIFF_DEL, DIFF_ADD };

struct diff_op {
	enum diff_kind kind;
	size_t line; /* DIFF_SAME, DIFF_DEL: a line of a; DIFF_ADD: of b */
};

struct diff_lines {
	const char *text;
	size_t *off, *len;
	size_t n;
};

/* Splits text (NULL: none) into lines (a last line without \n counts). */
bool diff_lines_split(struct diff_lines *l, const char *text);
void diff_lines_free(struct diff_lines *l);

/* The edit script from a to b, in order: *ops (free it) and *n. Past
 * max_cells of work (lines of a times lines of b, after the common head and
 * tail), the middle is given as all deleted then all added. False when
 * out of memory. */
bool diff_run(const struct diff_lines *a, const struct diff_lines *b, size_t max_cells,
              struct diff_op **ops, size_t *n);

#endif
