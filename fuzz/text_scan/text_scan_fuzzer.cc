// libFuzzer target for the free-text scanner: any bytes in, and the mentions out must keep the
// contract of include/embargo/text_scan.h (offsets in bounds, in order, not overlapping, the
// mention's text being the text's own bytes there, an entity and a score at the threshold).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "embargo/lists.h"
#include "embargo/screener.h"
#include "embargo/text_scan.h"

namespace {

const embargo::TextScanner& Scanner() {
  static std::unique_ptr<embargo::Screener> screener = [] {
    auto lists = embargo::LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    if (!lists.ok()) std::abort();
    auto s = embargo::Screener::Build(std::move(*lists));
    if (!s.ok()) std::abort();
    return std::move(*s);
  }();
  static std::unique_ptr<embargo::TextScanner> scanner = [] {
    auto t = embargo::TextScanner::Build(*screener);
    if (!t.ok()) std::abort();
    return std::move(*t);
  }();
  return *scanner;
}

}  // namespace

// Lists are loaded and indexed before the first input, outside the per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)Scanner();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)embargo::FindInvalidUtf8(text);
  size_t last_end = 0, last_char_end = 0;
  embargo::TextScanResult scan = Scanner().Scan(text);
  // No budget is set: a span is left unscreened only for letters no transliteration reads (Ѿ).
  for (const auto& u : scan.unscreened)
    if (u.reason.find("letters no transliteration reads") == std::string::npos) std::abort();
  for (const auto& m : scan.mentions) {
    if (m.begin >= m.end || m.end > size || m.begin < last_end) std::abort();
    if (m.char_begin >= m.char_end || m.char_end > size || m.char_begin < last_char_end) std::abort();
    if (m.text != text.substr(m.begin, m.end - m.begin)) std::abort();
    if (!m.hit.entity || m.hit.score < Scanner().options().threshold) std::abort();
    last_end = m.end;
    last_char_end = m.char_end;
  }
  return 0;
}
