// libFuzzer target for the JSON request bodies of the HTTP service: POST /match/{dataset} and
// POST /v1/screen get arbitrary bytes. Besides crashes and sanitizer reports it checks the
// handlers' contract: every answer is 200 or a 4xx with {"error": {"code", "message"}}, never a
// server error, and the reply serialises as JSON.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "embargo/screener.h"
#include "server/api.h"

namespace {

using namespace embargo;

// A small list so that each input runs quickly: a person, a company and a vessel.
const server::Snapshot& Snap() {
  static std::shared_ptr<const server::Snapshot> snap = [] {
    ListLoad list;
    list.dataset = "ofac-sdn";
    list.title = "fuzz";
    auto add = [&](const char* id, Schema schema, const char* name) {
      Entity e;
      e.id = std::string("ofac-sdn:") + id;
      e.dataset = "ofac-sdn";
      e.native_id = id;
      e.schema = schema;
      e.names.push_back({name, NameKind::kPrimary});
      list.entities.push_back(std::move(e));
    };
    add("1", Schema::kPerson, "PUTIN, Vladimir Vladimirovich");
    add("2", Schema::kCompany, "ROSNEFT OIL COMPANY");
    add("3", Schema::kVessel, "SEA STAR");
    list.entities[0].birth_dates.push_back({1952, 10, 7});
    list.entities[2].identifiers.push_back({IdKind::kImo, "7406784", "IMO", ""});
    std::vector<ListLoad> lists;
    lists.push_back(std::move(list));
    auto s = server::MakeSnapshot(std::move(lists), 1);
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
  const auto& e = r.body.find("error");
  if (e == r.body.end() || !e->contains("code") || !e->contains("message")) std::abort();
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
  return 0;
}
