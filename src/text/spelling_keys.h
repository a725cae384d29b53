// Keys under which spellings of one name meet: phonetic keys, consonant skeletons, vowel patterns.
// Kept apart from normalize.cc: they run for every query token and every pair of words, and their
// speed should not hang on how the compiler weighs the rest of normalisation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace embargo::text {

// A key under which spelling variants of one sound meet (SHOIGU, Shoygu, Sojgu -> "soigu").
std::string PhoneticKey(std::string_view token);

// A consonant skeleton for vowel-poor transliterations (Mohammed, Muhammad -> "mhmd"; Cherif,
// Sharif -> "shrf"; Kassem, Qassem -> "ksm").
std::string Skeleton(std::string_view token);
// Whether `skeleton`, Skeleton(token), lost the word's final t: read as a silent ة, which other
// scripts' final t (Hebrew ת) is not.
bool SkeletonDroppedFinalT(std::string_view token, std::string_view skeleton);
// The kinds of vowel (a, i, u) between each two consonants of a word's Skeleton, packed in one
// word: as a Latin spelling spells them (a single e is a or i, ee is i; o, u, w, v are u), or as an
// unpointed Arabic word's transliteration writes them (ا a, ي i, و u), the letters that are not
// said as long vowels left out: an ا before ل (mostly the article's: عبدالله, Abdullah), the
// hamza seat after a word's article (الإسلام, al-Islam), و between خ and ا (خواجه, Khajeh).
// Pointed Arabic asks nothing: its short vowels are not told from long ones.
uint64_t SpeltVowelGaps(std::string_view latin, std::string_view skeleton);  // skeleton: Skeleton(latin)
uint64_t WrittenVowelGaps(std::string_view arabic, std::string_view skeleton);
// Whether a spelling has, between each two consonants, a vowel of each kind the Arabic writes
// there: بشار, "bshar", is Bashar and Bachar, not Bushra or Basheer. True when the skeletons'
// lengths differ.
bool VowelGapsAgree(uint64_t written, uint64_t spelt);
bool WrittenVowelsAgree(std::string_view arabic, std::string_view latin);

// A Latin spelling with each run of vowels written '*' (a, e, i, y) or 'o' (holding an o or a u),
// each doubled letter once: Mohammed, Muhammad -> "moh*m*d"; Hussein, Husayn, Hossein -> "hos*n";
// Hassan is "h*s*n" and Potanin "pot*n*n", Putin "pot*n". Transliterations swap a, e and i, and
// o and u, far more often than a and u. Unlike Skeleton, no letter is read for another.
// Empty for a word without a vowel or with fewer than three consonant sounds (sh, kh, th ...
// one each): too little to say two spellings are one name.
std::string VowelPattern(std::string_view token);
void VowelPattern(std::string_view token, std::string& out);  // into `out`, its room kept

}  // namespace embargo::text
