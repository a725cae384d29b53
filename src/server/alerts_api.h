// The store behind the HTTP service: recording /v1/screen requests and the /v1/alerts endpoints
// (list, show, decide). Thin: parse, call the Store, map the Status to an HTTP reply.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "embargo/decision_store.h"
#include "server/api.h"

namespace embargo::server {

// Thread-safety: any number of request threads. Each request borrows a Store connection from a
// pool (a Store is single-threaded); a connection that failed is dropped, not reused.
class AlertsApi {
 public:
  // Opens (and migrates) the store once, so a bad store fails at start-up.
  static StatusOr<std::unique_ptr<AlertsApi>> Open(const std::string& target, const DecisionStoreOptions& options,
                                                   bool record_always);

  // After /v1/screen produced `reply`: records each party the request asks for ("record": true,
  // per party or for all; CheckRecordFields) or every one when the server records always, and adds the record, verdict and alert ids (or suppressions). A
  // recording failure turns the reply into a 503 that says nothing was recorded.
  Reply RecordScreen(const ApiContext& ctx, const nlohmann::json& request, const std::string& caller, Reply reply);

  Reply List(const Params& params);
  Reply Get(const std::string& id);
  // Records the decision of `principal` (the API key's; empty without authentication, when the
  // body's "reviewer" names a principal registered in the store) holding `roles`. A "reviewer"
  // in the body that is not the key's principal is refused (403): a key decides only as itself.
  // Either way the principal must be registered in the store.
  Reply Decide(const std::string& id, const std::string& body, const std::string& principal, RoleSet roles);

  // The store's principal of that name (any spelling); nullopt when the store has none.
  StatusOr<std::optional<Principal>> FindPrincipal(const std::string& name);
  // The same with its password hash ("" when none set), as SignInRecord reads them.
  StatusOr<std::optional<std::pair<Principal, std::string>>> FindSignInRecord(const std::string& name);

  // A connection of the pool; give it back with Release unless it failed (the workbench's use).
  StatusOr<std::unique_ptr<DecisionStore>> Acquire();
  void Release(std::unique_ptr<DecisionStore> store);

 private:
  AlertsApi(std::string target, DecisionStoreOptions options, bool record_always);

  std::string target_;
  DecisionStoreOptions options_;
  bool record_always_;
  std::mutex mu_;
  std::vector<std::unique_ptr<DecisionStore>> pool_;
};

// A store's error as an HTTP reply: 409 already_decided or four_eyes, 400, 403, 404, else 503.
Reply StoreError(const Status& status);

// The recording fields of a /v1/screen body, at the top level and per party, checked before
// anything is screened: `record` is true or false, `customer_id` a string. A party's own fields
// apply to it; a party without `record` follows the request's.
Status CheckRecordFields(const nlohmann::json& request);

// When the request asked for recording (at the top level or for a party) but the server has no
// store: 400 naming the field.
Reply RecordWithoutStore(const nlohmann::json& request, Reply reply);

}  // namespace embargo::server
