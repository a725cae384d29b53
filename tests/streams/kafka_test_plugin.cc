// A librdkafka plugin (plugin.library.paths) for the worker's tests. It notes each time it is
// loaded: a line in the file named by EMBARGO_KAFKA_TEST_PLUGIN_MARK; the tests see by it when code
// named in --kafka-config is loaded: never while the file is checked, only for the worker's
// clients. With EMBARGO_KAFKA_TEST_PLUGIN_FATAL set, the consumer meets a fatal error (as a fenced
// static member does) when it first hands a message over: no broker can be made to cause one.
#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstdlib>

namespace {

rd_kafka_resp_err_t FailOnFirstMessage(rd_kafka_t* rk, rd_kafka_message_t*, void*) {
  rd_kafka_test_fatal_error(rk, RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID, "test plugin: another member took this one's place");
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_resp_err_t OnNew(rd_kafka_t* rk, const rd_kafka_conf_t*, void*, char*, size_t) {
  if (rd_kafka_type(rk) == RD_KAFKA_CONSUMER)
    return rd_kafka_interceptor_add_on_consume(rk, "embargo-test", FailOnFirstMessage, nullptr);
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace

extern "C" rd_kafka_resp_err_t conf_init(rd_kafka_conf_t* conf, void** plug_opaquep, char*, size_t) {
  if (const char* mark = std::getenv("EMBARGO_KAFKA_TEST_PLUGIN_MARK")) {
    if (FILE* f = std::fopen(mark, "a")) {
      std::fputs("loaded\n", f);
      std::fclose(f);
    }
  }
  *plug_opaquep = nullptr;
  if (std::getenv("EMBARGO_KAFKA_TEST_PLUGIN_FATAL"))
    return rd_kafka_conf_interceptor_add_on_new(conf, "embargo-test", OnNew, nullptr);
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}
