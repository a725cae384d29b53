// `embargo batch`: a customers CSV screened row by row. Every input row gets exactly one result,
// in input order; a row that cannot be screened is an error row naming its line and field (never
// "alert": false), and the rows after it are screened as usual.
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/store_commands.h"
#include "common/json_text.h"
#include "common/parallel.h"
#include "decision_store/screening.h"
#include "match/result_json.h"

namespace embargo::cli {
namespace {

struct Totals {
  size_t rows = 0, alerts = 0, errors = 0, incomplete = 0;
};

// One row's result: its JSON, or the error that kept it from being screened (or recorded).
struct RowResult {
  std::optional<ScreenResult> result;
  nlohmann::json json;
  Status error;
  std::string field;  // the field at fault
  std::string text;   // as written out
};

std::string Joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Writes rows as JSON lines or CSV (one line per hit; a row without hits only with --all).
class RowWriter {
 public:
  RowWriter(std::ostream& os, const BatchArgs& a) : os_(os), csv_(a.format == "csv"), all_(a.all) {
    if (csv_) os_ << "line,id,name,verdict,score,list,list_record_id,caption,programs,reasons,error\n";
  }

  // The text of one row; thread-safe, so that the screening threads format their rows.
  std::string Format(const decisions::CustomerRow& in, const RowResult& r) const {
    if (!csv_) return JsonText(r.json) + "\n";
    std::string head = std::to_string(in.line) + "," + CsvField(in.id) + "," + CsvField(in.name) + ",";
    if (!r.error.ok()) return head + "error,,,,,,," + CsvField(r.error.message()) + "\n";
    std::string verdict = r.json.value("verdict", "clear"), out;
    if (r.result->hits.empty() && all_) out += head + verdict + ",,,,,,,\n";
    for (size_t i = 0; i < r.result->hits.size(); ++i) {
      const Hit& h = r.result->hits[i];
      std::string dataset = h.entity->id.substr(0, h.entity->id.find(':'));
      const nlohmann::json& hj = r.json["hits"][i];
      if (hj.contains("datasets") && !hj["datasets"].empty()) dataset = hj["datasets"][0].get<std::string>();
      out += head + verdict + "," + Score3(h.score) + "," + CsvField(dataset) + "," + CsvField(h.entity->id) + "," +
             CsvField(h.entity->caption()) + "," + CsvField(Joined(h.entity->programs, "; ")) + "," +
             CsvField(PlainExplanation(h)) + ",\n";
    }
    return out;
  }

  void Write(const std::string& text) { os_ << text; }

 private:
  std::ostream& os_;
  bool csv_, all_;
};

// {"ofac-sdn": "3f2a9c1b7d4e", ...}: the content hash of each list version screened against.
nlohmann::json ListVersions(const Screener& screener) {
  nlohmann::json out = nlohmann::json::object();
  for (const ListLoad& l : screener.lists()) out[l.dataset] = l.content_hash.substr(0, 12);
  return out;
}

RowResult ErrorRow(const decisions::CustomerRow& in, Status error, std::string field) {
  RowResult r;
  r.json = {{"line", in.line}, {"id", in.id}, {"name", in.name}, {"verdict", "error"}, {"error", error.message()}};
  if (!field.empty()) r.json["field"] = field;
  r.error = std::move(error);
  r.field = std::move(field);
  return r;
}

RowResult ScreenRow(const decisions::CustomerRow& in, const std::string& path, const Screener& screener,
                    const MatchOptions& opts, const nlohmann::json& versions) {
  if (!in.customer.ok()) return ErrorRow(in, in.customer.status(), in.field);
  auto result = screener.Screen(in.customer->query, opts);
  if (!result.ok()) {  // a name the engine cannot read ("name: more than 64 words"), as a bad field is
    Status error = std::move(result).status();
    std::string field = error.message().rfind("name: ", 0) == 0 ? "name" : "";
    return ErrorRow(in, error.WithContext(path + ":" + std::to_string(in.line)), std::move(field));
  }
  RowResult r;
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& h : result->hits) hits.push_back(HitJson(h));
  r.json = {{"line", in.line}, {"id", in.customer->id}, {"name", in.customer->query.name}, {"alert", result->alert},
            {"verdict", result->alert ? "alert" : "clear"}, {"hits", std::move(hits)}, {"lists", versions}};
  if (!result->reason.empty()) r.json["reason"] = result->reason;
  if (result->incomplete) r.json["incomplete"] = true;
  r.result = std::move(*result);
  return r;
}

decisions::Encoding EncodingOf(const std::string& name) {
  return name == "cp1252" ? decisions::Encoding::kCp1252 : decisions::Encoding::kUtf8;
}

void PrintSummary(const Totals& t, const Screener& screener, double seconds) {
  std::cerr << "embargo batch: " << t.rows << " rows, " << t.alerts << " alert(s), " << t.errors << " error(s), "
            << t.incomplete << " incomplete, " << std::fixed;
  std::cerr.precision(1);
  std::cerr << seconds << " s; lists";
  for (const ListLoad& l : screener.lists())
    std::cerr << " " << l.dataset << " " << (l.published.empty() ? "" : l.published + " ") << l.content_hash.substr(0, 12)
              << (&l == &screener.lists().back() ? "" : ",");
  std::cerr << "\n" << std::defaultfloat;
}

// Columns the batch does not read are named, before and after the run: a name in one (an alias
// column) is not screened, and the reader should know it. They are not refused: files carry
// columns of their own (an expected answer, an account number).
void WarnOfUnreadColumns(const decisions::CustomerRowReader& reader, const std::string& path) {
  const std::vector<std::string>& unread = reader.unread_columns();
  if (unread.empty()) return;
  std::cerr << "embargo batch: " << path << ":1: column(s) not read, so not screened: ";
  for (size_t i = 0; i < unread.size(); ++i) std::cerr << (i ? ", " : "") << unread[i];
  std::cerr << " (the columns read: " << decisions::kCustomerColumns << ")\n";
}

// Where each screened chunk goes: the decision store when recording, the output, the totals.
struct ChunkSink {
  BatchRecorder* recorder;  // null: not recording
  const Screener& screener;
  double threshold;
  const std::string& input;
  RowWriter& writer;
  Totals& totals;

  void Write(const std::vector<decisions::CustomerRow>& rows, std::vector<RowResult>& results, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      RowResult& r = results[i];
      if (recorder && r.error.ok()) {
        std::string field;
        Status rec = recorder->Record(*rows[i].customer, rows[i].line, *r.result, screener, threshold, r.json, &field);
        if (!rec.ok()) {
          r = ErrorRow(rows[i], rec.WithContext(input + ":" + std::to_string(rows[i].line) + ": screening NOT recorded"),
                       std::move(field));
        }
      }
      if (recorder) r.text = writer.Format(rows[i], r);  // with what the store added
      if (!r.error.ok()) ++totals.errors;
      else totals.alerts += r.json["alert"].get<bool>(), totals.incomplete += r.result->incomplete;
      writer.Write(r.text);
    }
    totals.rows += n;
  }
};

// SIGTERM or SIGINT: the chunk in flight is finished, written and recorded, and no more rows are
// read. A second signal ends the process at once.
volatile sig_atomic_t g_stop_signal = 0;

void OnStopSignal(int sig) {
  if (g_stop_signal) {
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  g_stop_signal = sig;
}

void InstallStopSignals() {
  g_stop_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT}) sigaction(sig, &sa, nullptr);
}

// A run stopped by a signal: what was written and recorded, and how to finish it.
Status Interrupted(const BatchArgs& a, const Totals& t, bool recording) {
  std::string where = a.output.empty() ? "stdout" : a.output;
  std::string resume = recording ? "rerun the same command to finish: the rows already recorded are not recorded again"
                                 : "rerun the same command to screen the whole file";
  return Status::Cancelled(a.input + ": interrupted by " + (g_stop_signal == SIGINT ? "SIGINT" : "SIGTERM") +
                           " after " + std::to_string(t.rows) + " rows (written to " + where +
                           (recording ? " and recorded" : "") + "); the rows after them were not screened: " + resume);
}

// Rows to expect, for the progress bar: one a line, less the header (a quoted line break makes
// it an overestimate, which the bar's end corrects).
size_t EstimatedRows(std::string_view text) {
  size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + (text.ends_with('\n') ? 0 : 1);
  return lines > 0 ? lines - 1 : 0;
}

}  // namespace

CommandResult RunBatch(const GlobalOptions& g, const BatchArgs& a) {
  auto t0 = std::chrono::steady_clock::now();
  InstallStopSignals();  // before the lists load: a signal meanwhile stops the run before its first row
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(std::string text, decisions::ReadCustomerFile(a.input, EncodingOf(a.encoding)));
  EMBARGO_ASSIGN_OR_RETURN(auto reader, decisions::CustomerRowReader::Open(text, a.input));
  WarnOfUnreadColumns(*reader, a.input);
  EMBARGO_ASSIGN_OR_RETURN(auto screener, LoadScreener(settings));
  std::unique_ptr<BatchRecorder> recorder;
  if (WantsRecord(settings, a.rec)) {
    EMBARGO_ASSIGN_OR_RETURN(recorder, BatchRecorder::Open(settings, a.rec, text));
  }
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output);
    if (!file) return Status::PermissionDenied(a.output + ": cannot write");
  }
  std::ostream& os = a.output.empty() ? std::cout : file;
  RowWriter writer(os, a);
  MatchOptions opts;
  opts.threshold = settings.threshold;
  opts.merge_linked = !a.separate;
  opts.limit = a.limit;
  nlohmann::json versions = ListVersions(*screener);
  Totals totals;
  ChunkSink sink{recorder.get(), *screener, opts.threshold, a.input, writer, totals};
  ProgressBar progress(EstimatedRows(text));
  // Read and screened in chunks: a chunk is written (and recorded) before the next is read, so
  // an interrupted run has written and recorded a prefix of the input, in little memory.
  constexpr size_t kChunk = 256;
  std::vector<decisions::CustomerRow> rows(kChunk);
  std::vector<RowResult> results(kChunk);
  WorkerPool pool(a.threads);
  bool interrupted = false;
  for (size_t n = kChunk; n == kChunk;) {
    if ((interrupted = g_stop_signal != 0)) break;
    for (n = 0; n < kChunk && reader->Next(rows[n]);) ++n;
    pool.For(0, n, [&](size_t i) {
      results[i] = ScreenRow(rows[i], a.input, *screener, opts, versions);
      if (!recorder) results[i].text = writer.Format(rows[i], results[i]);
    });
    sink.Write(rows, results, n);
    os.flush();
    progress.Update(totals.rows);
  }
  progress.Finish(totals.rows);
  if (!os) return Status::Internal((a.output.empty() ? "stdout" : a.output) + ": write failed");
  PrintSummary(totals, *screener, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  WarnOfUnreadColumns(*reader, a.input);
  if (interrupted) return Interrupted(a, totals, recorder != nullptr);
  if (totals.errors)
    return Status::InvalidArgument(a.input + ": " + std::to_string(totals.errors) + " of " + std::to_string(totals.rows) +
                                   " row(s) could not be screened (see the error rows); the others were screened");
  return AlertIf(totals.alerts > 0);
}

}  // namespace embargo::cli
