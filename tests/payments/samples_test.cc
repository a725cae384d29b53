// Every public sample in ../shared/data/payments: how many parties and free-text fields, and the
// exact names and BICs extracted, in message order (party names of the "max" placeholder files
// are all "EXNm", so only their counts are checked).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "payments/parse.h"

namespace embargo::payments {
namespace {

struct Sample {
  const char* file;
  size_t parties;
  size_t free_text;  // references, information fields, header identifiers (BizSvc, CharSet), accounts and ids
                     // without digits (the max files' "EXId") included
  const char* names;  // '|'-joined, empty for the max files
  const char* bics;
};

std::string Join(const PaymentMessage& m, bool names) {
  std::string out;
  for (const auto& p : m.parties) {
    const std::string& v = names ? p.name : p.bic;
    if (!v.empty()) out += (out.empty() ? "" : "|") + v;
  }
  return out;
}

TEST(PaymentSamples, PartiesNamesAndBicsOfEveryFile) {
  const Sample kSamples[] = {
      {"mt103_norm.txt", 7, 3, "John Doe|ORDERING BANK NAME|INTERMEDIARY BANK|Jane Smith", "BANKBEBBXXX|BANKDEFFXXX|BANKDEFF"},
      {"mt103_norm_2.txt", 8, 2, "John Doe|Ordering Institution Name|Sender's Correspondent Name|Intermediary Institution Name|Account With Institution Name|Jane Smith", "BANKBEBBXXX|BANKDEFFXXX"},
      {"mt103_rejt.txt", 6, 3, "ACME CORPORATION|BENEFICIARY COMPANY INC", "DEUTDEFFXXX|CHASUS33XXX|DEUTDEFFXXX|CHASUS33XXX"},
      {"mt103_retn.txt", 4, 4, "John Doe|Jane Smith", "BANKBEBBXXX|BANKDEFFXXX"},
      {"mt103_stp.txt", 8, 7, "GLOBAL TECH CORPORATION", "CHASUS33XXX|DEUTDEFFXXX|CHASUS33|BNPAFRPP|DEUTDEFF|DEUTDEFF|DEUTDEFF"},
      {"mt202_core.txt", 7, 3, "", "BANKBEBBXXX|BANKDEFFXXX|BANKBEBBXXX|BNPAFRPPXXX|DEUTDEFFXXX|CHASUS33XXX|CHASUS33XXX"},
      {"mt202_cov.txt", 10, 4, "ACME CORPORATION|SINGAPORE TECH PTE LTD", "BANKUS33XXX|BANKDE55XXX|DEUTDEFF|CHASUS33XXX|RBOSGGSGXXX|CITIUS33XXX|HSBCSGSGXXX|HSBCSGSG"},
      {"mt202_minimal.txt", 3, 2, "", "BANKBEBBXXX|BANKDEFFXXX|CHASUS33XXX"},
      {"mt202_rejt.txt", 7, 3, "CORRESPONDENT BANK NAME|INTERMEDIARY BANK LTD|ACCOUNT WITH INSTITUTION", "DEUTDEFFXXX|BANKBEBBXXX|DEUTDEFFXXX|BANKBEBBXXX"},
      {"mt202_retn.txt", 7, 3, "ORDERING INSTITUTION NAME", "BANKBEBBXXX|CHASUS33XXX|BNPAFRPPXXX|CHASUS33"},
      {"mt202_serial.txt", 8, 3, "INTERMEDIARY BANK GMBH", "BANKBEBBXXX|DEUTDEFFXXX|BANKBEBBXXX|BANKBEBBXXX|DEUTDEFFXXX|DEUTDEFFXXX|DEUTDEFFXXX"},
      {"cbpr2025_pacs.008.max.xml", 41, 130, "", ""},
      {"cbpr2025_pacs.008.min.xml", 6, 4, "EXAMPLE PARTY NV|EXAMPLE PARTY NV", "YZABGBKLXXX|NOPQUSTUXXX"},
      {"cbpr2025_pacs.009_cov.max.xml", 54, 159, "", ""},
      {"cbpr2025_pacs.009_cov.min.xml", 8, 4, "EXAMPLE PARTY NV|EXAMPLE PARTY NV", "ZABCGBVWXXX|OPQRUSSTXXX"},
      {"cbpr_c.106.2.1.a_pacs.008_AtoB.xml", 9, 5, "S Baldrick|A Tate", "MYMBGB2LXXX|INGBROBUXXX|MYMBGB2LXXX|INGBROBUXXX|RZBRROBUXXX|MYMBGB2LXXX|GEBABEBBXXX"},
      {"cbpr_c.106.2.1.a_pacs.008_BtoC.xml", 8, 5, "S Baldrick|A Tate", "INGBROBUXXX|RZBRROBUXXX|INGBROBUXXX|RZBRROBUXXX|MYMBGB2LXXX|GEBABEBBXXX"},
      {"cbpr_c.106.2.1.a_pacs.008_CtoD.xml", 9, 5, "S Baldrick|A Tate", "RZBRROBUXXX|GEBABEBBXXX|INGBROBUXXX|RZBRROBUXXX|GEBABEBBXXX|MYMBGB2LXXX|GEBABEBBXXX"},
      {"cbpr_c.53.5_pacs.008_AtoB.xml", 9, 5, "Australian Submarine|Agoda Company", "WPACAU2S|DBSSSGSG|WPACAU2S|DBSSSGSG|DBSSSGSG|WPACAU2S|UOVBSGSG"},
      {"mt103_pacs_008_C_D.xml", 9, 6, "C Consumer|Evli", "NDEAFIHHXXX|HELSFIHHXXX|ABNANL2AXXX|NDEAFIHHXXX|HELSFIHHXXX|RBOSGB2LXXX|HELSFIHHXXX"},
      {"mt202_pacs_009COV_A_B.xml", 12, 5, "Debtor Co|Ardent Finance", "MYMBGB2LXXX|INGBROBUXXX|INGBROBUXXX|MYMBGB2LXXX|INGBROBUXXX|MYMBGB2LXXX|RZBRROBUXXX|GEBABEBBXXX|MYMBGB2LXXX|GEBABEBBXXX"},
  };
  std::string dir = std::string(EMBARGO_SHARED_DATA) + "/payments/";
  if (!std::ifstream(dir + "mt103_stp.txt")) GTEST_SKIP() << dir << " not present";
  for (const auto& s : kSamples) {
    std::ifstream f(dir + s.file, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto parsed = ParseMessages(ss.str());
    ASSERT_EQ(parsed.size(), 1u) << s.file;
    ASSERT_TRUE(parsed[0].message) << s.file << ": " << parsed[0].status.message();
    const PaymentMessage& m = *parsed[0].message;
    EXPECT_EQ(m.parties.size(), s.parties) << s.file;
    size_t block4_text = std::count_if(m.free_text.begin(), m.free_text.end(),
                                       [](const FreeText& t) { return !t.field.starts_with("{"); });
    EXPECT_EQ(block4_text, s.free_text) << s.file;
    if (std::string(s.file).find("max") != std::string::npos) continue;
    EXPECT_EQ(Join(m, true), s.names) << s.file;
    EXPECT_EQ(Join(m, false), s.bics) << s.file;
  }
}

}  // namespace
}  // namespace embargo::payments
