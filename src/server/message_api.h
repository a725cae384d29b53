// POST /v1/screen/message: a payment message in, a verdict per message out (docs/PAYMENTS.md).
#pragma once

#include <string>

#include "server/api.h"

namespace embargo::server {

// Body: the raw message (SWIFT MT, an RJE batch, ISO 20022 XML) or JSON {"message": "..."};
// query parameter or JSON member `threshold`. 200 with {"verdict", "results": [...]} when every
// message was read, verdict ERROR included; 422 when none could be parsed; 400 for a bad body.
Reply ScreenMessage(const ApiContext& ctx, const Params& params, const std::string& body);

}  // namespace embargo::server
