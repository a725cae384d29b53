// Finds the lists in a directory by file name and, for XML, by root element.

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/io.h"
#include "common/strings.h"
#include "embargo/lists.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

constexpr size_t kPeekBytes = 4096;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The first bytes of a file, decompressed when it ends in ".gz".
std::string Peek(const std::string& path) {
  std::string buf(kPeekBytes, '\0');
  if (EndsWith(path, ".gz")) {
    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) return {};
    int n = gzread(gz, buf.data(), static_cast<unsigned>(buf.size()));
    gzclose(gz);
    buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return buf;
  }
  std::ifstream in(path, std::ios::binary);
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

// Name of the root element, without namespace prefix; skips the XML declaration, comments,
// processing instructions and DOCTYPE. Empty when not found in the first bytes.
std::string RootElement(std::string_view xml) {
  size_t pos = 0;
  while ((pos = xml.find('<', pos)) != std::string_view::npos) {
    std::string_view rest = xml.substr(pos + 1);
    if (rest.substr(0, 3) == "!--") {
      size_t end = xml.find("-->", pos);
      if (end == std::string_view::npos) return {};
      pos = end + 3;
    } else if (!rest.empty() && (rest[0] == '?' || rest[0] == '!')) {
      pos = xml.find('>', pos);
      if (pos == std::string_view::npos) return {};
    } else {
      size_t end = rest.find_first_of(" \t\r\n/>");
      std::string_view name = rest.substr(0, end);
      size_t colon = name.find(':');
      return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
    }
  }
  return {};
}

struct Found {
  std::string path;
  enum class Kind { kOfacCsv, kOfacXml, kUnXml, kUkOfsiCsv, kUkFcdoCsv, kBisDpl, kUsCslCsv, kEuFsfXml, kFtmJsonLines } kind;
  std::string dataset;
};

// The first line of `head` without a UTF-8 byte order mark or the line end.
std::string_view FirstLine(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  return head.substr(0, head.find_first_of("\r\n"));
}

// The formats told apart by their first lines: the FCDO header ("Unique ID" and "Name 6" in one
// of the first two lines), OFSI's "Last Updated," metadata line, the CSL header (with or without
// the leading _id), the DPL's tab-separated header, and FtM JSON lines.
bool RecogniseByContent(const fs::path& file, std::vector<Found>& out) {
  std::string head = Peek(file.string());
  std::string_view line = FirstLine(head);
  std::string lower = Lower(line);
  std::erase(lower, '"');
  size_t first_end = head.find('\n');
  std::string two = Lower(head.substr(0, first_end == std::string::npos ? head.size() : head.find('\n', first_end + 1)));
  size_t before = out.size();
  if (two.find("unique id") != std::string::npos && two.find("name 6") != std::string::npos)
    out.push_back({file.string(), Found::Kind::kUkFcdoCsv, "uk-fcdo"});
  else if (lower.rfind("last updated,", 0) == 0)
    out.push_back({file.string(), Found::Kind::kUkOfsiCsv, "uk-ofsi"});
  else if (lower.rfind("source,entity_number,", 0) == 0 || lower.rfind("_id,source,entity_number,", 0) == 0)
    out.push_back({file.string(), Found::Kind::kUsCslCsv, "us-csl"});
  else if (lower.rfind("name\tstreet_address\t", 0) == 0)
    out.push_back({file.string(), Found::Kind::kBisDpl, "bis-dpl"});
  else if (!line.empty() && line.front() == '{' && line.find("\"schema\"") != std::string_view::npos)
    out.push_back({file.string(), Found::Kind::kFtmJsonLines, "opensanctions"});
  return out.size() > before;
}

// Files that sit beside lists without being one: documentation, the list store's and the bundle's
// own files.
bool BesideLists(const std::string& name) {
  for (std::string_view prefix : {"readme", "license", "licence", "copying", "notice"})
    if (name.rfind(prefix, 0) == 0) return true;
  return name.front() == '.' || EndsWith(name, ".md") || name == "version.json" || name == "entity_ids" ||
         name == "manifest.json";
}

// OFAC's CSV companions are read with their primary file (LoadOfacCsv); alone they are no list.
const char* OfacPrimaryOf(const std::string& base) {
  if (base == "add.csv" || base == "alt.csv" || base == "sdn_comments.csv") return "sdn.csv";
  if (base == "cons_add.csv" || base == "cons_alt.csv" || base == "cons_comments.csv") return "cons_prim.csv";
  return nullptr;
}

bool HasFile(const fs::path& dir, const std::string& lower_name) {
  for (const auto& name : {lower_name, lower_name + ".gz"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (Lower(entry.path().filename().string()) == name) return true;
  }
  return false;
}

// Adds `file` to `out` when it is a list; lists may appear as "x" or "x.gz", and the plain file
// wins. Returns "" for a list or a file that belongs beside lists, else why `file` is not a list.
std::string Recognise(const fs::path& file, std::vector<Found>& out) {
  std::string name = Lower(file.filename().string());
  std::string base = EndsWith(name, ".gz") ? name.substr(0, name.size() - 3) : name;
  if (BesideLists(name)) return "";
  if (base != name && fs::exists(file.parent_path() / file.filename().replace_extension())) return "";
  if (base == "sdn.csv") {
    out.push_back({file.string(), Found::Kind::kOfacCsv, "ofac-sdn"});
  } else if (base == "cons_prim.csv") {
    out.push_back({file.string(), Found::Kind::kOfacCsv, "ofac-cons"});
  } else if (const char* primary = OfacPrimaryOf(base)) {
    if (!HasFile(file.parent_path(), primary))
      return std::string("an OFAC companion file without its ") + primary + " beside it";
  } else if (EndsWith(base, ".xml")) {
    std::string head = Peek(file.string());
    std::string root = RootElement(head);
    if (root == "sdnList")
      out.push_back(
          {file.string(), Found::Kind::kOfacXml, base.rfind("sdn", 0) == 0 ? "ofac-sdn" : "ofac-cons"});
    else if (root == "CONSOLIDATED_LIST")
      out.push_back({file.string(), Found::Kind::kUnXml, "un"});
    else if (root == "export" && head.find("http://eu.europa.ec/fpi/fsd/export") != std::string::npos)
      out.push_back({file.string(), Found::Kind::kEuFsfXml, "eu-fsf"});
    else if (root.empty())
      return "no XML root element in its first " + std::to_string(kPeekBytes) + " bytes (not XML, or unreadable)";
    else
      return "an XML file whose root element <" + root + "> is none of the lists read (OFAC sdnList, UN "
             "CONSOLIDATED_LIST, EU FSF export)";
  } else if (EndsWith(base, ".csv") || EndsWith(base, ".txt") || EndsWith(base, ".tsv") ||
             EndsWith(base, ".jsonl") || EndsWith(base, ".ndjson") || EndsWith(base, ".json")) {
    if (!RecogniseByContent(file, out))
      return "its first lines match none of the lists read (OFAC CSV, UK OFSI or FCDO CSV, US CSL, BIS DPL, "
             "FollowTheMoney JSON lines)";
  } else {
    return "not a list file type (.csv, .tsv, .txt, .xml, .json, .jsonl or .ndjson, optionally .gz)";
  }
  return "";
}

// Why an entry of a list folder that is neither a file nor a folder is refused.
std::string NotFileOrFolder(const fs::directory_entry& entry, const std::error_code& type_ec) {
  std::error_code link_ec;
  if (entry.is_symlink(link_ec)) return "a link whose target cannot be read (" + type_ec.message() + ")";
  if (type_ec) return "its type cannot be read (" + type_ec.message() + ")";
  return "neither a file nor a folder";
}

// Regular files (or subdirectories) of `dir`, sorted by name so that results do not depend on
// the file system's order; a link counts as what it points to. Any other entry (a broken link, a
// socket), or a folder that cannot be read, is an error naming it: a list file there would
// otherwise be left out without a word. Hidden entries are never lists.
StatusOr<std::vector<fs::path>> SortedEntries(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with('.')) continue;
    std::error_code type_ec;
    fs::file_status st = it->status(type_ec);
    if (!fs::is_regular_file(st) && !fs::is_directory(st))
      return Status::InvalidArgument(it->path().string() + ": " + NotFileOrFolder(*it, type_ec) +
                                     "; a list there would be left out: fix it or move it out of the list folder");
    if (fs::is_directory(st) == directories) out.push_back(it->path());
  }
  if (ec) return Status::Internal(dir.string() + ": cannot read the list folder: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

StatusOr<ListLoad> LoadKind(const Found& f) {
  switch (f.kind) {
    case Found::Kind::kOfacCsv:
      return LoadOfacCsv(f.path, f.dataset);
    case Found::Kind::kOfacXml:
      return LoadOfacXml(f.path, f.dataset);
    case Found::Kind::kUnXml:
      return LoadUnXml(f.path);
    case Found::Kind::kUkOfsiCsv:
      return LoadUkOfsiCsv(f.path);
    case Found::Kind::kUkFcdoCsv:
      return LoadUkFcdoCsv(f.path);
    case Found::Kind::kBisDpl:
      return LoadBisDpl(f.path);
    case Found::Kind::kUsCslCsv:
      return LoadUsCslCsv(f.path);
    case Found::Kind::kEuFsfXml:
      return LoadEuFsfXml(f.path);
    case Found::Kind::kFtmJsonLines:
      return LoadFtmJsonLines(f.path);
  }
  return Status::InvalidArgument(f.path + ": unknown list kind");
}

// The list of `f`, its records with malformed text rejected whatever the format.
StatusOr<ListLoad> LoadFound(const Found& f) {
  StatusOr<ListLoad> load = LoadKind(f);
  if (!load.ok()) return load;
  RejectMalformedText(*load);
  if (load->entities.empty() && !load->rejected.empty()) {
    const LoadIssue& first = load->rejected[0];
    return Status::DataLoss(f.path + ": no valid records (" + std::to_string(load->rejected.size()) +
                            " rejected; first: " + first.file + ":" + std::to_string(first.line) + ": " + first.reason + ")");
  }
  return load;
}

// Adds the lists among `folder`'s files to `found`. A file that is not a list could be one in a
// format this version does not read: refused, so that a list is never silently left out.
Status FindLists(const fs::path& folder, const std::string& dir, std::vector<Found>& found) {
  EMBARGO_ASSIGN_OR_RETURN(std::vector<fs::path> files, SortedEntries(folder, false));
  for (const fs::path& file : files)
    if (std::string why = Recognise(file, found); !why.empty()) {
      // A list in UTF-16 is a list: it is said so, not shown as a root element of NUL bytes.
      EMBARGO_RETURN_IF_ERROR(CheckNotWide(file.string(), Peek(file.string())));
      return Status::InvalidArgument(file.string() + ": not a list: " + why + "; move it out of the list folder " + dir);
    }
  return Status::Ok();
}

// A list folder is read with its direct subfolders, no deeper: a folder inside a subfolder
// (R3/us/ofac/ beside R3/us/) could hold a list that would be left out without a word, so it is
// refused naming it, as a broken link there is.
Status NoFolderBelow(const fs::path& sub, const std::string& dir) {
  EMBARGO_ASSIGN_OR_RETURN(std::vector<fs::path> deeper, SortedEntries(sub, true));
  if (deeper.empty()) return Status::Ok();
  return Status::InvalidArgument(deeper.front().string() + ": a folder inside a subfolder of the list folder " + dir +
                                 ", which is read with its direct subfolders only; a list there would be left out: "
                                 "move it up a level or out of the list folder");
}

}  // namespace

StatusOr<std::vector<ListLoad>> LoadListDirectory(const std::string& dir, const std::vector<std::string>& skip_folders) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": not a directory");
  std::vector<Found> found;
  EMBARGO_RETURN_IF_ERROR(FindLists(dir, dir, found));
  bool skipped = false;
  EMBARGO_ASSIGN_OR_RETURN(std::vector<fs::path> subs, SortedEntries(dir, true));
  for (const fs::path& sub : subs) {
    std::string name = sub.filename().string();
    if (name.starts_with('.')) continue;
    if (std::find(skip_folders.begin(), skip_folders.end(), name) != skip_folders.end()) {
      skipped = true;
      continue;
    }
    EMBARGO_RETURN_IF_ERROR(NoFolderBelow(sub, dir));
    EMBARGO_RETURN_IF_ERROR(FindLists(sub, dir, found));
  }
  if (found.empty()) {
    if (skipped) return std::vector<ListLoad>{};
    return Status::NotFound(dir + ": no sanctions list found (expected sdn.csv, cons_prim.csv, list XML, or a UK "
                                  "OFSI, CSL, DPL or FtM file)");
  }

  // Two files of one list (sdn.csv and sdn.xml, two OFSI files, one list in two sub-folders) would
  // load its records twice under the same ids: which one is meant is the user's call.
  for (size_t i = 0; i < found.size(); ++i)
    for (size_t j = i + 1; j < found.size(); ++j)
      if (found[i].dataset == found[j].dataset)
        return Status::InvalidArgument(dir + ": two files of list '" + found[i].dataset + "': " + found[i].path +
                                       " and " + found[j].path + "; keep one");

  std::vector<ListLoad> loads;
  for (const Found& f : found) {
    StatusOr<ListLoad> load = LoadFound(f);
    if (!load.ok()) {
      const std::string& msg = load.status().message();
      // Loader errors name the file already; make sure the message always does.
      if (msg.find(f.path) == std::string::npos) return Status::DataLoss(f.path + ": " + msg);
      return load.status();
    }
    loads.push_back(std::move(load).value());
  }
  std::stable_sort(loads.begin(), loads.end(),
                   [](const ListLoad& a, const ListLoad& b) { return a.dataset < b.dataset; });
  ApplyBundledDates(loads);
  DropSupersededCopies(loads);
  return loads;
}

StatusOr<std::vector<ListLoad>> LoadListPath(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return LoadListDirectory(path);
  if (!fs::is_regular_file(path, ec)) return Status::NotFound(path + ": no such file or directory");
  std::vector<Found> found;
  fs::path file(path);
  std::string name = Lower(file.filename().string());
  // Recognise() defers "x.gz" to a plain "x" beside it; a file named explicitly is always read.
  if (EndsWith(name, ".gz")) {
    std::vector<Found> plain;
    Recognise(file.parent_path() / file.filename().replace_extension(), plain);
    for (Found& f : plain) f.path = path;
    if (!plain.empty() && fs::exists(file.parent_path() / file.filename().replace_extension())) found = plain;
  }
  std::string why;
  if (found.empty()) why = Recognise(file, found);
  if (found.empty()) {
    EMBARGO_RETURN_IF_ERROR(CheckNotWide(path, Peek(path)));
    return Status::InvalidArgument(path + ": not a recognised sanctions list file" + (why.empty() ? "" : ": " + why));
  }
  StatusOr<ListLoad> load = LoadFound(found[0]);
  if (!load.ok()) {
    const std::string& msg = load.status().message();
    if (msg.find(path) == std::string::npos) return Status::DataLoss(path + ": " + msg);
    return load.status();
  }
  std::vector<ListLoad> out;
  out.push_back(std::move(load).value());
  return out;
}

}  // namespace embargo
