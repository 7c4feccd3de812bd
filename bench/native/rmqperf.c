/*
 * rmqperf: the load generator for RabbitMQ streams, a thin C program over Debian's librabbitmq
 * (rabbitmq-c). Debian packages no client for RabbitMQ's binary stream protocol, so this speaks
 * AMQP 0-9-1 to a queue declared with x-queue-type=stream, which RabbitMQ documents as a supported
 * way to use streams; C keeps the generator's CPU cost low, as rdkperf does for Samsa. Prints one
 * JSON line like rdkperf.
 *
 *   rmqperf produce -p port -q queue -n records -s bytes [-w window]
 *     Declares the stream queue, turns on publisher confirms, and publishes with at most `window`
 *     messages unconfirmed. A confirm means the stream has written the message (RabbitMQ fsyncs
 *     stream segments on its own schedule): the promise of Samsa's acks on one broker.
 *   rmqperf consume -p port -q queue -n records [-w prefetch]
 *     basic.consume from the stream's first offset with `prefetch` unacknowledged deliveries
 *     (streams require manual acks), acking every 1,000 with `multiple`.
 */
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *msg, const char *detail) {
  fprintf(stderr, "rmqperf: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static void check_rpc(amqp_connection_state_t c, const char *what) {
  amqp_rpc_reply_t r = amqp_get_rpc_reply(c);
  if (r.reply_type != AMQP_RESPONSE_NORMAL) die(what, r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION ? amqp_error_string2(r.library_error) : "server error");
}

static void print_result(int64_t records, int64_t failed, int64_t bytes, int64_t ns) {
  printf("{\"records\":%" PRId64 ",\"failed\":%" PRId64 ",\"bytes\":%" PRId64 ",\"seconds\":%.6f,\"error\":\"\"}\n",
         records, failed, bytes, ns / 1e9);
}

static amqp_connection_state_t open_channel(int port, const char *queue) {
  amqp_connection_state_t c = amqp_new_connection();
  amqp_socket_t *s = amqp_tcp_socket_new(c);
  if (!s || amqp_socket_open(s, "127.0.0.1", port) != AMQP_STATUS_OK) die("cannot connect", NULL);
  amqp_rpc_reply_t r = amqp_login(c, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
  if (r.reply_type != AMQP_RESPONSE_NORMAL) die("login failed", NULL);
  amqp_channel_open(c, 1);
  check_rpc(c, "channel.open");
  amqp_table_entry_t type = {amqp_cstring_bytes("x-queue-type"), {AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes("stream")}}};
  amqp_table_t args = {1, &type};
  amqp_queue_declare(c, 1, amqp_cstring_bytes(queue), 0, 1, 0, 0, args);
  check_rpc(c, "queue.declare");
  return c;
}

/* Reads frames until a publisher confirm or nack arrives; returns how many it settled. */
static int64_t wait_confirms(amqp_connection_state_t c, int64_t *acked_to, int64_t *failed) {
  amqp_frame_t f;
  if (amqp_simple_wait_frame(c, &f) != AMQP_STATUS_OK) die("connection lost", NULL);
  if (f.frame_type != AMQP_FRAME_METHOD) return 0;
  int64_t before = *acked_to;
  if (f.payload.method.id == AMQP_BASIC_ACK_METHOD || f.payload.method.id == AMQP_BASIC_NACK_METHOD) {
    int nack = f.payload.method.id == AMQP_BASIC_NACK_METHOD;
    uint64_t tag = nack ? ((amqp_basic_nack_t *)f.payload.method.decoded)->delivery_tag
                        : ((amqp_basic_ack_t *)f.payload.method.decoded)->delivery_tag;
    amqp_boolean_t multiple = nack ? ((amqp_basic_nack_t *)f.payload.method.decoded)->multiple
                                   : ((amqp_basic_ack_t *)f.payload.method.decoded)->multiple;
    /* Confirms come in order of delivery tag; one without `multiple` settles its tag alone. */
    int64_t to = multiple ? (int64_t)tag : (int64_t)tag > *acked_to ? (int64_t)tag : *acked_to + 1;
    if (nack) *failed += to - *acked_to;
    *acked_to = to;
  }
  return *acked_to - before;
}

static int produce(int port, const char *queue, int64_t count, int size, int window) {
  amqp_connection_state_t c = open_channel(port, queue);
  amqp_confirm_select(c, 1);
  check_rpc(c, "confirm.select");
  char *payload = malloc((size_t)size);
  for (int i = 0; i < size; i++) payload[i] = (char)('a' + i % 26);
  amqp_bytes_t body = {(size_t)size, payload};
  int64_t acked = 0, failed = 0, start = now_ns();
  for (int64_t sent = 0; sent < count; sent++) {
    while (sent - acked >= window) wait_confirms(c, &acked, &failed);
    if (amqp_basic_publish(c, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 0, 0, NULL, body) != AMQP_STATUS_OK)
      die("publish failed", NULL);
  }
  while (acked < count) wait_confirms(c, &acked, &failed);
  int64_t elapsed = now_ns() - start;
  print_result(count - failed, failed, (count - failed) * size, elapsed);
  amqp_connection_close(c, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(c);
  free(payload);
  return failed ? 1 : 0;
}

static int consume(int port, const char *queue, int64_t count, int prefetch) {
  amqp_connection_state_t c = open_channel(port, queue);
  amqp_basic_qos(c, 1, 0, (uint16_t)(prefetch > 65535 ? 65535 : prefetch), 0);
  check_rpc(c, "basic.qos");
  amqp_table_entry_t offset = {amqp_cstring_bytes("x-stream-offset"), {AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes("first")}}};
  amqp_table_t args = {1, &offset};
  amqp_basic_consume(c, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, args);
  check_rpc(c, "basic.consume");
  int64_t records = 0, bytes = 0, start = 0, last = 0;
  struct timeval idle = {10, 0};
  while (records < count) {
    amqp_envelope_t e;
    amqp_maybe_release_buffers(c);
    amqp_rpc_reply_t r = amqp_consume_message(c, &e, &idle, 0);
    if (r.reply_type != AMQP_RESPONSE_NORMAL) break; /* nothing for 10 s: the stream ended early */
    last = now_ns();
    if (records == 0) start = last;
    records++, bytes += (int64_t)e.message.body.len;
    if (records % 1000 == 0 || records == count) amqp_basic_ack(c, 1, e.delivery_tag, 1);
    amqp_destroy_envelope(&e);
  }
  print_result(records, 0, bytes, last - start);
  amqp_connection_close(c, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(c);
  return records < count ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) die("usage: rmqperf produce|consume -p port -q queue -n records [-s bytes] [-w window]", NULL);
  const char *mode = argv[1], *queue = NULL;
  int port = 5672, size = 100, window = 4096;
  int64_t count = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *opt = argv[i], *v = argv[i + 1];
    if (strcmp(opt, "-p") == 0) port = atoi(v);
    else if (strcmp(opt, "-q") == 0) queue = v;
    else if (strcmp(opt, "-n") == 0) count = strtoll(v, NULL, 10);
    else if (strcmp(opt, "-s") == 0) size = atoi(v);
    else if (strcmp(opt, "-w") == 0) window = atoi(v);
    else die("unknown option", opt);
  }
  if (!queue || count <= 0 || window <= 0) die("-q and -n are required", NULL);
  if (strcmp(mode, "produce") == 0) return produce(port, queue, count, size, window);
  if (strcmp(mode, "consume") == 0) return consume(port, queue, count, window);
  die("unknown mode", mode);
  return 2;
}
