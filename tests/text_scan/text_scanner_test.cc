// The free-text scanner on news-style articles written for these tests (testdata/*.txt) and on
// short texts for each rule: which listed names are found, where, and which words are not.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "embargo/lists.h"
#include "embargo/screener.h"
#include "embargo/text_scan.h"

namespace embargo {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(EMBARGO_SOURCE_DIR) + "/tests/text_scan/testdata/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class TextScannerTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
    ASSERT_TRUE(lists.ok()) << lists.status().message();
    auto screener = Screener::Build(std::move(*lists));
    ASSERT_TRUE(screener.ok());
    screener_ = screener->release();
    auto scanner = TextScanner::Build(*screener_);
    ASSERT_TRUE(scanner.ok()) << scanner.status().message();
    scanner_ = scanner->release();
  }
  static void TearDownTestSuite() {
    delete scanner_;
    delete screener_;
  }

  // A mention expected in a text: its words as written there (the n-th occurrence) and the entity.
  struct Expected {
    std::string words;
    std::string entity_id;
    int occurrence = 1;
  };

  // Scans `text` and checks that exactly the expected mentions are found, at the offsets where the
  // words stand in the text, with the expected entity as the best hit.
  static void ExpectExactly(const std::string& text, const std::vector<Expected>& expected) {
    std::vector<Mention> found = scanner_->Scan(text).mentions;
    std::string got;
    for (const auto& m : found) got += "\n  \"" + m.text + "\" -> " + m.hit.entity->id;
    ASSERT_EQ(found.size(), expected.size()) << "found:" << got;
    for (size_t i = 0; i < expected.size(); ++i) {
      const Expected& e = expected[i];
      size_t at = std::string::npos;
      for (int k = 0; k < e.occurrence; ++k) at = text.find(e.words, at == std::string::npos ? 0 : at + 1);
      ASSERT_NE(at, std::string::npos) << e.words;
      const Mention& m = found[i];
      EXPECT_EQ(m.begin, at) << e.words << "; found:" << got;
      EXPECT_EQ(m.end, at + e.words.size()) << e.words;
      EXPECT_EQ(m.text, e.words);
      EXPECT_EQ(m.char_begin, CodePoints(std::string_view(text).substr(0, at))) << e.words;
      EXPECT_EQ(m.char_end, m.char_begin + CodePoints(e.words)) << e.words;
      ASSERT_NE(m.hit.entity, nullptr);
      // The expected entity is the best hit, or ties with it (one company listed twice). "a|b":
      // either record of one subject that two lists hold and the linker does not join.
      std::string id = m.hit.entity->id;
      auto expected = [&](const std::string& x) { return ("|" + e.entity_id + "|").find("|" + x + "|") != std::string::npos; };
      for (const Hit& h : m.also)
        if (expected(h.entity->id) && std::abs(h.score - m.hit.score) < 1e-9) id = h.entity->id;
      EXPECT_TRUE(expected(id)) << e.words << ": " << id << ", expected " << e.entity_id;
      EXPECT_GE(m.hit.score, kDefaultThreshold);
      EXPECT_FALSE(m.hit.tokens.empty()) << "a mention is explained token by token: " << e.words;
    }
  }

  static bool Finds(const std::string& text, const std::string& words) {
    for (const auto& m : scanner_->Scan(text).mentions)
      if (m.text.find(words) != std::string::npos || words.find(m.text) != std::string::npos) return true;
    return false;
  }

  static Screener* screener_;
  static TextScanner* scanner_;
};

Screener* TextScannerTest::screener_ = nullptr;
TextScanner* TextScannerTest::scanner_ = nullptr;

TEST_F(TextScannerTest, EnglishEnergyArticle) {
  std::string text = ReadTestdata("en_energy.txt");
  ExpectExactly(text, {
                          {"Rosneft", "ofac-cons:17022"},  // written "Rosneft's"
                          {"Vladimir Putin", "ofac-sdn:35096"},
                          {"Igor Sechin", "ofac-sdn:16692"},
                          {"Sovcomflot", "ofac-sdn:34741"},
                          {"NS Champion", "ofac-sdn:46610"},
                          {"Putin, Vladimir", "ofac-sdn:35096"},
                          {"Sergei\nShoigu", "ofac-sdn:35173"},  // across a line break
                          {"Gennady Timchenko", "ofac-sdn:16666|uk-ofsi:14181"},
                          {"Arkady Rotenberg", "ofac-sdn:16669"},
                          {"ROSNEFT PJSC", "ofac-cons:17022"},  // upper case, with its legal form
                          {"GAZPROMBANK", "ofac-cons:17016"},
                      });
  // Not listed, or ordinary words: a first name alone, banks not listed, a champion, the forest.
  for (const char* words : {"Vladimir, a trader", "Bank of England", "Deutsche Bank", "Angela Merkel", "Emmanuel Macron",
                            "champion of free", "forest", "September", "the current"})
    EXPECT_FALSE(Finds(text, words)) << words;
}

TEST_F(TextScannerTest, EnglishIranArticle) {
  std::string text = ReadTestdata("en_iran.txt");
  ExpectExactly(text, {
                          {"Islamic Revolutionary Guard Corps", "ofac-sdn:10391"},
                          {"Mahan Air", "ofac-sdn:12927"},
                          {"Qasem Soleimani", "ofac-sdn:10481"},
                          {"Bank Melli", "ofac-sdn:25420"},
                          {"Adrian Darya 1", "ofac-sdn:27304"},
                          {"Hassan Nasrallah", "ofac-sdn:2686"},
                      });
  // "Happiness" is a listed vessel's name and "Service Platform" a listed company's: as ordinary
  // words (and in another order) they are not mentions. Nor is "Mohammed" alone.
  for (const char* words : {"Mohammed", "Happiness", "Platform Service", "John Smith", "Maria Lopez", "Damascus"})
    EXPECT_FALSE(Finds(text, words)) << words;
}

TEST_F(TextScannerTest, UpperCaseRemittanceLines) {
  std::string text = ReadTestdata("remittance.txt");
  ExpectExactly(text, {
                          {"SBERBANK OF RUSSIA", "ofac-sdn:17018"},
                          {"DILBAR", "ofac-sdn:35301"},
                          {"VIKTOR VEKSELBERG", "ofac-sdn:24306"},
                      });
  for (const char* words : {"MOHAMMED", "FOREST", "CURRENT ACCOUNT", "OFFICE SUPPLIES"}) EXPECT_FALSE(Finds(text, words)) << words;
}

TEST_F(TextScannerTest, RussianArticleWithCaseEndingsAndLegalForms) {
  std::string text = ReadTestdata("ru_news.txt");
  ExpectExactly(text, {
                          {"Владимир Путин", "ofac-sdn:35096"},
                          {"ПАО НК Роснефть", "ofac-cons:17022"},
                          {"Игорем Сечиным", "ofac-sdn:16692"},  // instrumental case
                          {"Сергей Шойгу", "ofac-sdn:35173"},
                          {"Роснефти", "ofac-cons:17022"},  // genitive
                          {"Сбербанк", "ofac-cons:17018|ofac-sdn:17018"},
                      });
  // Code points and bytes differ in Cyrillic: both are given.
  std::vector<Mention> found = scanner_->Scan(text).mentions;
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].begin, 61u);
  EXPECT_EQ(found[0].char_begin, 35u);
  EXPECT_EQ(found[0].char_end, 49u);
  // "Владимира" (a first name, genitive) and Kazan (a city; also a vessel's name) are not mentions.
  EXPECT_FALSE(Finds(text, "Владимира"));
  EXPECT_FALSE(Finds(text, "Казани"));
  EXPECT_FALSE(Finds(text, "Иван Петров"));
  // Inflected words are explained as such.
  bool inflected = false;
  for (const auto& m : found)
    for (const auto& t : m.hit.tokens) inflected |= t.how == "inflected";
  EXPECT_TRUE(inflected);
}

TEST_F(TextScannerTest, ArabicAndChineseNames) {
  std::string text = ReadTestdata("ar_zh.txt");
  ExpectExactly(text, {
                          {"قاسم سليماني", "ofac-sdn:10481"},
                          {"李方伟", "ofac-sdn:11447"},
                          {"Li Fangwei", "ofac-sdn:11447"},
                          {"Karl Lee", "ofac-sdn:11447"},  // his alias on the SDN list (alt.csv)
                      });
}

TEST_F(TextScannerTest, HyphenatedNamesAndParticles) {
  // "un" after a hyphen shares Jong's capital, so the whole name is read (not KIM, Jong Man);
  // al-Qaida is one word once its particle is joined.
  auto found = scanner_->Scan("Kim Jong-un attended. Al-Qaida claimed it.").mentions;
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "Kim Jong-un");
  EXPECT_EQ(found[0].hit.entity->id, "ofac-sdn:20157");
  EXPECT_EQ(found[1].text, "Al-Qaida");
  EXPECT_EQ(found[1].hit.entity->schema, Schema::kOrganization);
}

TEST_F(TextScannerTest, AWordHyphenatedAtALineEndIsOneWord) {
  // As text taken from a typeset page has it; a short part is a compound's and stays apart.
  for (const char* text : {"We met Yevgeny Prigo-\nzhin yesterday.", "We met Yevgeny Prigo- \r\n  zhin yesterday.",
                           "Payments to Rosoboron-\nexport resumed.", "PAYMENT TO ROSOBORON-\nEXPORT FOR PARTS"}) {
    auto found = scanner_->Scan(text).mentions;
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_NE(found[0].text.find("-"), std::string::npos) << found[0].text;
    EXPECT_EQ(found[0].end, std::string(text).find(found[0].text.substr(found[0].text.size() - 3)) + 3) << text;
  }
  auto kim = scanner_->Scan("Kim Jong-\nun attended.").mentions;
  ASSERT_EQ(kim.size(), 1u);
  EXPECT_EQ(kim[0].hit.entity->id, "ofac-sdn:20157");
  // Not across a paragraph, nor onto a capital (a new word).
  EXPECT_TRUE(scanner_->Scan("We met Yevgeny Prigo-\n\nzhin yesterday.").mentions.empty());
}

// Hyphens other than '-' (as word processors and typeset pages write them) join as '-' does:
// the part after one shares the capital before it, and one at a line's end (a soft hyphen too,
// which marks where a typeset word was broken) rejoins the word.
TEST_F(TextScannerTest, UnicodeHyphensJoinAsTheAsciiHyphen) {
  for (std::string hyphen : {"\u2010", "\u2011", "\u2012", "\u2013", "\u2212", "\uFE63", "\uFF0D"}) {
    auto kim = scanner_->Scan("Kim Jong" + hyphen + "un said.").mentions;
    ASSERT_EQ(kim.size(), 1u) << hyphen;
    EXPECT_EQ(kim[0].text, "Kim Jong" + hyphen + "un");
    EXPECT_EQ(kim[0].hit.entity->id, "ofac-sdn:20157");
    auto bank = scanner_->Scan("Payment to Sber" + hyphen + "bank for services.").mentions;
    ASSERT_EQ(bank.size(), 1u) << hyphen;
    EXPECT_EQ(bank[0].text, "Sber" + hyphen + "bank");
    for (std::string text : {"Payment to Yevgeniy Prigo" + hyphen + "\nzhin now.", "Payment to Rosoboron" + hyphen + "\nexport now."}) {
      auto found = scanner_->Scan(text).mentions;
      ASSERT_EQ(found.size(), 1u) << text;
      EXPECT_EQ(found[0].end, text.find(" now")) << text;
    }
  }
  for (std::string text : {"Payment to Yevgeniy Prigo\u00AD\nzhin now.", "Payment to Rosoboron\u00AD\nexport now."}) {
    auto found = scanner_->Scan(text).mentions;
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].end, text.find(" now")) << text;
  }
}

// A one-word name split in two by a hyphen on one line is read as one word, as it is split at a
// line's end; the parts are still read apart (Jong-un, Al-Qaida stay as they were).
TEST_F(TextScannerTest, AWordSplitByAHyphenOnOneLineIsOneWord) {
  for (std::string name : {"Rosoboron-export", "Rosoboron-Export", "ROSOBORON-EXPORT", "Rosoboron\u2010export"}) {
    auto found = scanner_->Scan("Payment to " + name + " now.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].text, name);
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kOrganization);
  }
  // Ordinary hyphenated words stay words.
  EXPECT_TRUE(scanner_->Scan("A state-owned, well-known long-term partner paid.").mentions.empty());
}

// A one-word name written as two words is found when the two, joined, are the name as listed.
TEST_F(TextScannerTest, AOneWordNameWrittenAsTwoWordsIsFound) {
  for (std::string name : {"Rosoboron export", "Rosoboron Export", "ROSOBORON EXPORT"}) {
    auto found = scanner_->Scan("Payment to " + name + " now.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].text, name);
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kOrganization);
  }
  // Not across a line or a separator, and not a word that only sounds like the name.
  for (std::string text : {"Payment to Rosoboron\nexport now.", "Payment to Rosoboron; export now.", "Paid Rosoboron exports."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
}

// A span with a letter no transliteration reads (Ѿ) is screened without it and reported as not
// screened completely, saying why: not as clear, and not as a budget reached.
TEST_F(TextScannerTest, ASpanWithLettersNoTransliterationReadsIsReportedUnscreened) {
  auto scan = scanner_->Scan("Talks with \u047E\u0421\u0435\u0440\u0433\u0435\u0439 \u0428\u043E\u0439\u0433\u0443 ended.");
  ASSERT_FALSE(scan.complete());
  EXPECT_NE(scan.unscreened[0].reason.find("letters no transliteration reads"), std::string::npos) << scan.unscreened[0].reason;
}

// Regression: words no transliteration reads at all (Tifinagh) made no token, so no span held
// them and the scan was complete. Each run of them is unscreened, with its offsets.
TEST_F(TextScannerTest, WordsNoTransliterationReadsAreUnscreened) {
  const std::string unread = "\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56 \u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C";
  const std::string text = "Payment to " + unread + ", thanks; also " + unread + ".";
  auto scan = scanner_->Scan(text);
  ASSERT_EQ(scan.unscreened.size(), 2u);
  EXPECT_EQ(scan.unscreened[0].begin, 11u);
  EXPECT_EQ(scan.unscreened[0].text, unread);
  EXPECT_EQ(scan.unscreened[1].begin, text.rfind(unread));
  EXPECT_EQ(scan.unscreened[1].end, text.size() - 1);
  EXPECT_NE(scan.unscreened[0].reason.find("letters no transliteration reads"), std::string::npos);
  EXPECT_TRUE(scanner_->Scan("Payment to Hamburg, thanks.").complete());
}

// A control character shows nothing: between two words it is read as a space, inside a word as
// nothing, so a name is found whichever it hides.
TEST_F(TextScannerTest, ControlCharactersAreReadBothAsASpaceAndAsNothing) {
  for (std::string name : {"Vladimir\x1fPutin", "Vladimir\x01\x02Putin", "Vla\x1f" "dimir Putin", "Vladimir P\x1fu\x1ftin",
                           "Vladimir P\x01u\x01t\x01i\x01n", "Vladimir\xc2\x90Putin"}) {
    auto found = scanner_->Scan("Payment to " + name + " today.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].end, 11 + name.size()) << name;
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kPerson) << name;
  }
  for (std::string name : {"Rosoboron\x1f" "export", "Rosob\x1foron\x1f" "export", "R\x1fo\x1fs\x1fn\x1f" "e\x1f" "f\x1ft"}) {
    auto found = scanner_->Scan("Payment to " + name + " today.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kOrganization) << name;
  }
  EXPECT_TRUE(scanner_->Scan("Vladimir said\x1fhe would pay the bank.").mentions.empty());
}

// The quote markers of an e-mail reply at a line's start are part of the line break: a name
// wrapped across quoted lines is found as across plain lines, and a quoted blank line still ends
// a paragraph.
TEST_F(TextScannerTest, QuoteMarkersAtALineStartArePartOfTheLineBreak) {
  for (std::string text : {"> Please pay Vladimir\n> Putin for services.\n", ">> Please pay Vladimir\n> > Putin for services.\n",
                           "> We met Yevgeny Prigo-\n> zhin yesterday.\n"}) {
    auto found = scanner_->Scan(text).mentions;
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].end, text.find(" for") == std::string::npos ? text.find(" yesterday") : text.find(" for")) << text;
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kPerson);
  }
  EXPECT_TRUE(scanner_->Scan("> Please pay Vladimir\n>\n> Putin for services.\n").mentions.empty());
}

TEST_F(TextScannerTest, KoreanNameInHangul) {
  std::string text = "북한의 김정은 위원장은 말했다.";
  auto found = scanner_->Scan(text).mentions;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "김정은");
  EXPECT_EQ(found[0].begin, text.find("김정은"));
  EXPECT_EQ(found[0].char_begin, 4u);
  EXPECT_EQ(found[0].hit.entity->id, "ofac-sdn:20157");
}

TEST_F(TextScannerTest, PossessiveIsNotPartOfTheMention) {
  auto found = scanner_->Scan("We met Sovcomflot\xE2\x80\x99s lawyers and Rosneft's.").mentions;
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "Sovcomflot");
  EXPECT_EQ(found[1].text, "Rosneft");
}

// A name spelt out letter by letter is the name, as `screen` reads it; three letters are initials.
TEST_F(TextScannerTest, ANameSpeltOutLetterByLetter) {
  for (std::string name : {"S-B-E-R-B-A-N-K", "S B E R B A N K", "S.B.E.R.B.A.N.K", "S. B. E. R. B. A. N. K"}) {
    auto found = scanner_->Scan("Payment to " + name + " for services.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].text, name);
    EXPECT_EQ(found[0].char_end - found[0].char_begin, name.size());
  }
  // Any one punctuation or symbol character between the letters, and then letters of either case.
  for (std::string name : {"VLADIMIR P/U/T/I/N", "VLADIMIR P+U+T+I+N", "VLADIMIR P_U_T_I_N", "VLADIMIR P*U*T*I*N",
                           "VLADIMIR P\u00B7U\u00B7T\u00B7I\u00B7N", "Vladimir p-U-t-I-n", "Vladimir P/u/t/i/n"}) {
    auto found = scanner_->Scan("Paid to " + name + "\n").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].text, name);
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kPerson) << name;
  }
  // Clause breaks part letters: a list is no word.
  EXPECT_TRUE(scanner_->Scan("Options P, U, T, I, N and more.").mentions.empty());
  EXPECT_TRUE(scanner_->Scan("Options P,U,T,I,N and more.").mentions.empty());
  EXPECT_TRUE(scanner_->Scan("Options P;U;T;I;N and more.").mentions.empty());
  // Separators that differ, or letters of both cases one space apart, spell out no word.
  EXPECT_TRUE(scanner_->Scan("Payment to S-B E.R-B A N-K for services.").mentions.empty());
  EXPECT_TRUE(scanner_->Scan("Payment to S b E r B a N k for services.").mentions.empty());
}

// A person's name spelt out whole, one space between all its letters, is one word the list
// has no entry for: the Screener reads it as `screen` does.
TEST_F(TextScannerTest, APersonsWholeNameSpeltOut) {
  ExpectExactly("Funds sent to V L A D I M I R P U T I N today.",
                {{"V L A D I M I R P U T I N", "uk-ofsi:14196|ofac-sdn:35096"}});
}

// Initials stand for the given names a list spells out, and belong to the mention; a surname
// too common to name anyone with an initial (Khan, Ali, Smith) stays a word.
TEST_F(TextScannerTest, APersonNamedByInitialsAndSurname) {
  ExpectExactly("The decree was signed by V.V. Putin yesterday.", {{"V.V. Putin", "ofac-sdn:35096"}});
  ExpectExactly("Talks: Vladimir V. Putin, then S. Lavrov.",
                {{"Vladimir V. Putin", "ofac-sdn:35096"}, {"S. Lavrov", "ofac-sdn:35233"}});
  ExpectExactly("I. Sechin of Rosneft spoke. Sechin said no.",
                {{"I. Sechin", "ofac-sdn:16692"}, {"Rosneft", "ofac-cons:17022|us-csl:f56ee19525ae8fb705652bf0e5fcdeae7d28dd68"},
                 {"Sechin", "ofac-sdn:16692", 2}});
  EXPECT_TRUE(scanner_->Scan("Mr. A. Khan met J. Smith and M. Ali.").mentions.empty());
  // Initials in Cyrillic, read by transliteration (В. is a V, though it looks like a B).
  ExpectExactly("\u041F\u0443\u0442\u0438\u043D \u0412.\u0412. \u043F\u043E\u0434\u043F\u0438\u0441\u0430\u043B.",
                {{"\u041F\u0443\u0442\u0438\u043D \u0412.\u0412", "ofac-sdn:35096"}});
  // Initials after the surname, as Russian writes them; letters that spell a legal form (S.A.)
  // are the form, not initials.
  ExpectExactly("The order of Putin V.V. stands.", {{"Putin V.V", "ofac-sdn:35096"}});
  EXPECT_TRUE(scanner_->Scan("PAYMENT TO OQUENDO ROMERO S.A. FOR INVOICE 2540").mentions.empty());
  // Only a letter with its full stop written against it is an initial, and only of a person's
  // name; an acronym's letters spelt out are not a whole name (man pages in capitals).
  // A common surname with an initial names nobody (Hassan met AL-HASSAN, a rarer spelling); an
  // initial before another name is that name's; S.A.C. and A.Ş. are legal forms.
  for (const char* text : {"Yesterday J. Lee said so.", "Yesterday A. Ahmed said so.", "Yesterday A. Hassan said so.",
                           "Hassan S. Ali signed.", "The panel included Petrov, A. Smith and others.",
                           "Petrov and A. Smith", "Oquendo Romero A.S. signed.", "Romero S.A.C. signed",
                           "Oquendo Romero A.\u015E. signed."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
  for (const char* text : {"USE A LOCALE, E.G. ASIA/TOKYO.", "COMPILES A .RES FILE INTO .O FILE.",
                           "B, &.&.&. ARE SPECIAL", "syntax error.\nc c c c\nc c c c\nl l l l."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
}

// A name said twice in a sentence is two mentions: growing one does not take the other's words.
TEST_F(TextScannerTest, ANameSaidTwiceIsTwoMentions) {
  ExpectExactly("Kim Jong Un met Kim Jong Un in Pyongyang.",
                {{"Kim Jong Un", "ofac-sdn:20157"}, {"Kim Jong Un", "ofac-sdn:20157", 2}});
  ExpectExactly("Kim Jong Un and K. Jong Un", {{"Kim Jong Un", "ofac-sdn:20157"}, {"K. Jong Un", "ofac-sdn:20157"}});
}

// Text after a right-to-left override is shown reversed, and read as shown, as the normaliser
// reads a name: the mention covers the run's bytes as written, override and pop included.
TEST_F(TextScannerTest, TextReversedByARightToLeftOverrideIsReadAsShown) {
  // Without its pop, the run goes on to the line's end.
  for (std::string run : {"\u202ENITUP RIMIDALV\u202C", "\u202EnituP rimidalV\u202C", "\u202Ediap NITUP RIMIDALV"}) {
    std::string text = "Paid " + run + (run.ends_with("\u202C") ? " paid\n" : "\n");
    auto found = scanner_->Scan(text).mentions;
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].begin, 5u);
    EXPECT_EQ(found[0].text, run);
    EXPECT_EQ(found[0].char_end - found[0].char_begin, CodePoints(run));
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kPerson);
  }
  // A name half outside the run: "Vladimir" then "Putin" shown reversed.
  std::string text = "Paid to Vladimir \u202EnituP\u202C today.";
  auto found = scanner_->Scan(text).mentions;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].begin, 8u);
  EXPECT_EQ(found[0].end, text.find(" today"));
  // The run ends at the line's end; the next line is read as written.
  EXPECT_TRUE(scanner_->Scan("Paid \u202Eto\nNITUP RIMIDALV paid\n").mentions.empty());
}

// Circled, parenthesised, squared and negative letters are the letters they enclose, as the
// normaliser reads them (ⓟ was taken for a symbol and dropped).
TEST_F(TextScannerTest, EnclosedLettersAreReadAsTheirLetters) {
  for (std::string name : {"\u24C5\u24E4\u24E3\u24D8\u24DD", "\U0001F15F\U0001F164\U0001F163\U0001F158\U0001F15D",
                           "\U0001F17F\U0001F184\U0001F183\U0001F178\U0001F17D", "\U0001F13F\U0001F144\U0001F143\U0001F138\U0001F13D",
                           "\U0001F11F\U0001F124\U0001F123\U0001F118\U0001F11D", "P\u24E4tin", "\u24C5 \u24CA \u24C9 \u24BE \u24C3"}) {
    std::string text = "Paid to Vladimir " + name + "\n";
    auto found = scanner_->Scan(text).mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].end, text.size() - 1) << name;
    EXPECT_EQ(found[0].hit.entity->schema, Schema::kPerson) << name;
  }
  // A flag (regional indicators) or a squared word is no letter.
  EXPECT_TRUE(scanner_->Scan("Paid to Vladimir \U0001F1F7\U0001F1FA \U0001F197\n").mentions.empty());
}

// An e-mail address the lists give names its holder as an identifier does; others are no mention.
TEST_F(TextScannerTest, AListedEmailAddressIsAMention) {
  std::string text = "Fées paid to Rosneft; write to Info@Arrai.TV. Or to someone@example.com.";
  auto found = scanner_->Scan(text).mentions;
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "Rosneft");
  EXPECT_EQ(found[1].text, "Info@Arrai.TV");
  EXPECT_EQ(found[1].hit.entity->id, "ofac-sdn:11166");
  EXPECT_EQ(found[1].begin, text.find("Info@"));
  EXPECT_EQ(found[1].char_begin, text.find("Info@") - 1);  // é is two bytes, one character
  EXPECT_EQ(found[1].char_end - found[1].char_begin, std::string("Info@Arrai.TV").size());
}

// An address ends before punctuation that cannot end a domain ("tv-", "tv--urgent": a dash
// written as two hyphens), and invisible characters inside one divide nothing.
TEST_F(TextScannerTest, AListedEmailAddressIsFoundInPunctuationAndInvisibleCharacters) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Mail info@arrai.tv--urgent.", "info@arrai.tv"},
      {"Mail info@arrai.tv- today", "info@arrai.tv"},
      {"Mail info@arrai.tv.- today", "info@arrai.tv"},
      {"Mail info@arrai\u200B.tv today", "info@arrai\u200B.tv"},
      {"Mail in\u00ADfo@ar\u200Drai.tv\u200B. Today", "in\u00ADfo@ar\u200Drai.tv"}};
  for (const auto& [text, address] : cases) {
    auto found = scanner_->Scan(text).mentions;
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].text, address);
    EXPECT_EQ(found[0].hit.entity->id, "ofac-sdn:11166");
    EXPECT_EQ(found[0].begin, text.find(address.substr(0, 2)));
    EXPECT_EQ(found[0].char_end - found[0].char_begin, CodePoints(address));
  }
}

TEST_F(TextScannerTest, InvisibleCharactersInsideAWordDivideNothing) {
  // Zero-width space, non-joiner, joiner, word joiner, byte order mark, soft hyphen, Mongolian vowel separator.
  for (const char* hidden : {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E", "\u200B\u200D"}) {
    std::string name = std::string("Ayman al Zawa") + hidden + "hiri";
    auto found = scanner_->Scan("Fees paid to " + name + " last year.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].text, name);
    EXPECT_EQ(found[0].char_end - found[0].char_begin, CodePoints(name));
  }
  // Between words or at a word's end, they stay out of it.
  auto after = scanner_->Scan("Fees paid to Ayman al Zawahiri\u200B last year.").mentions;
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].text, "Ayman al Zawahiri");
}

// Words glued together, by characters that show nothing (format characters such as the zero
// width space, the word joiner, the soft hyphen) or by a capital after a small letter (camel
// case), are read apart and joined: each reading may hide the name. The mention covers the bytes
// sent, the glue included.
TEST_F(TextScannerTest, ANameGluedByInvisibleCharactersOrCapitalsIsFound) {
  for (std::string name : {"VladimirPutin", "Vladimir\u200BPutin", "Vladimir\u2060Putin", "Vladimir\uFEFFPutin",
                           "Vladimir\u200CPutin", "Vladimir\u200DPutin", "Vladimir\u00ADPutin", "Vladimir\u200Bputin",
                           "Vladimir Pu\u00ADtin", "Vladimir\u200B\u200BPutin", "VLADIMIR\u200BPUTIN"})
    ExpectExactly("Fees paid to " + name + " last year.", {{name, "ofac-sdn:35096"}});
  // Glued and cut at once: read as written, VladimirPutin (0.98, the UK's record of him first).
  const std::string cut = "Vla\u200Bdimir\u2060Pu\u00ADtin";
  ExpectExactly("Fees paid to " + cut + " last year.", {{cut, "ofac-sdn:35096|uk-ofsi:14196"}});
  ExpectExactly("Fees paid to \u0412\u043B\u0430\u0434\u0438\u043C\u0438\u0440\u041F\u0443\u0442\u0438\u043D today.",
                {{"\u0412\u043B\u0430\u0434\u0438\u043C\u0438\u0440\u041F\u0443\u0442\u0438\u043D", "ofac-sdn:35096"}});
  ExpectExactly("Talks with KimJongUn ended; fuel from GazpromNeft.",
                {{"KimJongUn", "ofac-sdn:20157"}, {"GazpromNeft", "ofac-cons:17143"}});
  ExpectExactly("Fees paid to IgorSechin and to Sovcom\u200Bflot.",
                {{"IgorSechin", "ofac-sdn:16692"}, {"Sovcom\u200Bflot", "ofac-sdn:34741"}});
}

// Brands and names written with an inner capital are words as before: no part of one is a name.
TEST_F(TextScannerTest, OrdinaryWordsWithInnerCapitalsAreNoNames) {
  for (const char* text : {"She bought an iPhone on eBay and ate at McDonald's.",
                           "General MacArthur met DeBeers and O'Brien.",
                           "Run PowerShell, GitHub, JavaScript, BigQuery and PostgreSQL.",
                           "Vladimir\u200Bsaid the Bank\u200Bpaid.", "Mohammed\u200BAli and JohnSmith paid.",
                           "McDonald PLC and MacDonald LLC paid.", "The AI Pla\u00ADtform Ser\u00ADvice Agent account."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
  // A mention takes the whole of words glued together or none of them: these hold listed names
  // (TITAN-MICRO, MACHINE GROUP, SPECS) only in part.
  for (const char* text :
       {"Code for AppliedMicro Titan cores.", "Set LocalMachineGroupPolicy now.", "Read workerPoolSpecs: none."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
  // A surname said again glued to another word is no mention of its own.
  ExpectExactly("Yevgeny Prigozhin spoke. PrigozhinGroup and Prigozhin\u200Bov paid.",
                {{"Yevgeny Prigozhin", "uk-ofsi:13968|ofac-sdn:21182"}});
}

// Control characters show nothing either; before, each split the word and hid the name.
TEST_F(TextScannerTest, ControlCharactersInsideAWordDivideNothing) {
  using namespace std::string_literals;
  for (std::string hidden : {"\x01"s, "\0"s, "\x08"s, "\x1B"s, "\x7F"s, "\u0080"s, "\u009F"s}) {
    std::string name = "Ayman al Zawa" + hidden + "hiri";
    auto found = scanner_->Scan("Fees paid to " + name + " last year.").mentions;
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_EQ(found[0].text, name);
  }
  // Line and page breaks and tabs still divide.
  EXPECT_TRUE(scanner_->Scan("Fees paid to Ayman al Zawa\fhiri last year.").mentions.empty());
}

TEST_F(TextScannerTest, FullNameWithPatronymicIsOneMention) {
  auto found = scanner_->Scan("Talks with Vladimir Vladimirovich Putin ended.").mentions;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Vladimir Vladimirovich Putin");
  EXPECT_EQ(found[0].hit.entity->id, "ofac-sdn:35096");
  EXPECT_GT(found[0].hit.score, 0.95);
}

TEST_F(TextScannerTest, CommonFirstNamesAndWordsAloneAreNotMentions) {
  for (const char* text : {"Vladimir said he would come.", "Mohammed", "Bank", "The Bank said so.", "Sergei and Igor agreed.",
                           "the current round", "A forest. Forest fires.", "Happiness is a full tank."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
}

TEST_F(TextScannerTest, NamesOfOrdinaryWordsNeedCapitalsOrTheirLegalForm) {
  // Listed companies named with ordinary words: found where capitals show a name, in full and in order.
  auto found = scanner_->Scan("Oleg Deripaska controls Basic Element, and its Service Platform unit.").mentions;
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[1].text, "Basic Element");
  EXPECT_EQ(found[1].hit.entity->id, "ofac-sdn:24224");
  EXPECT_EQ(found[2].text, "Service Platform");
  // In text all in capitals the same words are just words, as are function words with one word
  // (THE BASE is an alias of al-Qaida, TO PAK a listed person) and numbered words (SET 1).
  EXPECT_TRUE(scanner_->Scan("BASIC ELEMENT AND THE BASE PATH TO PACK A STANDARD LINE OF 1 SET").mentions.empty());
  // With its legal form a name of ordinary words is a mention even in capitals.
  found = scanner_->Scan("PAYMENT TO STANDARD LINE LLC FOR SERVICES").mentions;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "STANDARD LINE LLC");
  EXPECT_EQ(found[0].hit.entity->id, "ofac-sdn:47989");
}

// A name of ordinary words written in parts (a hyphen, a control character) is as ordinary as
// written whole: out of order, or in text all in capitals, it is words (it was a mention: a word
// joined from parts counted as no ordinary word).
TEST_F(TextScannerTest, OrdinaryWordsWrittenInPartsStayOrdinary) {
  for (const char* text : {"The AI Plat-form Ser-vice Agent account.", "The AI Plat\x1f" "form Ser\x1fvice Agent account.",
                           "THE BASIC ELE-MENT AND SER-VICE PLAT-FORM."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
  ExpectExactly("Oleg Deripaska controls Basic Ele-ment.",
                {{"Oleg Deripaska", "uk-ofsi:14214"}, {"Basic Ele-ment", "ofac-sdn:24224"}});
}

TEST_F(TextScannerTest, LowerCaseTextHasNoCaseRule) {
  // Remittance lines typed in lower case: capitals mean nothing there, so names are still found.
  auto found = scanner_->Scan("payment to bank melli for vladimir putin").mentions;
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "bank melli");
  EXPECT_EQ(found[1].text, "vladimir putin");
  // In prose where lower case is the rule, lower-case words are not names.
  EXPECT_TRUE(scanner_->Scan("Shares rose. The bank melli story, They said, was old news for Traders.").mentions.empty());
}

TEST_F(TextScannerTest, OneWordOrganisationsInNewsSentences) {
  // Each is the whole of a listed name (GAZPROM, HEZBOLLAH, IRGC) though many list names share
  // the word; an acronym counts when written in capitals among mixed-case words.
  ExpectExactly("Gazprom said exports fell. Hezbollah fighters crossed the border. The IRGC seized a tanker.",
                {{"Gazprom", "ofac-cons:17250|us-csl:d90b039237d993a342dfd193554a4cf9124d406f"},
                 {"Hezbollah", "uk-ofsi:13804|ofac-sdn:4697"},
                 {"IRGC", "ofac-sdn:10391"}});
  // Listed as "Huawei Technologies Co., Ltd. (Huawei)": the short name in parentheses is a name.
  ExpectExactly("Huawei shipped the routers last year.", {{"Huawei", "us-csl:1a3ccc08ecbb40155a4cce8d9c9ace917f54cc74"}});
  // The same words in lower case in prose, and short capitalised words, are not names.
  for (const char* text : {"Traders said the irgc and gazprom were mentioned in passing.", "SAM batteries and the NAPA valley.",
                           "Sara said the Napa wine was fine."})
    EXPECT_TRUE(scanner_->Scan(text).mentions.empty()) << text;
}

TEST_F(TextScannerTest, SurnameAloneAfterAFullMentionIsLinked) {
  const std::string text =
      "Yevgeny Prigozhin spoke on Friday. Mr. Prigozhin said the talks failed, and Prigozhin later left. "
      "Anna Prigozhin was not there.";
  ExpectExactly(text, {{"Yevgeny Prigozhin", "uk-ofsi:13968|ofac-sdn:21182"},
                       {"Prigozhin", "uk-ofsi:13968|ofac-sdn:21182", 2},
                       {"Prigozhin", "uk-ofsi:13968|ofac-sdn:21182", 3}});
  auto found = scanner_->Scan(text).mentions;
  EXPECT_EQ(found[0].repeat_of, std::string_view::npos);
  EXPECT_EQ(found[1].repeat_of, 0u);
  EXPECT_EQ(found[2].repeat_of, 0u);
  // A surname before any full mention, or with no full mention, stays a word.
  EXPECT_EQ(scanner_->Scan("Prigozhin arrived first. Then Yevgeny Prigozhin spoke.").mentions.size(), 1u);
  EXPECT_TRUE(scanner_->Scan("Mr. Prigozhin said nothing.").mentions.empty());
}

TEST_F(TextScannerTest, SentenceBreaksSeparateNames) {
  // "Putin" ends one sentence and "Vladimir" starts the next: two words, not one name.
  auto found = scanner_->Scan("They spoke of Putin. Vladimir, his driver, waited.").mentions;
  EXPECT_TRUE(found.empty());
}

TEST_F(TextScannerTest, ThresholdDecides) {
  std::string text = "Gennady Timchenko and Rosneft.";
  EXPECT_EQ(scanner_->Scan(text).mentions.size(), 2u);
  auto strict = scanner_->Scan(text, 0.99, nullptr).mentions;
  ASSERT_EQ(strict.size(), 1u);  // Timchenko scores 0.95 (his patronymic is missing); Rosneft 1.0
  EXPECT_EQ(strict[0].text, "Rosneft");
}

TEST_F(TextScannerTest, InvalidUtf8IsFoundAndSkippedWithoutHarm) {
  std::string text = "ok \xFF\xFE bytes then Sovcomflot";
  EXPECT_EQ(FindInvalidUtf8(text), 3u);
  EXPECT_EQ(FindInvalidUtf8("plain ascii and Роснефть"), std::string_view::npos);
  auto found = scanner_->Scan(text).mentions;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].begin, text.find("Sovcomflot"));
  EXPECT_EQ(found[0].char_begin, text.find("Sovcomflot"));  // each invalid byte counts as one
}

TEST_F(TextScannerTest, EmptyAndPunctuationOnlyTexts) {
  for (const char* text : {"", " ", "\n\n", ";;;...", "\xE2\x80\x9C\xE2\x80\x9D"}) {
    TextScanStats stats;
    EXPECT_TRUE(scanner_->Scan(text, 0.8, &stats).mentions.empty());
    EXPECT_EQ(stats.tokens, 0u);
  }
}

TEST_F(TextScannerTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  const std::string pieces[] = {"Putin", " ", ",", "'s", "\n", "Роснефть", "\xFF", "\xD0", "李", "al-", "ПАО", "PJSC", ".", "1"};
  for (int i = 0; i < 300; ++i) {
    std::string text;
    for (int k = 0; k < 30; ++k) text += pieces[rng() % std::size(pieces)];
    for (const auto& m : scanner_->Scan(text).mentions) {
      ASSERT_LE(m.end, text.size());
      ASSERT_LT(m.begin, m.end);
      ASSERT_LE(m.char_end, text.size());
    }
  }
}

TEST_F(TextScannerTest, ConcurrentScansAgree) {
  std::string text = ReadTestdata("en_energy.txt") + ReadTestdata("ru_news.txt") + ReadTestdata("ar_zh.txt");
  auto expected = scanner_->Scan(text).mentions;
  std::vector<std::thread> threads;
  std::vector<size_t> counts(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < 5; ++r) counts[t] = scanner_->Scan(text).mentions.size();
    });
  for (auto& th : threads) th.join();
  for (size_t c : counts) EXPECT_EQ(c, expected.size());
  EXPECT_GE(expected.size(), 19u);
}

TEST_F(TextScannerTest, LongTextsScannedInPiecesKeepTheirOffsets) {
  TextScanOptions o;
  o.max_piece_bytes = 300;  // pieces cut after line breaks (a name across one may be cut)
  auto small = TextScanner::Build(*screener_, o);
  ASSERT_TRUE(small.ok());
  std::string text = ReadTestdata("ar_zh.txt") + ReadTestdata("en_iran.txt") + ReadTestdata("remittance.txt");
  auto whole = scanner_->Scan(text).mentions;
  auto pieces = (*small)->Scan(text).mentions;
  ASSERT_EQ(pieces.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(pieces[i].begin, whole[i].begin) << whole[i].text;
    EXPECT_EQ(pieces[i].char_begin, whole[i].char_begin) << whole[i].text;
    EXPECT_EQ(pieces[i].text, whole[i].text);
  }
  EXPECT_EQ(whole.size(), 13u);
}

TEST_F(TextScannerTest, SpansLeftUnscreenedByABudgetAreReportedNotDropped) {
  const std::string text = "Funds for Vladimir Putin and for Bank Melli Iran, said Mr. Smith.";
  TextScanResult full = scanner_->Scan(text);
  EXPECT_TRUE(full.complete());
  EXPECT_GE(full.mentions.size(), 2u);
  TextScanOptions o;
  o.max_candidates = 1;  // one list name scored per span: common words leave others unscored
  auto budgeted = TextScanner::Build(*screener_, o);
  ASSERT_TRUE(budgeted.ok());
  TextScanResult cut = (*budgeted)->Scan(text);
  ASSERT_FALSE(cut.complete());
  for (const UnscreenedSpan& u : cut.unscreened) {
    EXPECT_EQ(u.text, text.substr(u.begin, u.end - u.begin));
    EXPECT_NE(u.reason.find("budget (1)"), std::string::npos) << u.reason;
  }
}

TEST_F(TextScannerTest, ALatinWordWithLookAlikeLettersIsReadAsItLooks) {
  // "НAMAS" with a Cyrillic Н was folded to "namas" and missed.
  ExpectExactly("Payment to \u041dAMAS for services", {{"\u041dAMAS", "ofac-sdn:4695"}});
}

TEST_F(TextScannerTest, BadOptionsAreRefused) {
  TextScanOptions o;
  o.threshold = 0;
  EXPECT_FALSE(TextScanner::Build(*screener_, o).ok());
  o = TextScanOptions{};
  o.max_mention_tokens = 0;
  EXPECT_FALSE(TextScanner::Build(*screener_, o).ok());
}

}  // namespace
}  // namespace embargo
