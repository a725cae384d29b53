// `embargo goods CODE...`: HS/HTS codes against the Common High Priority List.
#include <iostream>

#include "cli/commands.h"
#include "common/json_text.h"
#include "goods/chpl.h"
#include "goods/chpl_json.h"

namespace embargo::cli {

CommandResult RunGoods(const GoodsArgs& a) {
  const goods::Chpl& chpl = goods::Chpl::Embedded();
  std::vector<goods::ChplMatch> matches;
  std::string malformed;  // the messages of malformed codes
  for (const std::string& code : a.codes) {
    auto m = chpl.Check(code);
    if (!m.ok()) {
      malformed += (malformed.empty() ? "" : "; ") + m.status().message();
      continue;
    }
    matches.push_back(std::move(m).value());
  }
  bool listed = false;
  for (const auto& m : matches) listed |= m.listed();
  if (a.format == "json") {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& m : matches) results.push_back(goods::ChplMatchJson(m));
    nlohmann::json out = {{"list", "CHPL"}, {"version", chpl.version()}, {"listed", listed}, {"results", results}};
    if (!malformed.empty()) out["error"] = "malformed HS code (see stderr); the other codes are shown";
    std::cout << JsonText(out, 2) << "\n";
  } else {
    std::cout << "CHPL version " << chpl.version() << "\n";
    for (const auto& m : matches) {
      if (!m.listed()) {
        std::cout << m.code.written << "\tnot listed\n";
        continue;
      }
      if (m.heading) {
        std::cout << m.code.written << "\tHEADING: " << m.items.size()
                  << " listed subheading(s) under " << m.code.digits << "\n";
      }
      for (const goods::ChplItem* item : m.items) {
        std::cout << (m.heading ? "  " : "") << m.code.written << "\tLISTED " << item->hs6_text << "\ttier "
                  << item->tier << " (" << goods::TierMeaning(item->tier) << ")\t" << item->description << "\n";
      }
    }
  }
  if (!malformed.empty()) return Status::InvalidArgument(malformed);
  return AlertIf(listed);
}

}  // namespace embargo::cli
