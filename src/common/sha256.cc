#include "common/sha256.h"

#include <openssl/evp.h>

#include <new>

namespace embargo {
namespace {

// Fetched once: EVP_sha256() would look the implementation up again at every hash.
const EVP_MD* Sha256Method() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

std::string Hex(const unsigned char* digest, unsigned int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (unsigned int i = 0; i < n; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

struct Sha256::Context {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) {
  // Failing here means no memory or a libcrypto without SHA-256: nothing to hash with.
  if (!ctx_->md || !EVP_DigestInit_ex(ctx_->md, Sha256Method(), nullptr)) throw std::bad_alloc();
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view data) { EVP_DigestUpdate(ctx_->md, data.data(), data.size()); }

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_->md, digest, &n);
  return Hex(digest, n);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data.data(), data.size(), digest, &n, Sha256Method(), nullptr)) throw std::bad_alloc();
  return Hex(digest, n);
}

}  // namespace embargo
