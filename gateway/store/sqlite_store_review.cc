// SqliteStore: the review workflow (listing with filters, claims, resolutions, user
// reports, appeals, stats), accounts, audit writes and extension records.
#include "gateway/store/sqlite_store_internal.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

Status AuditIn(sqlite3* db, const std::string& actor, const std::string& action,
               const std::string& target, const json& detail) {
  Stmt q(db, "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES(?,?,?,?,?)");
  q.Bind(1, actor).Bind(2, action).Bind(3, target).Bind(4, detail.dump()).Bind(5, NowSeconds());
  return q.Run();
}

Status StrikesInWindow(sqlite3* db, const std::string& user, const StrikePolicy& p, int* n) {
  Stmt q(db, "SELECT COUNT(*) FROM strikes WHERE user_id=? AND cleared=0 AND created_at >= ?");
  q.Bind(1, user).Bind(2, NowSeconds() - int64_t{p.strike_window_days} * 86400);
  if (q.Step()) *n = q.Int(0);
  return q.status();
}

Status LoadAccount(sqlite3* db, const std::string& user, const StrikePolicy& p, Account* a) {
  a->user_id = user;
  {
    Stmt q(db, "SELECT status, deactivated_at FROM accounts WHERE user_id=?");
    q.Bind(1, user);
    if (q.Step()) {
      ParseEnum(q.Text(0), &a->status);
      a->deactivated_at = q.Int64(1);
    }
    RETURN_IF_ERROR(q.status());
  }
  RETURN_IF_ERROR(StrikesInWindow(db, user, p, &a->strikes_in_window));
  Stmt q(db, "SELECT COUNT(*) FROM strikes WHERE user_id=? AND cleared=0");
  q.Bind(1, user);
  if (q.Step()) a->strikes_total = q.Int(0);
  return q.status();
}

}  // namespace

Status SqliteStore::ListReview(const ReviewFilter& f, const Page& page, std::vector<ReviewItem>* out,
                               std::string* next_cursor) {
  WITH_DB(c);
  int64_t after = f.newest_first ? INT64_MAX : 0;
  if (!page.cursor.empty()) {
    try { after = std::stoll(page.cursor); } catch (...) {
      return Status::InvalidCursor("cursor is not valid");
    }
  }
  // Plugins and codes are small JSON arrays; json_each keeps the filter exact.
  std::string sql = std::string("SELECT ") + kReviewCols + ", " + kShareCols +
                    " FROM review_items r JOIN shares s ON s.id = r.share_id WHERE r.status = ?1" +
                    (f.newest_first ? " AND r.seq < ?2" : " AND r.seq > ?2") +
                    " AND (?3 = '' OR EXISTS (SELECT 1 FROM json_each(r.plugins) WHERE value = ?3))"
                    " AND (?4 = '' OR EXISTS (SELECT 1 FROM json_each(r.codes) WHERE value = ?4))"
                    " AND (?5 = '' OR s.user_id = ?5) AND (?6 = '' OR instr(',' || ?6 || ',', ',' || r.source || ',') > 0)"
                    " AND r.created_at <= ?7 ORDER BY r.seq " + (f.newest_first ? "DESC" : "ASC") + " LIMIT ?8";
  Stmt q(c.db(), sql);
  q.Bind(1, EnumName(f.status)).Bind(2, after).Bind(3, f.plugin).Bind(4, f.code).Bind(5, f.user_id)
      .Bind(6, f.source).Bind(7, NowSeconds() - f.min_age_s).Bind(8, page.limit + 1);
  return ReadPage(q, page.limit, out, next_cursor, [](auto& row, std::string* cursor) {
    *cursor = std::to_string(row.Int64(0));
    return ReadReviewRow(row);
  });
}

Status SqliteStore::GetReviewItem(const std::string& share_id, ReviewItem* out) {
  WITH_DB(c);
  Stmt q(c.db(), std::string("SELECT ") + kReviewCols + ", " + kShareCols +
                     " FROM review_items r JOIN shares s ON s.id = r.share_id WHERE r.share_id = ?");
  q.Bind(1, share_id);
  if (!q.Step()) return q.ok() ? Status::NotFound("no review item for share " + share_id) : q.status();
  *out = ReadReviewRow(q);
  return LoadShareDetails(c.db(), &out->share);
}

Status SqliteStore::ListPendingEvidence(const std::string& plugin, int limit,
                                        std::vector<std::pair<std::string, json>>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT c.share_id, c.evidence FROM review_items r JOIN check_results c ON c.share_id = r.share_id "
                 "WHERE r.status = 'pending' AND c.plugin = ? ORDER BY r.seq DESC LIMIT ?");
  q.Bind(1, plugin).Bind(2, limit);
  while (q.Step()) {
    json evidence = json::parse(q.Text(1), nullptr, false);
    out->emplace_back(q.Text(0), evidence.is_object() ? evidence : json::object());
  }
  return q.status();
}

Status SqliteStore::ClaimReview(const std::string& share_id, const std::string& actor, int ttl_s) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  {
    Stmt q(c.db(), "SELECT status, claimed_by, claim_expires_at FROM review_items WHERE share_id=?");
    q.Bind(1, share_id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no review item for share " + share_id) : q.status();
    if (q.Text(0) != "pending") return Status::AlreadyDecided("this item was already " + q.Text(0));
    if (q.Int64(2) > now && q.Text(1) != actor)
      return Status::ClaimedByOther("claimed by " + q.Text(1) + " until " + IsoTime(q.Int64(2)));
  }
  {
    Stmt q(c.db(), "UPDATE review_items SET claimed_by=?, claim_expires_at=? WHERE share_id=?");
    q.Bind(1, actor).Bind(2, now + ttl_s).Bind(3, share_id);
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(AuditIn(c.db(), actor, "review.claim", share_id, {{"ttl_s", ttl_s}}));
  return txn.Commit();
}

Status SqliteStore::ReleaseReview(const std::string& share_id, const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  Stmt q(c.db(), "UPDATE review_items SET claimed_by='', claim_expires_at=0 WHERE share_id=? AND claimed_by=? AND status='pending'");
  q.Bind(1, share_id).Bind(2, actor);
  RETURN_IF_ERROR(q.Run());
  if (sqlite3_changes(c.db()) == 0) return Status::NotFound("you hold no claim on " + share_id);
  RETURN_IF_ERROR(AuditIn(c.db(), actor, "review.release", share_id, json::object()));
  return txn.Commit();
}

Status SqliteStore::ResolveReview(const ReviewResolution& r, ReviewOutcome* outcome) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  ReviewItem item;
  {
    Stmt q(c.db(), std::string("SELECT ") + kReviewCols + ", " + kShareCols +
                       " FROM review_items r JOIN shares s ON s.id = r.share_id WHERE r.share_id = ?");
    q.Bind(1, r.share_id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no review item for share " + r.share_id) : q.status();
    item = ReadReviewRow(q);
  }
  // The service planned against what it read; these hold it to what is true now.
  if (item.status != ReviewStatus::kPending)
    return Status::AlreadyDecided(std::string("this item was already ") + EnumName(item.status));
  if (!item.claimed_by.empty() && item.claimed_by != r.actor)
    return Status::ClaimedByOther("claimed by " + item.claimed_by + " until " + IsoTime(item.claim_expires_at));
  const std::string& user = item.share.user_id;
  const char* outcome_name = r.action == ReviewAction::kConfirm ? "confirmed" : "overturned";
  {
    Stmt q(c.db(), "UPDATE review_items SET status=?, note=?, reason_code=?, decided_by=?, decided_at=?, claimed_by='', claim_expires_at=0 WHERE share_id=?");
    q.Bind(1, outcome_name).Bind(2, r.note).Bind(3, r.reason_code).Bind(4, r.actor).Bind(5, now).Bind(6, r.share_id);
    RETURN_IF_ERROR(q.Run());
  }
  // Per-plugin outcomes for precision: confirm = true positive, overturn = false positive.
  for (const auto& plugin : item.plugins) {
    Stmt q(c.db(), "INSERT INTO review_history(share_id, plugin, outcome, created_at) VALUES(?,?,?,?)");
    q.Bind(1, r.share_id).Bind(2, plugin).Bind(3, outcome_name).Bind(4, now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "UPDATE shares SET decision=?, updated_at=? WHERE id=?");
    q.Bind(1, EnumName(r.share_decision)).Bind(2, now).Bind(3, r.share_id);
    RETURN_IF_ERROR(q.Run());
  }
  if (r.add_strike) {
    Stmt q(c.db(), "INSERT INTO strikes(user_id, share_id, created_at) VALUES(?,?,?)");
    q.Bind(1, user).Bind(2, r.share_id).Bind(3, now);
    RETURN_IF_ERROR(q.Run());
  }
  if (r.lift_strike) {
    Stmt q(c.db(), "UPDATE strikes SET cleared=1 WHERE share_id=?");
    q.Bind(1, r.share_id);
    RETURN_IF_ERROR(q.Run());
  }
  if (r.take_down) {
    Stmt h(c.db(), "UPDATE feed_posts SET hidden=1, hidden_by_reports=0 WHERE share_id=?");
    h.Bind(1, r.share_id);
    RETURN_IF_ERROR(h.Run());
    Stmt q(c.db(), std::string("SELECT ") + kDeliveryCols + " FROM deliveries WHERE share_id=? AND status='delivered'");
    q.Bind(1, r.share_id);
    while (q.Step()) outcome->to_remove.push_back(ReadDeliveryRow(q));
    RETURN_IF_ERROR(q.status());
    Stmt p(c.db(), "UPDATE deliveries SET status='dead', last_error='removed after a confirmed report', updated_at=? WHERE share_id=? AND status='pending'");
    p.Bind(1, now).Bind(2, r.share_id);
    RETURN_IF_ERROR(p.Run());
  }
  if (r.restore_post) {
    Stmt q(c.db(), "UPDATE feed_posts SET hidden=0, hidden_by_reports=0 WHERE share_id=? AND hidden_by_reports=1");
    q.Bind(1, r.share_id);
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(InsertPendingDeliveries(c.db(), r.share_id, r.deliver_to, now));
  // Account standing follows the strikes in the window, in this same transaction.
  int in_window = 0;
  RETURN_IF_ERROR(StrikesInWindow(c.db(), user, r.policy, &in_window));
  if (r.add_strike && in_window >= r.policy.strikes_to_deactivate) {
    Stmt q(c.db(), "INSERT INTO accounts(user_id, status, deactivated_at, updated_at) VALUES(?, 'deactivated', ?, ?) "
                   "ON CONFLICT(user_id) DO UPDATE SET status='deactivated', deactivated_at=excluded.deactivated_at, updated_at=excluded.updated_at "
                   "WHERE accounts.status <> 'deactivated'");
    q.Bind(1, user).Bind(2, now).Bind(3, now);
    RETURN_IF_ERROR(q.Run());
    if (sqlite3_changes(c.db()) > 0)
      RETURN_IF_ERROR(AuditIn(c.db(), "system", "account.deactivate", user,
                              {{"strikes_in_window", in_window}, {"share_id", r.share_id}}));
  }
  if (r.lift_strike && in_window < r.policy.strikes_to_deactivate) {
    Stmt a(c.db(), "UPDATE accounts SET status='active', deactivated_at=0, updated_at=? WHERE user_id=? AND status='deactivated'");
    a.Bind(1, now).Bind(2, user);
    RETURN_IF_ERROR(a.Run());
    if (sqlite3_changes(c.db()) > 0)
      RETURN_IF_ERROR(AuditIn(c.db(), "system", "account.reactivate", user, {{"appeal", r.share_id}}));
  }
  RETURN_IF_ERROR(AuditIn(c.db(), r.actor, std::string("review.") + EnumName(r.action), r.share_id,
                          {{"note", r.note}, {"reason_code", r.reason_code}, {"source", EnumName(item.source)}}));
  RETURN_IF_ERROR(LoadAccount(c.db(), user, r.policy, &outcome->account));
  return txn.Commit();
}

Status SqliteStore::ReportPost(const std::string& id, const std::string& reporter,
                               const std::string& reason, int hide_after, std::string* share_id,
                               int* distinct, bool* hidden) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  {
    Stmt q(c.db(), "SELECT s.id FROM shares s LEFT JOIN feed_posts f ON f.share_id = s.id "
                   "WHERE (s.id = ?1 OR f.id = ?1) AND s.decision = 'approved'");
    q.Bind(1, id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no published post with id " + id) : q.status();
    *share_id = q.Text(0);
  }
  {
    Stmt q(c.db(), "INSERT OR IGNORE INTO reports(share_id, reporter_id, reason, created_at) VALUES(?,?,?,?)");
    q.Bind(1, *share_id).Bind(2, reporter).Bind(3, reason).Bind(4, now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    // One item per post: a new pending item, or an earlier decided one reopened.
    Stmt q(c.db(), "INSERT INTO review_items(share_id, status, source, created_at, plugins, codes) "
                   "VALUES(?1, 'pending', 'reported', ?2, '[\"user_report\"]', '[\"user_report\"]') "
                   "ON CONFLICT(share_id) DO UPDATE SET status='pending', source='reported', created_at=?2, "
                   "note='', decided_by='', decided_at=0, plugins='[\"user_report\"]', codes='[\"user_report\"]' "
                   "WHERE review_items.status <> 'pending'");
    q.Bind(1, *share_id).Bind(2, now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "SELECT COUNT(*) FROM reports WHERE share_id=?");
    q.Bind(1, *share_id);
    if (q.Step()) *distinct = q.Int(0);
    RETURN_IF_ERROR(q.status());
  }
  *hidden = false;
  if (*distinct >= hide_after) {
    Stmt q(c.db(), "UPDATE feed_posts SET hidden=1, hidden_by_reports=1 WHERE share_id=? AND hidden=0");
    q.Bind(1, *share_id);
    RETURN_IF_ERROR(q.Run());
    *hidden = true;
  }
  RETURN_IF_ERROR(AuditIn(c.db(), reporter, "report.create", *share_id, {{"reason", reason}, {"reporters", *distinct}}));
  return txn.Commit();
}

Status SqliteStore::Appeal(const std::string& user_id, std::string* share_id) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  {
    Stmt q(c.db(), "SELECT share_id FROM appeals WHERE user_id=?");
    q.Bind(1, user_id);
    if (q.Step()) return Status::AppealUsed("this account already appealed (share " + q.Text(0) + ")");
    RETURN_IF_ERROR(q.status());
  }
  {
    Stmt q(c.db(), "SELECT r.share_id FROM review_items r JOIN shares s ON s.id = r.share_id "
                   "WHERE s.user_id=? AND r.status='confirmed' ORDER BY r.decided_at DESC, r.seq DESC LIMIT 1");
    q.Bind(1, user_id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no confirmed violation to appeal") : q.status();
    *share_id = q.Text(0);
  }
  const int64_t now = NowSeconds();
  {
    Stmt q(c.db(), "UPDATE review_items SET status='pending', source='appeal', created_at=?, decided_by='', decided_at=0 WHERE share_id=?");
    q.Bind(1, now).Bind(2, *share_id);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "INSERT INTO appeals(user_id, share_id, created_at) VALUES(?,?,?)");
    q.Bind(1, user_id).Bind(2, *share_id).Bind(3, now);
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(AuditIn(c.db(), user_id, "account.appeal", *share_id, json::object()));
  return txn.Commit();
}

Status SqliteStore::ReviewStats(json* out) {
  WITH_DB(c);
  json plugins = json::object();
  {
    Stmt q(c.db(), "SELECT j.value, COUNT(*) FROM review_items r, json_each(r.plugins) j GROUP BY j.value");
    while (q.Step()) plugins[q.Text(0)] = {{"flagged", q.Int64(1)}, {"confirmed", 0}, {"overturned", 0}};
    RETURN_IF_ERROR(q.status());
  }
  {
    Stmt q(c.db(), "SELECT plugin, outcome, COUNT(*) FROM review_history GROUP BY plugin, outcome");
    while (q.Step()) {
      auto& p = plugins[q.Text(0)];
      if (!p.contains("flagged")) p = {{"flagged", 0}, {"confirmed", 0}, {"overturned", 0}};
      p[q.Text(1)] = q.Int64(2);
    }
    RETURN_IF_ERROR(q.status());
  }
  int64_t shares = 0, flagged = 0, pending = 0;
  {
    Stmt q(c.db(), "SELECT (SELECT COUNT(*) FROM shares), "
                   "(SELECT COUNT(*) FROM review_items WHERE source IN ('rejected','held') OR (source='appeal')), "
                   "(SELECT COUNT(*) FROM review_items WHERE status='pending')");
    if (q.Step()) {
      shares = q.Int64(0);
      flagged = q.Int64(1);
      pending = q.Int64(2);
    }
    RETURN_IF_ERROR(q.status());
  }
  *out = ReviewStatsJson(plugins, shares, flagged, pending);
  return Status::OK();
}

Status SqliteStore::AppendRecords(const std::string& extension, const std::vector<ExtensionRecord>& rows,
                                  const std::string& actor, int* added) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  *added = 0;
  const int64_t now = NowSeconds();
  for (const auto& r : rows) {
    Stmt q(c.db(), "INSERT OR IGNORE INTO extension_records(extension, kind, key, body, added_by, created_at) VALUES(?,?,?,?,?,?)");
    q.Bind(1, extension).Bind(2, r.kind).Bind(3, r.key).Bind(4, r.body.dump()).Bind(5, actor).Bind(6, now);
    RETURN_IF_ERROR(q.Run());
    *added += sqlite3_changes(c.db());
  }
  if (!rows.empty())
    RETURN_IF_ERROR(AuditIn(c.db(), actor, extension + ".append", rows[0].kind,
                            {{"rows", rows.size()}, {"added", *added}}));
  return txn.Commit();
}

Status SqliteStore::ListRecords(const std::string& extension, const std::string& kind, int64_t after_id,
                                int limit, std::vector<ExtensionRecord>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT id, kind, key, body, added_by, created_at FROM extension_records "
                 "WHERE extension=? AND kind=? AND id>? ORDER BY id LIMIT ?");
  q.Bind(1, extension).Bind(2, kind).Bind(3, after_id).Bind(4, limit);
  while (q.Step()) {
    ExtensionRecord r{q.Int64(0), q.Text(1), q.Text(2), json::parse(q.Text(3), nullptr, false), q.Text(4), q.Int64(5)};
    if (!r.body.is_object()) r.body = json::object();
    out->push_back(std::move(r));
  }
  return q.status();
}

Status SqliteStore::ReviewQueueDepth(int64_t* depth, int64_t* oldest_created_at) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM review_items WHERE status='pending'");
  if (q.Step()) {
    *depth = q.Int64(0);
    *oldest_created_at = q.Int64(1);
  }
  return q.status();
}

Status SqliteStore::ListReports(const std::string& share_id, int limit, std::vector<UserReport>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT reporter_id, reason, created_at FROM reports WHERE share_id=? "
                 "ORDER BY created_at, reporter_id LIMIT ?");
  q.Bind(1, share_id).Bind(2, limit);
  while (q.Step()) out->push_back({share_id, q.Text(0), q.Text(1), q.Int64(2)});
  return q.status();
}

Status SqliteStore::GetAppeal(const std::string& user_id, bool* found, AppealRecord* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT share_id, created_at FROM appeals WHERE user_id=?");
  q.Bind(1, user_id);
  *found = q.Step();
  if (*found) *out = {user_id, q.Text(0), q.Int64(1)};
  return q.status();
}

Status SqliteStore::GetAccount(const std::string& user_id, const StrikePolicy& policy, Account* out) {
  WITH_DB(c);
  return LoadAccount(c.db(), user_id, policy, out);
}

Status SqliteStore::ReinstateAccount(const std::string& user_id, const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  {
    Stmt q(c.db(), "INSERT INTO accounts(user_id, status, updated_at) VALUES(?, 'active', ?) "
                   "ON CONFLICT(user_id) DO UPDATE SET status='active', deactivated_at=0, updated_at=excluded.updated_at");
    q.Bind(1, user_id).Bind(2, now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "UPDATE strikes SET cleared=1 WHERE user_id=? AND cleared=0");
    q.Bind(1, user_id);
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(AuditIn(c.db(), actor, "account.reinstate", user_id, json::object()));
  return txn.Commit();
}

Status SqliteStore::Audit(const std::string& actor, const std::string& action,
                          const std::string& target, const json& detail) {
  WITH_DB(c);
  return AuditIn(c.db(), actor, action, target, detail);
}

Status SqliteStore::CountShares(json* by_decision) {
  WITH_DB(c);
  *by_decision = {{"approved", 0}, {"rejected", 0}, {"held", 0}};
  Stmt q(c.db(), "SELECT decision, COUNT(*) FROM shares GROUP BY decision");
  while (q.Step()) (*by_decision)[q.Text(0)] = q.Int64(1);
  return q.status();
}

}  // namespace postern
