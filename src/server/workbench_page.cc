// The workbench page: three files compiled in from web/ (no CDN, nothing fetched at run time).
#include "server/workbench_api.h"

namespace embargo::server {

extern const char kWorkbenchHtml[], kWorkbenchCss[], kWorkbenchJs[];  // web/, embedded at build time

namespace {

// Only the page's own files run or style it: no inline script, no other origin, no framing.
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

Reply Asset(const char* text, const char* type) {
  Reply r;
  r.text = text;
  r.content_type = type;
  r.headers = {{"Content-Security-Policy", kContentSecurityPolicy},
               {"X-Content-Type-Options", "nosniff"},
               {"X-Frame-Options", "DENY"},
               {"Referrer-Policy", "no-referrer"},
               {"Cache-Control", "no-cache"}};
  return r;
}

}  // namespace

std::vector<Route> WorkbenchPageRoutes() {
  using R = const Request&;
  using C = const ApiContext&;
  return {
      {"GET", "/", Access::kOpen, false, [](R, C) { return Asset(kWorkbenchHtml, "text/html; charset=utf-8"); }},
      {"GET", "/assets/{name}", Access::kOpen, false,
       [](R req, C) {
         if (req.PathParam() == "app.css") return Asset(kWorkbenchCss, "text/css; charset=utf-8");
         if (req.PathParam() == "app.js") return Asset(kWorkbenchJs, "text/javascript; charset=utf-8");
         return Error(404, "not_found", "no such asset: " + req.PathParam());
       }},
  };
}

}  // namespace embargo::server
