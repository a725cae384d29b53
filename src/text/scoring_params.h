// The parameters of the name score (docs/SCORING.md), in one place: the scorer, the index's
// variant keys, the screener's bounds and the free-text scanner's prefilter all read them here.
#pragma once

namespace embargo::scoring {

// Token similarity.
inline constexpr double kExact = 1.0;
inline constexpr double kPhonetic = 0.95;          // phonetic keys equal (Shoygu / Shoigu)
inline constexpr double kInitial = 0.9;            // "I." ~ "Igor"
inline constexpr double kPhoneticEditFactor = 0.97;  // an edit on the phonetic key counts a little less
// Words of at most kShortPhoneticLength letters that sound alike but are two or more edits apart
// (Khan, HAYAN) meet at kPhoneticFar, under the threshold on their own.
inline constexpr int kShortPhoneticLength = 5;
inline constexpr double kPhoneticFar = 0.78;
// Words of at most kFarSpellingLength letters meet by an edit on the phonetic key only when their
// spellings are at most kPhoneticEditSpelling edits apart.
inline constexpr int kFarSpellingLength = 8;
inline constexpr int kPhoneticEditSpelling = 1;
inline constexpr double kSkeletonLong = 0.9;       // consonant skeletons equal, 3+ consonants (abjad scripts)
inline constexpr double kSkeletonShort = 0.8;      // ... fewer consonants
inline constexpr int kShortSkeletonWordLength = 4;
inline constexpr double kLatinSkeleton = 0.85;     // two Latin spellings whose vowels alone differ (Mohammed, Muhammad)  // a one-consonant skeleton meets words this short only
inline constexpr double kJoined = 0.98;            // factor for one word against two written apart
inline constexpr double kMinTokenSimilarity = 0.74;  // pairs under this do not count
inline constexpr int kMinEditLength = 4;           // a word shorter than this meets another only exactly or by sound
inline constexpr int kTwoEditLength = 9;           // words this long may differ by two edits
// Joined words (one against two written apart) differ by at most this many letters in length.
inline constexpr int kJoinedLengthSlack = 2;

// Token weights.
inline constexpr double kInitialWeight = 0.35;     // an initial says little
inline constexpr double kOptionalUnmatched = 0.4;  // share of an unmatched middle name's weight
// A query's number that the list name does not give (VLADIMIR PUTIN 1952, SBERBANK 7) weighs as
// little as an initial; against a name with numbers of its own (IRAN HORMUZ 25, FU YUAN YU F91),
// and in a vessel's or an aircraft's name, it counts whole.
inline constexpr double kStrayNumberWeight = kInitialWeight;
inline constexpr double kMiddleNameForGiven = 0.5;  // a middle name met where the first given name is not
inline constexpr double kGivenPartAlone = 0.5;      // a syllable of a Korean given name met without the other

// Name score = Q^kQueryExponent x L^kListExponent.
inline constexpr double kQueryExponent = 0.6;
inline constexpr double kListExponent = 0.4;
inline constexpr double kLegalFormMismatch = 0.97;  // factor when both sides name different legal forms
// Factor when a query initial is left over and the list name leaves a word with another first
// letter (John E. Peterson, John James Peterson).
inline constexpr double kInitialConflict = 0.9;
inline constexpr double kKoreanReading = 0.9;       // factor for a name read as Korean (金正恩, Ким Чен Ын ~ Kim Jong Un)
// Factor for a name read by a guess: an Arabic-script name with a final ه as a vowel (شحاته ~
// Shihata), its letters as Persian says them where no Persian letter says it is Persian (فضل ~
// Fazl); a Hebrew name as Israelis say its unpointed letters (יעקב ~ Yaakov, פדרמן ~ Federman).
inline constexpr double kGuessedReading = 0.97;
inline constexpr double kShortFormReading = 0.95;   // factor on a short form read as its full name (Nick ~ Nicholas)
// One word (an alias such as "Hassan" or "Mohammad", or a query "Mohammed") identifies a person
// only when it is rare: a match of a person where either name is one word is scaled by
// min(1, weight / kDistinctiveWeight). A weight of 7 is a word borne by about one entity in a
// thousand.
inline constexpr double kDistinctiveWeight = 7.0;
// A list name of one word of at most this many letters (an acronym: MEC, JAA) meets a query word
// only spelt alike, never by sound or skeleton.
inline constexpr int kShortAliasLength = 4;
// A name of one word met by a spelling edit rests on that edit: in words under this many letters
// one letter off joins too many other words (Stark, STORK; Davis, NAVIS; Koch, KOACH), so such a
// meet is scaled by kShortOneWordEdit and cannot alert alone.
inline constexpr int kOneWordEditLength = 6;
inline constexpr double kShortOneWordEdit = 0.9;
// A name of one word met only through its consonant skeleton (الصفار ~ AL-SAFIR) rests on guessed
// vowels: it meets as a short skeleton scaled as a short one-word edit, and cannot alert alone.
inline constexpr double kOneWordSkeleton = kSkeletonShort * kShortOneWordEdit;

// Secondary evidence (match/evidence.cc): added to the name score.
inline constexpr double kBirthDateExact = 0.06;
inline constexpr double kBirthMonth = 0.04;
inline constexpr double kBirthYear = 0.03;
inline constexpr double kBirthDateNear = -0.04;      // a year apart, day and month swapped, a digit mistyped
inline constexpr double kBirthDateApart = -0.15;      // same year, or at most kBirthYearsApart apart
inline constexpr int kBirthYearsApart = 5;            // sources often disagree on a birth year by a few
inline constexpr double kBirthDateConflict = -0.25;
inline constexpr double kCountryMatch = 0.03;
inline constexpr double kCountryMismatch = -0.05;
// Screening a firm against a listed firm: a firm is bound to where it is registered, so no country
// in common costs twice a person's; comparing records costs more (kCompareCountryConflict).
inline constexpr double kFirmCountryMismatch = -0.10;
inline constexpr double kIdentifierMatchFloor = 0.99;  // an equal identifier raises the score to this
// A listed branch BIC met by another branch or the head office of its bank: the same institution,
// not the listed branch itself (a branch of a listed BIC8 is the bank: kIdentifierMatchFloor).
inline constexpr double kBicSameInstitution = 0.90;
inline constexpr double kIdentifierMismatch = -0.05;
inline constexpr double kIdentifierConflict = -0.15;  // comparing entities: same kind, another value
inline constexpr double kCompareSchemaMismatch = -0.5;  // comparing entities: person vs organisation
inline constexpr double kCompareCountryConflict = -0.25;  // comparing organisations: no country in common
inline constexpr double kCompareNameConflict = -0.10;  // comparing records: each name keeps a word the other lacks, or one is "... of" the other
// The query's type against the entity's.
inline constexpr double kSchemaMismatch = -0.15;     // person vs organisation, organisation vs vessel
inline constexpr double kSchemaFar = -0.30;          // person vs vessel or aircraft
// The query's type against what an untyped record's names read as (FamilyReadFromNames): a guess,
// so it costs less than a stated type.
inline constexpr double kSchemaReadMismatch = -0.10;
// A query typed as an organisation whose name carries a legal form (OOO, LLC, GmbH) is a firm by
// its own words too: a person it meets, listed or read as one, is that much further from it.
inline constexpr double kSchemaNamedFirmFactor = 2.0;
// The most evidence can add: a name this far under the threshold may still alert.
inline constexpr double kMaxBirthDateGain = kBirthDateExact;
inline constexpr double kMaxCountryGain = kCountryMatch;

// Most tokens a name may have to be scored (longer queries are refused, longer list names cut).
inline constexpr int kMaxNameTokens = 64;
// Most readings of short forms a query adds (each is one more search).
inline constexpr int kMaxShortFormReadings = 4;
// Most readings of a Korean name's Russian spelling a query adds (final н is n or ng).
inline constexpr int kMaxKoreanReadings = 8;

}  // namespace embargo::scoring
