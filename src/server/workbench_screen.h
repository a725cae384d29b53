// The workbench's "Screen now" beyond a name: a payment message, a trade transaction, a free
// text. Each is screened by the API-key route's own handler (message_api.h, trade_api.h,
// text_api.h); the workbench adds one view of the hits for the page, each list hit explained as a
// name result is, and records the screening as the signed-in principal when asked.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "server/alerts_api.h"
#include "server/api.h"

namespace embargo::server {

enum class ScreenInput { kMessage, kTrade, kText };

// `body`: {"message": "..."}, {"transaction": {...}} or {"text": "..."} by `input`, and optional
// "threshold" (message, text), "record" (boolean) and "customer_id" (string). The reply keeps the
// handler's status and adds {"input", "verdict" (PASS, REVIEW, BLOCK, ERROR), "incomplete",
// "errors", "hits", "result"} and, when recorded, "record" and per hit "alert_id" or "suppressed".
Reply ScreenForWorkbench(ScreenInput input, const ApiContext& ctx, const nlohmann::json& body, AlertsApi& alerts,
                         const std::string& principal);

}  // namespace embargo::server
