// HTTP handlers for trade transactions and goods: POST /v1/screen/trade, GET /v1/goods/{code}.
#pragma once

#include <string>

#include "server/api.h"

namespace embargo::server {

// The body is a transaction (docs/TRADE.md); query parameters set rules ("chpl_transshipment=block",
// "threshold=0.85"). 200 with the verdict; 400 with verdict ERROR when it could not be screened.
Reply ScreenTrade(const ApiContext& ctx, const Params& params, const std::string& body);
// 200 with the CHPL match (listed or not); 400 for a malformed code.
Reply GetGoods(const std::string& code);

}  // namespace embargo::server
