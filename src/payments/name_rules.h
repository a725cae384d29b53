// What a name hit may cause in a payment (docs/PAYMENTS.md, "Names"): placeholder names are no
// names, a low-quality alias matches only exactly and at most for review, and companies of
// different legal forms are evidence against a match. The Screener scores; these rules judge its
// hits for payment screening.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"

namespace embargo::payments {

// A name with no distinctive word: only legal forms, single letters, digits and generic role
// words ("BANK A", "CORPORATION B", "ORDERING INSTITUTION NAME", "BENEFICIARY"). It identifies no
// one, so it is not screened as a name; the party's BIC, identifiers and places still are. Four
// single letters or more in a row are one spelt-out word ("S B E R B A N K"), not initials.
bool IsPlaceholderName(std::string_view name);

// The lines of a name given on several (50F/59F "1/JOHN SMITH" "1/VLADIMIR PUTIN"), each screened
// on its own beside the whole: a line may name a second party, and the joined name is scored as
// one, below the threshold however well the line matches. Only lines of two distinctive words or
// more are returned: a lone word is left to the whole name. (A name joined by AND or & is split
// by the screener itself: text::JointNameSides.)
std::vector<std::string> NameLineParts(const std::vector<std::string>& name_lines);

// The judgement on one hit at or above the threshold.
struct HitJudgement {
  bool keep = true;          // false: no match under these rules
  double score = 0;          // the hit's score with the rules' evidence
  bool weak_alias = false;   // matched a low-quality alias exactly: REVIEW, never BLOCK by name alone
  std::string note;          // the rule that applied, in words (empty when none did)
};

// Where a screened name comes from: a party's name (or a mention the free-text scanner found), or
// a line of free text screened whole as a name, which is not known to be a name at all.
enum class NameSource { kParty, kTextLine };

// Judges `hit`, found for `query`: a query of one distinctive word (generic words, single letters
// and legal forms aside) matches only a listed name that holds that word as written, when the
// word has four letters or fewer (FOO ~ PHU by sound says nothing) or the query is a free-text
// line (TRANSFER ~ TRANSSPHERE); a hit through a low-quality alias (NameKind::kWeakAlias: UN
// "Low" quality, OFAC weak a.k.a.) counts only when the alias has two words or more and equals
// the query word for word, else only if the entity's other names match (Screener::Compare); when
// both sides are companies whose legal forms differ in kind (a CORPORATION is no LLC; OAO and PJSC
// are one kind), the score drops by 0.20 for a one-word name and by 0.10 for a longer one.
HitJudgement JudgeHit(const Screener& screener, const Query& query, const Hit& hit, double threshold,
                      NameSource source = NameSource::kParty);

}  // namespace embargo::payments
