// libFuzzer targets for the goods, policy and trade parsers, chosen by EMBARGO_FUZZ_KIND:
// 1 HS codes (ParseHsCode + CHPL lookup), 2 geographic policy files and free-text matching,
// 3 trade transaction JSON. Besides crashes and sanitizer reports, each checks its contract.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "goods/chpl.h"
#include "policy/geo_policy.h"
#include "trade/trade.h"

#ifndef EMBARGO_FUZZ_KIND
#error "define EMBARGO_FUZZ_KIND"
#endif

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // #if rather than if constexpr: each binary links only the library its kind needs.
#if EMBARGO_FUZZ_KIND == 1
  {
    auto code = embargo::goods::ParseHsCode(in);
    if (code.ok()) {
      size_t n = code->digits.size();
      Check(n == 4 || (n >= 6 && n <= 10));
      Check(code->hs6 < 1000000 && code->heading == (n == 4));
      auto m = embargo::goods::Chpl::Embedded().Check(*code);
      for (const auto* item : m.items) Check(code->heading ? item->hs6 / 100 == code->hs6 / 100 : item->hs6 == code->hs6);
    } else {
      Check(code.status().message().rfind("HS code '", 0) == 0);  // the error quotes the input
    }
  }
#elif EMBARGO_FUZZ_KIND == 2
  {
    auto policy = embargo::GeoPolicy::Parse(in, "fuzz.conf");
    if (!policy.ok()) Check(policy.status().message().rfind("fuzz.conf:", 0) == 0);
    static const embargo::GeoPolicy def = embargo::GeoPolicy::Default();
    for (const auto& f : def.CheckText(in)) Check(!f.matched.empty() && in.find(f.matched) != std::string_view::npos);
    (void)def.CheckCountry(in);
  }
#else
  {
    auto tx = embargo::trade::ParseTransaction(in);
    if (!tx.ok()) Check(!tx.status().message().empty());
    else Check(!tx->parties.empty() && !tx->goods.empty());
  }
#endif
  return 0;
}
