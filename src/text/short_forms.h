// Short forms and pet names of given names (Nick, Sasha, Bob): a query word that is one is also
// read as the full names it stands for, a weaker reading than the name as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "embargo/schema.h"
#include "text/normalize.h"

namespace embargo::text {

// The full names `token` (normalised) is a short form of; empty when it is none.
const std::vector<std::string>& FullNamesOf(std::string_view token);

// Forms of `form` with one short-form word read as one of its full names (scheme "short-form",
// NameForm::read_token and read_from set), at most `limit`; none for organisations and vessels.
std::vector<NameForm> ShortFormReadings(const NameForm& form, SchemaFamily family, size_t limit);

}  // namespace embargo::text
