#include "server/yente_api.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "common/strings.h"
#include "entity/countries.h"

namespace embargo::server {
namespace {

using nlohmann::json;

// ---- The entity graph ------------------------------------------------------------------------
// A list record is one FtM entity; what FtM models as entities of their own is derived from it
// with ids "<record id>.<suffix>": its Sanction ("sanction"), its passports and national ids
// (Passport / Identification, "identification-N") and its addresses (Address, "address-N"),
// N indexing the record's identifiers or addresses. The same subject's records on other lists
// (docs/LINKING.md) are reached through their Sanctions, as OpenSanctions lists each authority's
// Sanction on one subject.

constexpr const char* kSanction = "sanction";
constexpr const char* kIdentification = "identification-";
constexpr const char* kAddress = "address-";

// An adjacent entity and the root's property that holds it (sanctions, identification, addressEntity).
struct Adjacent {
  std::string prop;
  json entity;
};

json DerivedEntity(const std::string& id, const char* schema, const std::string& caption, const Entity& record) {
  return {{"id", id},         {"caption", caption},   {"schema", schema},       {"properties", json::object()},
          {"datasets", {YenteName(record.dataset)}}, {"referents", json::array()}, {"target", false},
          {"first_seen", nullptr}, {"last_seen", nullptr}, {"last_change", nullptr}};
}

void Put(json& props, const char* key, const std::string& value) {
  if (!value.empty()) props[key].push_back(value);
}

const ListVersion* ListOf(const ApiContext& ctx, const std::string& dataset) {
  for (const auto& l : ctx.snap.lists)
    if (l.dataset == dataset) return &l;
  return nullptr;
}

json SanctionJson(const ApiContext& ctx, const Entity& record) {
  const ListVersion* list = ListOf(ctx, record.dataset);
  std::string authority = list && !list->title.empty() ? list->title : record.dataset;
  json e = DerivedEntity(record.id + "." + kSanction, "Sanction", authority, record);
  json& p = e["properties"];
  Put(p, "entity", record.id);
  Put(p, "authority", authority);
  Put(p, "authorityId", record.native_id);
  for (const auto& program : record.programs) Put(p, "program", program);
  Put(p, "listingDate", record.listed_on);
  return e;
}

bool IsDocument(const Identifier& id) { return id.kind == IdKind::kPassport || id.kind == IdKind::kNationalId; }

json IdentificationJson(const Entity& record, size_t n) {
  const Identifier& id = record.identifiers[n];
  json e = DerivedEntity(record.id + "." + kIdentification + std::to_string(n),
                         id.kind == IdKind::kPassport ? "Passport" : "Identification", id.value, record);
  json& p = e["properties"];
  Put(p, "holder", record.id);
  Put(p, "number", id.value);
  Put(p, "type", id.label);
  Put(p, "country", Lower(id.country));
  return e;
}

json AddressJson(const Entity& record, size_t n) {
  const Address& a = record.addresses[n];
  json e = DerivedEntity(record.id + "." + kAddress + std::to_string(n), "Address", a.full, record);
  json& p = e["properties"];
  Put(p, "full", a.full);
  Put(p, "city", a.city);
  Put(p, "country", Lower(a.country));
  return e;
}

// The entities adjacent to a record, in a stable order. With `nest`, the linked records behind
// other lists' Sanctions are given whole; a reference back to the root stays its id, as yente
// leaves it.
std::vector<Adjacent> AdjacentOf(const ApiContext& ctx, const Entity& root, bool nest) {
  std::vector<Adjacent> out;
  out.push_back({"sanctions", SanctionJson(ctx, root)});
  for (const auto& linked : ctx.snap.screener->LinkedRecords(root)) {
    json sanction = SanctionJson(ctx, *linked.entity);
    if (nest) sanction["properties"]["entity"] = json::array({YenteEntityJson(*linked.entity)});
    out.push_back({"sanctions", std::move(sanction)});
  }
  for (size_t i = 0; i < root.identifiers.size(); ++i)
    if (IsDocument(root.identifiers[i])) out.push_back({"identification", IdentificationJson(root, i)});
  for (size_t i = 0; i < root.addresses.size(); ++i)
    if (!root.addresses[i].full.empty()) out.push_back({"addressEntity", AddressJson(root, i)});
  return out;
}

// FtM's entity-valued properties of the schemata embargo serves: the properties
// /entities/{id}/adjacent/{prop} accepts (most are empty on sanctions lists).
bool IsEntityProperty(Schema schema, const std::string& prop) {
  static const std::set<std::string> kThing = {"addressEntity", "sanctions", "proof", "unknownLinkSubject",
                                               "unknownLinkObject", "noteEntities"};
  static const std::set<std::string> kLegalEntity = {"identification", "ownershipOwner", "directorshipDirector",
                                                     "membershipMember", "employees", "agencyClient",
                                                     "successors", "predecessors", "securities"};
  static const std::set<std::string> kPerson = {"familyPerson", "familyRelative", "associates", "associations",
                                                "employers"};
  static const std::set<std::string> kOrganization = {"directorshipOrganization", "membershipOrganization"};
  static const std::set<std::string> kAsset = {"ownershipAsset", "owner", "operator"};
  if (kThing.count(prop)) return true;
  switch (schema) {
    case Schema::kPerson: return kLegalEntity.count(prop) || kPerson.count(prop);
    case Schema::kOrganization: return kLegalEntity.count(prop) || kOrganization.count(prop);
    case Schema::kCompany:
      return kLegalEntity.count(prop) || kOrganization.count(prop) || prop == "ownershipAsset";
    case Schema::kLegalEntity: return kLegalEntity.count(prop) > 0;
    case Schema::kVessel:
    case Schema::kAirplane: return kAsset.count(prop) > 0;
  }
  return false;
}

// A list record as /entities gives it: flat, its referents naming its records on other lists.
json RecordJson(const ApiContext& ctx, const Entity& e) {
  json j = YenteEntityJson(e);
  for (const auto& l : ctx.snap.screener->LinkedRecords(e)) j["referents"].push_back(l.entity->id);
  return j;
}

json NestedJson(const ApiContext& ctx, const Entity& e) {
  json j = RecordJson(ctx, e);
  for (auto& a : AdjacentOf(ctx, e, true)) j["properties"][a.prop].push_back(std::move(a.entity));
  return j;
}

const Entity* FindRecord(const ApiContext& ctx, const std::string& id) {
  auto it = ctx.snap.by_id.find(id);
  return it == ctx.snap.by_id.end() ? nullptr : it->second;
}

// The record named by a referent /entities gives out for it: OpenSanctions' id of an OFAC
// record, "ofac-35096"; or null.
const Entity* FindByReferent(const ApiContext& ctx, const std::string& id) {
  constexpr std::string_view kOfac = "ofac-";
  if (!id.starts_with(kOfac) || id.size() == kOfac.size() || id.find_first_not_of("0123456789", kOfac.size()) != std::string::npos)
    return nullptr;
  for (const char* dataset : {"ofac-sdn:", "ofac-cons:"})
    if (const Entity* e = FindRecord(ctx, dataset + id.substr(kOfac.size()))) return e;
  return nullptr;
}

// An id derived from a record ("<record>.sanction", ".identification-N", ".address-N"), or nullopt.
std::optional<json> FindDerived(const ApiContext& ctx, const std::string& id, bool nest) {
  size_t dot = id.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const Entity* record = FindRecord(ctx, id.substr(0, dot));
  if (!record) return std::nullopt;
  std::string suffix = id.substr(dot + 1);
  auto index = [&](const char* prefix, size_t size) -> std::optional<size_t> {
    std::string_view p(prefix);
    if (!suffix.starts_with(p) || suffix.size() == p.size() || suffix.size() > p.size() + 6) return std::nullopt;
    std::string digits = suffix.substr(p.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    size_t n = std::stoul(digits);
    return n < size ? std::optional<size_t>(n) : std::nullopt;
  };
  std::optional<json> out;
  if (suffix == kSanction) {
    out = SanctionJson(ctx, *record);
    if (nest) (*out)["properties"]["entity"] = json::array({RecordJson(ctx, *record)});
  } else if (auto n = index(kIdentification, record->identifiers.size()); n && IsDocument(record->identifiers[*n])) {
    out = IdentificationJson(*record, *n);
    if (nest) (*out)["properties"]["holder"] = json::array({RecordJson(ctx, *record)});
  } else if (auto a = index(kAddress, record->addresses.size()); a && !record->addresses[*a].full.empty()) {
    out = AddressJson(*record, *a);
  }
  return out;
}


// yente's paging of adjacent entities: limit per property (default 10, at most 500), offset.
Status PageParams(const Params& params, size_t& limit, size_t& offset) {
  double l = 10, o = 0;
  EMBARGO_RETURN_IF_ERROR(IntegerParam(params, "limit", 0, 500, l));
  EMBARGO_RETURN_IF_ERROR(IntegerParam(params, "offset", 0, 9500, o));
  limit = static_cast<size_t>(l);
  offset = static_cast<size_t>(o);
  return Status::Ok();
}

// yente's AdjacentResultsResponse: one page of a property's adjacent entities.
json AdjacentPage(const std::vector<const json*>& all, size_t limit, size_t offset) {
  json results = json::array();
  for (size_t i = offset; i < all.size() && results.size() < limit; ++i) results.push_back(*all[i]);
  return {{"results", std::move(results)}, {"total", {{"value", all.size()}, {"relation", "eq"}}},
          {"limit", limit}, {"offset", offset}};
}

Reply AdjacentReply(const ApiContext& ctx, const Entity& e, const std::string& prop, const Params& params) {
  size_t limit = 0, offset = 0;
  if (Status s = PageParams(params, limit, offset); !s.ok()) return DetailFromStatus(s);
  if (!prop.empty() && !IsEntityProperty(e.schema, prop))
    return Detail(404, "No such property! '" + prop + "' is not an entity property of " + std::string(SchemaName(e.schema)));
  std::vector<Adjacent> adjacent = AdjacentOf(ctx, e, true);
  std::map<std::string, std::vector<const json*>> by_prop;
  for (const auto& a : adjacent) by_prop[a.prop].push_back(&a.entity);
  if (!prop.empty()) return {200, AdjacentPage(by_prop[prop], limit, offset)};
  json pages = json::object();
  for (const auto& [name, entities] : by_prop) pages[name] = AdjacentPage(entities, limit, offset);
  return {200, {{"entity", RecordJson(ctx, e)}, {"adjacent", std::move(pages)}}};
}

}  // namespace

StatusOr<bool> BoolParam(const Params& params, const std::string& key, bool fallback) {
  auto it = params.find(key);
  if (it == params.end()) return fallback;
  std::string v = Lower(it->second);
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return Status::InvalidArgument(key + ": expected true or false, got '" + it->second + "'");
}

bool IsYentePath(std::string_view path) {
  for (std::string_view root : {"/match", "/search", "/entities", "/catalog", "/algorithms", "/reconcile", "/manifest",
                                "/updatez", "/statements"})
    if (path.starts_with(root) && (path.size() == root.size() || path[root.size()] == '/')) return true;
  return false;
}

Reply AsYenteError(Reply reply) {
  auto error = reply.body.find("error");
  if (reply.status < 400 || !reply.body.is_object() || error == reply.body.end() || !error->is_object()) return reply;
  std::string message = error->value("message", "");
  reply.body = {{"detail", message}};
  return reply;
}

Reply GetEntity(const ApiContext& ctx, const std::string& path, const Params& params) {
  // A list id may hold slashes: the whole path is an id first, then "<id>/adjacent[/<prop>]".
  std::string id = path, prop;
  bool adjacent = false;
  if (!FindRecord(ctx, path)) {
    if (size_t at = path.rfind("/adjacent"); at != std::string::npos && at > 0 && FindRecord(ctx, path.substr(0, at))) {
      std::string rest = path.substr(at + 9);
      if (rest.empty() || (rest[0] == '/' && rest.size() > 1 && rest.find('/', 1) == std::string::npos)) {
        id = path.substr(0, at);
        prop = rest.empty() ? "" : rest.substr(1);
        adjacent = true;
      }
    }
  }
  if (Status s = adjacent ? OnlyKnownParams(params, {"limit", "offset"}) : OnlyKnownParams(params, {"nested"}); !s.ok())
    return DetailFromStatus(s);
  auto nested = BoolParam(params, "nested", true);
  if (!nested.ok()) return DetailFromStatus(nested.status());
  const Entity* e = FindRecord(ctx, id);
  if (!e) {
    if (auto derived = FindDerived(ctx, id, *nested)) return {200, std::move(*derived)};
    // As yente: a referent redirects to the entity that holds it.
    if (const Entity* holder = FindByReferent(ctx, id)) {
      Reply moved{308, {{"detail", "'" + id + "' is a referent of " + holder->id}}};
      moved.headers.push_back({"Location", "/entities/" + holder->id});
      return moved;
    }
    return Detail(404, "No such entity! No list record or entity derived from one has the id '" + id + "'");
  }
  if (adjacent) return AdjacentReply(ctx, *e, prop, params);
  return {200, *nested ? NestedJson(ctx, *e) : RecordJson(ctx, *e)};
}

Reply YenteManifest(const ApiContext& ctx) {
  json datasets = json::array();
  for (const auto& l : ctx.snap.lists)
    datasets.push_back({{"name", YenteName(l.dataset)}, {"title", l.title}, {"version", l.content_hash.substr(0, 16)},
                        {"load", true}, {"entity_count", l.entities}, {"embargo_name", l.dataset},
                        {"content_hash", l.content_hash},
                        {"published", l.published.empty() ? json(nullptr) : json(l.published)}});
  return {200, {{"catalogs", json::array()}, {"datasets", std::move(datasets)}}};
}

}  // namespace embargo::server
