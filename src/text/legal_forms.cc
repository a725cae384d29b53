#include "text/legal_forms.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/deletion_keys.h"
#include "text/normalize.h"
#include "text/similarity.h"
#include "text/word_set.h"

namespace embargo::text {

extern const char kLegalFormsTsv[];

namespace {

// Phrases are matched on the phonetic keys of their tokens, so spelling variants of one form
// (OGRANICHENNOY, OGRANICHENNOI) meet; a long word one edit from a form word is corrected first.
struct LegalFormTable {
  std::unordered_map<std::string, std::string> code_by_phrase;  // token keys joined by ' '
  std::unordered_set<std::string> vocabulary;                   // keys of every form word
  std::unordered_map<std::string, std::string> key_by_word;     // every form word as spelt
  WordSet one_word_forms;                                       // forms of one word, as spelt
  size_t max_tokens = 1;
  // To find the words one edit away without comparing every word: each word and every string
  // one deletion from it, to the words' positions in the lists below.
  std::vector<std::pair<std::string, std::string>> words;  // key_by_word's entries
  std::vector<std::string> vocabulary_words;                // vocabulary's entries
  std::unordered_map<uint64_t, std::vector<uint32_t>> near_word, near_vocabulary;  // by hash
};

// Keys of a word and of each string one deletion from it: words one edit apart share one.
template <typename Fn>
void ForEachOneDeletion(std::string_view s, Fn&& fn) {
  keys::ForEachDeletion(s, 1, 0xcbf29ce484222325ULL, std::forward<Fn>(fn));
}

using NearIndex = std::unordered_map<uint64_t, std::vector<uint32_t>>;

void IndexNear(const std::vector<std::string>& words, NearIndex& near) {
  for (uint32_t i = 0; i < words.size(); ++i) ForEachOneDeletion(words[i], [&](uint64_t h) { near[h].push_back(i); });
}

// Appends to `out` the key (`key_of`) of every word of `near` that `token` is one edit from and
// `accept` takes, each key once.
template <typename Word, typename Accept, typename KeyOf>
void KeysNear(const std::string& token, const NearIndex& near, Word&& word, Accept&& accept, KeyOf&& key_of,
              std::vector<std::string>& out) {
  ForEachOneDeletion(token, [&](uint64_t h) {
    auto it = near.find(h);
    if (it == near.end()) return;
    for (uint32_t i : it->second) {
      const std::string& key = key_of(i);
      if (std::find(out.begin(), out.end(), key) != out.end() || !accept(word(i))) continue;
      if (DamerauLevenshtein(token, word(i), 1) <= 1) out.push_back(key);
    }
  });
}

// Abbreviations that stand for a form word inside longer forms (CO., LTD. = COMPANY LIMITED).
std::string_view Expand(std::string_view token) {
  if (token == "ltd") return "limited";
  if (token == "co") return "company";
  if (token == "corp") return "corporation";
  if (token == "inc") return "incorporated";
  if (token == "pvt") return "private";
  if (token == "jt") return "joint";
  return token;
}

// A word of four letters or fewer is matched as written: its sound is shared by too many words
// (the surname Du would be the Balkan d.o.o., the word Khasu the French SASU).
std::string Key(std::string_view token) {
  std::string_view word = Expand(token);
  if (word.size() <= 4) return "=" + std::string(word);
  return PhoneticKey(word);
}

std::string Join(const std::vector<std::string>& tokens, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += ' ';
    out += tokens[i];
  }
  return out;
}

void AddPhrase(LegalFormTable& t, std::vector<std::string> tokens, const std::string& code) {
  if (tokens.size() == 1) t.one_word_forms.insert(tokens[0]);
  for (auto& token : tokens) {
    if (token.size() >= 5) t.key_by_word.emplace(token, Key(token));
    token = Key(token);
    t.vocabulary.insert(token);
  }
  t.max_tokens = std::max(t.max_tokens, tokens.size());
  t.code_by_phrase.emplace(Join(tokens, 0, tokens.size()), code);
}

const LegalFormTable& Table() {
  static const LegalFormTable table = [] {
    LegalFormTable t;
    std::string_view tsv(kLegalFormsTsv);
    while (!tsv.empty()) {
      size_t eol = tsv.find('\n');
      std::string_view line = tsv.substr(0, eol);
      tsv = eol == std::string_view::npos ? std::string_view() : tsv.substr(eol + 1);
      if (line.empty() || line[0] == '#') continue;
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      std::string code(line.substr(0, tab));
      std::string_view spellings = line.substr(tab + 1);
      while (!spellings.empty()) {
        size_t bar = spellings.find('|');
        std::string_view spelling = spellings.substr(0, bar);
        spellings = bar == std::string_view::npos ? std::string_view() : spellings.substr(bar + 1);
        for (std::string_view scheme : {"", "bgn", "iso9"}) {
          auto tokens = Tokenize(FoldToLatin(spelling, scheme));
          if (tokens.empty()) continue;
          AddPhrase(t, tokens, code);
          // Two words of a form written together (CLOSED JOINTSTOCK COMPANY).
          for (size_t i = 0; i + 1 < tokens.size(); ++i) {
            if (tokens[i].size() < 2 || tokens[i + 1].size() < 2) continue;  // a.s. is not "as"
            std::vector<std::string> glued(tokens.begin(), tokens.begin() + i);
            glued.push_back(tokens[i] + tokens[i + 1]);
            glued.insert(glued.end(), tokens.begin() + i + 2, tokens.end());
            AddPhrase(t, glued, code);
          }
        }
      }
    }
    t.words.assign(t.key_by_word.begin(), t.key_by_word.end());
    std::vector<std::string> spelt;
    for (const auto& [word, key] : t.words) spelt.push_back(word);
    IndexNear(spelt, t.near_word);
    t.vocabulary_words.assign(t.vocabulary.begin(), t.vocabulary.end());
    IndexNear(t.vocabulary_words, t.near_vocabulary);
    return t;
  }();
  return table;
}

}  // namespace

bool IsLegalFormToken(std::string_view token) {
  return Table().code_by_phrase.count(Key(token)) > 0;
}

bool IsLegalFormAsSpelt(const std::string& token) { return Table().one_word_forms.contains(token); }

bool IsOrganisationNoun(std::string_view token) {
  static const WordSet kNouns = {
      "academy", "administration", "aerospace", "affiliate", "agency", "airlines", "army", "association",
      "authority", "aviation", "bank", "battalion", "branch", "brigade", "bureau", "center", "centre", "chemical", "chemicals", "college",
      "commission", "committee", "company", "construction", "cooperative", "corporation", "council", "defense",
      "defence", "department", "design", "development", "directorate", "division", "electronics", "energy",
      "engineering", "enterprise", "enterprises", "equipment", "establishment", "export", "factory", "foundation",
      "front", "fund", "group", "holding", "holdings", "hospital", "import", "industrial", "industries", "industry",
      "institute", "institution", "international", "investment", "investments", "laboratory", "laboratories",
      "logistics", "machinery", "manufacturing", "marine", "maritime", "media", "military", "ministry", "movement",
      "network", "office", "organisation", "organization", "partners", "petroleum", "plant", "production",
      "regiment", "regional", "representative", "research", "scientific", "services", "shipping", "society", "solutions", "subsidiary", "supply", "systems",
      "technologies", "technology", "trading", "union", "university", "works"};
  return kNouns.contains(token);
}

bool IsPartNoun(std::string_view token) {
  static const WordSet kParts = {"affiliate", "branch",         "division", "office",
                                                               "regional",  "representative", "subsidiary"};
  return kParts.contains(token);
}

bool IsPlaceName(std::string_view token) {
  // Countries and the cities where firms keep branches and offices, one word each: "hong" and "kong"
  // both stand, "new" (York) and "abu" (Dhabi) do not.
  static const WordSet kPlaces = {
      // Countries and territories.
      "afghanistan", "albania", "algeria", "angola", "arabia", "argentina", "armenia", "australia", "austria",
      "azerbaijan", "bahamas", "bahrain", "bangladesh", "belarus", "belgium", "belize", "bermuda", "bolivia",
      "bosnia", "brazil", "bulgaria", "burma", "cambodia", "cameroon", "canada", "cayman", "chile", "china",
      "colombia", "crimea", "croatia", "cuba", "cyprus", "czechia", "denmark", "ecuador", "egypt", "emirates",
      "eritrea", "estonia", "ethiopia", "finland", "france", "georgia", "germany", "ghana", "gibraltar", "greece",
      "hungary", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy", "japan", "jordan", "kazakhstan",
      "kenya", "korea", "kosovo", "kuwait", "kyrgyzstan", "lanka", "laos", "latvia", "lebanon", "liberia", "libya",
      "liechtenstein", "lithuania", "luxembourg", "macau", "malaysia", "mali", "malta", "mauritius", "mexico",
      "moldova", "monaco", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "nepal", "netherlands",
      "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan", "palestine", "panama", "paraguay", "peru",
      "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "serbia", "seychelles",
      "singapore", "slovakia", "slovenia", "somalia", "spain", "sudan", "sweden", "switzerland", "syria", "taiwan",
      "tajikistan", "tanzania", "thailand", "tunisia", "turkey", "turkiye", "turkmenistan", "uganda", "ukraine",
      "uruguay", "uzbekistan", "vanuatu", "venezuela", "vietnam", "yemen", "zambia", "zealand", "zimbabwe",
      // Cities and regions.
      "almaty", "amman", "amsterdam", "ankara", "astana", "athens", "baghdad", "baku", "bangkok", "basra", "beijing",
      "beirut", "belgrade", "berlin", "bishkek", "bratislava", "brussels", "bucharest", "budapest", "cairo",
      "caracas", "chennai", "chisinau", "damascus", "delhi", "dhabi", "doha", "donetsk", "dubai", "dushanbe",
      "frankfurt", "geneva", "guangzhou", "hamburg", "havana", "helsinki", "hong", "hongkong", "istanbul", "izmir",
      "jakarta", "jeddah", "kabul", "karachi", "kazan", "khartoum", "kiev", "kong", "kuala", "kyiv", "lagos",
      "lahore", "limassol", "lisbon", "london", "luanda", "luhansk", "lumpur", "madrid", "managua", "manila",
      "mersin", "milan", "minsk", "moscow", "mumbai", "munich", "muscat", "nairobi", "novosibirsk", "paris",
      "petersburg", "prague", "pyongyang", "riga", "riyadh", "rome", "rotterdam", "samara", "sanaa", "seoul",
      "sevastopol", "shanghai", "sharjah", "shenzhen", "sofia", "stockholm", "tashkent", "tbilisi", "tehran",
      "tianjin", "tokyo", "tripoli", "vienna", "vilnius", "vladivostok", "warsaw", "yekaterinburg", "yerevan",
      "zurich"};
  return kPlaces.contains(token);
}

namespace {

// What a token may stand for in a form's phrase: its own key, or the keys of the form words it
// misspells by one edit (`corrected`); and, for a four-letter word, the five-letter form words
// it is one edit from (`loose`: JOIT, STCK, SOCK), taken only beside a word of the phrase that
// needs no such guess, since too many short words are one edit from a form word.
struct TokenOptions {
  std::vector<std::string> corrected;
  std::vector<std::string> loose;
  bool form_word = false;   // some reading is a word of a form's phrase
  bool vocabulary = false;  // the token as written is a word of a form's phrase
  bool by_sound = false;    // read as a form word only by a sound one edit off (SAMAN: sahami am)
};

TokenOptions OptionsOf(const LegalFormTable& table, const std::string& token) {
  TokenOptions o;
  std::string key = Key(token);
  if (table.vocabulary.count(key)) {
    o.corrected.push_back(std::move(key));
    o.form_word = o.vocabulary = true;
    return o;
  }
  auto spelt = [&](uint32_t i) -> const std::string& { return table.words[i].first; };
  auto spelt_key = [&](uint32_t i) -> const std::string& { return table.words[i].second; };
  auto lengths_near = [](size_t a, size_t b) { return a + 1 >= b && b + 1 >= a; };
  if (token.size() >= 5) {
    KeysNear(token, table.near_word, spelt, [&](const std::string& w) { return lengths_near(w.size(), token.size()); },
             spelt_key, o.corrected);
    if (o.corrected.empty() && key.size() >= 4) {
      auto vocabulary_word = [&](uint32_t i) -> const std::string& { return table.vocabulary_words[i]; };
      KeysNear(key, table.near_vocabulary, vocabulary_word,
               [&](const std::string& w) { return lengths_near(w.size(), key.size()) && w.size() >= 4; }, vocabulary_word,
               o.corrected);
      o.by_sound = !o.corrected.empty();
    }
  } else if (token.size() == 4) {
    KeysNear(token, table.near_word, spelt, [](const std::string& w) { return w.size() == 5; }, spelt_key, o.loose);
  }
  o.form_word = !o.corrected.empty() || !o.loose.empty();
  if (o.corrected.empty()) o.corrected.push_back(std::move(key));
  return o;
}

// Tokens' options, kept per thread: the same words (LLC, OOO, TRADING, common names) come back in
// most names. Emptied when full, between names only, so options handed out stay valid.
class KeptOptions {
 public:
  static KeptOptions& ForThread() {
    thread_local KeptOptions kept;
    return kept;
  }
  void MakeRoom() {
    if (kept_.size() >= kMaxTokens) kept_.clear();
  }
  const TokenOptions& Of(const LegalFormTable& table, const std::string& token) {
    auto it = kept_.find(token);
    if (it == kept_.end()) it = kept_.emplace(token, OptionsOf(table, token)).first;
    return it->second;
  }

 private:
  static constexpr size_t kMaxTokens = 1 << 16;
  std::unordered_map<std::string, TokenOptions> kept_;
};

// A token's options, looked up when a phrase first asks for them: forms stand at the start or
// the end of a name, so the words between are mostly never asked about.
class LazyOptions {
 public:
  LazyOptions(const LegalFormTable& table, KeptOptions& kept, const std::vector<std::string>& tokens)
      : table_(table), kept_(kept), tokens_(tokens), options_(tokens.size(), nullptr) {}
  const TokenOptions& operator[](size_t i) {
    if (!options_[i]) options_[i] = &kept_.Of(table_, tokens_[i]);
    return *options_[i];
  }
  void Erase(size_t begin, size_t len) { options_.erase(options_.begin() + begin, options_.begin() + begin + len); }

 private:
  const LegalFormTable& table_;
  KeptOptions& kept_;
  const std::vector<std::string>& tokens_;  // erased from in step with the options
  std::vector<const TokenOptions*> options_;
};

// The code of a phrase any reading of `options` [begin, begin + len) spells, or null. Readings
// are tried in order, at most a few dozen.
const std::string* PhraseCode(const LegalFormTable& table, LazyOptions& options, size_t begin, size_t len) {
  // Every word of a phrase is a form word: most names have none, and no reading is spelt out.
  for (size_t i = 0; i < len; ++i)
    if (!options[begin + i].form_word) return nullptr;
  // A sound one edit off is a guess too many for a form of one word: SAMAN BANK is no PJSC BANK.
  if (len == 1 && options[begin].by_sound) return nullptr;
  std::vector<size_t> pick(len, 0);
  for (int tries = 0; tries < 64; ++tries) {
    size_t loosened = 0;
    std::string phrase;
    for (size_t i = 0; i < len; ++i) {
      const TokenOptions& o = options[begin + i];
      bool loose = pick[i] >= o.corrected.size();
      loosened += loose;
      if (i) phrase += ' ';
      phrase += loose ? o.loose[pick[i] - o.corrected.size()] : o.corrected[pick[i]];
    }
    if (loosened == 0 || (len >= 2 && loosened < len)) {
      auto it = table.code_by_phrase.find(phrase);
      if (it != table.code_by_phrase.end()) return &it->second;
    }
    size_t i = 0;  // the next reading: an odometer over the tokens' options
    for (; i < len; ++i) {
      const TokenOptions& o = options[begin + i];
      if (++pick[i] < o.corrected.size() + o.loose.size()) break;
      pick[i] = 0;
    }
    if (i == len) break;
  }
  return nullptr;
}

// Abbreviated forms that no name begins or ends with, written together with the name
// (JSCARGUMENT, DWCLLC): split off when at least three letters of name remain.
void SplitGluedForms(const LegalFormTable& table, KeptOptions& kept, std::vector<std::string>& tokens) {
  static constexpr std::string_view kPrefixes[] = {"ojsc", "pjsc", "cjsc", "jsc", "ooo", "oao", "llc", "gmbh"};
  static constexpr std::string_view kSuffixes[] = {"ojsc", "pjsc", "cjsc", "jsc", "llc", "ltd", "gmbh", "fzco", "fze"};
  if (tokens.empty()) return;
  auto known = [&](const std::string& t) { return kept.Of(table, t).vocabulary; };
  if (!known(tokens.front()))
    for (std::string_view p : kPrefixes)
      if (tokens.front().size() >= p.size() + 3 && tokens.front().compare(0, p.size(), p) == 0) {
        std::string rest = tokens.front().substr(p.size());
        tokens.front() = std::string(p);
        tokens.insert(tokens.begin() + 1, std::move(rest));
        break;
      }
  if (!known(tokens.back()))
    for (std::string_view p : kSuffixes) {
      const std::string& last = tokens.back();
      if (last.size() >= p.size() + 3 && last.compare(last.size() - p.size(), p.size(), p) == 0) {
        std::string rest = last.substr(0, last.size() - p.size());
        tokens.back() = std::string(p);
        tokens.insert(tokens.end() - 1, std::move(rest));
        break;
      }
    }
}

}  // namespace

std::vector<std::string> ExtractLegalForms(std::vector<std::string>& tokens) {
  const LegalFormTable& table = Table();
  KeptOptions& kept = KeptOptions::ForThread();
  kept.MakeRoom();
  SplitGluedForms(table, kept, tokens);
  std::vector<std::string> codes;
  LazyOptions options(table, kept, tokens);
  auto take = [&](size_t begin, size_t len, const std::string& code) {
    codes.push_back(code);
    tokens.erase(tokens.begin() + begin, tokens.begin() + begin + len);
    options.Erase(begin, len);
  };
  bool found = true;
  while (found && tokens.size() > 1) {
    found = false;
    // Longest phrase first, at the start, then at the end; a name token always remains.
    for (size_t len = std::min(table.max_tokens, tokens.size() - 1); len >= 1 && !found; --len) {
      if (const std::string* head = PhraseCode(table, options, 0, len)) {
        take(0, len, *head);
        found = true;
      } else if (const std::string* tail = PhraseCode(table, options, tokens.size() - len, len)) {
        take(tokens.size() - len, len, *tail);
        found = true;
      }
    }
  }
  return codes;
}

}  // namespace embargo::text
