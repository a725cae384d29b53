// Passwords of the principals who sign in to the workbench: Argon2id (libargon2), stored as the
// PHC string ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") so the parameters travel with the hash.
#pragma once

#include <string>
#include <string_view>

#include "embargo/status.h"

namespace embargo {

// The shortest password accepted, in characters other than white space and invisible ones;
// longer ones are capped at kMaxPasswordBytes (hashing cost).
inline constexpr size_t kMinPasswordChars = 12;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Why `password` is not acceptable, or Ok.
Status CheckPasswordStrength(std::string_view password);

// An Argon2id hash of `password` with a fresh random salt (OWASP's parameters: 19 MiB, 2 passes).
StatusOr<std::string> HashPassword(std::string_view password);

// Whether `password` matches `encoded` (a HashPassword result). False for any malformed hash.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// `bytes` random bytes from the system's generator (/dev/urandom via getrandom), as hex.
StatusOr<std::string> RandomHex(size_t bytes);

}  // namespace embargo
