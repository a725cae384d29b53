#include "cli/output.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string_view>

namespace embargo::cli {
namespace {

std::string HowInWords(const TokenMatch& t) {
  const std::string& how = t.how;
  if (how == "exact") return t.query + " = " + t.list + " exactly";
  if (how == "transliterated") return t.query + " = " + t.list + ", transliterated";
  if (how == "initial") return t.query + " = " + t.list + ", as an initial";
  if (how == "joined") return t.query + " = " + t.list + ", written together";
  if (how == "phonetic") return t.query + " \u2248 " + t.list + ", sounds the same";
  if (how == "skeleton") return t.query + " \u2248 " + t.list + ", same consonants";
  if (how == "korean_reading") return t.query + " = " + t.list + ", read as a Korean name";
  if (how == "short_form") return t.query + " \u2248 " + t.list + ", a short form of the name";
  std::string edits = t.edits ? " (" + std::to_string(t.edits) + (t.edits == 1 ? " edit)" : " edits)") : "";
  if (how == "edit_distance") return t.query + " \u2248 " + t.list + ", spelled differently" + edits;
  if (how == "phonetic_edit") return t.query + " \u2248 " + t.list + ", sounds nearly the same" + edits;
  return t.query + " \u2248 " + t.list + " (" + how + ")";
}

std::string TokenInWords(const TokenMatch& t) {
  std::string words = HowInWords(t);
  return t.note.empty() ? words : words + "; " + std::string(t.note);
}

std::string Quoted(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return "\"" + out + "\"";
}

}  // namespace

namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

void PrintColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], CodePoints(row[i]));
    }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - CodePoints(row[i]) + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

std::string Score3(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", score);
  return buf;
}

std::string PlainExplanation(const Hit& hit) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  for (const TokenMatch& t : hit.tokens) add(TokenInWords(t));
  if (!hit.unmatched_query.empty()) add("the query's " + Quoted(hit.unmatched_query) + " not in the list name");
  if (!hit.unmatched_list.empty()) add("the list name's " + Quoted(hit.unmatched_list) + " not in the query");
  for (const Evidence& e : hit.evidence) add(e.detail);
  return out;
}

Hit HitFromExplanationJson(const nlohmann::json& j) {
  Hit h;
  if (!j.is_object()) return h;
  h.matched_name = j.value("matched_name", "");
  h.name_score = j.value("name_score", 0.0);
  for (const auto& t : j.value("tokens", nlohmann::json::array()))
    h.tokens.push_back({t.value("query", ""), t.value("list", ""), t.value("how", ""), t.value("edits", 0),
                        t.value("similarity", 0.0)});
  h.unmatched_query = j.value("unmatched_query_tokens", std::vector<std::string>{});
  h.unmatched_list = j.value("unmatched_list_tokens", std::vector<std::string>{});
  for (const auto& e : j.value("evidence", nlohmann::json::array()))
    h.evidence.push_back({e.value("kind", ""), e.value("detail", ""), e.value("effect", 0.0)});
  return h;
}

std::string WhatMatched(const Hit& hit) {
  if (hit.matched_name.empty() && hit.tokens.empty()) {
    for (const Evidence& e : hit.evidence)
      if (e.kind == "identifier" && e.effect > 0) return "by identifier: " + e.detail;
    return "no name (score from other evidence)";
  }
  return "\"" + hit.matched_name + "\" (name score " + Score3(hit.name_score) + ")";
}

}  // namespace embargo::cli
