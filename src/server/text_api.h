// POST /v1/screen/text: listed names mentioned in a text (see include/embargo/text_scan.h).
#pragma once

#include <memory>
#include <string>

#include "server/api.h"

namespace embargo {
class TextScanner;
}

namespace embargo::server {

// Body: the text itself (any Content-Type but JSON), or JSON {"text": "...", "threshold": 0.8}.
// Query parameter `threshold` overrides the default. Text that is not UTF-8 is a 400 naming the
// byte offset. The scanner is built on first use for each list version and then shared.
// The free-text scanner for a list version: built on first use, shared until a newer version
// asks (tens of milliseconds to build). Null when it cannot be built.
std::shared_ptr<const TextScanner> ScannerFor(const Snapshot& snap);

Reply ScreenText(const ApiContext& ctx, const Params& params, const std::string& content_type, const std::string& body);

}  // namespace embargo::server
