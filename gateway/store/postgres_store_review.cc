// PostgresStore: the review workflow (listing with filters, claims, resolutions, user
// reports, appeals, stats) and accounts. A claim or decision locks its item's row
// (FOR UPDATE) for the transaction, so two instances deciding one item serialize and
// the second sees the first's outcome.
#include "gateway/base/util.h"
#include "gateway/store/postgres_store_internal.h"

namespace postern {

namespace {

const std::string kItemJoin = " FROM review_items r JOIN shares s ON s.id = r.share_id";

Status StrikesInWindow(PgConnection* c, const std::string& user, const StrikePolicy& p, int* n) {
  PgQuery q(c, "SELECT COUNT(*) FROM strikes WHERE user_id=$1 AND cleared=0 AND created_at >= $2");
  q.Bind(user).Bind(NowSeconds() - int64_t{p.strike_window_days} * 86400);
  if (q.Step()) *n = q.Int(0);
  return q.status();
}

Status LoadAccount(PgConnection* c, const std::string& user, const StrikePolicy& p, Account* a) {
  a->user_id = user;
  {
    PgQuery q(c, "SELECT status, deactivated_at FROM accounts WHERE user_id=$1");
    q.Bind(user);
    if (q.Step()) {
      ParseEnum(q.Text(0), &a->status);
      a->deactivated_at = q.Int64(1);
    }
    RETURN_IF_ERROR(q.status());
  }
  RETURN_IF_ERROR(StrikesInWindow(c, user, p, &a->strikes_in_window));
  PgQuery q(c, "SELECT COUNT(*) FROM strikes WHERE user_id=$1 AND cleared=0");
  q.Bind(user);
  if (q.Step()) a->strikes_total = q.Int(0);
  return q.status();
}

// Runs an UPDATE of one statement and says whether it changed a row.
Status RunChanged(PgQuery& q, bool* changed) {
  RETURN_IF_ERROR(q.Run());
  *changed = q.Affected() > 0;
  return Status::OK();
}

}  // namespace

Status PgAuditIn(PgConnection* c, const std::string& actor, const std::string& action,
                 const std::string& target, const json& detail) {
  PgQuery q(c, "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES($1,$2,$3,$4,$5)");
  return q.Bind(actor).Bind(action).Bind(target).Bind(detail.dump()).Bind(NowSeconds()).Run();
}

Status PostgresStore::ListReview(const ReviewFilter& f, const Page& page, std::vector<ReviewItem>* out,
                                 std::string* next_cursor) {
  int64_t after = f.newest_first ? INT64_MAX : 0;
  if (!page.cursor.empty()) {
    try { after = std::stoll(page.cursor); } catch (...) {
      return Status::InvalidCursor("cursor is not valid");
    }
  }
  WITH_PG(c);
  // plugins and codes are small JSON arrays; jsonb's ? keeps the filter exact.
  PgQuery q(c, std::string("SELECT ") + kReviewCols + ", " + kShareCols + kItemJoin +
                   " WHERE r.status = $1" + (f.newest_first ? " AND r.seq < $2" : " AND r.seq > $2") +
                   " AND ($3::text = '' OR r.plugins::jsonb ? $3::text)"
                   " AND ($4::text = '' OR r.codes::jsonb ? $4::text)"
                   " AND ($5::text = '' OR s.user_id = $5::text)"
                   " AND ($6::text = '' OR strpos(',' || $6::text || ',', ',' || r.source || ',') > 0)"
                   " AND r.created_at <= $7 ORDER BY r.seq " + (f.newest_first ? "DESC" : "ASC") + " LIMIT $8");
  q.Bind(EnumName(f.status)).Bind(after).Bind(f.plugin).Bind(f.code).Bind(f.user_id).Bind(f.source)
      .Bind(NowSeconds() - f.min_age_s).Bind(page.limit + 1);
  return ReadPage(q, page.limit, out, next_cursor, [](auto& row, std::string* cursor) {
    *cursor = std::to_string(row.Int64(0));
    return ReadReviewRow(row);
  });
}

Status PostgresStore::GetReviewItem(const std::string& share_id, ReviewItem* out) {
  WITH_PG(c);
  PgQuery q(c, std::string("SELECT ") + kReviewCols + ", " + kShareCols + kItemJoin + " WHERE r.share_id = $1");
  q.Bind(share_id);
  if (!q.Step()) return q.ok() ? Status::NotFound("no review item for share " + share_id) : q.status();
  *out = ReadReviewRow(q);
  return PgLoadShareDetails(c, &out->share);
}

Status PostgresStore::ListPendingEvidence(const std::string& plugin, int limit,
                                          std::vector<std::pair<std::string, json>>* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT c.share_id, c.evidence FROM review_items r JOIN check_results c ON c.share_id = r.share_id "
               "WHERE r.status = 'pending' AND c.plugin = $1 ORDER BY r.seq DESC LIMIT $2");
  q.Bind(plugin).Bind(limit);
  while (q.Step()) {
    json evidence = json::parse(q.Text(1), nullptr, false);
    out->emplace_back(q.Text(0), evidence.is_object() ? evidence : json::object());
  }
  return q.status();
}

Status PostgresStore::ClaimReview(const std::string& share_id, const std::string& actor, int ttl_s) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  const int64_t now = NowSeconds();
  {
    // The row lock makes a concurrent claim on another instance wait, then see this one.
    PgQuery q(c, "SELECT status, claimed_by, claim_expires_at FROM review_items WHERE share_id=$1 FOR UPDATE");
    q.Bind(share_id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no review item for share " + share_id) : q.status();
    if (q.Text(0) != "pending") return Status::AlreadyDecided("this item was already " + q.Text(0));
    if (q.Int64(2) > now && q.Text(1) != actor)
      return Status::ClaimedByOther("claimed by " + q.Text(1) + " until " + IsoTime(q.Int64(2)));
  }
  {
    PgQuery q(c, "UPDATE review_items SET claimed_by=$1, claim_expires_at=$2 WHERE share_id=$3");
    RETURN_IF_ERROR(q.Bind(actor).Bind(now + ttl_s).Bind(share_id).Run());
  }
  RETURN_IF_ERROR(PgAuditIn(c, actor, "review.claim", share_id, {{"ttl_s", ttl_s}}));
  return txn.Commit();
}

Status PostgresStore::ReleaseReview(const std::string& share_id, const std::string& actor) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  PgQuery q(c, "UPDATE review_items SET claimed_by='', claim_expires_at=0 "
               "WHERE share_id=$1 AND claimed_by=$2 AND status='pending'");
  bool changed = false;
  RETURN_IF_ERROR(RunChanged(q.Bind(share_id).Bind(actor), &changed));
  if (!changed) return Status::NotFound("you hold no claim on " + share_id);
  RETURN_IF_ERROR(PgAuditIn(c, actor, "review.release", share_id, json::object()));
  return txn.Commit();
}

Status PostgresStore::ResolveReview(const ReviewResolution& r, ReviewOutcome* outcome) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  const int64_t now = NowSeconds();
  ReviewItem item;
  {
    PgQuery q(c, std::string("SELECT ") + kReviewCols + ", " + kShareCols + kItemJoin +
                     " WHERE r.share_id = $1 FOR UPDATE OF r");
    q.Bind(r.share_id);
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
    PgQuery q(c, "UPDATE review_items SET status=$1, note=$2, reason_code=$3, decided_by=$4, decided_at=$5, "
                 "claimed_by='', claim_expires_at=0 WHERE share_id=$6");
    RETURN_IF_ERROR(q.Bind(outcome_name).Bind(r.note).Bind(r.reason_code).Bind(r.actor).Bind(now).Bind(r.share_id).Run());
  }
  // Per-plugin outcomes for precision: confirm = true positive, overturn = false positive.
  for (const auto& plugin : item.plugins) {
    PgQuery q(c, "INSERT INTO review_history(share_id, plugin, outcome, created_at) VALUES($1,$2,$3,$4)");
    RETURN_IF_ERROR(q.Bind(r.share_id).Bind(plugin).Bind(outcome_name).Bind(now).Run());
  }
  {
    PgQuery q(c, "UPDATE shares SET decision=$1, updated_at=$2 WHERE id=$3");
    RETURN_IF_ERROR(q.Bind(EnumName(r.share_decision)).Bind(now).Bind(r.share_id).Run());
  }
  if (r.add_strike) {
    PgQuery q(c, "INSERT INTO strikes(user_id, share_id, created_at) VALUES($1,$2,$3)");
    RETURN_IF_ERROR(q.Bind(user).Bind(r.share_id).Bind(now).Run());
  }
  if (r.lift_strike) {
    PgQuery q(c, "UPDATE strikes SET cleared=1 WHERE share_id=$1");
    RETURN_IF_ERROR(q.Bind(r.share_id).Run());
  }
  if (r.take_down) {
    PgQuery h(c, "UPDATE feed_posts SET hidden=1, hidden_by_reports=0 WHERE share_id=$1");
    RETURN_IF_ERROR(h.Bind(r.share_id).Run());
    PgQuery q(c, std::string("SELECT ") + kDeliveryCols + " FROM deliveries WHERE share_id=$1 AND status='delivered'");
    q.Bind(r.share_id);
    while (q.Step()) outcome->to_remove.push_back(ReadDeliveryRow(q));
    RETURN_IF_ERROR(q.status());
    PgQuery p(c, "UPDATE deliveries SET status='dead', last_error='removed after a confirmed report', updated_at=$1 "
                 "WHERE share_id=$2 AND status='pending'");
    RETURN_IF_ERROR(p.Bind(now).Bind(r.share_id).Run());
  }
  if (r.restore_post) {
    PgQuery q(c, "UPDATE feed_posts SET hidden=0, hidden_by_reports=0 WHERE share_id=$1 AND hidden_by_reports=1");
    RETURN_IF_ERROR(q.Bind(r.share_id).Run());
  }
  RETURN_IF_ERROR(PgInsertPendingDeliveries(c, r.share_id, r.deliver_to, now));
  // Account standing follows the strikes in the window, in this same transaction.
  int in_window = 0;
  RETURN_IF_ERROR(StrikesInWindow(c, user, r.policy, &in_window));
  if (r.add_strike && in_window >= r.policy.strikes_to_deactivate) {
    PgQuery q(c, "INSERT INTO accounts(user_id, status, deactivated_at, updated_at) VALUES($1, 'deactivated', $2, $3) "
                 "ON CONFLICT(user_id) DO UPDATE SET status='deactivated', deactivated_at=excluded.deactivated_at, "
                 "updated_at=excluded.updated_at WHERE accounts.status <> 'deactivated'");
    bool changed = false;
    RETURN_IF_ERROR(RunChanged(q.Bind(user).Bind(now).Bind(now), &changed));
    if (changed)
      RETURN_IF_ERROR(PgAuditIn(c, "system", "account.deactivate", user,
                                {{"strikes_in_window", in_window}, {"share_id", r.share_id}}));
  }
  if (r.lift_strike && in_window < r.policy.strikes_to_deactivate) {
    PgQuery a(c, "UPDATE accounts SET status='active', deactivated_at=0, updated_at=$1 "
                 "WHERE user_id=$2 AND status='deactivated'");
    bool changed = false;
    RETURN_IF_ERROR(RunChanged(a.Bind(now).Bind(user), &changed));
    if (changed) RETURN_IF_ERROR(PgAuditIn(c, "system", "account.reactivate", user, {{"appeal", r.share_id}}));
  }
  RETURN_IF_ERROR(PgAuditIn(c, r.actor, std::string("review.") + EnumName(r.action), r.share_id,
                            {{"note", r.note}, {"reason_code", r.reason_code}, {"source", EnumName(item.source)}}));
  RETURN_IF_ERROR(LoadAccount(c, user, r.policy, &outcome->account));
  return txn.Commit();
}

Status PostgresStore::ReportPost(const std::string& id, const std::string& reporter,
                                 const std::string& reason, int hide_after, std::string* share_id,
                                 int* distinct, bool* hidden) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  const int64_t now = NowSeconds();
  {
    PgQuery q(c, "SELECT s.id FROM shares s LEFT JOIN feed_posts f ON f.share_id = s.id "
                 "WHERE (s.id = $1 OR f.id = $1) AND s.decision = 'approved'");
    q.Bind(id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no published post with id " + id) : q.status();
    *share_id = q.Text(0);
  }
  {
    PgQuery q(c, "INSERT INTO reports(share_id, reporter_id, reason, created_at) VALUES($1,$2,$3,$4) "
                 "ON CONFLICT DO NOTHING");
    RETURN_IF_ERROR(q.Bind(*share_id).Bind(reporter).Bind(reason).Bind(now).Run());
  }
  {
    // One item per post (the unique share_id): a new pending item, or a decided one reopened.
    PgQuery q(c, "INSERT INTO review_items(share_id, status, source, created_at, plugins, codes) "
                 "VALUES($1, 'pending', 'reported', $2, '[\"user_report\"]', '[\"user_report\"]') "
                 "ON CONFLICT(share_id) DO UPDATE SET status='pending', source='reported', created_at=$2, "
                 "note='', decided_by='', decided_at=0, plugins='[\"user_report\"]', codes='[\"user_report\"]' "
                 "WHERE review_items.status <> 'pending'");
    RETURN_IF_ERROR(q.Bind(*share_id).Bind(now).Run());
  }
  {
    PgQuery q(c, "SELECT COUNT(*) FROM reports WHERE share_id=$1");
    q.Bind(*share_id);
    if (q.Step()) *distinct = q.Int(0);
    RETURN_IF_ERROR(q.status());
  }
  *hidden = false;
  if (*distinct >= hide_after) {
    PgQuery q(c, "UPDATE feed_posts SET hidden=1, hidden_by_reports=1 WHERE share_id=$1 AND hidden=0");
    RETURN_IF_ERROR(q.Bind(*share_id).Run());
    *hidden = true;
  }
  RETURN_IF_ERROR(PgAuditIn(c, reporter, "report.create", *share_id, {{"reason", reason}, {"reporters", *distinct}}));
  return txn.Commit();
}

Status PostgresStore::Appeal(const std::string& user_id, std::string* share_id) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  {
    PgQuery q(c, "SELECT share_id FROM appeals WHERE user_id=$1");
    q.Bind(user_id);
    if (q.Step()) return Status::AppealUsed("this account already appealed (share " + q.Text(0) + ")");
    RETURN_IF_ERROR(q.status());
  }
  {
    PgQuery q(c, "SELECT r.share_id" + kItemJoin +
                     " WHERE s.user_id=$1 AND r.status='confirmed' ORDER BY r.decided_at DESC, r.seq DESC LIMIT 1");
    q.Bind(user_id);
    if (!q.Step()) return q.ok() ? Status::NotFound("no confirmed violation to appeal") : q.status();
    *share_id = q.Text(0);
  }
  const int64_t now = NowSeconds();
  {
    PgQuery q(c, "UPDATE review_items SET status='pending', source='appeal', created_at=$1, decided_by='', "
                 "decided_at=0 WHERE share_id=$2");
    RETURN_IF_ERROR(q.Bind(now).Bind(*share_id).Run());
  }
  {
    // appeals.user_id is the primary key: a concurrent second appeal fails here whole.
    PgQuery q(c, "INSERT INTO appeals(user_id, share_id, created_at) VALUES($1,$2,$3) ON CONFLICT DO NOTHING");
    bool changed = false;
    RETURN_IF_ERROR(RunChanged(q.Bind(user_id).Bind(*share_id).Bind(now), &changed));
    if (!changed) return Status::AppealUsed("this account already appealed");
  }
  RETURN_IF_ERROR(PgAuditIn(c, user_id, "account.appeal", *share_id, json::object()));
  return txn.Commit();
}

Status PostgresStore::ReviewStats(json* out) {
  WITH_PG(c);
  json plugins = json::object();
  {
    PgQuery q(c, "SELECT j.value, COUNT(*) FROM review_items r, jsonb_array_elements_text(r.plugins::jsonb) j "
                 "GROUP BY j.value");
    while (q.Step()) plugins[q.Text(0)] = {{"flagged", q.Int64(1)}, {"confirmed", 0}, {"overturned", 0}};
    RETURN_IF_ERROR(q.status());
  }
  {
    PgQuery q(c, "SELECT plugin, outcome, COUNT(*) FROM review_history GROUP BY plugin, outcome");
    while (q.Step()) {
      auto& p = plugins[q.Text(0)];
      if (!p.contains("flagged")) p = {{"flagged", 0}, {"confirmed", 0}, {"overturned", 0}};
      p[q.Text(1)] = q.Int64(2);
    }
    RETURN_IF_ERROR(q.status());
  }
  PgQuery q(c, "SELECT (SELECT COUNT(*) FROM shares), "
               "(SELECT COUNT(*) FROM review_items WHERE source IN ('rejected','held','appeal')), "
               "(SELECT COUNT(*) FROM review_items WHERE status='pending')");
  if (!q.Step()) return q.ok() ? Status::Unavailable("no stats row") : q.status();
  *out = ReviewStatsJson(plugins, q.Int64(0), q.Int64(1), q.Int64(2));
  return Status::OK();
}

Status PostgresStore::ReviewQueueDepth(int64_t* depth, int64_t* oldest_created_at) {
  WITH_PG(c);
  PgQuery q(c, "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM review_items WHERE status='pending'");
  if (q.Step()) {
    *depth = q.Int64(0);
    *oldest_created_at = q.Int64(1);
  }
  return q.status();
}

Status PostgresStore::ListReports(const std::string& share_id, int limit, std::vector<UserReport>* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT reporter_id, reason, created_at FROM reports WHERE share_id=$1 "
               "ORDER BY created_at, reporter_id COLLATE \"C\" LIMIT $2");
  q.Bind(share_id).Bind(limit);
  while (q.Step()) out->push_back({share_id, q.Text(0), q.Text(1), q.Int64(2)});
  return q.status();
}

Status PostgresStore::GetAppeal(const std::string& user_id, bool* found, AppealRecord* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT share_id, created_at FROM appeals WHERE user_id=$1");
  q.Bind(user_id);
  *found = q.Step();
  if (*found) *out = {user_id, q.Text(0), q.Int64(1)};
  return q.status();
}

Status PostgresStore::GetAccount(const std::string& user_id, const StrikePolicy& policy, Account* out) {
  WITH_PG(c);
  return LoadAccount(c, user_id, policy, out);
}

Status PostgresStore::ReinstateAccount(const std::string& user_id, const std::string& actor) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  const int64_t now = NowSeconds();
  {
    PgQuery q(c, "INSERT INTO accounts(user_id, status, updated_at) VALUES($1, 'active', $2) "
                 "ON CONFLICT(user_id) DO UPDATE SET status='active', deactivated_at=0, updated_at=excluded.updated_at");
    RETURN_IF_ERROR(q.Bind(user_id).Bind(now).Run());
  }
  {
    PgQuery q(c, "UPDATE strikes SET cleared=1 WHERE user_id=$1 AND cleared=0");
    RETURN_IF_ERROR(q.Bind(user_id).Run());
  }
  RETURN_IF_ERROR(PgAuditIn(c, actor, "account.reinstate", user_id, json::object()));
  return txn.Commit();
}

}  // namespace postern
