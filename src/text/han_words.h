// The English that lists write for words of Chinese organisation names (科技, technology; 数控, CNC):
// a Han-script firm is also read with them in English and its other characters in pinyin
// (text::HanWordsForm), as the lists give such firms.
#pragma once

#include <cstddef>
#include <string_view>

namespace embargo::text {

// The longest word of the table at byte `at` of `utf8`: its length in bytes, with its English in
// `english`; 0 when none starts there.
size_t HanWordAt(std::string_view utf8, size_t at, std::string_view& english);

}  // namespace embargo::text
