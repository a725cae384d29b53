#include "text/legal_forms.h"

#include <unordered_map>

#include "text/normalize.h"

namespace embargo::text {

extern const char kLegalFormsTsv[];

namespace {

struct LegalFormTable {
  std::unordered_map<std::string, std::string> code_by_phrase;  // tokens joined by ' '
  size_t max_tokens = 1;
};

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
          t.max_tokens = std::max(t.max_tokens, tokens.size());
          t.code_by_phrase.emplace(Join(tokens, 0, tokens.size()), code);
        }
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

bool IsLegalFormToken(std::string_view token) {
  return Table().code_by_phrase.count(std::string(token)) > 0;
}

std::vector<std::string> ExtractLegalForms(std::vector<std::string>& tokens) {
  const LegalFormTable& table = Table();
  std::vector<std::string> codes;
  bool found = true;
  while (found && tokens.size() > 1) {
    found = false;
    // Longest phrase first, at the start, then at the end; a name token always remains.
    for (size_t len = std::min(table.max_tokens, tokens.size() - 1); len >= 1 && !found; --len) {
      auto head = table.code_by_phrase.find(Join(tokens, 0, len));
      if (head != table.code_by_phrase.end()) {
        codes.push_back(head->second);
        tokens.erase(tokens.begin(), tokens.begin() + len);
        found = true;
        break;
      }
      auto tail = table.code_by_phrase.find(Join(tokens, tokens.size() - len, tokens.size()));
      if (tail != table.code_by_phrase.end()) {
        codes.push_back(tail->second);
        tokens.erase(tokens.end() - len, tokens.end());
        found = true;
      }
    }
  }
  return codes;
}

}  // namespace embargo::text
