// List loaders: official list files in, entities out, with every rejected record accounted for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "embargo/entity.h"
#include "embargo/list_load.h"
#include "embargo/status.h"

namespace embargo {

// OFAC legacy CSV set. `primary` is sdn.csv or cons_prim.csv (optionally .gz); the sibling
// files (add/alt/comments, or cons_add/cons_alt/cons_comments) are read when present.
// `dataset` names the list: "ofac-sdn" or "ofac-cons".
StatusOr<ListLoad> LoadOfacCsv(const std::string& primary, const std::string& dataset);

// OFAC XML in the sdnList schema (sdn.xml, consolidated.xml).
StatusOr<ListLoad> LoadOfacXml(const std::string& path, const std::string& dataset);

// UN Security Council consolidated list XML. Dataset "un", ids "un:<REFERENCE_NUMBER>".
StatusOr<ListLoad> LoadUnXml(const std::string& path);

// Loads every list found in a directory: each file or folder is recognised by its name and
// content (sdn.csv, cons_prim.csv, *.xml by root element; .gz allowed). An unusable list is an
// error naming its file; rejected records are reported in each ListLoad. Sub-folders (one level)
// are read too, except hidden ones and those named in `skip_folders`.
StatusOr<std::vector<ListLoad>> LoadListDirectory(const std::string& dir,
                                                  const std::vector<std::string>& skip_folders = {});

// --- More lists (issue 3). Each loader names file and line or element for every rejected
// record, and fails with an error naming the file when the file itself is unusable.

// UK HM Treasury / OFSI consolidated list CSV, the 29-column format to 2022 and the 2022 format
// (Windows-1252 or UTF-8; a metadata line, a header, one row per name variant and address;
// columns found by header name). Rows are grouped by Group ID into one entity per target.
// Dataset "uk-ofsi", ids "uk-ofsi:<Group ID>".
StatusOr<ListLoad> LoadUkOfsiCsv(const std::string& path);

// The FCDO's UK Sanctions List CSV (UK-Sanctions-List.csv): a metadata line, a header with
// "Unique ID", one row per name. Dataset "uk-fcdo", ids "uk-fcdo:<Unique ID>" (e.g. RUS0001).
StatusOr<ListLoad> LoadUkFcdoCsv(const std::string& path);

// US BIS Denied Persons List (dpl.txt: tab-separated, quoted, 12 columns). The file has no id
// column: ids are "bis-dpl:<first 12 hex of SHA-256 of the normalised name and address>".
// Exact duplicates (same name and address) are rejected naming the first line. Dataset "bis-dpl".
StatusOr<ListLoad> LoadBisDpl(const std::string& path);

// US Consolidated Screening List (trade.gov) CSV, legacy 28-column layout or current layout
// with a leading _id column. Dataset "us-csl"; ids "us-csl:<_id>" (current), else
// "us-csl:<entity_number>", else a hash of source, name and addresses.
StatusOr<ListLoad> LoadUsCslCsv(const std::string& path);

// EU Financial Sanctions File XML v1.1 (<export xmlns="http://eu.europa.ec/fpi/fsd/export">).
// Dataset "eu-fsf", ids "eu-fsf:<logicalId>".
StatusOr<ListLoad> LoadEuFsfXml(const std::string& path);

// FollowTheMoney entities as JSON lines (OpenSanctions exports), one entity per line.
// Non-screenable schemata (Occupancy, Sanction, ...) are rejected records. Dataset
// "opensanctions", ids "opensanctions:<FtM id>".
StatusOr<ListLoad> LoadFtmJsonLines(const std::string& path);


// --- The bundled lists and completeness.

// One list of the bundle shipped in data/lists/ (data/lists/MANIFEST.json, compiled in).
struct BundledList {
  std::string dataset;
  std::string folder;            // under data/lists/
  std::string content_hash;      // as ListLoad::content_hash
  std::string published;         // ISO date
  std::string published_detail;  // the parts' dates of a composite snapshot, in words
  size_t records = 0;            // entities as bundled
  size_t min_records = 0;        // the floor: a load of this dataset with fewer is refused
};
const std::vector<BundledList>& BundledLists();

// The lists' publication dates where their files state none: a list whose content is a bundled
// snapshot gets the bundle's date (and composite detail). LoadListDirectory applies it.
void ApplyBundledDates(std::vector<ListLoad>& lists);

// Consolidated lists repeat other publishers' records: the US CSL carries copies of OFAC's (SDN,
// SSI, FSE, PLC, CAPTA, NS-MBS, CMIC) and BIS's Denied Persons List rows. When the publisher's own
// list is loaded too, the copies it holds (or, being as new as the CSL, has delisted) are dropped
// and counted in ListLoad::superseded. LoadListDirectory and LoadListsInForce apply it.
void DropSupersededCopies(std::vector<ListLoad>& lists);

// The records a list's files gave: those loaded and those dropped as another list's copies.
size_t RecordsGiven(const ListLoad& list);

// A record whose text (a name, an address, any field) is not valid UTF-8 or holds a NUL byte would
// be read as other letters or none, and could not be written as JSON: it is moved from the
// entities to the rejected records, naming the file and line where its bytes stand (else the
// first file and line 0), the record, the field and the bytes (\xNN). LoadListDirectory and
// LoadListPath apply it to every list, whatever its format; a list left with no record is an error.
void RejectMalformedText(ListLoad& list);

// A list's age is counted from its publication date: seconds since the epoch of an ISO date
// ("2025-04-14"; "2025-12" and "2025" count from their first day), or -1 when it is unknown.
int64_t PublishedUnixTime(const std::string& published);

// The number of records a dataset must have at least, and where that expectation comes from.
struct RecordFloor {
  size_t min_records = 0;
  std::string from;  // "the list store's version 20250102T... (14,965 records)", "the bundle's floor"
};

struct CompletenessOptions {
  std::map<std::string, RecordFloor> floors;  // by dataset; datasets without one are not counted
  double max_rejected = 0.01;  // the share of a list's records its loader may reject (update.max_rejected)
  bool allow_shrink = false;  // load lists that fail a check anyway, saying so in accepted_incomplete
};

// When `l`'s loader rejected more than `max_rejected` of its records (entities and rejected):
// how many, the limit and the first one (file:line: reason), in words; else empty.
std::string TooManyRejected(const ListLoad& l, double max_rejected);

// The floors shipped with the bundle (BundledLists' min_records), by dataset.
std::map<std::string, RecordFloor> BundledFloors();

// Every load that puts lists in force (CLI, serve, reload, rescreen) calls this: a list whose
// loader found it cut short (ListLoad::incomplete), whose loader rejected more than max_rejected
// of its records, or that has fewer records than its floor is refused with FailedPrecondition
// naming the list, its files and the reason — unless allow_shrink, which accepts it and records
// the reason in ListLoad::accepted_incomplete.
Status CheckListsComplete(std::vector<ListLoad>& lists, const CompletenessOptions& options);

// A list directory (as LoadListDirectory) or one primary list file recognised the same way
// (sdn.csv with its siblings, an XML list, an OFSI/CSL/DPL/FtM file). Used by `lists diff`.
StatusOr<std::vector<ListLoad>> LoadListPath(const std::string& path);

}  // namespace embargo
