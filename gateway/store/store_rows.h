// Row readers and read-side helpers both backends share: a row is anything with
// Text(c), Int64(c), Int(c) and Double(c) (SQLite's Stmt, PostgreSQL's PgQuery), and
// every backend selects the same columns in the same order, so one reader serves both.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gateway/base/util.h"
#include "gateway/store/records.h"

namespace postern {

inline const char* const kShareCols =
    "s.id, s.user_id, s.prompt, s.caption, s.metadata, s.image_sha256, s.content_type, "
    "s.decision, s.reasons, s.destinations, s.config_hash, s.created_at, s.updated_at";
inline const int kShareColCount = 13;

inline const char* const kDeliveryCols =
    "id, share_id, destination, status, attempts, remote_id, url, last_error, next_attempt_at, "
    "created_at, updated_at";

inline const char* const kFeedCols =
    "id, share_id, user_id, caption, image_sha256, content_type, featured, hidden, position, created_at, seq";

// Followed by kShareCols: the review row, then its share.
inline const char* const kReviewCols =
    "r.seq, r.status, r.source, r.note, r.reason_code, r.decided_by, r.claimed_by, "
    "r.claim_expires_at, r.plugins, r.codes, r.created_at, r.decided_at, "
    "(SELECT COUNT(*) FROM reports p WHERE p.share_id = r.share_id)";
inline const int kReviewColCount = 13;

// A stored JSON list of strings; anything else reads as empty (never throws).
inline std::vector<std::string> StringList(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

// Nearest-rank percentile of sorted values (q in (0, 1]).
inline double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

// Reads the kDeliveryCols columns of the current row.
template <class Row>
DeliveryRecord ReadDeliveryRow(Row& q) {
  DeliveryRecord d;
  d.id = q.Text(0);
  d.share_id = q.Text(1);
  d.destination = q.Text(2);
  ParseEnum(q.Text(3), &d.state);
  d.attempts = q.Int(4);
  d.remote_id = q.Text(5);
  d.url = q.Text(6);
  d.last_error = q.Text(7);
  d.next_attempt_at = q.Int64(8);
  d.created_at = q.Int64(9);
  d.updated_at = q.Int64(10);
  return d;
}

// Reads what ClaimDeliveries returns: id, share_id, destination, status, attempts, created_at.
template <class Row>
DeliveryRecord ReadClaimedDeliveryRow(Row& q) {
  DeliveryRecord d;
  d.id = q.Text(0);
  d.share_id = q.Text(1);
  d.destination = q.Text(2);
  ParseEnum(q.Text(3), &d.state);
  d.attempts = q.Int(4);
  d.created_at = q.Int64(5);
  return d;
}

// Steps through a query that asked for limit + 1 rows: appends read(q, &cursor) for the
// first `limit`; a further row means a next page, which starts after the last kept one.
template <class Row, class T, class Read>
Status ReadPage(Row& q, int limit, std::vector<T>* out, std::string* next_cursor, Read read) {
  std::string last;
  while (q.Step()) {
    if (static_cast<int>(out->size()) == limit) {
      *next_cursor = last;
      break;
    }
    out->push_back(read(q, &last));
  }
  return q.status();
}

// The audit log's cursor: a positive id, all digits. false for anything else.
inline bool ParseIdCursor(const std::string& cursor, int64_t* id) {
  size_t used = 0;
  try { *id = std::stoll(cursor, &used); } catch (...) { used = 0; }
  return used != 0 && used == cursor.size() && *id > 0;
}

// Reads the kShareCols columns of the current row, starting at column `o`, into *s.
template <class Row>
void ReadShareRow(Row& q, ShareRecord* s, int o = 0) {
  s->id = q.Text(o + 0);
  s->user_id = q.Text(o + 1);
  s->prompt = q.Text(o + 2);
  s->caption = q.Text(o + 3);
  s->metadata = json::parse(q.Text(o + 4), nullptr, false);
  s->image_sha256 = q.Text(o + 5);
  s->content_type = q.Text(o + 6);
  ParseEnum(q.Text(o + 7), &s->decision);
  s->reasons = json::parse(q.Text(o + 8), nullptr, false);
  s->destinations = StringList(q.Text(o + 9));
  s->config_hash = q.Text(o + 10);
  s->created_at = q.Int64(o + 11);
  s->updated_at = q.Int64(o + 12);
}

// Reads plugin, verdict, mode, code, message, ms, evidence of a check_results row.
template <class Row>
CheckRecord ReadCheckRow(Row& q) {
  CheckRecord r;
  r.plugin = q.Text(0);
  ParseEnum(q.Text(1), &r.verdict);
  ParseEnum(q.Text(2), &r.mode);
  r.code = q.Text(3);
  r.message = q.Text(4);
  r.ms = q.Double(5);
  r.evidence = json::parse(q.Text(6), nullptr, false);
  if (!r.evidence.is_object()) r.evidence = json::object();
  r.failed = r.evidence.value("failed", false) == true;
  return r;
}

// Reads the kFeedCols columns of the current row.
template <class Row>
FeedPost ReadFeedRow(Row& q) {
  FeedPost p;
  p.id = q.Text(0);
  p.share_id = q.Text(1);
  p.user_id = q.Text(2);
  p.caption = q.Text(3);
  p.image_sha256 = q.Text(4);
  p.content_type = q.Text(5);
  p.featured = q.Int(6) != 0;
  p.hidden = q.Int(7) != 0;
  p.position = q.Int64(8);
  p.created_at = q.Int64(9);
  return p;
}

// Reads kReviewCols then kShareCols of the current row; a lapsed claim reads as none.
template <class Row>
ReviewItem ReadReviewRow(Row& q) {
  ReviewItem r;
  ParseEnum(q.Text(1), &r.status);
  ParseEnum(q.Text(2), &r.source);
  r.note = q.Text(3);
  r.reason_code = q.Text(4);
  r.decided_by = q.Text(5);
  r.claim_expires_at = q.Int64(7);
  if (r.claim_expires_at > NowSeconds()) r.claimed_by = q.Text(6);
  else r.claim_expires_at = 0;
  r.plugins = StringList(q.Text(8));
  r.codes = StringList(q.Text(9));
  r.created_at = q.Int64(10);
  r.decided_at = q.Int64(11);
  r.reports = q.Int(12);
  ReadShareRow(q, &r.share, kReviewColCount);
  r.share_id = r.share.id;
  return r;
}

// The review stats answer from per-plugin {flagged, confirmed, overturned} counts and
// the totals, with each plugin's precision (null before any decision).
inline json ReviewStatsJson(json plugins, int64_t shares, int64_t flagged, int64_t pending) {
  for (auto it = plugins.begin(); it != plugins.end(); ++it) {
    double conf = it.value()["confirmed"], over = it.value()["overturned"];
    it.value()["precision"] = conf + over > 0 ? json(conf / (conf + over)) : json(nullptr);
  }
  return {{"plugins", plugins}, {"shares", shares}, {"flagged", flagged}, {"pending", pending},
          {"flagged_share", shares ? json(double(flagged) / double(shares)) : json(nullptr)},
          {"flagged_target", 0.0005}};
}

// One audit_log row (id, actor, action, target, detail, created_at) as the API shows it.
template <class Row>
json AuditEntry(Row& q) {
  return {{"id", q.Int64(0)}, {"actor", q.Text(1)}, {"action", q.Text(2)}, {"target", q.Text(3)},
          {"detail", json::parse(q.Text(4), nullptr, false)}, {"time", IsoTime(q.Int64(5))}};
}

// Latency figures of one plugin from its newest check times (any order).
inline void SetLatency(std::vector<double> values, PluginCheckStats* p) {
  if (values.empty()) return;
  double sum = 0;
  for (double v : values) sum += v;
  std::sort(values.begin(), values.end());
  p->latency_samples = static_cast<int>(values.size());
  p->latency_mean_ms = sum / static_cast<double>(values.size());
  p->latency_p50_ms = Percentile(values, 0.50);
  p->latency_p95_ms = Percentile(values, 0.95);
}

}  // namespace postern
