/* crypt.c - decrypts the JFrog CLI's encrypted config fields with OpenSSL's
 * EVP AEAD API (AES-256-GCM), and reads the master key out of its
 * security.yaml. Every buffer that held key or plaintext bytes is wiped.
 */
#include "config.h"

#include "crypt.h"

#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CRYPT_MAX_FIELD ((size_t)1024 * 1024) /* base64 characters */

const char *crypt_status_str(enum crypt_status st)
{
	switch (st) {
	case CRYPT_OK:
		return "decrypted";
	case CRYPT_BAD_BASE64:
		return "the encrypted value is not base64";
	case CRYPT_TOO_SHORT:
		return "the encrypted value is too short to hold a nonce and a tag";
	case CRYPT_AUTH:
		return "it does not decrypt with the master key (a wrong key, or the value was altered)";
	case CRYPT_NOMEM:
		return "out of memory";
	case CRYPT_INTERNAL:
		break;
	}
	return "the decryption failed inside libcrypto";
}

void crypt_wipe_free(void *buf, size_t n)
{
	if (buf) {
		OPENSSL_cleanse(buf, n);
		free(buf);
	}
}

void crypt_wipe_free_str(char *s)
{
	if (s)
		crypt_wipe_free(s, strlen(s));
}

/* Standard base64 (padding required, as Go's StdEncoding writes it) into a
 * new buffer. */
static enum crypt_status crypt_base64_decode(const char *b64, unsigned char **out,
                                             size_t *out_len)
{
	size_t in_len = strlen(b64);
	EVP_ENCODE_CTX *ctx;
	unsigned char *buf;
	int n = 0, fin = 0;

	*out = NULL;
	*out_len = 0;
	if (in_len == 0 || in_len % 4 != 0)
		return CRYPT_BAD_BASE64;
	if (in_len > CRYPT_MAX_FIELD)
		return CRYPT_BAD_BASE64;
	for (size_t i = 0; i < in_len; i++) {
		unsigned char c = (unsigned char)b64[i];

		/* EVP's decoder skips white space; the JFrog CLI never writes any. */
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '/' || c == '='))
			return CRYPT_BAD_BASE64;
	}
	buf = malloc(in_len / 4 * 3 + 3);
	if (!buf)
		return CRYPT_NOMEM;
	ctx = EVP_ENCODE_CTX_new();
	if (!ctx) {
		free(buf);
		return CRYPT_NOMEM;
	}
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, buf, &n, (const unsigned char *)b64, (int)in_len) < 0 ||
	    EVP_DecodeFinal(ctx, buf + n, &fin) != 1) {
		EVP_ENCODE_CTX_free(ctx);
		free(buf);
		return CRYPT_BAD_BASE64;
	}
	EVP_ENCODE_CTX_free(ctx);
	*out = buf;
	*out_len = (size_t)n + (size_t)fin;
	return CRYPT_OK;
}

enum crypt_status crypt_jfrog_decrypt(const char *b64, const unsigned char key[CRYPT_KEY_LEN],
                                      char **plain, size_t *plain_len)
{
	unsigned char *raw = NULL, *out = NULL;
	size_t raw_len = 0, ct_len;
	EVP_CIPHER_CTX *ctx = NULL;
	enum crypt_status st;
	int n = 0, fin = 0;

	*plain = NULL;
	*plain_len = 0;
	if (!b64 || !key)
		return CRYPT_INTERNAL;
	st = crypt_base64_decode(b64, &raw, &raw_len);
	if (st != CRYPT_OK)
		return st;
	if (raw_len < CRYPT_NONCE_LEN + CRYPT_TAG_LEN) {
		free(raw);
		return CRYPT_TOO_SHORT;
	}
	ct_len = raw_len - CRYPT_NONCE_LEN - CRYPT_TAG_LEN;
	if (ct_len > INT_MAX) {
		free(raw);
		return CRYPT_BAD_BASE64;
	}
	out = malloc(ct_len + 1);
	ctx = EVP_CIPHER_CTX_new();
	if (!out || !ctx) {
		st = CRYPT_NOMEM;
		goto done;
	}
	st = CRYPT_INTERNAL;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, CRYPT_NONCE_LEN, NULL) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, raw) != 1)
		goto done;
	if (EVP_DecryptUpdate(ctx, out, &n, raw + CRYPT_NONCE_LEN, (int)ct_len) != 1 ||
	    n < 0 || (size_t)n > ct_len)
		goto done;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, CRYPT_TAG_LEN,
	                        raw + CRYPT_NONCE_LEN + ct_len) != 1)
		goto done;
	/* The tag is checked here: nothing decrypted counts before it passes. */
	if (EVP_DecryptFinal_ex(ctx, out + n, &fin) != 1) {
		st = CRYPT_AUTH;
		goto done;
	}
	if (fin < 0 || (size_t)n + (size_t)fin > ct_len)
		goto done;
	out[n + fin] = '\0';
	*plain = (char *)out;
	*plain_len = (size_t)n + (size_t)fin;
	out = NULL;
	st = CRYPT_OK;
done:
	EVP_CIPHER_CTX_free(ctx); /* it wipes its key schedule */
	crypt_wipe_free(out, ct_len + 1);
	free(raw); /* nonce, ciphertext and tag: not secret */
	return st;
}

/* ---- security.yaml ------------------------------------------------------------ */

static bool crypt_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The value of one line, from p (after "masterKey:") to end. NULL on NOMEM. */
static char *crypt_yaml_value(const char *p, const char *end)
{
	const char *v0, *v1;
	char *out, *o;

	while (p < end && crypt_is_blank(*p))
		p++;
	if (p < end && (*p == '"' || *p == '\'')) {
		char q = *p++;

		out = malloc((size_t)(end - p) + 1);
		if (!out)
			return NULL;
		o = out;
		while (p < end) {
			if (q == '"' && *p == '\\' && p + 1 < end) {
				p++;
				*o++ = *p == 't' ? '\t' : *p;
				p++;
				continue;
			}
			if (*p == q) {
				if (q == '\'' && p + 1 < end && p[1] == '\'') {
					*o++ = '\'';
					p += 2;
					continue;
				}
				break;
			}
			*o++ = *p++;
		}
		*o = '\0';
		return out;
	}
	/* Plain: up to a " #" comment, trimmed. */
	v0 = p;
	v1 = p;
	while (v1 < end && !(*v1 == '#' && (v1 == v0 || crypt_is_blank(v1[-1]))))
		v1++;
	while (v1 > v0 && crypt_is_blank(v1[-1]))
		v1--;
	out = malloc((size_t)(v1 - v0) + 1);
	if (!out)
		return NULL;
	memcpy(out, v0, (size_t)(v1 - v0));
	out[v1 - v0] = '\0';
	return out;
}

char *crypt_yaml_master_key(const char *text, size_t len, bool *found)
{
	static const char name[] = "masterKey";
	const char *p = text, *end = text + len;

	*found = false;
	if (!text)
		return NULL;
	/* A UTF-8 BOM. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		const char *q = p;

		if (le > p && le[-1] == '\r')
			le--;
		/* A top-level key starts in column 0. */
		if ((size_t)(le - q) > sizeof name - 1 && memcmp(q, name, sizeof name - 1) == 0) {
			q += sizeof name - 1;
			while (q < le && crypt_is_blank(*q))
				q++;
			if (q < le && *q == ':') {
				char *v = crypt_yaml_value(q + 1, le);

				*found = true;
				return v;
			}
		}
		p = eol ? eol + 1 : end;
	}
	return NULL;
}
