/*
 * natsperf: the load generator for NATS JetStream, a thin C program over Debian's libnats (the
 * official C client; a C generator keeps its CPU cost low, as rdkperf does for Samsa). Prints one
 * JSON line like rdkperf.
 *
 *   natsperf produce -u nats://127.0.0.1:port -t subject -n records -s bytes [-w window]
 *     Creates stream `subject` (file storage, one subject) if needed, then js_PublishAsync with at
 *     most `window` publishes waiting for their acknowledgement (the client stalls beyond it).
 *     A JetStream ack means the server stored the message in its file store, which fsyncs on its
 *     own schedule (sync_interval): the same promise as Samsa's acks on one broker.
 *   natsperf consume -u url -t subject -n records [-w batch]
 *     A pull consumer (ack none, deliver all) fetching `batch` messages at a time from the start.
 */
#include <inttypes.h>
#include <nats/nats.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void check(natsStatus s, const char *what) {
  if (s == NATS_OK) return;
  fprintf(stderr, "natsperf: %s: %s (%s)\n", what, natsStatus_GetText(s), nats_GetLastError(NULL));
  exit(2);
}

static void print_result(int64_t records, int64_t failed, int64_t bytes, int64_t ns) {
  printf("{\"records\":%" PRId64 ",\"failed\":%" PRId64 ",\"bytes\":%" PRId64 ",\"seconds\":%.6f,\"error\":\"\"}\n",
         records, failed, bytes, ns / 1e9);
}

static int64_t publish_failures;

static void on_publish_error(jsCtx *js, jsPubAckErr *pae, void *closure) {
  (void)js, (void)closure;
  if (publish_failures++ == 0) fprintf(stderr, "natsperf: publish failed: %s\n", pae->ErrText);
}

static int produce(natsConnection *nc, const char *subject, int64_t count, int size, int window) {
  jsOptions o;
  jsOptions_Init(&o);
  o.PublishAsync.MaxPending = window;
  o.PublishAsync.ErrHandler = on_publish_error;
  o.PublishAsync.StallWait = 60000;
  jsCtx *js;
  check(natsConnection_JetStream(&js, nc, &o), "JetStream context");
  jsStreamConfig sc;
  jsStreamConfig_Init(&sc);
  sc.Name = subject;
  sc.Subjects = &subject;
  sc.SubjectsLen = 1;
  sc.Storage = js_FileStorage;
  jsErrCode jerr = 0;
  natsStatus s = js_AddStream(NULL, js, &sc, NULL, &jerr);
  if (s != NATS_OK && jerr != JSStreamNameExistErr) check(s, "adding the stream");

  char *payload = malloc((size_t)size);
  for (int i = 0; i < size; i++) payload[i] = (char)('a' + i % 26);
  int64_t start = now_ns();
  for (int64_t i = 0; i < count; i++) check(js_PublishAsync(js, subject, payload, size, NULL), "publish");
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = 120000;
  check(js_PublishAsyncComplete(js, &po), "waiting for acknowledgements");
  int64_t elapsed = now_ns() - start;
  print_result(count - publish_failures, publish_failures, (count - publish_failures) * size, elapsed);
  jsCtx_Destroy(js);
  free(payload);
  return publish_failures ? 1 : 0;
}

static int consume(natsConnection *nc, const char *subject, int64_t count, int batch) {
  jsCtx *js;
  check(natsConnection_JetStream(&js, nc, NULL), "JetStream context");
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = subject;
  so.Config.AckPolicy = js_AckNone;
  so.Config.DeliverPolicy = js_DeliverAll;
  natsSubscription *sub;
  jsErrCode jerr = 0;
  check(js_PullSubscribe(&sub, js, subject, NULL, NULL, &so, &jerr), "pull subscribe");
  int64_t records = 0, bytes = 0, start = now_ns();
  while (records < count) {
    natsMsgList list = {0};
    natsStatus s = natsSubscription_Fetch(&list, sub, batch, 5000, &jerr);
    if (s == NATS_TIMEOUT) break; /* the stream ended before `count` records */
    check(s, "fetch");
    for (int i = 0; i < list.Count; i++) bytes += natsMsg_GetDataLength(list.Msgs[i]);
    records += list.Count;
    natsMsgList_Destroy(&list);
  }
  print_result(records, 0, bytes, now_ns() - start);
  natsSubscription_Destroy(sub);
  jsCtx_Destroy(js);
  return records < count ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: natsperf produce|consume -u url -t subject -n records [-s bytes] [-w window]\n");
    return 2;
  }
  const char *mode = argv[1], *url = NULL, *subject = NULL;
  int size = 100, window = 4096;
  int64_t count = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *opt = argv[i], *v = argv[i + 1];
    if (strcmp(opt, "-u") == 0) url = v;
    else if (strcmp(opt, "-t") == 0) subject = v;
    else if (strcmp(opt, "-n") == 0) count = strtoll(v, NULL, 10);
    else if (strcmp(opt, "-s") == 0) size = atoi(v);
    else if (strcmp(opt, "-w") == 0) window = atoi(v);
  }
  if (!url || !subject || count <= 0 || window <= 0) {
    fprintf(stderr, "natsperf: -u, -t and -n are required\n");
    return 2;
  }
  natsConnection *nc;
  check(natsConnection_ConnectTo(&nc, url), "connect");
  int rc = strcmp(mode, "produce") == 0 ? produce(nc, subject, count, size, window)
                                        : consume(nc, subject, count, window);
  natsConnection_Destroy(nc);
  nats_Close();
  return rc;
}
