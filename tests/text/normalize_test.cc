#include "text/normalize.h"

#include <gtest/gtest.h>

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <random>

#include "text/korean_names.h"
#include "text/legal_forms.h"
#include "text/look_alikes.h"
#include "text/short_forms.h"
#include "text/similarity.h"

namespace embargo::text {
namespace {

std::vector<std::string> Tokens(std::string_view name, SchemaFamily family = SchemaFamily::kAny, size_t form = 0) {
  auto forms = NormalizeName(name, family);
  return form < forms.size() ? forms[form].tokens : std::vector<std::string>{};
}

bool AnyFormHasKey(std::string_view name, std::string_view key) {
  for (const auto& f : NormalizeName(name, SchemaFamily::kPerson))
    for (const auto& t : f.tokens)
      if (PhoneticKey(t) == key) return true;
  return false;
}

TEST(Normalize, CyrillicMeetsBothRomanisations) {
  std::string key = PhoneticKey("shoigu");
  EXPECT_EQ(PhoneticKey("sojgu"), key);
  EXPECT_TRUE(AnyFormHasKey("Шойгу", key));
  auto forms = NormalizeName("Сергей Лавров", SchemaFamily::kPerson);
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].tokens, (std::vector<std::string>{"sergey", "lavrov"}));
  EXPECT_EQ(forms[1].tokens, (std::vector<std::string>{"sergej", "lavrov"}));
  EXPECT_EQ(forms[0].script, Script::kCyrillic);
}

// A long text is folded in pieces (ICU's cost grows with the square of a string's length): each
// piece as it would be alone, nothing lost or doubled where they meet, with or without spaces.
TEST(Normalize, ALongTextIsFoldedAsItsPiecesAre) {
  const std::string word = "\u0635\u0644\u0649 \uFDFA ";  // Arabic text outside the fold table
  std::string text, expected;
  for (int i = 0; i < 3000; ++i) text += word, expected += FoldToLatin(word);
  EXPECT_EQ(FoldToLatin(text), expected);
  std::string glued, glued_expected;
  for (int i = 0; i < 3000; ++i) glued += "\uFDFA", glued_expected += FoldToLatin("\uFDFA");
  EXPECT_EQ(FoldToLatin(glued), glued_expected);
}

// An iteration mark repeats the character before it; one with nothing before repeats nothing.
TEST(Normalize, AnIterationMarkRepeatsTheCharacterBefore) {
  EXPECT_EQ(FoldToLatin("\u4f50\u3005\u6728"), FoldToLatin("\u4f50\u4f50\u6728"));
  EXPECT_EQ(FoldToLatin("\u3005\u6728"), FoldToLatin("\u6728"));
  EXPECT_EQ(FoldToLatin("\u3005"), "");
}

TEST(Normalize, PhoneticKeysApplyTheLongestRuleFirst) {
  const std::pair<const char*, const char*> kKeys[] = {
      {"shchukin", "sukin"}, {"schmidt", "smidt"},  {"tkachyov", "tkacev"}, {"yuriy", "uri"},
      {"natalya", "natala"}, {"guangzhou", "guangzu"}, {"alimzhan", "alimzan"}, {"matthew", "matev"},
      {"qasim", "kasim"},    {"xenia", "ksenia"},   {"joseph", "josef"},     {"farrokh", "faro"},
      {"khodorkovskiy", "hodorkovski"}};
  for (const auto& [word, key] : kKeys) EXPECT_EQ(PhoneticKey(word), key) << word;
}

// J is the English and Arabic J, as Russian (dzh), ISO 9 (dz) and French (dj) write it; after a
// vowel it is ISO 9's й, which other spellings write i or y.
TEST(Normalize, PhoneticKeysReadJAsItIsWritten) {
  for (const char* jamal : {"dzhamal", "dzamal", "djamal"}) EXPECT_EQ(PhoneticKey(jamal), PhoneticKey("jamal")) << jamal;
  EXPECT_EQ(PhoneticKey("abduldzhabbar"), PhoneticKey("abduljabbar"));
  EXPECT_EQ(PhoneticKey("sergej"), PhoneticKey("sergey"));
  EXPECT_EQ(PhoneticKey("nikolaj"), PhoneticKey("nikolai"));
  EXPECT_NE(PhoneticKey("jamal"), PhoneticKey("iamal"));
}

// A surname's -ёв (-ёва), which Russian mostly writes -ев, is spelt -yov, -ev and -iov alike; only
// at a word's end, after a consonant.
TEST(Normalize, PhoneticKeysReadASurnamesIovAsEv) {
  for (const char* name : {"vorobiov", "vorobyov", "vorobev"}) EXPECT_EQ(PhoneticKey(name), PhoneticKey("vorobev")) << name;
  EXPECT_EQ(PhoneticKey("ponomariova"), PhoneticKey("ponomareva"));
  EXPECT_NE(PhoneticKey("giovanni"), PhoneticKey("gevanni"));
  EXPECT_NE(PhoneticKey("kalasiiov"), PhoneticKey("kalasiev"));
}

// French spellings of Russian names: a silent e after -in (Poutine), gu for a hard g (Sergueï).
TEST(Normalize, PhoneticKeysReadFrenchSpellings) {
  EXPECT_EQ(PhoneticKey("poutine"), PhoneticKey("putin"));
  EXPECT_EQ(PhoneticKey("setchine"), PhoneticKey("sechin"));
  EXPECT_EQ(PhoneticKey("yassine"), PhoneticKey("yassin"));
  EXPECT_EQ(PhoneticKey("serguei"), PhoneticKey("sergei"));
  EXPECT_EQ(PhoneticKey("guennadi"), PhoneticKey("gennady"));
  EXPECT_NE(PhoneticKey("ine"), PhoneticKey("in"));  // a word that is no more than the ending
  EXPECT_NE(PhoneticKey("marina"), PhoneticKey("marin"));
}

TEST(Normalize, HanNamesJoinTheGivenName) {
  EXPECT_EQ(Tokens("习近平", SchemaFamily::kPerson), (std::vector<std::string>{"xi", "jinping"}));
}

TEST(Normalize, HangulRomanisedAsListsSpellKoreanNames) {
  EXPECT_EQ(Tokens("김정은", SchemaFamily::kPerson), (std::vector<std::string>{"kim", "jongun"}));
}

TEST(Normalize, HanPersonalNamesCanBeReadInKorean) {
  // 金正恩 is Kim Jong Un in Korean, Jin Zhengen in Mandarin.
  EXPECT_EQ(Tokens("金正恩", SchemaFamily::kPerson), (std::vector<std::string>{"jin", "zhengen"}));
  auto korean = SinoKoreanForm("金正恩", SchemaFamily::kPerson);
  ASSERT_TRUE(korean.has_value());
  EXPECT_EQ(korean->tokens, (std::vector<std::string>{"kim", "jongun"}));
  EXPECT_EQ(korean->scheme, "sino-korean");
  // A simplified character takes its traditional form's reading (张 as 張: Jang).
  auto jang = SinoKoreanForm("张成泽", SchemaFamily::kPerson);
  ASSERT_TRUE(jang.has_value());
  EXPECT_EQ(jang->tokens, (std::vector<std::string>{"jang", "songtaek"}));
  // Organisations, single characters and other scripts are not read so.
  EXPECT_FALSE(SinoKoreanForm("朝鲜银行", SchemaFamily::kOrganization).has_value());
  EXPECT_FALSE(SinoKoreanForm("金", SchemaFamily::kPerson).has_value());
  EXPECT_FALSE(SinoKoreanForm("Kim Jong Un", SchemaFamily::kPerson).has_value());
}

// The UK list writes Belarusian names in Belarusian and their Latin names in Russian spelling too:
// ў і дз ц are read as Russian's в и д т, a patronymic's -авіч as -ович.
TEST(Normalize, BelarusianNamesAreReadInTheirRussianSpelling) {
  auto pantus = RussianFormOfBelarusian("Дзмітрый Аляксандравіч ПАНТУС", SchemaFamily::kPerson);
  ASSERT_TRUE(pantus.has_value());
  EXPECT_EQ(pantus->tokens, (std::vector<std::string>{"dmitryy", "alyaksandrovich", "pantus"}));
  EXPECT_EQ(pantus->scheme, "as-russian");
  // ц before a soft vowel is т (Арцём, Artyom); ў is в; a Latin i typed among Cyrillic letters is і.
  EXPECT_EQ(RussianFormOfBelarusian("Арцём АРЛОЎ", SchemaFamily::kPerson)->tokens, (std::vector<std::string>{"artem", "arlov"}));
  EXPECT_EQ(RussianFormOfBelarusian("Анатоль СIВАК", SchemaFamily::kPerson)->tokens, (std::vector<std::string>{"anatol", "sivak"}));
  // дз before a hard vowel stays; Russian names and Ukrainian ones with є ї ґ are not read so.
  EXPECT_EQ(RussianFormOfBelarusian("Дзяніс Дзарахаў", SchemaFamily::kPerson)->tokens,
            (std::vector<std::string>{"dyanis", "dzarakhav"}));
  EXPECT_FALSE(RussianFormOfBelarusian("Дмитрий Александрович", SchemaFamily::kPerson).has_value());
  EXPECT_FALSE(RussianFormOfBelarusian("Євген Гаррійович", SchemaFamily::kPerson).has_value());
}

TEST(Normalize, ChineseFirmsAreReadWithTheirWordsInEnglish) {
  // As the lists give such firms: DONGGUAN SHENGYIN CNC EQUIPMENT CO., LTD.
  auto firm = HanWordsForm("东莞圣寅数控设备有限公司", SchemaFamily::kOrganization);
  ASSERT_TRUE(firm.has_value());
  EXPECT_EQ(firm->tokens, (std::vector<std::string>{"dong", "guan", "sheng", "yin", "cnc", "equipment"}));
  EXPECT_EQ(firm->legal_forms, (std::vector<std::string>{"CO_LTD"}));
  EXPECT_EQ(firm->scheme, "han-words");
  // Traditional characters, a city read as the lists spell it (成都, not cheng dou), untyped names.
  auto traditional = HanWordsForm("成都景昕電子科技有限公司", SchemaFamily::kAny);
  ASSERT_TRUE(traditional.has_value());
  EXPECT_EQ(traditional->tokens, (std::vector<std::string>{"chengdu", "jing", "xin", "electronics", "technology"}));
  // A person's name, a firm without such a word and other scripts are not read so.
  EXPECT_FALSE(HanWordsForm("谭伟", SchemaFamily::kPerson).has_value());
  EXPECT_FALSE(HanWordsForm("东莞圣寅有限公司", SchemaFamily::kOrganization).has_value());
  EXPECT_FALSE(HanWordsForm("Dongguan Shengyin CNC Equipment", SchemaFamily::kOrganization).has_value());
}

TEST(Normalize, WithoutASchemaATitleMayBeAnOrganisationsWord) {
  // A person's form drops the titles; an organisation's keeps them, so the name meets itself.
  auto forms = NormalizeName("HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE", SchemaFamily::kAny);
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].tokens, (std::vector<std::string>{"khairullah", "sattar", "money", "exchange"}));
  EXPECT_EQ(forms[1].tokens, (std::vector<std::string>{"haji", "khairullah", "haji", "sattar", "money", "exchange"}));
  EXPECT_EQ(NormalizeName("Dr John Smith", SchemaFamily::kPerson).size(), 1u);
  EXPECT_EQ(NormalizeName("John Smith", SchemaFamily::kAny).size(), 1u);
}

TEST(Normalize, OtherScriptsBecomeLatin) {
  EXPECT_EQ(Tokens("Αλέξανδρος"), (std::vector<std::string>{"alexandros"}));
  EXPECT_EQ(Tokens("محمد علي"), (std::vector<std::string>{"mhmd", "aly"}));
  EXPECT_EQ(DetectScript("משה"), Script::kHebrew);
  EXPECT_EQ(Tokens("José Müller-Straße"), (std::vector<std::string>{"jose", "muller", "strasse"}));
}

TEST(Normalize, AynAndHamzaDoNotBreakAWord) {
  // ICU writes ayn and hamza as modifier letters (dʿaʾ): they join like apostrophes, so the word
  // does not fall apart into letters read as initials.
  EXPECT_EQ(Tokenize("abw d\u02bfa\u02be"), (std::vector<std::string>{"abw", "da"}));
  EXPECT_EQ(Tokens("أبو دعاء", SchemaFamily::kPerson), (std::vector<std::string>{"abw", "da"}));
  EXPECT_EQ(Tokenize("o\u02bcbrien sa\u02bbid"), (std::vector<std::string>{"obrien", "said"}));
  // An ayn opening a word before a consonant is the vowel Latin spellings write (Ali, Abd).
  EXPECT_EQ(Tokenize("\u02bfly \u02bfbd"), (std::vector<std::string>{"aly", "abd"}));
  EXPECT_EQ(Tokenize("\u02bfAli"), (std::vector<std::string>{"ali"}));
  // Nor does the Azerbaijani schwa, romanised "a".
  EXPECT_EQ(Tokens("Əhməd Əliyev", SchemaFamily::kPerson), (std::vector<std::string>{"ahmad", "aliyev"}));
}

TEST(Normalize, ANumberIsOneWordHoweverItsDigitsAreGrouped) {
  const std::vector<std::string> number{"1142021"};
  EXPECT_EQ(Tokens("11,420.2-1 CORP.", SchemaFamily::kOrganization), number);
  EXPECT_EQ(Tokens("11 420 21 corp", SchemaFamily::kOrganization), number);
  EXPECT_EQ(Tokens("11 420 2 1 corp"), (std::vector<std::string>{"1142021", "corp"}));  // untyped: as written first
  // Only digits: a code of letters and digits keeps its parts, and so does a person's name.
  EXPECT_EQ(Tokens("A1 2B Trading", SchemaFamily::kOrganization), (std::vector<std::string>{"a1", "2b", "trading"}));
  EXPECT_EQ(Tokens("Hormuz 25", SchemaFamily::kVessel), (std::vector<std::string>{"hormuz", "25"}));
  EXPECT_EQ(Tokens("John 2 3", SchemaFamily::kPerson), (std::vector<std::string>{"john", "2", "3"}));
}

// Sea Star 3 did not meet the vessel SEA STAR III, nor Bicentenario 14 BICENTENARIO XIV.
TEST(Normalize, AVesselsOrFirmsLastWordInRomanNumeralsIsItsNumber) {
  EXPECT_EQ(Tokens("SEA STAR III", SchemaFamily::kVessel), (std::vector<std::string>{"sea", "star", "3"}));
  EXPECT_EQ(Tokens("BICENTENARIO XIV", SchemaFamily::kVessel), (std::vector<std::string>{"bicentenario", "14"}));
  EXPECT_EQ(Tokens("Sparta XXXIX", SchemaFamily::kVessel), (std::vector<std::string>{"sparta", "39"}));
  EXPECT_EQ(Tokens("Fund IV LP", SchemaFamily::kOrganization), (std::vector<std::string>{"fund", "4"}));
  // Not a canonical numeral, a syllable as often, a lone word, or a person's generation: left.
  for (const char* name : {"Sparta IIII", "Sparta XXXX", "Sparta IVX", "HUA XI", "LE VI"})
    EXPECT_EQ(Tokens(name, SchemaFamily::kVessel).back().find_first_of("0123456789"), std::string::npos) << name;
  EXPECT_EQ(Tokens("XIV", SchemaFamily::kVessel), (std::vector<std::string>{"xiv"}));
  EXPECT_EQ(Tokens("John Smith III", SchemaFamily::kPerson), (std::vector<std::string>{"john", "smith"}));
}

TEST(Normalize, ParticlesMeetWhetherJoinedOrNot) {
  auto a = Tokens("AL-DARI", SchemaFamily::kPerson);
  EXPECT_EQ(a, Tokens("Al Dari", SchemaFamily::kPerson));
  EXPECT_EQ(a, Tokens("Aldari", SchemaFamily::kPerson));
  // The particle apart is a second form: "Banco Nacional Cuba" meets BANCO NACIONAL DE CUBA.
  EXPECT_EQ(Tokens("AL-DARI", SchemaFamily::kPerson, 1), (std::vector<std::string>{"al", "dari"}));
  EXPECT_EQ(Tokens("BANCO NACIONAL DE CUBA", SchemaFamily::kOrganization, 1),
            (std::vector<std::string>{"banco", "nacional", "de", "cuba"}));
  EXPECT_EQ(NormalizeName("Aldari", SchemaFamily::kPerson).size(), 1u);
  // Apart, a particle left unmatched costs what a middle name does; joined, it is part of a word.
  auto forms = NormalizeName("BANCO NACIONAL DE CUBA", SchemaFamily::kOrganization);
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[1].roles[2], TokenRole::kOptional);
  EXPECT_EQ(std::count(forms[0].roles.begin(), forms[0].roles.end(), TokenRole::kOptional), 0);
}

// A person's name's Arabic readings (ArabicArticleReadings), with or without the Persian ones.
std::vector<NameForm> ArabicReadings(std::string_view name, bool with_persian) {
  auto readings = ArabicArticleReadings(name, SchemaFamily::kPerson, NormalizeName(name, SchemaFamily::kPerson));
  if (!with_persian) std::erase_if(readings, [](const NameForm& f) { return f.scheme.starts_with("persian"); });
  return readings;
}

// Arabic writes its article on the word, Latin spellings on the word before (Abdul Wahed) or
// apart (AL-TIKRITI, whose form without it meets the reading's): an Arabic name is also read with
// its articles moved so.
TEST(Normalize, TheArabicArticleIsReadWhereLatinWritesIt) {
  auto readings = [](std::string_view name) { return ArabicReadings(name, false); };
  EXPECT_EQ(Tokens("عبد الواحد شفيق", SchemaFamily::kPerson), (std::vector<std::string>{"abd", "alwahd", "shfyq"}));
  auto moved = readings("عبد الواحد شفيق");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].tokens, (std::vector<std::string>{"abdal", "wahd", "shfyq"}));
  moved = readings("صدام حسين التكريتي");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].tokens, (std::vector<std::string>{"sdam", "hsyn", "tkryty"}));
  // Allah keeps its article; a word that only begins with a (علي, Ali) or has one letter after ال
  // has none; other scripts have no such reading.
  EXPECT_TRUE(readings("عبد الله").empty());
  EXPECT_TRUE(readings("علي حسن").empty());
  EXPECT_TRUE(readings("الب").empty());
  EXPECT_TRUE(readings("Abd al-Wahed").empty());
}

// A final ه after a consonant is often said a or e (شحاته, Shihata): a weaker reading writes it so.
TEST(Normalize, AnArabicFinalHehIsAlsoReadAsAVowel) {
  auto readings = [](std::string_view name) { return ArabicReadings(name, false); };
  auto said = readings("ثروت صالح شحاته");
  ASSERT_EQ(said.size(), 1u);
  EXPECT_EQ(said[0].scheme, "heh-said");
  EXPECT_EQ(said[0].tokens, (std::vector<std::string>{"thrwt", "salh", "shhata"}));
  // With an article moved too, both readings.
  said = readings("حماده الخيري");
  ASSERT_EQ(said.size(), 2u);
  EXPECT_EQ(said[0].tokens, (std::vector<std::string>{"hmadh", "khyry"}));
  EXPECT_EQ(said[1].tokens, (std::vector<std::string>{"hmada", "khyry"}));
  // Not in Allah, not after a vowel letter (شاه, Shah), not in a word of two letters (طه, Taha).
  EXPECT_TRUE(readings("نجيب الله").empty());
  EXPECT_TRUE(readings("عبدالله").empty());
  EXPECT_TRUE(readings("رضا شاه").empty());
  EXPECT_TRUE(readings("طه حسين").empty());
}

// A name written with Persian or Urdu letters is also read as those languages say ض ظ ذ (z), ث
// (s) and ق (gh): رضا is Reza, آقاجانی Aghajani.
TEST(Normalize, PersianNamesAreAlsoReadAsPersianSaysThem) {
  auto readings = [](std::string_view name) { return ArabicReadings(name, true); };
  EXPECT_EQ(Tokens("رضا خاکی", SchemaFamily::kPerson), (std::vector<std::string>{"rda", "khaky"}));
  auto persian = readings("رضا خاکی");
  ASSERT_EQ(persian.size(), 1u);
  EXPECT_EQ(persian[0].scheme, "persian");
  EXPECT_EQ(persian[0].tokens, (std::vector<std::string>{"rza", "khaky"}));
  persian = readings("سعید آقاجانی");
  ASSERT_EQ(persian.size(), 1u);
  EXPECT_EQ(persian[0].tokens, (std::vector<std::string>{"syd", "aghajany"}));
  // The same name in Arabic letters alone (ك, ي) may be Persian or Afghan too (فضل, Fazl): a
  // weaker reading. A name without those letters has nothing to read otherwise.
  persian = readings("رضا خاكي");
  ASSERT_EQ(persian.size(), 1u);
  EXPECT_EQ(persian[0].scheme, "persian-guess");
  EXPECT_EQ(persian[0].tokens, (std::vector<std::string>{"rza", "khaky"}));
  EXPECT_TRUE(readings("مریم کریمی").empty());
}

TEST(Normalize, LegalFormsMapToOneCodeAcrossScripts) {
  for (std::string_view name : {"LIMITED LIABILITY COMPANY RASSVET", "RASSVET LLC", "OOO RASSVET", "ООО РАССВЕТ",
                                "ТОВ Рассвет", "Rassvet, TOV"}) {
    auto forms = NormalizeName(name, SchemaFamily::kOrganization);
    ASSERT_FALSE(forms.empty()) << name;
    EXPECT_EQ(forms[0].legal_forms, (std::vector<std::string>{"LLC"})) << name;
    EXPECT_EQ(forms[0].tokens, (std::vector<std::string>{"rassvet"})) << name;
  }
  EXPECT_EQ(NormalizeName("АО Рассвет", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"JSC"}));
  EXPECT_EQ(NormalizeName("PAO GAZPROM", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"PJSC"}));
  EXPECT_EQ(NormalizeName("HUAWEI CO., LTD.", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"CO_LTD"}));
  EXPECT_EQ(NormalizeName("HUAWEI COMPANY LIMITED", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"CO_LTD"}));
  EXPECT_EQ(NormalizeName("华为有限公司", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"CO_LTD"}));
  // Words of three letters or fewer are forms only as written: the surname Du is not d.o.o.
  EXPECT_EQ(NormalizeName("RASSVET D.O.O.", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"LLC"}));
  EXPECT_EQ(Tokens("Simon Du", SchemaFamily::kAny), (std::vector<std::string>{"simon", "du"}));
  // A legal-form word that is the whole name stays a name.
  EXPECT_EQ(Tokens("AO", SchemaFamily::kOrganization), (std::vector<std::string>{"ao"}));
  // Persian and Arabic firms: company, limited liability company, private and public joint stock
  // (a name opening with the word for company and closing with its kind has both).
  const std::pair<const char*, const char*> persian[] = {{"شرکت بهارستان کیش", "CO"},
                                                         {"SHERKAT BAHARESTAN KISH", "CO"},
                                                         {"کمالی شرکت با مسئولیت محدود", "LLC"},
                                                         {"شركة الأمل ذات مسؤولية محدودة", "LLC"},
                                                         {"SHERKAT BATTERY SAZI NIRU SAHAMI KHASS", "CJSC"},
                                                         {"SHERKAT NAFT PARS SAHAMI AAM", "PJSC"}};
  for (const auto& [name, code] : persian) {
    const std::vector<std::string> forms = NormalizeName(name, SchemaFamily::kOrganization)[0].legal_forms;
    EXPECT_NE(std::find(forms.begin(), forms.end(), code), forms.end()) << name << " " << code;
  }
  EXPECT_EQ(Tokens("شرکت بهارستان کیش", SchemaFamily::kOrganization), (std::vector<std::string>{"bharstan", "kysh"}));
  EXPECT_EQ(Tokens("SHERKAT BAHARESTAN KISH", SchemaFamily::kOrganization), (std::vector<std::string>{"baharestan", "kish"}));
}

// Misspelt, glued and attached forms are still forms; a short word is corrected only beside a
// form word that needs no guess.
TEST(Normalize, LegalFormsSurviveTyposAndGluing) {
  auto form_of = [](std::string_view name) { return NormalizeName(name, SchemaFamily::kOrganization)[0]; };
  for (std::string_view name : {"JOIT STOCK COMPANY RIF", "JOINT STOC COMPANY RIF", "JONT STOGK COMPANY RIF",
                                "JOINT SOCK COMPANY RIF", "JOINTSTOCK COMPANY RIF"}) {
    EXPECT_EQ(form_of(name).legal_forms, (std::vector<std::string>{"JSC"})) << name;
    EXPECT_EQ(form_of(name).tokens, (std::vector<std::string>{"rif"})) << name;
  }
  EXPECT_EQ(form_of("CLOSED JOINTSTOCK COMPANY NEW OIL").legal_forms, (std::vector<std::string>{"CJSC"}));
  EXPECT_EQ(form_of("PUBLIC JOINT SYOCK COMPANY AK BARS").legal_forms, (std::vector<std::string>{"PJSC"}));
  // Of the form words a misspelling is one edit from, the one its phrase needs is taken
  // (AKTSIONERNO is one edit from Russian AKTSIONERNOE and Ukrainian AKTSIONERNE).
  EXPECT_EQ(form_of("AKTSIONERNO OBSCHESTVO YALTINSKAYA KINODSTUDIYA").legal_forms, (std::vector<std::string>{"JSC"}));
  // A four-letter guess alone is no form: SOCK stays a word.
  EXPECT_EQ(form_of("SOCK RASSVET").tokens, (std::vector<std::string>{"sock", "rassvet"}));
  // Nor a word only sounding one edit from a form word: SAMAN (sahami am) stays, or "Bank" alone
  // would be SAMAN BANK.
  EXPECT_EQ(form_of("SAMAN BANK").tokens, (std::vector<std::string>{"saman", "bank"}));
  EXPECT_EQ(form_of("JSCARGUMENT").tokens, (std::vector<std::string>{"argument"}));
  EXPECT_EQ(form_of("JSCARGUMENT").legal_forms, (std::vector<std::string>{"JSC"}));
  EXPECT_EQ(form_of("GRAINS TRADING DWCLLC").tokens, (std::vector<std::string>{"grains", "trading", "dwc"}));
  // Glued forms are split only where at least three letters of name remain.
  EXPECT_EQ(form_of("LLCX RASSVET").tokens, (std::vector<std::string>{"llcx", "rassvet"}));
}

TEST(Normalize, AnOrganisationsLettersAreOneWord) {
  EXPECT_EQ(Tokens("I.B.M. Trading", SchemaFamily::kOrganization), (std::vector<std::string>{"ibm", "trading"}));
  EXPECT_EQ(Tokens("U S A Trading", SchemaFamily::kOrganization), Tokens("USA Trading", SchemaFamily::kOrganization));
  // A person's initials stay initials; without a schema both readings are kept.
  EXPECT_EQ(Tokens("J. R. R. Tolkien", SchemaFamily::kPerson), (std::vector<std::string>{"j", "r", "r", "tolkien"}));
  auto untyped = NormalizeName("J. R. Tolkien", SchemaFamily::kAny);
  ASSERT_EQ(untyped.size(), 2u);
  EXPECT_EQ(untyped[1].tokens, (std::vector<std::string>{"jr", "tolkien"}));
  EXPECT_EQ(NormalizeName("John Tolkien", SchemaFamily::kAny).size(), 1u);
}

TEST(Normalize, AnOrganisationsElidedArticleIsDropped) {
  EXPECT_EQ(Tokens("Département de l’industrie", SchemaFamily::kOrganization, 1),
            (std::vector<std::string>{"departement", "de", "industrie"}));
  EXPECT_EQ(Tokens("Coup d'Etat Holding", SchemaFamily::kOrganization), (std::vector<std::string>{"coup", "etat", "holding"}));
  EXPECT_EQ(Tokens("Azienda dell'Energia", SchemaFamily::kOrganization), (std::vector<std::string>{"azienda", "energia"}));
  // Only a whole article before a vowel: O'Brien, a consonant after it, or a word ending in l stay.
  EXPECT_EQ(Tokens("O'Brien Trading", SchemaFamily::kOrganization), (std::vector<std::string>{"obrien", "trading"}));
  EXPECT_EQ(Tokens("D'Brand", SchemaFamily::kOrganization), (std::vector<std::string>{"dbrand"}));
  EXPECT_EQ(Tokens("Abdul'Aziz Trading", SchemaFamily::kOrganization), (std::vector<std::string>{"abdulaziz", "trading"}));
  // A person's elided particle is part of the surname.
  EXPECT_EQ(Tokens("Tania D'Amelio", SchemaFamily::kPerson), (std::vector<std::string>{"tania", "damelio"}));
}

TEST(Normalize, FrenchSpanishMexicanAndTurkishFormsAreForms) {
  auto mexican = NormalizeName("CENTRO COMERCIAL LOMAS, S.A. DE C.V.", SchemaFamily::kOrganization)[0];
  EXPECT_EQ(mexican.legal_forms, (std::vector<std::string>{"SA"}));
  EXPECT_EQ(mexican.tokens, (std::vector<std::string>{"centro", "comercial", "lomas"}));
  EXPECT_EQ(NormalizeName("GANADEROS DEL NORTE, S. DE R.L. DE C.V.", SchemaFamily::kOrganization)[0].legal_forms,
            (std::vector<std::string>{"SRL"}));
  EXPECT_EQ(NormalizeName("KOTO COMMERCIO IBERICA, S.L.", SchemaFamily::kOrganization)[0].legal_forms,
            (std::vector<std::string>{"SRL"}));
  // Turkish: limited şirketi, anonim şirketi.
  EXPECT_EQ(NormalizeName("TRIGRON LOJISTIK KARGO LTD. ŞTİ.", SchemaFamily::kOrganization)[0].legal_forms,
            (std::vector<std::string>{"LTD"}));
  EXPECT_EQ(Tokens("RAMOR DIS TICARET ANONIM SIRKETI", SchemaFamily::kOrganization),
            (std::vector<std::string>{"ramor", "dis", "ticaret"}));
  EXPECT_EQ(NormalizeName("Gemini S.A.S.U.", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"SA"}));
  EXPECT_EQ(Tokens("Gemini SASU", SchemaFamily::kOrganization), (std::vector<std::string>{"gemini"}));
  EXPECT_EQ(NormalizeName("Dupont EURL", SchemaFamily::kOrganization)[0].legal_forms, (std::vector<std::string>{"SRL"}));
  // A word is no misspelt four-letter form: KHASU sounds one edit from SASU.
  EXPECT_EQ(Tokens("OOO PAMKIN KHASU", SchemaFamily::kOrganization), (std::vector<std::string>{"pamkin", "khasu"}));
}

TEST(Normalize, SurnameFirstMarksTheSurnameAndMiddleNamesOptional) {
  auto f = NormalizeName("PUTIN, Vladimir Vladimirovich", SchemaFamily::kPerson)[0];
  EXPECT_EQ(f.tokens, (std::vector<std::string>{"putin", "vladimir", "vladimirovich"}));
  EXPECT_EQ(f.roles, (std::vector<TokenRole>{TokenRole::kSurname, TokenRole::kNormal, TokenRole::kOptional}));
  // Written in natural order, no word is known to be the surname; a firm's comma is no surname's.
  EXPECT_EQ(NormalizeName("Vladimir Putin", SchemaFamily::kPerson)[0].roles[1], TokenRole::kNormal);
  EXPECT_EQ(NormalizeName("ACME, Inc", SchemaFamily::kOrganization)[0].roles[0], TokenRole::kNormal);
  auto g = NormalizeName("I.A. Rotenberg", SchemaFamily::kPerson)[0];
  EXPECT_EQ(g.roles[0], TokenRole::kInitial);
}

TEST(Normalize, AKoreanGivenNameWrittenApartIsOneGivenName) {
  // Chol is half of the given name Yong Chol, not a middle name: Kim Yong is another person.
  auto korean = NormalizeName("KIM, Yong Chol", SchemaFamily::kPerson)[0];
  EXPECT_EQ(korean.roles, (std::vector<TokenRole>{TokenRole::kSurname, TokenRole::kGivenPart, TokenRole::kGivenPart}));
  // In either order without a comma, and in a South Korean spelling (Young for Yong).
  const std::vector<TokenRole> given_first = {TokenRole::kGivenPart, TokenRole::kGivenPart, TokenRole::kNormal};
  EXPECT_EQ(NormalizeName("Young-Chol KIM", SchemaFamily::kPerson)[0].roles, given_first);
  EXPECT_EQ(NormalizeName("KIM YONG CHOL", SchemaFamily::kPerson)[0].roles[2], TokenRole::kGivenPart);
  EXPECT_EQ(NormalizeName("John Michael Kim", SchemaFamily::kPerson)[0].roles[0], TokenRole::kNormal);
  // A Korean surname before given names that are no Korean syllables, or a surname of another
  // language, keeps the middle name optional.
  auto other = NormalizeName("LEE, John Michael", SchemaFamily::kPerson)[0];
  EXPECT_EQ(other.roles[2], TokenRole::kOptional);
  EXPECT_EQ(NormalizeName("PETROV, Yong Chol", SchemaFamily::kPerson)[0].roles[2], TokenRole::kOptional);
  EXPECT_EQ(NormalizeName("KIM, Yong Chol Su", SchemaFamily::kPerson)[0].roles[3], TokenRole::kOptional);
}

TEST(Normalize, APersonsLineageIsOptional) {
  using R = TokenRole;
  auto f = NormalizeName("Tarak Ben Taher Ben Faleh Ouni Harzi", SchemaFamily::kPerson)[0];
  EXPECT_EQ(f.roles, (std::vector<R>{R::kNormal, R::kOptional, R::kOptional, R::kOptional, R::kOptional, R::kNormal,
                                     R::kNormal}));
  // Joined to its particle, the lineage is one optional word.
  auto g = NormalizeName("Mohammed bin Salman Al Saud", SchemaFamily::kPerson)[0];
  EXPECT_EQ(g.tokens, (std::vector<std::string>{"mohammed", "binsalman", "alsaud"}));
  EXPECT_EQ(g.roles, (std::vector<R>{R::kNormal, R::kOptional, R::kNormal}));
  // Ben as a first name, or at the end, is no lineage; nor is a firm's Ben.
  EXPECT_EQ(NormalizeName("Ben Smith", SchemaFamily::kPerson)[0].roles, (std::vector<R>{R::kNormal, R::kNormal}));
  EXPECT_EQ(NormalizeName("SMITH, Ben", SchemaFamily::kPerson)[0].roles, (std::vector<R>{R::kSurname, R::kNormal}));
  auto firm = NormalizeName("Ben Ali Ben Omar Trading", SchemaFamily::kOrganization)[0];
  EXPECT_EQ(std::count(firm.roles.begin(), firm.roles.end(), R::kOptional), 0);
}

TEST(Normalize, AFirmsNounOfKindIsMarked) {
  auto firm = NormalizeName("Davis Group LLC", SchemaFamily::kOrganization)[0];
  EXPECT_EQ(firm.tokens, (std::vector<std::string>{"davis", "group"}));
  EXPECT_EQ(firm.roles, (std::vector<TokenRole>{TokenRole::kNormal, TokenRole::kKind}));
  // A person's name has no such nouns: Marine is a given name.
  auto person = NormalizeName("Marine Le Pen", SchemaFamily::kPerson)[0];
  EXPECT_EQ(std::count(person.roles.begin(), person.roles.end(), TokenRole::kKind), 0);
}

// A place after a firm's own words says where; before them, or with nothing of the firm's own, it
// may be the name (Bank of Moscow, Moscow Trading).
TEST(Normalize, APlaceAfterAFirmsOwnWordsIsMarked) {
  using R = TokenRole;
  auto branch = NormalizeName("Bank Saderat Iran London Branch", SchemaFamily::kOrganization)[0];
  EXPECT_EQ(branch.tokens, (std::vector<std::string>{"bank", "saderat", "iran", "london", "branch"}));
  EXPECT_EQ(branch.roles, (std::vector<R>{R::kKind, R::kNormal, R::kPlace, R::kPlace, R::kKind}));
  EXPECT_EQ(NormalizeName("Bank of Moscow", SchemaFamily::kOrganization)[0].roles.back(), R::kNormal);
  EXPECT_EQ(NormalizeName("Moscow Trading", SchemaFamily::kOrganization)[0].roles,
            (std::vector<R>{R::kNormal, R::kKind}));
  auto person = NormalizeName("Vladimir Putin Moscow", SchemaFamily::kPerson)[0];
  EXPECT_EQ(std::count(person.roles.begin(), person.roles.end(), R::kPlace), 0);
}

TEST(Normalize, TitlesAndVesselPrefixesAreDropped) {
  EXPECT_EQ(Tokens("AL ZAWAHIRI, Dr. Ayman", SchemaFamily::kPerson), (std::vector<std::string>{"alzawahiri", "ayman"}));
  EXPECT_EQ(Tokens("M/V Finval", SchemaFamily::kVessel), (std::vector<std::string>{"finval"}));
  EXPECT_EQ(Tokens("MV Finval", SchemaFamily::kVessel), (std::vector<std::string>{"finval"}));
  EXPECT_EQ(Tokens("MT Diamond II", SchemaFamily::kVessel), (std::vector<std::string>{"diamond", "2"}));
  // After a particle a title's word is a name: AL-SHAYKH is a surname, and "al" stays with it.
  EXPECT_EQ(Tokens("AL-SHAYKH, Diyab", SchemaFamily::kPerson), (std::vector<std::string>{"alshaykh", "diyab"}));
  EXPECT_EQ(Tokens("Sheikh Diyab", SchemaFamily::kPerson), (std::vector<std::string>{"diyab"}));
}

TEST(Similarity, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(DamerauLevenshtein("supermarket", "supemrarket"), 1);
  EXPECT_EQ(DamerauLevenshtein("lavrov", "labrov"), 1);
  EXPECT_EQ(DamerauLevenshtein("abc", "xyz123", 2), 3);
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_EQ(Skeleton("mohammed"), Skeleton("muhammad"));
  // French and Maghreb spellings of Arabic letters meet the transliteration's: ش, ج, ق.
  EXPECT_EQ(Skeleton("cherif"), Skeleton("shryf"));
  EXPECT_EQ(Skeleton("djamel"), Skeleton("jmal"));
  EXPECT_EQ(Skeleton("kassem"), Skeleton("qasm"));
  EXPECT_EQ(Skeleton("abdelkader"), Skeleton("abdalqadr"));
  EXPECT_EQ(Skeleton("mustapha"), Skeleton("mstfy"));
  EXPECT_EQ(Skeleton("youcef"), Skeleton("ywsf"));
  EXPECT_EQ(Skeleton("cohen"), Skeleton("khn"));
  // A final ة, written t, is said a: Hamza and Hamzat alike.
  EXPECT_EQ(Skeleton("hamza"), Skeleton("hmzt"));
  EXPECT_EQ(Skeleton("jamaat"), Skeleton("jmaa"));
  EXPECT_NE(Skeleton("kassem"), Skeleton("hasm"));
  EXPECT_EQ(Skeleton("at"), "t");  // a lone consonant stays
  // A doubled consonant is one; one consonant again after vowels too (the article's l meets the
  // word's: ul-lah, ud-din), unless it is the word's only one: Dawood is "dd", not "d".
  EXPECT_EQ(Skeleton("hassan"), "hsn");
  EXPECT_EQ(Skeleton("alaulaqi"), "lk");
  EXPECT_EQ(Skeleton("dawood"), "dd");
  EXPECT_EQ(Skeleton("dawd"), Skeleton("dawood"));
  EXPECT_EQ(Skeleton("ali"), "l");
}

TEST(Similarity, ALatinSpellingSaysTheLongVowelsAnArabicWordWrites) {
  struct Case {
    const char* arabic;
    const char* latin;
    bool agree;
  };
  const Case cases[] = {
      // بشار (ا between sh and r) is Bashar and Bachar, not Bushra or Basheer (بشرى, بشير).
      {"bshar", "bashar", true}, {"bshar", "bachar", true}, {"bshar", "bushra", false},
      {"bshar", "basheer", false}, {"bshyr", "basheer", true}, {"bshyr", "bashar", false},
      // A single e is ا as Maghreb and Levantine spellings write it (Rashed, Imed); vowels the
      // Arabic leaves unwritten may be spelt any way (Muhammad, Mohammed); و is said v too.
      {"rshad", "rashed", true}, {"mhmd", "mohammed", true}, {"mhmwd", "mahmoud", true},
      {"mhmwd", "mahmad", false}, {"jwad", "javad", true},
      // Not said as long vowels: the article's ا, the hamza seat after it, و in خوا.
      {"abdallh", "abdullah", true}, {"alaslam", "alislam", true}, {"khwajh", "khajeh", true},
      // Before the first consonant and after the last nothing is asked, nor of pointed Arabic,
      // nor between a lone consonant twice (داود, Dawood).
      {"asamt", "usama", true}, {"muhamad", "mohammed", true}, {"dawd", "dod", true}};
  for (const Case& c : cases) EXPECT_EQ(WrittenVowelsAgree(c.arabic, c.latin), c.agree) << c.arabic << " ~ " << c.latin;
  // Past sixteen consonants nothing is asked; the packed words are what the index keeps.
  const std::string many = "bdfgjklmnprstzbdfgj";
  EXPECT_TRUE(WrittenVowelsAgree("bshar" + many, "bushr" + many));
  EXPECT_EQ(SpeltVowelGaps("bashar", "bshr"), SpeltVowelGaps("bachar", "bshr"));
  EXPECT_FALSE(VowelGapsAgree(WrittenVowelGaps("bshar", "bshr"), SpeltVowelGaps("bushra", "bshr")));
}

TEST(Similarity, SkeletonSaysWhenItDroppedAFinalT) {
  auto dropped = [](std::string_view word) { return SkeletonDroppedFinalT(word, Skeleton(word)); };
  EXPECT_TRUE(dropped("hmzt"));
  EXPECT_TRUE(dropped("qst"));       // קשת, Keshet: the drop Hebrew words are checked for
  EXPECT_TRUE(dropped("jamaatu"));   // vowels after the t do not hide it
  EXPECT_FALSE(dropped("hamza"));
  EXPECT_FALSE(dropped("at"));       // too short to drop
  EXPECT_FALSE(dropped("matt"));     // "mt": two consonants keep their t
  EXPECT_FALSE(dropped("kassem"));
}

}  // namespace
}  // namespace embargo::text

namespace embargo::text {
namespace {

std::vector<std::vector<std::string>> KoreanTokens(std::string_view name, SchemaFamily family = SchemaFamily::kAny) {
  std::vector<std::vector<std::string>> out;
  for (const auto& f : KoreanNameReadings(name, family, 8)) {
    EXPECT_EQ(f.scheme, "korean");
    out.push_back(f.tokens);
  }
  return out;
}

TEST(KoreanNames, RussianSpellingIsReadAsTheListsSpellKoreanNames) {
  using V = std::vector<std::string>;
  // Final н is n or ng in Russian: every reading, the lists' spelling among them.
  auto kim = KoreanTokens("Ким Чен Ын");
  EXPECT_EQ(kim.size(), 4u);
  EXPECT_NE(std::find(kim.begin(), kim.end(), V{"kim", "jong", "un"}), kim.end());
  EXPECT_EQ(KoreanTokens("Чхве Рён Хэ").front(), (V{"choe", "ryon", "hae"}));
  EXPECT_EQ(KoreanTokens("Ли Пён Чхоль").front(), (V{"ri", "pyon", "chol"}));
}

TEST(KoreanNames, RevisedRomanisationIsReadAsTheNorthsSpelling) {
  using V = std::vector<std::string>;
  EXPECT_EQ(KoreanTokens("Kim Jong-eun"), (std::vector<V>{{"kim", "jong", "un"}}));
  EXPECT_EQ(KoreanTokens("Park Geun-hye"), (std::vector<V>{{"pak", "kun", "hye"}}));
  // Nothing to add when the name is written as the lists write it.
  EXPECT_TRUE(KoreanTokens("Kim Jong Un").empty());
}

TEST(KoreanNames, HangulNamesAreReadAsTheNorthWritesThem) {
  using V = std::vector<std::string>;
  // Each syllable a word, as at a word's start: 금 is kum there, gum inside a word.
  EXPECT_EQ(KoreanTokens("노광철"), (std::vector<V>{{"no", "kwang", "chol"}}));
  EXPECT_EQ(KoreanTokens("신금철"), (std::vector<V>{{"sin", "kum", "chol"}}));
  EXPECT_EQ(KoreanTokens("박봉주"), (std::vector<V>{{"pak", "pong", "ju"}}));  // the surname as listed
  // Firms, names in several words and single syllables are not read so.
  EXPECT_TRUE(KoreanTokens("신금철", SchemaFamily::kOrganization).empty());
  EXPECT_TRUE(KoreanTokens("주식회사 주혁").empty());
  EXPECT_TRUE(KoreanTokens("김").empty());
}

TEST(KoreanNames, OtherNamesHaveNoKoreanReading) {
  EXPECT_TRUE(KoreanTokens("Kim Smith").empty());
  EXPECT_TRUE(KoreanTokens("Ким Иванов").empty());
  EXPECT_TRUE(KoreanTokens("Han Solo").empty());
  EXPECT_TRUE(KoreanTokens("Kim Jong-eun", SchemaFamily::kOrganization).empty());
  EXPECT_TRUE(KoreanTokens("Kim").empty());
}

TEST(ShortForms, AShortFormIsReadAsEachOfItsFullNames) {
  auto form = NormalizeName("Nick Maduro", SchemaFamily::kPerson)[0];
  auto readings = ShortFormReadings(form, SchemaFamily::kPerson, 4);
  ASSERT_EQ(readings.size(), 2u);  // Nicholas, Nikolai
  EXPECT_EQ(readings[0].tokens, (std::vector<std::string>{"nicholas", "maduro"}));
  EXPECT_EQ(readings[0].read_token, 0);
  EXPECT_EQ(readings[0].read_from, "nick");
  EXPECT_EQ(readings[0].scheme, "short-form");
  EXPECT_EQ(readings[1].tokens[0], "nikolai");
  // At most `limit`; none for one-word names, organisations, or names without a short form.
  EXPECT_EQ(ShortFormReadings(NormalizeName("Alex Smith", SchemaFamily::kPerson)[0], SchemaFamily::kPerson, 1).size(), 1u);
  EXPECT_TRUE(ShortFormReadings(NormalizeName("Nick", SchemaFamily::kPerson)[0], SchemaFamily::kPerson, 4).empty());
  // A surname is read as written.
  EXPECT_TRUE(ShortFormReadings(NormalizeName("BILL, Wilson", SchemaFamily::kPerson)[0], SchemaFamily::kPerson, 4).empty());
  EXPECT_TRUE(ShortFormReadings(form, SchemaFamily::kOrganization, 4).empty());
  EXPECT_TRUE(ShortFormReadings(NormalizeName("Vladimir Putin", SchemaFamily::kPerson)[0], SchemaFamily::kPerson, 4).empty());
}

// ICU's own fold, as FoldToLatin finishes it, the letters ICU leaves (ArabicLetterRead) read
// first and what shows nothing (default-ignorables, C1 controls) dropped: the reference for the
// letter-by-letter table.
std::string IcuFold(const std::string& utf8) {
  static std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::Transliterator>(
        icu::Transliterator::createInstance("NFKC; Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  }();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  for (int32_t i = u.length() - 1; i >= 0; --i)
    if (UChar32 c = u.charAt(i); (c >= 0x80 && c <= 0x9F) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
      u.remove(i, 1);
  for (int32_t i = 0; i < u.length(); ++i)
    if (const char32_t arabic = ArabicLetterRead(static_cast<char32_t>(u.charAt(i)))) u.setCharAt(i, static_cast<char16_t>(arabic));
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  for (size_t at; (at = out.find("\xC9\x99")) != std::string::npos;) out.replace(at, 2, "a");
  return out;
}

TEST(Normalize, LetterByLetterFoldAgreesWithIcu) {
  std::vector<char32_t> letters;
  for (char32_t c = 0xC0; c <= 0x24F; ++c) letters.push_back(c);
  for (char32_t c = 0x400; c <= 0x4FF; ++c) letters.push_back(c);  // with the combining marks: ICU's path
  for (char32_t c = 0x590; c <= 0x5FF; ++c) letters.push_back(c);  // with its points
  for (char32_t c = 0x600; c <= 0x6FF; ++c) letters.push_back(c);  // with its vowel signs and digits
  for (char32_t c : {0xA0, 0xAB, 0xBB, 0x200C, 0x200D, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x2116})
    letters.push_back(c);
  for (char c : std::string("AbZ -.'1")) letters.push_back(static_cast<unsigned char>(c));
  std::mt19937 random(20261130);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t length = i < static_cast<int>(letters.size()) ? 1 : 1 + random() % 24;
    for (size_t k = 0; k < length; ++k) AppendUtf8(s, i < static_cast<int>(letters.size()) ? letters[i] : letters[random() % letters.size()]);
    ASSERT_EQ(FoldToLatin(s), IcuFold(s)) << s;
  }
  // Names in Arabic script (Persian and Urdu letters among them) and in Hebrew: letters, spaces,
  // hyphens and Persian's zero-width non-joiner.
  std::vector<char32_t> arabic = {' ', '-', ' ', 0x200C}, hebrew = {' ', '-', ' '};
  for (char32_t c = 0x621; c <= 0x64A; ++c) arabic.push_back(c);
  for (char32_t c = 0x671; c <= 0x6D3; ++c) arabic.push_back(c);
  for (char32_t c = 0x5D0; c <= 0x5EA; ++c) hebrew.push_back(c);
  for (int i = 0; i < 10000; ++i) {
    const std::vector<char32_t>& pick = i % 2 ? hebrew : arabic;
    std::string s;
    for (size_t k = 0, length = 1 + random() % 16; k < length; ++k) AppendUtf8(s, pick[random() % pick.size()]);
    ASSERT_EQ(FoldToLatin(s), IcuFold(s)) << s;
  }
  EXPECT_EQ(FoldToLatin("محمد بن سلمان"), "mhmd bn slman");
  EXPECT_EQ(FoldToLatin("علی‌آبادی"), IcuFold("علی‌آبادی"));
  EXPECT_EQ(FoldToLatin("משה כהן"), IcuFold("משה כהן"));
  EXPECT_EQ(FoldToLatin("Ёлкин Тёмкин"), IcuFold("Ёлкин Тёмкин"));
  EXPECT_EQ(FoldToLatin("Müller-Łukasz Þór"), "muller-lukasz thor");
  EXPECT_EQ(FoldToLatin("ООО «ВИКТОРИЯ» №\u00A05"), IcuFold("ООО «ВИКТОРИЯ» №\u00A05"));
}

// ICU leaves the letters Urdu, Pashto, Sindhi, Kurdish and Uyghur add to the Arabic alphabet as
// they are, and folding dropped them: اللہ was "all", ځدران "dran". Each is read as an Arabic letter.
TEST(Normalize, EveryLetterOfTheArabicScriptIsRead) {
  EXPECT_EQ(Tokens("ثناء اللہ غفاری", SchemaFamily::kPerson), Tokens("ثناء الله غفاری", SchemaFamily::kPerson));
  EXPECT_EQ(Tokens("محمد عمر ځدران", SchemaFamily::kPerson), (std::vector<std::string>{"mhmd", "amr", "zdran"}));
  EXPECT_EQ(Tokens("ابراھیم", SchemaFamily::kPerson), (std::vector<std::string>{"abrahym"}));
  EXPECT_EQ(Tokens("طارق گیدڑ گروپ", SchemaFamily::kOrganization), (std::vector<std::string>{"tarq", "gydr", "grwp"}));
  // Hamza (ء, ٴ) and ayn fold to the modifier letters the tokenizer leaves out; every other letter
  // (general category Lo) to Latin letters.
  for (char32_t cp = 0x620; cp <= 0x6FF; ++cp) {
    if (u_charType(static_cast<UChar32>(cp)) != U_OTHER_LETTER || cp == 0x621 || cp == 0x639 || cp == 0x674) continue;
    std::string letter;
    AppendUtf8(letter, cp);
    const std::string folded = FoldToLatin(letter);
    EXPECT_TRUE(!folded.empty() && std::all_of(folded.begin(), folded.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        << std::hex << static_cast<uint32_t>(cp) << " " << letter << " -> " << folded;
  }
}

// Names of Han ideographs, spaces and brackets are read character by character from ICU's
// answers; a character ICU reads by the next one (重庆, 藏文), when that one follows, takes its
// reading before it.
TEST(Normalize, HanByCharacterFoldAgreesWithIcu) {
  std::vector<char32_t> han;
  for (char32_t c = 0x3400; c <= 0x4DBF; ++c) han.push_back(c);
  for (char32_t c = 0x4E00; c <= 0x9FFF; ++c) han.push_back(c);
  for (char32_t c : han) {
    std::string s;
    AppendUtf8(s, c);
    ASSERT_EQ(FoldToLatin(s), IcuFold(s)) << s;
  }
  // Strings of common ideographs, the context rules' characters, spaces and brackets.
  const std::u32string common = U"习近平李明王伟张中国石油天然气集团有限公司重庆藏文沈阳秘鲁金正恩", pick = common + U"  （）()";
  std::mt19937 random(20261202);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (size_t k = 0, length = 1 + random() % 12; k < length; ++k)
      AppendUtf8(s, i % 2 ? pick[random() % pick.size()] : han[random() % han.size()]);
    ASSERT_EQ(FoldToLatin(s), IcuFold(s)) << s;
  }
  EXPECT_EQ(FoldToLatin("习近平"), "xi jin ping");
  EXPECT_EQ(FoldToLatin("重庆"), "chong qing");  // ICU's context rule
  EXPECT_EQ(FoldToLatin("重"), "zhong");
  EXPECT_EQ(FoldToLatin("重 庆"), "chong qing");
  EXPECT_EQ(FoldToLatin("重  庆"), IcuFold("重  庆"));
  EXPECT_EQ(FoldToLatin("西藏自治区"), IcuFold("西藏自治区"));
  EXPECT_EQ(FoldToLatin("李  明"), IcuFold("李  明"));
  EXPECT_EQ(FoldToLatin("A习B"), IcuFold("A习B"));  // with a Latin letter: ICU's spacing, by ICU
  EXPECT_EQ(FoldToLatin("燃气（集团）有限"), "ran qi (ji tuan) you xian");
  EXPECT_EQ(FoldToLatin("集）（团"), IcuFold("集）（团"));
}

}  // namespace
}  // namespace embargo::text

namespace embargo::text {
namespace {

TEST(ParenthesisedNames, AShortNameInParenthesesIsSplitOff) {
  auto split = [](std::string_view name) {
    auto s = SplitParenthesisedName(name);
    return s ? s->short_name + " / " + s->long_name : std::string("none");
  };
  // The long name's initials in order, or its first word; either way round.
  EXPECT_EQ(split("ISLAMIC JIHAD UNION (IJU)"), "IJU / ISLAMIC JIHAD UNION");
  EXPECT_EQ(split("THE ISLAMIC REPUBLIC OF IRAN SHIPPING LINES (IRISL)"), "IRISL / THE ISLAMIC REPUBLIC OF IRAN SHIPPING LINES");
  EXPECT_EQ(split("Huawei Technologies Co., Ltd. (Huawei)"), "Huawei / Huawei Technologies Co., Ltd.");
  EXPECT_EQ(split("ASMAT (APPLIED SYSTEMS METHODS AND TECHNOLOGY)"), "ASMAT / APPLIED SYSTEMS METHODS AND TECHNOLOGY");
  EXPECT_EQ(split("ABZAR BORESH KAVEH CO. (BK CO.)"), "BK CO. / ABZAR BORESH KAVEH CO.");
  // A place, a legal form, a translation, a note with digits or another name are no short name.
  for (const char* name : {"PJSC VTB BANK (KIEV)", "VTB BANK, PJSC (UKRAINE)", "CHINA COMMUNICATIONS CONSTRUCTION GROUP (LIMITED)",
                           "PARTIDO COMUNISTA DEL PERU (COMMUNIST PARTY OF PERU)", "SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)",
                           "RIYADUS-SALIKHIN RECONNAISSANCE AND SABOTAGE BATTALION OF SHAHIDS (MARTYRS)", "IRGCAF (PASDARAN)",
                           "SOCCER ZONE (MNC GROUP INTERNATIONAL, INC.)", "(IJU)", "ISLAMIC JIHAD UNION", "A (B) C (D)"})
    EXPECT_EQ(split(name), "none") << name;
}

TEST(ParenthesisedNames, ANameIsAlsoReadWithoutTheParenthesesItEndsWith) {
  auto outside = [](std::string_view name) { return WithoutTrailingParentheses(name).value_or("none"); };
  EXPECT_EQ(outside("Encep Nurjaman (birth name)"), "Encep Nurjaman");
  EXPECT_EQ(outside("SANTOS, Ahmad (Ahmed)"), "SANTOS, Ahmad");
  EXPECT_EQ(outside("Jin Tiesan (金铁三)"), "Jin Tiesan");
  EXPECT_EQ(outside("PJSC VTB BANK (KIEV) "), "PJSC VTB BANK");
  // Nothing before the parentheses, or only a legal form; parentheses not at the end, or twice.
  for (const char* name : {"(IJU)", "LLC (ROMASHKA)", "ISLAMIC JIHAD UNION", "A (B) C", "A (B) C (D)", "A (B (C))"})
    EXPECT_EQ(outside(name), "none") << name;
}

TEST(ParenthesisedNames, NamesWithinANameAreEachAName) {
  auto within = [](std::string_view name, SchemaFamily family = SchemaFamily::kOrganization) {
    std::string out;
    for (const std::string& n : NamesWithin(name, family)) out += (out.empty() ? "" : " / ") + n;
    return out;
  };
  // Around a marker, dotted (AKA INTEGRAL SERVICES is a name), several after it between semicolons.
  EXPECT_EQ(within("DANA HOLDINGS A.K.A DANA ASTRA"), "DANA HOLDINGS / DANA ASTRA");
  EXPECT_EQ(within("Gazprom Sotsinvest, OOO (f.k.a., Gazprominvestarena OOO)"),
            "Gazprom Sotsinvest, OOO / Gazprominvestarena OOO");
  EXPECT_EQ(within("Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)"),
            "Mexpar International, Inc. / Pasadena Aerospace / Aviation Logistics and Supply");
  EXPECT_EQ(within("AKA INTEGRAL SERVICES, S. DE R.L. DE C.V."), "");
  // Parentheses, and an organisation's short name in them; a person's name only without them.
  EXPECT_EQ(within("F.K.A. Office of Scientific and Industrial Studies (OSIS)"),
            "Office of Scientific and Industrial Studies (OSIS) / Office of Scientific and Industrial Studies / OSIS");
  EXPECT_EQ(within("ISLAMIC JIHAD UNION (IJU)"), "ISLAMIC JIHAD UNION / IJU");
  EXPECT_EQ(within("Encep Nurjaman (birth name)", SchemaFamily::kPerson), "Encep Nurjaman");
  EXPECT_EQ(within("GAZPROM"), "");
}

TEST(JointNames, EachSideOfTwoWordsIsAForm) {
  auto sides = [](std::string_view name, SchemaFamily family = SchemaFamily::kAny) {
    std::string out;
    for (const NameForm& f : JointNameSides(name, family)) {
      EXPECT_EQ(f.scheme, "joint-part") << name;
      std::string words;
      for (const auto& t : f.tokens) words += (words.empty() ? "" : " ") + t;
      out += (out.empty() ? "" : " / ") + words;
    }
    return out;
  };
  EXPECT_EQ(sides("JOHN SMITH AND VLADIMIR PUTIN"), "john smith / vladimir putin");
  EXPECT_EQ(sides("Mr John Smith & Vladimir Putin", SchemaFamily::kPerson), "john smith / vladimir putin");
  EXPECT_EQ(sides("Hans Meier und Olga Petrova und Li"), "hans meier / olga petrova");  // a lone word is left
  EXPECT_EQ(sides("Collier, Kessler and Waters"), "collier kessler");
  EXPECT_EQ(sides("JOHN SMITH C/O VLADIMIR PUTIN"), "john smith / vladimir putin");
  EXPECT_EQ(sides("John Smith FBO Vladimir Putin; Jane Roe"), "john smith / vladimir putin / jane roe");
  EXPECT_EQ(sides("JOHN SMITH (VLADIMIR PUTIN)"), "john smith / vladimir putin");
  EXPECT_EQ(sides("Vladimir Putin (president)"), "vladimir putin");
  EXPECT_EQ(sides("JOHN SMITH"), "");
  EXPECT_EQ(sides("ANDREW SMITH ANDERSON"), "");  // the word, not the letters
  EXPECT_EQ(sides("Bank for Development and Foreign Affairs", SchemaFamily::kOrganization), "");
}

TEST(LookAlikes, AMixedWordIsReadAsTheLatinItLooksLike) {
  EXPECT_EQ(LatinLookAlikeReading("\u041dAMAS"), "HAMAS");                   // Cyrillic Н
  EXPECT_EQ(LatinLookAlikeReading("VT\u0412 \u0412ank"), "VTB Bank");        // Cyrillic В
  EXPECT_EQ(LatinLookAlikeReading("\u0397AMAS, Gaza"), "HAMAS, Gaza");       // Greek Η
  EXPECT_EQ(LatinLookAlikeReading("\u041d\u0410\u041c\u0410S"), "HAMAS");  // a Latin S makes it mixed
  // A name of look-alike capitals alone is read as it looks too (СНАТЕХ: CHATEX; NormalizeName
  // reads it as written first); not one in lower case, nor one with a letter that has no look-alike.
  EXPECT_EQ(LatinLookAlikeReading("\u041d\u0410\u041c\u0410\u0421"), "HAMAC");
  EXPECT_EQ(LatinLookAlikeReading("\u0440\u0430\u0441"), std::nullopt);
  EXPECT_EQ(LatinLookAlikeReading("\u041b\u0410\u041c\u0410"), std::nullopt);
  // Not mixed: all Latin, a Latin i typed for і, a letter with no look-alike (Я).
  EXPECT_EQ(LatinLookAlikeReading("HAMAS"), std::nullopt);
  EXPECT_EQ(LatinLookAlikeReading("\u0421I\u0412\u0410\u041a"), std::nullopt);
  EXPECT_EQ(LatinLookAlikeReading("\u042fMAS"), std::nullopt);
  // Words apart are read apart: a Cyrillic word beside a Latin one stays Cyrillic.
  EXPECT_EQ(LatinLookAlikeReading("\u041e\u041e\u041e HAMAS"), std::nullopt);
}

TEST(LookAlikes, ANameOfLookAlikeCapitalsIsReadAsWrittenFirst) {
  auto forms = NormalizeName("\u0421\u041D\u0410\u0422\u0415\u0425", SchemaFamily::kOrganization);  // СНАТЕХ
  ASSERT_GE(forms.size(), 2u);
  EXPECT_EQ(forms[0].script, Script::kCyrillic);
  bool looks = false;
  for (const auto& f : forms) looks |= f.tokens == std::vector<std::string>{"chatex"};
  EXPECT_TRUE(looks);
}

TEST(LookAlikes, ANameIsNormalisedAsItLooksAndAsItIsWritten) {
  auto forms = NormalizeName("\u041dAMAS", SchemaFamily::kOrganization);
  ASSERT_GE(forms.size(), 2u);
  EXPECT_EQ(forms[0].tokens, std::vector<std::string>{"hamas"});
  bool written = false;
  for (const auto& f : forms) written |= f.tokens == std::vector<std::string>{"namas"};
  EXPECT_TRUE(written);
}

}  // namespace
}  // namespace embargo::text
