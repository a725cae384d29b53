// A listed name mentioned in a party's own name line: another party's, or the party's own.
#pragma once

#include <string>
#include <string_view>

#include "embargo/screener.h"

namespace embargo {

// Why a mention (a hit of TextScanner, at bytes [begin, end) of `line`: the name line, or the
// lines of the name a mention runs across joined by line breaks; a span past its end is read to
// the end) in a party's name line is the party's own name rather than another party's, or empty
// when it is another party's. Another
// party's: a listed person or firm parted from the rest of the line on both sides by the line's
// ends, punctuation ("/", ",", "&"), a word that joins two parties ("AND", "C/O", "FBO") or, after
// it, a legal form ("... AND SBERBANK PJSC"); a line of its own unless it is the whole name
// (`whole_name`: screened as a name already); or a listed name written out whole at the end of a
// name of two words or more ("KLAUS BERGMANN ROSOBORONEXPORT"). The party's own: a vessel (many
// bear given names: BUENO, JAZMIN), part of a word (Han names run on without spaces), and words
// that run on into the party's own ("SAMINA OLIMOVA", "Hudson Community Savings Bank").
std::string MentionOfOwnName(const Hit& hit, std::string_view line, size_t begin, size_t end, bool whole_name);

// Why a mention at bytes [begin, end) of `text`, a place (a town, a district, a birth place), is
// the place rather than a listed party, or empty: a vessel (vessels bear place names), or a firm
// named after the place whose other words are not there ("Saint Petersburg" for BANK
// SAINT-PETERSBURG PJSC). A person, or a firm's name written whole ("Rosoboronexport"), is a
// listed party's.
std::string MentionOfPlace(const Hit& hit, std::string_view text, size_t begin, size_t end);

}  // namespace embargo
