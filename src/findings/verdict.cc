#include "embargo/verdict.h"

namespace embargo {

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "PASS";
    case Verdict::kReview: return "REVIEW";
    case Verdict::kBlock: return "BLOCK";
    case Verdict::kError: return "ERROR";
  }
  return "ERROR";
}

Verdict Worst(Verdict a, Verdict b) {
  auto rank = [](Verdict v) { return v == Verdict::kError ? 3 : v == Verdict::kBlock ? 2 : v == Verdict::kReview ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace embargo
