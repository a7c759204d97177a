/* jsonsplit.h - split a JSON document whose top level is an array into its
 * elements while its bytes arrive, without parsing the elements.
 *
 * The scanner tracks depth, strings and escapes across chunk boundaries and
 * hands each complete top-level element to a callback as a byte range. An
 * element that lies whole within one chunk is handed out in place; one that
 * spans chunks is gathered in a growing buffer. Every byte is looked at once.
 *
 * A document whose top level is an object is handed out whole as a single
 * element (jsonsplit_top_is_object tells). The elements themselves are not
 * validated: mismatched brackets inside one are the element parser's job.
 */
#ifndef WRUN_JSONSPLIT_H
#define WRUN_JSONSPLIT_H

#include <stdbool.h>
#include <stddef.h>

enum jsonsplit_status {
	JSONSPLIT_OK = 0,
	JSONSPLIT_ERR_START,         /* the document starts with neither '[' nor '{' */
	JSONSPLIT_ERR_VALUE,         /* a byte where an element (or the first ']') belongs */
	JSONSPLIT_ERR_SEPARATOR,     /* a byte after an element other than ',' or ']' */
	JSONSPLIT_ERR_TRAILING,      /* a byte after the end of the document */
	JSONSPLIT_ERR_EMPTY,         /* finish: nothing but whitespace */
	JSONSPLIT_ERR_END_IN_ELEMENT, /* finish: the document ends inside an element */
	JSONSPLIT_ERR_END_IN_ARRAY,  /* finish: the document ends before its ']' */
	JSONSPLIT_ERR_TOO_BIG,       /* an element is longer than the cap */
	JSONSPLIT_ERR_NOMEM,
	JSONSPLIT_ERR_CALLBACK,      /* the element callback returned false */
};

/* Receives one complete top-level element: n bytes at p (not NUL-terminated,
 * valid only during the call), which started at byte offset of the document.
 * Returning false stops the scanner with JSONSPLIT_ERR_CALLBACK. */
typedef bool (*jsonsplit_element_fn)(void *ctx, const char *p, size_t n, size_t offset);

/* An element may also be taken whole where it starts, in one pass with
 * its parsing, so that its bytes are not scanned twice: the scanner offers
 * the rest of the chunk (avail bytes at p, at document offset offset).
 * The callback either takes an element that ends within them (setting
 * *used to its length), declines (it does not end there, or the callback
 * leaves it to the ordinary way: the scanner then scans it and hands it to
 * jsonsplit_element_fn as usual), or fails. */
enum jsonsplit_take { JSONSPLIT_TAKEN, JSONSPLIT_DECLINED, JSONSPLIT_TAKE_FAILED };
typedef enum jsonsplit_take (*jsonsplit_take_fn)(void *ctx, const char *p, size_t avail,
                                                 size_t offset, size_t *used);

struct jsonsplit;

/* max_element caps the length of one element (0: no cap). NULL when out of
 * memory. */
struct jsonsplit *jsonsplit_new(size_t max_element, jsonsplit_element_fn fn, void *ctx);
/* Offers each element to take first (called with the same ctx). */
void jsonsplit_set_take(struct jsonsplit *s, jsonsplit_take_fn take);
void jsonsplit_free(struct jsonsplit *s);

/* Scans n more bytes. After an error every later call returns it again. */
enum jsonsplit_status jsonsplit_feed(struct jsonsplit *s, const char *buf, size_t n);
/* The end of the document: an error unless it was complete. */
enum jsonsplit_status jsonsplit_finish(struct jsonsplit *s);

/* After an error: the byte offset in the document where it was found, and
 * the offending byte (-1 when the error is not about one byte). */
size_t jsonsplit_error_offset(const struct jsonsplit *s);
int jsonsplit_error_byte(const struct jsonsplit *s);

/* True once the document turned out to be an object, not an array. */
bool jsonsplit_top_is_object(const struct jsonsplit *s);

#endif
