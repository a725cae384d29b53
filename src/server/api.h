// Request and response bodies of the HTTP service: JSON in, core calls, JSON out. No sockets here;
// server.cc routes requests to these functions. Each returns a Reply with the HTTP status.
#pragma once

#include <nlohmann/json.hpp>

#include <ctime>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "embargo/screener.h"
#include "server/http_message.h"

namespace embargo {
class GeoPolicy;
class TextScanner;
namespace payments {
class IdentifierIndex;
}
}  // namespace embargo

namespace embargo::server {

// One loaded list version as the service reports it.
struct ListVersion {
  std::string dataset;
  std::string title;
  std::string content_hash;
  std::string published;  // ISO date when the list says it, else empty
  size_t entities = 0;
  std::time_t as_of = -1;  // publication date (seconds since the epoch), -1 when unknown
  std::string published_detail;     // both dates of a composite list
  std::string accepted_incomplete;  // why a list that failed its checks was loaded (--allow-shrink)
  size_t rejected = 0;              // records its loader rejected: a party among them is not screened
};

// An immutable list version and everything derived from it, built together by MakeSnapshot and
// swapped in as one: no request builds or locks anything of a list version. Shared by the
// requests that started on it. Members are destroyed in reverse order, so the derived indexes go
// before the Screener whose entities they point into.
struct Snapshot {
  std::shared_ptr<const Screener> screener;
  std::shared_ptr<const TextScanner> text_scanner;                // free text (/v1/screen/text, messages)
  std::shared_ptr<const payments::IdentifierIndex> identifiers;  // listed BICs and LEIs (messages)
  std::shared_ptr<const GeoPolicy> policy;                        // countries and regions (messages, trade)
  std::vector<ListVersion> lists;
  std::unordered_map<std::string, const Entity*> by_id;  // into screener's lists
  std::time_t loaded_at = 0;
  uint64_t version = 0;  // 1 for the first load, +1 per reload
  // What changed from the version before (ListUpdateJson in list_update.h); null for a version
  // built without one in memory (the first load after a start).
  nlohmann::json update;
  // ListsJsonText's last answer and the second it was made for.
  struct ListsText {
    std::mutex mutex;
    std::time_t at = -1;
    std::shared_ptr<const std::string> text;
  };
  std::unique_ptr<ListsText> lists_text = std::make_unique<ListsText>();
};

// Builds a Snapshot from loaded lists (moved in) with the given geographic policy (null: the
// built-in one), and its update against `previous` when given. Fails when the lists or anything
// derived from them cannot be built.
StatusOr<std::shared_ptr<const Snapshot>> MakeSnapshot(std::vector<ListLoad> lists, uint64_t version,
                                                       std::shared_ptr<const GeoPolicy> policy = nullptr,
                                                       const Snapshot* previous = nullptr);

// A request body that must be a JSON object, read within the limits of json_body.h.
StatusOr<nlohmann::json> ParseJsonObject(const std::string& body);
// 400 invalid_json with the reader's message.
Reply BadJson(const Status& status);

// {"error": {"code": code, "message": message}} with the given HTTP status.
Reply Error(int status, const std::string& code, const std::string& message);
// The one mapping of a core status code to an HTTP status.
int HttpStatusOf(StatusCode code);
// A core Status as an HTTP error: HttpStatusOf(code), {"code": "not_found", "message": ...}.
Reply ErrorFromStatus(const Status& status);

// yente's error body {"detail": message}, as FastAPI answers; DetailFromStatus answers invalid
// input (400) with 422 as yente does.
Reply Detail(int status, const std::string& message);
Reply DetailFromStatus(const Status& status);
// OpenSanctions' name of a loaded list ("ofac-sdn" -> "us_ofac_sdn"): FtM's [a-z0-9_].
std::string YenteName(const std::string& dataset);
// The list a name in either spelling means ("us_ofac_sdn" -> "ofac-sdn"); other names unchanged.
std::string DatasetNamed(const std::string& name);
// The first parameter given more than once that takes one value (threshold, q, limit ...); the
// filters that take several (datasets, countries, topics, filter ...) may repeat. Taking one of
// two thresholds would answer a question the client did not ask.
std::optional<std::string> RepeatedSingleParam(const Params& params);
// Refuses a query parameter the endpoint does not read, naming it: a misspelt "treshold" would
// otherwise be screened at the default threshold without a word.
Status OnlyKnownParams(const Params& params, std::initializer_list<std::string_view> known);
// true/1/yes/on or false/0/no/off (any case); absent: `fallback`; anything else is refused.
StatusOr<bool> BoolParam(const Params& params, const std::string& key, bool fallback);
// Reads a decimal number parameter in [lo, hi]; absent leaves `out` unchanged; given twice, refused.
Status NumberParam(const Params& params, const std::string& key, double lo, double hi, double& out);
// A request's alert threshold: the `threshold` parameter, then the JSON body's member of that name
// (`body` may be null), each a number in [0, 1], or in (0, 1] where `above_zero`; absent leaves
// `out` unchanged; given in both, refused.
Status ThresholdParam(const Params& params, const nlohmann::json* body, bool above_zero, double& out);
// A whole number written in decimal digits only: "+1", " 1", "-0", "2.5", "1e1" and numbers past
// int64 are nullopt. Every whole-number parameter and path id is read by it.
std::optional<int64_t> DecimalDigits(std::string_view text);
// The same for a whole number in decimal digits (DecimalDigits); the error names the parameter,
// its range and the value sent.
Status IntegerParam(const Params& params, const std::string& key, int64_t lo, int64_t hi, int64_t& out);
Status IntegerParam(const Params& params, const std::string& key, double lo, double hi, double& out);
// A list entity as yente's EntityResponse (flat: no nested entities).
nlohmann::json YenteEntityJson(const Entity& entity);

// yente's default match threshold, used by /match when a request gives none (docs/SCORING.md).
inline constexpr double kYenteThreshold = 0.70;

// /match's bounds on one request's work and answer (docs/SECURITY.md): a request over them is
// refused whole, never answered in part. About 2.5 ms of one core per word of a long name.
inline constexpr size_t kMaxMatchWords = 2000;     // words in all the names of a request's queries
inline constexpr size_t kMaxMatchResults = 5000;   // results in all the responses of a request (hits of all
                                                   // the parties of a /v1/screen request)

// True when `name` is a list this server loads or embargo reads, in either spelling (ofac-sdn,
// us_ofac_sdn): a filter on any other matches nothing without a word.
bool KnownDataset(const Snapshot& snap, const std::string& name);

// A principal's name as a request gives it (sign-in, reviewer, assignee): principal names are at
// most 64 characters (the principals table refuses longer ones), so more bytes than 64 four-byte
// characters name nobody. Refused before the name is case-folded, which costs time per byte.
inline constexpr size_t kMaxPrincipalNameBytes = 256;
// A 400 naming `field` when `name` is longer than kMaxPrincipalNameBytes.
Status CheckPrincipalNameLength(const std::string& field, std::string_view name);

struct ApiContext {
  const Snapshot& snap;
  double default_threshold = kDefaultThreshold;
  size_t max_queries = 100;
  double max_list_age_hours = 0;
  std::time_t now = 0;
  double yente_threshold = kYenteThreshold;
  size_t max_match_words = kMaxMatchWords;
  size_t max_match_results = kMaxMatchResults;
};

// True when a list is older than the configured maximum age (or there are none).
bool ListsStale(const ApiContext& ctx);
// True when this list is older than the configured maximum age, or its age is unknown.
bool ListStale(const ApiContext& ctx, const ListVersion& list);

Reply Match(const ApiContext& ctx, const std::string& dataset, const Params& params, const std::string& body);
Reply Search(const ApiContext& ctx, const std::string& dataset, const Params& params);
Reply Catalog(const ApiContext& ctx);
Reply Algorithms();
Reply Screen(const ApiContext& ctx, const Params& params, const std::string& body);
// The same with the body already read by ParseJsonObject.
Reply Screen(const ApiContext& ctx, const Params& params, const nlohmann::json& body);
Reply Ready(const ApiContext& ctx);
// The list versions as JSON: [{"dataset", "title", "content_hash", "published", "entities", "rejected",
// "age_seconds"}]; rejected counts the records the loader could not read (a party among them is unscreened).
nlohmann::json ListsJson(const ApiContext& ctx);
// ListsJson serialised, made once per second and snapshot: every screening reply carries it.
std::shared_ptr<const std::string> ListsJsonText(const ApiContext& ctx);

}  // namespace embargo::server
