/*
 * hash.c - SHA-256, as OpenSSL's libcrypto computes it (EVP), not by code
 * of ours: the import keys each row by the hash of its content, so that a
 * row seen before is known again (SPEC §6), and a home-made digest is not
 * a thing to trust for that.
 */
#include <openssl/evp.h>

#include "cmp.h"

/* Start a digest in H. */
void
sha256_begin(struct sha256 *h)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		die(EX_SOFTWARE, "libcrypto: cannot start a SHA-256 digest");
	h->ctx = ctx;
}

/* Add the N bytes at P to the digest H. */
void
sha256_add(struct sha256 *h, const void *p, size_t n)
{
	if (n && EVP_DigestUpdate(h->ctx, p, n) != 1)
		die(EX_SOFTWARE, "libcrypto: SHA-256 failed");
}

/* Finish the digest H into OUT and free what it held. */
void
sha256_end(struct sha256 *h, unsigned char out[SHA256_LEN])
{
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(h->ctx, out, &n) != 1 || n != SHA256_LEN)
		die(EX_SOFTWARE, "libcrypto: SHA-256 failed");
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

/* The SHA-256 of the N bytes at P into OUT. */
void
sha256_of(const void *p, size_t n, unsigned char out[SHA256_LEN])
{
	struct sha256 h;

	sha256_begin(&h);
	sha256_add(&h, p, n);
	sha256_end(&h, out);
}

/* D in lower-case hexadecimal, NUL-terminated, into OUT; return OUT. */
char *
sha256_hex(const unsigned char d[SHA256_LEN], char out[2 * SHA256_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * SHA256_LEN] = '\0';
	return out;
}
