// libFuzzer target for the rescreening inputs: a customers CSV (LoadCustomersCsv) and a stored
// customer's query JSON (CustomerFromStored). Contract: a failure names the file (or customer);
// every customer read has an id and a non-blank name, and its stored form reads back the same.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "decision_store/screening.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Under $TMPDIR (scripts/fuzz.sh points it at its work directory, which it removes).
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/embargo_fuzz_customers_" +
           std::to_string(getpid()) + ".csv";
  }();
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  auto customers = embargo::decisions::LoadCustomersCsv(path);
  if (!customers.ok()) {
    if (customers.status().message().find(path) == std::string::npos) std::abort();
  } else {
    for (const auto& c : *customers) {
      if (c.id.empty() || c.query.name.find_first_not_of(" \t\r\n") == std::string::npos) std::abort();
      auto back = embargo::decisions::CustomerFromStored({c.id, c.input_json});
      if (!back.ok() || back->input_json != c.input_json) std::abort();
    }
  }
  (void)embargo::decisions::CustomerFromStored({"fuzz", bytes});
  return 0;
}
