/*
 * rdkperf: the benchmark's load generator, a thin C program over librdkafka (Debian's
 * librdkafka-dev). It exists because kcat reads its records from a file line by line and copies each
 * one: it used 1.5-2 times the CPU of this program, more than the broker under test, on a machine
 * whose 2 cores the generator shares with the broker. Here every record points at one shared
 * payload (no copy, no free). Prints one JSON line on stdout.
 *
 *   rdkperf produce -b host:port -t topic -n records -s bytes [-r records/s] [-c cdf] [-w timeline]
 *                   [-P partitions] [-X key=value ...]
 *     Without -r: as fast as the producer queue accepts; time runs from the first send to the last
 *     acknowledgement. With -r: paced sends, and the latency of every record from send to its
 *     delivery report (which includes linger.ms) is kept for percentiles. -c writes the latency
 *     distribution as "quantile ms" lines (dense in the tail, where the interest is), so a CDF can be
 *     drawn without keeping millions of samples; -w writes the worst latency of the records sent in
 *     each 10 ms ("ms_since_start worst_ms"), to line stalls up with what the broker was doing.
 *     -P creates the topic with that many partitions (if it does not exist) and spreads the records
 *     over them round robin, so every partition gets its share of every request; without it all
 *     records go to partition 0.
 *   rdkperf e2e -b host:port -t topic -n records -s bytes -r records/s [-c cdf] [-X producer k=v ...]
 *               [-C consumer k=v ...]
 *     End to end: a consumer in this process reads the partition while paced sends write it; each
 *     record carries its send time, and its latency runs from produce() to its arrival in the
 *     consumer (so it includes linger.ms, the broker's append and the consumer's fetch). The
 *     producer's send -> ack percentiles of the same run are reported as ack*Ms. -c as above.
 *   rdkperf consume -b host:port -t topic -n records [-X key=value ...]
 *     Reads partition 0 from the beginning until `records` arrived or the partition ends. Time runs
 *     from the first record's arrival (librdkafka's legacy consumer spends ~0.5 s on metadata
 *     before its first fetch) to the last's; the first fetch's round trip is thus not counted.
 *   rdkperf group -b host:port -t topic -n records [-m members] [-X key=value ...]
 *     A consumer group of `members` (default 8) high-level consumers, one thread each, subscribed to
 *     the topic from the earliest offset, until `records` arrived between them. Time runs from the
 *     first record's arrival to the last's; joinMs is the wait from start to the first record (the
 *     group's join, sync and its initial rebalance delay). Each member's count shows that the
 *     partitions were spread.
 */
#include <errno.h>
#include <inttypes.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONF 64

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *msg, const char *detail) {
  fprintf(stderr, "rdkperf: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

struct produce_state {
  int64_t acked;
  int64_t failed;
  int64_t *latencies; /* ns per acknowledged record, only when paced */
  int64_t *sent_at;   /* ns since start when each of those records was sent */
  int64_t start;
  int64_t latency_count;
  rd_kafka_resp_err_t first_error;
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  struct produce_state *st = opaque;
  if (m->err) {
    if (!st->failed) st->first_error = m->err;
    st->failed++;
    return;
  }
  st->acked++;
  if (st->latencies) {
    int64_t sent = (int64_t)(intptr_t)m->_private;
    st->sent_at[st->latency_count] = sent - st->start;
    st->latencies[st->latency_count++] = now_ns() - sent;
  }
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static double percentile_ms(int64_t *sorted, int64_t n, double p) {
  if (n == 0) return -1;
  int64_t i = (int64_t)(p * (double)(n - 1) + 0.5);
  return sorted[i] / 1e6;
}

/* Quantiles 0..0.9 in steps of 0.01, then ever finer steps towards the maximum. */
static void write_cdf(const char *path, int64_t *sorted, int64_t n) {
  FILE *f = fopen(path, "w");
  if (!f) die("cannot write", path);
  for (int i = 0; i < 90; i++) fprintf(f, "%.6f %.3f\n", i / 100.0, percentile_ms(sorted, n, i / 100.0));
  for (double tail = 0.1; tail * (double)n >= 1; tail *= 0.9) {
    double q = 1 - tail;
    fprintf(f, "%.6f %.3f\n", q, percentile_ms(sorted, n, q));
  }
  fprintf(f, "1 %.3f\n", sorted[n - 1] / 1e6);
  fclose(f);
}

static void write_timeline(const char *path, const int64_t *sent_at, const int64_t *latencies, int64_t n) {
  FILE *f = fopen(path, "w");
  if (!f) die("cannot write", path);
  int64_t bucket = -1, worst = 0;
  for (int64_t i = 0; i <= n; i++) {
    int64_t b = i < n ? sent_at[i] / 10000000 : -2;
    if (b != bucket) {
      if (bucket >= 0) fprintf(f, "%" PRId64 " %.3f\n", bucket * 10, worst / 1e6);
      bucket = b, worst = 0;
    }
    if (i < n && latencies[i] > worst) worst = latencies[i];
  }
  fclose(f);
}

struct args {
  const char *mode, *brokers, *topic, *cdf_path, *timeline_path;
  int64_t count;
  int size;
  int partitions;
  double rate;
  const char *conf[MAX_CONF];
  int nconf;
  const char *cconf[MAX_CONF]; /* e2e: the consumer's settings (-C) */
  int ncconf;
  int members; /* group: consumers in the group (-m) */
};

static rd_kafka_conf_t *make_conf(const struct args *a) {
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", a->brokers, err, sizeof err) != RD_KAFKA_CONF_OK) die(err, NULL);
  for (int i = 0; i < a->nconf; i++) {
    char kv[512];
    snprintf(kv, sizeof kv, "%s", a->conf[i]);
    char *eq = strchr(kv, '=');
    if (!eq) die("-X needs key=value", a->conf[i]);
    *eq = 0;
    if (rd_kafka_conf_set(conf, kv, eq + 1, err, sizeof err) != RD_KAFKA_CONF_OK) die(err, a->conf[i]);
  }
  return conf;
}

/* CreateTopics through the producer's own connection; an existing topic is fine. */
static void create_topic(rd_kafka_t *rk, const char *topic, int partitions) {
  char err[512];
  rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, 1, err, sizeof err);
  if (!nt) die(err, topic);
  rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
  rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 120000);
  if (!ev) die("CreateTopics timed out", topic);
  size_t n;
  const rd_kafka_topic_result_t **res = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
  rd_kafka_resp_err_t e = n > 0 ? rd_kafka_topic_result_error(res[0]) : rd_kafka_event_error(ev);
  if (e && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) die("CreateTopics", rd_kafka_err2str(e));
  rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(q);
  rd_kafka_NewTopic_destroy(nt);
}

static int produce(const struct args *a) {
  char err[512];
  struct produce_state st = {0};
  if (a->rate > 0) {
    st.latencies = calloc((size_t)a->count, sizeof(int64_t));
    st.sent_at = calloc((size_t)a->count, sizeof(int64_t));
  }
  rd_kafka_conf_t *conf = make_conf(a);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &st);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) die(err, NULL);
  if (a->partitions > 0) create_topic(rk, a->topic, a->partitions);
  int partitions = a->partitions > 0 ? a->partitions : 1;
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, a->topic, NULL);
  char *payload = malloc((size_t)a->size);
  for (int i = 0; i < a->size; i++) payload[i] = (char)('a' + i % 26);

  int64_t start = now_ns();
  st.start = start;
  for (int64_t i = 0; i < a->count; i++) {
    if (a->rate > 0) {
      /* Pace: send record i no earlier than i/rate seconds after the start. */
      int64_t due = start + (int64_t)((double)i * 1e9 / a->rate);
      while (now_ns() < due) {
        rd_kafka_poll(rk, 0);
        struct timespec nap = {0, 50000};
        nanosleep(&nap, NULL);
      }
    }
    for (;;) {
      void *sent_at = a->rate > 0 ? (void *)(intptr_t)now_ns() : NULL;
      if (rd_kafka_produce(rkt, (int32_t)(i % partitions), 0, payload, (size_t)a->size, NULL, 0, sent_at) == 0) break;
      if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce", rd_kafka_err2str(rd_kafka_last_error()));
      rd_kafka_poll(rk, 1);
    }
    if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 120000);
  int64_t elapsed = now_ns() - start;

  double p50 = -1, p99 = -1, p999 = -1, max = -1;
  if (st.latencies && st.latency_count > 0) {
    /* Delivery reports arrive in send order within a partition, so sent_at is sorted. */
    if (a->timeline_path) write_timeline(a->timeline_path, st.sent_at, st.latencies, st.latency_count);
    qsort(st.latencies, (size_t)st.latency_count, sizeof(int64_t), cmp_i64);
    p50 = percentile_ms(st.latencies, st.latency_count, 0.50);
    p99 = percentile_ms(st.latencies, st.latency_count, 0.99);
    p999 = percentile_ms(st.latencies, st.latency_count, 0.999);
    max = st.latencies[st.latency_count - 1] / 1e6;
    if (a->cdf_path) write_cdf(a->cdf_path, st.latencies, st.latency_count);
  }
  printf("{\"records\":%" PRId64 ",\"failed\":%" PRId64 ",\"bytes\":%" PRId64 ",\"seconds\":%.6f,"
         "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,\"error\":\"%s\"}\n",
         st.acked, st.failed, st.acked * a->size, elapsed / 1e9, p50, p99, p999, max,
         st.failed ? rd_kafka_err2name(st.first_error) : "");
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  free(payload);
  free(st.latencies);
  free(st.sent_at);
  return st.failed ? 1 : 0;
}

struct consume_state {
  int64_t records, bytes, first, last;
  int eof;
  const char *error;
};

static void on_message(rd_kafka_message_t *m, void *opaque) {
  struct consume_state *st = opaque;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) st->eof = 1;
  else if (m->err) st->error = rd_kafka_err2name(m->err), st->eof = 1;
  else {
    st->last = now_ns();
    if (st->records == 0) st->first = st->last;
    st->records++, st->bytes += (int64_t)m->len;
  }
}

static int consume(const struct args *a) {
  char err[512];
  rd_kafka_conf_t *conf = make_conf(a);
  if (rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof err) != RD_KAFKA_CONF_OK) die(err, NULL);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) die(err, NULL);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, a->topic, NULL);
  int64_t start = now_ns();
  if (rd_kafka_consume_start(rkt, 0, RD_KAFKA_OFFSET_BEGINNING) == -1)
    die("consume_start", rd_kafka_err2str(rd_kafka_last_error()));
  struct consume_state st = {0, 0, start, start, 0, ""};
  int idle = 0;
  /* The callback API hands over everything queued in one call: per-message rd_kafka_consume()
   * calls cost the generator more than the broker spends sending the records. */
  while (st.records < a->count && !st.eof && idle < 30) {
    if (rd_kafka_consume_callback(rkt, 0, 1000, on_message, &st) <= 0) idle++;
    else idle = 0;
  }
  int64_t records = st.records, bytes = st.bytes, first = st.first, last = st.last;
  const char *error = st.error;
  rd_kafka_consume_stop(rkt, 0);
  printf("{\"records\":%" PRId64 ",\"failed\":0,\"bytes\":%" PRId64 ",\"seconds\":%.6f,\"error\":\"%s\"}\n", records,
         bytes, (last - first) / 1e9, idle >= 30 ? "TIMEOUT" : error);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return records < a->count ? 1 : 0;
}

/* The e2e records start with this marker and the send time, so records written before the run
 * (the bench's one-record warm-up) are told apart and skipped. */
static const char E2E_MARK[8] = {'s', 'a', 'm', 's', 'a', 'e', '2', 'e'};

struct e2e_consumer {
  rd_kafka_t *rk;
  rd_kafka_topic_t *rkt;
  int64_t want, got;
  int64_t *latencies;
  volatile int stop, ready;
};

static void on_e2e_message(rd_kafka_message_t *m, void *opaque) {
  struct e2e_consumer *c = opaque;
  if (!m->err) c->ready = 1;
  if (m->err || m->len < 16 || memcmp(m->payload, E2E_MARK, 8) != 0) return;
  int64_t sent;
  memcpy(&sent, (const char *)m->payload + 8, 8);
  if (c->got < c->want) c->latencies[c->got++] = now_ns() - sent;
}

static void *e2e_consume(void *arg) {
  struct e2e_consumer *c = arg;
  while (!c->stop && c->got < c->want) rd_kafka_consume_callback(c->rkt, 0, 100, on_e2e_message, c);
  return NULL;
}

static int e2e(const struct args *a) {
  char err[512];
  if (a->rate <= 0 || a->size < 16) die("e2e needs -r and -s of at least 16", NULL);
  struct produce_state st = {0};
  st.latencies = calloc((size_t)a->count, sizeof(int64_t));
  st.sent_at = calloc((size_t)a->count, sizeof(int64_t));
  rd_kafka_conf_t *conf = make_conf(a);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, &st);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) die(err, NULL);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, a->topic, NULL);
  char *payload = malloc((size_t)a->size);
  for (int i = 0; i < a->size; i++) payload[i] = (char)('a' + i % 26);
  /* A warm-up record without the marker; the consumer seeing it means it is fetching, so no
   * record of the run waits for the consumer's start-up (which takes librdkafka about 0.5 s). */
  if (rd_kafka_produce(rkt, 0, RD_KAFKA_MSG_F_COPY, payload, (size_t)a->size, NULL, 0, NULL) != 0)
    die("produce", rd_kafka_err2str(rd_kafka_last_error()));
  rd_kafka_flush(rk, 30000);
  st.acked = st.latency_count = 0;
  /* The consumer, with the -C settings (a fetch waits up to fetch.wait.max.ms for data, and the
   * broker answers as soon as there is some), reading from the start of the partition. */
  struct args ca = *a;
  memcpy(ca.conf, a->cconf, sizeof ca.conf);
  ca.nconf = a->ncconf;
  rd_kafka_conf_t *cconf = make_conf(&ca);
  struct e2e_consumer c = {0};
  c.want = a->count;
  c.latencies = calloc((size_t)a->count, sizeof(int64_t));
  c.rk = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof err);
  if (!c.rk) die(err, NULL);
  c.rkt = rd_kafka_topic_new(c.rk, a->topic, NULL);
  if (rd_kafka_consume_start(c.rkt, 0, RD_KAFKA_OFFSET_BEGINNING) == -1)
    die("consume_start", rd_kafka_err2str(rd_kafka_last_error()));
  pthread_t thread;
  pthread_create(&thread, NULL, e2e_consume, &c);

  for (int64_t deadline = now_ns() + 30000000000LL; !c.ready;) {
    if (now_ns() > deadline) die("the consumer saw nothing within 30 s", NULL);
    struct timespec nap = {0, 1000000};
    nanosleep(&nap, NULL);
  }
  memcpy(payload, E2E_MARK, 8);

  int64_t start = now_ns();
  st.start = start;
  for (int64_t i = 0; i < a->count; i++) {
    int64_t due = start + (int64_t)((double)i * 1e9 / a->rate);
    while (now_ns() < due) {
      rd_kafka_poll(rk, 0);
      struct timespec nap = {0, 50000};
      nanosleep(&nap, NULL);
    }
    for (;;) {
      int64_t sent = now_ns();
      memcpy(payload + 8, &sent, 8);
      if (rd_kafka_produce(rkt, 0, RD_KAFKA_MSG_F_COPY, payload, (size_t)a->size, NULL, 0, (void *)(intptr_t)sent) == 0)
        break;
      if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce", rd_kafka_err2str(rd_kafka_last_error()));
      rd_kafka_poll(rk, 1);
    }
    if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 120000);
  /* Bounded: the consumer gets 120 s after the last acknowledgement to see every record. */
  for (int64_t deadline = now_ns() + 120000000000LL; c.got < c.want && now_ns() < deadline;) {
    struct timespec nap = {0, 1000000};
    nanosleep(&nap, NULL);
  }
  c.stop = 1;
  pthread_join(thread, NULL);
  int64_t elapsed = now_ns() - start;

  double ack[4] = {-1, -1, -1, -1}, e2e_ms[4] = {-1, -1, -1, -1};
  const double qs[3] = {0.50, 0.99, 0.999};
  if (st.latency_count > 0) {
    qsort(st.latencies, (size_t)st.latency_count, sizeof(int64_t), cmp_i64);
    for (int q = 0; q < 3; q++) ack[q] = percentile_ms(st.latencies, st.latency_count, qs[q]);
    ack[3] = st.latencies[st.latency_count - 1] / 1e6;
  }
  if (c.got > 0) {
    qsort(c.latencies, (size_t)c.got, sizeof(int64_t), cmp_i64);
    for (int q = 0; q < 3; q++) e2e_ms[q] = percentile_ms(c.latencies, c.got, qs[q]);
    e2e_ms[3] = c.latencies[c.got - 1] / 1e6;
    if (a->cdf_path) write_cdf(a->cdf_path, c.latencies, c.got);
  }
  int64_t lost = a->count - c.got;
  printf("{\"records\":%" PRId64 ",\"failed\":%" PRId64 ",\"bytes\":%" PRId64 ",\"seconds\":%.6f,"
         "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,"
         "\"ackP50Ms\":%.3f,\"ackP99Ms\":%.3f,\"ackP999Ms\":%.3f,\"ackMaxMs\":%.3f,\"error\":\"%s\"}\n",
         c.got, st.failed + lost, c.got * a->size, elapsed / 1e9, e2e_ms[0], e2e_ms[1], e2e_ms[2], e2e_ms[3], ack[0],
         ack[1], ack[2], ack[3], lost ? "NOT_ALL_CONSUMED" : (st.failed ? rd_kafka_err2name(st.first_error) : ""));
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  rd_kafka_consume_stop(c.rkt, 0);
  rd_kafka_topic_destroy(c.rkt);
  rd_kafka_destroy(c.rk);
  free(payload);
  free(st.latencies);
  free(st.sent_at);
  free(c.latencies);
  return st.failed || lost ? 1 : 0;
}

#define MAX_MEMBERS 64
#define GROUP_BATCH 10000

struct group_run {
  const struct args *a;
  int64_t want;
  int64_t got, bytes;       /* shared, updated with atomics */
  int64_t first, last;      /* ns; first is set once, last by whoever passes `want` */
  volatile int stop;
  char group_id[256];
};

struct member {
  struct group_run *run;
  int64_t records;
  const char *error;
};

static void *member_main(void *arg) {
  struct member *me = arg;
  struct group_run *run = me->run;
  char err[512];
  rd_kafka_conf_t *conf = make_conf(run->a);
  if (rd_kafka_conf_set(conf, "group.id", run->group_id, err, sizeof err) != RD_KAFKA_CONF_OK) die(err, NULL);
  if (rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof err) != RD_KAFKA_CONF_OK) die(err, NULL);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) die(err, NULL);
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, run->a->topic, RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e) die("subscribe", rd_kafka_err2str(e));
  rd_kafka_queue_t *q = rd_kafka_queue_get_consumer(rk);
  rd_kafka_message_t **msgs = malloc(sizeof *msgs * GROUP_BATCH);
  /* Batches of messages per call: one rd_kafka_consumer_poll() per message costs the generator
   * more than the broker spends sending them. */
  while (!run->stop) {
    ssize_t n = rd_kafka_consume_batch_queue(q, 100, msgs, GROUP_BATCH);
    int64_t records = 0, bytes = 0;
    for (ssize_t i = 0; i < n; i++) {
      if (!msgs[i]->err) records++, bytes += (int64_t)msgs[i]->len;
      else if (msgs[i]->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) me->error = rd_kafka_err2name(msgs[i]->err);
      rd_kafka_message_destroy(msgs[i]);
    }
    if (records == 0) continue;
    int64_t t = now_ns();
    int64_t zero = 0;
    __atomic_compare_exchange_n(&run->first, &zero, t, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&run->bytes, bytes, __ATOMIC_SEQ_CST);
    me->records += records;
    int64_t before = __atomic_fetch_add(&run->got, records, __ATOMIC_SEQ_CST);
    if (before < run->want && before + records >= run->want) {
      run->last = t;
      run->stop = 1;
    }
  }
  free(msgs);
  rd_kafka_queue_destroy(q);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return NULL;
}

static int group(const struct args *a) {
  int members = a->members > 0 ? a->members : 8;
  if (members > MAX_MEMBERS) die("-m is at most 64", NULL);
  struct group_run run = {0};
  run.a = a;
  run.want = a->count;
  snprintf(run.group_id, sizeof run.group_id, "rdkperf-%s-%d", a->topic, (int)getpid());
  struct member m[MAX_MEMBERS] = {0};
  pthread_t threads[MAX_MEMBERS];
  int64_t start = now_ns();
  for (int i = 0; i < members; i++) {
    m[i].run = &run;
    pthread_create(&threads[i], NULL, member_main, &m[i]);
  }
  /* Bounded: 120 s for the whole group to read everything. */
  for (int64_t deadline = start + 120000000000LL; !run.stop && now_ns() < deadline;) {
    struct timespec nap = {0, 10000000};
    nanosleep(&nap, NULL);
  }
  int timed_out = !run.stop;
  run.stop = 1;
  for (int i = 0; i < members; i++) pthread_join(threads[i], NULL);
  const char *error = timed_out ? "TIMEOUT" : "";
  int active = 0;
  printf("{\"records\":%" PRId64 ",\"failed\":0,\"bytes\":%" PRId64 ",\"seconds\":%.6f,\"joinMs\":%.1f,\"members\":[",
         run.got, run.bytes, run.first && run.last ? (run.last - run.first) / 1e9 : 0.0,
         run.first ? (run.first - start) / 1e6 : -1.0);
  for (int i = 0; i < members; i++) {
    printf("%s%" PRId64, i ? "," : "", m[i].records);
    if (m[i].records > 0) active++;
    if (m[i].error && !*error) error = m[i].error;
  }
  printf("],\"activeMembers\":%d,\"error\":\"%s\"}\n", active, error);
  return run.got < run.want ? 1 : 0;
}

int main(int argc, char **argv) {
  struct args a = {0};
  a.size = 100;
  if (argc < 2) die("usage: rdkperf produce|e2e|consume|group|version -b brokers -t topic -n count [-s size] [-r rate] [-X k=v]", NULL);
  a.mode = argv[1];
  if (strcmp(a.mode, "version") == 0) {
    printf("%s\n", rd_kafka_version_str());
    return 0;
  }
  for (int i = 2; i < argc; i++) {
    const char *opt = argv[i];
    if (i + 1 >= argc) die("missing value for", opt);
    const char *v = argv[++i];
    if (strcmp(opt, "-b") == 0) a.brokers = v;
    else if (strcmp(opt, "-t") == 0) a.topic = v;
    else if (strcmp(opt, "-n") == 0) a.count = strtoll(v, NULL, 10);
    else if (strcmp(opt, "-s") == 0) a.size = atoi(v);
    else if (strcmp(opt, "-r") == 0) a.rate = atof(v);
    else if (strcmp(opt, "-c") == 0) a.cdf_path = v;
    else if (strcmp(opt, "-P") == 0) a.partitions = atoi(v);
    else if (strcmp(opt, "-w") == 0) a.timeline_path = v;
    else if (strcmp(opt, "-m") == 0) a.members = atoi(v);
    else if (strcmp(opt, "-X") == 0 && a.nconf < MAX_CONF) a.conf[a.nconf++] = v;
    else if (strcmp(opt, "-C") == 0 && a.ncconf < MAX_CONF) a.cconf[a.ncconf++] = v;
    else die("unknown option", opt);
  }
  if (!a.brokers || !a.topic || a.count <= 0) die("-b, -t and -n are required", NULL);
  if (strcmp(a.mode, "produce") == 0) return produce(&a);
  if (strcmp(a.mode, "consume") == 0) return consume(&a);
  if (strcmp(a.mode, "e2e") == 0) return e2e(&a);
  if (strcmp(a.mode, "group") == 0) return group(&a);
  die("unknown mode", a.mode);
  return 2;
}
