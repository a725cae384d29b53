// Which Kafka errors stop a worker rather than being retried.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

#include "embargo/status.h"

namespace embargo::streams {

// Whether `err` refuses the worker's login (SASL) or a permission it needs (ACLs on the topic, the
// consumer group, the cluster): a bad setting, not a passing fault, which retrying never cures. The
// worker stops (exit 2), as the Redis worker does on a refused AUTH or NOPERM.
bool IsKafkaRefusal(rd_kafka_resp_err_t err);

// The error a worker stops with, naming the brokers and the refusal:
// "kafka HOST:PORT,...: Local: Authentication failure: SASL authentication error: ...".
Status KafkaRefused(const std::string& brokers, rd_kafka_resp_err_t err, const std::string& reason);

}  // namespace embargo::streams
