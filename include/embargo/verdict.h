// The verdict on a whole payment message or trade transaction.
#pragma once

#include <cstdint>
#include <string_view>

namespace embargo {

// PASS: nothing found. REVIEW: a possible match a person must decide on. BLOCK: an exact
// identifier of a listed party or a blocked geography. ERROR: the input could not be parsed or a
// part of it could not be screened; never treated as clear.
enum class Verdict : uint8_t { kPass, kReview, kBlock, kError };

std::string_view VerdictName(Verdict v);  // "PASS", "REVIEW", "BLOCK", "ERROR"
// The more severe of two verdicts: ERROR > BLOCK > REVIEW > PASS.
Verdict Worst(Verdict a, Verdict b);

}  // namespace embargo
