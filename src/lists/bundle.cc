// The bundle's own record of its lists (data/lists/MANIFEST.json, compiled in): publication dates
// the files do not state, and the record floors that completeness checks hold loads to.
#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>

#include "embargo/lists.h"

namespace embargo {

extern const char kBundleManifestJson[];  // generated from data/lists/MANIFEST.json

const std::vector<BundledList>& BundledLists() {
  static const std::vector<BundledList> lists = [] {
    std::vector<BundledList> out;
    // The manifest is checked by the tests (tests/lists/bundle_test.cc): a malformed one is a
    // build defect, read here as "no bundle facts" rather than a crash.
    nlohmann::json j = nlohmann::json::parse(kBundleManifestJson, nullptr, false);
    if (!j.is_object() || !j.contains("lists") || !j["lists"].is_array()) return out;
    for (const auto& l : j["lists"]) {
      BundledList b;
      b.dataset = l.value("dataset", "");
      b.folder = l.value("folder", "");
      b.content_hash = l.value("content_hash", "");
      b.published = l.value("published", "");
      b.published_detail = l.value("published_detail", "");
      b.records = l.value("records", size_t{0});
      b.min_records = l.value("min_records", size_t{0});
      out.push_back(std::move(b));
    }
    return out;
  }();
  return lists;
}

void ApplyBundledDates(std::vector<ListLoad>& lists) {
  for (ListLoad& l : lists) {
    if (!l.published.empty()) continue;  // the files' own date wins
    for (const BundledList& b : BundledLists())
      if (b.dataset == l.dataset && b.content_hash == l.content_hash) {
        l.published = b.published;
        l.published_detail = b.published_detail;
      }
  }
}

int64_t PublishedUnixTime(const std::string& published) {
  std::optional<PartialDate> d = PartialDate::Parse(published);
  if (!d || d->empty()) return -1;
  std::tm tm{};
  tm.tm_year = d->year - 1900;
  tm.tm_mon = d->month > 0 ? d->month - 1 : 0;
  tm.tm_mday = d->day > 0 ? d->day : 1;
  return static_cast<int64_t>(timegm(&tm));
}

std::map<std::string, RecordFloor> BundledFloors() {
  std::map<std::string, RecordFloor> floors;
  for (const BundledList& b : BundledLists())
    if (b.min_records > 0)
      floors[b.dataset] = {b.min_records, "the floor shipped with the bundle (" + std::to_string(b.min_records) +
                                              " of the " + std::to_string(b.records) + " records bundled)"};
  return floors;
}

}  // namespace embargo
