// Regressions of payment screening, one per case met in public sample messages (the shapes are
// described in testdata/README.md): a format fault must not hide a hit, every field is screened,
// and street names, placeholder names and low-quality aliases raise no false blocks.
#include <gtest/gtest.h>

#include <string>

#include "payments/message_json.h"
#include "payments/name_rules.h"
#include "screen_fixture.h"

namespace embargo::payments {
namespace {

using FormatFaultTest = ScreenMessageTest;
using EveryFieldTest = ScreenMessageTest;
using FalseHitTest = ScreenMessageTest;

std::vector<PaymentMessage> ParseAll(const std::string& text) {
  std::vector<PaymentMessage> out;
  for (auto& p : ParseMessages(text)) {
    EXPECT_TRUE(p.message) << p.status.message();
    if (p.message) out.push_back(std::move(*p.message));
  }
  return out;
}

// The findings of `check` in `field` (all of them, in order).
std::vector<const Finding*> All(const MessageScreenResult& r, const std::string& field, const std::string& check) {
  std::vector<const Finding*> out;
  for (const auto& h : r.findings)
    if (h.field == field && h.check == check) out.push_back(&h);
  return out;
}

// The screened entry of `check` on `value` in `field`, or null.
const Screened* Entry(const MessageScreenResult& r, const std::string& field, const std::string& check,
                      const std::string& value) {
  for (const auto& s : r.screened)
    if (s.field == field && s.check == check && s.value == value) return &s;
  return nullptr;
}

// Whether some format finding's reason holds `what`.
bool HasFault(const MessageScreenResult& r, const std::string& what) {
  for (const auto& h : r.findings)
    if (h.check == "format" && h.action == Verdict::kReview && h.reason.find(what) != std::string::npos) return true;
  return false;
}

// 1. A format fault must not hide a hit.

TEST_F(FormatFaultTest, TextAfterTheTrailerKeepsTheListedBic) {
  MessageScreenResult r = ScreenFile("mt103_text_after_trailer.txt");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  ASSERT_FALSE(All(r, "57A", "bic").empty());
  EXPECT_EQ(All(r, "57A", "bic")[0]->entity_id.substr(0, 4), "ofac");
  EXPECT_TRUE(HasFault(r, "line 17: wrong block structure: text after the last block ('}}")) << r.findings.size();
}

TEST_F(FormatFaultTest, UnclosedBlocksAndTrailerOnTheFieldLine) {
  MessageScreenResult r = ScreenFile("mt103_out_unclosed_block3.txt");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  EXPECT_EQ(All(r, "52A", "bic").size(), 2u);  // MOSWRUMM: OFAC SDN and consolidated records
  EXPECT_TRUE(HasFault(r, "line 2: block 3 (opened at line 1) is not closed by '}'"));
  EXPECT_TRUE(HasFault(r, "line 13: block 4 is closed by '-}' at the end of the last field's line"));
  EXPECT_TRUE(HasFault(r, "line 14: block 5 (opened at line 13) is not closed by '}'"));
}

TEST_F(FormatFaultTest, BlocksOutOfOrder) {
  MessageScreenResult r = ScreenFile("mt202_block3_first.txt");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  ASSERT_FALSE(All(r, "58A", "bic").empty());
  EXPECT_EQ(All(r, "58A", "bic")[0]->entity_id, "ofac-sdn:906");
  EXPECT_TRUE(HasFault(r, "line 1: wrong block structure: block 2 after block 3"));
}

TEST_F(FormatFaultTest, IsoMessageWrapperWithoutDocument) {
  MessageScreenResult r = ScreenFile("pacs008_message_wrapper.xml");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  EXPECT_FALSE(All(r, "CdtrAgt/FinInstnId/BICFI", "bic").empty());
  EXPECT_TRUE(HasFault(r, "no Document element around the message"));
}

TEST_F(FormatFaultTest, IsoCutOffIsReadElementByElement) {
  MessageScreenResult r = ScreenFile("pacs009_cov_truncated.xml");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  EXPECT_FALSE(All(r, "UndrlygCstmrCdtTrf/CdtrAgt/FinInstnId/BICFI", "bic").empty());
  // The creditor was swallowed by the unclosed CdtrAgt: read from the text all the same.
  auto names = All(r, "unparsed", "name");
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0]->entity_id, "ofac-sdn:2676");
  EXPECT_TRUE(HasFault(r, "line 30: XML error: Start-end tags mismatch"));
}

TEST_F(FormatFaultTest, ACleanMessageWithAFaultIsReviewedNeverPassed) {
  std::string clean = Slurp(TestData("mt103_clean.txt"));
  MessageScreenResult r = msg_->Screen(Parse(clean + "\n}}"));
  EXPECT_EQ(r.verdict, Verdict::kReview);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "format");
  EXPECT_EQ(msg_->Screen(Parse(clean)).verdict, Verdict::kPass);
}

TEST_F(FormatFaultTest, NothingReadableIsErrorNeverPass) {
  for (const char* text : {"{1:F01}{2:X}{4:\n-}", "<Document><Unknown><Id>1</Id></Unknown></Document>", "{1:F01"}) {
    auto parsed = ParseMessages(text);
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_FALSE(parsed[0].message) << text;
    EXPECT_EQ(ScreenResultJson(parsed[0], nullptr)["verdict"], "ERROR") << text;
  }
}

// 2. Every field.

TEST_F(EveryFieldTest, SendingInstitutionAndRegulatoryReporting) {
  MessageScreenResult r = ScreenFile("mt103_51a_77b.txt");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  ASSERT_FALSE(All(r, "51A", "bic").empty());
  EXPECT_EQ(All(r, "51A", "bic")[0]->role, "sending institution");
  auto country = All(r, "77B", "country");  // /BENEFRES/IR//
  ASSERT_EQ(country.size(), 1u);
  EXPECT_EQ(country[0]->value, "IR");
  EXPECT_EQ(country[0]->action, Verdict::kBlock);
}

TEST_F(EveryFieldTest, Mt205CovUnderlyingBeneficiary) {
  PaymentMessage m = Parse(Slurp(TestData("mt205cov_underlying.txt")));
  EXPECT_EQ(m.type, "MT205COV");
  EXPECT_TRUE(m.cover);
  EXPECT_TRUE(m.faults.empty());
  MessageScreenResult r = msg_->Screen(m);
  EXPECT_EQ(r.verdict, Verdict::kReview);
  ASSERT_FALSE(All(r, "59", "name").empty());
  EXPECT_EQ(All(r, "59", "name")[0]->entity_id, "ofac-sdn:2676");
}

TEST_F(EveryFieldTest, Mt199NarrativeIsScannedForNames) {
  PaymentMessage m = Parse(Slurp(TestData("mt199_narrative.txt")));
  EXPECT_EQ(m.type, "MT199");
  EXPECT_TRUE(m.faults.empty());
  MessageScreenResult r = scanning_->Screen(m);
  EXPECT_EQ(r.verdict, Verdict::kReview);
  auto mentions = All(r, "79", "free_text");
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0]->value, "AYMAN AL ZAWAHIRI");
  // Each narrative line is listed, the one with the name as REVIEW.
  const Screened* line = Entry(r, "79", "free_text", "AYMAN AL ZAWAHIRI, CAIRO");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->result, Verdict::kReview);
  EXPECT_EQ(Entry(r, "79", "free_text", "PLEASE AMEND THE BENEFICIARY TO READ")->result, Verdict::kPass);
}

TEST_F(EveryFieldTest, AppHdrSidesRelatedMessageAndBranch) {
  MessageScreenResult r = ScreenFile("pacs008_related_header.xml");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  EXPECT_FALSE(All(r, "AppHdr/Rltd/Fr/FIId/FinInstnId/BICFI", "bic").empty());
  EXPECT_FALSE(All(r, "CdtrAgt/BrnchId", "name").empty());  // Bank Melli Iran
  EXPECT_NE(Entry(r, "AppHdr/Fr", "name", "Kestrel Marine Supplies"), nullptr);  // an OrgId sender
  EXPECT_NE(Entry(r, "CdtrAgt/FinInstnId/BICFI", "bic", "B61NNZT4"), nullptr);   // ISO 9362:2014
  EXPECT_NE(Entry(r, "Cdtr", "country", "CM"), nullptr);                          // "237 CAMEROUN"
}

TEST_F(EveryFieldTest, NamesContinuedOnTheNextLine) {
  PaymentMessage m = Parse(Slurp(TestData("mt103_name_continuation.txt")));
  const Party* ord = nullptr;
  const Party* ben = nullptr;
  for (const auto& p : m.parties) {
    if (p.field == "50K") ord = &p;
    if (p.field == "59") ben = &p;
  }
  ASSERT_TRUE(ord && ben);
  // "LINES" could end the name or start the address: both readings are screened.
  EXPECT_EQ(ord->name, "ISLAMIC REPUBLIC OF IRAN SHIPPING");
  EXPECT_EQ(ord->other_name, "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES");
  // A line of legal forms only ends the name for certain.
  EXPECT_EQ(ben->name, "KESTREL MARINE SUPPLIES LIMITED");
  EXPECT_TRUE(ben->other_name.empty());  // "1 CANADA SQUARE" is an address
  MessageScreenResult r = msg_->Screen(m);
  bool irisl = false;
  for (const auto* h : All(r, "50K", "name"))
    irisl = irisl || (h->entity_id == "ofac-sdn:25396" && h->value == ord->other_name && h->score >= 0.99);
  EXPECT_TRUE(irisl);
  const Screened* second = Entry(r, "50K", "name", ord->other_name);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second->note.find("second reading"), std::string::npos);
}

TEST_F(EveryFieldTest, CountryNamesInOtherLanguages) {
  MessageScreenResult r = ScreenFile("mt103_country_names.txt");
  EXPECT_EQ(r.verdict, Verdict::kBlock);
  auto syria = All(r, "50K", "country");  // "DAMAS, SYRIE"
  ASSERT_EQ(syria.size(), 1u);
  EXPECT_EQ(syria[0]->value, "SY");
  EXPECT_NE(Entry(r, "59", "country", "CM"), nullptr);  // "237 CAMEROUN"
}

TEST_F(EveryFieldTest, JsonListsEverythingScreened) {
  auto parsed = ParseMessages(Slurp(TestData("mt103_51a_77b.txt")));
  ASSERT_TRUE(parsed[0].message);
  MessageScreenResult r = scanning_->Screen(*parsed[0].message);
  nlohmann::json j = ScreenResultJson(parsed[0], &r);
  ASSERT_TRUE(j["screened"].is_array());
  EXPECT_EQ(j["checks"], j["screened"].size());
  std::set<std::string> seen;
  for (const auto& s : j["screened"]) {
    seen.insert(s["field"].get<std::string>() + " " + s["check"].get<std::string>());
    EXPECT_TRUE(s.contains("role") && s.contains("value") && s.contains("result")) << s.dump();
  }
  for (const char* want : {"{1:} bic", "{2:} bic", "50K name", "50K country", "50K address", "51A bic", "59 name",
                           "59 country", "77B country", "77B free_text"})
    EXPECT_TRUE(seen.count(want)) << want << " in " << j["screened"].dump();
  bool blocked_51a = false;
  for (const auto& s : j["screened"]) blocked_51a = blocked_51a || (s["field"] == "51A" && s["result"] == "BLOCK");
  EXPECT_TRUE(blocked_51a);
}

// 3. No false blocks, few false reviews.

TEST_F(FalseHitTest, StreetNamedAfterAPlaceIsNoCountry) {
  MessageScreenResult r = ScreenFile("mt103_havana_street.txt");
  EXPECT_EQ(r.verdict, Verdict::kReview);  // never BLOCK
  // A street of a party whose country is known to be elsewhere: no finding at all.
  EXPECT_TRUE(All(r, "50K", "address").empty());
  const Screened* street = Entry(r, "50K", "address", "HAVANA STREET, AURORA, CO, US");
  ASSERT_NE(street, nullptr);
  EXPECT_EQ(street->result, Verdict::kPass);
  EXPECT_NE(street->note.find("names a street"), std::string::npos);
  // A place in an unstructured line that is not shown to be the town or country: review.
  auto unstructured = All(r, "59", "address");
  ASSERT_EQ(unstructured.size(), 1u);
  EXPECT_EQ(unstructured[0]->action, Verdict::kReview);
  // A street named in free text: review, not block.
  ASSERT_EQ(All(r, "70", "free_text").size(), 1u);
  EXPECT_EQ(All(r, "70", "free_text")[0]->action, Verdict::kReview);
  // The structured street (ISO StrtNm) of a debtor in Aurora, US.
  MessageScreenResult iso = ScreenFile("pacs008_message_wrapper.xml");
  EXPECT_TRUE(All(iso, "Dbtr", "address").empty());
}

TEST_F(FalseHitTest, ThePlaceAsTownOrCountryStillBlocks) {
  auto mt = [](const std::string& beneficiary) {
    return "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:T1\n:32A:261128EUR1000,\n:59:/123\n" + beneficiary +
           "\n-}";
  };
  EXPECT_EQ(ScreenFile("mt103_sevastopol.txt").verdict, Verdict::kBlock);  // last line SEVASTOPOL
  EXPECT_EQ(msg_->Screen(Parse(mt("OLENA PETRENKO\nVUL. LENINA 14, SEVASTOPOL 299011"))).verdict, Verdict::kBlock);
  EXPECT_EQ(msg_->Screen(Parse(mt("JUAN PEREZ\nCALLE 23 NO 105\nHAVANA, CUBA"))).verdict, Verdict::kBlock);
  // A street in Kyiv named after Crimea is no address in Crimea: review at most.
  EXPECT_EQ(msg_->Screen(Parse(mt("OLENA PETRENKO\nKRYMSKA STREET 3\nKYIV UA"))).verdict, Verdict::kPass);
  EXPECT_EQ(msg_->Screen(Parse(mt("OLENA PETRENKO\nCRIMEA STREET 3, KYIV UA"))).verdict, Verdict::kReview);
}

TEST_F(FalseHitTest, PlaceholderNamesAndWeakAliasesRaiseNothing) {
  auto messages = ParseAll(Slurp(TestData("mt103_placeholder_names.rje")));
  ASSERT_EQ(messages.size(), 2u);
  MessageScreenResult first = msg_->Screen(messages[0]);
  EXPECT_EQ(first.verdict, Verdict::kPass);
  for (const char* name : {"CORPORATION A", "BANK A", "CORPORATION B"}) {
    bool placeholder = false;
    for (const auto& s : first.screened)
      placeholder = placeholder || (s.value == name && s.note.find("placeholder") != std::string::npos);
    EXPECT_TRUE(placeholder) << name;
  }
  // "CORPORATION AA" is no "AA ... FZE" (legal forms of another kind); "ABC CORPORATION" meets
  // only OFAC's weak alias "ABC LLC", one word.
  const Screened* aa = Entry(first, "57D", "name", "CORPORATION AA");
  ASSERT_NE(aa, nullptr);
  EXPECT_NE(aa->note.find("legal forms of another kind (CORP vs FZE)"), std::string::npos) << aa->note;
  const Screened* abc = Entry(first, "59", "name", "ABC CORPORATION");
  ASSERT_NE(abc, nullptr);
  EXPECT_NE(abc->note.find("low-quality alias 'ABC LLC', which is one word"), std::string::npos) << abc->note;
  MessageScreenResult second = msg_->Screen(messages[1]);
  // "DAVE" is a one-word low-quality UN alias: set aside.
  const Screened* dave = Entry(second, "50K", "name", "DAVE");
  ASSERT_NE(dave, nullptr);
  EXPECT_EQ(dave->result, Verdict::kPass);
  EXPECT_NE(dave->note.find("low-quality alias 'Dave', which is one word"), std::string::npos) << dave->note;
  // "TANGO ROMEO", a two-word low-quality alias matched word for word (UN, and each list that
  // copies the record): review, never block.
  auto tango = All(second, "59", "name");
  ASSERT_FALSE(tango.empty());
  for (const Finding* f : tango) {
    EXPECT_EQ(f->action, Verdict::kReview) << f->entity_id;
    EXPECT_NE(f->reason.find("low-quality alias"), std::string::npos) << f->reason;
  }
  EXPECT_EQ(second.verdict, Verdict::kReview);
}

// A name spelt out letter by letter is the name, as the normaliser reads it, not single letters
// of a placeholder ("V L A D I M I R P U T I N" passed as "no distinctive word").
TEST_F(FalseHitTest, ANameSpeltOutLetterByLetterIsNoPlaceholder) {
  for (std::string name : {"V L A D I M I R P U T I N", "S B E R B A N K", "S.B.E.R.B.A.N.K", "H I Z B A L L A H"}) {
    EXPECT_FALSE(IsPlaceholderName(name)) << name;
    std::string mt = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:T1\n:32A:261128EUR1000,\n"
                     ":59:/DE44500105175407324931\n" + name + "\n-}";
    EXPECT_NE(msg_->Screen(Parse(mt)).verdict, Verdict::kPass) << name;
    std::string xml = Slurp(TestData("pacs008_clean.xml"));
    const std::string from = "<Cdtr><Nm>Klaus Bergmann</Nm>";
    xml.replace(xml.find(from), from.size(), "<Cdtr><Nm>" + name + "</Nm>");
    EXPECT_NE(msg_->Screen(Parse(xml)).verdict, Verdict::kPass) << name;
  }
  // Initials and spelt-out generic words stay placeholders.
  for (const char* name : {"A B C", "B A N K", "CORPORATION A B"}) EXPECT_TRUE(IsPlaceholderName(name)) << name;
}

// An alias the UK gives without a quality and OFAC's record of the same person marks weak
// ("THE SKULL", Vassil BOJKOV) is judged as a weak alias on the UK's record too: review only.
TEST_F(FalseHitTest, AnAliasWeakOnALinkedRecordIsJudgedWeakOnEveryRecord) {
  MatchOptions separate;
  separate.merge_linked = false;
  Query q;
  q.name = "THE SKULL";
  auto r = screener_->Screen(q, separate);
  ASSERT_TRUE(r.ok());
  const Hit* uk = nullptr;
  for (const Hit& h : r->hits)
    if (h.entity->id == "uk-ofsi:15737") uk = &h;
  ASSERT_NE(uk, nullptr);
  HitJudgement j = JudgeHit(*screener_, q, *uk, 0.80, NameSource::kParty);
  EXPECT_TRUE(j.keep);
  EXPECT_TRUE(j.weak_alias);
  EXPECT_NE(j.note.find("low-quality alias of the listed entity, matched exactly: review only"), std::string::npos)
      << j.note;
}

// The judgement on a hit of `query` on the listed name `listed` (an organisation scored 0.84).
HitJudgement JudgeOn(const Screener& screener, const std::string& query, const std::string& listed,
                     NameSource source = NameSource::kParty) {
  static Entity e;
  e.id = "test:1";
  e.schema = Schema::kOrganization;
  e.names = {Name{listed, NameKind::kPrimary}};
  Hit h;
  h.entity = &e;
  h.matched_name = listed;
  h.score = 0.84;
  Query q;
  q.name = query;
  return JudgeHit(screener, q, h, 0.80, source);
}

TEST_F(FalseHitTest, OneShortWordOrOneWordLineMatchesOnlyAsWritten) {
  // A short word met by sound (foo ~ phu, sa ~ sha): set aside, saying why.
  HitJudgement foo = JudgeOn(*screener_, "FOO SA", "PHU SHA STAR");
  EXPECT_FALSE(foo.keep);
  EXPECT_NE(foo.note.find("one distinctive word 'foo' is not in the listed name 'PHU SHA STAR'"), std::string::npos)
      << foo.note;
  EXPECT_TRUE(JudgeOn(*screener_, "ABC SA", "ABC SA").keep);          // the word as written
  EXPECT_TRUE(JudgeOn(*screener_, "FOO BAR SA", "PHU BAR SA").keep);  // two words: the scorer decides
  // A word standing alone on a free-text line is not known to be a name: only word for word.
  HitJudgement transfer = JudgeOn(*screener_, "TRANSFER", "TRANSSPHERE OY", NameSource::kTextLine);
  EXPECT_FALSE(transfer.keep);
  EXPECT_NE(transfer.note.find("a line of free text matches only word for word"), std::string::npos) << transfer.note;
  EXPECT_TRUE(JudgeOn(*screener_, "TRANSFER", "TRANSSPHERE OY").keep);  // as a party's name, a long word may be misspelt
  EXPECT_TRUE(JudgeOn(*screener_, "ROSNEFT", "ROSNEFT OAO", NameSource::kTextLine).keep);
  // Through the message: a one-word remittance line screened as a name finds a listed one-word
  // name only as written.
  auto mt = [](const std::string& remittance) {
    return "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:T1\n:32A:261128EUR1000,\n:59:/123\nJANE ROE\n"
           ":70:" + remittance + "\n-}";
  };
  EXPECT_EQ(msg_->Screen(Parse(mt("ROSNEFT"))).verdict, Verdict::kReview);
}

TEST_F(FalseHitTest, TheRulesKeepRealHits) {
  auto mt = [](const std::string& beneficiary) {
    return "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:T1\n:32A:261128EUR1000,\n:59:/123\n" + beneficiary +
           "\n-}";
  };
  // The listed name with its own legal form, a listed bank whose name starts with a generic word,
  // a weak alias spelt differently whose entity's other names do not match.
  EXPECT_EQ(msg_->Screen(Parse(mt("AQUANIKA LLC"))).verdict, Verdict::kReview);
  EXPECT_EQ(msg_->Screen(Parse(mt("BANK MELLI IRAN"))).verdict, Verdict::kReview);
  EXPECT_EQ(msg_->Screen(Parse(mt("TANGO ROMEOS"))).verdict, Verdict::kPass);
  EXPECT_EQ(msg_->Screen(Parse(mt("BOSCO NTAGANDA"))).verdict, Verdict::kReview);  // the primary name
}

}  // namespace
}  // namespace embargo::payments
