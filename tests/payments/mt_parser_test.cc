// SWIFT MT parser: the public samples in ../shared/data/payments, hand-written messages, bad input.
#include "payments/mt/mt_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "payments/parse.h"
#include "payment_test_files.h"

namespace embargo::payments {
namespace {

const Party* ByField(const PaymentMessage& m, const std::string& field, size_t nth = 0) {
  for (const auto& p : m.parties)
    if (p.field == field && nth-- == 0) return &p;
  return nullptr;
}

// Free text besides the references and information fields (20, 21, 13C, 23E, 26T), which are
// screened as text too.
std::vector<FreeText> Narrative(const PaymentMessage& m) {
  std::vector<FreeText> out;
  for (const auto& t : m.free_text)
    if (t.field != "20" && t.field != "21" && t.field != "13C" && t.field != "23E" && t.field != "26T" &&
        !t.field.starts_with("{"))  // header and trailer values ({3:}108) are screened, not narrative
      out.push_back(t);
  return out;
}

PaymentMessage ParseOk(const std::string& text) {
  auto m = ParseMt(text);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : PaymentMessage{};
}

std::string ParseError(const std::string& text) {
  auto m = ParseMt(text);
  EXPECT_FALSE(m.ok()) << "parsed although nothing is readable";
  return m.ok() ? "" : m.status().message();
}

// The format faults of a message that is read all the same, joined by " | ".
std::string Faults(const std::string& text) {
  auto m = ParseMt(text);
  EXPECT_TRUE(m.ok()) << m.status().message();
  std::string out;
  if (m.ok())
    for (const auto& f : m->faults) out += (out.empty() ? "" : " | ") + f.Text();
  EXPECT_FALSE(out.empty()) << "no fault found in " << text;
  return out;
}

TEST(MtParserSamples, Mt103StpPartiesAndFreeText) {
  REQUIRE_SHARED(Shared("mt103_stp.txt"));
  PaymentMessage m = ParseOk(Slurp(Shared("mt103_stp.txt")));
  EXPECT_EQ(m.type, "MT103");
  EXPECT_EQ(m.reference, "STP2024123456");
  EXPECT_EQ(m.currency, "USD");
  EXPECT_EQ(m.amount, "1500000,00");
  EXPECT_EQ(m.uetr, "180f1e65-90e0-44d5-a49a-92b55eb3025f");
  ASSERT_EQ(m.parties.size(), 8u);  // sender, receiver, 50K, 52A, 53A, 54A, 57A, 59A
  EXPECT_EQ(ByField(m, "{1:}")->bic, "CHASUS33XXX");
  EXPECT_EQ(ByField(m, "{2:}")->bic, "DEUTDEFFXXX");
  const Party* ord = ByField(m, "50K");
  ASSERT_NE(ord, nullptr);
  EXPECT_EQ(ord->name, "GLOBAL TECH CORPORATION");
  EXPECT_EQ(ord->account, "1234567890");
  EXPECT_EQ(ord->address_lines, (std::vector<std::string>{"456 INNOVATION DRIVE", "SAN FRANCISCO CA 94105 US"}));
  EXPECT_EQ(ord->country, "US");
  EXPECT_EQ(ByField(m, "52A")->bic, "CHASUS33");
  EXPECT_EQ(ByField(m, "53A")->bic, "BNPAFRPP");
  EXPECT_EQ(ByField(m, "54A")->bic, "DEUTDEFF");
  const Party* ben = ByField(m, "59A");
  EXPECT_EQ(ben->bic, "DEUTDEFF");
  EXPECT_EQ(ben->account, "DE89370400440532013000");
  EXPECT_EQ(ben->role, "beneficiary customer");
  ASSERT_EQ(Narrative(m).size(), 3u);
  EXPECT_EQ(Narrative(m)[0].field, "70");
  EXPECT_EQ(Narrative(m)[0].lines.size(), 4u);
  EXPECT_EQ(Narrative(m)[2].field, "77B");
  // 77B regulatory reporting: the country code is a country, the narrative is text.
  EXPECT_EQ(Narrative(m)[2].countries, std::vector<std::string>{"DE"});
  EXPECT_EQ(Narrative(m)[2].lines[0], "REGULATORY INFO");
}

TEST(MtParserSamples, Mt103NormalDOptionAgentsAndNotProvided) {
  REQUIRE_SHARED(Shared("mt103_norm_2.txt"));
  PaymentMessage m = ParseOk(Slurp(Shared("mt103_norm_2.txt")));
  ASSERT_EQ(m.parties.size(), 8u);
  // "NOTPROVIDED" is a placeholder, not the institution's name.
  EXPECT_EQ(ByField(m, "52D")->name, "Ordering Institution Name");
  EXPECT_EQ(ByField(m, "53D")->name, "Sender's Correspondent Name");
  EXPECT_EQ(ByField(m, "57D")->address_lines.size(), 2u);
  EXPECT_TRUE(ByField(m, "57D")->institution);
  const Party* ben = ByField(m, "59");
  EXPECT_EQ(ben->name, "Jane Smith");
  EXPECT_FALSE(ben->institution);
  EXPECT_EQ(ByField(m, "50K")->name, "John Doe");

  REQUIRE_SHARED(Shared("mt103_norm.txt"));
  PaymentMessage n = ParseOk(Slurp(Shared("mt103_norm.txt")));
  EXPECT_EQ(n.parties.size(), 7u);
  EXPECT_EQ(ByField(n, "56D")->name, "INTERMEDIARY BANK");
  EXPECT_EQ(ByField(n, "56D")->country, "DE");  // "FRANKFURT GERMANY"
  EXPECT_EQ(ByField(n, "52D")->country, "BE");  // "BRUSSELS BELGIUM"
  EXPECT_EQ(ByField(n, "50K")->country, "");    // "City, Country" names no country
}

TEST(MtParserSamples, Mt202CoreAndCover) {
  REQUIRE_SHARED(Shared("mt202_core.txt"));
  PaymentMessage core = ParseOk(Slurp(Shared("mt202_core.txt")));
  EXPECT_EQ(core.type, "MT202");
  EXPECT_FALSE(core.cover);
  ASSERT_EQ(core.parties.size(), 7u);
  EXPECT_EQ(ByField(core, "53A")->account, "CH/987654321");
  EXPECT_EQ(ByField(core, "53A")->bic, "BNPAFRPPXXX");
  EXPECT_EQ(ByField(core, "58A")->bic, "CHASUS33XXX");

  PaymentMessage cov = ParseOk(Slurp(Shared("mt202_cov.txt")));
  EXPECT_EQ(cov.type, "MT202COV");
  EXPECT_TRUE(cov.cover);
  EXPECT_EQ(ByField(cov, "58A")->account, "SG56HSBC000012345678");
  EXPECT_EQ(ByField(cov, "50K")->name, "ACME CORPORATION");
  EXPECT_EQ(ByField(cov, "50K")->country, "US");  // a last line "US"
  EXPECT_EQ(ByField(cov, "59")->name, "SINGAPORE TECH PTE LTD");

  PaymentMessage retn = ParseOk(Slurp(Shared("mt202_retn.txt")));
  EXPECT_EQ(ByField(retn, "53B")->account, "1234567890");
  EXPECT_EQ(ByField(retn, "57B")->address_lines, std::vector<std::string>{"BARCLAYS BANK LOCATION"});
  EXPECT_EQ(ByField(retn, "57B")->account, "I/GB29BARC20001234567890");
}

TEST(MtParserSamples, EveryPublicMtFileParses) {
  REQUIRE_SHARED(Shared("mt202_minimal.txt"));
  for (const char* f : {"mt103_norm.txt", "mt103_norm_2.txt", "mt103_rejt.txt", "mt103_retn.txt", "mt103_stp.txt",
                        "mt202_core.txt", "mt202_cov.txt", "mt202_minimal.txt", "mt202_rejt.txt", "mt202_retn.txt",
                        "mt202_serial.txt"}) {
    auto parsed = ParseMessages(Slurp(Shared(f)));
    ASSERT_EQ(parsed.size(), 1u) << f;
    EXPECT_TRUE(parsed[0].status.ok()) << f << ": " << parsed[0].status.message();
  }
}

TEST(MtParserSamples, RjeBatchOfThirteenWithStrayBrace) {
  REQUIRE_SHARED(Shared("MT103-out-ack.rje"));
  auto parsed = ParseMessages(Slurp(Shared("MT103-out-ack.rje")));
  ASSERT_EQ(parsed.size(), 13u);
  size_t warned = 0;
  for (const auto& p : parsed) {
    ASSERT_TRUE(p.message) << p.first_line << ": " << p.status.message();
    EXPECT_EQ(p.message->type, "MT103");
    warned += !p.message->warnings.empty();
  }
  EXPECT_EQ(warned, 1u);  // the message ending "-}{"
  EXPECT_EQ(parsed[0].first_line, 1u);
  EXPECT_EQ(parsed[1].first_line, 23u);
  const PaymentMessage& first = *parsed[0].message;
  // Output message: the sender is in block 2's message input reference, the receiver in block 1.
  EXPECT_EQ(ByField(first, "{2:}")->bic, "BBBBUS3NXXX");
  EXPECT_EQ(ByField(first, "{2:}")->role, "sender");
  EXPECT_EQ(ByField(first, "{1:}")->bic, "BICFOOYYXXX");
  EXPECT_EQ(ByField(first, "50K")->name, "FOO CAPITAL MARKETS LP");
  EXPECT_EQ(ByField(first, "52D")->name, "NORTH FOO BANK");
  EXPECT_EQ(ByField(first, "59")->name, "MERCADOS Y GESTION DE VALORES SA");
  EXPECT_EQ(ByField(first, "59")->account, "00123456789012345678");
  EXPECT_EQ(ByField(first, "59")->line, 11u);
  const PaymentMessage& ninth = *parsed[9].message;
  EXPECT_EQ(ByField(ninth, "54A")->bic, "BICFOOYY");
  ASSERT_EQ(ByField(ninth, "54A")->ids.size(), 1u);
  EXPECT_EQ(ByField(ninth, "54A")->ids[0].value, "RT");  // "//RT" clearing code
}

TEST(MtParserSamples, RjeWithAcknowledgements) {
  REQUIRE_SHARED(Shared("MT103-bulk-with-ack.rje"));
  auto parsed = ParseMessages(Slurp(Shared("MT103-bulk-with-ack.rje")));
  ASSERT_EQ(parsed.size(), 3u);
  std::vector<std::string> names;
  for (const auto& p : parsed) {
    ASSERT_TRUE(p.message) << p.status.message();
    names.push_back(ByField(*p.message, "50K")->name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ANANANANANANA", "OLD MUTUAL GENERAL INSURAN"}));
  EXPECT_EQ(ByField(*parsed[1].message, "50K")->country, "NG");
  EXPECT_EQ(parsed[1].message->reference, "C4772342333");
}

TEST(MtParserHandWritten, CrlfAnd50FNumberedLines) {
  PaymentMessage m = ParseOk(Slurp(TestData("mt103_sdn_beneficiary.txt")));
  const Party* ben = ByField(m, "59F");
  ASSERT_NE(ben, nullptr);
  EXPECT_EQ(ben->name, "AYMAN AL ZAWAHIRI");  // no '\r' left from CRLF
  EXPECT_EQ(ben->account, "DE44500105175407324931");
  EXPECT_EQ(ben->country, "EG");
  EXPECT_EQ(ben->town, "CAIRO");
  EXPECT_EQ(ben->birth_date, "19510619");
  EXPECT_EQ(ben->nature, PartyNature::kPerson);
  EXPECT_EQ(ben->line, 11u);
}

TEST(MtParserHandWritten, Field50FAllLines) {
  std::string msg =
      "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:R1\n:32A:261128EUR1,\n"
      ":55A:DEUTDEFF\n:50F:CCPT/DE/C01X00T47\n1/MUELLER, HANS\n1/PETER\n2/HAUPTSTR. 1\n3/DE/BERLIN\n4/19700101\n5/AT/WIEN\n"
      "6/DE/BANKX/CUST123\n7/DE/NID998877\n8/ADDITIONAL\n:59:JOHN\n-}";
  PaymentMessage m = ParseOk(msg);
  EXPECT_EQ(ByField(m, "55A")->role, "third reimbursement institution");
  const Party* p = ByField(m, "50F");
  EXPECT_EQ(p->name, "MUELLER, HANS PETER");
  EXPECT_EQ(p->name_lines, (std::vector<std::string>{"MUELLER, HANS", "PETER"}));
  EXPECT_EQ(p->country, "DE");
  EXPECT_EQ(p->town, "BERLIN");
  EXPECT_EQ(p->birth_country, "AT");
  EXPECT_EQ(p->birth_place, "WIEN");
  ASSERT_EQ(p->ids.size(), 3u);
  EXPECT_EQ(p->ids[0].scheme, "CCPT");
  EXPECT_EQ(p->ids[0].value, "C01X00T47");
  EXPECT_EQ(p->ids[1].value, "CUST123");
  EXPECT_EQ(p->ids[2].value, "NID998877");
  EXPECT_EQ(p->address_lines, (std::vector<std::string>{"HAUPTSTR. 1", "ADDITIONAL"}));
}

const char* kHead = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n";

// A BIC's country (characters 5-6) was not checked: DEUTQQFF was a BIC and the message PASS.
TEST(MtParserFaults, ABicInNoCountryIsAFaultAndStillChecked) {
  std::string option_a = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:57A:DEUTQQFF\n:59:X\n-}";
  EXPECT_NE(Faults(option_a).find("line 4, field 57A: 'DEUTQQFF' is not a BIC: QQ (characters 5-6) is no ISO 3166 "
                                  "country; checked as a BIC"), std::string::npos) << Faults(option_a);
  EXPECT_EQ(ByField(ParseOk(option_a), "57A")->bic, "DEUTQQFF");
  std::string header = "{1:F01TESTQQ2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:R1\n:32A:261128EUR1,\n:59:X\n-}";
  EXPECT_NE(Faults(header).find("sender 'TESTQQ2LXXX' is not a BIC: QQ"), std::string::npos) << Faults(header);
  EXPECT_EQ(ByField(ParseOk(header), "{1:}")->bic, "TESTQQ2LXXX");
  std::string output = "{1:F01TESTGB2LAXXX0000000000}{2:O1031535051028ESPBQQMMAXXX54237522470510281535N}{4:\n"
                       ":20:R1\n:32A:261128EUR1,\n:59:X\n-}";
  EXPECT_NE(Faults(output).find("sender 'ESPBQQMMXXX' is not a BIC: QQ"), std::string::npos) << Faults(output);
  // Kosovo's XK, as SWIFT writes it, is a country.
  EXPECT_TRUE(ParseOk(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:57A:RBKOXKPR\n:59:X\n-}").faults.empty());
}

// A BIC's country must be one today: the withdrawn codes lists still give for their records'
// countries (SU, YU, CS, AN) passed as BICs' countries, DEUTSUFF as a BIC.
TEST(MtParserFaults, ABicInAWithdrawnCountryCodeIsAFaultAndStillChecked) {
  for (const char* bic : {"DEUTSUFF", "DEUTYUFF", "DEUTCSFF", "DEUTANFFXXX"}) {
    std::string mt = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:57A:" + bic + "\n:59:X\n-}";
    EXPECT_NE(Faults(mt).find("line 4, field 57A: '" + std::string(bic) + "' is not a BIC: " + std::string(bic).substr(4, 2) +
                              " (characters 5-6) is the withdrawn ISO 3166 code of "),
              std::string::npos) << Faults(mt);
    EXPECT_EQ(ByField(ParseOk(mt), "57A")->bic, bic);
  }
  std::string header = "{1:F01TESTSU2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:R1\n:32A:261128EUR1,\n:59:X\n-}";
  EXPECT_NE(Faults(header).find("sender 'TESTSU2LXXX' is not a BIC: SU (characters 5-6) is the withdrawn ISO 3166 code "
                                "of Soviet Union, no country today"), std::string::npos) << Faults(header);
}

// So must a party's country (50F/59F 3/, a birth country 5/, an identifier's 6/ and 7/, 77B's
// residence): a withdrawn code is a fault, read all the same as the countries it became.
TEST(MtParserFaults, APartysCountryInAWithdrawnCodeIsAFault) {
  const std::string base = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n";
  const std::string f50 = base + ":50F:/12345\n1/IVANOV IVAN\n3/SU/MOSCOW\n:59:X\n-}";
  EXPECT_NE(Faults(f50).find("field 50F: 'SU' is the withdrawn ISO 3166 code of Soviet Union, no country today"),
            std::string::npos) << Faults(f50);
  EXPECT_EQ(ByField(ParseOk(f50), "50F")->country, "SU");
  for (const char* line : {"5/YU/BELGRADE", "6/CS/POLICE/1234", "7/AN/1234"}) {
    const std::string mt = base + ":50F:/12345\n1/IVANOV IVAN\n3/RU/MOSCOW\n" + line + "\n:59:X\n-}";
    EXPECT_NE(Faults(mt).find("field 50F: '" + std::string(line).substr(2, 2) + "' is the withdrawn ISO 3166 code"),
              std::string::npos) << line << ": " << Faults(mt);
  }
  // One fault for a code given twice (3/ and 6/).
  const std::string twice = base + ":50F:/12345\n1/IVANOV IVAN\n3/SU/MOSCOW\n6/SU/POLICE/1234\n:59:X\n-}";
  EXPECT_EQ(ParseOk(twice).faults.size(), 1u) << Faults(twice);
  const std::string b77 = base + ":59:X\n:77B:/BENEFRES/SU//\n-}";
  EXPECT_NE(Faults(b77).find("field 77B: 'SU' is the withdrawn ISO 3166 code"), std::string::npos) << Faults(b77);
  // Countries of today raise nothing (Kosovo's XK among them).
  EXPECT_TRUE(ParseOk(base + ":50F:/12345\n1/IVANOV IVAN\n3/XK/PRISTINA\n5/RU/MOSCOW\n:59:X\n:77B:/BENEFRES/RU//\n-}")
                  .faults.empty());
}

// Regression: a 59 (50K, 57D) holding an account and no name line was read as a party with
// nothing to screen by name, a message that passed; its name and address lines (4*35x) are
// mandatory, so it is a fault naming the field.
TEST(MtParserFaults, APartyWithAnAccountAndNoNameIsAFault) {
  const std::string base = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n";
  for (const char* party : {":59:/DE89370400440532013000", ":50K:/123456789\nNOTPROVIDED\n:59:X",
                            ":57D:/123456789\n:59:X"}) {
    const std::string mt = base + party + "\n-}";
    std::string field = std::string(party).substr(1, 3);
    if (field.back() == ':') field.pop_back();
    EXPECT_NE(Faults(mt).find("field " + field + ": no name (4*35x after the account): the party is not screened by name"),
              std::string::npos) << party << ": " << Faults(mt);
  }
  EXPECT_TRUE(ParseOk(base + ":57D:/123456789\nDEUTSCHE BANK\n:59:/DE89370400440532013000\nKLAUS BERGMANN\n-}")
                  .faults.empty());
}

// A currency was only checked for three capital letters: 32A's ABC or 33B's XYZ passed.
TEST(MtParserFaults, ACurrencyIso4217DoesNotKnowIsAFault) {
  std::string base = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:33B:USD1,\n:71F:GBP0,5\n:71G:CHF0,5\n:59:X\n-}";
  PaymentMessage clean = ParseOk(base);
  EXPECT_TRUE(clean.faults.empty()) << FaultText(clean.faults, 1);
  EXPECT_EQ(clean.currency, "EUR");
  for (const auto& [from, to, fault] :
       {std::tuple{"32A:261128EUR", "32A:261128ABC", "line 3, field 32A: 'ABC' is not an ISO 4217 currency code"},
        {"33B:USD", "33B:XYZ", "line 4, field 33B: 'XYZ' is not an ISO 4217 currency code"},
        {"71F:GBP", "71F:QQQ", "line 5, field 71F: 'QQQ' is not an ISO 4217 currency code"},
        {"71G:CHF", "71G:EUX", "line 6, field 71G: 'EUX' is not an ISO 4217 currency code"}}) {
    std::string text = base;
    text.replace(text.find(from), std::string(from).size(), to);
    EXPECT_NE(Faults(text).find(fault), std::string::npos) << Faults(text);
  }
  std::string unknown = base;
  unknown.replace(unknown.find("EUR1,"), 3, "ABC");
  EXPECT_EQ(ParseOk(unknown).currency, "") << "no currency is taken for the payment's";
  EXPECT_EQ(ParseOk(unknown).amount, "1,");
}

// An MT amount (15d) has a decimal comma and at most 15 characters with it, and no more decimals
// than its currency has (SWIFT rules T40, T43, C03): "1234567890123456,", JPY "1000,50" and EUR
// "1,505" were read as amounts and raised no fault.
TEST(MtParserFaults, AnAmountTheFieldCannotHoldIsAFault) {
  std::string base = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:33B:USD1,\n:71F:GBP0,5\n:71G:CHF0,5\n:59:X\n-}";
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = base;
    return text.replace(text.find(from), from.size(), to);
  };
  for (const auto& [from, to, fault] :
       {std::tuple{"32A:261128EUR1,", "32A:261128EUR1,505", "line 3, field 32A: '1,505' has more decimals than EUR has (2)"},
        {"32A:261128EUR1,", "32A:261128JPY1000,50", "line 3, field 32A: '1000,50' has more decimals than JPY has (0)"},
        {"32A:261128EUR1,", "32A:261128EUR1234567890123456,", "line 3, field 32A: '1234567890123456,' is longer than"},
        {"33B:USD1,", "33B:USD1,001", "line 4, field 33B: '1,001' has more decimals than USD has (2)"},
        {"71F:GBP0,5", "71F:GBP12345678901234,5", "line 5, field 71F: '12345678901234,5' is longer than"},
        {"71G:CHF0,5", "71G:CHF0,555", "line 6, field 71G: '0,555' has more decimals than CHF has (2)"}}) {
    std::string text = with(from, to);
    EXPECT_NE(Faults(text).find(fault), std::string::npos) << to << ": " << Faults(text);
  }
  for (const char* good : {"32A:261128JPY1000,", "32A:261128KWD1,505", "32A:261128EUR123456789012,34"}) {
    PaymentMessage m = ParseOk(with("32A:261128EUR1,", good));
    EXPECT_TRUE(m.faults.empty()) << good << ": " << FaultText(m.faults, 1);
  }
  // A value date no calendar has was read as one (261399, 250230); 29 February only in a leap year.
  for (const char* bad : {"261399", "250230", "250229", "261100"}) {
    std::string text = with("32A:261128", std::string("32A:") + bad);
    EXPECT_NE(Faults(text).find(std::string("line 3, field 32A: '") + bad + "' is no date (YYMMDD)"), std::string::npos)
        << bad << ": " << Faults(text);
    EXPECT_EQ(ParseOk(text).value_date, "") << bad;
  }
  EXPECT_TRUE(ParseOk(with("32A:261128", "32A:240229")).faults.empty());
  // An exchange rate longer than 36's 12 characters (12d) was read as one.
  EXPECT_NE(Faults(with("33B:USD1,", "33B:USD1,\n:36:1234567890,12")).find("'1234567890,12' is not what field 36 holds"),
            std::string::npos);
  EXPECT_TRUE(ParseOk(with("33B:USD1,", "33B:USD1,\n:36:1,0909")).faults.empty());
  // No decimal comma, or a dot for one: not an amount, as before.
  EXPECT_NE(Faults(with("32A:261128EUR1,", "32A:261128EUR250.")).find("line 3, field 32A: expected date"), std::string::npos);
  EXPECT_NE(Faults(with("33B:USD1,", "33B:USD1")).find("line 4, field 33B: 'USD1' is not what field 33B holds"),
            std::string::npos);
}

TEST(MtParserFaults, NameLineAndTagAndReadTheRest) {
  auto has = [](const std::string& faults, const std::string& what) {
    EXPECT_NE(faults.find(what), std::string::npos) << faults;
  };
  // Truncated: block 4 never closed; its fields are still read.
  std::string truncated = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:X\n";
  has(Faults(truncated), "line 4: truncated message: block 4 (opened at line 1) is not closed by '-}'");
  EXPECT_EQ(ParseOk(truncated).reference, "R1");
  // Missing block 4: the header BICs are still screened.
  has(Faults("{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{3:{108:A}}"), "missing block 4");
  // Wrong block structure: block 2 before block 1, text between blocks.
  has(Faults("{2:I103TESTDEFFXXXXN}{1:F01TESTGB2LAXXX0000000000}{4:\n:20:R\n-}"),
      "line 1: wrong block structure: block 1 after block 2");
  has(Faults("{1:F01TESTGB2LAXXX0000000000}xx{2:I103TESTDEFFXXXXN}"), "line 1: wrong block structure: text between blocks ('xx')");
  // A user header that is not '{tag:value}' fields may hide its flags ({119:COV}).
  for (const char* user : {"{3:garbage}", "{3:{108:{{{AB}}}}}", "{3:{119COV}}"})
    has(Faults("{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}" + std::string(user) + "{4:\n:20:R\n:32A:261128EUR1,\n:59:X\n-}"),
        "field {3:}: expected '{tag:value}' fields in the user header");
  EXPECT_TRUE(ParseOk("{1:F01TESTGB2LAXXX0000000000}{2:I202TESTDEFFXXXXN}{3:{108:A B}{121:e}}{4:\n:20:R\n:21:X\n"
                      ":32A:261128EUR1,\n:58A:DEUTDEFFXXX\n-}").faults.empty());
  // Unsupported message type: read by the meaning its fields have in the supported types.
  std::string mt940 = "{1:F01TESTGB2LAXXX0000000000}{2:I940TESTDEFFXXXXN}{4:\n:20:R\n:59:JOHN\n-}";
  has(Faults(mt940), "unsupported message type 'MT940'");
  EXPECT_EQ(ByField(ParseOk(mt940), "59")->name, "JOHN");
  // A character outside the X set names line, field and column; the line is read all the same.
  std::string bad = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:JOHN & SONS\n-}";
  has(Faults(bad), "line 4, field 59: invalid character '&'");
  EXPECT_EQ(ByField(ParseOk(bad), "59")->name, "JOHN & SONS");
  has(Faults(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:JOHN\nM\xC3\xBCNCHEN\n-}"),
      "line 5, field 59: invalid character byte 0xC3");
  // Mandatory fields.
  has(Faults(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n-}"), "field 59 missing");
  has(Faults(std::string(kHead) + ":32A:261128EUR1,\n:59:X\n-}"), "field 20 missing");
  has(Faults(std::string(kHead) + ":20:R\n:59:X\n-}"), "field 32A missing");
  has(Faults("{1:F01TESTGB2LAXXX0000000000}{2:I202TESTDEFFXXXXN}{4:\n:20:R\n:21:X\n:32A:261128EUR1,\n-}"), "field 58 missing");
  has(Faults("{1:F01TESTGB2LAXXX0000000000}{2:I202TESTDEFFXXXXN}{4:\n:20:R\n:32A:261128EUR1,\n:58A:DEUTDEFF\n-}"),
      "field 21 missing");
  // Unreadable values.
  has(Faults(std::string(kHead) + ":20:R1\n:32A:26112EUR1.00\n:59:X\n-}"), "line 3, field 32A: expected date YYMMDD");
  std::string not_bic = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:57A:NOT A BIC\n:59:X\n-}";
  has(Faults(not_bic), "field 57A: 'NOT A BIC' is not a BIC");
  EXPECT_EQ(ByField(ParseOk(not_bic), "57A")->name, "NOT A BIC");  // screened as a name
  has(Faults(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59B:X\n-}"), "field 59B: option B is not defined");
  // An empty line inside a field is a fault; one before a tag or the end of the block is not.
  has(Faults(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:JOHN SMITH\n\nVLADIMIR PUTIN\n-}"),
      "line 5, field 59: empty line inside field 59");
  EXPECT_TRUE(ParseOk(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n\n:59:JOHN SMITH\n\n-}").faults.empty());
  // Lines of 35 characters, as many as the field holds: a name cut at another width (36 here)
  // would not be read joined to the next line.
  const std::string body = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:/DE89370400440532013000\nJOHN SMITH\n";
  has(Faults(body + ":70:PAYMENT FOR THE PARTS TO ROSOBORONEX\nPORT INVOICE 7\n-}"),
      "line 6, field 70: a line of 36 characters, more than the 35");
  has(Faults(body + ":70:A\nB\nC\nD\nE\n-}"), "line 6, field 70: 5 lines, more than the 4 field 70 holds");
  has(Faults(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:JOHN\nA\nB\nC\nD\n-}"), "field 59: 5 lines, more than the 4");
  EXPECT_TRUE(ParseOk(body + ":70:PAYMENT FOR THE PARTS TO ROSOBORONE\nXPORT INVOICE 7\n:72:/A/\n//B\n//C\n//D\n//E\n//F\n-}").faults.empty());
  // Nothing readable at all: an error, never a message.
  EXPECT_NE(ParseError("").find("empty"), std::string::npos);
  EXPECT_NE(ParseError("{1:XYZ}").find("line 1, field {1:}: block 1: expected 'F01'"), std::string::npos);
}

// The shapes of broken messages seen in real samples: a sanctioned BIC in each must still be read.
TEST(MtParserFaults, BrokenShapesKeepEveryField) {
  const std::string head = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}";
  const std::string fields = ":20:T1\n:32A:261128EUR1000,\n:57A:MOSWRUMM\n:59:JANE ROE\n:71A:SHA";
  struct Case {
    std::string text, fault;
  };
  const Case cases[] = {
      {head + "{4:\n" + fields + "\n-}}}\n", "line 7: wrong block structure: text after the last block ('}}')"},
      {head + "{4:\n" + fields + "\n-}\nTRAILING TEXT\n", "text after the last block ('TRAILING TEXT')"},
      {head + "{4:\n" + fields + "-}\n", "line 6: block 4 is closed by '-}' at the end of the last field's line"},
      {head + "{3:{108:REF}{4:\n" + fields + "\n-}", "line 1: block 3 (opened at line 1) is not closed by '}'"},
      {head + "{4:\n" + fields + "\n-}{5:{CHK:123ABC}", "block 5 (opened at line 7) is not closed by '}'"},
      {"{1:F01TESTGB2LAXXX0000000000}{3:{108:REF}}{2:I103TESTDEFFXXXXN}{4:\n" + fields + "\n-}",
       "block 2 after block 3"},
      {head + "{4::20:T1\n:32A:261128EUR1000,\n:57A:MOSWRUMM\n:59:JANE ROE\n-}", "block 4 must start with a line break"},
  };
  for (const auto& c : cases) {
    std::string faults = Faults(c.text);
    EXPECT_NE(faults.find(c.fault), std::string::npos) << faults;
    PaymentMessage m = ParseOk(c.text);
    ASSERT_NE(ByField(m, "57A"), nullptr) << c.text;
    EXPECT_EQ(ByField(m, "57A")->bic, "MOSWRUMM");
    EXPECT_EQ(ByField(m, "59")->name, "JANE ROE");
    EXPECT_EQ(m.reference, "T1");
  }
  // Text outside the blocks is kept as text to screen.
  PaymentMessage junk = ParseOk(head + "{4:\n" + fields + "\n-}\nPAY AYMAN AL ZAWAHIRI\n");
  ASSERT_EQ(Narrative(junk).size(), 1u);
  EXPECT_EQ(Narrative(junk)[0].field, "unparsed");
  EXPECT_EQ(Narrative(junk)[0].lines[0], "PAY AYMAN AL ZAWAHIRI");
  // Two messages run together without '$' are two messages.
  auto two = ParseMessages(head + "{4:\n" + fields + "\n-}" + head + "{4:\n" + fields + "\n-}");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_TRUE(two[1].message && two[1].message->faults.empty());
}

// A line the parser does not read is a fault and is screened as text, never dropped: a second
// line of a one-line field, a mangled tag. A tag with a letter is not its plain sibling.
TEST(MtParserFaults, NoLineIsDroppedUnread) {
  const std::string head = std::string(kHead);
  std::string extra = head + ":20:T1\n:21:REL1\nPAY AYMAN AL ZAWAHIRI\n:32A:261128EUR1,\n:59:JANE ROE\n-}";
  EXPECT_NE(Faults(extra).find("line 4, field 21: field 21 holds one line; 'PAY AYMAN AL ZAWAHIRI' is screened"),
            std::string::npos)
      << Faults(extra);
  PaymentMessage m = ParseOk(extra);
  ASSERT_EQ(Narrative(m).size(), 1u);
  EXPECT_EQ(Narrative(m)[0].field, "unparsed");
  EXPECT_EQ(Narrative(m)[0].lines[0], "PAY AYMAN AL ZAWAHIRI");

  std::string mangled = head + ":20:T1\n:32A:261128EUR1,\n:57AA:MOSWRUMM\n:59:JANE ROE\n-}";
  EXPECT_NE(Faults(mangled).find("line 4, field 32A: ':57AA:MOSWRUMM' starts like a field tag but is not one"),
            std::string::npos)
      << Faults(mangled);
  m = ParseOk(mangled);
  ASSERT_EQ(Narrative(m).size(), 1u);
  EXPECT_EQ(Narrative(m)[0].lines[0], ":57AA:MOSWRUMM");

  std::string sibling = head + ":20C:T1\n:32A:261128EUR1,\n:59:JANE ROE\n-}";
  EXPECT_NE(Faults(sibling).find("field 20 missing"), std::string::npos) << Faults(sibling);
  EXPECT_TRUE(ParseOk(head + ":20:T1\n:32A:261128EUR1,\n:72:/ACC/ONE\n//TWO\n:59:JANE ROE\n-}").faults.empty());
}

// The header's and trailer's values were neither screened nor checked: a name in {108:} or in a
// trailer, or a tag no block defines, passed.
TEST(MtParserFaults, HeaderAndTrailerValuesAreScreenedAndTheirTagsChecked) {
  const std::string body = "{4:\n:20:T1\n:32A:261128EUR1,\n:59:JANE ROE\n-}";
  const std::string blocks12 = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}";
  PaymentMessage m = ParseOk(blocks12 + "{3:{108:AYMAN AL ZAWAHIRI}}" + body + "{5:{CHK:0123456789AB}}{S:{SAC:}{COP:P}}");
  EXPECT_TRUE(m.faults.empty()) << FaultText(m.faults, 1);
  bool screened = false;
  for (const FreeText& t : m.free_text) screened |= t.field == "{3:}108" && t.lines[0] == "AYMAN AL ZAWAHIRI";
  EXPECT_TRUE(screened);
  EXPECT_NE(Faults(blocks12 + "{3:{999:X}}" + body).find("unknown user header tag '999'"), std::string::npos);
  EXPECT_NE(Faults(blocks12 + body + "{5:{CHK:AYMAN AL ZAWAHIRI}}").find("CHK: expected a checksum"), std::string::npos);
  EXPECT_NE(Faults(blocks12 + body + "{5:{XYZ:1}}").find("unknown trailer tag 'XYZ'"), std::string::npos);
  // Text past the fixed fields of blocks 1 and 2.
  for (const std::string head : {"{1:F01TESTGB2LAXXX0000000000VLADIMIR PUTIN}{2:I103TESTDEFFXXXXN}",
                                  "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXNVLADIMIR PUTIN}"}) {
    EXPECT_NE(Faults(head + body).find("'VLADIMIR PUTIN' after the header's fields"), std::string::npos) << Faults(head + body);
    screened = false;
    for (const FreeText& t : ParseOk(head + body).free_text) screened |= t.lines[0] == "VLADIMIR PUTIN";
    EXPECT_TRUE(screened) << head;
  }
  EXPECT_TRUE(ParseOk("{1:F01BICFDEFFAXXX1234123456}{2:O1031535051028ESPBESMMAXXX54237522470510281535N}" + body).faults.empty());
  m = ParseOk(blocks12 + body + "{S:{SAC:AYMAN AL ZAWAHIRI}}");
  screened = false;
  for (const FreeText& t : m.free_text) screened |= t.field == "{S:}SAC";
  EXPECT_TRUE(screened);
}

// A name or a BIC where the account stands was stored as the account and read by no check.
TEST(MtParserFaults, AnAccountWithoutDigitsOrWithSpacesIsScreenedAsText) {
  auto accounts = [](const std::string& field59) {
    std::vector<std::string> out;
    auto parsed = ParseMessages(std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:" + field59 + "\nJOHN ROE\n-}");
    for (const FreeText& t : parsed.at(0).message->free_text)
      if (t.field == "59 account") out.push_back(t.lines.at(0));
    return out;
  };
  EXPECT_EQ(accounts("/VLADIMIR PUTIN"), std::vector<std::string>{"VLADIMIR PUTIN"});
  EXPECT_EQ(accounts("/SABRRUMM"), std::vector<std::string>{"SABRRUMM"});
  EXPECT_TRUE(accounts("/DE89370400440532013000").empty());
}

// Lines 4/ to 7/ of option F read only their date, country or number: "4/VLADIMIR PUTIN" was
// neither screened nor a fault, the issuer of 6/ and a 5/ or 7/ without a country were dropped.
TEST(MtParserFaults, OptionFDetailLinesAreScreenedOrFaults) {
  auto mt = [](const std::string& party) {
    return "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:T1\n:23B:CRED\n:32A:261128EUR1000,\n" + party +
           "\n:59:JANE ROE\n:71A:SHA\n-}";
  };
  auto texts = [](const PaymentMessage& m) {
    std::string out;
    for (const auto& t : m.free_text)
      for (const auto& l : t.lines) out += t.field + "=" + l + "|";
    for (const auto& p : m.parties)
      for (const auto& l : p.address_lines) out += p.field + " address=" + l + "|";
    return out;
  };
  struct Case {
    std::string lines, fault, screened;
  };
  for (const Case& c : std::vector<Case>{{"4/VLADIMIR PUTIN", "line 4/ needs a birth date", "50F address=VLADIMIR PUTIN"},
                                         {"4/19801350", "line 4/ needs a birth date", "50F address=19801350"},
                                         {"5/VLADIMIR PUTIN", "line 5/ needs a country code", "50F address=VLADIMIR PUTIN"},
                                         {"7/VLADIMIR PUTIN/123", "line 7/ needs a country code", "VLADIMIR PUTIN/123"},
                                         {"6/RU/VLADIMIR PUTIN", "line 6/ needs a country code", "VLADIMIR PUTIN"}}) {
    std::string text = mt(":50F:/DE44\n1/JOHN ROE\n" + c.lines);
    EXPECT_NE(Faults(text).find(c.fault), std::string::npos) << Faults(text);
    EXPECT_NE(texts(ParseOk(text)).find(c.screened), std::string::npos) << texts(ParseOk(text));
  }
  PaymentMessage born = ParseOk(mt(":50F:/DE44\n1/JOHN ROE\n4/19800131\n5/RU/MOSCOW"));
  EXPECT_TRUE(born.faults.empty()) << FaultText(born.faults, 1);
  ASSERT_NE(ByField(born, "50F"), nullptr);
  EXPECT_EQ(ByField(born, "50F")->birth_date, "19800131");
  EXPECT_EQ(ByField(born, "50F")->birth_place, "MOSCOW");
  PaymentMessage m = ParseOk(mt(":50F:/DE44\n1/JOHN ROE\n6/RU/VLADIMIR PUTIN/123\n7/DE/456"));
  EXPECT_TRUE(m.faults.empty()) << FaultText(m.faults, 1);
  const Party* p = ByField(m, "50F");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->ids.size(), 2u);  // 6/ and 7/
  EXPECT_EQ(p->ids[0].value, "123");
  EXPECT_EQ(p->ids[1].value, "456");
  EXPECT_NE(texts(m).find("50F 6/ issuer=VLADIMIR PUTIN"), std::string::npos) << texts(m);
}

// Regression: a field MT103 allows once written twice (two 59, a 50K and a 50F, two 32A) raised no
// fault, and the message passed with two beneficiaries. It is a fault naming the tag and the second
// line; both parties are still screened. Fields SWIFT lets repeat (13C, 23E, 71F) stay allowed.
TEST(MtParserFaults, AFieldAllowedOnceWrittenTwiceIsAFault) {
  const std::string base = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n";
  for (const auto& [fields, fault] :
       {std::pair{":50K:ALPHA TRADING\n:59:/DE89370400440532013000\nKLAUS BERGMANN\n:59:SBERBANK",
                  "line 7, field 59: field 59a written twice (first 59 at line 5): MT103 allows it once; both parties "
                  "are screened"},
        {":50K:ALPHA TRADING\n:50F:/123\n1/SBERBANK\n:59:KLAUS BERGMANN",
         "line 5, field 50F: field 50a written twice (first 50K at line 4): MT103 allows it once; both parties are "
         "screened"},
        {":32A:261129USD2,\n:59:KLAUS BERGMANN",
         "line 4, field 32A: field 32A written twice (first 32A at line 3): MT103 allows it once; both are read"}}) {
    const std::string mt = base + fields + "\n-}";
    EXPECT_NE(Faults(mt).find(fault), std::string::npos) << Faults(mt);
  }
  PaymentMessage two = ParseOk(base + ":59:/DE89370400440532013000\nKLAUS BERGMANN\n:59:SBERBANK\n-}");
  ASSERT_NE(ByField(two, "59", 1), nullptr);
  EXPECT_EQ(ByField(two, "59", 0)->name, "KLAUS BERGMANN");
  EXPECT_EQ(ByField(two, "59", 1)->name, "SBERBANK");
  EXPECT_TRUE(ParseOk(base + ":13C:/SNDTIME/1249+0100\n:13C:/RNCTIME/1302+0100\n:23E:SDVA\n:23E:INTC\n"
                      ":71F:EUR1,\n:71F:USD2,\n:59:KLAUS BERGMANN\n-}")
                  .faults.empty());

  // MT202COV: 52a, 56a, 57a and 72 once in sequence A and once in sequence B (from 50a on).
  const std::string cov = "{1:F01TESTGB2LAXXX0000000000}{2:I202TESTDEFFXXXXN}{3:{119:COV}}{4:\n:20:R1\n:21:R0\n"
                          ":32A:261128EUR1,\n:52A:DEUTDEFF\n:58A:CHASUS33\n:50K:ALPHA TRADING\n:52A:BNPAFRPP\n"
                          ":59:KLAUS BERGMANN\n";
  EXPECT_TRUE(ParseOk(cov + "-}").faults.empty()) << FaultText(ParseOk(cov + "-}").faults, 1);
  EXPECT_NE(Faults(cov + ":59:SBERBANK\n-}")
                .find("line 10, field 59: field 59a written twice (first 59 at line 9): MT202COV allows it once in "
                      "sequence B; both parties are screened"),
            std::string::npos)
      << Faults(cov + ":59:SBERBANK\n-}");
}

TEST(MtParserFaults, RjeKeepsEveryMessage) {
  std::string good = std::string(kHead) + ":20:R1\n:32A:261128EUR1,\n:59:X\n-}";
  std::string batch = good + "\n$" + std::string(kHead) + ":20:R2\n:32A:261128EUR1,\n-}\n$" + good;
  auto parsed = ParseMessages(batch);
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_TRUE(parsed[0].message && parsed[0].message->faults.empty());
  ASSERT_TRUE(parsed[1].message);
  ASSERT_EQ(parsed[1].message->faults.size(), 1u);
  EXPECT_EQ(parsed[1].message->faults[0].Text(), "line 6, field 59: field 59 missing: it is mandatory in MT103");
  EXPECT_TRUE(parsed[2].message);
}

}  // namespace
}  // namespace embargo::payments
