/* jf_encrypt.h - for the tests: encrypts a secret field as the JFrog CLI
 * does (jfrog-cli-core's config encryption): a random 12-byte nonce,
 * AES-256-GCM with the master key string's 32 bytes as the key and no
 * associated data, then standard base64 of nonce || ciphertext || tag
 * (Go's gcm.Seal(nonce, nonce, plaintext, nil)). Made with OpenSSL's EVP
 * API, independently of src/crypt.c.
 */
#ifndef WRUN_TEST_JF_ENCRYPT_H
#define WRUN_TEST_JF_ENCRYPT_H

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

/* A new base64 string, or NULL. key: 32 characters. */
static inline char *jf_encrypt(const char *plain, const char *key)
{
	size_t n = strlen(plain);
	unsigned char *raw = malloc(12 + n + 16);
	char *b64 = malloc(4 * ((12 + n + 16 + 2) / 3) + 1);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0;
	bool ok = false;

	if (!raw || !b64 || !ctx || strlen(key) != 32)
		goto done;
	if (RAND_bytes(raw, 12) != 1)
		goto done;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
	    EVP_EncryptInit_ex(ctx, NULL, NULL, (const unsigned char *)key, raw) != 1 ||
	    EVP_EncryptUpdate(ctx, raw + 12, &len, (const unsigned char *)plain, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(ctx, raw + 12 + len, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, raw + 12 + n) != 1)
		goto done;
	EVP_EncodeBlock((unsigned char *)b64, raw, (int)(12 + n + 16));
	ok = true;
done:
	EVP_CIPHER_CTX_free(ctx);
	free(raw);
	if (!ok) {
		free(b64);
		return NULL;
	}
	return b64;
}

#endif
