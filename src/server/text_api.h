// POST /v1/screen/text: listed names mentioned in a text (see include/embargo/text_scan.h).
#pragma once

#include <string>

#include "server/api.h"

namespace embargo::server {

// Body: the text itself (text/plain, or no Content-Type), or JSON {"text": "...", "threshold": 0.8}
// when the Content-Type names JSON in any spelling (IsJsonMediaType); any other type is a 415
// naming it (markup or a form's encoding would hide names).
// Query parameter `threshold` overrides the default. Text that is not UTF-8 is a 400 naming the
// byte offset. The scanner is the list version's own (Snapshot::text_scanner).
Reply ScreenText(const ApiContext& ctx, const Params& params, const std::string& content_type, const std::string& body);

}  // namespace embargo::server
