#include "text/legal_forms.h"

#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/deletion_keys.h"
#include "text/normalize.h"
#include "text/similarity.h"

namespace embargo::text {

extern const char kLegalFormsTsv[];

namespace {

// Phrases are matched on the phonetic keys of their tokens, so spelling variants of one form
// (OGRANICHENNOY, OGRANICHENNOI) meet; a long word one edit from a form word is corrected first.
struct LegalFormTable {
  std::unordered_map<std::string, std::string> code_by_phrase;  // token keys joined by ' '
  std::unordered_set<std::string> vocabulary;                   // keys of every form word
  std::unordered_map<std::string, std::string> key_by_word;     // every form word as spelt
  size_t max_tokens = 1;
  // To find a word one edit away without comparing every word: each word and every string one
  // deletion from it, to the words' positions in the order the maps above are iterated (of two
  // words one edit away, the first in that order is taken).
  std::vector<std::pair<std::string, std::string>> words;  // key_by_word, in its order
  std::vector<std::string> vocabulary_words;                // vocabulary, in its order
  std::unordered_map<uint64_t, std::vector<uint32_t>> near_word, near_vocabulary;  // by hash
};

// Keys of a word and of each string one deletion from it: words one edit apart share one.
template <typename Fn>
void ForEachOneDeletion(std::string_view s, Fn&& fn) {
  keys::ForEachDeletion(s, 1, 0xcbf29ce484222325ULL, std::forward<Fn>(fn));
}

using NearIndex = std::unordered_map<uint64_t, std::vector<uint32_t>>;

void IndexNear(const std::vector<std::string>& words, NearIndex& near) {
  for (uint32_t i = 0; i < words.size(); ++i) ForEachOneDeletion(words[i], [&](uint64_t h) { near[h].push_back(i); });
}

// The first word (by position) of `near` that `token` is one edit from and `accept` takes, or -1.
template <typename Word, typename Accept>
int64_t FirstNear(const std::string& token, const NearIndex& near, Word&& word, Accept&& accept) {
  int64_t best = -1;
  ForEachOneDeletion(token, [&](uint64_t h) {
    auto it = near.find(h);
    if (it == near.end()) return;
    for (uint32_t i : it->second)
      if ((best < 0 || i < best) && accept(word(i)) && DamerauLevenshtein(token, word(i), 1) <= 1) best = i;
  });
  return best;
}

// Abbreviations that stand for a form word inside longer forms (CO., LTD. = COMPANY LIMITED).
std::string_view Expand(std::string_view token) {
  if (token == "ltd") return "limited";
  if (token == "co") return "company";
  if (token == "corp") return "corporation";
  if (token == "inc") return "incorporated";
  if (token == "pvt") return "private";
  if (token == "jt") return "joint";
  return token;
}

// A word of three letters or fewer is matched as written: its sound is shared by too many words
// (the surname Du would be the Balkan d.o.o.).
std::string Key(std::string_view token) {
  std::string_view word = Expand(token);
  if (word.size() <= 3) return "=" + std::string(word);
  return PhoneticKey(word);
}

std::string Join(const std::vector<std::string>& tokens, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += ' ';
    out += tokens[i];
  }
  return out;
}

const LegalFormTable& Table() {
  static const LegalFormTable table = [] {
    LegalFormTable t;
    std::string_view tsv(kLegalFormsTsv);
    while (!tsv.empty()) {
      size_t eol = tsv.find('\n');
      std::string_view line = tsv.substr(0, eol);
      tsv = eol == std::string_view::npos ? std::string_view() : tsv.substr(eol + 1);
      if (line.empty() || line[0] == '#') continue;
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      std::string code(line.substr(0, tab));
      std::string_view spellings = line.substr(tab + 1);
      while (!spellings.empty()) {
        size_t bar = spellings.find('|');
        std::string_view spelling = spellings.substr(0, bar);
        spellings = bar == std::string_view::npos ? std::string_view() : spellings.substr(bar + 1);
        for (std::string_view scheme : {"", "bgn", "iso9"}) {
          auto tokens = Tokenize(FoldToLatin(spelling, scheme));
          if (tokens.empty()) continue;
          for (auto& token : tokens) {
            if (token.size() >= 5) t.key_by_word.emplace(token, Key(token));
            token = Key(token);
            t.vocabulary.insert(token);
          }
          t.max_tokens = std::max(t.max_tokens, tokens.size());
          t.code_by_phrase.emplace(Join(tokens, 0, tokens.size()), code);
        }
      }
    }
    t.words.assign(t.key_by_word.begin(), t.key_by_word.end());
    std::vector<std::string> spelt;
    for (const auto& [word, key] : t.words) spelt.push_back(word);
    IndexNear(spelt, t.near_word);
    t.vocabulary_words.assign(t.vocabulary.begin(), t.vocabulary.end());
    IndexNear(t.vocabulary_words, t.near_vocabulary);
    return t;
  }();
  return table;
}

}  // namespace

bool IsLegalFormToken(std::string_view token) {
  return Table().code_by_phrase.count(Key(token)) > 0;
}

namespace {

// The key of `token`, or of the form word it misspells by one edit.
std::string CorrectedKey(const LegalFormTable& table, const std::string& token) {
  std::string key = Key(token);
  if (token.size() < 5 || key.size() < 4 || table.vocabulary.count(key)) return key;
  auto near = [&](size_t a, size_t b) { return a + 1 >= b && b + 1 >= a; };  // lengths one apart at most
  int64_t w = FirstNear(token, table.near_word, [&](uint32_t i) -> const std::string& { return table.words[i].first; },
                        [&](const std::string& word) { return near(word.size(), token.size()); });
  if (w >= 0) return table.words[static_cast<size_t>(w)].second;
  int64_t v = FirstNear(key, table.near_vocabulary, [&](uint32_t i) -> const std::string& { return table.vocabulary_words[i]; },
                        [&](const std::string& word) { return near(word.size(), key.size()) && word.size() >= 4; });
  if (v >= 0) return table.vocabulary_words[static_cast<size_t>(v)];
  return key;
}

}  // namespace

std::vector<std::string> ExtractLegalForms(std::vector<std::string>& tokens) {
  const LegalFormTable& table = Table();
  std::vector<std::string> codes;
  std::vector<std::string> keys;
  for (const auto& t : tokens) keys.push_back(CorrectedKey(table, t));
  bool found = true;
  while (found && tokens.size() > 1) {
    found = false;
    // Longest phrase first, at the start, then at the end; a name token always remains.
    for (size_t len = std::min(table.max_tokens, tokens.size() - 1); len >= 1 && !found; --len) {
      auto head = table.code_by_phrase.find(Join(keys, 0, len));
      if (head != table.code_by_phrase.end()) {
        codes.push_back(head->second);
        tokens.erase(tokens.begin(), tokens.begin() + len);
        keys.erase(keys.begin(), keys.begin() + len);
        found = true;
        break;
      }
      auto tail = table.code_by_phrase.find(Join(keys, keys.size() - len, keys.size()));
      if (tail != table.code_by_phrase.end()) {
        codes.push_back(tail->second);
        tokens.erase(tokens.end() - len, tokens.end());
        keys.erase(keys.end() - len, keys.end());
        found = true;
      }
    }
  }
  return codes;
}

}  // namespace embargo::text
