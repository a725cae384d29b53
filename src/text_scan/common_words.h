// Ordinary English words that are also words of list names (generated: make_common_words.py).
#pragma once

#include <string_view>

namespace embargo {

// True if `word` (lower-case ASCII) is a list-name word that English dictionaries hold as an
// ordinary lower-case word (forest, service).
bool IsOrdinaryWord(std::string_view word);
// The same, or a capitalised dictionary word (Prometheus, September, Adler).
bool IsCommonWord(std::string_view word);

}  // namespace embargo
