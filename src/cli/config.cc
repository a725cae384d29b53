#include "cli/config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "common/io.h"
#include "common/strings.h"
#include "embargo/ownership.h"
#include "server/server.h"
#include "text/similarity.h"

namespace embargo::cli {
namespace {

// Sets the value of one key; the error says what was expected (the caller adds file, line, key).
using Apply = Status (*)(ConfigFile& c, const std::string& value);

struct Key {
  std::string_view name;
  std::string_view help;
  Apply apply;
  std::string_view replaced_by = {};  // non-empty: a deprecated name of that key
};

Status Expected(std::string_view what, const std::string& value) {
  return Status::InvalidArgument("expected " + std::string(what) + ", not '" + value + "'");
}

// A file or directory: an empty value would name the working directory unseen.
Status Path(const std::string& value, std::string& out) {
  if (value.empty()) return Expected("a path", value);
  out = value;
  return Status::Ok();
}

// An IPv4 or IPv6 address, as `serve` listens on one (a host name is not resolved).
Status IpAddress(const std::string& value, std::string& out) {
  in6_addr v6;
  in_addr v4;
  if (inet_pton(AF_INET, value.c_str(), &v4) != 1 && inet_pton(AF_INET6, value.c_str(), &v6) != 1)
    return Expected("an IP address to listen on", value);
  out = value;
  return Status::Ok();
}

std::string Shown(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// A number in [lo, hi]; `percent` also accepts "10%" for 0.1.
Status Number(const std::string& value, double lo, double hi, double& out, bool percent = false) {
  double v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  std::string_view rest = Trim(std::string_view(end, value.data() + value.size() - end));
  if (percent && rest == "%") v /= 100, rest = {};
  if (value.empty() || ec != std::errc() || !rest.empty() || !(v >= lo && v <= hi))
    return Expected(percent ? "a share such as 0.1 or 10%" : "a number from " + Shown(lo) + " to " + Shown(hi), value);
  out = v;
  return Status::Ok();
}

Status WholeNumber(const std::string& value, long lo, long hi, long& out) {
  long v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || v < lo || v > hi)
    return Expected("a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), value);
  out = v;
  return Status::Ok();
}

Status Seconds(const std::string& value, long& out_ms) {
  double v = 0;
  if (!Number(value, 0.001, 1e7, v).ok()) return Expected("seconds > 0", value);
  out_ms = static_cast<long>(std::llround(v * 1000));
  return Status::Ok();
}

Status OneOf(const std::string& value, std::string_view a, std::string_view b, bool& is_a) {
  if (value != a && value != b) return Expected(std::string(a) + " or " + std::string(b), value);
  is_a = value == a;
  return Status::Ok();
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool SafeName(std::string_view name) { return !name.empty() && name[0] != '.' && name.find('/') == name.npos; }

// `source.NAME = [file=]URL ...`: the file name is the URL's last path segment unless given.
StatusOr<std::vector<SourceFile>> SourceFiles(const std::string& value) {
  std::vector<SourceFile> files;
  for (const std::string& word : Words(value)) {
    SourceFile f;
    size_t eq = word.find('='), scheme = word.find("://");
    if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
      f.name = word.substr(0, eq);
      f.url = word.substr(eq + 1);
    } else {
      f.url = word;
      std::string path = word.substr(0, word.find_first_of("?#"));
      f.name = Lower(path.substr(path.find_last_of('/') + 1));
    }
    if (f.url.find("://") == std::string::npos) return Status::InvalidArgument("'" + word + "' is not a URL");
    if (!SafeName(f.name)) return Status::InvalidArgument("cannot take a file name from '" + word + "': write NAME=URL");
    files.push_back(std::move(f));
  }
  if (files.empty()) return Status::InvalidArgument("no URL given");
  return files;
}

Status Source(ConfigFile& c, const std::string& name, const std::string& value) {
  if (!SafeName(name)) return Status::InvalidArgument("not a valid source name");
  EMBARGO_ASSIGN_OR_RETURN(auto files, SourceFiles(value));
  auto& sources = c.update.sources;
  auto it = std::find_if(sources.begin(), sources.end(), [&](const ListSource& s) { return s.name == name; });
  if (it != sources.end()) it->files = std::move(files);
  else sources.push_back({name, std::move(files)});
  return Status::Ok();
}

Status SetStore(ConfigFile& c, const std::string& v) {
  c.decisions.decision_store = v;
  return Status::Ok();
}

// Every key, grouped by section as docs/CLI.md lists them.
const Key kKeys[] = {
    // lists
    {"lists", "a list directory or a list store (like --lists)", [](ConfigFile& c, const std::string& v) { return Path(v, c.lists.lists); }},
    {"list_store", "the list store when `lists` names none (default $XDG_DATA_HOME/embargo)", [](ConfigFile& c, const std::string& v) { return Path(v, c.lists.list_store); }},
    {"threshold", "alert threshold in [0,1] (default 0.8)", [](ConfigFile& c, const std::string& v) { return Number(v, 0, 1, c.lists.threshold); }},
    {"ownership", "an ownership graph, FtM JSON lines or CSV (like --ownership; one line per file)",
     [](ConfigFile& c, const std::string& v) {
       EMBARGO_RETURN_IF_ERROR(Path(v, c.lists.ownership.emplace_back()));
       return Status::Ok();
     }},
    {"ownership_rule", "ofac (default), eu or uk: the rule entities are owned or controlled under",
     [](ConfigFile& c, const std::string& v) {
       if (!ParseOwnershipRule(v)) return Expected("ofac, eu or uk", v);
       c.lists.ownership_rule = v;
       return Status::Ok();
     }},
    // serve
    {"host", "serve: address to listen on (default 127.0.0.1)", [](ConfigFile& c, const std::string& v) { return IpAddress(v, c.serve.host); }},
    {"port", "serve: port (default 8080)",
     [](ConfigFile& c, const std::string& v) {
       long port = 0;
       EMBARGO_RETURN_IF_ERROR(WholeNumber(v, 0, 65535, port));
       c.serve.port = static_cast<int>(port);
       return Status::Ok();
     }},
    {"api_keys", "serve: file of API keys: SHA-256 hex, principal, roles per line", [](ConfigFile& c, const std::string& v) { c.serve.api_keys = v; return Status::Ok(); }},
    {"public_url", "serve: the address clients reach the server at, for the links it hands out (https://screening.example.com)",
     [](ConfigFile& c, const std::string& v) {
       EMBARGO_ASSIGN_OR_RETURN(c.serve.public_url, server::CheckPublicUrl(v));
       return Status::Ok();
     }},
    {"max_list_age_hours", "serve, worker: hours after which the lists are stale (0: no limit)",
     [](ConfigFile& c, const std::string& v) { return Number(v, 0, 1e6, c.serve.max_list_age_hours); }},
    {"drain_timeout", "serve: seconds the requests in flight have to be answered on SIGTERM (default 30)",
     [](ConfigFile& c, const std::string& v) { return Number(v, 0, 86400, c.serve.drain_timeout_seconds); }},
    // the decision store
    {"decision_store", "the decision store: SQLite file or postgresql:// URI", SetStore},
    {"store", "deprecated: decision_store", SetStore, "decision_store"},
    {"record", "always | on-request: record every party screening (screen, batch, /v1/screen) in the decision store", [](ConfigFile& c, const std::string& v) { return OneOf(v, "always", "on-request", c.decisions.record_always); }},
    {"caller", "who asks, for the audit trail (default $USER)", [](ConfigFile& c, const std::string& v) { c.decisions.caller = v; return Status::Ok(); }},
    {"four_eyes", "true | false: a second reviewer confirms true matches", [](ConfigFile& c, const std::string& v) { return OneOf(v, "true", "false", c.decisions.options.four_eyes); }},
    {"four_eyes_score", "false positives scored at or above this need a second reviewer too (default 0.95)",
     [](ConfigFile& c, const std::string& v) { return Number(v, 0, 1, c.decisions.options.four_eyes_score); }},
    // lists update
    {"update.sources", "the sources `lists update` fetches without --source", [](ConfigFile& c, const std::string& v) { c.update.enabled = Words(v); return Status::Ok(); }},
    {"update.max_drop", "share of the records in force that may vanish (default 10%)", [](ConfigFile& c, const std::string& v) { return Number(v, 0, 1, c.update.options.max_drop, true); }},
    {"update.max_rejected", "share of a list's records its loader may reject (default 1%)",
     [](ConfigFile& c, const std::string& v) { return Number(v, 0, 1, c.update.options.max_rejected, true); }},
    {"update.keep", "versions kept per source (default 5)",
     [](ConfigFile& c, const std::string& v) {
       long keep = 0;
       EMBARGO_RETURN_IF_ERROR(WholeNumber(v, 1, 1000000, keep));
       c.update.options.keep = static_cast<size_t>(keep);
       return Status::Ok();
     }},
    {"update.retries", "further attempts after a transient failure (default 3)",
     [](ConfigFile& c, const std::string& v) {
       long retries = 0;
       EMBARGO_RETURN_IF_ERROR(WholeNumber(v, 0, 20, retries));
       c.update.options.fetch.retries = static_cast<int>(retries);
       return Status::Ok();
     }},
    {"update.connect_timeout", "seconds (default 15)",
     [](ConfigFile& c, const std::string& v) { return Seconds(v, c.update.options.fetch.connect_timeout_ms); }},
    {"update.timeout", "seconds for a whole file (default 600)", [](ConfigFile& c, const std::string& v) { return Seconds(v, c.update.options.fetch.total_timeout_ms); }},
    {"update.stall_timeout", "seconds under 1,000 bytes/s (default 60)",
     [](ConfigFile& c, const std::string& v) { return Seconds(v, c.update.options.fetch.stall_timeout_ms); }},
    {"update.retry_delay", "seconds before the first retry, doubled each time (default 2)",
     [](ConfigFile& c, const std::string& v) { return Seconds(v, c.update.options.fetch.retry_delay_ms); }},
};

constexpr std::string_view kSourcePrefix = "source.";

Status UnknownKey(const std::string& key) {
  std::string hint = NearestWord(key, KnownConfigKeys());
  return Status::InvalidArgument("unknown key '" + key + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                                 " (embargo help config lists every key)");
}

// Applies one `key = value` line.
Status ApplyLine(ConfigFile& c, const std::string& key, const std::string& value, const std::string& where) {
  if (key.starts_with(kSourcePrefix)) return Source(c, key.substr(kSourcePrefix.size()), value).WithContext(key);
  for (const Key& k : kKeys) {
    if (k.name != key) continue;
    if (!k.replaced_by.empty())
      c.warnings.push_back(where + ": '" + key + "' is deprecated; write '" + std::string(k.replaced_by) + "'");
    return k.apply(c, value).WithContext(key);
  }
  return UnknownKey(key);
}

// The key a line sets, under its current name; ownership files add up, so they may repeat.
std::string SettingOf(const std::string& key) {
  for (const Key& k : kKeys)
    if (k.name == key) return k.name == "ownership" ? std::string() : std::string(k.replaced_by.empty() ? k.name : k.replaced_by);
  return key;
}

// A relative path in a config file names a file beside the config file, wherever the command runs
// (from another directory it would name another decision store: an audit trail split in two).
void ResolveAgainst(const std::filesystem::path& dir, std::string& path) {
  if (path.empty() || dir.empty() || std::filesystem::path(path).is_absolute()) return;
  path = (dir / path).lexically_normal().string();
}

void ResolveRelativePaths(ConfigFile& c) {
  std::filesystem::path dir = std::filesystem::path(c.path).parent_path();
  ResolveAgainst(dir, c.lists.lists);
  ResolveAgainst(dir, c.lists.list_store);
  for (std::string& graph : c.lists.ownership) ResolveAgainst(dir, graph);
  ResolveAgainst(dir, c.serve.api_keys);
  const std::string& store = c.decisions.decision_store;
  if (!store.starts_with("postgresql://") && !store.starts_with("postgres://")) ResolveAgainst(dir, c.decisions.decision_store);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ConfigKeyHelp() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Key& k : kKeys)
    if (k.replaced_by.empty()) out.emplace_back(k.name, k.help);
  out.emplace_back(std::string(kSourcePrefix) + "NAME", "lists update: a source's [FILE=]URL ... (docs/LISTS.md)");
  return out;
}

std::vector<std::string> KnownConfigKeys() {
  std::vector<std::string> out;
  for (auto& [key, help] : ConfigKeyHelp()) out.push_back(key);
  return out;
}

std::string NearestWord(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  int best_distance = static_cast<int>(std::max<size_t>(2, word.size() / 3)) + 1;
  for (const std::string& c : candidates) {
    int d = text::DamerauLevenshtein(Lower(word), Lower(c), best_distance);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best;
}

StatusOr<ConfigFile> ParseConfig(std::string_view text, const std::string& path) {
  ConfigFile c;
  c.path = path;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte order mark, as some editors write
  std::map<std::string, size_t> set_at;  // setting -> the line that set it
  size_t n = 0;
  for (size_t begin = 0; begin < text.size(); ++n) {
    size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view line = Trim(text.substr(begin, end - begin));
    begin = end + 1;
    std::string where = path + ":" + std::to_string(n + 1);
    // A lone CR would hide the settings after it in this line's value or comment
    // ("caller = bob\rownership = ...").
    if (line.find('\r') != std::string_view::npos)
      return Status::InvalidArgument(where + ": a carriage return inside the line: lines must end in LF or CRLF");
    if (line.empty() || line[0] == '#') continue;
    if (auto c = std::find_if(line.begin(), line.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20 && ch != '\t'; });
        c != line.end())
      return Status::InvalidArgument(where + ": control character " + std::to_string(static_cast<int>(*c)) +
                                     " at column " + std::to_string(c - line.begin() + 1));
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Status::InvalidArgument(where + ": expected key = value");
    std::string key(Trim(line.substr(0, eq))), value(Trim(line.substr(eq + 1)));
    EMBARGO_RETURN_IF_ERROR(ApplyLine(c, key, value, where).WithContext(where));
    if (key == "ownership") c.ownership_at.push_back(where);
    // A second value for one setting is a mistake either way: which one was meant is unknown.
    if (std::string setting = SettingOf(key); !setting.empty()) {
      auto [it, first] = set_at.emplace(setting, n + 1);
      c.set_at.emplace(setting, where);
      if (!first)
        return Status::InvalidArgument(where + ": " + key + ": already set at line " + std::to_string(it->second) +
                                       " (one value per key)");
    }
  }
  // Checked once every source is defined: a name no source has would fail only when an update runs.
  for (const std::string& name : c.update.enabled) {
    auto known = [&](const ListSource& s) { return s.name == name; };
    if (std::none_of(c.update.sources.begin(), c.update.sources.end(), known)) {
      std::string names;
      for (const ListSource& s : c.update.sources) names += (names.empty() ? "" : ", ") + s.name;
      return Status::InvalidArgument(path + ":" + std::to_string(set_at["update.sources"]) +
                                     ": update.sources: unknown source '" + name + "' (sources: " + names + ")");
    }
  }
  ResolveRelativePaths(c);
  return c;
}

StatusOr<ConfigFile> ReadConfigFile(const std::string& path) {
  if (path.empty()) return ConfigFile{};
  EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  if (!IsValidUtf8(text)) return Status::InvalidArgument(path + ": not valid UTF-8");
  return ParseConfig(text, path);
}

}  // namespace embargo::cli
