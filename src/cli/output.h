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

// JSON as written on the output: bytes that are not UTF-8 (a file's name, a quoted line) shown as
// U+FFFD instead of stopping the command with the JSON library's words.
std::string JsonText(const nlohmann::json& j, int indent = -1);

// A score as people read it: 0.970.
std::string Score3(double score);

}  // namespace embargo::cli
