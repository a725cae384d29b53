#include "text_scan/party_name.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "text/legal_forms.h"
#include "text/normalize.h"

namespace embargo {
namespace {

// `word` in lower case, without full stops ("INC." -> "inc").
std::string LowerWord(std::string_view word) {
  std::string out;
  for (char c : word)
    if (c != '.') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A word that joins two parties' names ("and", "c/o", "fbo"), lower case.
bool IsJoin(const std::string& word) {
  static const std::set<std::string, std::less<>> kJoins = {"and", "c/o", "co", "fbo", "or", "attn", "via",
                                                            "for", "as",  "et", "und", "y", "e",  "ou", "&"};
  return kJoins.count(word) > 0;
}

// A byte of a word: an ASCII letter or digit, or part of a letter outside ASCII.
bool WordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// Whether the text `side` (before the mention when `before`, else after it) parts the mention from
// the rest of the line: nothing, punctuation ("/", ",", "&"), a word that joins two parties, or
// after it a legal form ("SBERBANK PJSC").
bool Parted(std::string_view side, bool before) {
  size_t at = before ? side.find_last_not_of(' ') : side.find_first_not_of(' ');
  if (at == std::string_view::npos) return true;
  if (!WordByte(side[at])) return side[at] != '.' || !before;
  size_t from = before ? side.find_last_of(' ', at) : at;
  from = from == std::string_view::npos ? 0 : (before ? from + 1 : from);
  size_t to = before ? at + 1 : side.find_first_of(" /,&", at);
  std::string word = LowerWord(side.substr(from, (to == std::string_view::npos ? side.size() : to) - from));
  return IsJoin(word) || (!before && text::IsLegalFormAsSpelt(word));
}

// Whether `said` is a listed name written out whole (legal forms aside), as many words as the
// listed name and matching it closely: "ROSOBORONEXPORT" for "ROSOBORONEKSPORT OAO", not
// "KUZNETSOV" for "ODK-KUZNETSOV"; and not a firm's generic name ending in a noun for a firm,
// which a party's own name may end in too ("Hudson Community Savings Bank": SAVING BANK).
bool WholeListedName(std::string_view said, const Hit& hit) {
  if (hit.score < 0.95) return false;
  SchemaFamily family = hit.entity->schema == Schema::kPerson ? SchemaFamily::kPerson : SchemaFamily::kOrganization;
  auto mentioned = text::NormalizeName(said, family);
  auto listed = text::NormalizeName(hit.matched_name, family);
  if (mentioned.empty() || listed.empty() || mentioned[0].tokens.empty()) return false;
  if (mentioned[0].tokens.size() > 1 && text::IsOrganisationNoun(mentioned[0].tokens.back())) return false;
  return mentioned[0].tokens.size() >= listed[0].tokens.size();
}

}  // namespace

std::string MentionOfPlace(const Hit& hit, std::string_view text, size_t begin, size_t end) {
  if (hit.entity->schema == Schema::kVessel) return "a vessel's name where a place stands: vessels bear place names";
  if (hit.entity->schema == Schema::kPerson) return {};
  end = std::min(end, text.size());
  auto mentioned = text::NormalizeName(text.substr(std::min(begin, end), end - std::min(begin, end)), SchemaFamily::kOrganization);
  auto listed = text::NormalizeName(hit.matched_name, SchemaFamily::kOrganization);
  if (mentioned.empty() || listed.empty() || mentioned[0].tokens.size() >= listed[0].tokens.size()) return {};
  return "the place '" + hit.matched_name + "' is named after: the rest of its name is not there";
}

std::string MentionOfOwnName(const Hit& hit, std::string_view line, size_t begin, size_t end, bool whole_name) {
  end = std::min(end, line.size());  // a span past the line's end is read to its end
  begin = std::min(begin, end);
  if (hit.entity->schema == Schema::kVessel) return "a vessel's name in a party's name line";
  if ((begin > 0 && WordByte(line[begin - 1])) || (end < line.size() && WordByte(line[end])))
    return "part of a word of the party's own name";
  std::string_view before = line.substr(0, begin), after = line.substr(end);
  bool alone_before = before.find_first_not_of(' ') == std::string_view::npos;
  bool alone_after = after.find_first_not_of(' ') == std::string_view::npos;
  if (alone_before && alone_after) return whole_name ? "the party's whole name, screened as a name" : std::string();
  bool parted_before = Parted(before, true), parted_after = Parted(after, false);
  if (parted_before && parted_after) return {};
  // A listed name written out whole after a name of two words or more ("KLAUS BERGMANN
  // ROSOBORONEXPORT"); a word of a name that runs on is the party's own.
  size_t words = 0;
  for (size_t i = 0; i < before.size(); ++i) words += WordByte(before[i]) && (i == 0 || !WordByte(before[i - 1]));
  if (alone_after && words >= 2 && WholeListedName(line.substr(begin, end - begin), hit)) return {};
  return "words of the party's own name, which run on into the mention";
}

}  // namespace embargo
