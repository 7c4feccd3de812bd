/*
 * redisperf: the load generator for Redis Streams, the peer closest to a Kafka partition (an
 * append-only log with ids, read from any position). A thin C program over Debian's hiredis, for
 * the same reason rdkperf is C over librdkafka: the generator shares the machine's 2 cores with the
 * server it measures, so it must cost as little as it can. Prints one JSON line like rdkperf.
 *
 *   redisperf produce -p port -k stream -n records -s bytes [-w window]
 *     XADD stream * v <payload>, pipelined: up to `window` commands are in flight at once (Redis
 *     answers them in order, so the window slides one reply at a time). The command is formatted
 *     once and its bytes re-sent, as the payload is shared in rdkperf. Time runs from the first send
 *     to the last reply.
 *   redisperf consume -p port -k stream -n records [-w count]
 *     XREAD COUNT `count` from the start until `records` arrived: catch-up reading of a stream
 *     that is wholly in memory (Redis keeps every stream in RAM; the AOF is only for restarts).
 */
#include <hiredis/hiredis.h>
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
  fprintf(stderr, "redisperf: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static void print_result(int64_t records, int64_t failed, int64_t bytes, int64_t ns) {
  printf("{\"records\":%" PRId64 ",\"failed\":%" PRId64 ",\"bytes\":%" PRId64 ",\"seconds\":%.6f,\"error\":\"\"}\n",
         records, failed, bytes, ns / 1e9);
}

static int64_t take_reply(redisContext *c) {
  redisReply *r;
  if (redisGetReply(c, (void **)&r) != REDIS_OK) die("connection", c->errstr);
  int64_t failed = r->type == REDIS_REPLY_ERROR;
  if (failed) fprintf(stderr, "redisperf: %s\n", r->str);
  freeReplyObject(r);
  return failed;
}

static int produce(redisContext *c, const char *key, int64_t count, int size, int window) {
  char *payload = malloc((size_t)size);
  for (int i = 0; i < size; i++) payload[i] = (char)('a' + i % 26);
  const char *argv[] = {"XADD", key, "*", "v", payload};
  size_t lens[] = {4, strlen(key), 1, 1, (size_t)size};
  char *cmd;
  long long cmdlen = redisFormatCommandArgv(&cmd, 5, argv, lens);
  if (cmdlen < 0) die("formatting XADD failed", NULL);

  int64_t failed = 0, sent = 0, replied = 0, start = now_ns();
  while (replied < count) {
    while (sent < count && sent - replied < window) {
      redisAppendFormattedCommand(c, cmd, (size_t)cmdlen);
      sent++;
    }
    failed += take_reply(c);
    replied++;
  }
  int64_t elapsed = now_ns() - start;
  print_result(count - failed, failed, (count - failed) * size, elapsed);
  redisFreeCommand(cmd);
  free(payload);
  return failed ? 1 : 0;
}

static int consume(redisContext *c, const char *key, int64_t count, int batch) {
  char last[64] = "0-0";
  int64_t records = 0, bytes = 0, start = now_ns();
  while (records < count) {
    redisReply *r = redisCommand(c, "XREAD COUNT %d STREAMS %s %s", batch, key, last);
    if (!r) die("connection", c->errstr);
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) {
      freeReplyObject(r);
      break; /* the stream ended before `count` records */
    }
    redisReply *entries = r->element[0]->element[1];
    for (size_t i = 0; i < entries->elements; i++) {
      redisReply *fields = entries->element[i]->element[1];
      for (size_t f = 1; f < fields->elements; f += 2) bytes += (int64_t)fields->element[f]->len;
      records++;
    }
    if (entries->elements > 0) snprintf(last, sizeof last, "%s", entries->element[entries->elements - 1]->element[0]->str);
    freeReplyObject(r);
  }
  print_result(records, 0, bytes, now_ns() - start);
  return records < count ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) die("usage: redisperf produce|consume -p port -k stream -n records [-s bytes] [-w window]", NULL);
  const char *mode = argv[1], *key = NULL;
  int port = 6379, size = 100, window = 1000;
  int64_t count = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *opt = argv[i], *v = argv[i + 1];
    if (strcmp(opt, "-p") == 0) port = atoi(v);
    else if (strcmp(opt, "-k") == 0) key = v;
    else if (strcmp(opt, "-n") == 0) count = strtoll(v, NULL, 10);
    else if (strcmp(opt, "-s") == 0) size = atoi(v);
    else if (strcmp(opt, "-w") == 0) window = atoi(v);
    else die("unknown option", opt);
  }
  if (!key || count <= 0 || window <= 0) die("-k and -n are required", NULL);
  redisContext *c = redisConnect("127.0.0.1", port);
  if (!c || c->err) die("cannot connect", c ? c->errstr : NULL);
  int rc = strcmp(mode, "produce") == 0   ? produce(c, key, count, size, window)
           : strcmp(mode, "consume") == 0 ? consume(c, key, count, window)
                                          : (die("unknown mode", mode), 2);
  redisFree(c);
  return rc;
}
