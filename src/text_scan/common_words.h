// Ordinary English words that are also words of list names (generated: make_common_words.py).
#pragma once

#include <string_view>

namespace embargo {

// True if `word` (lower-case ASCII) is an ordinary English word found in some list name.
bool IsCommonWord(std::string_view word);

}  // namespace embargo
