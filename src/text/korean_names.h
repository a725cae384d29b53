// Korean personal names as North Korean records on the lists spell them (KIM Jong Un, PAK Pong
// Ju, RI Pyong Chol), read from the Russian spelling of Korean names (Ким Чен Ын, Пак Пон Чжу),
// from South Korea's Revised Romanisation (Kim Jong-eun, Park Bong-ju) and from Hangul (노광철).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/schema.h"
#include "text/normalize.h"

namespace embargo::text {

// Readings of `name` when it is shaped like a Korean personal name (a Korean surname first, then
// one-syllable words; or two to four Hangul syllables, each then read as a word), scheme
// "korean": a weaker reading, as the Korean reading of Han
// characters is. Several when the Russian spelling is ambiguous (final н is n or ng), at most
// `limit`; none for other names, for organisations and vessels, or when the reading changes nothing.
std::vector<NameForm> KoreanNameReadings(std::string_view name, SchemaFamily family, size_t limit);

// Whether a list name "SURNAME, Given Given" (lower-case words) is a Korean personal name: a Korean
// surname, then two syllables written apart (KIM, Yong Chol). They are one given name, not a given
// name and a middle name: Kim Yong is another person.
bool IsKoreanTwoSyllableGivenName(std::span<const std::string> surname, std::span<const std::string> given);

}  // namespace embargo::text
