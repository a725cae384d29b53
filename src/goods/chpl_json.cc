#include "goods/chpl_json.h"

#include <cstdio>

namespace embargo::goods {

nlohmann::json ChplItemJson(const ChplItem& item) {
  return {{"hs6", item.hs6_text},
          {"tier", item.tier},
          {"tier_meaning", std::string(TierMeaning(item.tier))},
          {"description", item.description}};
}

nlohmann::json ChplMatchJson(const ChplMatch& m) {
  nlohmann::json items = nlohmann::json::array();
  for (const ChplItem* item : m.items) items.push_back(ChplItemJson(*item));
  char hs[8];
  std::snprintf(hs, sizeof hs, m.heading ? "%04u" : "%06u", m.heading ? m.code.hs6 / 100 : m.code.hs6);
  return {{"input", m.code.written},
          {"digits", m.code.digits},
          {m.heading ? "heading" : "hs6", hs},
          {"match", !m.listed() ? "none" : m.heading ? "heading" : "subheading"},
          {"listed", m.listed()},
          {"items", items}};
}

}  // namespace embargo::goods
