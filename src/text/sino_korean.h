// Sino-Korean readings of Han characters (generated from Unihan by make_sino_korean.py): a Korean
// name written in Han characters is read as Korean too (金正恩 -> 김정은 -> Kim Jong Un).
#pragma once

namespace embargo::text {

// The Hangul syllable that reads `han` in Korean, preferring the reading used in names; 0 when
// Unihan gives none.
char32_t SinoKoreanReading(char32_t han);

}  // namespace embargo::text
