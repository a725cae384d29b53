#include "text/han_words.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "common/strings.h"

namespace embargo::text {

extern const char kHanWordsTsv[];

namespace {

struct HanWords {
  std::unordered_map<std::string_view, std::string_view> english;  // by the word in UTF-8
  size_t longest = 0, shortest = SIZE_MAX;                           // in bytes
};

const HanWords& Table() {
  static const HanWords table = [] {
    HanWords t;
    for (std::string_view line : Split(kHanWordsTsv, '\n')) {
      if (line.empty() || line[0] == '#') continue;
      const size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      for (std::string_view word : Split(line.substr(tab + 1), '|')) {
        t.english.emplace(word, line.substr(0, tab));
        t.longest = std::max(t.longest, word.size());
        t.shortest = std::min(t.shortest, word.size());
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

size_t HanWordAt(std::string_view utf8, size_t at, std::string_view& english) {
  const HanWords& table = Table();
  // Longest first, by whole characters: CJK ideographs are three bytes in UTF-8.
  for (size_t n = std::min(table.longest, utf8.size() - std::min(at, utf8.size())); n >= table.shortest && n > 0; --n) {
    if (n % 3 != 0) continue;
    auto it = table.english.find(utf8.substr(at, n));
    if (it != table.english.end()) {
      english = it->second;
      return n;
    }
  }
  return 0;
}

}  // namespace embargo::text
