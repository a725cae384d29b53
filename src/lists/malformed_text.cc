// RejectMalformedText: a record whose text is not UTF-8, or holds a NUL byte, is a rejected
// record naming its file and line, never an entity that cannot be matched or written out.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/io.h"
#include "embargo/lists.h"
#include "common/bad_text.h"

namespace embargo {
namespace {

// Records past this many are named by id alone: finding a line reads the list's files.
constexpr size_t kLocatedRecords = 100;

size_t BadByte(std::string_view s) { return BadTextByte(s); }
std::string Escaped(std::string_view s) { return EscapeBadText(s); }

struct BadText {
  std::string field;
  std::string value;
};

// The first field of `e` whose text BadByte finds fault with.
std::optional<BadText> FindBadText(const Entity& e) {
  std::optional<BadText> bad;
  auto check = [&](const char* field, const std::string& v) {
    if (!bad && BadByte(v) != std::string_view::npos) bad = BadText{field, v};
  };
  auto check_all = [&](const char* field, const std::vector<std::string>& values) {
    for (const std::string& v : values) check(field, v);
  };
  check("id", e.id);
  for (const Name& n : e.names) check(n.kind == NameKind::kPrimary ? "name" : "alias", n.value);
  check_all("birth place", e.birth_places);
  check_all("nationality", e.nationalities);
  check_all("citizenship", e.citizenships);
  check_all("country", e.countries);
  check_all("programme", e.programs);
  check_all("linked to", e.linked_to);
  check_all("website", e.websites);
  check_all("email", e.emails);
  for (const Identifier& i : e.identifiers)
    for (const std::string* v : {&i.value, &i.label, &i.country}) check("identifier", *v);
  for (const Address& a : e.addresses)
    for (const std::string* v : {&a.full, &a.city, &a.country}) check("address", *v);
  for (const std::string* v : {&e.gender, &e.title, &e.listed_on, &e.vessel_flag, &e.vessel_type, &e.tonnage})
    check("details", *v);
  check("remarks", e.remarks);
  return bad;
}

// Finds where a malformed value stands in a list's files: the word holding its first bad byte
// is looked for from where the last one was found (records come in file order), then from the
// start. Files are read once, when first needed.
class Locator {
 public:
  explicit Locator(const std::vector<std::string>& files) : files_(files) {}

  // The file and 1-based line holding `value`'s bad word; the first file and line 0 when not found.
  LoadIssue Locate(std::string_view value) {
    size_t bad = BadByte(value);
    size_t start = value.rfind(' ', bad);
    start = start == std::string_view::npos ? 0 : start + 1;
    std::string_view word = value.substr(start, value.find(' ', bad) - start);
    for (const std::string& file : files_) {
      const std::string& text = Text(file);
      size_t& from = from_[file];
      size_t pos = text.find(word, from);
      if (pos == std::string::npos) pos = text.find(word);
      if (pos == std::string::npos) continue;
      from = pos + word.size();
      return {file, static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n')) + 1, ""};
    }
    return {files_.empty() ? std::string() : files_[0], 0, ""};
  }

 private:
  const std::string& Text(const std::string& file) {
    auto it = texts_.find(file);
    if (it != texts_.end()) return it->second;
    StatusOr<std::string> bytes = ReadFile(file);
    return texts_[file] = bytes.ok() ? std::move(bytes).value() : std::string();
  }

  const std::vector<std::string>& files_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, size_t> from_;
};

}  // namespace

void RejectMalformedText(ListLoad& list) {
  Locator locator(list.files);
  size_t located = 0;
  std::erase_if(list.entities, [&](const Entity& e) {
    std::optional<BadText> bad = FindBadText(e);
    if (!bad) return false;
    LoadIssue issue = ++located <= kLocatedRecords ? locator.Locate(bad->value)
                                                   : LoadIssue{list.files.empty() ? "" : list.files[0], 0, ""};
    size_t at = BadByte(bad->value);
    issue.reason = Escaped(e.id) + ": " + bad->field + " \"" + Escaped(bad->value) + "\" " +
                   (bad->value[at] == '\0' ? "holds a NUL byte" : "is not valid UTF-8") + " (offset " +
                   std::to_string(at) + "); the record cannot be matched as published";
    list.rejected.push_back(std::move(issue));
    return true;
  });
}

}  // namespace embargo
