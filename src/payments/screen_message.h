// Screening a parsed payment message: every party, agent, identifier, place and free-text line
// with the check that suits it, and one verdict for the message (rules in docs/PAYMENTS.md).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "embargo/screener.h"
#include "embargo/verdict.h"
#include "findings/findings.h"
#include "payments/message.h"
#include "payments/name_rules.h"

namespace embargo {
class GeoPolicy;
class TextScanner;
}

namespace embargo::payments {

using ::embargo::Finding;  // src/findings/findings.h
using ::embargo::Verdict;  // include/embargo/verdict.h
using ::embargo::VerdictName;
using ::embargo::Worst;

struct ScreenOptions {
  MatchOptions match;            // name screening: threshold, hits per name, candidate budget
  bool screen_free_text = true;  // 70/72/77B, RmtInf, Purp, RgltryRptg, instructions
  size_t retry_candidates = 512;  // a name query that reached match.max_candidates runs again with this budget
  // Free text is scanned for the listed names it mentions (include/embargo/text_scan.h); without
  // a scanner each line is screened as one name. Not owned; must outlive the MessageScreener.
  const TextScanner* text_scanner = nullptr;
};

// One thing screened: a name, BIC, LEI, identifier, country, place, text line or format fault,
// where it came from and what came of it, so that an audit sees that nothing was skipped.
struct Screened {
  std::string field;  // MT tag or ISO path, as in Finding::field
  std::string role;   // the party's role, "free text" or "message"
  std::string check;  // as Finding::check
  std::string value;  // what was screened
  Verdict result = Verdict::kPass;  // the worst finding of this check; ERROR when it could not run
  std::string note;   // how it was read or why it was set aside ("placeholder name: not a name")
};

// Finding::field is the MT tag or ISO path ("59", "57A", "CdtrAgt/FinInstnId/BICFI", "72"),
// Finding::check one of name, bic, bic_country, lei, identifier, country, address, town,
// birth_place, free_text, format, and Finding::role the party's role, "free text" or "message".
struct MessageScreenResult : Findings {
  size_t checks = 0;        // names, identifiers, places and text lines screened (screened.size())
  bool incomplete = false;  // a name query reached the candidate budget (see docs/PAYMENTS.md)
  std::vector<Screened> screened;  // every check, in the order run
};

// Records one check in `out.screened`; its result is the worst action among the findings added
// since `first_finding` (ERROR when `ran` is false).
void RecordCheck(MessageScreenResult& out, size_t first_finding, Screened item, bool ran = true);

// Runs `checks`, the checks of one field; one that fails unexpectedly (an exception) adds an error
// naming the field, its role and line, and an ERROR check: the message is ERROR, and its other
// fields are still screened.
void ScreenGuarded(const std::string& field, const std::string& role, size_t line, MessageScreenResult& out,
                   const std::function<void()>& checks);

// Lists' BICs and LEIs by key, for exact identifier checks. Built once from a Screener's lists.
class IdentifierIndex {
 public:
  explicit IdentifierIndex(const Screener& screener);
  struct Listed {
    const Entity* entity;
    std::string value;  // as listed, normalised (upper case, no spaces)
  };
  // Listed BICs sharing the first 8 characters (institution) of `bic`.
  const std::vector<Listed>* BicInstitution(std::string_view bic) const;
  const std::vector<Listed>* Lei(std::string_view lei) const;
  size_t bic_count() const { return bic_count_; }

 private:
  std::unordered_map<std::string, std::vector<Listed>> by_bic8_, by_lei_;
  size_t bic_count_ = 0;
};

// Thread-safety: immutable after construction; Screen() may run concurrently. The Screener and
// GeoPolicy must outlive it.
class MessageScreener {
 public:
  MessageScreener(const Screener& screener, const GeoPolicy& geo, ScreenOptions options = {});
  // With an identifier index built earlier from the same Screener (shared between requests).
  MessageScreener(const Screener& screener, const GeoPolicy& geo, std::shared_ptr<const IdentifierIndex> ids,
                  ScreenOptions options = {});
  MessageScreenResult Screen(const PaymentMessage& message) const;
  const ScreenOptions& options() const { return options_; }

  // The checks that free text shares with the party checks; used by ScreenFreeText.
  // `bic_country`: also check the BIC's country against the geographic policy (not for words of
  // free text that merely look like a BIC).
  void CheckBic(std::string_view bic, const std::string& field, const std::string& role, std::vector<Finding>& out,
                bool bic_country = true) const;
  // A listed LEI (exact, after upper-casing and dropping all but letters and digits): BLOCK.
  void CheckLei(std::string_view lei, const std::string& field, const std::string& role, std::vector<Finding>& out) const;
  void CheckCountry(const std::string& code, const std::string& field, const std::string& role, const std::string& what,
                    std::vector<Finding>& out) const;
  void CheckPlaceText(std::string_view text, const std::string& field, const std::string& role, const std::string& check,
                      std::vector<Finding>& out) const;
  // Screens `name` against the lists; false (and an error) when the name cannot be screened.
  // Hits are judged by the payment rules on names (name_rules.h); what they set aside is added
  // to `note`.
  bool CheckName(const Query& query, const std::string& field, const std::string& role, const std::string& check,
                 MessageScreenResult& out, std::string* note = nullptr) const;
  // The payment rules on names (name_rules.h) for a hit of `query`.
  HitJudgement Judge(const Query& query, const Hit& hit, double threshold,
                     NameSource source = NameSource::kParty) const;

 private:
  void ScreenParty(const Party& p, MessageScreenResult& out) const;
  void ScreenPartyIds(const Party& p, MessageScreenResult& out) const;
  void ScreenPartyNames(const Party& p, MessageScreenResult& out) const;
  void ScreenPartyPlaces(const Party& p, MessageScreenResult& out) const;
  // One address line: a place named there is weighed by where it stands (address.h); `names`
  // holds the listed names the line mentions (AddressMentions) and `note` what was set aside.
  void CheckAddressLine(const Party& p, size_t k, std::vector<Finding> names, const std::string& note,
                        MessageScreenResult& out) const;

  const Screener& screener_;
  const GeoPolicy& geo_;
  ScreenOptions options_;
  std::shared_ptr<const IdentifierIndex> ids_;
};

// Free text (70, 72, 77B, 79, RmtInf, Purp, RgltryRptg, instructions, unparsed text): the one place that decides how
// text is screened. Each line is stripped of its /CODE/ prefix, its BIC-shaped words checked
// against listed BICs and its places against the geographic policy; the lines are scanned
// together for listed names they mention (ScreenOptions::text_scanner), or else each line is
// screened as a name.
void ScreenFreeText(const FreeText& text, const MessageScreener& screener, MessageScreenResult& out);

// The listed names a party's address lines mention (C/O VLADIMIR PUTIN, a firm's name on a line
// after the party's): per line, its REVIEW findings and a note of the hits set aside. Empty
// without a text scanner. A span the scanner could not screen sets out.incomplete.
struct AddressMentions {
  std::vector<std::vector<Finding>> findings;
  std::vector<std::string> notes;
};
AddressMentions MentionsInAddress(const Party& party, const MessageScreener& screener, MessageScreenResult& out);

// The listed names a party's town, country subdivision or birth place (`place`, screened as
// `check`) mentions, as the free-text scanner finds them: a name written where a place stands
// ("3/US/VLADIMIR PUTIN", ISO TwnNm) is read by no name check. REVIEW findings; `note` receives
// what was set aside. Empty without a scanner.
std::vector<Finding> MentionsInPlace(const Party& party, const std::string& place, const std::string& check,
                                     const MessageScreener& screener, MessageScreenResult& out, std::string& note);

// The listed names that a party's name lines (or its name, and the reading run on into the next
// line) mention beside other words, as the free-text scanner finds them ("KLAUS BERGMANN AND
// SBERBANK", "... C/O ROSOBORONEXPORT"): REVIEW findings of check "name_text", one per entity and
// words, and the notes of what was set aside. Empty without a scanner.
struct NameMentions {
  std::vector<Finding> findings;
  std::string note;
};
NameMentions MentionsInName(const Party& party, const MessageScreener& screener, MessageScreenResult& out);

}  // namespace embargo::payments
