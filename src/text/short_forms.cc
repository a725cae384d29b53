#include "text/short_forms.h"

#include <unordered_map>

#include "common/strings.h"

namespace embargo::text {

extern const char kShortFormsTsv[];

namespace {

// Short form -> the full names it stands for, in the table's order.
const std::unordered_map<std::string, std::vector<std::string>>& Table() {
  static const auto table = [] {
    std::unordered_map<std::string, std::vector<std::string>> t;
    for (std::string_view line : Split(kShortFormsTsv, '\n')) {
      if (line.empty() || line[0] == '#') continue;
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      std::vector<std::string_view> full = Split(line.substr(0, tab), '|');
      for (std::string_view short_form : Split(line.substr(tab + 1), '|'))
        for (std::string_view f : full) t[std::string(short_form)].emplace_back(f);
    }
    return t;
  }();
  return table;
}

}  // namespace

const std::vector<std::string>& FullNamesOf(std::string_view token) {
  static const std::vector<std::string> kNone;
  const auto& table = Table();
  auto it = table.find(std::string(token));
  return it == table.end() ? kNone : it->second;
}

std::vector<NameForm> ShortFormReadings(const NameForm& form, SchemaFamily family, size_t limit) {
  std::vector<NameForm> out;
  if (family == SchemaFamily::kOrganization || family == SchemaFamily::kVessel || form.tokens.size() < 2) return out;
  for (size_t i = 0; i < form.tokens.size() && out.size() < limit; ++i) {
    if (form.roles[i] == TokenRole::kInitial || form.roles[i] == TokenRole::kSurname) continue;  // given names only
    for (const std::string& full : FullNamesOf(form.tokens[i])) {
      if (out.size() == limit) break;
      NameForm reading = form;
      reading.scheme = "short-form";
      reading.read_token = static_cast<int>(i);
      reading.read_from = form.tokens[i];
      reading.tokens[i] = full;
      out.push_back(std::move(reading));
    }
  }
  return out;
}

}  // namespace embargo::text
