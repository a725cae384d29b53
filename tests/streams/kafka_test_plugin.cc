// A librdkafka plugin (plugin.library.paths) that does nothing but note each time it is loaded: a
// line in the file named by EMBARGO_KAFKA_TEST_PLUGIN_MARK. The tests see by it when code named in
// --kafka-config is loaded: never while the file is checked, only for the worker's clients.
#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstdlib>

extern "C" rd_kafka_resp_err_t conf_init(rd_kafka_conf_t*, void** plug_opaquep, char*, size_t) {
  if (const char* mark = std::getenv("EMBARGO_KAFKA_TEST_PLUGIN_MARK")) {
    if (FILE* f = std::fopen(mark, "a")) {
      std::fputs("loaded\n", f);
      std::fclose(f);
    }
  }
  *plug_opaquep = nullptr;
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}
