#include "decision_store/password.h"

#include <argon2.h>
#include <sys/random.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

// The characters of `password` other than white space and invisible ones (a byte that is not
// UTF-8 counts as one): twelve spaces, or "secret" padded with them, are no stronger than "".
size_t VisibleChars(std::string_view password) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(password.data());
  size_t chars = 0;
  for (int32_t i = 0, n = static_cast<int32_t>(password.size()); i < n;) {
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    chars += cp < 0 || !(u_isUWhiteSpace(cp) || u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT));
  }
  return chars;
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() > kMaxPasswordBytes)
    return Status::InvalidArgument("password: longer than " + std::to_string(kMaxPasswordBytes) + " bytes");
  size_t chars = VisibleChars(password);
  if (chars == 0 && !password.empty())
    return Status::InvalidArgument("password: blank (only spaces or invisible characters); at least " +
                                   std::to_string(kMinPasswordChars) + " characters other than spaces");
  if (chars < kMinPasswordChars)
    return Status::InvalidArgument("password: at least " + std::to_string(kMinPasswordChars) +
                                   " characters other than spaces");
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
