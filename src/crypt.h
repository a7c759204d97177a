/* crypt.h - the JFrog CLI's encrypted config fields, decrypted with
 * OpenSSL's EVP AEAD API (never hand-written crypto).
 *
 * With "enc": true, the JFrog CLI stores each secret field (password,
 * accessToken, refreshToken, sshPassphrase) as standard base64 of
 *     12-byte nonce || AES-256-GCM ciphertext || 16-byte tag
 * with no associated data. The key is the master key string's 32 bytes, used
 * as they are: from JFROG_CLI_ENCRYPTION_KEY, else masterKey in
 * <JFrog CLI home>/security/security.yaml.
 */
#ifndef WRUN_CRYPT_H
#define WRUN_CRYPT_H

#include <stdbool.h>
#include <stddef.h>

#define CRYPT_KEY_LEN 32
#define CRYPT_NONCE_LEN 12
#define CRYPT_TAG_LEN 16

enum crypt_status {
	CRYPT_OK = 0,
	CRYPT_BAD_BASE64, /* not standard base64 */
	CRYPT_TOO_SHORT,  /* shorter than a nonce and a tag */
	CRYPT_AUTH,       /* the tag does not match: a wrong key or altered text */
	CRYPT_NOMEM,
	CRYPT_INTERNAL,   /* libcrypto failed otherwise */
};

/* One clause for a message ("the key is wrong or the field was altered"). */
const char *crypt_status_str(enum crypt_status st);

/* Decrypts one field. On CRYPT_OK, *plain is a new NUL-terminated buffer of
 * *plain_len bytes (it may hold a NUL itself: check); the caller wipes it
 * with OPENSSL_cleanse (or crypt_wipe_free) and frees it. On failure *plain
 * is NULL and nothing of the plaintext is left in memory. */
enum crypt_status crypt_jfrog_decrypt(const char *b64, const unsigned char key[CRYPT_KEY_LEN],
                                      char **plain, size_t *plain_len);

/* Finds "masterKey: VALUE" in the text of a security.yaml (a minimal YAML
 * reader: a top-level key, the value plain, 'single' or "double" quoted, a
 * trailing # comment allowed after a plain or quoted value). Returns a new
 * string (wipe it after use), or NULL with *found false when the key is not
 * there, or NULL with *found true when out of memory. */
char *crypt_yaml_master_key(const char *text, size_t len, bool *found);

/* Wipes n bytes of buf (OPENSSL_cleanse), then frees it. NULL is fine. */
void crypt_wipe_free(void *buf, size_t n);

/* Wipes a NUL-terminated string, then frees it. NULL is fine. */
void crypt_wipe_free_str(char *s);

#endif
