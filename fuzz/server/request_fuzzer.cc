// libFuzzer target for the JSON request bodies of the HTTP service: POST /match/{dataset},
// POST /v1/screen and the reconciliation API's queries and extend get arbitrary bytes. Besides crashes and sanitizer reports it checks the
// handlers' contract: every answer is 200 or a 4xx with {"error": {"code", "message"}}, never a
// server error, and the reply serialises as JSON.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "embargo/screener.h"
#include "fuzz_lists.h"
#include "server/api.h"
#include "server/reconcile_api.h"

namespace {

using namespace embargo;

const server::Snapshot& Snap() {
  static std::shared_ptr<const server::Snapshot> snap = [] {
    auto s = server::MakeSnapshot(fuzz::FuzzLists(), 1);
    if (!s.ok()) std::abort();
    return *s;
  }();
  return *snap;
}

void Check(const server::Reply& r) {
  if (r.status == 200) {
    (void)r.body.dump();
    return;
  }
  if (r.status < 400 || r.status >= 500) std::abort();
  // /v1 errors are {"error": {"code", "message"}}; yente's routes answer {"detail": "..."}.
  const auto& e = r.body.find("error");
  const auto& detail = r.body.find("detail");
  bool v1 = e != r.body.end() && e->contains("code") && e->contains("message");
  bool yente = detail != r.body.end() && (detail->is_string() || detail->is_array());
  if (!v1 && !yente) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  server::ApiContext ctx{Snap()};
  server::Params none;
  server::Params some{{"threshold", "0.7"}, {"limit", "3"}};
  Check(server::Match(ctx, "default", none, body));
  Check(server::Match(ctx, "ofac-sdn", some, body));
  Check(server::Screen(ctx, none, body));
  Check(server::Reconcile(ctx, "default", "", {{"queries", body}}, "http://localhost"));
  Check(server::Reconcile(ctx, "default", "", {{"extend", body}}, "http://localhost"));
  return 0;
}
