// A set of short words asked about for every word of every name (titles, particles, nouns of kind,
// places, one-word legal forms). Most words asked about are not in it: one bit per length, first
// letter and last letter's low bits answers those without hashing the word.
#ifndef EMBARGO_TEXT_WORD_SET_H_
#define EMBARGO_TEXT_WORD_SET_H_

#include <algorithm>
#include <bitset>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>

namespace embargo::text {

class WordSet {
 public:
  WordSet() = default;
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) insert(w);
  }

  void insert(std::string_view word) {
    maybe_.set(Slot(word));
    words_.emplace(word);
  }
  bool contains(std::string_view word) const { return maybe_.test(Slot(word)) && words_.find(word) != words_.end(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  static size_t Slot(std::string_view w) {
    if (w.empty()) return 0;
    const auto first = static_cast<unsigned char>(w.front()), last = static_cast<unsigned char>(w.back());
    return std::min<size_t>(w.size(), 15) << 7 | (first & 31u) << 2 | (last & 3u);
  }

  std::bitset<2048> maybe_;
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

}  // namespace embargo::text

#endif  // EMBARGO_TEXT_WORD_SET_H_
