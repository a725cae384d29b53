// SHA-256: content hashes of list versions, the audit chain, fingerprints, API key hashes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace embargo {

// Incremental SHA-256 over OpenSSL's libcrypto (which uses the CPU's SHA instructions where it
// has them: about six times the speed of portable code).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string HexDigest();  // finishes the hash; call once

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

std::string Sha256Hex(std::string_view data);

}  // namespace embargo
