#include "decision_store/password.h"

#include <argon2.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace embargo {
namespace {

constexpr uint32_t kPasses = 2;
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

Status FillRandom(uint8_t* out, size_t n) {
  for (size_t done = 0; done < n;) {
    ssize_t got = getrandom(out + done, n - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::Internal(std::string("random bytes: getrandom failed: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(got);
  }
  return Status::Ok();
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() > kMaxPasswordBytes)
    return Status::InvalidArgument("password: longer than " + std::to_string(kMaxPasswordBytes) + " bytes");
  size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;  // UTF-8 lead bytes
  if (chars < kMinPasswordChars)
    return Status::InvalidArgument("password: at least " + std::to_string(kMinPasswordChars) + " characters");
  return Status::Ok();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  EMBARGO_RETURN_IF_ERROR(CheckPasswordStrength(password));
  uint8_t salt[kSaltBytes];
  EMBARGO_RETURN_IF_ERROR(FillRandom(salt, sizeof salt));
  size_t length = argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(), salt, sizeof salt,
                                 kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Status::Internal(std::string("password hash: ") + argon2_error_message(rc));
  return std::string(encoded.data());
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (!encoded.starts_with("$argon2id$") || password.size() > kMaxPasswordBytes) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

StatusOr<std::string> RandomHex(size_t bytes) {
  std::vector<uint8_t> raw(bytes);
  EMBARGO_RETURN_IF_ERROR(FillRandom(raw.data(), raw.size()));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : raw) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace embargo
