// Output helpers: hits in plain words for the table format (the JSON formats keep the token
// notation), columns, CSV fields.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "common/csv.h"  // CsvField
#include "embargo/screener.h"

namespace embargo::cli {

// "Lavrov = LAVROV exactly; Sergey ≈ SERGEI, spelled differently (1 edit); same birth date 1950-03-21".
std::string PlainExplanation(const Hit& hit);

// What matched: `"PUTIN, Vladimir" (name score 0.970)`, or the identifier for a hit found by its
// identifier alone (`IMO 9299719 matches exactly`).
std::string WhatMatched(const Hit& hit);

// The hit a stored explanation describes (ExplanationJson: matched name, tokens, evidence), for
// the plain words above; its entity is null.
Hit HitFromExplanationJson(const nlohmann::json& explanation);

// Rows of cells as columns as wide as their widest cell (in code points), two spaces apart; the
// last column is not padded.
void PrintColumns(const std::vector<std::vector<std::string>>& rows);

// A score as people read it: 0.970.
std::string Score3(double score);

}  // namespace embargo::cli
