/* jsonsplit.c - split a top-level JSON array into its elements as bytes arrive. */
#include "config.h"

#include "jsonsplit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum split_state {
	SPLIT_START,   /* before the first byte that is not whitespace */
	SPLIT_FIRST,   /* after '[': an element or ']' */
	SPLIT_VALUE,   /* after ',': an element */
	SPLIT_AFTER,   /* after an element: ',' or ']' */
	SPLIT_ELEMENT, /* inside an element */
	SPLIT_DONE,    /* after the closing ']' (or the top-level object) */
};

enum element_kind {
	ELEMENT_NESTED, /* an object or an array: ends when depth returns to 0 */
	ELEMENT_STRING, /* ends at its closing quote */
	ELEMENT_SCALAR, /* a number or a literal: ends before a delimiter */
};

/* A buffer this large is released after its element, not kept for reuse. */
enum { SPLIT_KEEP_BUFFER = 1024 * 1024, SPLIT_FIRST_BUFFER = 4096 };

struct jsonsplit {
	jsonsplit_element_fn fn;
	jsonsplit_take_fn take; /* NULL: none */
	void *ctx;
	size_t max_element;

	enum split_state state;
	enum element_kind kind;
	size_t depth;
	bool in_string, escaped;
	bool top_object;

	size_t consumed;       /* bytes of the document before the current chunk */
	size_t element_offset; /* where the current element starts in the document */
	char *buf;             /* the current element's bytes from earlier chunks */
	size_t len, cap;

	enum jsonsplit_status status;
	size_t error_offset;
	int error_byte;
};

struct jsonsplit *jsonsplit_new(size_t max_element, jsonsplit_element_fn fn, void *ctx)
{
	struct jsonsplit *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->fn = fn;
	s->ctx = ctx;
	s->max_element = max_element ? max_element : SIZE_MAX;
	s->state = SPLIT_START;
	s->error_byte = -1;
	return s;
}

void jsonsplit_set_take(struct jsonsplit *s, jsonsplit_take_fn take)
{
	s->take = take;
}

void jsonsplit_free(struct jsonsplit *s)
{
	if (!s)
		return;
	free(s->buf);
	free(s);
}

size_t jsonsplit_error_offset(const struct jsonsplit *s)
{
	return s->error_offset;
}

int jsonsplit_error_byte(const struct jsonsplit *s)
{
	return s->error_byte;
}

bool jsonsplit_top_is_object(const struct jsonsplit *s)
{
	return s->top_object;
}

static enum jsonsplit_status split_fail(struct jsonsplit *s, enum jsonsplit_status status,
                                        size_t offset, int byte)
{
	s->status = status;
	s->error_offset = offset;
	s->error_byte = byte;
	return status;
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What ends a number or a literal. */
static bool is_delimiter(unsigned char c)
{
	return is_ws(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' ||
	       c == '"' || c == ':';
}

/* Appends p[0..n) to the element buffer, growing it geometrically. */
static enum jsonsplit_status buffer_append(struct jsonsplit *s, const char *p, size_t n)
{
	if (n > s->max_element - s->len)
		return split_fail(s, JSONSPLIT_ERR_TOO_BIG, s->element_offset, -1);
	if (n > s->cap - s->len) {
		size_t cap = s->cap ? s->cap : SPLIT_FIRST_BUFFER;
		char *nb;

		while (cap - s->len < n) {
			if (cap > SIZE_MAX / 2)
				return split_fail(s, JSONSPLIT_ERR_NOMEM, s->element_offset, -1);
			cap *= 2;
		}
		nb = realloc(s->buf, cap);
		if (!nb)
			return split_fail(s, JSONSPLIT_ERR_NOMEM, s->element_offset, -1);
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return JSONSPLIT_OK;
}

/* The element ends at p[end): hand it out in place when it began in this
 * chunk (nothing buffered), else complete the buffer and hand that out. */
static enum jsonsplit_status element_done(struct jsonsplit *s, const char *p, size_t begin,
                                          size_t end)
{
	const char *elem = p + begin;
	size_t n = end - begin;
	bool ok;

	if (s->len > 0) {
		if (buffer_append(s, p + begin, n) != JSONSPLIT_OK)
			return s->status;
		elem = s->buf;
		n = s->len;
	} else if (n > s->max_element) {
		return split_fail(s, JSONSPLIT_ERR_TOO_BIG, s->element_offset, -1);
	}
	ok = s->fn(s->ctx, elem, n, s->element_offset);
	s->len = 0;
	if (s->cap > SPLIT_KEEP_BUFFER) {
		free(s->buf);
		s->buf = NULL;
		s->cap = 0;
	}
	if (!ok)
		return split_fail(s, JSONSPLIT_ERR_CALLBACK, s->element_offset, -1);
	s->state = s->top_object ? SPLIT_DONE : SPLIT_AFTER;
	return JSONSPLIT_OK;
}

/* Inside a string: returns the index after the closing quote, or n. */
static size_t scan_string(struct jsonsplit *s, const char *p, size_t i, size_t n)
{
	while (i < n) {
		unsigned char c = (unsigned char)p[i++];

		if (s->escaped) {
			s->escaped = false;
		} else if (c == '\\') {
			s->escaped = true;
		} else if (c == '"') {
			s->in_string = false;
			return i;
		}
	}
	return n;
}

/* Scans an element from p[i]; sets *done and returns the index just after
 * its last byte when it ends in this chunk, else returns n. */
static size_t scan_element(struct jsonsplit *s, const char *p, size_t i, size_t n, bool *done)
{
	*done = false;
	if (s->kind == ELEMENT_SCALAR) {
		while (i < n && !is_delimiter((unsigned char)p[i]))
			i++;
		*done = i < n;
		return i;
	}
	while (i < n) {
		unsigned char c;

		if (s->in_string) {
			i = scan_string(s, p, i, n);
			if (s->kind == ELEMENT_STRING && !s->in_string) {
				*done = true;
				return i;
			}
			continue;
		}
		c = (unsigned char)p[i++];
		if (c == '"') {
			s->in_string = true;
		} else if (c == '{' || c == '[') {
			s->depth++;
		} else if (c == '}' || c == ']') {
			if (--s->depth == 0) {
				*done = true;
				return i;
			}
		}
	}
	return n;
}

/* c at document offset starts an element, or is an error. */
static enum jsonsplit_status element_start(struct jsonsplit *s, unsigned char c, size_t offset)
{
	s->element_offset = offset;
	s->in_string = s->escaped = false;
	s->depth = 0;
	switch (c) {
	case '{':
	case '[':
		s->kind = ELEMENT_NESTED;
		s->depth = 1;
		break;
	case '"':
		s->kind = ELEMENT_STRING;
		s->in_string = true;
		break;
	case ',':
	case ']':
	case '}':
	case ':':
		return split_fail(s, JSONSPLIT_ERR_VALUE, offset, c);
	default:
		s->kind = ELEMENT_SCALAR;
		break;
	}
	s->state = SPLIT_ELEMENT;
	return JSONSPLIT_OK;
}

/* One byte outside any element; c is not whitespace. */
static enum jsonsplit_status structural_byte(struct jsonsplit *s, unsigned char c, size_t offset)
{
	switch (s->state) {
	case SPLIT_START:
		if (c == '[') {
			s->state = SPLIT_FIRST;
			return JSONSPLIT_OK;
		}
		if (c == '{') {
			s->top_object = true;
			return element_start(s, c, offset);
		}
		return split_fail(s, JSONSPLIT_ERR_START, offset, c);
	case SPLIT_FIRST:
		if (c == ']') {
			s->state = SPLIT_DONE;
			return JSONSPLIT_OK;
		}
		return element_start(s, c, offset);
	case SPLIT_VALUE:
		return element_start(s, c, offset);
	case SPLIT_AFTER:
		if (c == ',') {
			s->state = SPLIT_VALUE;
			return JSONSPLIT_OK;
		}
		if (c == ']') {
			s->state = SPLIT_DONE;
			return JSONSPLIT_OK;
		}
		return split_fail(s, JSONSPLIT_ERR_SEPARATOR, offset, c);
	case SPLIT_DONE:
		return split_fail(s, JSONSPLIT_ERR_TRAILING, offset, c);
	case SPLIT_ELEMENT:
		break;
	}
	return JSONSPLIT_OK;
}

enum jsonsplit_status jsonsplit_feed(struct jsonsplit *s, const char *buf, size_t n)
{
	size_t i = 0, begin = 0;

	if (s->status != JSONSPLIT_OK)
		return s->status;
	while (i < n) {
		if (s->state == SPLIT_ELEMENT) {
			bool done;

			i = scan_element(s, buf, i, n, &done);
			if (!done) {
				if (buffer_append(s, buf + begin, n - begin) != JSONSPLIT_OK)
					return s->status;
				break;
			}
			if (element_done(s, buf, begin, i) != JSONSPLIT_OK)
				return s->status;
			continue;
		}
		if (is_ws((unsigned char)buf[i])) {
			i++;
			continue;
		}
		if (structural_byte(s, (unsigned char)buf[i], s->consumed + i) != JSONSPLIT_OK)
			return s->status;
		begin = i++;
		if (s->state == SPLIT_ELEMENT && s->take) {
			size_t used = 0, avail = n - begin;

			/* What is longer than the cap is never taken: the scanner
			 * refuses it. */
			if (avail > s->max_element)
				avail = s->max_element;
			switch (s->take(s->ctx, buf + begin, avail, s->consumed + begin, &used)) {
			case JSONSPLIT_TAKEN:
				i = begin + used;
				s->state = s->top_object ? SPLIT_DONE : SPLIT_AFTER;
				continue;
			case JSONSPLIT_TAKE_FAILED:
				return split_fail(s, JSONSPLIT_ERR_CALLBACK, s->consumed + begin, -1);
			case JSONSPLIT_DECLINED:
				break;
			}
		}
		/* An element that starts with the chunk's last byte. */
		if (i == n && s->state == SPLIT_ELEMENT &&
		    buffer_append(s, buf + begin, n - begin) != JSONSPLIT_OK)
			return s->status;
	}
	s->consumed += n;
	return JSONSPLIT_OK;
}

enum jsonsplit_status jsonsplit_finish(struct jsonsplit *s)
{
	if (s->status != JSONSPLIT_OK)
		return s->status;
	switch (s->state) {
	case SPLIT_DONE:
		return JSONSPLIT_OK;
	case SPLIT_START:
		return split_fail(s, JSONSPLIT_ERR_EMPTY, s->consumed, -1);
	case SPLIT_ELEMENT:
		/* A number at the very end is whole, but the ']' is still missing. */
		if (s->kind != ELEMENT_SCALAR)
			return split_fail(s, JSONSPLIT_ERR_END_IN_ELEMENT, s->consumed, -1);
		return split_fail(s, JSONSPLIT_ERR_END_IN_ARRAY, s->consumed, -1);
	case SPLIT_FIRST:
	case SPLIT_VALUE:
	case SPLIT_AFTER:
		break;
	}
	return split_fail(s, JSONSPLIT_ERR_END_IN_ARRAY, s->consumed, -1);
}
