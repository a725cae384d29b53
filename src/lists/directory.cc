// Finds the lists in a directory by file name and, for XML, by root element.

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "embargo/lists.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

constexpr size_t kPeekBytes = 4096;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

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
  enum class Kind { kOfacCsv, kOfacXml, kUnXml } kind;
  std::string dataset;
};

// Adds `file` to `out` when it is a list; lists may appear as "x" or "x.gz", and the plain file wins.
void Recognise(const fs::path& file, std::vector<Found>& out) {
  std::string name = Lower(file.filename().string());
  std::string base = EndsWith(name, ".gz") ? name.substr(0, name.size() - 3) : name;
  if (base != name && fs::exists(file.parent_path() / file.filename().replace_extension())) return;
  if (base == "sdn.csv") {
    out.push_back({file.string(), Found::Kind::kOfacCsv, "ofac-sdn"});
  } else if (base == "cons_prim.csv") {
    out.push_back({file.string(), Found::Kind::kOfacCsv, "ofac-cons"});
  } else if (EndsWith(base, ".xml")) {
    std::string root = RootElement(Peek(file.string()));
    if (root == "sdnList")
      out.push_back(
          {file.string(), Found::Kind::kOfacXml, base.rfind("sdn", 0) == 0 ? "ofac-sdn" : "ofac-cons"});
    else if (root == "CONSOLIDATED_LIST")
      out.push_back({file.string(), Found::Kind::kUnXml, "un"});
  }
}

// Regular files (or subdirectories) of `dir`, sorted by name so that results do not depend on
// the file system's order.
std::vector<fs::path> SortedEntries(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code type_ec;
    if (directories ? entry.is_directory(type_ec) : entry.is_regular_file(type_ec))
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

StatusOr<ListLoad> LoadFound(const Found& f) {
  switch (f.kind) {
    case Found::Kind::kOfacCsv:
      return LoadOfacCsv(f.path, f.dataset);
    case Found::Kind::kOfacXml:
      return LoadOfacXml(f.path, f.dataset);
    case Found::Kind::kUnXml:
      return LoadUnXml(f.path);
  }
  return Status::InvalidArgument(f.path + ": unknown list kind");
}

}  // namespace

StatusOr<std::vector<ListLoad>> LoadListDirectory(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": not a directory");
  std::vector<Found> found;
  for (const fs::path& file : SortedEntries(dir, false)) Recognise(file, found);
  for (const fs::path& sub : SortedEntries(dir, true))
    for (const fs::path& file : SortedEntries(sub, false)) Recognise(file, found);
  if (found.empty())
    return Status::NotFound(dir + ": no sanctions list found (expected sdn.csv, cons_prim.csv or list XML)");

  std::vector<ListLoad> loads;
  for (const Found& f : found) {
    StatusOr<ListLoad> load = LoadFound(f);
    if (!load.ok()) {
      const std::string& msg = load.status().message();
      // Loader errors name the file already; make sure the message always does.
      if (msg.find(f.path) == std::string::npos) return Status::Corruption(f.path + ": " + msg);
      return load.status();
    }
    loads.push_back(std::move(load).value());
  }
  std::stable_sort(loads.begin(), loads.end(),
                   [](const ListLoad& a, const ListLoad& b) { return a.dataset < b.dataset; });
  return loads;
}

}  // namespace embargo
