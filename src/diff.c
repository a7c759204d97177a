/* diff.c - a line diff (see diff.h). */
#include "config.h"

#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool diff_lines_split(struct diff_lines *l, const char *text)
{
	size_t cap = 0, len = text ? strlen(text) : 0;

	memset(l, 0, sizeof *l);
	l->text = text ? text : "";
	for (size_t p = 0; p < len;) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (l->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			size_t *o = realloc(l->off, ncap * sizeof *o), *n;

			if (!o)
				return false;
			l->off = o;
			n = realloc(l->len, ncap * sizeof *n);
			if (!n)
				return false;
			l->len = n;
			cap = ncap;
		}
		l->off[l->n] = p;
		l->len[l->n] = end - p;
		l->n++;
		p = end + 1;
	}
	return true;
}

void diff_lines_free(struct diff_lines *l)
{
	free(l->off);
	free(l->len);
	memset(l, 0, sizeof *l);
}

static bool same(const struct diff_lines *a, size_t i, const struct diff_lines *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	       memcmp(a->text + a->off[i], b->text + b->off[j], a->len[i]) == 0;
}

struct script {
	struct diff_op *v;
	size_t n, cap;
	bool nomem;
};

static void emit(struct script *s, enum diff_kind kind, size_t line)
{
	if (s->nomem)
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct diff_op *v = realloc(s->v, cap * sizeof *v);

		if (!v) {
			s->nomem = true;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].kind = kind;
	s->v[s->n].line = line;
	s->n++;
}

bool diff_run(const struct diff_lines *a, const struct diff_lines *b, size_t max_cells,
              struct diff_op **ops, size_t *n)
{
	struct script s = { 0 };
	size_t head = 0, tail = 0, na, nb;

	while (head < a->n && head < b->n && same(a, head, b, head))
		head++;
	while (tail < a->n - head && tail < b->n - head &&
	       same(a, a->n - 1 - tail, b, b->n - 1 - tail))
		tail++;
	na = a->n - head - tail;
	nb = b->n - head - tail;
	for (size_t i = 0; i < head; i++)
		emit(&s, DIFF_SAME, i);
	if (na && nb && (na > SIZE_MAX / (nb + 1) || (na + 1) * (nb + 1) > max_cells)) {
		/* Too much to weigh: the middle as a whole replaced. */
		for (size_t i = 0; i < na; i++)
			emit(&s, DIFF_DEL, head + i);
		for (size_t j = 0; j < nb; j++)
			emit(&s, DIFF_ADD, head + j);
	} else if (na || nb) {
		/* lcs[i][j]: the longest common subsequence of a's middle from
		 * i on and b's from j on. */
		uint32_t *lcs = calloc((na + 1) * (nb + 1), sizeof *lcs);
		size_t w = nb + 1, i = 0, j = 0;

		if (!lcs) {
			free(s.v);
			return false;
		}
		for (size_t x = na; x-- > 0;)
			for (size_t y = nb; y-- > 0;)
				lcs[x * w + y] = same(a, head + x, b, head + y)
				                 ? lcs[(x + 1) * w + y + 1] + 1
				                 : lcs[(x + 1) * w + y] > lcs[x * w + y + 1]
				                 ? lcs[(x + 1) * w + y] : lcs[x * w + y + 1];
		while (i < na || j < nb) {
			if (i < na && j < nb && same(a, head + i, b, head + j)) {
				emit(&s, DIFF_SAME, head + i);
				i++;
				j++;
			} else if (i < na && (j == nb || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
				/* Deletions before additions, as diff(1) shows them. */
				emit(&s, DIFF_DEL, head + i);
				i++;
			} else {
				emit(&s, DIFF_ADD, head + j);
				j++;
			}
		}
		free(lcs);
	}
	for (size_t k = 0; k < tail; k++)
		emit(&s, DIFF_SAME, a->n - tail + k);
	if (s.nomem) {
		free(s.v);
		return false;
	}
	*ops = s.v;
	*n = s.n;
	return true;
}
