// HS/HTS code parsing and the Common High Priority List (CHPL) of items Russia seeks for its
// weapons programmes (BIS / EU / Japan / UK, version 2024-02-23; data/goods/). The list is
// embedded in the binary. A Chpl is immutable after construction and safe to share.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/status.h"

namespace embargo::goods {

// An HS or national tariff code as written ("8542.31", "854231", "8542.31.0001", "8542 31 00",
// "HS 854231", "HTS 8542.31.00.01"), reduced to what CHPL screening needs.
struct HsCode {
  std::string written;  // the input, trimmed
  std::string digits;   // every digit, in order ("85423100")
  uint32_t hs6 = 0;     // first six digits (854231); for a heading, the heading times 100 (854200)
  bool heading = false; // exactly four digits: a heading (8542), not a subheading
};

// Parses a code. Accepts an optional "HS"/"HTS"/"HTSUS"/"HS code" prefix and '.', ' ', '-'
// separators. A subheading has 6, 8 or 10 digits; exactly 4 digits is a heading. Anything else
// (letters, 2 or an odd number of digits, more than 10, chapter 00) is an error that quotes the
// input.
[[nodiscard]] StatusOr<HsCode> ParseHsCode(std::string_view text);

struct ChplItem {
  uint32_t hs6 = 0;
  std::string hs6_text;  // "854231"
  std::string tier;      // "1", "2", "3.A", "3.B", "4.A", "4.B" (later versions may add "4.C")
  std::string description;
};

// What a tier stands for (docs/GOODS.md); empty for an unknown tier.
std::string_view TierMeaning(std::string_view tier);

// The items a code matches: one for a listed subheading, every listed subheading under a heading.
struct ChplMatch {
  HsCode code;
  bool heading = false;  // matched as a 4-digit heading: `items` are the subheadings under it
  std::vector<const ChplItem*> items;  // empty: not listed
  bool listed() const { return !items.empty(); }
};

class Chpl {
 public:
  // The embedded list (data/goods/chpl_2024-02-23.csv).
  static const Chpl& Embedded();
  // A CHPL CSV (header tier,hs6,description). `origin` names it in errors (file:line).
  static StatusOr<Chpl> Parse(std::string_view csv, const std::string& origin, std::string version);

  // The item listed for a six-digit subheading, or null. A binary search over a sorted array of
  // uint32 keys: a few nanoseconds.
  const ChplItem* Find(uint32_t hs6) const;
  // Listed subheadings under a heading (hs4 = 8542), in code order.
  std::span<const ChplItem> UnderHeading(uint32_t hs4) const;
  // Parses `code` and looks it up; errors are parse errors.
  [[nodiscard]] StatusOr<ChplMatch> Check(std::string_view code) const;
  ChplMatch Check(const HsCode& code) const;

  const std::string& version() const { return version_; }  // "2024-02-23"
  const std::vector<ChplItem>& items() const { return items_; }

 private:
  std::vector<uint32_t> keys_;   // sorted, parallel to items_
  std::vector<ChplItem> items_;
  std::string version_;
};

}  // namespace embargo::goods
